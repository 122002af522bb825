/* The fact store and the finding list: growable arrays over interned strings. */
#include "facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tables_keys[] = { "summary", "income", "expenditure", "fiscal_summary",
				    "gpb_expenditure", "gpb_basic", "sangong", "gov_fund",
				    "soe_capital", "procurement", "purchase_service", "performance" };
const size_t tables_nkeys = sizeof tables_keys / sizeof tables_keys[0];

enum ys_err facts_init(struct facts *fs, struct strpool *pool)
{
	memset(fs, 0, sizeof *fs);
	if (pool) {
		fs->pool = pool;
	} else {
		fs->pool = strpool_new();
		if (!fs->pool)
			return YS_ENOMEM;
		fs->own_pool = 1;
	}
	return YS_OK;
}

void facts_free(struct facts *fs)
{
	free(fs->v);
	if (fs->own_pool)
		strpool_free(fs->pool);
	memset(fs, 0, sizeof *fs);
}

const char *facts_intern(struct facts *fs, const char *s)
{
	return strpool_cstr(fs->pool, s);
}

enum ys_err facts_add(struct facts *fs, const struct fact *f)
{
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 256;
		struct fact *nv = realloc(fs->v, cap * sizeof *nv);
		if (!nv)
			return YS_ENOMEM;
		fs->v = nv;
		fs->cap = cap;
	}
	struct fact *d = &fs->v[fs->n];
	*d = *f;
	const char **strs[] = { &d->unit_code, &d->unit_name, &d->doc_kind, &d->table,
				&d->row_code, &d->row_name, &d->column, &d->file };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		if (*strs[i] && strpool_holds(fs->pool, *strs[i]))
			continue; /* (the document's name, kind, file: already the pool's) */
		*strs[i] = strpool_cstr(fs->pool, *strs[i]);
		if (!*strs[i])
			return YS_ENOMEM;
	}
	fs->n++;
	return YS_OK;
}

/* 分 in one unit of u (fixed point for % and counts) */
static int64_t unit_scale(enum money_unit u)
{
	switch (u) {
	case MU_YUAN: return 100;
	case MU_QIAN: return 100000;
	case MU_WAN: return 1000000;
	case MU_PCT: return 1000000;
	case MU_COUNT: return 1000000;
	}
	return 1000000;
}

static int usual_decimals(enum money_unit u)
{
	return u == MU_WAN || u == MU_PCT ? 2 : 0;
}

int fact_decimals(const struct fact *f)
{
	return f->prec ? (int)f->prec - FACT_PREC_BIAS : usual_decimals(f->unit_note);
}

unsigned char fact_prec(int dp)
{
	if (dp < -FACT_PREC_BIAS + 1)
		dp = -FACT_PREC_BIAS + 1;
	if (dp > 6)
		dp = 6;
	return (unsigned char)(dp + FACT_PREC_BIAS);
}

static int64_t ulp_of(enum money_unit u, int dp)
{
	int64_t v = unit_scale(u);
	for (; dp > 0 && v > 1; dp--)
		v /= 10;
	for (; dp < 0; dp++)
		v *= 10;
	return v;
}

int64_t fact_ulp(const struct fact *f)
{
	if (f->unit_note == MU_COUNT)
		return 0;
	return ulp_of(f->unit_note, fact_decimals(f));
}

int64_t fact_truncate(int64_t v, enum money_unit u, int dp)
{
	int64_t q = ulp_of(u, dp);
	return q > 1 ? v / q * q : v; /* (C division truncates towards zero: so do the sources) */
}

/* Decimal digits of v >= 0 written backwards ending at *end; returns the first. */
static char *digits_back(char *end, long v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

char *fact_source(const struct fact *f, char *buf, size_t n)
{
	/* by hand when it fits (once per fact written): `file:line` or `file:page:line` */
	size_t fl = strlen(f->file);
	if (f->line >= 0 && fl + 26 < n) {
		char num[32], *q = num + sizeof num;
		q = digits_back(q, f->line);
		if (f->page > 0) {
			*--q = ':';
			q = digits_back(q, f->page);
		}
		*--q = ':';
		size_t ql = (size_t)(num + sizeof num - q);
		memcpy(buf, f->file, fl);
		memcpy(buf + fl, q, ql);
		buf[fl + ql] = '\0';
		return buf;
	}
	if (f->page > 0)
		snprintf(buf, n, "%s:%d:%d", f->file, f->page, f->line);
	else
		snprintf(buf, n, "%s:%d", f->file, f->line);
	return buf;
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_INFO: return "info";
	case SEV_WARNING: return "warning";
	case SEV_ERROR: return "error";
	}
	return "?";
}

int severity_from_name(const char *s, enum severity *out)
{
	if (strcmp(s, "info") == 0)
		*out = SEV_INFO;
	else if (strcmp(s, "warning") == 0)
		*out = SEV_WARNING;
	else if (strcmp(s, "error") == 0)
		*out = SEV_ERROR;
	else
		return -1;
	return 0;
}

enum ys_err findings_add(struct findings *fl, const struct finding *f)
{
	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 16;
		struct finding *nv = realloc(fl->v, cap * sizeof *nv);
		if (!nv)
			return YS_ENOMEM;
		fl->v = nv;
		fl->cap = cap;
	}
	fl->v[fl->n++] = *f;
	return YS_OK;
}

void findings_free(struct findings *fl)
{
	free(fl->v);
	memset(fl, 0, sizeof *fl);
}
