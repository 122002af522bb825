/* Metrics of one document: which table states each one, in order of preference, and the
 * narrative as the last resort (marked so). */
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "base/text.h"

const struct metric_def metric_defs[M_COUNT] = {
	[M_INCOME_TOTAL] = { "income_total", MK_MONEY, "收入合计" },
	[M_EXPENDITURE_TOTAL] = { "expenditure_total", MK_MONEY, "支出合计" },
	[M_FISCAL_TOTAL] = { "fiscal_total", MK_MONEY, "财政拨款收入" },
	[M_GPB_TOTAL] = { "gpb_total", MK_MONEY, "一般公共预算支出" },
	[M_GOV_FUND_TOTAL] = { "gov_fund_total", MK_MONEY, "政府性基金预算支出" },
	[M_SOE_TOTAL] = { "soe_total", MK_MONEY, "国有资本经营预算支出" },
	[M_BASIC] = { "basic", MK_MONEY, "基本支出" },
	[M_PROJECT] = { "project", MK_MONEY, "项目支出" },
	[M_BASIC_SHARE] = { "basic_share", MK_SHARE, "基本支出占比" },
	[M_PROJECT_SHARE] = { "project_share", MK_SHARE, "项目支出占比" },
	[M_PERSONNEL] = { "personnel", MK_MONEY, "人员经费" },
	[M_PUBLIC_USE] = { "public_use", MK_MONEY, "公用经费" },
	[M_PERSONNEL_SHARE] = { "personnel_share", MK_SHARE, "人员经费占比" },
	[M_ECON_301] = { "econ_301", MK_MONEY, "工资福利支出" },
	[M_ECON_302] = { "econ_302", MK_MONEY, "商品和服务支出" },
	[M_ECON_303] = { "econ_303", MK_MONEY, "对个人和家庭的补助" },
	[M_ECON_310] = { "econ_310", MK_MONEY, "资本性支出" },
	[M_SANGONG_TOTAL] = { "sangong_total", MK_MONEY, "“三公”经费" },
	[M_SANGONG_ABROAD] = { "sangong_abroad", MK_MONEY, "因公出国（境）费" },
	[M_SANGONG_VEHICLE] = { "sangong_vehicle", MK_MONEY, "公务用车购置及运行维护费" },
	[M_SANGONG_VEHICLE_PURCHASE] = { "sangong_vehicle_purchase", MK_MONEY, "公务用车购置费" },
	[M_SANGONG_VEHICLE_OPERATION] = { "sangong_vehicle_operation", MK_MONEY, "公务用车运行维护费" },
	[M_SANGONG_RECEPTION] = { "sangong_reception", MK_MONEY, "公务接待费" },
	[M_MEETING] = { "meeting", MK_MONEY, "会议费" },
	[M_TRAINING] = { "training", MK_MONEY, "培训费" },
	[M_ADMIN_RUNNING] = { "admin_running", MK_MONEY, "机关运行经费" },
	[M_PROCUREMENT_TOTAL] = { "procurement_total", MK_MONEY, "政府采购预算" },
	[M_PROCUREMENT_GOODS] = { "procurement_goods", MK_MONEY, "货物类采购" },
	[M_PROCUREMENT_WORKS] = { "procurement_works", MK_MONEY, "工程类采购" },
	[M_PROCUREMENT_SERVICES] = { "procurement_services", MK_MONEY, "服务类采购" },
	[M_PURCHASE_SERVICE_TOTAL] = { "purchase_service_total", MK_MONEY, "政府购买服务" },
	[M_PROJECT_COUNT] = { "project_count", MK_COUNT, "绩效目标项目数" },
	[M_PERFORMANCE_TOTAL] = { "performance_total", MK_MONEY, "绩效目标项目资金" },
	[M_QUALITY_SCORE] = { "quality_score", MK_SCORE, "质量得分" },
};

int metric_by_key(const char *key)
{
	for (int i = 0; i < M_COUNT; i++)
		if (!strcmp(metric_defs[i].key, key))
			return i;
	return -1;
}

int64_t metrics_share(int64_t part, int64_t whole, int *ok)
{
	*ok = 1;
	if (whole == 0) {
		*ok = 0;
		return 0;
	}
	/* hundredths of a percent, then back to ×10^6 */
	int64_t bp = money_muldiv(part, 10000, whole, ok);
	return bp * 10000;
}

int64_t metrics_half_unit(enum money_unit u)
{
	switch (u) {
	case MU_YUAN: return 50;       /* 0.5 元 */
	case MU_QIAN: return 50000;    /* 0.5 千元 */
	case MU_WAN: return 5000;      /* 0.005 万元 */
	case MU_PCT: return 5000;      /* 0.005 % */
	case MU_COUNT: return 0;
	}
	return 5000;
}

/* ---- finding facts ---- */

/* The fact of a table's total row (合计/总计 with no code) in a column. */
static const struct fact *total_row(const struct doc *d, const char *table, const char *column)
{
	const struct fact *t = doc_total(d, table, column);
	if (t)
		return t;
	/* a table with no 合计 row but this unit's own row (`unit:103007`) */
	if (d->unit_code[0]) {
		struct doc_iter it;
		doc_iter_init(&it, d, table, column);
		for (const struct fact *f; (f = doc_iter_next(&it));)
			if (!strncmp(f->row_code, "unit:", 5) && !strcmp(f->row_code + 5, d->unit_code))
				return f;
	}
	return NULL;
}

/* In final accounts printing budget and outturn side by side the columns are keyed
 * `total_final`, `total_budget_initial`, `total_budget_adjusted` (or `total_budget`). */
static const struct fact *measure_row(const struct doc *d, const char *table, const char *col,
				      const char *measure)
{
	char k[64];
	snprintf(k, sizeof k, "%s_%s", col, measure);
	return total_row(d, table, k);
}

static const struct fact *narrative(const struct doc *d, const char *key, const char *column)
{
	return doc_find(d, "narrative", key, NULL, column);
}

static int table_stated_empty(const struct doc *d, const char *key)
{
	for (size_t i = 0; i < d->ntables; i++)
		if (!strcmp(d->tables[i].key, key) && d->tables[i].stated_empty)
			return 1;
	return 0;
}

static struct mxval *x_find(const struct docsum *s, enum mx set, int metric)
{
	for (size_t i = 0; i < s->nx; i++)
		if (s->x[i].set == set && s->x[i].metric == metric)
			return &s->x[i];
	return NULL;
}

const struct mval *docsum_x(const struct docsum *s, enum mx set, int metric)
{
	static const struct mval none;
	const struct mxval *x = x_find(s, set, metric);
	return x ? &x->v : &none;
}

struct mval *docsum_x_slot(struct docsum *s, enum mx set, int metric)
{
	struct mxval *x = x_find(s, set, metric);
	if (x)
		return &x->v;
	struct mxval *nv = realloc(s->x, (s->nx + 1) * sizeof *nv);
	if (!nv)
		return NULL;
	s->x = nv;
	nv[s->nx] = (struct mxval){ (unsigned char)set, (unsigned char)metric, { 0 } };
	return &nv[s->nx++].v;
}

static void set(struct mval *m, const struct fact *f, int narr)
{
	if (m->has || !f)
		return;
	m->has = 1;
	m->v = f->amount;
	m->file = f->file;
	m->line = f->line;
	m->page = f->page;
	m->from_narrative = (unsigned char)narr;
	m->unit = (unsigned char)f->unit_note;
	m->prec = f->prec;
}

/* set() for a figure of another set: a slot only when there is a value for it */
static int xset(struct docsum *s, enum mx which, int metric, const struct fact *f, int narr)
{
	if (!f || docsum_x(s, which, metric)->has)
		return 0;
	struct mval *m = docsum_x_slot(s, which, metric);
	if (!m)
		return -1;
	set(m, f, narr);
	return 0;
}

static void set_zero_if_empty(struct mval *m, const struct doc *d, const char *table)
{
	if (m->has || !table_stated_empty(d, table))
		return;
	for (size_t i = 0; i < d->ntables; i++)
		if (!strcmp(d->tables[i].key, table)) {
			m->has = 1;
			m->v = 0;
			m->file = d->path;
			m->line = d->tables[i].line;
			m->page = d->tables[i].page;
			m->unit = (unsigned char)d->tables[i].unit;
			return;
		}
}

/* Final accounts key their outturn `…_final` when the table also prints a budget. */
static const struct fact *sangong_col(const struct doc *d, const char *col, int final)
{
	char k[64];
	if (final) {
		snprintf(k, sizeof k, "%s_final", col);
		const struct fact *f = total_row(d, "sangong", k);
		if (f)
			return f;
	}
	return total_row(d, "sangong", col);
}

static void share(struct mval *out, const struct mval *part, int64_t whole, const struct mval *src)
{
	if (!part->has)
		return;
	int ok;
	int64_t v = metrics_share(part->v, whole, &ok);
	if (!ok)
		return;
	out->has = 1;
	out->v = v;
	out->file = src->file;
	out->line = src->line;
	out->page = src->page;
	out->from_narrative = part->from_narrative || src->from_narrative;
	out->unit = MU_PCT;
}

static int64_t sum_cols(const struct doc *d, const char *table, const char *const *cols, int *any)
{
	int64_t s = 0;
	*any = 0;
	for (size_t i = 0; cols[i]; i++) {
		const struct fact *f = total_row(d, table, cols[i]);
		if (f) {
			s += f->amount;
			*any = 1;
		}
	}
	return s;
}

/* The breakdown lines by (dim, code), so that a document's lines are found without a scan per
 * fact (a scan made a large document's summary quadratic: issue 14, item 3). slots hold a line's
 * index + 1; 0 free. */
struct lineidx {
	uint32_t *slots;
	size_t n;   /* a power of two, or 0: no index (out of memory: the scans) */
	size_t cap; /* of s->lines */
};

static size_t line_hash(char dim, const char *code)
{
	uint64_t h = UINT64_C(14695981039346656037) ^ (unsigned char)dim;
	for (; *code; code++)
		h = (h ^ (unsigned char)*code) * UINT64_C(1099511628211);
	return (size_t)(h ^ h >> 29);
}

/* The line of (dim, code), or NULL. */
static struct bline *line_of(const struct docsum *s, const struct lineidx *ix, char dim, const char *code)
{
	if (!ix->n) {
		for (size_t i = 0; i < s->nlines; i++)
			if (s->lines[i].dim == dim && !strcmp(s->lines[i].code, code))
				return &s->lines[i];
		return NULL;
	}
	for (size_t k = line_hash(dim, code) & (ix->n - 1); ix->slots[k]; k = (k + 1) & (ix->n - 1)) {
		struct bline *b = &s->lines[ix->slots[k] - 1];
		if (b->dim == dim && !strcmp(b->code, code))
			return b;
	}
	return NULL;
}

static void line_index_add(struct lineidx *ix, const struct docsum *s, size_t i)
{
	if (!ix->n)
		return;
	size_t k = line_hash(s->lines[i].dim, s->lines[i].code) & (ix->n - 1);
	while (ix->slots[k])
		k = (k + 1) & (ix->n - 1);
	ix->slots[k] = (uint32_t)(i + 1);
}

static void add_line(struct docsum *s, struct lineidx *ix, char dim, const char *code, const char *name,
		     int64_t v, enum money_unit u, int line, int page, struct strpool *pool)
{
	char c8[8];
	snprintf(c8, sizeof c8, "%s", code); /* (as the line keeps it) */
	if (line_of(s, ix, dim, c8))
		return;
	if (s->nlines == ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 16;
		struct bline *nv = realloc(s->lines, cap * sizeof *nv);
		if (!nv)
			return;
		s->lines = nv;
		ix->cap = cap;
	}
	struct bline *nv = s->lines;
	struct bline *b = &nv[s->nlines++];
	memset(b, 0, sizeof *b);
	b->dim = dim;
	snprintf(b->code, sizeof b->code, "%s", code);
	b->name = strpool_cstr(pool, name);
	b->amount = v;
	b->unit = u;
	b->line = line;
	b->page = page;
	line_index_add(ix, s, s->nlines - 1);
}

static int is_code(const char *c, int economic)
{
	size_t n = strlen(c);
	if (n != 3 && n != 5 && n != 7)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (c[i] < '0' || c[i] > '9')
			return 0;
	return economic ? (c[0] == '3' || c[0] == '5') && n <= 5 : c[0] == '2';
}

static void breakdown(const struct doc *d, struct docsum *s, struct lineidx *ix, struct strpool *pool)
{
	/* at most one line per fact: the index is sized for them all */
	ix->cap = s->nlines;
	ix->n = 16;
	while (ix->n < 2 * (d->facts.n + s->nlines))
		ix->n *= 2;
	ix->slots = calloc(ix->n, sizeof *ix->slots);
	if (!ix->slots)
		ix->n = 0;
	for (size_t i = 0; i < s->nlines; i++)
		line_index_add(ix, s, i);
	/* function codes: the expenditure table, else the gpb table; 类 the summary adds */
	static const char *const ftables[] = { "expenditure", "gpb_expenditure", "income" };
	for (size_t t = 0; t < sizeof ftables / sizeof ftables[0]; t++) {
		size_t before = s->nlines;
		for (size_t i = 0; i < d->facts.n; i++) {
			const struct fact *f = &d->facts.v[i];
			if (!strcmp(f->table, ftables[t]) &&
			    (!strcmp(f->column, "total") || (s->final && !strcmp(f->column, "total_final"))) &&
			    is_code(f->row_code, 0))
				add_line(s, ix, 'F', f->row_code, f->row_name, f->amount, f->unit_note, f->line,
					 f->page, pool);
		}
		if (s->nlines > before)
			break;
	}
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (!strcmp(f->table, "summary") && !strcmp(f->column, "expenditure") &&
		    strlen(f->row_code) == 3)
			add_line(s, ix, 'F', f->row_code, f->row_name, f->amount, f->unit_note, f->line, f->page,
				 pool);
	}
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (!strcmp(f->table, "gpb_basic") &&
		    (!strcmp(f->column, "total") || (s->final && !strcmp(f->column, "total_final"))) &&
		    is_code(f->row_code, 1))
			add_line(s, ix, 'E', f->row_code, f->row_name, f->amount, f->unit_note, f->line, f->page,
				 pool);
	}
}

/* Final accounts: each line's 年初预算 and 调整预算 from its own table row, else from the
 * narrative's item (`年初预算为A万元，支出决算为B万元`). */
static void line_budgets(const struct doc *d, struct docsum *s, const struct lineidx *ix)
{
	/* each fact to the lines of its code (one per dim), in document order */
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (!f->row_code[0] || strlen(f->row_code) >= sizeof s->lines[0].code)
			continue;
		for (int dk = 0; dk < 2; dk++) {
			struct bline *b = line_of(s, ix, dk ? 'E' : 'F', f->row_code);
			if (!b)
				continue;
			int table = b->dim == 'F' ? !strcmp(f->table, "expenditure") || !strcmp(f->table, "gpb_expenditure")
						  : !strcmp(f->table, "gpb_basic");
			int narr = !strcmp(f->table, "narrative");
			if (!table && !narr)
				continue;
			int initial = table ? !strcmp(f->column, "total_budget_initial") || !strcmp(f->column, "total_budget")
					    : !strcmp(f->column, "budget");
			int adjusted = table ? !strcmp(f->column, "total_budget_adjusted")
					     : !strcmp(f->column, "budget_adjusted");
			/* a table's figure wins over the narrative's */
			if (initial && (!b->has_budget || (table && b->budget_src == 'N'))) {
				b->has_budget = 1;
				b->budget = f->amount;
				b->budget_src = table ? 'T' : 'N';
			}
			if (adjusted && (!b->has_adjusted || table)) {
				b->has_adjusted = 1;
				b->adjusted = f->amount;
			}
		}
	}
}

static int count_projects(const struct doc *d)
{
	int n = 0;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (!strcmp(f->table, "performance") && !strcmp(f->column, "total") &&
		    strchr(f->row_name, '/'))
			n++;
	}
	return n;
}

enum ys_err metrics_summarise(const struct doc *d, const struct registry *reg, struct strpool *pool,
			      struct docsum *s)
{
	enum ys_err e = metrics_compute(d, reg, pool, s);
	audit_document(d, s, pool);
	return e;
}

enum ys_err metrics_compute(const struct doc *d, const struct registry *reg, struct strpool *pool,
			    struct docsum *s)
{
	memset(s, 0, sizeof *s);
	int oom = 0; /* a figure that could not be kept: the summary goes on without it */
	struct unit_id id;
	units_resolve(reg, d->unit_code, d->unit_name, &id);
	s->path = strpool_cstr(pool, d->path);
	s->unit_code = strpool_cstr(pool, id.code);
	s->unit_name = strpool_cstr(pool, id.name);
	s->doc_kind = strpool_cstr(pool, d->doc_kind);
	s->key = strpool_cstr(pool, id.key);
	s->parent = strpool_cstr(pool, id.parent);
	s->group = strpool_cstr(pool, id.group);
	s->year = d->year;
	s->final = !strncmp(d->doc_kind, "final", 5);
	s->nfacts = d->facts.n;
	reading_of(d, &s->reading);
	struct mval *m = s->m;

	/* totals: the expenditure and income tables' 合计, else the summary's current-year rows */
	if (s->final) {
		set(&m[M_EXPENDITURE_TOTAL], measure_row(d, "expenditure", "total", "final"), 0);
		set(&m[M_GPB_TOTAL], measure_row(d, "gpb_expenditure", "total", "final"), 0);
	}
	set(&m[M_EXPENDITURE_TOTAL], total_row(d, "expenditure", "total"), 0);
	set(&m[M_EXPENDITURE_TOTAL], doc_find(d, "summary", NULL, "本年支出合计", "expenditure"), 0);
	set(&m[M_EXPENDITURE_TOTAL], doc_find(d, "summary", NULL, "支出总计", "expenditure"), 0);
	set(&m[M_EXPENDITURE_TOTAL], narrative(d, "expenditure_total", "current"), 1);
	/* an income table that prints 本年收入 (小计) and 上年结转 side by side: the year's income is
	 * the former (the 合计 takes in the carry-over), as the summary's 本年收入合计 */
	set(&m[M_INCOME_TOTAL], total_row(d, "income", "cur"), 0);
	set(&m[M_INCOME_TOTAL], total_row(d, "income", "total"), 0);
	set(&m[M_INCOME_TOTAL], doc_find(d, "summary", NULL, "本年收入合计", "income"), 0);
	set(&m[M_INCOME_TOTAL], doc_find(d, "summary", NULL, "收入总计", "income"), 0);
	set(&m[M_INCOME_TOTAL], narrative(d, "income_total", "current"), 1);

	set(&m[M_FISCAL_TOTAL], doc_find(d, "fiscal_summary", "", "本年收入", "income"), 0);
	set(&m[M_FISCAL_TOTAL], doc_find(d, "fiscal_summary", "", "本年收入合计", "income"), 0);
	set(&m[M_FISCAL_TOTAL], doc_find(d, "fiscal_summary", "", "收入总计", "income"), 0);
	set(&m[M_FISCAL_TOTAL], doc_find(d, "summary", "", "财政拨款收入", "income"), 0);
	set(&m[M_FISCAL_TOTAL], total_row(d, "income", "fiscal"), 0);
	set(&m[M_FISCAL_TOTAL], narrative(d, "fiscal_total", "current"), 1);

	set(&m[M_GPB_TOTAL], total_row(d, "gpb_expenditure", "total"), 0);
	set(&m[M_GPB_TOTAL], doc_find(d, "fiscal_summary", "", "本年支出合计", "expenditure_gpb"), 0);
	set(&m[M_GPB_TOTAL], doc_find(d, "fiscal_summary", "", "支出总计", "expenditure_gpb"), 0);
	set(&m[M_GPB_TOTAL], narrative(d, "gpb_total", "current"), 1);
	set(&m[M_GOV_FUND_TOTAL], total_row(d, "gov_fund", "total"), 0);
	set_zero_if_empty(&m[M_GOV_FUND_TOTAL], d, "gov_fund");
	set(&m[M_GOV_FUND_TOTAL], narrative(d, "gov_fund_total", "current"), 1);
	set(&m[M_SOE_TOTAL], total_row(d, "soe_capital", "total"), 0);
	set_zero_if_empty(&m[M_SOE_TOTAL], d, "soe_capital");
	set(&m[M_SOE_TOTAL], narrative(d, "soe_total", "current"), 1);

	/* 基本/项目 and their shares, both over the total of the table they come from */
	const struct fact *eb = total_row(d, "expenditure", "basic");
	const struct fact *ep = total_row(d, "expenditure", "project");
	if (s->final && !eb && !ep) {
		eb = measure_row(d, "expenditure", "basic", "final");
		ep = measure_row(d, "expenditure", "project", "final");
	}
	const char *bt = eb || ep ? "expenditure" : "gpb_expenditure";
	if (s->final) {
		set(&m[M_BASIC], measure_row(d, bt, "basic", "final"), 0);
		set(&m[M_PROJECT], measure_row(d, bt, "project", "final"), 0);
	}
	set(&m[M_BASIC], total_row(d, bt, "basic"), 0);
	set(&m[M_PROJECT], total_row(d, bt, "project"), 0);
	set(&m[M_BASIC], narrative(d, "basic", "current"), 1);
	set(&m[M_PROJECT], narrative(d, "project", "current"), 1);
	const struct fact *btot = total_row(d, bt, "total");
	struct mval whole = { 0 };
	if (btot)
		set(&whole, btot, 0);
	else
		whole = m[M_EXPENDITURE_TOTAL];
	if (whole.has) {
		share(&m[M_BASIC_SHARE], &m[M_BASIC], whole.v, &whole);
		share(&m[M_PROJECT_SHARE], &m[M_PROJECT], whole.v, &whole);
	}

	set(&m[M_PERSONNEL], total_row(d, "gpb_basic", "personnel"), 0);
	set(&m[M_PUBLIC_USE], total_row(d, "gpb_basic", "public_use"), 0);
	set(&m[M_PERSONNEL], total_row(d, "gpb_expenditure", "personnel"), 0);
	set(&m[M_PUBLIC_USE], total_row(d, "gpb_expenditure", "public_use"), 0);
	set(&m[M_PERSONNEL], doc_find(d, "gpb_basic", "", "人员经费合计", "total"), 0);
	set(&m[M_PUBLIC_USE], doc_find(d, "gpb_basic", "", "公用经费合计", "total"), 0);
	set(&m[M_PERSONNEL], doc_find(d, "summary", "", "支出总计", "expenditure_personnel"), 0);
	set(&m[M_PUBLIC_USE], doc_find(d, "summary", "", "支出总计", "expenditure_public_use"), 0);
	set(&m[M_PERSONNEL], narrative(d, "personnel", "current"), 1);
	set(&m[M_PUBLIC_USE], narrative(d, "public_use", "current"), 1);
	if (m[M_PERSONNEL].has && m[M_PUBLIC_USE].has)
		share(&m[M_PERSONNEL_SHARE], &m[M_PERSONNEL], m[M_PERSONNEL].v + m[M_PUBLIC_USE].v,
		      &m[M_PERSONNEL]);

	set(&m[M_ECON_301], doc_find(d, "gpb_basic", "301", NULL, "total"), 0);
	set(&m[M_ECON_302], doc_find(d, "gpb_basic", "302", NULL, "total"), 0);
	set(&m[M_ECON_303], doc_find(d, "gpb_basic", "303", NULL, "total"), 0);
	set(&m[M_ECON_310], doc_find(d, "gpb_basic", "310", NULL, "total"), 0);

	static const struct {
		int id;
		const char *col, *nkey;
	} sg[] = { { M_SANGONG_TOTAL, "total", "sangong_total" },
		   { M_SANGONG_ABROAD, "abroad", "sangong_abroad" },
		   { M_SANGONG_VEHICLE, "vehicle", "sangong_vehicle" },
		   { M_SANGONG_VEHICLE_PURCHASE, "vehicle_purchase", "sangong_vehicle_purchase" },
		   { M_SANGONG_VEHICLE_OPERATION, "vehicle_operation", "sangong_vehicle_operation" },
		   { M_SANGONG_RECEPTION, "reception", "sangong_reception" },
		   { M_MEETING, "meeting", "meeting" },
		   { M_TRAINING, "training", "training" },
		   { M_ADMIN_RUNNING, "admin_running", "admin_running" } };
	for (size_t i = 0; i < sizeof sg / sizeof sg[0]; i++) {
		set(&m[sg[i].id], sangong_col(d, sg[i].col, s->final), 0);
		if (sg[i].id <= M_SANGONG_RECEPTION)
			set_zero_if_empty(&m[sg[i].id], d, "sangong");
		set(&m[sg[i].id], narrative(d, sg[i].nkey, "current"), 1);
		if (s->final) {
			char k[64];
			snprintf(k, sizeof k, "%s_budget", sg[i].col);
			oom |= xset(s, MX_BUDGET, sg[i].id, total_row(d, "sangong", k), 0);
			oom |= xset(s, MX_BUDGET, sg[i].id, narrative(d, sg[i].nkey, "budget"), 1);
		}
	}

	set(&m[M_PROCUREMENT_TOTAL], total_row(d, "procurement", "total"), 0);
	set(&m[M_PROCUREMENT_TOTAL], total_row(d, "procurement", "type_total"), 0);
	static const char *const goods[] = { "goods", "central_goods", "decentral_goods", NULL };
	static const char *const works[] = { "works", "central_works", "decentral_works", NULL };
	static const char *const services[] = { "services", "central_services", "decentral_services", NULL };
	const char *const *parts[3] = { goods, works, services };
	const int pid[3] = { M_PROCUREMENT_GOODS, M_PROCUREMENT_WORKS, M_PROCUREMENT_SERVICES };
	const struct fact *pt = total_row(d, "procurement", "total");
	for (int k = 0; k < 3; k++) {
		int any;
		int64_t v = sum_cols(d, "procurement", parts[k], &any);
		if (any && pt) {
			m[pid[k]] = (struct mval){ .has = 1, .v = v, .file = pt->file, .line = pt->line,
						   .page = pt->page, .unit = (unsigned char)pt->unit_note };
		} else if (pt) {
			/* a table by kind with this kind not printed: none of it */
			m[pid[k]] = (struct mval){ .has = 1, .file = pt->file, .line = pt->line,
						   .page = pt->page, .unit = (unsigned char)pt->unit_note };
		}
	}
	set_zero_if_empty(&m[M_PROCUREMENT_TOTAL], d, "procurement");
	set(&m[M_PROCUREMENT_TOTAL], narrative(d, "procurement_total", "current"), 1);
	set(&m[M_PROCUREMENT_GOODS], narrative(d, "procurement_goods", "current"), 1);
	set(&m[M_PROCUREMENT_WORKS], narrative(d, "procurement_works", "current"), 1);
	set(&m[M_PROCUREMENT_SERVICES], narrative(d, "procurement_services", "current"), 1);

	set(&m[M_PURCHASE_SERVICE_TOTAL], total_row(d, "purchase_service", "total"), 0);
	set_zero_if_empty(&m[M_PURCHASE_SERVICE_TOTAL], d, "purchase_service");
	set(&m[M_PURCHASE_SERVICE_TOTAL], narrative(d, "purchase_service_total", "current"), 1);

	set(&m[M_PROJECT_COUNT], narrative(d, "project_count", "current"), 1);
	if (m[M_PROJECT_COUNT].has)
		m[M_PROJECT_COUNT].from_narrative = 0; /* the count is only ever stated there */
	if (!m[M_PROJECT_COUNT].has) {
		int n = count_projects(d);
		for (size_t i = 0; n && i < d->ntables; i++)
			if (!strcmp(d->tables[i].key, "performance"))
				m[M_PROJECT_COUNT] = (struct mval){ .has = 1, .v = (int64_t)n * MONEY_WAN,
								    .file = d->path, .line = d->tables[i].line,
								    .page = d->tables[i].page, .unit = MU_COUNT };
	}
	set(&m[M_PERFORMANCE_TOTAL], total_row(d, "performance", "total"), 0);
	set(&m[M_PERFORMANCE_TOTAL], narrative(d, "performance_total", "current"), 1);

	/* the narrative's prior year, per metric — unless the same claim's current figure
	 * contradicts the tables (`总计0.3万元…持平` where the tables say 2940.05): a claim that is
	 * wrong about this year says nothing reliable about the last */
	struct doc_iter pi;
	doc_iter_init(&pi, d, "narrative", "prior");
	for (const struct fact *f; (f = doc_iter_next(&pi));) {
		int mid = metric_by_key(f->row_code);
		if (mid < 0)
			continue;
		int contradicted = 0;
		struct doc_iter ci;
		doc_iter_init(&ci, d, "narrative", "current");
		for (const struct fact *c; m[mid].has && !m[mid].from_narrative && (c = doc_iter_next(&ci));) {
			if (strcmp(c->row_code, f->row_code) || strcmp(c->row_name, f->row_name))
				continue;
			/* each as printed (`17,192万元` against 17192.30 agrees: issue 16, item 3) */
			struct fact tf = { 0 };
			tf.unit_note = (enum money_unit)m[mid].unit;
			tf.prec = m[mid].prec;
			int64_t diff = c->amount - m[mid].v;
			if ((diff < 0 ? -diff : diff) > fact_ulp(c) / 2 + fact_ulp(&tf) / 2)
				contradicted = 1;
		}
		if (!contradicted)
			oom |= xset(s, MX_PRIOR, mid, f, 1);
	}
	/* final accounts: the budget the outturn is measured against, 年初 and 调整 apart */
	if (s->final) {
		static const struct {
			int m;
			const char *table, *col, *nkey;
		} eb_[] = { { M_EXPENDITURE_TOTAL, "expenditure", "total", "expenditure_total" },
			    { M_GPB_TOTAL, "gpb_expenditure", "total", "gpb_total" },
			    { M_BASIC, NULL, "basic", "basic" },
			    { M_PROJECT, NULL, "project", "project" } };
		for (size_t i = 0; i < sizeof eb_ / sizeof eb_[0]; i++) {
			const char *t = eb_[i].table ? eb_[i].table : bt;
			const int em = eb_[i].m;
			oom |= xset(s, MX_BUDGET, em, measure_row(d, t, eb_[i].col, "budget_initial"), 0);
			oom |= xset(s, MX_BUDGET, em, measure_row(d, t, eb_[i].col, "budget"), 0);
			oom |= xset(s, MX_BUDGET, em, narrative(d, eb_[i].nkey, "budget"), 1);
			oom |= xset(s, MX_ADJUSTED, em, measure_row(d, t, eb_[i].col, "budget_adjusted"), 0);
			oom |= xset(s, MX_ADJUSTED, em, narrative(d, eb_[i].nkey, "budget_adjusted"), 1);
		}
	}

	/* sources outlive the document's facts: into the run's pool */
	for (int k = 0; k < M_COUNT; k++)
		if (s->m[k].has)
			s->m[k].file = strpool_cstr(pool, s->m[k].file ? s->m[k].file : "");
	for (size_t k = 0; k < s->nx; k++)
		if (s->x[k].v.has)
			s->x[k].v.file = strpool_cstr(pool, s->x[k].v.file ? s->x[k].v.file : "");
	struct lineidx lix = { 0 };
	breakdown(d, s, &lix, pool);
	if (s->final)
		line_budgets(d, s, &lix);
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (strcmp(f->table, "narrative") || strcmp(f->column, "prior") ||
		    strlen(f->row_code) >= sizeof s->lines[0].code)
			continue;
		struct bline *b = line_of(s, &lix, 'F', f->row_code);
		if (b && !b->has_nprior) {
			b->has_nprior = 1;
			b->nprior = f->amount;
		}
	}
	free(lix.slots);
	return oom ? YS_ENOMEM : YS_OK;
}

static const char *again(struct strpool *pool, const char *s)
{
	return s ? strpool_cstr(pool, s) : NULL;
}

void docsum_reintern(struct docsum *s, struct strpool *pool)
{
	s->path = again(pool, s->path);
	s->unit_code = again(pool, s->unit_code);
	s->unit_name = again(pool, s->unit_name);
	s->doc_kind = again(pool, s->doc_kind);
	s->key = again(pool, s->key);
	s->parent = again(pool, s->parent);
	s->group = again(pool, s->group);
	for (int m = 0; m < M_COUNT; m++)
		s->m[m].file = again(pool, s->m[m].file);
	for (size_t i = 0; i < s->nx; i++)
		s->x[i].v.file = again(pool, s->x[i].v.file);
	for (size_t i = 0; i < s->nlines; i++)
		s->lines[i].name = again(pool, s->lines[i].name);
	for (size_t i = 0; i < s->findings.n; i++) {
		struct finding *f = &s->findings.v[i];
		f->check = again(pool, f->check);
		f->file = again(pool, f->file);
		f->message = again(pool, f->message);
	}
}

void docsum_free(struct docsum *s)
{
	free(s->x);
	free(s->lines);
	findings_free(&s->findings);
	memset(s, 0, sizeof *s);
}
