/* Peer comparisons (SPEC §5): per year, for all units and each peer group (registry group or
 * parent code), the distribution of each metric (GSL on sorted data, interpolated quantiles)
 * and the units whose robust z = (x − median)/(1.4826·MAD) exceeds 3.5 in size. Budgets and
 * final accounts are compared apart: final-accounts groups end in `:final`. */
#ifndef YS_PEERS_H
#define YS_PEERS_H

#include "corpus.h"

struct compare_row {
	int year;
	const char *group;
	int metric;
	size_t n;
	int has_sd;
	double mean, sd, min, p25, median, p75, max;
};

struct outlier_row {
	int year;
	const char *group;
	int metric;
	const struct docsum *s;
	double value, median, mad, z;
	int rank;                 /* 1 = the largest value in the group */
};

struct peers {
	struct compare_row *c;
	size_t nc, capc;
	struct outlier_row *o;
	size_t no, capo;
	struct strpool *pool;  /* the group labels ("教育:final"): the peers' own, so that they are
				* computed beside the analyses that add to the run's pool */
};

#define PEERS_Z_LIMIT 3.5
#define PEERS_MIN_N 4         /* fewer units: no outliers (a median of three says little) */

void peers_compute(const struct sumset *ss, struct peers *out);
void peers_free(struct peers *p);

#endif
