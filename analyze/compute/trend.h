/* Trends over a unit's years (SPEC §5): least squares with GSL (slope, its standard error, R²,
 * p-value, a 95% prediction interval for next year), CAGR, Theil–Sen slope and Mann–Kendall p.
 * Fewer than 3 points: n and nothing else, never a fabricated fit. */
#ifndef YS_TREND_H
#define YS_TREND_H

#include <stddef.h>

#include "corpus.h"

/* The statistics of one series; each `has_` says whether the value is defined. */
struct trend_stats {
	int n, first_year, last_year;
	int has_cagr, has_fit, has_r2, has_p, has_ts, has_mk, has_forecast;
	int has_interval;            /* the prediction interval: from 4 points or more only (from 3,
				      * one degree of freedom, it says nothing) */
	int forecast_cut, lo_cut;    /* an amount's forecast, its lower bound, below 0: cut to 0 */
	double cagr;                 /* % a year */
	double slope, slope_se, r2, p_value, theil_sen, mk_p;
	double forecast, lo, hi;     /* next year, and the 95% prediction interval */
};

/* Fits years[] (strictly increasing, gaps allowed) and values[]. */
void trend_fit(const int *years, const double *values, size_t n, struct trend_stats *out);

struct trend_row {
	const struct docsum *s;      /* the last document of the series (its identity) */
	int metric;
	int narrative_points;        /* points that came from a narrative's prior year */
	int dropped_points;          /* years left out: a figure the audit rejects (a table read
				      * wrongly, a narrative prior below zero) */
	struct trend_stats st;
};

struct trends {
	struct trend_row *v;
	size_t n, cap;
};

/* One row per unit, kind and metric with at least one value. A figure the audit rejects is no
 * point of a series; an amount's forecast is never below 0 (cut, forecast_cut set). */
void trend_compute(const struct sumset *ss, struct trends *out);

/* What a reader of the row must know (trends.csv's note, issue 16 item 5): years left out
 * because the audit rejects their figure, a forecast or bound cut at 0, no interval from 3
 * points; "" when nothing. */
void trend_note(const struct trend_row *r, char *buf, size_t n);
void trend_free(struct trends *t);

#endif
