/* Documents: reading files, detecting their format, metadata from title lines, and the record
 * of tables and findings every reader fills. */
#include "doc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "tables.h"

const char *doc_format_name(enum doc_format f)
{
	switch (f) {
	case FMT_AUTO: return "auto";
	case FMT_MD: return "md";
	case FMT_LAYOUT: return "layout";
	case FMT_PDF: return "pdf";
	case FMT_CSV: return "csv";
	}
	return "?";
}

int doc_format_from_name(const char *s, enum doc_format *f)
{
	static const enum doc_format all[] = { FMT_AUTO, FMT_MD, FMT_LAYOUT, FMT_PDF, FMT_CSV };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(s, doc_format_name(all[i])) == 0) {
			*f = all[i];
			return 0;
		}
	return -1;
}

enum ys_err doc_slurp(const char *path, size_t max_bytes, unsigned char **buf, size_t *n,
		      struct ys_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ys_error_set(err, path, 0, "cannot open: %s", strerror(errno));
		return YS_EIO;
	}
	size_t cap = 65536, len = 0;
	unsigned char *b = malloc(cap + 1);
	if (!b) {
		fclose(fp);
		return YS_ENOMEM;
	}
	for (;;) {
		if (len == cap) {
			if (max_bytes && len > max_bytes)
				break;
			cap *= 2;
			unsigned char *nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				fclose(fp);
				return YS_ENOMEM;
			}
			b = nb;
		}
		size_t r = fread(b + len, 1, cap - len, fp);
		len += r;
		if (r == 0)
			break;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(b);
		ys_error_set(err, path, 0, "read error");
		return YS_EIO;
	}
	if (max_bytes && len > max_bytes) {
		free(b);
		ys_error_set(err, path, 0, "file is larger than the input limit of %zu bytes; skipped",
			     max_bytes);
		return YS_ELIMIT;
	}
	b[len] = '\0';
	*buf = b;
	*n = len;
	return YS_OK;
}

static int has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), m = strlen(ext);
	if (n < m)
		return 0;
	for (size_t i = 0; i < m; i++) {
		char c = path[n - m + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != ext[i])
			return 0;
	}
	return 1;
}

enum doc_format doc_detect(const char *path, const unsigned char *buf, size_t n)
{
	if (n >= 5 && memcmp(buf, "%PDF-", 5) == 0)
		return FMT_PDF;
	size_t off = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
	if (n - off >= 19 && memcmp(buf + off, "unit_code,unit_name", 19) == 0)
		return FMT_CSV;
	if (has_ext(path, ".pdf"))
		return FMT_PDF;
	/* tab-separated rows make the seed format; space-aligned columns the layout format */
	size_t tabrows = 0, spacerows = 0;
	size_t lines = 0, nonblank = 0;
	for (size_t i = 0; i < n && lines < 4000;) {
		const unsigned char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n;
		size_t tabs = 0, gaps = 0, run = 0;
		for (size_t k = i; k < e; k++) {
			if (buf[k] == '\t')
				tabs++;
			if (buf[k] == ' ') {
				if (++run == 3)
					gaps++;
			} else {
				run = 0;
			}
		}
		if (tabs >= 2 && ++tabrows >= 3)
			return FMT_MD; /* (decided: nothing below can change it) */
		if (gaps >= 2)
			spacerows++;
		nonblank += e > i;
		lines++;
		i = e + 1;
	}
	if (spacerows >= 10 || (spacerows >= 3 && spacerows * 5 >= nonblank))
		return FMT_LAYOUT;
	return FMT_MD;
}

enum ys_err doc_init(struct doc *d, const char *path)
{
	memset(d, 0, sizeof *d);
	enum ys_err e = facts_init(&d->facts, NULL);
	if (e)
		return e;
	d->path = facts_intern(&d->facts, path);
	d->unit_code = d->unit_name = d->doc_kind = d->title = facts_intern(&d->facts, "");
	d->name_from = "";
	return YS_OK;
}

void doc_free(struct doc *d)
{
	free(d->groups);
	free(d->members);
	free(d->ident);
	findings_free(&d->findings);
	free(d->tables);
	facts_free(&d->facts);
	memset(d, 0, sizeof *d);
}

void doc_finding(struct doc *d, const char *check, enum severity sev, int line, int page,
		 const char *fmt, ...)
{
	char msg[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct finding f = { 0 };
	f.check = facts_intern(&d->facts, check);
	f.severity = sev;
	f.file = d->path;
	f.line = line;
	f.page = page;
	f.message = facts_intern(&d->facts, msg);
	findings_add(&d->findings, &f);
}

struct fact doc_fact_template(const struct doc *d, const char *table)
{
	struct fact f = { 0 };
	f.unit_code = d->unit_code;
	f.unit_name = d->unit_name;
	f.doc_kind = d->doc_kind;
	f.year = d->year;
	f.table = table;
	f.file = d->path;
	return f;
}

size_t doc_add_table(struct doc *d, const char *key, const char *title, int line, int page,
		     enum money_unit unit)
{
	struct doc_table *nt = realloc(d->tables, (d->ntables + 1) * sizeof *nt);
	if (!nt)
		return (size_t)-1;
	d->tables = nt;
	struct doc_table *t = &d->tables[d->ntables];
	memset(t, 0, sizeof *t);
	t->key = facts_intern(&d->facts, key);
	t->title = facts_intern(&d->facts, title);
	t->line = line;
	t->page = page;
	t->unit = unit;
	return d->ntables++;
}

void doc_table_empty(struct doc *d, size_t i, int line, int page)
{
	if (i >= d->ntables || d->tables[i].stated_empty)
		return;
	d->tables[i].stated_empty = 1;
	d->tables[i].note_line = line;
	d->tables[i].note_page = page;
}

/* A table's note that it is empty is kept as a fact (column `stated_empty`, amount 0, on the
 * note's line), so that it survives a facts CSV. */
static void empty_markers(struct doc *d)
{
	for (size_t i = 0; i < d->ntables; i++) {
		const struct doc_table *t = &d->tables[i];
		if (!t->stated_empty)
			continue;
		struct fact f = doc_fact_template(d, t->key);
		f.row_code = "";
		f.row_name = "表注：本表无数据";
		f.column = "stated_empty";
		f.amount = 0;
		f.unit_note = t->unit;
		f.line = t->note_line ? t->note_line : t->line;
		f.page = t->note_page;
		facts_add(&d->facts, &f);
	}
}

int doc_meta_line(struct doc *d, const char *norm, int lineno)
{
	(void)lineno;
	return ident_line(d, norm);
}

enum ys_err doc_parse_text(struct doc *d, enum doc_format fmt, char *text, size_t len,
			   struct ys_error *err)
{
	if (fmt != FMT_MD && fmt != FMT_LAYOUT) {
		ys_error_set(err, d->path, 0, "format %s is not a single text document",
			     doc_format_name(fmt));
		return YS_EUSAGE;
	}
	/* whose document it is, from the whole text, before the reader makes facts */
	ident_scan(d, text, len, fmt == FMT_MD);
	enum ys_err e = fmt == FMT_MD ? doc_md_parse(d, text, len, err) : doc_layout_parse(d, text, len, err);
	if (e == YS_OK)
		ident_finish(d);
	return e;
}

enum ys_err doc_read(const char *path, enum doc_format fmt, struct doc *d, struct ys_error *err)
{
	unsigned char *buf;
	size_t n;
	enum ys_err e = doc_slurp(path, DOC_MAX_BYTES, &buf, &n, err);
	if (e) {
		doc_init(d, path);
		return e;
	}
	return doc_read_buffer(path, buf, n, fmt, d, err);
}

enum ys_err doc_read_buffer(const char *path, unsigned char *buf, size_t n, enum doc_format fmt,
			    struct doc *d, struct ys_error *err)
{
	const size_t limit = DOC_MAX_BYTES;
	enum ys_err e = doc_init(d, path);
	if (e) {
		free(buf);
		return e;
	}
	if (fmt == FMT_AUTO)
		fmt = doc_detect(path, buf, n);
	d->format = fmt;
	if (fmt == FMT_CSV) {
		free(buf);
		ys_error_set(err, path, 0, "a facts CSV holds many documents: read it with facts_csv");
		return YS_EUSAGE;
	}
	if (fmt == FMT_PDF) {
		free(buf);
		char *text;
		size_t tn;
		e = doc_pdf_to_text(path, limit, &text, &tn, err);
		if (e)
			return e;
		struct text_decoded td;
		e = text_decode(path, (const unsigned char *)text, tn, &td, err);
		free(text);
		if (e)
			return e;
		e = doc_parse_text(d, FMT_LAYOUT, td.text, td.len, err);
		free(td.text);
		if (e == YS_OK)
			empty_markers(d);
		return e;
	}
	if (n == 0) {
		free(buf);
		ys_error_set(err, path, 0, "empty file");
		return YS_EEMPTY;
	}
	struct text_decoded td;
	e = text_decode(path, buf, n, &td, err);
	free(buf);
	if (e)
		return e;
	d->enc = td.enc;
	if (fmt == FMT_AUTO)
		fmt = doc_detect(path, (const unsigned char *)td.text, td.len);
	if (td.cut_char) {
		long line = 1;
		for (size_t i = 0; i < td.len; i++)
			line += td.text[i] == '\n';
		doc_finding(d, "truncated", SEV_ERROR, (int)line, 0,
			    "file ends inside a character: the document looks truncated");
	}
	e = doc_parse_text(d, fmt, td.text, td.len, err);
	free(td.text);
	if (e == YS_OK)
		empty_markers(d);
	return e;
}

static uint64_t pair_hash(const char *table, const char *column)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a over table NUL column */
	for (const unsigned char *p = (const unsigned char *)table; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h = (h ^ 0xFF) * 1099511628211ull;
	for (const unsigned char *p = (const unsigned char *)column; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h;
}

/* The slot of (table, column): its group, or the free slot where it would go. */
static size_t slot_of(const struct doc_group *g, size_t nslots, const char *table, const char *column,
		      uint64_t h)
{
	size_t i = (size_t)h & (nslots - 1);
	while (g[i].table &&
	       (g[i].h != h || strcmp(g[i].table, table) || strcmp(g[i].column, column)))
		i = (i + 1) & (nslots - 1);
	return i;
}

int doc_build_index(struct doc *d)
{
	free(d->groups);
	free(d->members);
	d->groups = NULL;
	d->members = NULL;
	d->nslots = 0;
	size_t n = d->facts.n;
	if (n == 0 || n > UINT32_MAX)
		return 0;
	/* slots: twice the groups at most, and a document has far fewer groups than facts */
	size_t nslots = 64;
	while (nslots < n * 2)
		nslots *= 2;
	struct doc_group *g = calloc(nslots, sizeof *g);
	uint32_t *gid = malloc(n * sizeof *gid), *members = malloc(n * sizeof *members);
	if (!g || !gid || !members) {
		free(g);
		free(gid);
		free(members);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = &d->facts.v[i];
		/* (facts of one table and column mostly come together: skip the hash for them) */
		uint64_t h = i && f->table == d->facts.v[i - 1].table && f->column == d->facts.v[i - 1].column
				     ? g[gid[i - 1]].h : pair_hash(f->table, f->column);
		size_t k = slot_of(g, nslots, f->table, f->column, h);
		if (!g[k].table) {
			g[k].table = f->table;
			g[k].column = f->column;
			g[k].h = h;
		}
		g[k].n++;
		gid[i] = (uint32_t)k;
	}
	uint32_t at = 0;
	for (size_t k = 0; k < nslots; k++) {
		g[k].start = at;
		at += g[k].n;
		g[k].n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct doc_group *x = &g[gid[i]];
		members[x->start + x->n++] = (uint32_t)i;
	}
	free(gid);
	d->groups = g;
	d->members = members;
	d->nslots = nslots;
	d->indexed = n;
	return 0;
}

void doc_iter_init(struct doc_iter *it, const struct doc *d, const char *table, const char *column)
{
	it->d = d;
	it->table = table;
	it->column = column;
	it->i = 0;
	it->grp = NULL;
	it->n = d->facts.n;
	if (d->nslots && d->indexed == d->facts.n) {
		const struct doc_group *g =
			&d->groups[slot_of(d->groups, d->nslots, table, column, pair_hash(table, column))];
		it->grp = d->members + (g->table ? g->start : 0);
		it->n = g->table ? g->n : 0;
	}
}

const struct fact *doc_iter_next(struct doc_iter *it)
{
	const struct doc *d = it->d;
	if (it->grp)
		return it->i < it->n ? &d->facts.v[it->grp[it->i++]] : NULL;
	while (it->i < it->n) {
		const struct fact *f = &d->facts.v[it->i++];
		if (!strcmp(f->table, it->table) && !strcmp(f->column, it->column))
			return f;
	}
	return NULL;
}

/* Whether text_norm would leave s as it is: valid UTF-8 with no blank, no quote and no character
 * it maps (U+00A0, U+2018–201D, U+3000–303F, the fullwidth forms). Most row names are. */
static int plain(const char *s)
{
	size_t n = 0;
	int wide = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
		unsigned char c = *p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '"' || c == '\'' ||
		    (c >= 0x80 && (c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF)))
			return 0;
		wide |= c >= 0x80;
	}
	return n < 250 && (!wide || text_utf8_valid_prefix((const unsigned char *)s, n) == n);
}

/* row name (normalised) == want */
static int name_is(const char *row_name, const char *want)
{
	if (plain(row_name))
		return !strcmp(row_name, want);
	char t[256];
	text_norm(row_name, strlen(row_name), t, sizeof t);
	return !strcmp(t, want);
}

const struct fact *doc_find(const struct doc *d, const char *table, const char *code,
			    const char *name, const char *column)
{
	struct doc_iter it;
	doc_iter_init(&it, d, table, column);
	for (const struct fact *f; (f = doc_iter_next(&it));) {
		if (code && strcmp(f->row_code, code))
			continue;
		if (name && !name_is(f->row_name, name))
			continue;
		return f;
	}
	return NULL;
}

static int is_total_name(const char *name)
{
	return name_is(name, "合计") || name_is(name, "总计");
}

const struct fact *doc_total(const struct doc *d, const char *table, const char *column)
{
	struct doc_iter it;
	doc_iter_init(&it, d, table, column);
	for (const struct fact *f; (f = doc_iter_next(&it));)
		if (!f->row_code[0] && is_total_name(f->row_name))
			return f;
	return NULL;
}
