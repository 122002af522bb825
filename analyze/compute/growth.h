/* Growth (SPEC §5): every metric against the prior year — from the prior year's document when
 * it is loaded (`table`), else from this document's narrative (`narrative`). Both present and
 * different beyond rounding: a `restated_prior` finding. Zero base: no rate, `不可比`. */
#ifndef YS_GROWTH_H
#define YS_GROWTH_H

#include "corpus.h"

struct growth_row {
	const struct docsum *s;
	int metric;
	int64_t prior, current;
	const char *prior_source;  /* "table" or "narrative" */
	const char *note;          /* NULL, or what growth.csv's note says about a figure the audit
				    * rejects (read from a table that failed its own identities) */
	int dropped;               /* no change is computed (a rejected figure): rules and pages
				    * skip the row, growth.csv leaves change and pct empty */
};

struct growth {
	struct growth_row *v;
	size_t n, cap;
};

/* Computes growth rows for every chosen document (in sumset order) and adds restated-prior
 * findings to the documents. A figure the audit rejects (mval.rejected) gives no change: the
 * row is there with its `dropped` note; a rejected prior from last year's table gives way to the
 * narrative's when there is one. */
void growth_compute(struct sumset *ss, struct growth *g);
void growth_free(struct growth *g);

/* The prior year of a metric of s as growth.csv takes it: last year's document of the same unit
 * and kind when it states the figure in a table, else the narrative's prior (not below zero: a
 * misstated change is no base). Returns 1 and sets *prior (and *src, "table" or "narrative",
 * when src is not NULL) when there is one. */
int growth_prior(const struct sumset *ss, const struct docsum *s, int metric, int64_t *prior,
		 const char **src);

/* The prior-year amount of a breakdown line: the prior document's line with that code, else
 * the narrative's prior for that code. Returns 1 and sets *prior when known. */
int growth_line_prior(const struct sumset *ss, const struct docsum *s, const struct bline *b,
		      int64_t *prior);

/* The rate in % (fixed point, 2 decimals) of change over prior; 0 and *ok = 0 for a zero base. */
int64_t growth_pct(int64_t change, int64_t prior, int *ok);

#endif
