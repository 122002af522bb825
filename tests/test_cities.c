/* The whole real corpus (the PDFs of ../shared/corpus/cities/ and of ../shared/corpus/) through
 * `yusuan run`, against what was checked by hand: the .keys files of tests/fixtures/cities/ and
 * tests/fixtures/corpus-identity.tsv. Skipped when ../shared is absent.
 *
 * Two ratchets: tests/ratchet/cities-reading.txt (unit name, year, kind, table kinds) and
 * tests/ratchet/cities-figures.txt (the key figures: .keys `metric` and `prior` lines, to the
 * cent) list the (document, check) pairs known to fail today. A test fails on any failure not in
 * its list, and on any listed pair that passes now: the lists only shrink, and must be brought up
 * to date when the reader improves or a .keys file lands. `YS_RATCHET_WRITE=1 build/tests/
 * test_cities` rewrites both lists to what fails now (read the diff before committing it). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <stdarg.h>

#include "base/text.h"
#include "support.h"

#define MAXF 64

/* ---- a CSV (RFC 4180, as our writers write it) as rows of fields ---- */

struct table {
	char ***rows;   /* rows[i][j], NULL-terminated per row */
	size_t n;
	char **head;
	size_t nhead;
};

static void parse_csv(const char *text, struct table *t)
{
	memset(t, 0, sizeof *t);
	size_t cap = 0;
	const char *p = text;
	while (*p) {
		char **row = calloc(MAXF + 1, sizeof *row);
		size_t nf = 0;
		for (;;) {
			size_t fcap = 64, fl = 0;
			char *f = malloc(fcap);
			if (*p == '"') {
				p++;
				for (; *p; p++) {
					if (*p == '"' && p[1] == '"')
						p++;
					else if (*p == '"') {
						p++;
						break;
					}
					if (fl + 2 > fcap)
						f = realloc(f, fcap *= 2);
					f[fl++] = *p;
				}
			}
			while (*p && *p != ',' && *p != '\n') {
				if (fl + 2 > fcap)
					f = realloc(f, fcap *= 2);
				f[fl++] = *p++;
			}
			f[fl] = '\0';
			if (nf < MAXF)
				row[nf++] = f;
			else
				free(f);
			if (*p == ',') {
				p++;
				continue;
			}
			if (*p == '\n')
				p++;
			break;
		}
		if (!t->head) {
			t->head = row;
			t->nhead = nf;
			continue;
		}
		if (t->n == cap)
			t->rows = realloc(t->rows, (cap = cap ? cap * 2 : 256) * sizeof *t->rows);
		t->rows[t->n++] = row;
	}
}

static int col(const struct table *t, const char *name)
{
	for (size_t j = 0; j < t->nhead; j++)
		if (!strcmp(t->head[j], name))
			return (int)j;
	cr_assert_fail("no column %s", name);
	return -1;
}

static void free_csv(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (char **f = t->rows[i]; *f; f++)
			free(*f);
		free(t->rows[i]);
	}
	free(t->rows);
	if (t->head) {
		for (char **f = t->head; *f; f++)
			free(*f);
		free(t->head);
	}
}

/* ---- what was checked by hand ---- */

struct expect {
	char doc[160];
	char unit[400], kind[40];
	int year;
	int have_unit, have_year, have_kind;
	char (*lines)[4][400]; /* what key value where: the .keys lines other than unit/year/kind */
	size_t nlines;
	unsigned long long keys_hash; /* FNV-1a of its .keys file (0: none) */
	unsigned char *on_page;       /* per line: a `table` line's kind has a fact on its page */
	int pages;                    /* the PDF's pages (MANIFEST.tsv), 0: unknown */
	int beyond;                   /* a fact's source names a page past the last */
};

static struct expect ex[128];
static size_t nex;

static struct expect *expect_of(const char *doc)
{
	for (size_t i = 0; i < nex; i++)
		if (!strcmp(ex[i].doc, doc))
			return &ex[i];
	if (nex == sizeof ex / sizeof ex[0])
		return NULL;
	struct expect *e = &ex[nex++];
	memset(e, 0, sizeof *e);
	snprintf(e->doc, sizeof e->doc, "%s", doc);
	return e;
}

/* Tab-separated fields of a line into f (at most n); returns how many. */
static size_t tabs(char *line, char **f, size_t n)
{
	size_t k = 0;
	for (char *s = line; k < n;) {
		f[k++] = s;
		char *t = strchr(s, '\t');
		if (!t)
			break;
		*t = '\0';
		s = t + 1;
	}
	return k;
}

static void load_keys(const char *path, const char *doc, int identity_only)
{
	size_t tn;
	char *text = ys_slurp(path, &tn);
	if (!text)
		return;
	struct expect *e = expect_of(doc);
	if (e && !identity_only) {
		unsigned long long h = 1469598103934665603ull;
		for (size_t i = 0; i < tn; i++)
			h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
		e->keys_hash = h;
	}
	for (char *line = strtok(text, "\n"); line && e; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !line[0])
			continue;
		char *f[6];
		size_t k = tabs(line, f, 6);
		if (identity_only) { /* corpus-identity.tsv: doc unit year kind */
			if (k < 4)
				continue;
			struct expect *x = expect_of(f[0]);
			if (x && !x->have_unit) {
				snprintf(x->unit, sizeof x->unit, "%s", f[1]);
				x->year = atoi(f[2]);
				snprintf(x->kind, sizeof x->kind, "%s", f[3]);
				x->have_unit = x->have_year = x->have_kind = 2; /* (2: ours, a .keys line wins) */
			}
			continue;
		}
		if (k < 3)
			continue;
		if (!strcmp(f[0], "unit")) {
			snprintf(e->unit, sizeof e->unit, "%s", f[2]);
			e->have_unit = 1;
		} else if (!strcmp(f[0], "year")) {
			e->year = atoi(f[2]);
			e->have_year = 1;
		} else if (!strcmp(f[0], "kind")) {
			snprintf(e->kind, sizeof e->kind, "%s", f[2]);
			e->have_kind = 1;
		} else if (!strcmp(f[0], "table") || !strcmp(f[0], "metric") || !strcmp(f[0], "prior")) {
			e->lines = realloc(e->lines, (e->nlines + 1) * sizeof *e->lines);
			for (int j = 0; j < 4; j++)
				snprintf(e->lines[e->nlines][j], sizeof e->lines[0][0], "%s",
					 (size_t)j < k ? f[j] : "");
			e->nlines++;
		}
	}
	free(text);
}

/* `beijing-04_附件2：….pdf` → `beijing-04`; `x.pdf` → `x`. */
static void doc_id(const char *path, char *out, size_t n)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	snprintf(out, n, "%s", b);
	char *dot = strstr(out, ".pdf");
	if (dot)
		*dot = '\0';
	char *us = strchr(out, '_');
	if (us)
		*us = '\0';
	char *keys = strstr(out, ".keys");
	if (keys)
		*keys = '\0';
}

static void load_expectations(void)
{
	nex = 0;
	char dir[1100];
	snprintf(dir, sizeof dir, "%s/tests/fixtures/cities", YS_SOURCE_DIR);
	DIR *dp = opendir(dir);
	for (struct dirent *de; dp && (de = readdir(dp));) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".keys"))
			continue;
		char path[1500], doc[160];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		doc_id(de->d_name, doc, sizeof doc);
		load_keys(path, doc, 0);
	}
	if (dp)
		closedir(dp);
	char path[1100];
	snprintf(path, sizeof path, "%s/tests/fixtures/corpus-identity.tsv", YS_SOURCE_DIR);
	load_keys(path, "", 1);
	/* the pages of each city PDF: file, province, pages, … */
	const char *man = ys_shared("corpus/cities/MANIFEST.tsv");
	char *text = man ? ys_slurp(man, NULL) : NULL;
	for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char *f[4], doc[160];
		if (tabs(line, f, 4) < 3 || atoi(f[2]) <= 0)
			continue;
		doc_id(f[0], doc, sizeof doc);
		struct expect *e = expect_of(doc);
		if (e)
			e->pages = atoi(f[2]);
	}
	free(text);
}

/* Which `table` lines of the .keys files have a fact of their kind on their first page, and
 * whether a fact names a page past the document's last (`file.pdf:PAGE:LINE`): the page a
 * figure links to is the page a reviewer opens. */
static void mark_pages(const struct table *facts)
{
	int ft = col(facts, "table"), fs = col(facts, "source");
	for (size_t i = 0; i < nex; i++) {
		free(ex[i].on_page);
		ex[i].on_page = calloc(ex[i].nlines + 1, 1);
	}
	char last[1200] = "";
	struct expect *e = NULL;
	for (size_t i = 0; i < facts->n; i++) {
		char **row = facts->rows[i];
		const char *src = row[fs];
		const char *pdf = strstr(src, ".pdf:");
		if (!pdf)
			continue;
		size_t pl = (size_t)(pdf - src) + 4;
		if (pl >= sizeof last)
			continue;
		if (strncmp(last, src, pl) || last[pl]) {
			memcpy(last, src, pl);
			last[pl] = '\0';
			char doc[160];
			doc_id(last, doc, sizeof doc);
			e = NULL;
			for (size_t k = 0; k < nex; k++)
				if (!strcmp(ex[k].doc, doc))
					e = &ex[k];
		}
		if (!e)
			continue;
		int page = atoi(pdf + 5);
		if (e->pages && page > e->pages)
			e->beyond = page;
		for (size_t j = 0; j < e->nlines; j++)
			if (!strcmp(e->lines[j][0], "table") && !strcmp(e->lines[j][1], row[ft]) &&
			    atoi(e->lines[j][3]) == page)
				e->on_page[j] = 1;
	}
}

/* ---- the run ---- */

struct results {
	struct table reading, metrics, facts;
	char *facts_text;
	size_t facts_len;
};

static int run_corpus(struct results *r)
{
	const char *cities = ys_shared("corpus/cities");
	const char *corpus = ys_shared("corpus");
	if (!cities || !corpus)
		return 0;
	char cdir[1100], kdir[1100];
	snprintf(cdir, sizeof cdir, "%s", cities);
	snprintf(kdir, sizeof kdir, "%s", corpus);
	const char *argv[64];
	size_t k = 0;
	argv[k++] = "run";
	argv[k++] = cdir;
	static char pdfs[16][1400];
	size_t np = 0;
	DIR *dp = opendir(kdir);
	for (struct dirent *de; dp && (de = readdir(dp)) && np < 16;) {
		size_t l = strlen(de->d_name);
		if (l > 4 && !strcmp(de->d_name + l - 4, ".pdf")) {
			snprintf(pdfs[np], sizeof pdfs[np], "%s/%s", kdir, de->d_name);
			argv[k++] = pdfs[np++];
		}
	}
	if (dp)
		closedir(dp);
	const char *dir = ys_scratch();
	static char out[1100];
	snprintf(out, sizeof out, "%s/out", dir);
	argv[k++] = "-o";
	argv[k++] = out;
	argv[k++] = "--charts";
	argv[k++] = "none";
	argv[k++] = "-q";
	argv[k++] = "-j";
	argv[k++] = "2";
	argv[k] = NULL;
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL, argv), 0);
	cr_assert(p.status == 0 || p.status == 1, "yusuan run: status %d\n%s", p.status, p.err);
	ys_proc_free(&p);
	char path[1200];
	snprintf(path, sizeof path, "%s/reading.csv", out);
	char *t = ys_slurp(path, NULL);
	cr_assert_not_null(t, "no reading.csv");
	parse_csv(t, &r->reading);
	free(t);
	snprintf(path, sizeof path, "%s/metrics.csv", out);
	t = ys_slurp(path, NULL);
	cr_assert_not_null(t);
	parse_csv(t, &r->metrics);
	free(t);
	snprintf(path, sizeof path, "%s/facts.csv", out);
	r->facts_text = ys_slurp(path, &r->facts_len);
	cr_assert_not_null(r->facts_text);
	parse_csv(r->facts_text, &r->facts);
	return 1;
}

static void free_results(struct results *r)
{
	free_csv(&r->reading);
	free_csv(&r->metrics);
	free_csv(&r->facts);
	free(r->facts_text);
}

/* ---- the ratchet ---- */

struct fails {
	char (*v)[2][200]; /* doc, check */
	char (*why)[1400];
	size_t n;
};

static void fail_add(struct fails *f, const char *doc, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail_add(struct fails *f, const char *doc, const char *check, const char *fmt, ...)
{
	f->v = realloc(f->v, (f->n + 1) * sizeof *f->v);
	f->why = realloc(f->why, (f->n + 1) * sizeof *f->why);
	snprintf(f->v[f->n][0], sizeof f->v[0][0], "%s", doc);
	snprintf(f->v[f->n][1], sizeof f->v[0][1], "%s", check);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->why[f->n], sizeof f->why[0], fmt, ap);
	va_end(ap);
	f->n++;
}

static int fail_has(const struct fails *f, const char *doc, const char *check)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i][0], doc) && !strcmp(f->v[i][1], check))
			return 1;
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	const char (*x)[200] = a, (*y)[200] = b;
	int c = strcmp(x[0], y[0]);
	return c ? c : strcmp(x[1], y[1]);
}

/* Compares the failures with the list in tests/ratchet/NAME: fails on what is new and on what is
 * fixed (both listed in the message), or rewrites the list under YS_RATCHET_WRITE=1. The list
 * records each .keys file it was made against (`@keys DOC HASH`): a document whose .keys file
 * landed or changed since is reported, not enforced, until the list is rewritten — so that the
 * checkers landing .keys files are not stopped by figures the reader does not read yet. */
static void ratchet(const char *name, const char *what, struct fails *now)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/tests/ratchet/%s", YS_SOURCE_DIR, name);
	if (getenv("YS_RATCHET_WRITE")) {
		char (*pairs)[2][200] = malloc((now->n + 1) * sizeof *pairs);
		memcpy(pairs, now->v, now->n * sizeof *pairs);
		qsort(pairs, now->n, sizeof *pairs, cmp_pair);
		FILE *fp = fopen(path, "w");
		cr_assert_not_null(fp);
		fprintf(fp, "# %s\n# (document, check) pairs known to fail: tests/test_cities.c fails on a failure not\n"
			    "# listed here and on a listed pair that passes. Rewritten by YS_RATCHET_WRITE=1\n"
			    "# build/tests/test_cities; %zu pairs. `@keys DOC HASH`: the .keys files it was made against.\n",
			what, now->n);
		char (*docs)[160] = malloc((nex + 1) * sizeof *docs);
		size_t nd = 0;
		for (size_t i = 0; i < nex; i++)
			if (ex[i].keys_hash)
				snprintf(docs[nd++], sizeof docs[0], "%.159s", ex[i].doc);
		qsort(docs, nd, sizeof *docs, (int (*)(const void *, const void *))strcmp);
		for (size_t i = 0; i < nd; i++)
			fprintf(fp, "@keys\t%s\t%016llx\n", docs[i], expect_of(docs[i])->keys_hash);
		free(docs);
		for (size_t i = 0; i < now->n; i++)
			if (!i || cmp_pair(pairs[i], pairs[i - 1]))
				fprintf(fp, "%s\t%s\n", pairs[i][0], pairs[i][1]);
		fclose(fp);
		free(pairs);
		return;
	}
	struct fails listed = { 0 }, made = { 0 };
	char *text = ys_slurp(path, NULL);
	for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !line[0])
			continue;
		char *f[3];
		size_t k = tabs(line, f, 3);
		if (k == 3 && !strcmp(f[0], "@keys"))
			fail_add(&made, f[1], f[2], "%s", "");
		else if (k == 2)
			fail_add(&listed, f[0], f[1], "%s", "");
	}
	free(text);
	/* documents whose .keys file is newer than the list: reported only, as information (Criterion
	 * exits 1 from a run that logs a warning, which blocked landings whenever a checker landed keys) */
	char (*stale)[160] = malloc((nex + 1) * sizeof *stale);
	size_t ns = 0;
	for (size_t i = 0; i < nex; i++) {
		char h[40];
		snprintf(h, sizeof h, "%016llx", ex[i].keys_hash);
		if (ex[i].keys_hash && !fail_has(&made, ex[i].doc, h))
			snprintf(stale[ns++], sizeof stale[0], "%.159s", ex[i].doc);
	}
	char *msg = malloc(1 << 20);
	size_t w = 0, cap = 1 << 20;
	size_t nnew = 0, nfixed = 0, nstale = 0;
	for (size_t i = 0; i < now->n; i++) {
		if (fail_has(&listed, now->v[i][0], now->v[i][1]))
			continue;
		int st = 0;
		for (size_t j = 0; j < ns && !st; j++)
			st = !strcmp(stale[j], now->v[i][0]);
		if (st) {
			nstale++;
			cr_log_info("%s\t%s\t(%s): the .keys file is newer than tests/ratchet/%s", now->v[i][0],
				    now->v[i][1], now->why[i], name);
			continue;
		}
		nnew++;
		if (w + 1600 < cap)
			w += (size_t)snprintf(msg + w, cap - w, "  new failure: %s\t%s\t(%s)\n",
					      now->v[i][0], now->v[i][1], now->why[i]);
	}
	for (size_t i = 0; i < listed.n; i++) {
		int st = 0;
		for (size_t j = 0; j < ns && !st; j++)
			st = !strcmp(stale[j], listed.v[i][0]);
		if (!st && !fail_has(now, listed.v[i][0], listed.v[i][1])) {
			nfixed++;
			if (w + 1000 < cap)
				w += (size_t)snprintf(msg + w, cap - w, "  passes now (remove it): %s\t%s\n",
						      listed.v[i][0], listed.v[i][1]);
		}
	}
	cr_log_info("%s: %zu failures, %zu listed in tests/ratchet/%s, %zu on .keys files newer than the list",
		    what, now->n, listed.n, name, nstale);
	cr_expect(nnew == 0 && nfixed == 0,
		  "tests/ratchet/%s is out of date: %zu new failures, %zu listed pairs pass now "
		  "(YS_RATCHET_WRITE=1 build/tests/test_cities rewrites the list):\n%s",
		  name, nnew, nfixed, msg);
	free(msg);
	free(stale);
	free(listed.v);
	free(listed.why);
	free(made.v);
	free(made.why);
}

/* ---- the checks ---- */

static int norm_eq(const char *a, const char *b)
{
	char x[600], y[600];
	text_norm(a, strlen(a), x, sizeof x);
	text_norm(b, strlen(b), y, sizeof y);
	return !strcmp(x, y);
}

static int has_key(const char *list, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = list; (p = strstr(p, key)); p += n)
		if ((p == list || p[-1] == ';') && (p[n] == ';' || p[n] == '\0'))
			return 1;
	return 0;
}

/* A decimal (万元) as millionths: 0 when it is not one. */
static int micro(const char *s, long long *v)
{
	int neg = *s == '-';
	s += neg;
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	long long x = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		x = x * 10 + (*s - '0');
	int dec = 0;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (dec == 6) {
				if (*s != '0')
					return 0;
				continue;
			}
			x = x * 10 + (*s - '0');
			dec++;
		}
	if (*s)
		return 0;
	for (; dec < 6; dec++)
		x *= 10;
	*v = neg ? -x : x;
	return 1;
}

Test(cities, unit_year_kind_and_tables, .timeout = 600)
{
	struct results r;
	if (!run_corpus(&r))
		cr_skip_test("../shared/corpus is absent: the corpus tests are skipped");
	load_expectations();
	int cf = col(&r.reading, "file"), cn = col(&r.reading, "unit_name"), cy = col(&r.reading, "year"),
	    ck = col(&r.reading, "doc_kind"), cfound = col(&r.reading, "tables_found"),
	    cempty = col(&r.reading, "tables_stated_empty");
	struct fails now = { 0 };
	size_t docs = 0;
	mark_pages(&r.facts);
	for (size_t i = 0; i < r.reading.n; i++) {
		char **row = r.reading.rows[i];
		char doc[160];
		doc_id(row[cf], doc, sizeof doc);
		docs++;
		const char *name = row[cn];
		if (!name[0] || strstr(name, "未具名单位") || strstr(name, "部分"))
			fail_add(&now, doc, "unit", "no proper unit name: '%s'", name);
		struct expect *e = expect_of(doc);
		if (!e || !e->have_unit)
			cr_expect(0, "%s: no unit/year/kind checked by hand (tests/fixtures/corpus-identity.tsv)", doc);
		else if (!norm_eq(name, e->unit) && !fail_has(&now, doc, "unit"))
			fail_add(&now, doc, "unit", "unit '%s', checked '%s'", name, e->unit);
		if (e && e->have_year && atoi(row[cy]) != e->year)
			fail_add(&now, doc, "year", "year '%s', checked %d", row[cy], e->year);
		if (e && e->have_kind && strcmp(row[ck], e->kind))
			fail_add(&now, doc, "kind", "kind '%s', checked '%s'", row[ck], e->kind);
		for (size_t j = 0; e && j < e->nlines; j++) {
			const char *what = e->lines[j][0], *key = e->lines[j][1], *val = e->lines[j][2];
			if (strcmp(what, "table"))
				continue;
			char check[900];
			snprintf(check, sizeof check, "table:%s", key);
			int found = has_key(row[cfound], key), empty = has_key(row[cempty], key);
			if (!strcmp(val, "printed") && !found)
				fail_add(&now, doc, check, "printed (p. %s), not read%s", e->lines[j][3],
					 empty ? " (taken for stated empty)" : "");
			else if (!strcmp(val, "empty") && !found && !empty)
				fail_add(&now, doc, check, "stated empty (p. %s), neither read nor seen empty",
					 e->lines[j][3]);
			else if (!strcmp(val, "absent") && found)
				fail_add(&now, doc, check, "absent from the document, but read");
			else if (!strcmp(val, "printed") && found && e->on_page && !e->on_page[j]) {
				snprintf(check, sizeof check, "page:%s", key);
				fail_add(&now, doc, check, "read, but no figure of it on its first page %s",
					 e->lines[j][3]);
			}
		}
		if (e && e->beyond)
			fail_add(&now, doc, "pages", "a figure's source is page %d of a %d-page PDF",
				 e->beyond, e->pages);
	}
	cr_expect(docs >= 42, "%zu documents read", docs);
	/* facts.csv is valid UTF-8 (cells are never cut inside a character): per document, by the
	 * file of each row's source */
	int fsrc = col(&r.facts, "source");
	for (size_t i = 0; i < r.facts.n; i++) {
		char **row = r.facts.rows[i];
		for (char **f = row; *f; f++) {
			size_t l = strlen(*f);
			if (text_utf8_valid_prefix((const unsigned char *)*f, l) == l)
				continue;
			char src[1200], doc[160];
			snprintf(src, sizeof src, "%s", row[fsrc]);
			char *pdf = strstr(src, ".pdf");
			if (pdf)
				pdf[4] = '\0';
			doc_id(src, doc, sizeof doc);
			if (!fail_has(&now, doc, "utf8"))
				fail_add(&now, doc, "utf8", "facts.csv row %zu: a cell is not valid UTF-8", i + 2);
			break;
		}
	}
	ratchet("cities-reading.txt", "unit name, year, kind, table kinds of the real corpus", &now);
	free(now.v);
	free(now.why);
	free_results(&r);
}

Test(cities, key_figures_to_the_cent, .timeout = 600)
{
	struct results r;
	if (!run_corpus(&r))
		cr_skip_test("../shared/corpus is absent: the corpus tests are skipped");
	load_expectations();
	int cf = col(&r.reading, "file"), cc = col(&r.reading, "unit_code"), cn = col(&r.reading, "unit_name"),
	    cy = col(&r.reading, "year"), ck = col(&r.reading, "doc_kind");
	int mc = col(&r.metrics, "unit_code"), mn = col(&r.metrics, "unit_name"), my = col(&r.metrics, "year"),
	    mk = col(&r.metrics, "doc_kind");
	int fc = col(&r.facts, "unit_code"), fn = col(&r.facts, "unit_name"), fy = col(&r.facts, "year"),
	    fk = col(&r.facts, "doc_kind"), ft = col(&r.facts, "table"), frc = col(&r.facts, "row_code"),
	    fcol = col(&r.facts, "column"), fa = col(&r.facts, "amount");
	struct fails now = { 0 };
	size_t checked = 0;
	for (size_t i = 0; i < r.reading.n; i++) {
		char **row = r.reading.rows[i];
		char doc[160];
		doc_id(row[cf], doc, sizeof doc);
		struct expect *e = expect_of(doc);
		if (!e)
			continue;
		char **mrow = NULL;
		for (size_t m = 0; m < r.metrics.n && !mrow; m++) {
			char **x = r.metrics.rows[m];
			if (!strcmp(x[mc], row[cc]) && !strcmp(x[mn], row[cn]) && !strcmp(x[my], row[cy]) &&
			    !strcmp(x[mk], row[ck]))
				mrow = x;
		}
		for (size_t j = 0; j < e->nlines; j++) {
			const char *what = e->lines[j][0], *key = e->lines[j][1], *val = e->lines[j][2];
			char check[900];
			snprintf(check, sizeof check, "%s:%s", what, key);
			long long want, got;
			if (!strcmp(what, "metric")) {
				checked++;
				int k = -1;
				for (size_t h = 0; h < r.metrics.nhead; h++)
					if (!strcmp(r.metrics.head[h], key))
						k = (int)h;
				const char *have = mrow && k >= 0 ? mrow[k] : "";
				if (!micro(val, &want))
					cr_expect(0, "%s: metric %s: '%s' is not an amount", doc, key, val);
				else if (!micro(have, &got) || got != want)
					fail_add(&now, doc, check, "read '%s', checked %s (p. %s)", have, val,
						 e->lines[j][3]);
			} else if (!strcmp(what, "prior")) {
				checked++;
				/* the first narrative prior of that subject: the one the analyses use */
				const char *have = "";
				for (size_t q = 0; q < r.facts.n && !have[0]; q++) {
					char **x = r.facts.rows[q];
					if (!strcmp(x[ft], "narrative") && !strcmp(x[frc], key) &&
					    !strcmp(x[fcol], "prior") && !strcmp(x[fc], row[cc]) &&
					    !strcmp(x[fn], row[cn]) && !strcmp(x[fy], row[cy]) && !strcmp(x[fk], row[ck]))
						have = x[fa];
				}
				if (!micro(val, &want))
					cr_expect(0, "%s: prior %s: '%s' is not an amount", doc, key, val);
				else if (!micro(have, &got) || got != want)
					fail_add(&now, doc, check, "narrative prior '%s', checked %s (p. %s)", have,
						 val, e->lines[j][3]);
			}
		}
	}
	cr_log_info("%zu key figures checked", checked);
	ratchet("cities-figures.txt", "key figures (.keys metric and prior lines) of the real corpus", &now);
	free(now.v);
	free(now.why);
	free_results(&r);
}
