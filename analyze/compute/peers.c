/* Distributions and robust outliers per year and comparison scope, over measures that compare
 * like with like. */
#include "peers.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/num.h"
#include "growth.h"

const struct peer_measure_def peer_measures[PM_COUNT] = {
	[PM_BASIC_SHARE] = { "basic_share", "基本支出占支出合计比例", "%" },
	[PM_PERSONNEL_SHARE] = { "personnel_share", "人员经费占人员和公用经费比例", "%" },
	[PM_SANGONG_RATIO] = { "sangong_ratio", "“三公”经费占支出合计比例", "‰" },
	[PM_ADMIN_RUNNING_RATIO] = { "admin_running_ratio", "机关运行经费占基本支出比例", "%" },
	[PM_PROCUREMENT_RATIO] = { "procurement_ratio", "政府采购预算占支出合计比例", "%" },
	[PM_EXPENDITURE_GROWTH] = { "expenditure_growth", "支出合计较上年增幅", "%" },
};

int peer_measure_by_key(const char *key)
{
	for (int i = 0; i < PM_COUNT; i++)
		if (!strcmp(peer_measures[i].key, key))
			return i;
	return -1;
}

/* part / whole × scale, when both are stated and the whole is above zero */
static int ratio(const struct docsum *s, int part, int whole, double scale, double *out)
{
	if (!s->m[part].has || !s->m[whole].has || s->m[whole].v <= 0)
		return 0;
	*out = scale * num_from_fixed(s->m[part].v) / num_from_fixed(s->m[whole].v);
	return isfinite(*out);
}

int peer_measure_value(const struct sumset *ss, const struct docsum *s, int measure, double *out)
{
	switch (measure) {
	case PM_BASIC_SHARE:
		if (!s->m[M_BASIC_SHARE].has)
			return 0;
		*out = num_from_fixed(s->m[M_BASIC_SHARE].v);
		return 1;
	case PM_PERSONNEL_SHARE:
		if (!s->m[M_PERSONNEL_SHARE].has)
			return 0;
		*out = num_from_fixed(s->m[M_PERSONNEL_SHARE].v);
		return 1;
	case PM_SANGONG_RATIO:
		return ratio(s, M_SANGONG_TOTAL, M_EXPENDITURE_TOTAL, 1000.0, out);
	case PM_ADMIN_RUNNING_RATIO:
		/* 机关运行经费 is an administrative unit's: a 事业单位 states 0.00, which is no ratio */
		if (!s->m[M_ADMIN_RUNNING].has || s->m[M_ADMIN_RUNNING].v <= 0)
			return 0;
		return ratio(s, M_ADMIN_RUNNING, M_BASIC, 100.0, out);
	case PM_PROCUREMENT_RATIO:
		return ratio(s, M_PROCUREMENT_TOTAL, M_EXPENDITURE_TOTAL, 100.0, out);
	case PM_EXPENDITURE_GROWTH: {
		int64_t prior;
		if (!s->m[M_EXPENDITURE_TOTAL].has || !growth_prior(ss, s, M_EXPENDITURE_TOTAL, &prior, NULL) ||
		    prior <= 0)
			return 0;
		*out = 100.0 * (num_from_fixed(s->m[M_EXPENDITURE_TOTAL].v) - num_from_fixed(prior)) /
		       num_from_fixed(prior);
		return isfinite(*out);
	}
	default:
		return 0;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void group_stats(const struct sumset *ss, struct peers *out, int year, const char *label,
			const size_t *members, size_t nm)
{
	double *x = malloc((nm + 1) * sizeof *x);
	double *dev = malloc((nm + 1) * sizeof *dev);
	const struct docsum **who = malloc((nm + 1) * sizeof *who);
	const struct docsum **all = malloc((nm + 1) * sizeof *all);
	const char *glabel = strpool_cstr(out->pool, label);
	struct peer_group *ng = ys_grow(out->g, out->ng, &out->capg, sizeof *ng);
	if (!x || !dev || !who || !all || !glabel || !ng) {
		free(all);
		goto out;
	}
	out->g = ng;
	for (size_t i = 0; i < nm; i++)
		all[i] = &ss->v[members[i]];
	out->g[out->ng++] = (struct peer_group){ year, glabel, all, nm };
	for (int m = 0; m < PM_COUNT; m++) {
		size_t n = 0;
		for (size_t i = 0; i < nm; i++) {
			const struct docsum *s = &ss->v[members[i]];
			if (!peer_measure_value(ss, s, m, &x[n]))
				continue;
			who[n++] = s;
		}
		if (n == 0)
			continue;
		double *sorted = malloc(n * sizeof *sorted);
		if (!sorted)
			break;
		memcpy(sorted, x, n * sizeof *sorted);
		gsl_sort(sorted, 1, n);
		struct compare_row c = { 0 };
		c.year = year;
		c.group = glabel;
		c.measure = m;
		c.n = n;
		c.mean = gsl_stats_mean(sorted, 1, n);
		if (n >= 2) {
			c.sd = gsl_stats_sd(sorted, 1, n);
			c.has_sd = 1;
		}
		c.min = sorted[0];
		c.max = sorted[n - 1];
		c.p25 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.25);
		c.median = gsl_stats_median_from_sorted_data(sorted, 1, n);
		c.p75 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.75);
		struct compare_row *nc = ys_grow(out->c, out->nc, &out->capc, sizeof *nc);
		if (nc) {
			out->c = nc;
			out->c[out->nc++] = c;
		}
		if (n >= PEERS_MIN_N) {
			for (size_t i = 0; i < n; i++)
				dev[i] = fabs(sorted[i] - c.median);
			gsl_sort(dev, 1, n);
			double mad = gsl_stats_median_from_sorted_data(dev, 1, n);
			if (mad > 0) {
				for (size_t i = 0; i < n; i++) {
					double z = (x[i] - c.median) / (1.4826 * mad);
					if (fabs(z) <= PEERS_Z_LIMIT)
						continue;
					int rank = 1;
					for (size_t j = 0; j < n; j++)
						rank += x[j] > x[i];
					struct outlier_row o = { year, c.group, m, who[i], x[i], c.median, mad, z, rank };
					struct outlier_row *no = ys_grow(out->o, out->no, &out->capo, sizeof *no);
					if (no) {
						out->o = no;
						out->o[out->no++] = o;
					}
				}
			}
		}
		free(sorted);
	}
out:
	free(x);
	free(dev);
	free(who);
}

static int cmp_group(const void *a, const void *b)
{
	const struct peer_group *x = a, *y = b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return strcmp(x->label, y->label);
}

void peers_compute(const struct sumset *ss, const struct registry *reg, struct peers *out)
{
	memset(out, 0, sizeof *out);
	out->pool = strpool_new();
	out->others = calloc(ss->n + 1, 1);
	if (!out->pool || !out->others)
		return;
	/* the region: the registry's units; a document it does not know stands apart */
	if (reg && reg->n)
		for (size_t o = 0; o < ss->norder; o++) {
			const struct docsum *s = &ss->v[ss->order[o]];
			out->others[ss->order[o]] = !units_lookup(reg, s->unit_code, s->unit_name);
		}
	/* the years present */
	int years[4096];
	size_t ny = 0;
	for (size_t o = 0; o < ss->norder; o++) {
		int y = ss->v[ss->order[o]].year, seen = 0;
		for (size_t k = 0; k < ny && !seen; k++)
			seen = years[k] == y;
		if (!seen && ny < 4096)
			years[ny++] = y;
	}
	for (size_t a = 1; a < ny; a++)
		for (size_t b = a; b > 0 && years[b] < years[b - 1]; b--) {
			int t = years[b];
			years[b] = years[b - 1];
			years[b - 1] = t;
		}
	size_t *members = malloc((ss->norder + 1) * sizeof *members);
	size_t *sub = malloc((ss->norder + 1) * sizeof *sub);
	const char **groups = malloc((ss->norder + 1) * sizeof *groups);
	if (!members || !sub || !groups)
		goto done;
	static const char *const families[] = { "budget", "final" };
	for (size_t yi = 0; yi < ny; yi++)
		for (int fi = 0; fi < 2; fi++) {
			const char *fam = families[fi];
			const char *sfx = fi ? ":final" : "";
			size_t nm = 0, ng = 0;
			for (size_t o = 0; o < ss->norder; o++) {
				const struct docsum *s = &ss->v[ss->order[o]];
				if (s->year != years[yi] || strcmp(sumset_family(s->doc_kind), fam))
					continue;
				members[nm++] = ss->order[o];
				if (s->group[0])
					groups[ng++] = s->group;
			}
			if (nm == 0)
				continue;
			char label[200];
			/* the region, then the documents outside it */
			for (int side = 0; side < 2; side++) {
				size_t k = 0;
				for (size_t i = 0; i < nm; i++)
					if (out->others[members[i]] == side)
						sub[k++] = members[i];
				if (!k)
					continue;
				snprintf(label, sizeof label, "%s%s", side ? "others" : "all", sfx);
				group_stats(ss, out, years[yi], label, sub, k);
			}
			/* each peer group, in byte order */
			qsort(groups, ng, sizeof *groups, cmp_str);
			for (size_t g = 0; g < ng; g++) {
				if (g > 0 && !strcmp(groups[g], groups[g - 1]))
					continue;
				size_t k = 0;
				for (size_t i = 0; i < nm; i++)
					if (!strcmp(ss->v[members[i]].group, groups[g]))
						sub[k++] = members[i];
				snprintf(label, sizeof label, "%s%s", groups[g], sfx);
				group_stats(ss, out, years[yi], label, sub, k);
			}
		}
	if (out->ng > 1)
		qsort(out->g, out->ng, sizeof *out->g, cmp_group);
done:
	free(members);
	free(sub);
	free(groups);
}

const struct peer_group *peers_group(const struct peers *p, int year, const char *label)
{
	struct peer_group key = { year, label, NULL, 0 };
	return p->g ? bsearch(&key, p->g, p->ng, sizeof *p->g, cmp_group) : NULL;
}

char *peers_scope_label(const struct peers *p, const struct sumset *ss, const struct docsum *s,
			char *buf, size_t n)
{
	size_t d = (size_t)(s - ss->v);
	snprintf(buf, n, "%s%s", p->others && p->others[d] ? "others" : "all",
		 !strcmp(sumset_family(s->doc_kind), "final") ? ":final" : "");
	return buf;
}

void peers_free(struct peers *p)
{
	free(p->c);
	free(p->o);
	for (size_t i = 0; i < p->ng; i++)
		free((void *)p->g[i].m);
	free(p->g);
	free(p->others);
	if (p->pool)
		strpool_free(p->pool);
	memset(p, 0, sizeof *p);
}
