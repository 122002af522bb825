/* The audit of one document. Each check compares what a document states with what its own
 * numbers imply, allowing the rounding of printed figures: (items + 1) half-units of the last
 * printed digit. Messages are Chinese sentences for reviewers; check ids are stable keys. */
#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "read/tables.h"

int64_t audit_envelope(size_t n, enum money_unit u)
{
	return (int64_t)(n + 1) * metrics_half_unit(u);
}

void audit_add(struct findings *fl, struct strpool *pool, const char *check, enum severity sev,
	       int has_expected, int64_t expected, int has_actual, int64_t actual,
	       enum money_unit unit, const char *file, int line, int page, const char *fmt, ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	text_utf8_clip(msg);
	struct finding f = { 0 };
	f.check = strpool_cstr(pool, check);
	f.severity = sev;
	f.has_expected = has_expected;
	f.expected = expected;
	f.has_actual = has_actual;
	f.actual = actual;
	f.unit = unit;
	f.file = strpool_cstr(pool, file ? file : "");
	f.line = line;
	f.page = page;
	f.message = strpool_cstr(pool, msg);
	findings_add(fl, &f);
}

struct actx {
	const struct doc *d;
	struct docsum *s;
	struct strpool *pool;
};

static const char *table_zh(const char *key)
{
	static const struct {
		const char *k, *zh;
	} t[] = { { "summary", "收支总体情况表" },
		  { "income", "收入总体情况表" },
		  { "expenditure", "支出总体情况表" },
		  { "fiscal_summary", "财政拨款收支总体情况表" },
		  { "gpb_expenditure", "一般公共预算支出情况表" },
		  { "gpb_basic", "一般公共预算基本支出情况表" },
		  { "sangong", "“三公”经费表" },
		  { "gov_fund", "政府性基金预算支出表" },
		  { "soe_capital", "国有资本经营预算支出表" },
		  { "procurement", "政府采购预算表" },
		  { "purchase_service", "政府购买服务预算表" },
		  { "performance", "项目绩效目标表" },
		  { "narrative", "情况说明" } };
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].k, key))
			return t[i].zh;
	return key;
}

static const char *col_zh(const char *col)
{
	static const struct {
		const char *k, *zh;
	} t[] = { { "total", "合计" }, { "basic", "基本支出" }, { "project", "项目支出" },
		  { "personnel", "人员经费" }, { "public_use", "公用经费" },
		  { "carryover_out", "结转下年" }, { "income", "收入" }, { "expenditure", "支出" },
		  { "abroad", "因公出国（境）费" }, { "vehicle", "公务用车购置及运行维护费" },
		  { "reception", "公务接待费" }, { "type_total", "按类型合计" },
		  { "central", "集中采购" }, { "decentral", "分散采购" }, { "cur", "本年收入" },
		  { "carry", "上年结转结余" } };
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].k, col))
			return t[i].zh;
	return col;
}

static char *wan(int64_t v, char *buf)
{
	return money_format(v, 2, buf);
}

/* A sum of n printed parts against a printed total. */
static void sum_check(struct actx *a, const char *check, const struct fact *total, int64_t sum,
		      size_t n, enum money_unit parts_unit, const char *what)
{
	int64_t diff = sum - total->amount;
	if (diff == 0)
		return;
	int64_t env = (int64_t)n * metrics_half_unit(parts_unit) + metrics_half_unit(total->unit_note);
	int64_t ad = diff < 0 ? -diff : diff;
	enum severity sev = ad <= env ? SEV_INFO : SEV_ERROR;
	char b1[32], b2[32], b3[32];
	audit_add(&a->s->findings, a->pool, check, sev, 1, total->amount, 1, sum, MU_WAN, total->file,
		  total->line, total->page, "%s：各项之和为%s万元，所列为%s万元，相差%s万元%s", what,
		  wan(sum, b1), wan(total->amount, b2), wan(diff, b3),
		  sev == SEV_INFO ? "，在四舍五入误差范围内" : "，超出四舍五入误差");
}

/* Two printed figures of the same quantity. */
static void same_check(struct actx *a, const char *check, const struct fact *x, const struct fact *y,
		       const char *what)
{
	int64_t diff = y->amount - x->amount;
	if (diff == 0)
		return;
	int64_t env = metrics_half_unit(x->unit_note) + metrics_half_unit(y->unit_note);
	int64_t ad = diff < 0 ? -diff : diff;
	enum severity sev = ad <= env ? SEV_INFO : SEV_ERROR;
	char b1[32], b2[32], b3[32];
	audit_add(&a->s->findings, a->pool, check, sev, 1, x->amount, 1, y->amount, MU_WAN, y->file,
		  y->line, y->page, "%s：一处为%s万元（第%d行），一处为%s万元，相差%s万元%s", what,
		  wan(x->amount, b1), x->line, wan(y->amount, b2), wan(diff, b3),
		  sev == SEV_INFO ? "，在四舍五入误差范围内" : "");
}

/* ---- within a row: total = parts ---- */

struct rule {
	const char *table, *total;
	const char *parts[8];
};

static const struct rule rules[] = {
	{ "expenditure", "total", { "basic", "project", "carryover_out", "remit_upper", "operating_exp", "affiliate_grant" } },
	{ "gov_fund", "total", { "basic", "project" } },
	{ "soe_capital", "total", { "basic", "project" } },
	{ "gpb_expenditure", "total", { "basic", "project" } },
	{ "gpb_expenditure", "basic", { "personnel", "public_use" } },
	{ "gpb_basic", "total", { "personnel", "public_use" } },
	{ "income", "total", { "cur", "carry" } },
	{ "income", "cur", { "cur_gpb", "cur_gov_fund", "cur_soe", "cur_special", "cur_unit_funds" } },
	{ "income", "carry", { "carry_gpb", "carry_gov_fund", "carry_soe", "carry_special", "carry_unit_funds" } },
	{ "income", "total", { "fiscal", "business", "operating", "other", "upper_grant", "affiliate_income" } },
	{ "sangong", "total", { "abroad", "vehicle", "reception" } },
	{ "sangong", "vehicle", { "vehicle_purchase", "vehicle_operation" } },
	{ "sangong", "training", { "training_local", "training_upper" } },
	{ "sangong", "total_budget", { "abroad_budget", "vehicle_budget", "reception_budget" } },
	{ "sangong", "total_final", { "abroad_final", "vehicle_final", "reception_final" } },
	{ "sangong", "vehicle_budget", { "vehicle_purchase_budget", "vehicle_operation_budget" } },
	{ "sangong", "vehicle_final", { "vehicle_purchase_final", "vehicle_operation_final" } },
	{ "procurement", "total", { "gpb", "gov_fund", "soe", "special", "unit_funds", "carry" } },
	{ "procurement", "type_total", { "central", "decentral" } },
	{ "procurement", "central", { "central_goods", "central_works", "central_services" } },
	{ "procurement", "decentral", { "decentral_goods", "decentral_works", "decentral_services" } },
	{ "procurement", "total", { "goods", "works", "services" } },
	{ "purchase_service", "total", { "gpb", "gov_fund", "soe", "special", "unit_funds", "carry" } },
	{ "summary", "expenditure", { "expenditure_basic", "expenditure_project" } },
	{ "summary", "expenditure", { "expenditure_personnel", "expenditure_public_use", "expenditure_project" } },
	{ "fiscal_summary", "expenditure", { "expenditure_gpb", "expenditure_gov_fund", "expenditure_soe" } },
};

static int table_has_col(const struct doc *d, const char *table, const char *col)
{
	struct doc_iter it;
	doc_iter_init(&it, d, table, col);
	return doc_iter_next(&it) != NULL;
}

static void row_rules(struct actx *a)
{
	const struct doc *d = a->d;
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		const struct rule *ru = &rules[r];
		size_t nparts = 0;
		for (size_t p = 0; ru->parts[p]; p++)
			nparts += table_has_col(d, ru->table, ru->parts[p]);
		if (nparts < 2 || !table_has_col(d, ru->table, ru->total))
			continue;
		/* every row printing the total */
		struct doc_iter ti;
		doc_iter_init(&ti, d, ru->table, ru->total);
		for (const struct fact *t; (t = doc_iter_next(&ti));) {
			int64_t sum = 0;
			size_t n = 0;
			for (size_t p = 0; ru->parts[p]; p++) {
				/* the part on the same printed row */
				struct doc_iter pi;
				doc_iter_init(&pi, d, ru->table, ru->parts[p]);
				for (const struct fact *f; (f = doc_iter_next(&pi));) {
					if (f->line == t->line && f->page == t->page &&
					    !strcmp(f->row_code, t->row_code) && !strcmp(f->row_name, t->row_name)) {
						sum += f->amount;
						n++;
						break;
					}
				}
			}
			if (n < 2 || sum == t->amount) /* (the message only for a finding) */
				continue;
			char what[400];
			snprintf(what, sizeof what, "%s “%s%s%s” %s = %s", table_zh(t->table), t->row_code,
				 t->row_code[0] ? " " : "", t->row_name, col_zh(ru->total),
				 ru->parts[0] && !strcmp(ru->parts[0], "basic") ? "基本支出+项目支出" : "各分项之和");
			text_utf8_clip(what);
			sum_check(a, "row_sum", t, sum, n, t->unit_note, what);
		}
	}
}

/* ---- code hierarchy: 类 = Σ款 = Σ项, 合计 = Σ类 ---- */

static int digits(const char *c)
{
	size_t n = strlen(c);
	for (size_t i = 0; i < n; i++)
		if (c[i] < '0' || c[i] > '9')
			return 0;
	return (int)n;
}

static void hierarchy(struct actx *a, const char *table, const char *column)
{
	const struct doc *d = a->d;
	/* collect the coded rows of this column, first occurrence of each code */
	const struct fact *rows[1024];
	size_t n = 0;
	struct doc_iter it;
	doc_iter_init(&it, d, table, column);
	for (const struct fact *f; n < 1024 && (f = doc_iter_next(&it));) {
		int k = digits(f->row_code);
		if (k != 3 && k != 5 && k != 7)
			continue;
		int dup = 0;
		for (size_t j = 0; j < n && !dup; j++)
			dup = !strcmp(rows[j]->row_code, f->row_code);
		if (!dup)
			rows[n++] = f;
	}
	if (n == 0)
		return;
	/* each parent against its children one level down */
	for (size_t i = 0; i < n; i++) {
		size_t pl = strlen(rows[i]->row_code);
		if (pl == 7)
			continue;
		int64_t sum = 0;
		size_t k = 0;
		enum money_unit u = rows[i]->unit_note;
		for (size_t j = 0; j < n; j++)
			if (strlen(rows[j]->row_code) == pl + 2 &&
			    !strncmp(rows[j]->row_code, rows[i]->row_code, pl)) {
				sum += rows[j]->amount;
				k++;
			}
		if (k == 0 || sum == rows[i]->amount)
			continue;
		char what[400];
		snprintf(what, sizeof what, "%s %s %s（%s）= 下级科目之和", table_zh(table), rows[i]->row_code,
			 rows[i]->row_name, col_zh(column));
		text_utf8_clip(what);
		sum_check(a, "code_sum", rows[i], sum, k, u, what);
	}
	/* the total row against the top level printed */
	const struct fact *tot = doc_total(d, table, column);
	if (!tot)
		return;
	for (size_t level = 3; level <= 7; level += 2) {
		int64_t sum = 0;
		size_t k = 0;
		for (size_t j = 0; j < n; j++)
			if (strlen(rows[j]->row_code) == level) {
				/* only codes whose parent is not printed (a top-level row) */
				sum += rows[j]->amount;
				k++;
			}
		if (k == 0)
			continue;
		char what[300];
		snprintf(what, sizeof what, "%s 合计（%s）= %s级科目之和", table_zh(table), col_zh(column),
			 level == 3 ? "类" : level == 5 ? "款" : "项");
		sum_check(a, "total_sum", tot, sum, k, tot->unit_note, what);
		break;
	}
}

/* ---- across tables ---- */

static const struct fact *first_of(const struct doc *d, const char *table, const char *const *names,
				   const char *column)
{
	for (size_t i = 0; names[i]; i++) {
		const struct fact *f = doc_find(d, table, NULL, names[i], column);
		if (f)
			return f;
	}
	return NULL;
}

static void summary_identities(struct actx *a, const char *table)
{
	const struct doc *d = a->d;
	const char *zh = table_zh(table);
	static const char *const in_tot[] = { "收入总计", "总计", NULL };
	static const char *const out_tot[] = { "支出总计", "总计", NULL };
	static const char *const in_cur[] = { "本年收入合计", "本年收入", NULL };
	static const char *const out_cur[] = { "本年支出合计", "本年支出", NULL };
	static const char *const in_carry[] = { "上年结转结余", "年初结转和结余", "上年结转", "年初财政拨款结转和结余", NULL };
	static const char *const in_carry2[] = { "使用非财政拨款结余(含专用结余)", "使用非财政拨款结余", NULL };
	static const char *const out_carry[] = { "结转下年支出", "年末结转和结余", "结转下年", "年末财政拨款结转和结余", NULL };
	static const char *const out_carry2[] = { "结余分配", NULL };
	const struct fact *it = first_of(d, table, in_tot, "income");
	const struct fact *ot = first_of(d, table, out_tot, "expenditure");
	char what[200];
	if (it && ot) {
		snprintf(what, sizeof what, "%s 收入总计与支出总计", zh);
		same_check(a, "balance", it, ot, what);
	}
	const struct fact *ic = first_of(d, table, in_cur, "income");
	const struct fact *icy = first_of(d, table, in_carry, "income");
	const struct fact *icy2 = first_of(d, table, in_carry2, "income");
	if (it && ic && icy) {
		snprintf(what, sizeof what, "%s 本年收入合计 + 上年结转结余 = 收入总计", zh);
		sum_check(a, "summary_sum", it, ic->amount + icy->amount + (icy2 ? icy2->amount : 0),
			  2 + (icy2 != NULL), ic->unit_note, what);
	}
	const struct fact *oc = first_of(d, table, out_cur, "expenditure");
	const struct fact *ocy = first_of(d, table, out_carry, "expenditure");
	const struct fact *ocy2 = first_of(d, table, out_carry2, "expenditure");
	if (ot && oc && ocy) {
		snprintf(what, sizeof what, "%s 本年支出合计 + 结转下年 = 支出总计", zh);
		sum_check(a, "summary_sum", ot, oc->amount + ocy->amount + (ocy2 ? ocy2->amount : 0),
			  2 + (ocy2 != NULL), oc->unit_note, what);
	}
}

static void cross_tables(struct actx *a)
{
	const struct doc *d = a->d;
	static const char *const out_cur[] = { "本年支出合计", "支出总计", NULL };
	static const char *const in_cur[] = { "本年收入合计", "收入总计", NULL };
	const struct fact *et = doc_total(d, "expenditure", "total");
	const struct fact *st = first_of(d, "summary", out_cur, "expenditure");
	if (et && st)
		same_check(a, "cross_table", st, et, "支出合计：收支总体情况表与支出总体情况表");
	const struct fact *it = doc_total(d, "income", "total");
	const struct fact *si = first_of(d, "summary", in_cur, "income");
	if (it && si)
		same_check(a, "cross_table", si, it, "收入合计：收支总体情况表与收入总体情况表");
	/* function classes of the summary against the expenditure table (类 rows or Σ项) */
	struct doc_iter cls;
	doc_iter_init(&cls, d, "summary", "expenditure");
	for (const struct fact *f; (f = doc_iter_next(&cls));) {
		if (strlen(f->row_code) != 3)
			continue;
		const struct fact *e = doc_find(d, "expenditure", f->row_code, NULL, "total");
		char what[300];
		if (e && e->amount == f->amount)
			continue; /* (agreeing: no message to build) */
		snprintf(what, sizeof what, "%s %s：收支总体情况表与支出总体情况表", f->row_code, f->row_name);
		text_utf8_clip(what);
		if (e) {
			same_check(a, "cross_table", f, e, what);
			continue;
		}
		int64_t sum = 0;
		size_t k = 0;
		enum money_unit u = f->unit_note;
		int any_exp = 0;
		struct doc_iter ei;
		doc_iter_init(&ei, d, "expenditure", "total");
		for (const struct fact *g; (g = doc_iter_next(&ei));) {
			if (digits(g->row_code) >= 5)
				any_exp = 1;
			if (digits(g->row_code) == 7 && !strncmp(g->row_code, f->row_code, 3)) {
				sum += g->amount;
				k++;
				u = g->unit_note;
			}
		}
		if (any_exp && (k > 0 || f->amount != 0)) {
			struct fact tmp = *f;
			(void)u;
			sum_check(a, "cross_table", &tmp, sum, k, u, what);
		}
	}
	/* 基本支出 of all funds against the general public budget's, when all is general budget */
	const struct mval *m = a->s->m;
	const struct fact *eb = doc_total(d, "expenditure", "basic");
	const struct fact *gb = doc_total(d, "gpb_basic", "total");
	if (eb && gb && m[M_GPB_TOTAL].has && m[M_EXPENDITURE_TOTAL].has &&
	    m[M_GPB_TOTAL].v == m[M_EXPENDITURE_TOTAL].v)
		same_check(a, "cross_table", eb, gb, "基本支出：支出总体情况表与一般公共预算基本支出情况表");
	static const char *const pcols[] = { "personnel", "public_use" };
	for (size_t k = 0; k < 2; k++) {
		const struct fact *x = doc_total(d, "gpb_expenditure", pcols[k]);
		const struct fact *y = doc_total(d, "gpb_basic", pcols[k]);
		if (x && y) {
			char what[200];
			snprintf(what, sizeof what, "%s：一般公共预算支出情况表与基本支出情况表", col_zh(pcols[k]));
			same_check(a, "cross_table", x, y, what);
		}
	}
	/* 三公 items against their economic codes: project funds can carry 三公 spending, so a
	 * difference is worth a look, not an error */
	static const struct {
		const char *col, *code, *zh;
	} sx[] = { { "reception", "30217", "公务接待费" }, { "abroad", "30212", "因公出国（境）费" },
		   { "vehicle_operation", "30231", "公务用车运行维护费" },
		   { "vehicle_purchase", "31013", "公务用车购置费" }, { "meeting", "30215", "会议费" },
		   { "training", "30216", "培训费" } };
	for (size_t k = 0; k < sizeof sx / sizeof sx[0]; k++) {
		const struct fact *x = doc_total(d, "sangong", sx[k].col);
		const struct fact *y = doc_find(d, "gpb_basic", sx[k].code, NULL, "total");
		if (!x || !y || x->amount == y->amount)
			continue;
		char b1[32], b2[32];
		audit_add(&a->s->findings, a->pool, "sangong_vs_economic", SEV_INFO, 1, x->amount, 1,
			  y->amount, MU_WAN, y->file, y->line, y->page,
			  "%s：“三公”经费表为%s万元，基本支出经济分类%s为%s万元；项目支出也可列支，差异值得一看",
			  sx[k].zh, wan(x->amount, b1), sx[k].code, wan(y->amount, b2));
	}
	/* performance: projects within 项目支出, and adding up to it when all are listed */
	const struct fact *pt = doc_total(d, "performance", "total");
	if (pt && m[M_PROJECT].has && !m[M_PROJECT].from_narrative) {
		int64_t diff = pt->amount - m[M_PROJECT].v;
		if (diff > audit_envelope(1, pt->unit_note)) {
			char b1[32], b2[32];
			audit_add(&a->s->findings, a->pool, "performance_exceeds_project", SEV_ERROR, 1,
				  m[M_PROJECT].v, 1, pt->amount, MU_WAN, pt->file, pt->line, pt->page,
				  "绩效目标项目资金%s万元超过项目支出%s万元", wan(pt->amount, b1),
				  wan(m[M_PROJECT].v, b2));
		}
	}
	if (pt) {
		int64_t sum = 0;
		size_t k = 0;
		struct doc_iter pi;
		doc_iter_init(&pi, d, "performance", "total");
		for (const struct fact *f; (f = doc_iter_next(&pi));) {
			if (strchr(f->row_name, '/')) {
				sum += f->amount;
				k++;
			}
		}
		if (k)
			sum_check(a, "performance_sum", pt, sum, k, pt->unit_note, "项目绩效目标表 合计 = 各项目资金之和");
	}
}

/* ---- narrative against tables ---- */

/* Table figures a narrative key speaks of: any one of them agreeing is enough. */
static size_t candidates(const struct actx *a, const char *key, const struct fact **out, size_t max)
{
	const struct doc *d = a->d;
	size_t n = 0;
#define ADD(f)                                   \
	do {                                     \
		const struct fact *f_ = (f);     \
		if (f_ && n < max)               \
			out[n++] = f_;           \
	} while (0)
	int fin = a->s->final;
	char k[64];
	if (!strcmp(key, "income_total")) {
		ADD(doc_total(d, "income", "total"));
		ADD(doc_find(d, "summary", NULL, "本年收入合计", "income"));
		ADD(doc_find(d, "summary", NULL, "收入总计", "income"));
		ADD(doc_find(d, "summary", NULL, "总计", "income"));
	} else if (!strcmp(key, "expenditure_total")) {
		ADD(doc_total(d, "expenditure", "total"));
		ADD(doc_find(d, "summary", NULL, "本年支出合计", "expenditure"));
		ADD(doc_find(d, "summary", NULL, "支出总计", "expenditure"));
		ADD(doc_find(d, "summary", NULL, "总计", "expenditure"));
	} else if (!strcmp(key, "fiscal_total")) {
		ADD(doc_find(d, "fiscal_summary", NULL, "本年收入", "income"));
		ADD(doc_find(d, "fiscal_summary", NULL, "本年收入合计", "income"));
		ADD(doc_find(d, "fiscal_summary", NULL, "收入总计", "income"));
		ADD(doc_find(d, "fiscal_summary", NULL, "总计", "income"));
		ADD(doc_find(d, "summary", "", "财政拨款收入", "income"));
	} else if (!strcmp(key, "gpb_total")) {
		ADD(doc_total(d, "gpb_expenditure", "total"));
		ADD(doc_find(d, "fiscal_summary", NULL, "本年支出合计", "expenditure_gpb"));
		ADD(doc_find(d, "summary", NULL, "一般公共预算拨款", "income"));
		ADD(doc_find(d, "fiscal_summary", NULL, "本年收入/一般公共预算", "income"));
	} else if (!strcmp(key, "basic") || !strcmp(key, "project")) {
		ADD(doc_total(d, "expenditure", key));
		ADD(doc_total(d, "gpb_expenditure", key));
	} else if (!strcmp(key, "gpb_basic") || !strcmp(key, "gpb_project")) {
		ADD(doc_total(d, "gpb_expenditure", key + 4));
		if (!strcmp(key, "gpb_basic"))
			ADD(doc_total(d, "gpb_basic", "total"));
	} else if (!strcmp(key, "personnel") || !strcmp(key, "public_use")) {
		ADD(doc_total(d, "gpb_basic", key));
		ADD(doc_total(d, "gpb_expenditure", key));
		ADD(doc_find(d, "gpb_basic", "", !strcmp(key, "personnel") ? "人员经费合计" : "公用经费合计", "total"));
	} else if (!strncmp(key, "sangong_", 8) || !strcmp(key, "meeting") || !strcmp(key, "training") ||
		   !strcmp(key, "admin_running")) {
		const char *col = !strncmp(key, "sangong_", 8) ? key + 8 : key;
		snprintf(k, sizeof k, "%s%s", col, fin ? "_final" : "");
		ADD(doc_total(d, "sangong", k));
		if (!fin)
			ADD(doc_total(d, "sangong", col));
	} else if (!strcmp(key, "gov_fund_total")) {
		ADD(doc_total(d, "gov_fund", "total"));
	} else if (!strcmp(key, "soe_total")) {
		ADD(doc_total(d, "soe_capital", "total"));
	} else if (!strcmp(key, "procurement_total")) {
		ADD(doc_total(d, "procurement", "total"));
	} else if (!strcmp(key, "purchase_service_total")) {
		ADD(doc_total(d, "purchase_service", "total"));
	} else if (!strcmp(key, "performance_total")) {
		ADD(doc_total(d, "performance", "total"));
	} else if (digits(key) == 3 || digits(key) == 5 || digits(key) == 7) {
		ADD(doc_find(d, "expenditure", key, NULL, "total"));
		ADD(doc_find(d, "gpb_expenditure", key, NULL, "total"));
		if (strlen(key) == 3)
			ADD(doc_find(d, "summary", key, NULL, "expenditure"));
	}
#undef ADD
	return n;
}

static void narrative_checks(struct actx *a)
{
	const struct doc *d = a->d;
	const struct mval *m = a->s->m;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (strcmp(f->table, "narrative") || !f->row_code[0])
			continue;
		if (!strcmp(f->column, "current")) {
			const struct fact *c[8];
			size_t n = candidates(a, f->row_code, c, 8);
			if (n == 0)
				continue;
			int64_t best = 0;
			int ok = 0;
			for (size_t k = 0; k < n && !ok; k++) {
				int64_t diff = c[k]->amount - f->amount;
				int64_t env = metrics_half_unit(f->unit_note) + metrics_half_unit(c[k]->unit_note);
				if ((diff < 0 ? -diff : diff) <= env)
					ok = 1;
				if (k == 0 || (diff < 0 ? -diff : diff) < (best < 0 ? -best : best))
					best = diff;
			}
			if (ok)
				continue;
			char b1[32], b2[32];
			int empty = 0;
			for (size_t t = 0; t < d->ntables; t++)
				if (!strcmp(d->tables[t].key, c[0]->table) && d->tables[t].stated_empty)
					empty = 1;
			audit_add(&a->s->findings, a->pool, "narrative_vs_table", SEV_ERROR, 1, c[0]->amount, 1,
				  f->amount, MU_WAN, f->file, f->line, f->page,
				  "情况说明称“%s”为%s万元，%s所列为%s万元%s（第%d行）", f->row_name,
				  wan(f->amount, b1), table_zh(c[0]->table), wan(c[0]->amount, b2),
				  empty ? "，且该表注明为空表" : "", c[0]->line);
		} else if (!strcmp(f->column, "prior") && f->amount < 0) {
			char b[32];
			audit_add(&a->s->findings, a->pool, "narrative_prior", SEV_ERROR, 0, 0, 1, f->amount,
				  MU_WAN, f->file, f->line, f->page,
				  "情况说明所述“%s”的本年数与增减额推出上年为%s万元（负数），增减额或方向有误",
				  f->row_name, wan(f->amount, b));
		} else if (!strcmp(f->column, "share")) {
			/* shares the tables imply: 基本/项目 and function classes over the total */
			int64_t want;
			int have = 0;
			if (!strcmp(f->row_code, "basic") && m[M_BASIC_SHARE].has && !m[M_BASIC_SHARE].from_narrative) {
				want = m[M_BASIC_SHARE].v;
				have = 1;
			} else if (!strcmp(f->row_code, "project") && m[M_PROJECT_SHARE].has &&
				   !m[M_PROJECT_SHARE].from_narrative) {
				want = m[M_PROJECT_SHARE].v;
				have = 1;
			} else if (digits(f->row_code) == 3 && m[M_EXPENDITURE_TOTAL].has &&
				   !m[M_EXPENDITURE_TOTAL].from_narrative) {
				const struct fact *c[4];
				if (candidates(a, f->row_code, c, 4) > 0) {
					int ok;
					want = metrics_share(c[0]->amount, m[M_EXPENDITURE_TOTAL].v, &ok);
					have = ok;
				}
			}
			if (!have)
				continue;
			int64_t diff = f->amount - want;
			if ((diff < 0 ? -diff : diff) <= 10000) /* 0.01 percentage point */
				continue;
			char b1[32], b2[32];
			audit_add(&a->s->findings, a->pool, "narrative_share", SEV_ERROR, 1, want, 1, f->amount,
				  MU_PCT, f->file, f->line, f->page, "情况说明称“%s”占比%s%%，按表中数据应为%s%%",
				  f->row_name, money_format(f->amount, 2, b1), money_format(want, 2, b2));
		} else if (!strcmp(f->column, "pct")) {
			/* the stated rate against the stated change and the prior it implies */
			const struct fact *ch = NULL, *cur = NULL;
			for (size_t j = 0; j < d->facts.n; j++) {
				const struct fact *g = &d->facts.v[j];
				if (strcmp(g->table, "narrative") || strcmp(g->row_code, f->row_code) ||
				    strcmp(g->row_name, f->row_name))
					continue;
				if (!strcmp(g->column, "change") && !ch && abs(g->line - f->line) <= 2)
					ch = g;
				if (!strcmp(g->column, "current") && !cur && abs(g->line - f->line) <= 2)
					cur = g;
			}
			if (!ch || !cur)
				continue;
			int64_t prior = cur->amount - ch->amount;
			if (prior <= 0)
				continue;
			int64_t h = metrics_half_unit(cur->unit_note);
			/* the rate's range over the rounding of change and prior */
			int ok1, ok2;
			int64_t lo = money_muldiv(ch->amount - h, 100 * MONEY_WAN, prior + 2 * h, &ok1);
			int64_t hi = money_muldiv(ch->amount + h, 100 * MONEY_WAN,
						  prior > 2 * h ? prior - 2 * h : 1, &ok2);
			if (!ok1 || !ok2)
				continue;
			if (lo > hi) {
				int64_t t = lo;
				lo = hi;
				hi = t;
			}
			if (f->amount >= lo - 5000 && f->amount <= hi + 5000)
				continue;
			int okc;
			int64_t want = money_round(money_muldiv(ch->amount, 100 * MONEY_WAN, prior, &okc), 2);
			char b1[32], b2[32], b3[32], b4[32];
			audit_add(&a->s->findings, a->pool, "narrative_rate", SEV_ERROR, 1, want, 1, f->amount,
				  MU_PCT, f->file, f->line, f->page,
				  "情况说明称“%s”变动%s%%，按所述增减额%s万元与上年%s万元应为%s%%", f->row_name,
				  money_format(f->amount, 2, b1), wan(ch->amount, b2), wan(prior, b3),
				  money_format(want, 2, b4));
		}
	}
}

/* ---- completeness and the tables' own notes ---- */

static void completeness(struct actx *a)
{
	const struct doc *d = a->d;
	static const struct {
		const char *table, *narr;
	} covered[] = { { "procurement", "procurement_total" },
			{ "purchase_service", "purchase_service_total" },
			{ "performance", "project_count" } };
	for (size_t k = 0; k < tables_nkeys; k++) {
		int present = 0;
		for (size_t i = 0; i < d->ntables; i++)
			if (!strcmp(d->tables[i].key, tables_keys[k]))
				present = 1;
		if (present)
			continue;
		int in_narr = 0;
		for (size_t c = 0; c < sizeof covered / sizeof covered[0]; c++)
			if (!strcmp(covered[c].table, tables_keys[k]))
				for (size_t i = 0; i < d->facts.n && !in_narr; i++)
					in_narr = !strcmp(d->facts.v[i].table, "narrative") &&
						  !strcmp(d->facts.v[i].row_code, covered[c].narr);
		audit_add(&a->s->findings, a->pool, "missing_table", in_narr ? SEV_INFO : SEV_WARNING, 0, 0,
			  0, 0, MU_WAN, d->path, 0, 0, "未公开%s%s", table_zh(tables_keys[k]),
			  in_narr ? "（情况说明中有相关数据）" : "，也未说明为空表");
	}
	for (size_t i = 0; i < d->ntables; i++) {
		const struct doc_table *t = &d->tables[i];
		if (!t->stated_empty)
			continue;
		const struct fact *nz = NULL;
		for (size_t j = 0; j < d->facts.n && !nz; j++)
			if (!strcmp(d->facts.v[j].table, t->key) && d->facts.v[j].amount != 0)
				nz = &d->facts.v[j];
		/* and the narrative giving a figure for what the table says it has none of */
		struct doc_iter ni;
		doc_iter_init(&ni, d, "narrative", "current");
		for (const struct fact *f; (f = doc_iter_next(&ni));) {
			if (f->amount == 0)
				continue;
			const struct fact *c[8];
			size_t n = candidates(a, f->row_code, c, 8);
			int about = 0;
			for (size_t k = 0; k < n; k++)
				about |= !strcmp(c[k]->table, t->key);
			if (!about)
				continue;
			char b[32];
			audit_add(&a->s->findings, a->pool, "narrative_vs_empty_table", SEV_ERROR, 1, 0, 1,
				  f->amount, MU_WAN, f->file, f->line, f->page,
				  "情况说明称“%s”为%s万元，而%s注明本表为空表（第%d行）", f->row_name,
				  wan(f->amount, b), table_zh(t->key), t->note_line);
			break;
		}
		if (nz) {
			char b[32];
			audit_add(&a->s->findings, a->pool, "stated_empty_with_values", SEV_ERROR, 1, 0, 1,
				  nz->amount, MU_WAN, nz->file, nz->line, nz->page,
				  "%s注明为空表，但表中列有数值（如“%s”%s万元）", table_zh(t->key), nz->row_name,
				  wan(nz->amount, b));
		}
	}
}

int audit_quality(const struct doc *d, const struct findings *fl)
{
	/* completeness: 50 points over the 12 kinds, a kind the template covers in the narrative
	 * counting as disclosed; consistency: 50 points less 10 per error and 2 per warning */
	size_t missing = 0, errors = 0, warnings = 0;
	for (size_t i = 0; i < fl->n; i++) {
		if (!strcmp(fl->v[i].check, "missing_table")) {
			if (fl->v[i].severity == SEV_WARNING)
				missing++;
			continue;
		}
		if (fl->v[i].severity == SEV_ERROR)
			errors++;
		else if (fl->v[i].severity == SEV_WARNING)
			warnings++;
	}
	(void)d;
	long comp = 50 - (long)(missing * 50 + tables_nkeys / 2) / (long)tables_nkeys;
	long cons = 50 - (long)(errors * 10 + warnings * 2);
	if (cons < 0)
		cons = 0;
	if (comp < 0)
		comp = 0;
	return (int)(comp + cons);
}

void audit_document(const struct doc *d, struct docsum *s, struct strpool *pool)
{
	struct actx a = { d, s, pool };
	/* what the reader could not place, or found broken */
	for (size_t i = 0; i < d->findings.n; i++) {
		struct finding f = d->findings.v[i];
		f.check = strpool_cstr(pool, f.check);
		f.file = strpool_cstr(pool, f.file);
		f.message = strpool_cstr(pool, f.message);
		findings_add(&s->findings, &f);
	}
	completeness(&a);
	summary_identities(&a, "summary");
	summary_identities(&a, "fiscal_summary");
	row_rules(&a);
	static const char *const coded[] = { "income", "expenditure", "gpb_expenditure", "gpb_basic",
					     "gov_fund", "soe_capital" };
	static const char *const cols[] = { "total", "basic", "project", "personnel", "public_use" };
	for (size_t t = 0; t < sizeof coded / sizeof coded[0]; t++)
		for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
			hierarchy(&a, coded[t], cols[c]);
	cross_tables(&a);
	narrative_checks(&a);
	int q = audit_quality(d, &s->findings);
	s->m[M_QUALITY_SCORE] = (struct mval){ .has = 1, .v = (int64_t)q * MONEY_WAN, .file = s->path,
					       .unit = MU_COUNT };
}
