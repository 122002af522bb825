/* Finding tables: which table a title line names, the lines that number a table, the amount
 * unit line, and the note that a table is empty. Every function takes a line as text_norm leaves
 * it (no white space, ASCII parentheses): readers normalise each line once. */
#ifndef YS_TITLES_H
#define YS_TITLES_H

#include "../base/money.h"

/* Table key for a title line, or NULL when the line names no standard kind (or is no title). A
 * title ends in 表 once its numbering (`预算02表`, `公开表6`, `表3`, `表5 2022年…`) and trailing
 * qualifiers (`(按功能分类科目)`, `(预算表5)`, `(不含上年结转)`) are set aside, is short, and names
 * a kind by its words. Tables that are not one of the standard kinds (项目支出表, 基本支出总表,
 * 一般公共预算支出表(按经济分类)…) are NULL here and true for tables_title_other. */
const char *tables_kind_from_title(const char *norm);

/* A table title of no standard kind (`部门预算项目支出及其他支出预算表`, `财政拨款支出表(功能科目)`):
 * it still ends the table above it, whose rows it must not join. */
int tables_title_other(const char *norm);

/* A line that only numbers a table (`表3`, `公开表6`, `公开02表`, `预算表5`, `附表3`, `表一`): the
 * table above ends there, and the line is never a row. */
int tables_number_label(const char *norm);

/* The amount unit stated by a line such as `单位:万元`, `金额单位:元` (also `单位:万` with the 元
 * wrapped onto the next line); returns 1 and sets *u. */
int tables_unit_line(const char *norm, enum money_unit *u);

/* A note saying the table is empty (`故本表无数据`, `故本表为空表`, `本表无数据`). */
int tables_stated_empty(const char *norm);

#endif
