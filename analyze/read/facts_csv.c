/* Reading facts CSV with libcsv (strict), counting physical lines ourselves for messages. */
#include "facts_csv.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "../base/text.h"
#include "tables.h"

#define NFIELDS 11

static const char *const header[NFIELDS] = { "unit_code", "unit_name", "year", "doc_kind",
					     "table", "row_code", "row_name", "column",
					     "amount", "unit_note", "source" };

struct slot {
	uint64_t h;
	size_t idx;
	int used;
};

struct rd {
	const char *path;
	struct doc **docs;
	size_t *ndocs;
	size_t cap;                /* room in *docs (doubled: a facts CSV may hold 10,000 documents) */
	size_t first;              /* docs of this file start here */
	struct doc *diag;
	char *f[NFIELDS];
	size_t nf;
	int too_many;
	long line;                 /* physical line being fed */
	long rec_line;             /* where the current record began */
	long records;
	int header_ok;
	int fatal;
	struct slot *map;
	size_t nmap, mapn;
	struct seen *seen;         /* every fact so far: a repeat with another amount contradicts */
	size_t nseen, capseen;
	/* streaming (facts_csv_stream): *docs holds only the open document; a row of another one
	 * hands it to emit, and only the hashes of the documents handed out are kept */
	int (*emit)(struct doc *d, void *arg);
	void *arg;
	uint64_t cur_h;
	uint64_t *closed;          /* open addressing, 0 = empty */
	size_t nclosed, capclosed;
	int interleaved;           /* a row of a document handed out already */
};

struct seen {
	uint64_t h;                /* XXH3 of document, table, row, column and source; 0 = empty */
	int64_t amount;
	long line;
};

/* Looks the fact up; returns the earlier entry, or NULL after adding it. */
static struct seen *seen_check(struct rd *r, uint64_t h, int64_t amount, long line)
{
	if (h == 0)
		h = 1;
	if (2 * (r->nseen + 1) > r->capseen) {
		size_t cap = r->capseen ? r->capseen * 2 : 1024;
		struct seen *nv = calloc(cap, sizeof *nv);
		if (!nv)
			return NULL;
		for (size_t i = 0; i < r->capseen; i++)
			if (r->seen[i].h) {
				size_t j = r->seen[i].h & (cap - 1);
				while (nv[j].h)
					j = (j + 1) & (cap - 1);
				nv[j] = r->seen[i];
			}
		free(r->seen);
		r->seen = nv;
		r->capseen = cap;
	}
	size_t j = h & (r->capseen - 1);
	while (r->seen[j].h) {
		if (r->seen[j].h == h)
			return &r->seen[j];
		j = (j + 1) & (r->capseen - 1);
	}
	r->seen[j] = (struct seen){ h, amount, line };
	r->nseen++;
	return NULL;
}

static void cb_field(void *s, size_t len, void *data)
{
	struct rd *r = data;
	if (r->nf >= NFIELDS) {
		r->too_many = 1;
		return;
	}
	char *c = malloc(len + 1);
	if (!c)
		return;
	memcpy(c, s, len);
	c[len] = '\0';
	r->f[r->nf++] = c;
}

static int valid_kind(const char *k)
{
	static const char *const kinds[] = { "", "budget", "final", "budget/unit", "budget/department",
					     "final/unit", "final/department" };
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(k, kinds[i]))
			return 1;
	return 0;
}

int facts_csv_source(const char *src, char *file, size_t n, int *page, int *line)
{
	const char *c = strrchr(src, ':');
	if (!c || !c[1])
		return -1;
	char *end;
	errno = 0;
	long l = strtol(c + 1, &end, 10);
	if (errno || *end || l < 0 || l > 100000000)
		return -1;
	*line = (int)l;
	*page = 0;
	size_t flen = (size_t)(c - src);
	/* `file:page:line` */
	const char *c2 = NULL;
	for (const char *p = c - 1; p >= src && p > src; p--) {
		if (*p == ':') {
			c2 = p;
			break;
		}
		if (*p < '0' || *p > '9')
			break;
	}
	if (c2 && c2 + 1 < c) {
		long pg = strtol(c2 + 1, &end, 10);
		if (end == c && pg > 0 && pg < 1000000) {
			*page = (int)pg;
			flen = (size_t)(c2 - src);
		}
	}
	if (flen == 0 || flen >= n)
		return -1;
	memcpy(file, src, flen);
	file[flen] = '\0';
	return 0;
}

static int closed_has(const struct rd *r, uint64_t h)
{
	if (!r->capclosed)
		return 0;
	h = h ? h : 1;
	for (size_t j = h & (r->capclosed - 1); r->closed[j]; j = (j + 1) & (r->capclosed - 1))
		if (r->closed[j] == h)
			return 1;
	return 0;
}

static int closed_add(struct rd *r, uint64_t h)
{
	h = h ? h : 1;
	if (2 * (r->nclosed + 1) > r->capclosed) {
		size_t cap = r->capclosed ? r->capclosed * 2 : 1024;
		uint64_t *nv = calloc(cap, sizeof *nv);
		if (!nv)
			return -1;
		for (size_t i = 0; i < r->capclosed; i++)
			if (r->closed[i]) {
				size_t j = r->closed[i] & (cap - 1);
				while (nv[j])
					j = (j + 1) & (cap - 1);
				nv[j] = r->closed[i];
			}
		free(r->closed);
		r->closed = nv;
		r->capclosed = cap;
	}
	size_t j = h & (r->capclosed - 1);
	while (r->closed[j])
		j = (j + 1) & (r->capclosed - 1);
	r->closed[j] = h;
	r->nclosed++;
	return 0;
}

/* Hands the open document to emit; -1 when that failed. A fact repeats only within its own
 * document (the document is part of what is compared), so the facts seen start afresh. */
static int stream_flush(struct rd *r)
{
	if (!*r->ndocs)
		return 0;
	*r->ndocs = 0;
	if (closed_add(r, r->cur_h) != 0)
		return -1;
	if (r->seen)
		memset(r->seen, 0, r->capseen * sizeof *r->seen);
	r->nseen = 0;
	return r->emit(&(*r->docs)[0], r->arg);
}

static struct doc *doc_stream(struct rd *r, uint64_t h, const char *file, const char *code,
			      const char *name, int year, const char *kind)
{
	if (*r->ndocs) {
		struct doc *d = &(*r->docs)[0];
		if (r->cur_h == h && !strcmp(d->path, file) && !strcmp(d->unit_code, code) &&
		    !strcmp(d->unit_name, name) && d->year == year && !strcmp(d->doc_kind, kind))
			return d;
	}
	if (closed_has(r, h)) {
		r->interleaved = 1;
		return NULL;
	}
	if (stream_flush(r) != 0)
		return NULL;
	if (!*r->docs) {
		*r->docs = calloc(1, sizeof **r->docs);
		if (!*r->docs)
			return NULL;
	}
	struct doc *d = &(*r->docs)[0];
	if (doc_init(d, file) != YS_OK)
		return NULL;
	d->format = FMT_CSV;
	d->unit_code = facts_intern(&d->facts, code);
	d->unit_name = facts_intern(&d->facts, name);
	d->doc_kind = facts_intern(&d->facts, kind);
	d->year = year;
	r->cur_h = h;
	*r->ndocs = 1;
	return d;
}

static struct doc *doc_for(struct rd *r, const char *key, size_t keylen, const char *file,
			   const char *code, const char *name, int year, const char *kind)
{
	uint64_t h = XXH3_64bits(key, keylen);
	if (r->emit)
		return doc_stream(r, h, file, code, name, year, kind);
	if (r->mapn * 2 >= r->nmap) {
		size_t nn = r->nmap ? r->nmap * 2 : 64;
		struct slot *nm = calloc(nn, sizeof *nm);
		if (!nm)
			return NULL;
		for (size_t i = 0; i < r->nmap; i++)
			if (r->map[i].used) {
				size_t j = r->map[i].h & (nn - 1);
				while (nm[j].used)
					j = (j + 1) & (nn - 1);
				nm[j] = r->map[i];
			}
		free(r->map);
		r->map = nm;
		r->nmap = nn;
	}
	size_t j = h & (r->nmap - 1);
	while (r->map[j].used) {
		if (r->map[j].h == h) {
			struct doc *d = &(*r->docs)[r->map[j].idx];
			if (!strcmp(d->path, file) && !strcmp(d->unit_code, code) &&
			    !strcmp(d->unit_name, name) && d->year == year && !strcmp(d->doc_kind, kind))
				return d;
		}
		j = (j + 1) & (r->nmap - 1);
	}
	if (*r->ndocs == r->cap) {
		size_t cap = r->cap < 16 ? 16 : r->cap * 2;
		struct doc *nd = realloc(*r->docs, cap * sizeof *nd);
		if (!nd)
			return NULL;
		*r->docs = nd;
		r->cap = cap;
	}
	struct doc *d = &(*r->docs)[*r->ndocs];
	if (doc_init(d, file) != YS_OK)
		return NULL;
	d->format = FMT_CSV;
	d->unit_code = facts_intern(&d->facts, code);
	d->unit_name = facts_intern(&d->facts, name);
	d->doc_kind = facts_intern(&d->facts, kind);
	d->year = year;
	r->map[j].used = 1;
	r->map[j].h = h;
	r->map[j].idx = (*r->ndocs)++;
	r->mapn++;
	return d;
}

static void row(struct rd *r)
{
	long line = r->rec_line;
	if (!r->header_ok) {
		int ok = r->nf == NFIELDS && !r->too_many;
		for (size_t i = 0; ok && i < NFIELDS; i++) {
			const char *h = r->f[i];
			if (i == 0 && (unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB &&
			    (unsigned char)h[2] == 0xBF)
				h += 3;
			ok = strcmp(h, header[i]) == 0;
		}
		if (!ok) {
			r->fatal = 1;
			return;
		}
		r->header_ok = 1;
		return;
	}
	r->records++;
	if (r->nf != NFIELDS || r->too_many) {
		doc_finding(r->diag, "bad_fact", SEV_ERROR, (int)line, 0,
			    "facts row has %zu fields, expected %d; left out",
			    r->too_many ? (size_t)NFIELDS + 1 : r->nf, NFIELDS);
		return;
	}
	/* undo the formula neutralisation of the writer */
	for (size_t i = 0; i < NFIELDS; i++) {
		char *s = r->f[i];
		if (s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@'))
			memmove(s, s + 1, strlen(s));
	}
	int year = 0;
	if (r->f[2][0]) {
		char *end;
		errno = 0;
		long y = strtol(r->f[2], &end, 10);
		if (errno || *end || y < 1949 || y > 2200) {
			doc_finding(r->diag, "bad_fact", SEV_ERROR, (int)line, 0,
				    "year '%s' is not a year; row left out", r->f[2]);
			return;
		}
		year = (int)y;
	}
	if (!valid_kind(r->f[3])) {
		doc_finding(r->diag, "bad_fact", SEV_ERROR, (int)line, 0,
			    "doc_kind '%s' is not budget/final[/unit|/department]; row left out", r->f[3]);
		return;
	}
	enum money_unit u;
	if (money_unit_from_name(r->f[9], &u) != 0) {
		doc_finding(r->diag, "bad_fact", SEV_ERROR, (int)line, 0,
			    "unit_note '%s' is not 元, 千元, 万元, %% or 个; row left out", r->f[9]);
		return;
	}
	int64_t v;
	enum money_unit pu = u == MU_PCT ? MU_PCT : u == MU_COUNT ? MU_COUNT : MU_WAN;
	enum ys_err e = money_parse(r->f[8], strlen(r->f[8]), pu, &v, NULL);
	if (e != YS_OK || !r->f[8][0]) {
		doc_finding(r->diag, "bad_fact", SEV_ERROR, (int)line, 0,
			    "amount '%s' is not a number%s; row left out", r->f[8],
			    e == YS_ERANGE ? " that fits (too large or too precise)" : "");
		return;
	}
	char file[600];
	int page, sline;
	if (facts_csv_source(r->f[10], file, sizeof file, &page, &sline) != 0) {
		/* a fact from elsewhere (a finance system's export): its source is this CSV row */
		snprintf(file, sizeof file, "%s", r->path);
		page = 0;
		sline = (int)line;
	}
	int known = !strcmp(r->f[4], "narrative");
	for (size_t i = 0; i < tables_nkeys && !known; i++)
		known = !strcmp(r->f[4], tables_keys[i]);
	if (!known) {
		doc_finding(r->diag, "bad_fact", SEV_ERROR, (int)line, 0,
			    "table '%s' is not a table key of DOMAIN.md nor narrative; row left out",
			    r->f[4]);
		return;
	}
	char key[2048];
	int kl = snprintf(key, sizeof key, "%s\x1f%s\x1f%s\x1f%d\x1f%s", file, r->f[0], r->f[1], year,
			  r->f[3]);
	if (kl < 0 || (size_t)kl >= sizeof key)
		kl = (int)sizeof key - 1;
	struct doc *d = doc_for(r, key, (size_t)kl, file, r->f[0], r->f[1], year, r->f[3]);
	if (!d) {
		r->fatal = 1;
		return;
	}
	/* the same fact (document, table, row, column, source) twice */
	/* (one hash over the fields put together, as the streaming state would give it, without a
	 * state allocated for every row: that was a tenth of reading a facts CSV) */
	char hb[4096];
	size_t hl = (size_t)kl;
	memcpy(hb, key, hl);
	for (int k = 4; k <= 10 && hl; k++) {
		if (k == 8)
			k = 10;
		size_t fl = strlen(r->f[k]) + 1;
		if (hl + fl > sizeof hb)
			hl = 0;
		else {
			memcpy(hb + hl, r->f[k], fl);
			hl += fl;
		}
	}
	XXH3_state_t *xs = hl ? NULL : XXH3_createState();
	uint64_t h = hl ? XXH3_64bits(hb, hl) : 0;
	if (xs) {
		XXH3_64bits_reset(xs);
		XXH3_64bits_update(xs, key, (size_t)kl);
		for (int k = 4; k <= 7; k++)
			XXH3_64bits_update(xs, r->f[k], strlen(r->f[k]) + 1);
		XXH3_64bits_update(xs, r->f[10], strlen(r->f[10]) + 1);
		h = XXH3_64bits_digest(xs);
		XXH3_freeState(xs);
	}
	struct seen *prev = xs || hl ? seen_check(r, h, v, line) : NULL;
	if (prev) {
		char b1[32], b2[32];
		if (prev->amount != v)
			doc_finding(r->diag, "contradictory_fact", SEV_ERROR, (int)line, 0,
				    "the fact of line %ld again with another amount (%s, there %s); row left out",
				    prev->line, money_format(v, 2, b1), money_format(prev->amount, 2, b2));
		else
			doc_finding(r->diag, "bad_fact", SEV_WARNING, (int)line, 0,
				    "repeats the fact of line %ld; row left out", prev->line);
		return;
	}
	struct fact f = doc_fact_template(d, r->f[4]);
	f.row_code = r->f[5];
	f.row_name = r->f[6];
	f.column = r->f[7];
	f.amount = v;
	f.unit_note = u;
	f.line = sline;
	f.page = page;
	facts_add(&d->facts, &f);
	/* the tables a document disclosed, for completeness */
	if (strcmp(r->f[4], "narrative") != 0) {
		size_t ti = 0;
		for (; ti < d->ntables; ti++)
			if (!strcmp(d->tables[ti].key, r->f[4]))
				break;
		if (ti == d->ntables)
			ti = doc_add_table(d, r->f[4], "", sline, page, u);
		if (ti != (size_t)-1) {
			if (!strcmp(r->f[7], "stated_empty"))
				doc_table_empty(d, ti, sline, page);
			else
				d->tables[ti].rows++;
		}
	}
}

static void cb_row(int c, void *data)
{
	(void)c;
	struct rd *r = data;
	if (!r->fatal)
		row(r);
	for (size_t i = 0; i < r->nf; i++)
		free(r->f[i]);
	r->nf = 0;
	r->too_many = 0;
	r->rec_line = r->line + 1;
}

enum ys_err facts_csv_read(const char *path, struct doc **docs, size_t *ndocs, struct doc *diag,
			   struct ys_error *err)
{
	unsigned char *buf;
	size_t n;
	enum ys_err e = doc_slurp(path, 0, &buf, &n, err);
	if (e)
		return e;
	return facts_csv_read_buffer(path, buf, n, docs, ndocs, diag, err);
}

enum ys_err facts_csv_read_buffer(const char *path, unsigned char *buf, size_t n, struct doc **docs,
				  size_t *ndocs, struct doc *diag, struct ys_error *err)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(buf);
		return YS_ENOMEM;
	}
	struct rd r = { 0 };
	r.path = path;
	r.docs = docs;
	r.ndocs = ndocs;
	r.cap = *ndocs;
	r.first = *ndocs;
	r.diag = diag;
	r.line = 1;
	r.rec_line = 1;
	size_t off = 0;
	if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		off = 3;
	if (text_utf8_valid_prefix(buf, n) != n) {
		ys_error_set(err, path, 0, "facts CSV is not UTF-8");
		csv_free(&p);
		free(buf);
		return YS_EENC;
	}
	/* feed one physical line at a time so that messages can say which line */
	while (off < n && !r.fatal) {
		unsigned char *nl = memchr(buf + off, '\n', n - off);
		size_t len = nl ? (size_t)(nl - (buf + off)) + 1 : n - off;
		if (csv_parse(&p, buf + off, len, cb_field, cb_row, &r) != len) {
			ys_error_set(err, path, r.line, "broken CSV: %s", csv_strerror(csv_error(&p)));
			r.fatal = 2;
			break;
		}
		off += len;
		r.line++;
	}
	if (!r.fatal && csv_fini(&p, cb_field, cb_row, &r) != 0) {
		ys_error_set(err, path, r.rec_line, "broken CSV at end of file: %s",
			     csv_strerror(csv_error(&p)));
		r.fatal = 2;
	}
	for (size_t i = 0; i < r.nf; i++)
		free(r.f[i]);
	csv_free(&p);
	free(buf);
	free(r.map);
	free(r.seen);
	if (r.fatal) {
		/* a file that cannot be trusted as a whole gives no documents at all */
		while (*ndocs > r.first)
			doc_free(&(*docs)[--*ndocs]);
	}
	if (r.fatal == 1 && !r.header_ok) {
		ys_error_set(err, path, 1, "not a facts CSV: the header must be %s",
			     "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source");
		return YS_EPARSE;
	}
	if (r.fatal)
		return r.fatal == 2 ? YS_EPARSE : YS_ENOMEM;
	if (!r.header_ok) {
		ys_error_set(err, path, 1, "empty facts CSV (no header)");
		return YS_EEMPTY;
	}
	return YS_OK;
}

enum ys_err facts_csv_stream(const char *path, int fd, struct doc *diag,
			     int (*emit)(struct doc *d, void *arg), void *arg, int *interleaved,
			     struct ys_error *err)
{
	*interleaved = 0;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return YS_ENOMEM;
	struct doc *docs = NULL;
	size_t ndocs = 0;
	struct rd r = { 0 };
	r.path = path;
	r.docs = &docs;
	r.ndocs = &ndocs;
	r.diag = diag;
	r.line = 1;
	r.rec_line = 1;
	r.emit = emit;
	r.arg = arg;
	enum ys_err rc = YS_OK;
	/* the file a chunk at a time; whole physical lines are fed (and checked as UTF-8: a line
	 * ends at an ASCII byte, so no character spans two), the rest waits for the next chunk */
	size_t cap = 1 << 20, have = 0;
	unsigned char *buf = malloc(cap);
	off_t at = 0;
	int first = 1, eof = 0;
	while (buf && !r.fatal && !eof) {
		if (have == cap) {
			unsigned char *nb = realloc(buf, cap * 2); /* a line longer than the buffer */
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		ssize_t got = pread(fd, buf + have, cap - have, at);
		if (got < 0) {
			ys_error_set(err, path, 0, "read error: %s", strerror(errno));
			rc = YS_EIO;
			break;
		}
		at += got;
		have += (size_t)got;
		eof = got == 0;
		size_t off = 0;
		if (first && have >= 3) {
			first = 0;
			if (buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
				off = 3;
		}
		unsigned char *last = have ? memrchr(buf + off, '\n', have - off) : NULL;
		size_t upto = eof ? have : last ? (size_t)(last - buf) + 1 : off;
		if (text_utf8_valid_prefix(buf + off, upto - off) != upto - off) {
			ys_error_set(err, path, 0, "facts CSV is not UTF-8");
			rc = YS_EENC;
			break;
		}
		while (off < upto && !r.fatal) {
			unsigned char *nl = memchr(buf + off, '\n', upto - off);
			size_t len = nl ? (size_t)(nl - (buf + off)) + 1 : upto - off;
			if (csv_parse(&p, buf + off, len, cb_field, cb_row, &r) != len) {
				ys_error_set(err, path, r.line, "broken CSV: %s", csv_strerror(csv_error(&p)));
				r.fatal = 2;
				break;
			}
			off += len;
			r.line++;
		}
		memmove(buf, buf + upto, have - upto);
		have -= upto;
	}
	if (!buf)
		rc = YS_ENOMEM;
	if (rc == YS_OK && !r.fatal && csv_fini(&p, cb_field, cb_row, &r) != 0) {
		ys_error_set(err, path, r.rec_line, "broken CSV at end of file: %s",
			     csv_strerror(csv_error(&p)));
		r.fatal = 2;
	}
	if (rc == YS_OK && !r.fatal && r.header_ok && stream_flush(&r) != 0)
		r.fatal = 1;
	for (size_t i = 0; i < r.nf; i++)
		free(r.f[i]);
	csv_free(&p);
	free(buf);
	free(r.seen);
	free(r.closed);
	if (ndocs)
		doc_free(&docs[0]);
	free(docs);
	*interleaved = r.interleaved;
	if (rc != YS_OK)
		return rc;
	if (r.fatal == 1 && !r.header_ok) {
		ys_error_set(err, path, 1, "not a facts CSV: the header must be %s",
			     "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source");
		return YS_EPARSE;
	}
	if (r.fatal)
		return r.fatal == 2 ? YS_EPARSE : YS_ENOMEM;
	if (!r.header_ok) {
		ys_error_set(err, path, 1, "empty facts CSV (no header)");
		return YS_EEMPTY;
	}
	return YS_OK;
}
