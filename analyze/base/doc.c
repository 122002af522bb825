/* A document in the fact store (doc.h): its record of tables and findings, and the index of its
 * facts by table and column. Moved from read/doc.c unchanged. */
#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
