/* Budget execution (issue 9): did a unit spend what it said it would, and on what it said?
 *
 * For every final-accounts document: the outturn (决算数) against the original budget (年初预算)
 * and, apart, against the adjusted budget (调整预算) — never mixed — in total (支出合计, 一般公共预算
 * 财政拨款支出), by 基本/项目, by function 类 and by economic 类, and for “三公”经费. The budget comes
 * from the final accounts themselves (their tables, else their narrative; a 类 with no figure of its
 * own is the sum of its 项 when every 项 of it has one), else from the same unit's budget document
 * of that year (original budget only). When both give an original budget and they differ beyond
 * rounding, the final accounts get a `restated_budget` finding.
 *
 * PEFA (2016 framework), per unit over its final-accounts years:
 *   PI-1   aggregate outturn = outturn / original budget; A: 95–105% in 2 of the last 3 years,
 *          B: 90–110%, C: 85–115%, else D.
 *   PI-2.1 composition variance by function 类, PI-2.2 by economic 类:
 *          adjusted_i = B_i·(ΣA/ΣB), variance = Σ|A_i − adjusted_i| / Σadjusted_i;
 *          A: < 5% in 2 of the last 3 years, B: < 10%, C: < 15%, else D.
 * A year counts only when every line has both figures; fewer than 3 such years: n/a. */
#ifndef YS_EXECUTION_H
#define YS_EXECUTION_H

#include "corpus.h"

enum exec_basis { EB_INITIAL, EB_ADJUSTED };

struct exec_row {
	const struct docsum *s;      /* the final accounts */
	const char *scope;           /* total, gpb_total, basic, project, function, economic, sangong */
	char code[8];                /* function or economic 类 */
	const char *name;
	enum exec_basis basis;
	int64_t budget, final;
	const char *source;          /* final_accounts_table, final_accounts_narrative,
				      * final_accounts_items, budget_document */
};

struct pefa_row {
	const struct docsum *s;      /* the unit's last final accounts */
	const char *indicator;       /* PI-1, PI-2.1, PI-2.2 */
	int nyears;                  /* years with the figures */
	int year[3];                 /* the last three of them (oldest first) */
	int64_t value[3];            /* % (fixed point, 2 decimals): outturn rate or variance */
	char score;                  /* A–D, or 0 for n/a */
	const char *note;
};

struct execution {
	struct exec_row *v;
	size_t n, cap;
	struct pefa_row *p;
	size_t np, capp;
};

/* Execution rows for every chosen final-accounts document (sumset order), restated_budget
 * findings on them, and PEFA rows per unit. */
void execution_compute(struct sumset *ss, struct execution *out);
void execution_free(struct execution *e);

/* The rate in % (fixed point, 2 decimals) of final over budget; *ok = 0 when the budget is 0. */
int64_t execution_rate(int64_t final, int64_t budget, int *ok);

/* PEFA scores of three yearly values (fixed point %): PI-1 from outturn rates, PI-2 from
 * variances. 0 when fewer than 3 values. */
char execution_pi1_score(const int64_t *rates, int n);
char execution_pi2_score(const int64_t *variances, int n);

#endif
