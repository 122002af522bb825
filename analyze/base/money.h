/* Exact amounts: int64 分 inside, decimal 万元 strings outside; never through double.
 * The same fixed point (value × 10^6 of the printed unit) carries percentages and counts. */
#ifndef YS_MONEY_H
#define YS_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Printed unit of a source amount. 1 万元 = 10^6 分, 1 千元 = 10^5 分, 1 元 = 100 分. */
enum money_unit { MU_YUAN, MU_QIAN, MU_WAN, MU_PCT, MU_COUNT };

#define MONEY_WAN INT64_C(1000000) /* one 万元 in 分; also 1.00 in fixed point */

/* The source text of a unit (`元`, `千元`, `万元`, `%`, `个`) and back. */
const char *money_unit_name(enum money_unit u);
int money_unit_from_name(const char *s, enum money_unit *u); /* 0 ok, -1 unknown */

/* Parses one table cell or narrative number into 分 (or fixed point for % and counts).
 *   cell   := ws* ( zero | sign? int frac? ) ws* '%'? ws*
 *   zero   := '' | '-' | '－' | '—' | '–'     (templates print zero cells so)
 *   sign   := '-' | '+' | '－' | '−'
 *   int    := digit+ | digit{1,3} (',' digit{3})+   (',' may be '，')
 *   frac   := '.' digit+                            ('.' may be '．')
 * Digits may be full width (０-９). A leading '(' … ')' is not accepted (no template uses it).
 * Returns YS_EPARSE for anything else (trailing junk, bad grouping), YS_ERANGE when the value
 * overflows int64 分 or carries more decimals than 分 can hold (元 with 3 decimals).
 * *is_blank is set when the cell was one of the zero spellings (may be NULL). */
enum ys_err money_parse(const char *s, size_t len, enum money_unit u, int64_t *out, int *is_blank);

/* The decimals s is printed with: digits after its '.' or '．' (0 when none). For the precision
 * of a printed figure (issue 16): `17,192` 0, `87.70` 2. */
int money_decimals(const char *s, size_t len);

/* True when s looks like an amount (so a row cell can be told from a label): at least one digit
 * and money_parse accepts it. Zero spellings do not count. */
int money_looks_numeric(const char *s, size_t len);

/* Writes v (fixed point, 6 decimals) with at least min_dec and at most 6 decimals, trailing
 * zeros beyond min_dec dropped: 1236470000 → "1236.47", 950116400 → "950.1164".
 * buf must hold 32 bytes. Returns buf. No thousands separators, '.' always (locale-free). */
char *money_format(int64_t v, int min_dec, char *buf);

/* round(num * mul / den) to the nearest integer, halves away from zero; den != 0.
 * Exact (128-bit intermediate). Used for shares and rates. *ok = 0 on overflow. */
int64_t money_muldiv(int64_t num, int64_t mul, int64_t den, int *ok);

/* Rounds a fixed-point value to `dec` decimals (0..6), halves away from zero. */
int64_t money_round(int64_t v, int dec);

#endif
