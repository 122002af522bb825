/* Execution rows per final-accounts document, restatement findings, PEFA PI-1 and PI-2. */
#include "execution.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "base/grow.h"
#include "base/money.h"

int64_t execution_rate(int64_t final, int64_t budget, int *ok)
{
	if (budget == 0) {
		*ok = 0;
		return 0;
	}
	int64_t bp = money_muldiv(final, 10000, budget, ok);
	return bp * 10000; /* 2 decimals, halves away from zero */
}

static int count_within(const int64_t *v, int n, int64_t lo, int64_t hi)
{
	int c = 0;
	for (int i = 0; i < n; i++)
		c += v[i] >= lo && v[i] <= hi;
	return c;
}

#define PCT(x) ((int64_t)(x) * MONEY_WAN)

char execution_pi1_score(const int64_t *rates, int n)
{
	if (n < 3)
		return 0;
	if (count_within(rates, n, PCT(95), PCT(105)) >= 2)
		return 'A';
	if (count_within(rates, n, PCT(90), PCT(110)) >= 2)
		return 'B';
	if (count_within(rates, n, PCT(85), PCT(115)) >= 2)
		return 'C';
	return 'D';
}

char execution_pi2_score(const int64_t *variances, int n)
{
	if (n < 3)
		return 0;
	/* strictly below the bound: a variance of exactly 5% is not an A */
	if (count_within(variances, n, 0, PCT(5) - 1) >= 2)
		return 'A';
	if (count_within(variances, n, 0, PCT(10) - 1) >= 2)
		return 'B';
	if (count_within(variances, n, 0, PCT(15) - 1) >= 2)
		return 'C';
	return 'D';
}

static void push(struct execution *e, const struct docsum *s, const char *scope, const char *code,
		 const char *name, enum exec_basis basis, int64_t budget, int64_t final, const char *src)
{
	struct exec_row *nv = ys_grow(e->v, e->n, &e->cap, sizeof *nv);
	if (!nv)
		return;
	e->v = nv;
	struct exec_row *r = &nv[e->n++];
	memset(r, 0, sizeof *r);
	r->s = s;
	r->scope = scope;
	snprintf(r->code, sizeof r->code, "%s", code ? code : "");
	r->name = name ? name : "";
	r->basis = basis;
	r->budget = budget;
	r->final = final;
	r->source = src;
}

/* The budget document of the same unit, year and scope (部门/单位). */
static const struct docsum *paired_budget(const struct sumset *ss, const struct docsum *s)
{
	char kind[40];
	snprintf(kind, sizeof kind, "budget%s", s->doc_kind + strlen("final"));
	return sumset_find(ss, s->key, kind, s->year);
}

static void restated(struct sumset *ss, struct docsum *s, const char *what, int64_t ours, int nitems,
		     enum money_unit u, const struct docsum *pair, int64_t theirs, enum money_unit pu,
		     const char *file, int line, int page)
{
	int64_t d = ours - theirs;
	if (d == 0)
		return;
	int64_t env = metrics_half_unit(u) * (nitems + 1) + metrics_half_unit(pu);
	enum severity sev = (d < 0 ? -d : d) <= env ? SEV_INFO : SEV_ERROR;
	char b1[32], b2[32];
	audit_add(&s->findings, ss->pool, "restated_budget", sev, 1, theirs, 1, ours, MU_WAN, file, line,
		  page, "决算所列%s年初预算%s万元，%d年预算文件（%s）为%s万元%s", what,
		  money_format(ours, 2, b1), pair->year, pair->path, money_format(theirs, 2, b2),
		  sev == SEV_INFO ? "，差异在四舍五入范围内" : "（年初预算被重述）");
}

/* A line's original (or adjusted) budget: its own, else the sum of its 项 when all have one. */
static int line_budget(const struct docsum *s, const struct bline *b, int adjusted, int64_t *out,
		       int *nitems, const char **src)
{
	if (adjusted ? b->has_adjusted : b->has_budget) {
		*out = adjusted ? b->adjusted : b->budget;
		*nitems = 0;
		*src = b->budget_src == 'T' ? "final_accounts_table" : "final_accounts_narrative";
		return 1;
	}
	int64_t sum = 0;
	int n = 0, missing = 0;
	size_t len = strlen(b->code);
	for (size_t i = 0; i < s->nlines; i++) {
		const struct bline *x = &s->lines[i];
		if (x->dim != b->dim || strlen(x->code) != 7 || strncmp(x->code, b->code, len))
			continue;
		if (adjusted ? x->has_adjusted : x->has_budget) {
			sum += adjusted ? x->adjusted : x->budget;
			n++;
		} else {
			missing = 1;
		}
	}
	if (!n || missing)
		return 0;
	*out = sum;
	*nitems = n;
	*src = "final_accounts_items";
	return 1;
}

static const struct bline *find_line(const struct docsum *s, char dim, const char *code)
{
	for (size_t i = 0; s && i < s->nlines; i++)
		if (s->lines[i].dim == dim && !strcmp(s->lines[i].code, code))
			return &s->lines[i];
	return NULL;
}

static void document(struct sumset *ss, struct docsum *s, struct execution *e)
{
	const struct docsum *pair = paired_budget(ss, s);
	static const struct {
		int m;
		const char *scope;
	} tot[] = { { M_EXPENDITURE_TOTAL, "total" }, { M_GPB_TOTAL, "gpb_total" }, { M_BASIC, "basic" },
		    { M_PROJECT, "project" }, { M_SANGONG_TOTAL, "sangong" } };
	for (size_t k = 0; k < sizeof tot / sizeof tot[0]; k++) {
		int m = tot[k].m;
		if (!s->m[m].has)
			continue;
		const struct mval *b = docsum_x(s, MX_BUDGET, m), *adj = docsum_x(s, MX_ADJUSTED, m);
		int paired = pair && pair->m[m].has;
		if (b->has) {
			push(e, s, tot[k].scope, NULL, metric_defs[m].zh, EB_INITIAL, b->v, s->m[m].v,
			     b->from_narrative ? "final_accounts_narrative" : "final_accounts_table");
			if (paired)
				restated(ss, s, metric_defs[m].zh, b->v, 0, b->unit, pair, pair->m[m].v,
					 pair->m[m].unit, b->file, b->line, b->page);
		} else if (paired) {
			push(e, s, tot[k].scope, NULL, metric_defs[m].zh, EB_INITIAL, pair->m[m].v, s->m[m].v,
			     "budget_document");
		}
		if (adj->has)
			push(e, s, tot[k].scope, NULL, metric_defs[m].zh, EB_ADJUSTED, adj->v, s->m[m].v,
			     adj->from_narrative ? "final_accounts_narrative" : "final_accounts_table");
	}
	/* function 类, then economic 类, in code order as the document lists them */
	for (int pass = 0; pass < 2; pass++) {
		char dim = pass ? 'E' : 'F';
		for (size_t i = 0; i < s->nlines; i++) {
			const struct bline *b = &s->lines[i];
			if (b->dim != dim || strlen(b->code) != 3)
				continue;
			const char *scope = pass ? "economic" : "function";
			int64_t v;
			int nitems;
			const char *src;
			const struct bline *pl = find_line(pair, dim, b->code);
			if (line_budget(s, b, 0, &v, &nitems, &src)) {
				push(e, s, scope, b->code, b->name, EB_INITIAL, v, b->amount, src);
				if (pl) {
					char what[200];
					snprintf(what, sizeof what, "%s（%s）", b->name, b->code);
					restated(ss, s, what, v, nitems, b->unit, pair, pl->amount, pl->unit,
						 s->path, b->line, b->page);
				}
			} else if (pl) {
				push(e, s, scope, b->code, b->name, EB_INITIAL, pl->amount, b->amount,
				     "budget_document");
			}
			if (line_budget(s, b, 1, &v, &nitems, &src))
				push(e, s, scope, b->code, b->name, EB_ADJUSTED, v, b->amount, src);
		}
	}
}

/* ---- PEFA ---- */

/* PI-1's rate of one final accounts: 支出合计, else 一般公共预算财政拨款支出, original budget. */
static int pi1_value(const struct execution *e, size_t a, size_t b, int64_t *out)
{
	static const char *const scopes[] = { "total", "gpb_total" };
	for (size_t k = 0; k < 2; k++)
		for (size_t i = a; i < b; i++) {
			const struct exec_row *r = &e->v[i];
			if (r->basis == EB_INITIAL && !strcmp(r->scope, scopes[k])) {
				int ok;
				*out = execution_rate(r->final, r->budget, &ok);
				return ok;
			}
		}
	return 0;
}

/* PI-2's variance of one final accounts over the 类 of one dimension: every 类 with an outturn
 * needs an original budget. */
static int pi2_value(const struct execution *e, size_t a, size_t b, const struct docsum *s, char dim,
		     int64_t *out)
{
	const char *scope = dim == 'F' ? "function" : "economic";
	size_t classes = 0, rows = 0;
	for (size_t i = 0; i < s->nlines; i++)
		classes += s->lines[i].dim == dim && strlen(s->lines[i].code) == 3;
	int64_t sa = 0, sb = 0;
	for (size_t i = a; i < b; i++)
		if (e->v[i].basis == EB_INITIAL && !strcmp(e->v[i].scope, scope)) {
			rows++;
			sa += e->v[i].final;
			sb += e->v[i].budget;
		}
	if (!classes || rows != classes || sa <= 0 || sb <= 0)
		return 0;
	int64_t dev = 0;
	int ok = 1;
	for (size_t i = a; i < b && ok; i++)
		if (e->v[i].basis == EB_INITIAL && !strcmp(e->v[i].scope, scope)) {
			int64_t adj = money_muldiv(e->v[i].budget, sa, sb, &ok);
			int64_t d = e->v[i].final - adj;
			dev += d < 0 ? -d : d;
		}
	if (!ok)
		return 0;
	/* Σadjusted = ΣA: the variance in % of the outturn */
	*out = execution_rate(dev, sa, &ok);
	return ok;
}

static void pefa_unit(struct execution *e, const struct sumset *ss, size_t oa, size_t ob,
		      const size_t *first, const size_t *last)
{
	static const char *const ind[] = { "PI-1", "PI-2.1", "PI-2.2" };
	for (int k = 0; k < 3; k++) {
		int years[64];
		int64_t vals[64];
		int n = 0;
		for (size_t o = oa; o < ob && n < 64; o++) {
			const struct docsum *s = &ss->v[ss->order[o]];
			int64_t v;
			int ok = k == 0 ? pi1_value(e, first[o], last[o], &v)
					: pi2_value(e, first[o], last[o], s, k == 1 ? 'F' : 'E', &v);
			if (ok) {
				years[n] = s->year;
				vals[n++] = v;
			}
		}
		struct pefa_row *nv = ys_grow(e->p, e->np, &e->capp, sizeof *nv);
		if (!nv)
			return;
		e->p = nv;
		struct pefa_row *r = &nv[e->np++];
		memset(r, 0, sizeof *r);
		r->s = &ss->v[ss->order[ob - 1]];
		r->indicator = ind[k];
		r->nyears = n;
		int from = n > 3 ? n - 3 : 0;
		for (int i = from; i < n; i++) {
			r->year[i - from] = years[i];
			r->value[i - from] = vals[i];
		}
		int used = n - from;
		r->score = k == 0 ? execution_pi1_score(r->value, used) : execution_pi2_score(r->value, used);
		if (!r->score)
			r->note = n == 0 ? "没有可用的年度（需年初预算与决算数，PI-2需每一类都有）"
					 : "不足3个年度，不评分";
		else
			r->note = "";
	}
}

void execution_compute(struct sumset *ss, struct execution *out)
{
	memset(out, 0, sizeof *out);
	size_t *first = calloc(ss->norder + 1, sizeof *first);
	size_t *last = calloc(ss->norder + 1, sizeof *last);
	if (!first || !last) {
		free(first);
		free(last);
		return;
	}
	for (size_t o = 0; o < ss->norder; o++) {
		struct docsum *s = &ss->v[ss->order[o]];
		first[o] = last[o] = out->n;
		if (!s->final)
			continue;
		document(ss, s, out);
		last[o] = out->n;
	}
	/* PEFA per unit and kind of final accounts */
	for (size_t a = 0; a < ss->norder;) {
		const struct docsum *f = &ss->v[ss->order[a]];
		size_t b = sumset_run_end(ss, a);
		if (f->final)
			pefa_unit(out, ss, a, b, first, last);
		a = b;
	}
	free(first);
	free(last);
}

void execution_free(struct execution *e)
{
	free(e->v);
	free(e->p);
	memset(e, 0, sizeof *e);
}
