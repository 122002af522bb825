/* Distributions and robust outliers per year and peer group. */
#include "peers.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/num.h"

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
	if (!x || !dev || !who)
		goto out;
	for (int m = 0; m < M_COUNT; m++) {
		size_t n = 0;
		for (size_t i = 0; i < nm; i++) {
			const struct docsum *s = &ss->v[members[i]];
			if (!s->m[m].has)
				continue;
			x[n] = num_from_fixed(s->m[m].v);
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
		c.group = strpool_cstr(out->pool, label);
		c.metric = m;
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

void peers_compute(const struct sumset *ss, struct peers *out)
{
	memset(out, 0, sizeof *out);
	out->pool = strpool_new();
	if (!out->pool)
		return;
	/* the years and families present */
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
			snprintf(label, sizeof label, "all%s", sfx);
			group_stats(ss, out, years[yi], label, members, nm);
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
done:
	free(members);
	free(sub);
	free(groups);
}

void peers_free(struct peers *p)
{
	free(p->c);
	free(p->o);
	if (p->pool)
		strpool_free(p->pool);
	memset(p, 0, sizeof *p);
}
