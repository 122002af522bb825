/* CSV output: UTF-8, header row, RFC 4180 quoting (through libcsv), LF, numbers without locale,
 * text cells that start with = + - @ neutralised for spreadsheets, optional BOM (--excel). */
#ifndef YS_OUT_CSV_H
#define YS_OUT_CSV_H

#include <stdint.h>
#include <stdio.h>

#include "../base/facts.h"

struct csvw {
	FILE *fp;
	int col;          /* cells written in the current row */
	int err;          /* a write failed */
};

void csvw_init(struct csvw *w, FILE *fp, int bom);
/* A text cell (NULL = empty). */
void csvw_text(struct csvw *w, const char *s);
/* A fixed-point number (money in 万元, or %) with at least min_dec decimals. */
void csvw_fixed(struct csvw *w, int64_t v, int min_dec);
/* An integer. */
void csvw_int(struct csvw *w, long long v);
/* An empty cell. */
void csvw_empty(struct csvw *w);
void csvw_endrow(struct csvw *w);
/* Header from a comma-separated list of names. */
void csvw_header(struct csvw *w, const char *names);

/* The facts.csv header of SPEC §3. */
extern const char facts_csv_header[];

/* One fact as a facts.csv row. Amounts: money in 万元 with at least 2 decimals, % with 2, counts
 * as integers. */
void csvw_fact(struct csvw *w, const struct fact *f);

/* Writes all facts (header included) to path. Returns YS_OK or YS_EIO (err filled). */
enum ys_err out_csv_facts(const char *path, const struct facts *fs, int bom, struct ys_error *err);

#endif
