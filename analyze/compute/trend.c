/* Trend statistics. GSL's error handler is off: every degenerate case (n < 3, constant x or y,
 * a perfect fit) is caught here before a NaN could be printed. */
#include "trend.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/num.h"

void trend_fit(const int *years, const double *y, size_t n, struct trend_stats *o)
{
	memset(o, 0, sizeof *o);
	o->n = (int)n;
	if (n == 0)
		return;
	o->first_year = years[0];
	o->last_year = years[n - 1];
	if (n < 3)
		return;
	gsl_set_error_handler_off();
	double *x = malloc(n * sizeof *x);
	if (!x)
		return;
	for (size_t i = 0; i < n; i++)
		x[i] = years[i] - years[0];
	int span = years[n - 1] - years[0];
	if (y[0] > 0 && y[n - 1] > 0 && span > 0) {
		o->cagr = (pow(y[n - 1] / y[0], 1.0 / span) - 1.0) * 100.0;
		o->has_cagr = isfinite(o->cagr);
	}
	double c0, c1, cov00, cov01, cov11, sumsq;
	if (gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) == GSL_SUCCESS &&
	    isfinite(c1)) {
		size_t df = n - 2;
		o->has_fit = 1;
		o->slope = c1;
		o->slope_se = sqrt(cov11 > 0 ? cov11 : 0);
		double mean = gsl_stats_mean(y, 1, n);
		double sst = 0;
		for (size_t i = 0; i < n; i++)
			sst += (y[i] - mean) * (y[i] - mean);
		if (sst > 0) {
			o->r2 = 1.0 - sumsq / sst;
			o->has_r2 = 1;
		}
		if (o->slope_se > 0) {
			double t = c1 / o->slope_se;
			o->p_value = 2.0 * gsl_cdf_tdist_Q(fabs(t), (double)df);
			o->has_p = isfinite(o->p_value);
		}
		double xf = years[n - 1] + 1 - years[0], yf, yerr;
		gsl_fit_linear_est(xf, c0, c1, cov00, cov01, cov11, &yf, &yerr);
		double s2 = sumsq / (double)df;
		double se = sqrt(yerr * yerr + s2);
		double tc = gsl_cdf_tdist_Pinv(0.975, (double)df);
		if (isfinite(yf) && isfinite(se) && isfinite(tc)) {
			o->forecast = yf;
			o->lo = yf - tc * se;
			o->hi = yf + tc * se;
			o->has_forecast = 1;
			o->has_interval = n >= 4;
		}
	}
	/* Theil–Sen: the median of all pairwise slopes */
	size_t np = n * (n - 1) / 2, k = 0;
	double *sl = malloc(np * sizeof *sl);
	if (sl) {
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				sl[k++] = (y[j] - y[i]) / (x[j] - x[i]);
		gsl_sort(sl, 1, k);
		o->theil_sen = gsl_stats_median_from_sorted_data(sl, 1, k);
		o->has_ts = isfinite(o->theil_sen);
		free(sl);
	}
	/* Mann–Kendall: S, its variance with ties, continuity-corrected z, two-sided p */
	double s = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			s += (y[j] > y[i]) - (y[j] < y[i]);
	double dn = (double)n;
	double var = dn * (dn - 1) * (2 * dn + 5);
	double *ys = malloc(n * sizeof *ys);
	if (ys) {
		memcpy(ys, y, n * sizeof *ys);
		gsl_sort(ys, 1, n);
		for (size_t i = 0; i < n;) {
			size_t j = i + 1;
			while (j < n && ys[j] == ys[i])
				j++;
			double t = (double)(j - i);
			if (t > 1)
				var -= t * (t - 1) * (2 * t + 5);
			i = j;
		}
		free(ys);
	}
	var /= 18.0;
	if (var > 0) {
		double z = s > 0 ? (s - 1) / sqrt(var) : s < 0 ? (s + 1) / sqrt(var) : 0;
		o->mk_p = 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
		if (o->mk_p > 1)
			o->mk_p = 1;
		o->has_mk = 1;
	}
	free(x);
}

void trend_compute(const struct sumset *ss, struct trends *out)
{
	memset(out, 0, sizeof *out);
	/* sumset order is by unit, kind, year: each run of (key, kind) is one unit's series */
	for (size_t a = 0; a < ss->norder;) {
		size_t b = sumset_run_end(ss, a);
		size_t cap = 2 * (b - a) + 2;
		int *years = malloc(cap * sizeof *years);
		double *vals = malloc(cap * sizeof *vals);
		for (int m = 0; years && vals && m < M_COUNT; m++) {
			if (m == M_QUALITY_SCORE)
				continue;
			size_t n = 0;
			int narr = 0, dropped = 0;
			for (size_t i = a; i < b; i++) {
				const struct docsum *s = &ss->v[ss->order[i]];
				/* the narrative's prior year where no document of that year is loaded */
				const struct mval *pr = docsum_x(s, MX_PRIOR, m);
				if (pr->has && (n == 0 || years[n - 1] < s->year - 1) &&
				    !sumset_find(ss, s->key, s->doc_kind, s->year - 1)) {
					if ((pr->v < 0 && metric_defs[m].kind == MK_MONEY) || pr->rejected) {
						dropped++; /* (a misstated change, or a prior that contradicts its
							    * own rate: the audit says so) */
					} else {
						years[n] = s->year - 1;
						vals[n++] = num_from_fixed(pr->v);
						narr++;
					}
				}
				if (s->m[m].has && s->m[m].rejected)
					dropped++; /* (read from a table that failed its own identities) */
				else if (s->m[m].has) {
					years[n] = s->year;
					vals[n++] = num_from_fixed(s->m[m].v);
				}
			}
			if (n == 0)
				continue;
			struct trend_row *nv = ys_grow(out->v, out->n, &out->cap, sizeof *nv);
			if (!nv)
				break;
			out->v = nv;
			struct trend_row *r = &nv[out->n++];
			r->s = &ss->v[ss->order[b - 1]];
			r->metric = m;
			r->narrative_points = narr;
			r->dropped_points = dropped;
			trend_fit(years, vals, n, &r->st);
			/* an amount is not negative: a forecast or bound below 0 is cut to 0 */
			struct trend_stats *st = &r->st;
			if (st->has_forecast && metric_defs[m].kind == MK_MONEY &&
			    (st->forecast < 0 || st->lo < 0 || st->hi < 0)) {
				st->forecast_cut = st->forecast < 0;
				st->lo_cut = st->lo < 0;
				st->forecast = st->forecast < 0 ? 0 : st->forecast;
				st->lo = st->lo < 0 ? 0 : st->lo;
				st->hi = st->hi < 0 ? 0 : st->hi;
			}
		}
		free(years);
		free(vals);
		a = b;
	}
}

void trend_note(const struct trend_row *r, char *buf, size_t n)
{
	const struct trend_stats *st = &r->st;
	size_t w = 0;
	buf[0] = '\0';
#define NOTE(...)                                                                          \
	do {                                                                               \
		if (w < n)                                                                 \
			w += (size_t)snprintf(buf + w, n - w, "%s", w ? "；" : "");          \
		if (w < n)                                                                 \
			w += (size_t)snprintf(buf + w, n - w, __VA_ARGS__);                \
	} while (0)
	if (r->dropped_points)
		NOTE("剔除%d个未通过审核的数据（取自未通过自身勾稽校验的表，或情况说明所述上年数有误）", r->dropped_points);
	if (st->has_forecast && st->forecast_cut)
		NOTE("预测值低于0，按0列示");
	else if (st->has_interval && st->lo_cut)
		NOTE("预测区间下限低于0，按0列示");
	if (st->has_forecast && !st->has_interval)
		NOTE("不足4个年度，不列预测区间");
#undef NOTE
	if (w >= n && n > 0)
		buf[n - 1] = '\0';
}

void trend_free(struct trends *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}
