/* The fact store: one fact = one number in one cell of one table of one document, or one claim
 * of its narrative (SPEC §3). Strings are interned in the store's pool. Also the finding record
 * that readers and the audit share (a row of audit.csv). */
#ifndef YS_FACTS_H
#define YS_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "money.h"
#include "strpool.h"

/* The table keys of DOMAIN.md, in canonical order (for completeness checks and output): the
 * values of a fact's `table`. (Moved from read/tables.h: the analyses and writers use them.) */
extern const char *const tables_keys[];
extern const size_t tables_nkeys;

struct fact {
	const char *unit_code, *unit_name, *doc_kind;
	int year;
	const char *table, *row_code, *row_name, *column;
	int64_t amount;              /* 分 = 10^-6 万元; for % and 个, the value × 10^6 */
	enum money_unit unit_note;   /* as printed in the source */
	unsigned char prec;          /* decimals printed, in unit_note's unit, + FACT_PREC_BIAS
				      * (`17,192万元` 5, `87.70` 7, `1.5亿元` 2); 0: not known, the
				      * unit's usual (a table cell, a facts CSV read back) — issue 16 */
	const char *file;            /* source file as given */
	int line, page;              /* page 0 = not a PDF */
};

struct facts {
	struct fact *v;
	size_t n, cap;
	struct strpool *pool;
	int own_pool;
};

enum ys_err facts_init(struct facts *fs, struct strpool *shared_pool_or_null);
void facts_free(struct facts *fs);

/* Copies f, interning every string into the store's pool. */
enum ys_err facts_add(struct facts *fs, const struct fact *f);
const char *facts_intern(struct facts *fs, const char *s);

/* One unit of the last digit the source printed, in 分 (fixed point as facts): 1 元 = 100,
 * 0.01 万元 = 10000, 0.01 % = 10000; 0 for counts. A sum of printed figures holds when its
 * difference is within half of the figures' ulps added up. When the fact knows the decimals it
 * was printed with (prec), those: `17,192万元` 1 万元 = 1000000, `6.2%` 0.1 % = 100000. */
int64_t fact_ulp(const struct fact *f);

/* The decimals printed, in the unit of unit_note (may be negative: `1.5亿元` is -3 in 万元); the
 * unit's usual ones when not known (元 0, 千元 0, 万元 2, % 2, 个 0). */
#define FACT_PREC_BIAS 5
int fact_decimals(const struct fact *f);

/* The prec value for dp decimals printed (clamped to what 分 can hold), for the readers. */
unsigned char fact_prec(int dp);

/* v (fixed point) cut — not rounded — to dp decimals of unit u: the figure a source that
 * truncates prints (87.708 → 87.70). */
int64_t fact_truncate(int64_t v, enum money_unit u, int dp);

/* `file:line`, or `file:page:line` for PDF sources. Returns buf. */
char *fact_source(const struct fact *f, char *buf, size_t n);

/* Severity of a finding: info (within rounding), warning (structural), error. */
enum severity { SEV_INFO, SEV_WARNING, SEV_ERROR };
const char *severity_name(enum severity s);
int severity_from_name(const char *s, enum severity *out);

/* A finding about one document (or one unit-year). Strings are owned by whoever made it
 * (usually interned in a pool); `has_expected`/`has_actual` mark the numeric fields. */
struct finding {
	const char *check;
	enum severity severity;
	int has_expected, has_actual;
	int64_t expected, actual;     /* fixed point as facts */
	enum money_unit unit;         /* of expected/actual: money in 万元, or % */
	const char *file;
	int line, page;
	const char *message;          /* Chinese sentence for reviewers */
	const char *ack;              /* acknowledged (compute/known.h): the reason shown, else NULL;
				       * set for the run, never cached */
};

struct findings {
	struct finding *v;
	size_t n, cap;
};
enum ys_err findings_add(struct findings *fl, const struct finding *f);
void findings_free(struct findings *fl);

#endif
