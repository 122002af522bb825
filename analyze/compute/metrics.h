/* Metrics of one document (SPEC §4): each chosen from the table that states it, with a fallback
 * when a template lacks the table, and its source kept; missing stays missing. The summary
 * (`struct docsum`) is all the later analyses need, so a document's facts can be dropped once
 * it is summarised. */
#ifndef YS_METRICS_H
#define YS_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/doc.h"
#include "base/facts.h"
#include "base/units.h"
#include "compute/reading.h"

enum metric_id {
	M_INCOME_TOTAL, M_EXPENDITURE_TOTAL, M_FISCAL_TOTAL, M_GPB_TOTAL, M_GOV_FUND_TOTAL,
	M_SOE_TOTAL, M_BASIC, M_PROJECT, M_BASIC_SHARE, M_PROJECT_SHARE, M_PERSONNEL,
	M_PUBLIC_USE, M_PERSONNEL_SHARE, M_ECON_301, M_ECON_302, M_ECON_303, M_ECON_310,
	M_SANGONG_TOTAL, M_SANGONG_ABROAD, M_SANGONG_VEHICLE, M_SANGONG_VEHICLE_PURCHASE,
	M_SANGONG_VEHICLE_OPERATION, M_SANGONG_RECEPTION, M_MEETING, M_TRAINING,
	M_ADMIN_RUNNING, M_PROCUREMENT_TOTAL, M_PROCUREMENT_GOODS, M_PROCUREMENT_WORKS,
	M_PROCUREMENT_SERVICES, M_PURCHASE_SERVICE_TOTAL, M_PROJECT_COUNT, M_PERFORMANCE_TOTAL,
	M_QUALITY_SCORE, M_COUNT
};

enum metric_kind { MK_MONEY, MK_SHARE, MK_COUNT, MK_SCORE };

struct metric_def {
	const char *key;
	enum metric_kind kind;
	const char *zh;       /* the reviewer's name for it */
};
extern const struct metric_def metric_defs[M_COUNT];
int metric_by_key(const char *key); /* -1 if none */

/* One value with where it came from (32 bytes: a run holds 34 of them per document). */
struct mval {
	int64_t v;               /* fixed point ×10^6: 分 for money, % for shares */
	const char *file;
	int line, page;
	unsigned char has;
	unsigned char from_narrative; /* the tables do not state it; the 情况说明 does */
	unsigned char unit;      /* enum money_unit of the source: its precision bounds rounding */
	unsigned char rejected;  /* the audit rejects it (read from a table that failed its own
				  * identities): it feeds no growth, trend, flag or chart */
	unsigned char prec;      /* the decimals it was printed with (struct fact's prec; 0: the
				  * unit's usual) — a comparison's envelope comes from it */
};

/* The figures a document gives besides its own, kept only when it gives them (most give a few
 * priors, only final accounts give budgets): the narrative's prior year, and the budget the
 * outturn is measured against (年初预算数, 调整预算数). */
enum mx { MX_PRIOR, MX_BUDGET, MX_ADJUSTED };
struct mxval {
	unsigned char set;       /* enum mx */
	unsigned char metric;
	struct mval v;
};

/* A function or economic code line (breakdown.csv). */
struct bline {
	char dim;                /* 'F' function, 'E' economic */
	char code[8];
	const char *name;
	int64_t amount;
	enum money_unit unit;
	int line, page;
	int has_nprior;          /* the narrative states its prior year */
	int64_t nprior;
	/* final accounts: the line's 年初预算 and 调整预算, from the table or the narrative */
	int has_budget, has_adjusted;
	int64_t budget, adjusted;
	char budget_src;         /* 'T' table, 'N' narrative */
};

struct docsum {
	const char *path;
	const char *unit_code, *unit_name, *doc_kind, *key, *parent, *group;
	int year;
	int final;               /* 决算 */
	size_t nfacts;
	size_t input;            /* order of the input file, then of the document in it */
	struct mval m[M_COUNT];
	struct mxval *x;                 /* the other figures (docsum_x), in no particular order */
	size_t nx;
	struct bline *lines;
	size_t nlines;
	struct findings findings;        /* this document's audit */
	struct reading reading;          /* how well it was read (reading.csv) */
	int duplicate;                   /* another document of the same unit-year was chosen */
};

/* Summarises a document: metrics, breakdown lines, narrative priors, and the document's audit
 * (audit.h). Strings are interned in pool. */
enum ys_err metrics_summarise(const struct doc *d, const struct registry *reg, struct strpool *pool,
			      struct docsum *out);
/* The same in two steps: the metrics, breakdown lines and priors; then audit_document (audit.h),
 * which adds the findings and the quality score. */
enum ys_err metrics_compute(const struct doc *d, const struct registry *reg, struct strpool *pool,
			    struct docsum *out);
void docsum_free(struct docsum *s);

/* A figure of set for a metric: one whose `has` is 0 when the document gives none. */
const struct mval *docsum_x(const struct docsum *s, enum mx set, int metric);

/* The slot for it, added (empty) when missing; NULL when out of memory. */
struct mval *docsum_x_slot(struct docsum *s, enum mx set, int metric);

/* Moves every string of s into pool (a summary made in a reading thread joins the run's pool,
 * and the thread's pool can go). */
void docsum_reintern(struct docsum *s, struct strpool *pool);

/* A share in % (2 decimals, fixed point ×10^6) of part over whole; 0 when whole is 0. */
int64_t metrics_share(int64_t part, int64_t whole, int *ok);

/* The half-unit of the source's last printed digit, in 分: 万元 → 0.005 万元, 元 → 0.5 元. */
int64_t metrics_half_unit(enum money_unit u);

#endif
