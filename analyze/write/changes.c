/* changes.csv: the previous and the new CSVs read with libcsv, compared by key (metrics) or as
 * sets of rows (flags, audit), the differences sorted and written. */
#include "changes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "base/rowbuf.h"
#include "out_csv.h"

const char changes_csv_header[] = "change,what,unit_code,unit_name,year,doc_kind,item,old,new,detail";

/* ---- a CSV in memory ---- */

struct crow {
	char **f;         /* the fields, and after the pointers their bytes (one allocation) */
	size_t n;
	char *key;        /* the fields that identify the row, joined by \x1f */
};

struct ctab {
	char **hdr;       /* (one allocation, like a row's fields) */
	size_t nhdr;
	struct crow *rows;
	size_t nrows, cap;
	struct rowbuf cur; /* the current row's fields */
	int oom;
	int header_done;
};

static void cb_field(void *s, size_t len, void *data)
{
	struct ctab *t = data;
	/* a --excel BOM before the first header cell */
	if (!t->header_done && t->cur.n == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s = (char *)s + 3;
		len -= 3;
	}
	if (rowbuf_add(&t->cur, s, len) != 0)
		t->oom = 1;
}

/* The current row's fields as one allocation: the pointers, then the bytes. */
static char **row_fields(struct ctab *t)
{
	const struct rowbuf *r = &t->cur;
	char **f = malloc(r->n * sizeof *f + r->ntext + 1);
	if (!f)
		return NULL;
	char *base = (char *)(f + r->n);
	if (r->ntext)
		memcpy(base, r->text, r->ntext);
	for (size_t i = 0; i < r->n; i++)
		f[i] = base + r->at[i];
	return f;
}

static void cb_row(int ch, void *data)
{
	(void)ch;
	struct ctab *t = data;
	char **f = row_fields(t);
	if (!f) {
		t->oom = 1;
	} else if (!t->header_done) {
		t->hdr = f;
		t->nhdr = t->cur.n;
		t->header_done = 1;
	} else {
		if (t->nrows == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 256;
			struct crow *nv = realloc(t->rows, cap * sizeof *nv);
			if (!nv) {
				t->oom = 1;
				free(f);
				goto reset;
			}
			t->rows = nv;
			t->cap = cap;
		}
		t->rows[t->nrows++] = (struct crow){ f, t->cur.n, NULL };
	}
reset:
	rowbuf_clear(&t->cur);
}

static void ctab_free(struct ctab *t)
{
	free(t->hdr);
	for (size_t r = 0; r < t->nrows; r++) {
		free(t->rows[r].f);
		free(t->rows[r].key);
	}
	free(t->rows);
	rowbuf_free(&t->cur);
	memset(t, 0, sizeof *t);
}

/* Reads path; 1 when it is there and parsed, 0 when absent, -1 on error. */
static int ctab_read(const char *path, struct ctab *t, struct ys_error *err)
{
	memset(t, 0, sizeof *t);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		if (errno == ENOENT)
			return 0;
		ys_error_set(err, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		return -1;
	}
	char buf[65536];
	size_t n;
	int rc = 1;
	while (rc == 1 && (n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&p, buf, n, cb_field, cb_row, t) != n)
			rc = -1;
	if (rc == 1 && csv_fini(&p, cb_field, cb_row, t) != 0)
		rc = -1;
	if (rc == -1)
		ys_error_set(err, path, 0, "%s", csv_strerror(csv_error(&p)));
	csv_free(&p);
	fclose(fp);
	if (rc == 1 && t->oom) {
		ys_error_set(err, path, 0, "out of memory");
		rc = -1;
	}
	return rc;
}

static int col(const struct ctab *t, const char *name)
{
	for (size_t i = 0; i < t->nhdr; i++)
		if (!strcmp(t->hdr[i], name))
			return (int)i;
	return -1;
}

static const char *cell(const struct crow *r, int c)
{
	return c >= 0 && (size_t)c < r->n ? r->f[c] : "";
}

/* key = the named columns joined (all columns when names is NULL, but for `acknowledged`: a
 * finding that was acknowledged since, or whose reason was edited, is the same finding) */
static int make_keys(struct ctab *t, const char *const *names, size_t nn)
{
	int cols[16];
	int ack = names ? -1 : col(t, "acknowledged");
	for (size_t k = 0; names && k < nn; k++)
		cols[k] = col(t, names[k]);
	for (size_t r = 0; r < t->nrows; r++) {
		struct crow *w = &t->rows[r];
		size_t len = 1, m = names ? nn : w->n;
		for (size_t k = 0; k < m; k++)
			len += (int)k == ack ? 0 : strlen(names ? cell(w, cols[k]) : w->f[k]) + 1;
		w->key = malloc(len);
		if (!w->key)
			return -1;
		size_t at = 0;
		for (size_t k = 0; k < m; k++) {
			if ((int)k == ack)
				continue; /* (not even its separator: results from before the column compare) */
			const char *s = names ? cell(w, cols[k]) : w->f[k];
			size_t l = strlen(s);
			memcpy(w->key + at, s, l);
			at += l;
			w->key[at++] = '\x1f';
		}
		w->key[at] = '\0';
	}
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct crow *)a)->key, ((const struct crow *)b)->key);
}

/* ---- the differences ---- */

enum what { W_DOCUMENT, W_METRIC, W_FLAG, W_FINDING };
static const char *const what_name[] = { "document", "metric", "flag", "finding" };

struct change {
	const char *change;
	enum what what;
	char *f[8]; /* unit_code unit_name year doc_kind item old new detail */
};

struct changes {
	struct change *v;
	size_t n, cap;
	int oom;
};

static void add(struct changes *c, const char *change, enum what w, const struct crow *r,
		const int id[4], const char *item, const char *old, const char *neu, const char *detail)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct change *nv = realloc(c->v, cap * sizeof *nv);
		if (!nv) {
			c->oom = 1;
			return;
		}
		c->v = nv;
		c->cap = cap;
	}
	struct change *x = &c->v[c->n++];
	x->change = change;
	x->what = w;
	const char *src[8] = { cell(r, id[0]), cell(r, id[1]), cell(r, id[2]), cell(r, id[3]),
			       item, old, neu, detail };
	for (int i = 0; i < 8; i++) {
		x->f[i] = strdup(src[i] ? src[i] : "");
		if (!x->f[i])
			c->oom = 1;
	}
}

static void ids_of(const struct ctab *t, int id[4])
{
	id[0] = col(t, "unit_code");
	id[1] = col(t, "unit_name");
	id[2] = col(t, "year");
	id[3] = col(t, "doc_kind");
}

static const char *const doc_key[] = { "unit_code", "unit_name", "year", "doc_kind" };

/* Both tables keyed (by names, or by whole rows when names is NULL), sorted, their id columns. */
static int prepare(struct ctab *o, struct ctab *n, const char *const *names, size_t nn, int io[4],
		   int in[4])
{
	if (make_keys(o, names, nn) || make_keys(n, names, nn))
		return -1;
	/* (qsort is not given a NULL array, even of nothing) */
	if (o->nrows > 1)
		qsort(o->rows, o->nrows, sizeof *o->rows, cmp_key);
	if (n->nrows > 1)
		qsort(n->rows, n->nrows, sizeof *n->rows, cmp_key);
	ids_of(o, io);
	ids_of(n, in);
	return 0;
}

static int diff_metrics(struct ctab *o, struct ctab *n, struct changes *c)
{
	int io[4], in[4];
	if (prepare(o, n, doc_key, 4, io, in))
		return -1;
	size_t i = 0, j = 0;
	while (i < o->nrows || j < n->nrows) {
		int d = i == o->nrows ? 1 : j == n->nrows ? -1 : strcmp(o->rows[i].key, n->rows[j].key);
		if (d < 0) {
			add(c, "removed", W_DOCUMENT, &o->rows[i++], io, "", "", "", "");
		} else if (d > 0) {
			add(c, "added", W_DOCUMENT, &n->rows[j++], in, "", "", "", "");
		} else {
			/* every metric column the two have in common, in the new file's order */
			for (size_t k = 0; k < n->nhdr; k++) {
				const char *name = n->hdr[k];
				int skip = 0;
				for (int q = 0; q < 4; q++)
					skip |= !strcmp(name, doc_key[q]);
				if (skip || !strcmp(name, "group"))
					continue;
				int ok = col(o, name);
				const char *a = cell(&o->rows[i], ok), *b = cell(&n->rows[j], (int)k);
				if (ok >= 0 && strcmp(a, b))
					add(c, "changed", W_METRIC, &n->rows[j], in, name, a, b, "");
			}
			i++;
			j++;
		}
	}
	return 0;
}

/* flags and findings: rows that appear in one file only */
static int diff_sets(struct ctab *o, struct ctab *n, enum what w, struct changes *c)
{
	int io[4], in[4];
	if (prepare(o, n, NULL, 0, io, in))
		return -1;
	const char *item = w == W_FLAG ? "rule" : "check";
	const char *value = w == W_FLAG ? "value" : "actual";
	size_t i = 0, j = 0;
	while (i < o->nrows || j < n->nrows) {
		int d = i == o->nrows ? 1 : j == n->nrows ? -1 : strcmp(o->rows[i].key, n->rows[j].key);
		char detail[2400];
		if (d == 0) {
			i++;
			j++;
			continue;
		}
		const struct ctab *t = d < 0 ? o : n;
		const struct crow *r = d < 0 ? &o->rows[i++] : &n->rows[j++];
		/* a finding or flag acknowledged (known.csv) is not news when it appears; once its
		 * value changes it no longer matches its acknowledgement, and is */
		if (d > 0 && cell(r, col(t, "acknowledged"))[0])
			continue;
		const char *src = cell(r, col(t, "source"));
		snprintf(detail, sizeof detail, "%s%s%s%s", w == W_FINDING ? cell(r, col(t, "severity")) : "",
			 w == W_FINDING ? ": " : "", cell(r, col(t, "message")), "");
		if (src[0]) {
			size_t l = strlen(detail);
			snprintf(detail + l, sizeof detail - l, "（%s）", src);
		}
		const char *v = cell(r, col(t, value));
		add(c, d < 0 ? "removed" : "added", w, r, d < 0 ? io : in, cell(r, col(t, item)),
		    d < 0 ? v : "", d < 0 ? "" : v, detail);
	}
	return 0;
}

static int cmp_change(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	static const int order[] = { 0, 1, 2, 3 };
	for (int i = 0; i < 4; i++) {
		int d = strcmp(x->f[order[i]], y->f[order[i]]);
		if (d)
			return d;
	}
	if (x->what != y->what)
		return x->what < y->what ? -1 : 1;
	int d = strcmp(x->f[4], y->f[4]);
	if (d)
		return d;
	if ((d = strcmp(x->change, y->change)))
		return d;
	for (int i = 7; i >= 5; i--)
		if ((d = strcmp(x->f[i], y->f[i])))
			return d;
	return 0;
}

enum ys_err changes_write(const char *dir, const char *prev, int bom, int *had_prev, size_t *n,
			  struct ys_error *err)
{
	static const struct {
		const char *file;
		enum what w;
	} parts[] = { { "metrics.csv", W_METRIC }, { "flags.csv", W_FLAG }, { "audit.csv", W_FINDING } };
	struct changes c = { 0 };
	*had_prev = 0;
	*n = 0;
	enum ys_err rc = YS_OK;
	for (size_t k = 0; prev && k < sizeof parts / sizeof parts[0] && !rc; k++) {
		char po[4400], pn[4400];
		snprintf(po, sizeof po, "%s/%s", prev, parts[k].file);
		snprintf(pn, sizeof pn, "%s/%s", dir, parts[k].file);
		struct ctab o, t;
		int ro = ctab_read(po, &o, err);
		if (ro <= 0) {
			/* no previous results (or unreadable ones): nothing to compare with */
			ctab_free(&o);
			if (ro < 0)
				rc = YS_EIO;
			break;
		}
		int rn = ctab_read(pn, &t, err);
		if (rn <= 0) {
			ctab_free(&o);
			ctab_free(&t);
			rc = YS_EIO;
			break;
		}
		*had_prev = 1;
		int bad = parts[k].w == W_METRIC ? diff_metrics(&o, &t, &c) : diff_sets(&o, &t, parts[k].w, &c);
		ctab_free(&o);
		ctab_free(&t);
		if (bad || c.oom) {
			ys_error_set(err, pn, 0, "out of memory");
			rc = YS_ENOMEM;
		}
	}
	if (rc == YS_EIO && prev) {
		/* an unreadable previous result is no reason to fail tonight's run: compare with nothing */
		rc = YS_OK;
		*had_prev = 0;
		for (size_t i = 0; i < c.n; i++)
			for (int f = 0; f < 8; f++)
				free(c.v[i].f[f]);
		c.n = 0;
	}
	if (!*had_prev) {
		for (size_t i = 0; i < c.n; i++)
			for (int f = 0; f < 8; f++)
				free(c.v[i].f[f]);
		c.n = 0;
	}
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, cmp_change);
	char path[4400], part[4500];
	snprintf(path, sizeof path, "%s/changes.csv", dir);
	snprintf(part, sizeof part, "%s/.changes.csv.part", dir);
	FILE *fp = rc ? NULL : fopen(part, "wb");
	if (!rc && !fp) {
		ys_error_set(err, path, 0, "cannot write: %s", strerror(errno));
		rc = YS_EIO;
	}
	if (fp) {
		struct csvw w;
		csvw_init(&w, fp, bom);
		csvw_header(&w, changes_csv_header);
		for (size_t i = 0; i < c.n; i++) {
			csvw_text(&w, c.v[i].change);
			csvw_text(&w, what_name[c.v[i].what]);
			for (int f = 0; f < 8; f++)
				if (f == 2 || f == 5 || f == 6)
					csvw_value(&w, c.v[i].f[f]); /* year, old, new */
				else
					csvw_text(&w, c.v[i].f[f]);
			csvw_endrow(&w);
		}
		int bad = fclose(fp) != 0 || w.err;
		if (bad || rename(part, path) != 0) {
			ys_error_set(err, path, 0, "cannot write");
			unlink(part);
			rc = YS_EIO;
		}
		*n = c.n;
	}
	for (size_t i = 0; i < c.n; i++)
		for (int f = 0; f < 8; f++)
			free(c.v[i].f[f]);
	free(c.v);
	return rc;
}
