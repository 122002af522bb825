/* Table kinds from titles, column keys from (multi-line) headers, and rows into facts. Shared by
 * the tab-separated reader and the layout reader: they find cells, this module says what the
 * cells mean. Recognition is by keywords, never by a table's number or position. */
#ifndef YS_TABLES_H
#define YS_TABLES_H

#include <stddef.h>

#include "../base/facts.h"
#include "../base/money.h"

#include "titles.h"

enum col_role {
	COL_AMOUNT,
	COL_SUBJECT,   /* function/economic code, whole or one part (类/款/项) */
	COL_UNIT,      /* 部门(单位)代码 */
	COL_NAME,
	COL_ATTR,      /* 项目名称, 资金性质: qualifies the row name */
	COL_SEQ,       /* 序号 */
	COL_TEXT       /* 绩效目标, 指标, 备注: text, no facts */
};

struct col_spec {
	enum col_role role;
	int side;            /* two-sided tables: 0 income, 1 expenditure */
	char key[128];       /* column key of an amount column */
	char label[160];     /* joined header path, for messages */
};

struct cell {
	const char *s;       /* not NUL-terminated */
	size_t len;
};

struct table_shape {
	const char *kind;
	size_t ncols;
	struct col_spec *cols;   /* malloc'd */
	int two_sided;
	size_t first_amount, last_amount;
};

/* True for a header row that only numbers the columns (`1 2 3 …`, blanks allowed). */
int tables_is_colnum_row(const struct cell *cells, size_t n);

/* True for a row label that makes a row data even without amounts (合计, 总计 …). */
int tables_is_total_label(const char *s, size_t len);

/* Builds column specs from header rows (top to bottom), with spanned group labels filled in.
 * Returns YS_ENOMEM or YS_OK; free with tables_shape_free. */
enum ys_err tables_shape_build(const char *kind, const struct cell *const *rows,
			       const size_t *widths, size_t nrows, struct table_shape *out);
void tables_shape_free(struct table_shape *s);

/* The same from each column's header path (top to bottom, normalised labels): paths[c*16 + i]
 * for i < np[c]. Used by readers that find columns by position. */
enum ys_err tables_shape_from_paths(const char *kind, const char *const *paths, const size_t *np,
				    size_t ncols, struct table_shape *out);

/* True when a normalised label is one this module knows (a column token, a group label, a
 * label-column name): lets a reader join a label wrapped over lines (`事业单位` / `经营收入`). */
int tables_known_label(const char *norm);

/* State carried between the rows of one table (names of parent items in two-sided tables). */
struct row_state {
	char parent[2][4][160];  /* [side][level] item names */
};

/* Where one table's rows go. */
struct row_sink {
	struct facts *facts;
	struct findings *findings;
	struct fact tmpl;       /* unit, year, kind, table, file, unit_note filled by the reader */
	enum money_unit unit;
	int zero_printed;       /* this table prints zeros (0.00) rather than leaving cells blank */
};

/* Turns one data row into facts. Cells are aligned with shape->cols (ncells may be smaller:
 * missing trailing cells). Garbage cells and rows that cannot be placed become findings; the
 * return is the number of facts added, or -1 when the row was left out. line/page: source. */
int tables_emit_row(const struct table_shape *shape, struct row_state *st, const struct cell *cells,
		    size_t ncells, int line, int page, struct row_sink *sink);

/* The function 类 code for a category name as printed in summaries (`一般公共服务支出` → "201"),
 * or NULL. */
const char *tables_function_class(const char *name);

#endif
