/* CSV output: UTF-8, header row, RFC 4180 quoting (through libcsv), LF, numbers without locale,
 * text cells that start with = + - @ neutralised for spreadsheets, optional BOM (--excel). */
#ifndef YS_OUT_CSV_H
#define YS_OUT_CSV_H

#include <stdint.h>
#include <stdio.h>

#include "../base/facts.h"
#include "compute/execution.h"
#include "compute/peers.h"
#include "compute/rules.h"
#include "compute/trend.h"

struct csvw {
	FILE *fp;         /* NULL: the rows go to mem */
	int col;          /* cells written in the current row */
	int err;          /* a write failed */
	int bom;          /* a UTF-8 BOM goes before the header (--excel) */
	char *mem;        /* (fp NULL) every row written, malloc'd: csvw_take */
	size_t mem_len, mem_cap;
	size_t n;         /* bytes of the current row in buf: a row reaches fp in one write, */
	char buf[4096];   /* at csvw_endrow (longer rows in pieces) */
};

void csvw_init(struct csvw *w, FILE *fp, int bom);
/* Rows into memory instead of a file (a reading thread formats its facts rows ahead). */
void csvw_init_mem(struct csvw *w);
/* The rows written to memory and their length (caller frees; an empty buffer when there were
 * none, NULL after a failed allocation). The writer is empty afterwards. */
char *csvw_take(struct csvw *w, size_t *len);
/* A text cell (NULL = empty). */
void csvw_text(struct csvw *w, const char *s);
/* A cell read back from one of our CSVs: a plain decimal stays a number, anything else is text. */
void csvw_value(struct csvw *w, const char *s);
/* A fixed-point number (money in 万元, or %) with at least min_dec decimals. */
void csvw_fixed(struct csvw *w, int64_t v, int min_dec);
/* An integer. */
void csvw_int(struct csvw *w, long long v);
/* An empty cell. */
void csvw_empty(struct csvw *w);
void csvw_endrow(struct csvw *w);
/* Bytes already in CSV form, as they are (the first cells of a row, or whole rows); the row's
 * next cell gets no separator. */
void csvw_raw(struct csvw *w, const char *s, size_t n);
/* Header from a comma-separated list of names. */
void csvw_header(struct csvw *w, const char *names);

/* The facts.csv header of SPEC §3. */
extern const char facts_csv_header[];

/* One fact as a facts.csv row. Amounts: money in 万元 with at least 2 decimals, % with 2, counts
 * as integers. */
void csvw_fact(struct csvw *w, const struct fact *f);

/* Writes all facts (header included) to path. Returns YS_OK or YS_EIO (err filled). */
enum ys_err out_csv_facts(const char *path, const struct facts *fs, int bom, struct ys_error *err);


/* ---- the analyses (SPEC §4-§6); each returns YS_OK or YS_EIO with err ---- */

struct csv_sink {
	const char *dir;        /* the folder written into */
	int bom;                /* --excel */
	struct ys_error *err;
};

enum ys_err out_csv_metrics(const struct csv_sink *k, const struct sumset *ss);
enum ys_err out_csv_breakdown(const struct csv_sink *k, const struct sumset *ss);
enum ys_err out_csv_growth(const struct csv_sink *k, const struct growth *g);
enum ys_err out_csv_trends(const struct csv_sink *k, const struct trends *t);
enum ys_err out_csv_compare(const struct csv_sink *k, const struct peers *p);
enum ys_err out_csv_outliers(const struct csv_sink *k, const struct peers *p);
enum ys_err out_csv_flags(const struct csv_sink *k, const struct flags *f);
enum ys_err out_csv_execution(const struct csv_sink *k, const struct execution *e);
enum ys_err out_csv_pefa(const struct csv_sink *k, const struct execution *e);
/* reading.csv (SPEC §6): one row per document, in input order — how well it was read. */
extern const char reading_csv_header[];
enum ys_err out_csv_reading(const struct csv_sink *k, const struct sumset *ss);
/* Findings of the chosen documents, then of duplicates, then of files (extra may be NULL). */
enum ys_err out_csv_audit(const struct csv_sink *k, const struct sumset *ss,
			  const struct findings *extra);
/* One finding as an audit row (identity columns given). */
void csvw_finding(struct csvw *w, const char *code, const char *name, int year, const char *kind,
		  const struct finding *f);

extern const char audit_csv_header[];
/* With acknowledgements (--known), audit.csv and flags.csv get a last column `acknowledged`. */
void out_csv_acknowledged(int on);
const char *out_csv_audit_header(void);

#endif
