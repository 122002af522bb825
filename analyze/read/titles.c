/* Finding tables: a title's kind by its words, never by its number or position; the numbering
 * and qualifiers around a title are set aside first (see titles.h). */
#include "titles.h"

#include <string.h>

#include "../base/text.h"

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static int starts(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

/* Chinese numerals of table numbers (`表一`, `表十二`). */
static size_t cn_digits(const char *s)
{
	static const char *const d[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇" };
	size_t n = 0;
	for (;;) {
		size_t k;
		for (k = 0; k < sizeof d / sizeof d[0]; k++)
			if (starts(s + n, d[k]))
				break;
		if (k == sizeof d / sizeof d[0])
			return n;
		n += 3;
	}
}

/* Length of a table number at the start of t (`预算02表`, `公开表6`, `表3`, `附表3`, `预算表12`,
 * `表一`), 0 when there is none. A number glued to a year (`表52022年…`, from `表5 2022 年…`)
 * stops before the year. */
static size_t number_prefix(const char *t)
{
	static const char *const pre[] = { "部门预算", "预算公开", "预算", "公开", "附", "" };
	for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
		const char *p = t;
		if (!starts(p, pre[i]))
			continue;
		p += strlen(pre[i]);
		int before = 0;
		if (starts(p, "表")) {
			before = 1;
			p += 3;
		}
		size_t nd = 0;
		while (p[nd] >= '0' && p[nd] <= '9')
			nd++;
		if (nd > 2) {
			/* `表52022年`: one or two digits, then a year */
			size_t keep = nd >= 6 ? nd - 4 : 0;
			if (keep && keep <= 2 && p[keep] == '2' && starts(p + nd, "年"))
				nd = keep;
			else
				continue;
		}
		if (nd == 0 && before)
			nd = cn_digits(p);
		if (nd == 0)
			continue;
		p += nd;
		int after = starts(p, "表");
		if (after)
			p += 3;
		if (!before && !after)
			continue;
		return (size_t)(p - t);
	}
	return 0;
}

int tables_number_label(const char *norm)
{
	size_t n = number_prefix(norm);
	return n > 0 && norm[n] == '\0';
}

/* The title's words: numbering, an ordinal (`五、`), trailing qualifiers in parentheses and
 * trailing punctuation set aside, into t (size 512). Returns 0 when nothing is left that ends in
 * 表; *qual gets whether a qualifier said 经济 (economic classification) or 功能 (function). */
static int title_core(const char *norm, char *t, int *econ, int *func)
{
	*econ = *func = 0;
	size_t n = strlen(norm);
	if (n < 9 || n >= 512)
		return 0;
	const char *s = norm + number_prefix(norm);
	s = text_skip_ordinal(s);
	n = strlen(s);
	memcpy(t, s, n + 1);
	for (int round = 0; round < 3; round++) {
		while (n > 0 && (t[n - 1] == ':' || t[n - 1] == '.'))
			t[--n] = '\0';
		if (n < 2 || t[n - 1] != ')')
			break;
		char *open = strrchr(t, '(');
		if (!open || open == t)
			break;
		if (text_has(open, "经济"))
			*econ = 1;
		if (text_has(open, "功能"))
			*func = 1;
		*open = '\0';
		n = (size_t)(open - t);
	}
	if (!ends_with(t, "表") || n > 120 || n < 6)
		return 0;
	if (text_has(t, "详见") || text_has(t, "见附") || starts(t, "注"))
		return 0;
	/* the classification may also be said inside the title (`…支出经济分类情况表`) */
	if (text_has(t, "经济分类") || text_has(t, "经济科目"))
		*econ = 1;
	if (text_has(t, "功能分类") || text_has(t, "功能科目"))
		*func = 1;
	return 1;
}

/* Words that make a 支出 table something else than the standard kinds: one part of the spending
 * (项目支出, 专项, 结转) or another classification. */
static int part_only(const char *t)
{
	return text_has(t, "项目支出") || text_has(t, "专项") || text_has(t, "结转资金") ||
	       text_has(t, "结转和结余") || text_has(t, "上年结转");
}

const char *tables_kind_from_title(const char *norm)
{
	char t[512];
	int econ, func;
	if (!title_core(norm, t, &econ, &func))
		return NULL;
	/* most specific first */
	if (text_has(t, "三公") || text_has(t, "机关运行经费"))
		return "sangong";
	if (text_has(t, "绩效"))
		return "performance";
	if (text_has(t, "政府采购"))
		return "procurement";
	if (text_has(t, "购买服务"))
		return "purchase_service";
	if (text_has(t, "国有资本经营"))
		return "soe_capital";
	if (text_has(t, "政府性基金"))
		return "gov_fund";
	if (text_has(t, "财政拨款收支") || text_has(t, "财政拨款收入支出"))
		return "fiscal_summary";
	if (text_has(t, "一般公共预算") && text_has(t, "基本支出"))
		return func ? NULL : "gpb_basic";
	if (text_has(t, "一般公共预算") && text_has(t, "支出"))
		return econ || part_only(t) ? NULL : "gpb_expenditure";
	if (text_has(t, "收支总") || text_has(t, "收入支出决算总表") || text_has(t, "财务收支") ||
	    text_has(t, "收支预算总表") || text_has(t, "收支决算总表"))
		return "summary";
	if (text_has(t, "收入") && !text_has(t, "支出"))
		return "income";
	if (text_has(t, "支出") && !text_has(t, "基本支出") && !part_only(t) && !econ &&
	    !text_has(t, "财政拨款"))
		return "expenditure";
	return NULL;
}

int tables_title_other(const char *norm)
{
	char t[512];
	int econ, func;
	if (tables_kind_from_title(norm) || !title_core(norm, t, &econ, &func))
		return 0;
	/* a budget table's words, not a heading that happens to end in 表 (`2026年部门预算表`) */
	return text_has(t, "支出") || text_has(t, "收入") || text_has(t, "经费");
}

int tables_unit_line(const char *norm, enum money_unit *u)
{
	const char *t = norm;
	/* `单位：万元`, `金额单位：元`, and `编制单位：X   单位：元` on one layout line: the unit
	 * follows a colon directly (`单位名称：` and `编制单位：X` are names, not units) */
	for (const char *p = strstr(t, "单位:"); p; p = strstr(p + 1, "单位:")) {
		const char *v = p + strlen("单位:");
		if (strncmp(v, "万元", 6) == 0 || strcmp(v, "万") == 0) /* `单位：万` / `元` wrapped */
			*u = MU_WAN;
		else if (strncmp(v, "千元", 6) == 0)
			*u = MU_QIAN;
		else if (strncmp(v, "元", 3) == 0)
			*u = MU_YUAN;
		else
			continue;
		return 1;
	}
	return 0;
}

int tables_stated_empty(const char *norm)
{
	const char *t = norm;
	if (!text_has(t, "空") && !text_has(t, "无数据")) /* (every phrase below has one of them) */
		return 0;
	return text_has(t, "本表无数据") || text_has(t, "本表为空表") || text_has(t, "此表为空") ||
	       text_has(t, "本表为空") || text_has(t, "故无数据") || text_has(t, "空表") ||
	       (text_has(t, "没有") && text_has(t, "无数据"));
}
