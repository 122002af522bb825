/* changes.csv (issue 6): what changed since the previous results in the same output folder, so a
 * nightly operator reads news, not everything again.
 *
 *   change,what,unit_code,unit_name,year,doc_kind,item,old,new,detail
 *
 * `what` is `document` (a unit-year-kind appeared or went: change added/removed), `metric`
 * (a metrics.csv cell changed: item = the metric key, old and new values), `flag` (a flags.csv
 * row appeared or went: item = the rule, new/old = its value, detail = its message) or `finding`
 * (an audit.csv row appeared or went: item = the check, detail = message and source). Rows are
 * sorted by unit, year, kind, then what, item and change. Without previous results the file has
 * its header only. */
#ifndef YS_CHANGES_H
#define YS_CHANGES_H

#include <stddef.h>

#include "base/err.h"

extern const char changes_csv_header[];

/* Compares dir's metrics.csv, flags.csv and audit.csv with prev's and writes dir/changes.csv.
 * prev may be NULL or hold no results (*had_prev = 0). *n = rows written. */
enum ys_err changes_write(const char *dir, const char *prev, int bom, int *had_prev, size_t *n,
			  struct ys_error *err);

#endif
