/* Growth against the prior year, and restated priors. */
#include "growth.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "base/grow.h"

int64_t growth_pct(int64_t change, int64_t prior, int *ok)
{
	if (prior == 0) {
		*ok = 0;
		return 0;
	}
	int64_t bp = money_muldiv(change, 10000, prior < 0 ? -prior : prior, ok);
	return bp * 10000;
}

static void push(struct growth *g, const struct docsum *s, int metric, int64_t prior, int64_t cur,
		 const char *src, const char *note, int dropped)
{
	struct growth_row *nv = ys_grow(g->v, g->n, &g->cap, sizeof *nv);
	if (!nv)
		return;
	g->v = nv;
	g->v[g->n++] = (struct growth_row){ s, metric, prior, cur, src, note, dropped };
}

/* The two candidates for a prior year: last year's table figure and the narrative's. */
static void prior_candidates(const struct docsum *p, const struct docsum *s, int m, const struct mval **tp,
			     const struct mval **np)
{
	*tp = p && p->m[m].has && !p->m[m].from_narrative && !p->m[m].rejected ? &p->m[m] : NULL;
	/* a narrative prior below zero is a misstatement (the audit says so), not a base; nor one
	 * the audit rejects (it contradicts the rate its own sentence states) */
	const struct mval *xp = docsum_x(s, MX_PRIOR, m);
	*np = xp->has && xp->v >= 0 && !xp->rejected ? xp : NULL;
}

/* Why this document's narrative prior of metric m is no base, or NULL (it is one, or none). */
static const char *narrative_prior_dropped(const struct docsum *s, int m)
{
	const struct mval *xp = docsum_x(s, MX_PRIOR, m);
	if (!xp->has)
		return NULL;
	if (xp->v < 0)
		return "情况说明所述增减额推出上年数为负（增减额或方向有误），不计算增减";
	if (xp->rejected)
		return "情况说明所述上年数与其所述增幅不符（疑为读取有误），不计算增减";
	return NULL;
}

/* Half a unit of the last digit a value was printed with. */
static int64_t half_printed(const struct mval *m)
{
	struct fact f = { 0 };
	f.unit_note = (enum money_unit)m->unit;
	f.prec = m->prec;
	return fact_ulp(&f) / 2;
}

int growth_prior(const struct sumset *ss, const struct docsum *s, int metric, int64_t *prior,
		 const char **src)
{
	const struct mval *tp, *np;
	prior_candidates(sumset_find(ss, s->key, s->doc_kind, s->year - 1), s, metric, &tp, &np);
	if (!tp && !np)
		return 0;
	*prior = tp ? tp->v : np->v;
	if (src)
		*src = tp ? "table" : "narrative";
	return 1;
}

void growth_compute(struct sumset *ss, struct growth *g)
{
	memset(g, 0, sizeof *g);
	for (size_t o = 0; o < ss->norder; o++) {
		struct docsum *s = &ss->v[ss->order[o]];
		const struct docsum *p = sumset_find(ss, s->key, s->doc_kind, s->year - 1);
		for (int m = 0; m < M_COUNT; m++) {
			if (m == M_QUALITY_SCORE || !s->m[m].has)
				continue;
			const struct mval *tp, *np;
			prior_candidates(p, s, m, &tp, &np);
			/* last year's figure from a table read wrongly: said, and the narrative's
			 * prior (if any) used instead */
			int prior_rejected = p && p->m[m].has && !p->m[m].from_narrative && p->m[m].rejected;
			if (s->m[m].rejected) {
				if (tp || np || prior_rejected)
					push(g, s, m, tp ? tp->v : np ? np->v : p->m[m].v, s->m[m].v,
					     tp ? "table" : np ? "narrative" : "table",
					     "本年数取自未通过自身勾稽校验的表（疑为读取有误），不计算增减", 1);
				continue;
			}
			if (!tp && !np && prior_rejected) {
				push(g, s, m, p->m[m].v, s->m[m].v, "table",
				     "上年数取自未通过自身勾稽校验的表（疑为读取有误），不计算增减", 1);
				continue;
			}
			/* the narrative's prior the audit rejects, and no table's: the row says why */
			const char *why = !tp && !np ? narrative_prior_dropped(s, m) : NULL;
			if (why) {
				push(g, s, m, docsum_x(s, MX_PRIOR, m)->v, s->m[m].v, "narrative", why, 1);
				continue;
			}
			if (tp && np) {
				int64_t diff = np->v - tp->v;
				/* each as printed (item 3); the narrative's prior is mostly current − change,
				 * two printed figures: twice its half-unit */
				int64_t env = 2 * half_printed(np) + half_printed(tp);
				if (diff != 0) {
					char b1[32], b2[32];
					enum severity sev = (diff < 0 ? -diff : diff) <= env ? SEV_INFO : SEV_ERROR;
					audit_add(&s->findings, ss->pool, "restated_prior", sev, 1, tp->v, 1, np->v,
						  MU_WAN, np->file, np->line, np->page,
						  "情况说明所述上年%s为%s万元，上年文件所列为%s万元%s",
						  metric_defs[m].zh, money_format(np->v, 2, b1),
						  money_format(tp->v, 2, b2),
						  sev == SEV_INFO ? "，差异在四舍五入范围内" : "（上年数被重述）");
				}
			}
			if (tp)
				push(g, s, m, tp->v, s->m[m].v, "table", NULL, 0);
			else if (np)
				push(g, s, m, np->v, s->m[m].v, "narrative",
				     prior_rejected ? "上年文件所列数未通过自身勾稽校验，上年数取自本年情况说明" : NULL, 0);
		}
	}
}

void growth_free(struct growth *g)
{
	free(g->v);
	memset(g, 0, sizeof *g);
}

int growth_line_prior(const struct sumset *ss, const struct docsum *s, const struct bline *b,
		      int64_t *prior)
{
	const struct docsum *p = sumset_find(ss, s->key, s->doc_kind, s->year - 1);
	if (p)
		for (size_t i = 0; i < p->nlines; i++)
			if (p->lines[i].dim == b->dim && !strcmp(p->lines[i].code, b->code)) {
				*prior = p->lines[i].amount;
				return 1;
			}
	if (b->has_nprior) {
		*prior = b->nprior;
		return 1;
	}
	return 0;
}
