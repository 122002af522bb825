/* Whose document, which year, which kind: the unit, year and kind of a disclosure, read from its
 * cover, its title, label lines (`部门：X`, `单位名称：X` …), running headers and, for a tables-only
 * attachment, its file name — before the tables are read, so that every fact carries them. */
#ifndef YS_IDENT_H
#define YS_IDENT_H

#include <stddef.h>

#include "doc.h"

/* Reads the whole text (before a reader takes it apart) and sets d's unit_code, unit_name,
 * year, doc_kind and title. markup: the text is the seed's markdown (headings, `**`, tags).
 * A document that names no unit gets `未具名单位(FILE)` (never "", never two nameless
 * documents under one name). */
void ident_scan(struct doc *d, const char *text, size_t len, int markup);

/* After the tables are read: the kind's budget/final from the table titles when nothing else
 * said it (`预算01表 收支总表`), every fact's identity brought up to date, and the warnings of a
 * document read badly (no unit name, no year, no table recognised). */
void ident_finish(struct doc *d);

/* 1 when a (normalised) line is identity, not narrative: a label line or a line of the cover
 * title. Changes nothing once ident_scan has run. */
int ident_line(struct doc *d, const char *norm);

/* Parses a title (normalised: no blanks): `[NAME]YYYY年[度][NAME][部门|单位|综合…]预算|决算[公开
 * 说明…]`. Returns 1 with the year, final (决算), scope ('D' 部门, 'U' 单位, 0) and the unit's
 * name ("" when the title names none) when it is one. Exposed for tests. */
int ident_parse_title(const char *norm, int *year, int *final, char *scope, char *name, size_t n);

/* 1 when s (normalised) can be a unit's name: not a region alone (`上海市普陀区`), not a part or
 * an ordinal (`第二部分`), no title words (预算, 目录, 表 …). Exposed for tests. */
int ident_plausible_name(const char *s);

#endif
