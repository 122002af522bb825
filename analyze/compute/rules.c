/* The policy screens. */
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/text.h"

const struct rule_def rule_defs[R_COUNT] = {
	[R_SANGONG_INCREASE] = { "sangong_increase", SEV_WARNING, "rise above this many 万元" },
	[R_SANGONG_ITEM_INCREASE] = { "sangong_item_increase", SEV_WARNING, "rise above this many 万元" },
	[R_ADMIN_RUNNING_INCREASE] = { "admin_running_increase", SEV_WARNING, "rise above this many 万元" },
	[R_SHARE_SHIFT] = { "share_shift", SEV_INFO, "percentage points" },
	[R_PERFORMANCE_EXCEEDS_PROJECT] = { "performance_exceeds_project", SEV_ERROR, "excess in 万元" },
	[R_PROCUREMENT_PARTS] = { "procurement_parts", SEV_WARNING, "difference in 万元" },
};

void rules_defaults(struct rules_config *c)
{
	for (int i = 0; i < R_COUNT; i++) {
		c->enabled[i] = 1;
		c->threshold[i] = 0;
	}
	c->threshold[R_SHARE_SHIFT] = 5 * MONEY_WAN;          /* 5 percentage points */
	c->threshold[R_PROCUREMENT_PARTS] = 10000;            /* 0.01 万元: printed rounding */
}

int rules_by_id(const char *id)
{
	for (int i = 0; i < R_COUNT; i++)
		if (!strcmp(rule_defs[i].id, id))
			return i;
	return -1;
}

static void add(struct flags *f, struct strpool *pool, const struct docsum *s, int rule,
		const char *metric, int hv, int64_t v, int hp, int64_t p, int64_t th, enum money_unit u,
		const char *fmt, ...) __attribute__((format(printf, 12, 13)));

static void add(struct flags *f, struct strpool *pool, const struct docsum *s, int rule,
		const char *metric, int hv, int64_t v, int hp, int64_t p, int64_t th, enum money_unit u,
		const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	text_utf8_clip(msg);
	struct flag_row *nv = ys_grow(f->v, f->n, &f->cap, sizeof *nv);
	if (!nv)
		return;
	f->v = nv;
	f->v[f->n++] = (struct flag_row){ s, rule, metric, hv, hp, v, p, th, u, strpool_cstr(pool, msg), NULL };
}

static char *w(int64_t v, char *b)
{
	return money_format(v, 2, b);
}

void rules_apply(const struct sumset *ss, const struct growth *g, const struct rules_config *c,
		 struct flags *out)
{
	memset(out, 0, sizeof *out);
	char b1[32], b2[32], b3[32];
	for (size_t i = 0; i < g->n; i++) {
		const struct growth_row *r = &g->v[i];
		if (r->dropped)
			continue; /* a figure the audit rejects flags nothing (growth.csv's note says why) */
		int64_t ch = r->current - r->prior;
		const char *zh = metric_defs[r->metric].zh;
		const char *src = !strcmp(r->prior_source, "narrative") ? "（上年数据取自情况说明）" : "";
		if (r->metric == M_SANGONG_TOTAL && c->enabled[R_SANGONG_INCREASE] &&
		    ch > c->threshold[R_SANGONG_INCREASE])
			add(out, ss->pool, r->s, R_SANGONG_INCREASE, metric_defs[r->metric].key, 1, r->current,
			    1, r->prior, c->threshold[R_SANGONG_INCREASE], MU_WAN,
			    "“三公”经费由%s万元增至%s万元，增加%s万元，不符合“只减不增”要求%s", w(r->prior, b1),
			    w(r->current, b2), w(ch, b3), src);
		if (r->metric >= M_SANGONG_ABROAD && r->metric <= M_SANGONG_RECEPTION &&
		    c->enabled[R_SANGONG_ITEM_INCREASE] && ch > c->threshold[R_SANGONG_ITEM_INCREASE])
			add(out, ss->pool, r->s, R_SANGONG_ITEM_INCREASE, metric_defs[r->metric].key, 1,
			    r->current, 1, r->prior, c->threshold[R_SANGONG_ITEM_INCREASE], MU_WAN,
			    "%s由%s万元增至%s万元，增加%s万元%s", zh, w(r->prior, b1), w(r->current, b2),
			    w(ch, b3), src);
		if (r->metric == M_ADMIN_RUNNING && c->enabled[R_ADMIN_RUNNING_INCREASE] &&
		    ch > c->threshold[R_ADMIN_RUNNING_INCREASE])
			add(out, ss->pool, r->s, R_ADMIN_RUNNING_INCREASE, metric_defs[r->metric].key, 1,
			    r->current, 1, r->prior, c->threshold[R_ADMIN_RUNNING_INCREASE], MU_WAN,
			    "机关运行经费由%s万元增至%s万元，增加%s万元，未体现过紧日子要求%s", w(r->prior, b1),
			    w(r->current, b2), w(ch, b3), src);
		if ((r->metric == M_BASIC_SHARE || r->metric == M_PROJECT_SHARE ||
		     r->metric == M_PERSONNEL_SHARE) && c->enabled[R_SHARE_SHIFT]) {
			int64_t ad = ch < 0 ? -ch : ch;
			if (ad > c->threshold[R_SHARE_SHIFT])
				add(out, ss->pool, r->s, R_SHARE_SHIFT, metric_defs[r->metric].key, 1, r->current,
				    1, r->prior, c->threshold[R_SHARE_SHIFT], MU_PCT,
				    "%s由%s%%变为%s%%，%s%s个百分点%s", zh, w(r->prior, b1), w(r->current, b2),
				    ch > 0 ? "提高" : "降低", w(ad, b3), src);
		}
	}
	for (size_t o = 0; o < ss->norder; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		const struct mval *m = s->m;
		/* (a figure the audit rejects is no evidence: no flag from it) */
		if (c->enabled[R_PERFORMANCE_EXCEEDS_PROJECT] && m[M_PERFORMANCE_TOTAL].has &&
		    m[M_PROJECT].has && !m[M_PERFORMANCE_TOTAL].rejected && !m[M_PROJECT].rejected &&
		    m[M_PERFORMANCE_TOTAL].v - m[M_PROJECT].v > c->threshold[R_PERFORMANCE_EXCEEDS_PROJECT])
			add(out, ss->pool, s, R_PERFORMANCE_EXCEEDS_PROJECT, "performance_total", 1,
			    m[M_PERFORMANCE_TOTAL].v, 1, m[M_PROJECT].v,
			    c->threshold[R_PERFORMANCE_EXCEEDS_PROJECT], MU_WAN,
			    "绩效目标项目资金%s万元超过项目支出%s万元", w(m[M_PERFORMANCE_TOTAL].v, b1),
			    w(m[M_PROJECT].v, b2));
		if (c->enabled[R_PROCUREMENT_PARTS] && m[M_PROCUREMENT_TOTAL].has && !m[M_PROCUREMENT_TOTAL].rejected &&
		    (m[M_PROCUREMENT_GOODS].has || m[M_PROCUREMENT_WORKS].has ||
		     m[M_PROCUREMENT_SERVICES].has)) {
			int64_t parts = m[M_PROCUREMENT_GOODS].v + m[M_PROCUREMENT_WORKS].v +
					m[M_PROCUREMENT_SERVICES].v;
			int64_t diff = parts - m[M_PROCUREMENT_TOTAL].v;
			if ((diff < 0 ? -diff : diff) > c->threshold[R_PROCUREMENT_PARTS])
				add(out, ss->pool, s, R_PROCUREMENT_PARTS, "procurement_total", 1, parts, 1,
				    m[M_PROCUREMENT_TOTAL].v, c->threshold[R_PROCUREMENT_PARTS], MU_WAN,
				    "政府采购货物、工程、服务合计%s万元，与采购总额%s万元相差%s万元", w(parts, b1),
				    w(m[M_PROCUREMENT_TOTAL].v, b2), w(diff, b3));
		}
	}
}

void flags_free(struct flags *f)
{
	free(f->v);
	memset(f, 0, sizeof *f);
}
