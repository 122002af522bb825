/* summary.xlsx (issue 5): each summary CSV of the run as a sheet, with Chinese column headers,
 * number formats (万元 with two decimals and thousands separators, % with two decimals), metric
 * and severity names in Chinese, frozen header rows and unit names, Excel tables (filters), A4
 * landscape pages one page wide with the header row on each, and 历年对比 (a unit's metrics with
 * the years side by side). The sheets are read back from
 * the CSVs just written, so the workbook can never say something the CSVs do not. */
#ifndef YS_WORKBOOK_H
#define YS_WORKBOOK_H

#include "base/err.h"

/* Writes dir/summary.xlsx from dir/<sheet>.csv, in two halves at once when threads >= 2 (the
 * file is the same either way). Returns YS_OK, or YS_EIO / YS_EPARSE with err filled.
 * *truncated is set when a sheet had more rows than a worksheet holds (1,048,575). */
enum ys_err workbook_write(const char *dir, const char *version, int threads, int *truncated,
			   struct ys_error *err);

/* The second half of the workbook, in a process of its own: writes DIR/.summary.b.xlsx and
 * reports its sheets' sizes on stdout. Returns the exit status. */
int workbook_half_main(const char *dir, const char *version);

/* The two halves put together (for the tests): a's files in a's order with b's sheets of half
 * B in place of a's (b NULL: a's alone), each data sheet made an Excel table. Returns 1 when
 * written to out, 0 when the halves do not fit together (their styles.xml differ: nothing
 * written), -1 on an error. */
int workbook_join(const char *a, const char *b, const char *out);

/* A CSV number cell as a double, without the C library's locale ("1236.47" → 1236.47).
 * Returns 0, or -1 when the cell is not a plain decimal. */
int workbook_number(const char *s, double *out);

#endif
