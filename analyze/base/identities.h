/* A table's own identities, evaluated from its facts alone: a test of the reading (issue 16).
 * Owned by the findings helper (audit). The reader calls it to choose between candidate readings
 * of a table, the audit to tell a table read wrongly (`reading_suspect`) from a real inconsistency,
 * reading.csv to count identities that hold and fail. Depends on base/ only.
 *
 * What it accepts: the facts of one document (an array of struct fact, in document order) and a
 * table key of DOMAIN.md (`expenditure`, `summary`, …). Facts of other tables, and the
 * `stated_empty` marker, are skipped, so a whole document's facts may be passed, or just the
 * candidate facts of one table; so are a column-number row (`栏次`) and a line-number column
 * (`行次`) taken for amounts. A printed row is the facts sharing page, line, row_code and
 * row_name. Nothing else is needed: the same facts read back from a facts CSV give the same
 * result.
 *
 * The identities (each within the rounding envelope of the figures as printed: half a unit of the
 * last printed digit of every figure involved, fact_ulp):
 *   IDENT_ROW    within a printed row: 合计 = 基本 + 项目 (+ 结转下年, 上缴上级 …); 基本 = 人员 +
 *                公用; 合计 = 本年收入 + 上年结转; 合计 = Σ income sources; 三公 = 出国 + 车 +
 *                接待, 车 = 购置 + 运行; procurement by fund, by kind, 集中 + 分散. A row whose
 *                shortfall is exactly what its columns of unknown meaning print holds (a source
 *                column the header reader could not name).
 *   IDENT_CODE   per column: a 类 = Σ its 款, a 款 = Σ its 项 (function codes 2…, economic codes
 *                3…/5…, each family apart). A table that prints the same codes again (a section
 *                per unit) is taken section by section.
 *   IDENT_TOTAL  per column: the 合计 row = Σ the top level of each code family (codes none of
 *                whose ancestors is printed); performance: 合计 = Σ its projects.
 *   IDENT_SIDE   two-sided summaries (summary, fiscal_summary), per column of each side: the
 *                items (rows that are neither totals nor 结转/结余) add up to 本年收入合计 (on the
 *                expenditure side the function classes, the rows without codes, or both); 本年
 *                合计 + the 结转/结余 rows = 收入总计; a parent item = Σ its children (`X/…`; a sum
 *                below the parent is taken for a `其中` list and not counted); 收入总计 = 支出总计.
 *                The items and children come from the reader's ordinals, so those identities are
 *                marked `inferred` (weaker evidence); the named totals are not.
 *
 * What it returns: counts of identities checked, holding and failing, every identity that does
 * not hold exactly (failing, or within rounding) with its figures, the number of distinct printed
 * rows that fail one, and `suspect` when that is IDENT_SUSPECT_ROWS or more: a table read wrongly
 * rather than printed wrongly (one wrong figure in a document fails at most two rows: its own and
 * its parent's). Pointers in the result point into the caller's facts. */
#ifndef YS_IDENTITIES_H
#define YS_IDENTITIES_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "facts.h"

#define IDENT_SUSPECT_ROWS 3

enum ident_kind { IDENT_ROW, IDENT_CODE, IDENT_TOTAL, IDENT_SIDE };

struct ident {
	enum ident_kind kind;
	const char *what;            /* static Chinese text: `合计 = 基本支出 + 项目支出` */
	const struct fact *total;    /* the printed figure its parts should add up to */
	const struct fact *part;     /* one of the parts (IDENT_SIDE balance: the other side's total) */
	int64_t sum;                 /* what the parts add up to, 分 (fixed point as facts) */
	size_t nparts;
	int64_t ulps;                /* Σ one unit of the last printed digit of every figure, 分 */
	int holds;                   /* 2·|sum − total| ≤ ulps: the difference is rounding */
	int inferred;                /* the structure is the reader's inference, not printed */
	int64_t unknown;             /* it holds only with this much of columns of unknown meaning
				      * added (0: it holds, or fails, on its own) */
};

struct ident_result {
	size_t checked, held, failed; /* identities evaluated; within rounding; beyond it */
	struct ident *v;              /* the identities that are not exact, in document order */
	size_t n, cap;
	size_t failed_rows;           /* distinct printed rows (page, line) failing an identity */
	int suspect;                  /* failed_rows >= IDENT_SUSPECT_ROWS */
};

/* Evaluates the identities of `table` over facts[0..n). *out is initialised here (any previous
 * content is not freed); free it with identities_free. Returns YS_ENOMEM when memory ran out
 * (out then holds what was evaluated before, and suspect is 0), else YS_OK. */
enum ys_err identities_eval(const char *table, const struct fact *facts, size_t n,
			    struct ident_result *out);
void identities_free(struct ident_result *r);

/* True when the table key has identities of its own (every key of DOMAIN.md but `narrative`). */
int identities_table_known(const char *table);

/* `第12、15、20行` (PDF: `第3页第12行`…): the failing rows of r, at most 8, then `等N行`.
 * Returns buf. */
char *identities_failed_rows_text(const struct ident_result *r, char *buf, size_t n);

#endif
