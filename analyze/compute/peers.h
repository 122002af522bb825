/* Peer comparisons (SPEC §5, issue 18): per year, for each comparison scope (all units of the
 * registry's region, the units outside it, each peer group — registry group or parent code),
 * the distribution of measures that compare like with like — shares, ratios and growth rates,
 * never raw amounts, for which a large unit would be "an outlier" for being large — and the
 * units whose robust z = (x − median)/(1.4826·MAD) exceeds 3.5, in scopes of 4 units or more.
 * Budgets and final accounts are compared apart: final-accounts scopes end in `:final`. */
#ifndef YS_PEERS_H
#define YS_PEERS_H

#include "base/units.h"
#include "corpus.h"

/* What peers are compared on. */
enum peer_measure {
	PM_BASIC_SHARE,          /* 基本支出 / 支出合计, % */
	PM_PERSONNEL_SHARE,      /* 人员经费 / (人员经费 + 公用经费), % */
	PM_SANGONG_RATIO,        /* “三公”经费 / 支出合计, ‰ */
	PM_ADMIN_RUNNING_RATIO,  /* 机关运行经费 / 基本支出, % (units that report it above zero) */
	PM_PROCUREMENT_RATIO,    /* 政府采购预算 / 支出合计, % */
	PM_EXPENDITURE_GROWTH,   /* 支出合计 against the prior year (growth.h's prior), % */
	PM_COUNT
};

struct peer_measure_def {
	const char *key;         /* compare.csv's and outliers.csv's `metric` */
	const char *zh;
	const char *unit;        /* "%" or "‰" */
};
extern const struct peer_measure_def peer_measures[PM_COUNT];
int peer_measure_by_key(const char *key); /* -1 if none */

/* The measure of one document; 0 when it cannot be computed (a part or the base missing, a
 * zero base). */
int peer_measure_value(const struct sumset *ss, const struct docsum *s, int measure, double *out);

struct compare_row {
	int year;
	const char *group;
	int measure;
	size_t n;
	int has_sd;
	double mean, sd, min, p25, median, p75, max;
};

struct outlier_row {
	int year;
	const char *group;
	int measure;
	const struct docsum *s;
	double value, median, mad, z;
	int rank;                 /* 1 = the largest value in the group */
};

/* A comparison scope of one year and family, and its documents (sumset order). */
struct peer_group {
	int year;
	const char *label;        /* "all", "others", a group; with ":final" for final accounts */
	const struct docsum **m;
	size_t n;
};

struct peers {
	struct compare_row *c;
	size_t nc, capc;
	struct outlier_row *o;
	size_t no, capo;
	struct peer_group *g;     /* sorted by (year, label) */
	size_t ng, capg;
	unsigned char *others;    /* per document of ss->v: 1 when outside the registry's region */
	struct strpool *pool;     /* the group labels ("教育:final"): the peers' own, so that they are
				   * computed beside the analyses that add to the run's pool */
};

#define PEERS_Z_LIMIT 3.5
#define PEERS_MIN_N 4         /* fewer units: no outliers (a median of three says little) */

/* reg (may be NULL): the registry. When it is given, `all` is its units and the others (the
 * documents it does not know) are `others`: a demo region's registry keeps the demo apart from
 * real documents read beside it. Without one, `all` is every unit. */
void peers_compute(const struct sumset *ss, const struct registry *reg, struct peers *out);
void peers_free(struct peers *p);

/* The scope (year, label) or NULL. */
const struct peer_group *peers_group(const struct peers *p, int year, const char *label);

/* The label of s's region scope ("all" or "others", ":final" for final accounts) into buf. */
char *peers_scope_label(const struct peers *p, const struct sumset *ss, const struct docsum *s,
			char *buf, size_t n);

#endif
