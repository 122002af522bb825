/* The consistency audit (SPEC §5): every identity of DOMAIN.md within a rounding envelope derived
 * from the source's precision, table against table, narrative against tables, completeness, the
 * rows the reader could not place. Severity: error beyond the envelope, info within it, warning
 * for structure. A finding never stops the run. */
#ifndef YS_AUDIT_H
#define YS_AUDIT_H

#include "metrics.h"

/* The audit of one document into s->findings; also sets s->m[M_QUALITY_SCORE]. */
void audit_document(const struct doc *d, struct docsum *s, struct strpool *pool);

/* The rounding envelope of a sum of n printed items against a printed total: half a unit of
 * the last digit per item and for the total, in 分. */
int64_t audit_envelope(size_t n, enum money_unit u);

/* Adds a finding with numbers (expected/actual in fixed point, unit of both). */
void audit_add(struct findings *fl, struct strpool *pool, const char *check, enum severity sev,
	       int has_expected, int64_t expected, int has_actual, int64_t actual,
	       enum money_unit unit, const char *file, int line, int page, const char *fmt, ...)
	__attribute__((format(printf, 13, 14)));

/* The quality score formula (README): completeness 50 points, consistency 50. */
int audit_quality(const struct doc *d, const struct findings *fl);

#endif
