/* Table kinds, header → column keys, rows → facts. The keyword lists below are the genre
 * knowledge of the tool: add a template's wording here, not a special case in a reader. */
#include "tables.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../base/text.h"

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && memcmp(s + n - m, suf, m) == 0;
}

int tables_is_colnum_row(const struct cell *cells, size_t n)
{
	int last = 0, seen = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = cells[i].len;
		const char *s = text_trim(cells[i].s, &len);
		if (len == 0)
			continue;
		int v = 0;
		for (size_t k = 0; k < len; k++) {
			if (s[k] < '0' || s[k] > '9' || v > 1000)
				return 0;
			v = v * 10 + (s[k] - '0');
		}
		if (v <= last)
			return 0;
		last = v;
		seen++;
	}
	return seen >= 2;
}

int tables_is_total_label(const char *s, size_t len)
{
	char t[256];
	text_norm(s, len, t, sizeof t);
	const char *p = text_skip_ordinal(t);
	return strcmp(p, "合计") == 0 || strcmp(p, "总计") == 0 || strcmp(p, "小计") == 0 ||
	       ends_with(p, "合计") || ends_with(p, "总计");
}

/* ---- header → column keys ---- */

/* Labels that only group other columns: they add nothing to a key. */
static const char *const group_labels[] = {
	"本年一般公共预算支出", "一般公共预算支出", "一般公共预算基本支出", "本年一般公共预算基本支出",
	"支出预算", "收入预算", "本年政府性基金预算支出", "政府性基金预算支出",
	"本年国有资本经营预算支出", "国有资本经营预算支出", "政府采购资金类型",
	"政府购买服务资金类型", "三公经费", "“三公”经费", "财政拨款支出",
	"本年支出", "支出决算", "收入决算", "部门预算支出经济分类科目", "经济分类科目",
	"部门预算经济分类科目",
	"一般公共预算财政拨款基本支出", "一般公共预算财政拨款支出", "本年收入(决算数)", "基本支出预算",
};

struct tok {
	const char *label;
	const char *token;
};

/* Exact labels (normalised: no spaces, ASCII parentheses). */
static const struct tok tokens[] = {
	{ "合计", "total" }, { "总计", "total" }, { "小计", "" }, { "本年收入合计", "total" },
	{ "本年支出合计", "total" }, { "支出总计", "total" }, { "预算数", "" }, { "决算数", "" }, { "金额", "" },
	{ "基本支出", "basic" }, { "项目支出", "project" }, { "人员经费", "personnel" },
	{ "公用经费", "public_use" }, { "人员支出", "personnel" }, { "日常公用支出", "public_use" },
	{ "公用支出", "public_use" }, { "人员经费支出", "personnel" }, { "公用经费支出", "public_use" },
	{ "日常公用经费", "public_use" }, { "结转下年支出", "carryover_out" },
	{ "结转下年", "carryover_out" }, { "年末结转和结余", "carryover_out" },
	{ "上缴上级支出", "remit_upper" }, { "经营支出", "operating_exp" },
	{ "对附属单位补助支出", "affiliate_grant" }, { "本年收入", "cur" },
	{ "上年结转结余", "carry" }, { "上年结转", "carry" }, { "年初结转和结余", "carry" },
	{ "一般公共预算", "gpb" }, { "一般公共预算拨款", "gpb" }, { "一般公共预算资金", "gpb" },
	{ "一般公共预算财政拨款", "gpb" }, { "政府性基金预算", "gov_fund" },
	{ "政府性基金", "gov_fund" }, { "政府性基金预算财政拨款", "gov_fund" },
	{ "国有资本经营预算", "soe" }, { "国有资本经营预算财政拨款", "soe" },
	{ "政府性基金预算资金", "gov_fund" }, { "国有资本经营预算资金", "soe" },
	{ "财政专户管理资金", "special" }, { "单位资金", "unit_funds" },
	{ "财政拨款收入", "fiscal" }, { "财政拨款", "fiscal" }, { "事业收入", "business" },
	{ "事业单位经营收入", "operating" }, { "经营收入", "operating" }, { "其他收入", "other" },
	{ "上级补助收入", "upper_grant" }, { "附属单位上缴收入", "affiliate_income" },
	{ "因公出国(境)费", "abroad" }, { "因公出国(境)费用", "abroad" },
	{ "公务用车购置及运行维护费", "vehicle" }, { "公务用车购置及运行费", "vehicle" },
	{ "公务用车购置费", "vehicle_purchase" }, { "购置费", "vehicle_purchase" },
	{ "公务用车运行维护费", "vehicle_operation" }, { "运行维护费", "vehicle_operation" },
	{ "运行费", "vehicle_operation" }, { "公务用车运行费", "vehicle_operation" },
	{ "因公出国(境)经费", "abroad" }, { "公务用车购置经费", "vehicle_purchase" },
	{ "公务用车运行经费", "vehicle_operation" }, { "公务用车运行维护经费", "vehicle_operation" },
	{ "公务用车购置及运行维护经费", "vehicle" },
	{ "公务接待费", "reception" }, { "会议费", "meeting" }, { "培训费", "training" },
	{ "本级资金安排", "local" }, { "上级补助资金安排", "upper" },
	{ "集中采购", "central" }, { "分散采购", "decentral" }, { "货物类", "goods" },
	{ "货物", "goods" }, { "工程类", "works" }, { "工程", "works" }, { "服务类", "services" },
	{ "服务", "services" }, { "政府采购项目类型", "type" },
	{ "预算资金总额", "total" }, { "项目金额", "total" }, { "资金总额", "total" },
	{ "年初预算数", "budget_initial" }, { "调整预算数", "budget_adjusted" },
	{ "全年预算数", "budget_adjusted" }, { "预算调整数", "budget_adjusted" },
};

/* A child token that implies its parent, so the parent is left out of the key. */
static const struct tok absorbs[] = {
	{ "vehicle_purchase", "vehicle" }, { "vehicle_operation", "vehicle" },
	{ "personnel", "basic" }, { "public_use", "basic" },
};

/* `2024年机关运行经费预算数` → `机关运行经费预算数`: a year stamp says nothing about a column. */
static const char *skip_year(const char *lab)
{
	if (lab[0] >= '1' && lab[0] <= '2' && lab[1] >= '0' && lab[1] <= '9' && lab[2] >= '0' &&
	    lab[2] <= '9' && lab[3] >= '0' && lab[3] <= '9' && strncmp(lab + 4, "年", 3) == 0) {
		lab += 7;
		if (strncmp(lab, "度", 3) == 0)
			lab += 3;
	}
	return lab;
}

/* The year a label is stamped with (`2025年预算数` → 2025), 0 for none. */
static int label_year(const char *lab)
{
	if (skip_year(lab) == lab)
		return 0;
	return (lab[0] - '0') * 1000 + (lab[1] - '0') * 100 + (lab[2] - '0') * 10 + (lab[3] - '0');
}

static int is_group(const char *lab)
{
	lab = skip_year(lab);
	for (size_t i = 0; i < sizeof group_labels / sizeof group_labels[0]; i++)
		if (strcmp(lab, group_labels[i]) == 0)
			return 1;
	/* `2024年“三公”经费预算数`: a year-stamped group over the 三公 columns */
	if (text_has(lab, "三公") && !text_has(lab, "合计"))
		return 1;
	return 0;
}

static const char *token_of(const char *lab)
{
	lab = skip_year(lab);
	for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
		if (strcmp(lab, tokens[i].label) == 0)
			return tokens[i].token;
	if (text_has(lab, "机关运行经费"))
		return "admin_running";
	if (ends_with(lab, "预算总额")) /* `“三公”经费财政拨款预算总额` wrapped: `…拨款预算总额` */
		return "total";
	if (text_has(lab, "三公") && (ends_with(lab, "合计") || ends_with(lab, "总计")))
		return "total"; /* `“三公”经费合计` */
	return NULL;
}

static enum col_role role_of(const char *lab)
{
	if (strcmp(lab, "类") == 0 || strcmp(lab, "款") == 0 || strcmp(lab, "项") == 0 ||
	    text_has(lab, "科目编码") || text_has(lab, "科目代码") || strcmp(lab, "编码") == 0)
		return COL_SUBJECT;
	if (text_has(lab, "代码"))
		return COL_UNIT;
	if (text_has(lab, "项目名称") || text_has(lab, "资金性质") || text_has(lab, "资金来源"))
		return COL_ATTR;
	if (text_has(lab, "名称") || strcmp(lab, "项目") == 0 || strncmp(lab, "项目(", 7) == 0)
		return COL_NAME;
	if (strcmp(lab, "序号") == 0)
		return COL_SEQ;
	if (text_has(lab, "绩效目标") || text_has(lab, "指标") || text_has(lab, "备注") ||
	    text_has(lab, "说明"))
		return COL_TEXT;
	/* a procurement list's quantity, specification, catalogue and content: no amounts */
	if (!strcmp(lab, "数量") || text_has(lab, "规格型号") || text_has(lab, "采购目录") ||
	    text_has(lab, "服务内容") || !strcmp(lab, "采购项目") || !strcmp(lab, "计量单位"))
		return COL_TEXT;
	return COL_AMOUNT;
}

/* The items of a 三公 table: siblings, never one the group of another (a group label taken
 * over a neighbouring column: `公务用车购置及运行费` over `因公出国(境)费`). */
static int sangong_item(const char *tok)
{
	static const char *const items[] = { "abroad", "vehicle", "reception", "meeting", "training",
					     "admin_running" };
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		if (!strcmp(tok, items[i]))
			return 1;
	return 0;
}

static void key_join(char *key, size_t n, const char *tok)
{
	if (!*tok)
		return;
	size_t kl = strlen(key);
	if (kl && sangong_item(tok)) {
		/* a sibling item before this one in the path: the deeper label says the column */
		const char *last = strrchr(key, '_');
		last = last ? last + 1 : key;
		if (sangong_item(last) || !strcmp(key, "vehicle")) {
			size_t cut = (size_t)(last - key);
			key[cut ? cut - 1 : 0] = '\0';
			kl = strlen(key);
		}
	}
	if (kl) {
		for (size_t i = 0; i < sizeof absorbs / sizeof absorbs[0]; i++)
			if (strcmp(tok, absorbs[i].label) == 0 && ends_with(key, absorbs[i].token)) {
				size_t tl = strlen(absorbs[i].token);
				key[kl - tl] = '\0';
				if (kl > tl && key[kl - tl - 1] == '_')
					key[kl - tl - 1] = '\0';
				kl = strlen(key);
				break;
			}
		/* `type` (procurement by kind) only matters before `total` */
		if (strcmp(key, "type") == 0 && strcmp(tok, "total") != 0)
			key[kl = 0] = '\0';
	}
	if (kl && kl + 1 < n)
		strcat(key, "_");
	strncat(key, tok, n - strlen(key) - 1);
}

enum ys_err tables_shape_build(const char *kind, const struct cell *const *rows,
			       const size_t *widths, size_t nrows, struct table_shape *out)
{
	memset(out, 0, sizeof *out);
	out->kind = kind;
	/* Width: the widest header row, column-number rows included (they may number a column
	 * no label row names). Labels: every row but those. */
	size_t w = 0;
	for (size_t r = 0; r < nrows; r++) {
		size_t sw = widths[r];
		while (sw > 0 && rows[r][sw - 1].len == 0)
			sw--;
		if (sw > w)
			w = sw;
	}
	if (w == 0)
		return YS_EPARSE;
	out->ncols = w;
	out->cols = calloc(w, sizeof *out->cols);
	char(*lab)[160] = calloc(nrows * w, sizeof *lab);
	if (!out->cols || !lab) {
		free(out->cols);
		free(lab);
		out->cols = NULL;
		return YS_ENOMEM;
	}
#define LAB(r, c) lab[(r) * w + (c)]
	for (size_t r = 0; r < nrows; r++) {
		if (tables_is_colnum_row(rows[r], widths[r]))
			continue;
		for (size_t c = 0; c < w && c < widths[r]; c++) {
			char tmp[160];
			text_norm(rows[r][c].s, rows[r][c].len, tmp, sizeof tmp);
			text_copy(LAB(r, c), sizeof LAB(r, c), tmp);
		}
	}
	/* Spanned group labels: a blank cell takes its left neighbour's label when both sit under
	 * the same parent and a deeper header row labels this column (so the blank is a span). */
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 1; c < w; c++) {
			if (LAB(r, c)[0] || !LAB(r, c - 1)[0])
				continue;
			int same_parent = 1;
			for (size_t q = 0; q < r; q++)
				if (strcmp(LAB(q, c), LAB(q, c - 1)) != 0)
					same_parent = 0;
			int deeper = 0;
			for (size_t q = r + 1; q < nrows; q++)
				if (LAB(q, c)[0])
					deeper = 1;
			if (same_parent && deeper)
				memcpy(LAB(r, c), LAB(r, c - 1), sizeof LAB(r, c));
		}

	const char **paths = calloc(w * 16, sizeof *paths);
	size_t *np = calloc(w, sizeof *np);
	if (!paths || !np) {
		free(paths);
		free(np);
		free(lab);
		tables_shape_free(out);
		return YS_ENOMEM;
	}
	for (size_t c = 0; c < w; c++)
		for (size_t r = 0; r < nrows && np[c] < 16; r++)
			if (LAB(r, c)[0] &&
			    (np[c] == 0 || strcmp(paths[c * 16 + np[c] - 1], LAB(r, c)) != 0))
				paths[c * 16 + np[c]++] = LAB(r, c);
	free(out->cols);
	out->cols = NULL;
	enum ys_err e = tables_shape_from_paths(kind, paths, np, w, out);
	free(paths);
	free(np);
#undef LAB
	free(lab);
	return e;
}

static enum ys_err shape_compute(const char *kind, const char *const *paths, const size_t *np,
				 size_t w, struct table_shape *out);

/* Shapes by header. A corpus repeats a few dozen headers thousands of times and working one out
 * is string matching all the way down, so each worked-out shape is kept, keyed by the kind and
 * the exact header paths (compared byte for byte, not only by hash). Shared by the reading
 * threads under a mutex; bounded; lives until the process ends. */
#define MEMO_SLOTS 1024 /* at most 3/4 used */
static struct memo_slot {
	uint64_t h;
	char *key;
	size_t keylen;
	struct table_shape shape;
} memo[MEMO_SLOTS];
static size_t memo_used;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

/* kind NUL, then each column's path: labels NUL-terminated, the column ended by a 0x01 byte */
static char *memo_key(const char *kind, const char *const *paths, const size_t *np, size_t w,
		      size_t *len)
{
	size_t n = strlen(kind) + 1 + w;
	for (size_t c = 0; c < w; c++)
		for (size_t i = 0; i < np[c]; i++)
			n += strlen(paths[c * 16 + i]) + 1;
	char *k = malloc(n);
	if (!k)
		return NULL;
	char *p = stpcpy(k, kind) + 1;
	for (size_t c = 0; c < w; c++) {
		for (size_t i = 0; i < np[c]; i++)
			p = stpcpy(p, paths[c * 16 + i]) + 1;
		*p++ = 1;
	}
	*len = n;
	return k;
}

static int shape_copy(struct table_shape *dst, const struct table_shape *src)
{
	*dst = *src;
	dst->cols = malloc((src->ncols ? src->ncols : 1) * sizeof *dst->cols);
	if (!dst->cols)
		return -1;
	memcpy(dst->cols, src->cols, src->ncols * sizeof *dst->cols);
	return 0;
}

enum ys_err tables_shape_from_paths(const char *kind, const char *const *paths, const size_t *np,
				    size_t w, struct table_shape *out)
{
	size_t keylen;
	char *key = memo_key(kind, paths, np, w, &keylen);
	if (!key)
		return shape_compute(kind, paths, np, w, out);
	uint64_t h = XXH3_64bits(key, keylen);
	size_t at = (size_t)h % MEMO_SLOTS;
	pthread_mutex_lock(&memo_lock);
	for (;; at = (at + 1) % MEMO_SLOTS) {
		struct memo_slot *m = &memo[at];
		if (!m->key)
			break;
		if (m->h == h && m->keylen == keylen && !memcmp(m->key, key, keylen)) {
			int bad = shape_copy(out, &m->shape);
			out->kind = kind; /* (the caller's string, whatever the first caller's was) */
			pthread_mutex_unlock(&memo_lock);
			free(key);
			return bad ? YS_ENOMEM : YS_OK;
		}
	}
	pthread_mutex_unlock(&memo_lock);

	enum ys_err e = shape_compute(kind, paths, np, w, out);
	struct table_shape keep;
	if (e != YS_OK || shape_copy(&keep, out) != 0) {
		free(key);
		return e;
	}
	pthread_mutex_lock(&memo_lock);
	int kept = 0;
	if (memo_used < MEMO_SLOTS / 4 * 3) {
		for (at = (size_t)h % MEMO_SLOTS; memo[at].key; at = (at + 1) % MEMO_SLOTS)
			if (memo[at].h == h && memo[at].keylen == keylen &&
			    !memcmp(memo[at].key, key, keylen))
				break; /* another thread was first */
		if (!memo[at].key) {
			memo[at] = (struct memo_slot){ h, key, keylen, keep };
			memo_used++;
			kept = 1;
		}
	}
	pthread_mutex_unlock(&memo_lock);
	if (!kept) {
		free(key);
		free(keep.cols);
	}
	return YS_OK;
}

/* Whether a column other than c is the vehicle group's own 小计 (公务用车购置及运行维护费 / 小计). */
static int sangong_vehicle_group(const char *const *paths, const size_t *np, size_t w, size_t c)
{
	for (size_t e = 0; e < w; e++) {
		if (e == c || !np[e] || strcmp(paths[e * 16 + np[e] - 1], "小计"))
			continue;
		for (size_t i = 0; i + 1 < np[e]; i++) {
			const char *tk = token_of(paths[e * 16 + i]);
			if (tk && !strcmp(tk, "vehicle"))
				return 1;
		}
	}
	return 0;
}

/* A 三公 table that prints 会议费 and 培训费 beside the 三公 items may head them all with a 合计
 * (三公 + 会议费 + 培训费) and the 三公 items with a 小计 (Shaanxi: 合计 | 小计 | 出国 | 接待 | 车 …
 * | 会议费 | 培训费, per year block): the 小计 is the 三公 total, the 合计 `all_total`. */
static void sangong_all_total(struct table_shape *out)
{
	static const char *const pre[] = { "", "prior_", "change_" };
	for (size_t b = 0; b < sizeof pre / sizeof pre[0]; b++) {
		char tot[64], meet[64], train[64];
		snprintf(tot, sizeof tot, "%stotal", pre[b]);
		snprintf(meet, sizeof meet, "%smeeting", pre[b]);
		snprintf(train, sizeof train, "%straining", pre[b]);
		int has_mt = 0;
		for (size_t c = 0; c < out->ncols; c++)
			has_mt |= out->cols[c].role == COL_AMOUNT &&
				  (!strcmp(out->cols[c].key, meet) || !strcmp(out->cols[c].key, train));
		if (!has_mt)
			continue;
		for (size_t c = 0; c + 1 < out->ncols; c++) {
			struct col_spec *t = &out->cols[c], *n = &out->cols[c + 1];
			size_t tl = strlen(tot);
			if (t->role != COL_AMOUNT || n->role != COL_AMOUNT || strcmp(t->key, tot) ||
			    strncmp(n->key, tot, tl) || strncmp(n->key + tl, "_col", 4))
				continue;
			const char *leaf = strrchr(n->label, '/');
			if (strcmp(leaf ? leaf + 1 : n->label, "小计"))
				continue;
			snprintf(t->key, sizeof t->key, "%sall_total", pre[b]);
			snprintf(n->key, sizeof n->key, "%s", tot);
		}
	}
}

static enum ys_err shape_compute(const char *kind, const char *const *paths, const size_t *np,
				 size_t w, struct table_shape *out)
{
	memset(out, 0, sizeof *out);
	out->kind = kind;
	out->ncols = w;
	out->cols = calloc(w ? w : 1, sizeof *out->cols);
	if (!out->cols)
		return YS_ENOMEM;
#define PATH(c, i) paths[(c) * 16 + (i)]
	/* pass 1: each column's header path and role (the deepest label decides, then its
	 * ancestors); two name columns in a summary make it two-sided (income | expenditure) */
	const int summary_like = !strcmp(kind, "summary") || !strcmp(kind, "fiscal_summary");
	int names = 0, side = 0;
	for (size_t c = 0; c < w; c++) {
		struct col_spec *cs = &out->cols[c];
		for (size_t i = 0; i < np[c]; i++) {
			if (i)
				strncat(cs->label, "/", sizeof cs->label - strlen(cs->label) - 1);
			strncat(cs->label, PATH(c, i), sizeof cs->label - strlen(cs->label) - 1);
		}
		cs->role = COL_AMOUNT; /* an unlabelled column is keyed by its position below */
		for (size_t i = np[c]; i-- > 0;) {
			enum col_role ro = role_of(PATH(c, i));
			if (ro != COL_AMOUNT) {
				cs->role = ro;
				break;
			}
		}
		if (cs->role == COL_NAME && names++ > 0 && summary_like) {
			out->two_sided = 1;
			side = 1;
		}
		cs->side = side;
	}

	/* Measures (预算数, 决算数, 年初预算数 …): plain amounts when a table has one, part of the
	 * key when it has several (final accounts print budget and outturn side by side). */
	static const struct tok measures[] = { { "预算数", "budget" }, { "决算数", "final" },
					       { "年初预算数", "budget_initial" },
					       { "调整预算数", "budget_adjusted" },
					       { "全年预算数", "budget_adjusted" } };
	const char *seen_measure = NULL;
	int multi_measure = 0;
	for (size_t c = 0; c < w; c++)
		for (size_t i = 0; i < np[c]; i++)
			for (size_t m = 0; m < sizeof measures / sizeof measures[0]; m++)
				if (!strcmp(skip_year(PATH(c, i)), measures[m].label)) {
					if (seen_measure && strcmp(seen_measure, measures[m].label))
						multi_measure = 1;
					seen_measure = measures[m].label;
				}

	/* Year blocks: `2025年预算数 | 2026年预算数` (or 上年 | 本年) over the same columns, side by
	 * side. The latest year's block is the table's figures; an earlier one is the prior year's
	 * (keys `prior_…`) and a change block (`增减`, `比上年增减`) the difference (`change_…`), so that
	 * a prior figure is never taken for the current one. */
	int maxyear = 0, nyears = 0, seen_year = 0;
	for (size_t c = 0; c < w; c++)
		for (size_t i = 0; i < np[c]; i++) {
			int y = label_year(PATH(c, i));
			if (y && y != seen_year) {
				nyears += seen_year != 0 && y != maxyear;
				seen_year = y;
				if (y > maxyear)
					maxyear = y;
			}
		}
	if (nyears == 0)
		maxyear = 0; /* one year stamped over all columns: nothing to tell apart */

	/* pass 2: amount keys from the non-group labels of the path */
	out->first_amount = w;
	for (size_t c = 0; c < w; c++) {
		struct col_spec *cs = &out->cols[c];
		if (cs->role != COL_AMOUNT)
			continue;
		/* a label this module does not know keys the column by its own text, unless a
		 * known label in the same path says what the column is (then the unknown one is a
		 * fragment or a decoration) */
		int known_in_path = 0;
		for (size_t i = 0; i < np[c]; i++)
			known_in_path |= token_of(PATH(c, i)) != NULL && *token_of(PATH(c, i));
		const char *measure = NULL;
		for (size_t i = 0; i < np[c]; i++) {
			const char *l = PATH(c, i);
			if (multi_measure) {
				const char *ms = NULL;
				for (size_t m = 0; m < sizeof measures / sizeof measures[0]; m++)
					if (!strcmp(skip_year(l), measures[m].label))
						ms = measures[m].token;
				if (ms) {
					measure = ms;
					continue;
				}
			}
			if (is_group(l))
				continue;
			/* a block label alone (`2022年`, `增减变化情况`): the prefix below says it */
			if (maxyear && !token_of(l) && (!*skip_year(l) || text_has(l, "增减")))
				continue;
			if (known_in_path && !token_of(l) && !tables_known_label(l))
				continue;
			if (out->two_sided && (!strcmp(l, "收入") || !strcmp(l, "支出") ||
					       !strcmp(l, "本年收入") || !strcmp(l, "本年支出") ||
					       !strcmp(l, "财政拨款收入") || !strcmp(l, "财政拨款支出")))
				continue; /* the side, added below */
			const char *t = token_of(l);
			/* an unknown label keys the column by its own text: visible, never lost */
			key_join(cs->key, sizeof cs->key, t ? t : l);
		}
		if (np[c] == 0)
			snprintf(cs->key, sizeof cs->key, "col%zu", c + 1);
		/* a 三公 table's only subtotal is the vehicle one (`小计` under 公务用车购置及运行费,
		 * that group label printed narrower than its columns); a 小计 beside a vehicle group
		 * of its own is the 三公 total (Shaanxi's 决算: 小计 | 因公出国 | 公务用车 {小计 购置 运行} …) */
		if (!strcmp(kind, "sangong") && !cs->key[0] && np[c] && !strcmp(PATH(c, np[c] - 1), "小计"))
			strcpy(cs->key, sangong_vehicle_group(paths, np, w, c) ? "total" : "vehicle");
		if (!cs->key[0])
			strcpy(cs->key, "total");
		if (measure)
			key_join(cs->key, sizeof cs->key, measure);
		/* `其中：专项资金列入部门预算项目` (the column's own label): a part of the column before
		 * it, never a source of its own (keyed `incl_…`, which the identities leave out of any
		 * sum). `其中：` over `基本支出 | 项目支出` only groups them: no such part. */
		int incl = 0; /* (the label may be wrapped: `其中:专项资金列` / `入部门预算项目`) */
		for (size_t i = 0; i < np[c]; i++)
			if (!strncmp(PATH(c, i), "其中", 6) && strcmp(PATH(c, i), "其中") && strcmp(PATH(c, i), "其中:")) {
				incl = 1;
				for (size_t j = i + 1; j < np[c]; j++)
					if (token_of(PATH(c, j)) || tables_known_label(PATH(c, j)))
						incl = 0;
			}
		if (incl && strncmp(cs->key, "incl_", 5)) {
			char k[sizeof cs->key];
			snprintf(k, sizeof k, "incl_%.100s", cs->key);
			memcpy(cs->key, k, sizeof k);
		}
		if (maxyear) {
			int y = 0, change = 0;
			for (size_t i = 0; i < np[c]; i++) {
				if (!y)
					y = label_year(PATH(c, i));
				change |= text_has(PATH(c, i), "增减") || text_has(PATH(c, i), "增长");
			}
			const char *pre = change ? "change_" : y && y < maxyear ? "prior_" : NULL;
			if (pre) {
				char k[sizeof cs->key];
				snprintf(k, sizeof k, "%s%.100s", pre, cs->key);
				memcpy(cs->key, k, sizeof k);
			}
		}
		/* two columns under one label (a sub-column the header does not name): the later one
		 * is keyed by its position, so that no amount is lost or merged */
		for (size_t e = 0; e < c; e++)
			if (out->cols[e].role == COL_AMOUNT && !strcmp(out->cols[e].key, cs->key)) {
				char k[sizeof cs->key];
				snprintf(k, sizeof k, "%.100s_col%zu", cs->key, c + 1);
				memcpy(cs->key, k, sizeof k);
				break;
			}
		if (out->two_sided) {
			char k[sizeof cs->key];
			const char *sname = cs->side ? "expenditure" : "income";
			if (!strcmp(cs->key, "total"))
				text_copy(k, sizeof k, sname);
			else
				snprintf(k, sizeof k, "%s_%.100s", sname, cs->key);
			memcpy(cs->key, k, sizeof k);
		}
		text_utf8_clip(cs->key);
		if (c < out->first_amount)
			out->first_amount = c;
		out->last_amount = c;
	}
#undef PATH
	if (out->first_amount == w)
		return YS_EPARSE;
	if (!strcmp(kind, "sangong"))
		sangong_all_total(out);
	return YS_OK;
}

int tables_known_label(const char *norm)
{
	/* exact matches only: a part of a wrapped label must not pass for the whole */
	const char *l = skip_year(norm);
	for (size_t i = 0; i < sizeof group_labels / sizeof group_labels[0]; i++)
		if (!strcmp(l, group_labels[i]))
			return 1;
	for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
		if (!strcmp(l, tokens[i].label))
			return 1;
	static const char *const labels[] = { "收入", "支出", "项目", "类", "款", "项", "序号",
					      "科目编码", "科目名称", "功能分类科目编码",
					      "功能分类科目名称", "经济分类科目编码",
					      "部门经济分类科目名称", "经济分类科目名称",
					      "机关运行经费", "机关运行经费预算数",
					      "机关运行经费决算数", "三公经费预算数" };
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(l, labels[i]))
			return 1;
	return 0;
}

void tables_shape_free(struct table_shape *s)
{
	free(s->cols);
	memset(s, 0, sizeof *s);
}

/* ---- rows → facts ---- */

static const struct tok function_classes[] = {
	{ "一般公共服务支出", "201" }, { "外交支出", "202" }, { "国防支出", "203" },
	{ "公共安全支出", "204" }, { "教育支出", "205" }, { "科学技术支出", "206" },
	{ "文化旅游体育与传媒支出", "207" }, { "文化体育与传媒支出", "207" },
	{ "社会保障和就业支出", "208" }, { "社会保险基金支出", "209" },
	{ "卫生健康支出", "210" }, { "医疗卫生与计划生育支出", "210" },
	{ "医疗卫生支出", "210" }, { "节能环保支出", "211" }, { "城乡社区支出", "212" },
	{ "农林水支出", "213" }, { "交通运输支出", "214" }, { "资源勘探工业信息等支出", "215" },
	{ "资源勘探信息等支出", "215" }, { "商业服务业等支出", "216" }, { "金融支出", "217" },
	{ "援助其他地区支出", "219" }, { "自然资源海洋气象等支出", "220" },
	{ "国土海洋气象等支出", "220" }, { "住房保障支出", "221" }, { "粮油物资储备支出", "222" },
	{ "国有资本经营预算支出", "223" }, { "灾害防治及应急管理支出", "224" },
	{ "预备费", "227" }, { "其他支出", "229" }, { "转移性支出", "230" },
	{ "债务还本支出", "231" }, { "债务付息支出", "232" }, { "债务发行费用支出", "233" },
	{ "抗疫特别国债安排的支出", "234" },
};

const char *tables_function_class(const char *name)
{
	char t[256];
	text_norm(name, strlen(name), t, sizeof t);
	const char *p = text_skip_ordinal(t);
	for (size_t i = 0; i < sizeof function_classes / sizeof function_classes[0]; i++)
		if (strcmp(p, function_classes[i].label) == 0)
			return function_classes[i].token;
	return NULL;
}

static int all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void add_finding(struct row_sink *sink, const char *check, enum severity sev, int line,
			int page, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add_finding(struct row_sink *sink, const char *check, enum severity sev, int line,
			int page, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct finding f = { 0 };
	f.check = facts_intern(sink->facts, check);
	f.severity = sev;
	f.file = sink->tmpl.file;
	f.line = line;
	f.page = page;
	f.message = facts_intern(sink->facts, msg);
	findings_add(sink->findings, &f);
}

/* Level of an ordinal prefix: 一、 → 1, （一） → 2, 1、/1. → 3, none → 0. */
static int ordinal_level(const char *s)
{
	const char *p = text_skip_ordinal(s);
	if (p == s)
		return 0;
	if (s[0] == '(' || strncmp(s, "（", 3) == 0)
		return 2;
	if (s[0] >= '0' && s[0] <= '9')
		return 3;
	return 1;
}

/* The decimals a cell was printed with, when finer than its unit's usual ones (`17192.3000` in a
 * 万元 table: 0.0001 万元); else 0, the usual (a whole number in a 万元 column is a template's way
 * of printing .00, not a coarser figure). The audit's envelopes take it (issue 16, item 3). */
static unsigned char cell_prec(const struct cell *c, enum money_unit u)
{
	int dp = c ? money_decimals(c->s, c->len) : 0;
	int usual = u == MU_WAN || u == MU_PCT ? 2 : 0;
	return dp > usual ? fact_prec(dp) : 0;
}

static void emit(struct row_sink *sink, const char *code, const char *name, const char *column,
		 int64_t v, unsigned char prec, int line, int page, int *added)
{
	struct fact f = sink->tmpl;
	f.prec = prec;
	f.row_code = code;
	f.row_name = name;
	f.column = column;
	f.amount = v;
	f.unit_note = sink->unit;
	f.line = line;
	f.page = page;
	if (facts_add(sink->facts, &f) == YS_OK)
		(*added)++;
}

static void clean_cell(const struct cell *c, char *out, size_t n)
{
	size_t len = c->len;
	const char *s = text_trim(c->s, &len);
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
	text_utf8_clip(out); /* a long cell (a performance target's text) is cut at a character */
}

/* Two-sided summaries: each side is an item name and its amounts. */
static int emit_two_sided(const struct table_shape *sh, struct row_state *st, const struct cell *cells,
			  size_t ncells, int line, int page, struct row_sink *sink)
{
	int added = 0;
	for (int side = 0; side < 2; side++) {
		char name[160] = "";
		for (size_t c = 0; c < sh->ncols && c < ncells; c++)
			if (sh->cols[c].side == side && sh->cols[c].role == COL_NAME) {
				clean_cell(&cells[c], name, sizeof name);
				break;
			}
		int any = 0;
		for (size_t c = 0; c < sh->ncols && c < ncells; c++)
			if (sh->cols[c].side == side && sh->cols[c].role == COL_AMOUNT && cells[c].len)
				any = 1;
		if (!name[0]) {
			if (any)
				add_finding(sink, "unplaced_row", SEV_WARNING, line, page,
					    "%s: amounts without an item name on the %s side; left out",
					    sh->kind, side ? "expenditure" : "income");
			continue;
		}
		char norm[160];
		text_norm(name, strlen(name), norm, sizeof norm);
		const char *bare = text_skip_ordinal(norm);
		int lvl = ordinal_level(norm);
		char full[400] = "";
		const char *code = "";
		if (side == 1 && (code = tables_function_class(bare)) != NULL) {
			text_copy(full, sizeof full, bare);
		} else {
			code = "";
			if (lvl == 0) {
				/* an item without an ordinal (`年初财政拨款结转和结余`) heads the numbered
				 * items under it, unless it is a total */
				text_copy(full, sizeof full, bare);
				memset(st->parent[side], 0, sizeof st->parent[side]);
				if (!tables_is_total_label(bare, strlen(bare)))
					text_copy(st->parent[side][0], sizeof st->parent[side][0], bare);
			} else if (lvl == 1 && !st->parent[side][0][0]) {
				text_copy(full, sizeof full, bare);
				memset(st->parent[side], 0, sizeof st->parent[side]);
				text_copy(st->parent[side][1], sizeof st->parent[side][1], bare);
			} else {
				text_copy(st->parent[side][lvl], sizeof st->parent[side][lvl], bare);
				for (int l = lvl + 1; l < 4; l++)
					st->parent[side][l][0] = '\0';
				for (int l = 0; l <= lvl; l++) {
					if (!st->parent[side][l][0])
						continue;
					if (full[0])
						strncat(full, "/", sizeof full - strlen(full) - 1);
					strncat(full, st->parent[side][l], sizeof full - strlen(full) - 1);
				}
			}
		}
		for (size_t c = 0; c < sh->ncols; c++) {
			const struct col_spec *cs = &sh->cols[c];
			if (cs->side != side || cs->role != COL_AMOUNT)
				continue;
			int64_t v = 0;
			int blank = 1;
			enum ys_err pe = c < ncells ? money_parse(cells[c].s, cells[c].len, sink->unit, &v, &blank) : YS_OK;
			if (pe != YS_OK) {
				char raw[80];
				clean_cell(&cells[c], raw, sizeof raw);
				add_finding(sink, "garbage_cell", SEV_ERROR, line, page,
					    "%s: cell '%s' in column %s is %s; left out", sh->kind, raw, cs->label,
					    pe == YS_ERANGE ? "out of range for an amount (too large, or finer than 分)"
							    : "not an amount");
				continue;
			}
			emit(sink, code, full, cs->key, v, cell_prec(c < ncells ? &cells[c] : NULL, sink->unit), line,
			     page, &added);
		}
	}
	return added;
}

int tables_emit_row(const struct table_shape *sh, struct row_state *st, const struct cell *cells,
		    size_t ncells, int line, int page, struct row_sink *sink)
{
	if (sh->two_sided)
		return emit_two_sided(sh, st, cells, ncells, line, page, sink);

	char code[32] = "", unit[32] = "", name[400] = "", attr[200] = "";
	int code_parts = 0, code_bad = 0;
	for (size_t c = 0; c < sh->ncols && c < ncells; c++) {
		char v[200];
		clean_cell(&cells[c], v, sizeof v);
		size_t vl = strlen(v);
		if (!vl)
			continue;
		switch (sh->cols[c].role) {
		case COL_SUBJECT:
			if (all_digits(v, vl)) {
				/* split codes: 款/项 parts are two digits (`301 2` means 30102) */
				if (code_parts > 0 && vl == 1)
					strncat(code, "0", sizeof code - strlen(code) - 1);
				strncat(code, v, sizeof code - strlen(code) - 1);
				code_parts++;
			} else {
				code_bad = 1;
				if (!name[0])
					text_copy(name, sizeof name, v);
			}
			break;
		case COL_UNIT:
			if (all_digits(v, vl))
				snprintf(unit, sizeof unit, "%.31s", v);
			else if (!name[0])
				text_copy(name, sizeof name, v);
			break;
		case COL_NAME:
			if (!name[0] || code_bad) {
				if (code_bad && name[0] && tables_is_total_label(name, strlen(name)))
					break; /* 合计 already in the code column: keep it */
				text_copy(name, sizeof name, v);
			}
			break;
		case COL_ATTR:
			text_copy(attr, sizeof attr, v);
			break;
		case COL_SEQ:
			if (!all_digits(v, vl) && !name[0])
				text_copy(name, sizeof name, v);
			break;
		case COL_TEXT:
		case COL_AMOUNT:
			break;
		}
	}
	/* a code glued to its name: `2010506统计管理` */
	if (!code[0] && name[0] >= '2' && name[0] <= '5') {
		size_t k = 0;
		while (name[k] >= '0' && name[k] <= '9')
			k++;
		if ((k == 3 || k == 5 || k == 7) && name[k] && (unsigned char)name[k] >= 0x80) {
			memcpy(code, name, k);
			code[k] = '\0';
			memmove(name, name + k, strlen(name + k) + 1);
		}
	}
	char row_code[48] = "";
	if (code[0])
		text_copy(row_code, sizeof row_code, code);
	else if (unit[0])
		snprintf(row_code, sizeof row_code, "unit:%s", unit);
	char row_name[600];
	if (name[0] && attr[0])
		snprintf(row_name, sizeof row_name, "%s/%s", name, attr);
	else
		text_copy(row_name, sizeof row_name, name[0] ? name : attr);

	if (!row_code[0] && !row_name[0]) {
		add_finding(sink, "unplaced_row", SEV_WARNING, line, page,
			    "%s: a row with amounts but no code or name; left out", sh->kind);
		return -1;
	}

	/* A row that stops before the last amount column, in a table that prints its zeros, is
	 * missing cells: which ones cannot be known, so the row is reported, not shifted. */
	size_t last = 0;
	int present = 0;
	for (size_t c = 0; c < ncells; c++) {
		size_t len = cells[c].len;
		text_trim(cells[c].s, &len);
		if (len)
			last = c + 1;
		if (len && c < sh->ncols && sh->cols[c].role == COL_AMOUNT)
			present++;
	}
	if (sink->zero_printed && present > 0 && last <= sh->last_amount) {
		size_t want = 0;
		for (size_t c = 0; c < sh->ncols; c++)
			want += sh->cols[c].role == COL_AMOUNT;
		add_finding(sink, "unplaced_row", SEV_WARNING, line, page,
			    "%s row '%s%s%s' has %d amounts where the header has %zu columns; which "
			    "cell is missing cannot be told, so the row is left out",
			    sh->kind, row_code, row_code[0] ? " " : "", row_name, present, want);
		return -1;
	}
	if (ncells > sh->ncols) {
		for (size_t c = sh->ncols; c < ncells; c++) {
			size_t len = cells[c].len;
			text_trim(cells[c].s, &len);
			if (len) {
				add_finding(sink, "unplaced_row", SEV_WARNING, line, page,
					    "%s row '%s' has %zu cells, header has %zu; left out", sh->kind,
					    row_name, ncells, sh->ncols);
				return -1;
			}
		}
	}

	int added = 0;
	for (size_t c = 0; c < sh->ncols; c++) {
		const struct col_spec *cs = &sh->cols[c];
		if (cs->role != COL_AMOUNT)
			continue;
		int64_t v = 0;
		int blank = 1;
		enum ys_err pe = c < ncells ? money_parse(cells[c].s, cells[c].len, sink->unit, &v, &blank) : YS_OK;
		if (pe != YS_OK) {
			char raw[80];
			clean_cell(&cells[c], raw, sizeof raw);
			add_finding(sink, "garbage_cell", SEV_ERROR, line, page,
				    "%s: cell '%s' in column %s is %s; left out", sh->kind, raw, cs->label,
				    pe == YS_ERANGE ? "out of range for an amount (too large, or finer than 分)"
						    : "not an amount");
			continue;
		}
		emit(sink, row_code, row_name, cs->key, v, cell_prec(c < ncells ? &cells[c] : NULL, sink->unit),
		     line, page, &added);
	}
	return added;
}
