/* Policy screens (SPEC §5), each with an id, a default threshold and a Chinese message:
 * 过紧日子 — “三公”经费只减不增 (in total and per item), 机关运行经费 should not rise, shares
 * that moved more than N percentage points, performance funds above 项目支出, procurement parts
 * that do not add up. Which rules run and their thresholds are configurable. */
#ifndef YS_RULES_H
#define YS_RULES_H

#include "growth.h"

enum rule_id {
	R_SANGONG_INCREASE, R_SANGONG_ITEM_INCREASE, R_ADMIN_RUNNING_INCREASE, R_SHARE_SHIFT,
	R_PERFORMANCE_EXCEEDS_PROJECT, R_PROCUREMENT_PARTS, R_COUNT
};

struct rule_def {
	const char *id;
	enum severity severity;
	const char *threshold_doc;   /* what the threshold means */
};
extern const struct rule_def rule_defs[R_COUNT];

struct rules_config {
	int enabled[R_COUNT];
	int64_t threshold[R_COUNT];  /* fixed point: 万元 for amounts, percentage points for shifts */
};
void rules_defaults(struct rules_config *c);
int rules_by_id(const char *id);

struct flag_row {
	const struct docsum *s;
	int rule;
	const char *metric;          /* the metric the rule looked at */
	int has_value, has_prior;
	int64_t value, prior, threshold;
	enum money_unit unit;
	const char *message;
	const char *ack;             /* acknowledged (known.h): the reason shown, else NULL */
};

struct flags {
	struct flag_row *v;
	size_t n, cap;
};

void rules_apply(const struct sumset *ss, const struct growth *g, const struct rules_config *c,
		 struct flags *out);
void flags_free(struct flags *f);

#endif
