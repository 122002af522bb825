/* Findings a reviewer can trust (issue 16, items 2 and 3): an error only when every figure was
 * read with certainty, and each figure compared as precisely as it was printed. Fixtures written
 * for this test: a unit budget whose tables print 0.0001 万元 and whose narrative prints whole
 * 万元, one decimal rates and a truncated figure. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/facts.h"
#include "base/money.h"
#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(evidence, .fini = teardown);

static char *audit_md(const char *name, const char *text, int *status)
{
	const char *p = ys_fixture(name, text);
	struct proc pr;
	cr_assert_eq(ys_exec(&pr, NULL, NULL, (const char *const[]){ "audit", p, NULL }), 0);
	*status = pr.status;
	char *out = strdup(pr.out);
	ys_proc_free(&pr);
	return out;
}

#define TABLE                                                                                     \
	"单位支出总体情况表\n\n单位：万元\n\n"                                                    \
	"科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n" \
	"合计\t\t\t17192.3000\t17104.5920\t87.7080\n"                                             \
	"2010301\t\t行政运行\t17192.3000\t17104.5920\t87.7080\n\n"

/* 17,192万元 against 17192.30: whole 万元 as printed (±0.5), no finding. 87.70 against 87.708:
 * rounding gives 87.71, truncation 87.70: info. 增长6.2% for 1,000 / 16,192 = 6.176%: within
 * the 0.05 of one decimal. 增长6.1% for 995.00 / 16,109.59 = 6.1766%: truncated, info. */
static const char precise[] = "999001示例市测试中心\n2025年单位预算公开说明\n\n"
			      "2025年支出预算17,192万元，比上年增加1,000万元，增长6.2%。"
			      "基本支出17,104.59万元，比上年增加995.00万元，增长6.1%。项目支出87.70万元。\n\n" TABLE;

Test(evidence, figures_are_compared_as_printed)
{
	int st;
	char *out = audit_md("precise.md", precise, &st);
	cr_assert_null(strstr(out, ",error,"), "%s", out);
	cr_assert_eq(st, 0, "%s", out);
	/* the whole-万元 total and the one-decimal rate: nothing to say */
	cr_assert_null(strstr(out, "“2025年支出预算”"), "%s", out);
	cr_assert(strstr(out, ",narrative_vs_table,info,87.708,87.70,-0.008,"), "%s", out);
	cr_assert(strstr(out, "情况说明称“项目支出”为87.70万元，支出总体情况表所列为87.7080万元（第11行），按截尾计一致"),
		  "%s", out);
	cr_assert(strstr(out, ",narrative_rate,info,6.20,6.10,-0.10,"), "%s", out);
	cr_assert(strstr(out, "情况说明称“基本支出”变动6.1%，按所述增减额995.00万元与上年16109.59万元应为6.2%，按截尾计一致"),
		  "%s", out);
	free(out);
}

/* The same document with the narrative off by more than its precision: 17,000万元 against
 * 17,192.30 is an error (支出预算 names the total exactly); 事业单位经营支出 0.00 万元, which the
 * reader takes for a statement about 支出, only a warning that says why. */
static const char uncertain[] = "999001示例市测试中心\n2025年单位预算公开说明\n\n"
				"2025年支出预算17,000万元。事业单位经营支出0.00万元。\n\n" TABLE;

Test(evidence, an_error_needs_a_subject_named_exactly)
{
	int st;
	char *out = audit_md("uncertain.md", uncertain, &st);
	cr_assert(strstr(out, ",narrative_vs_table,error,17192.30,17000.00,-192.30,"), "%s", out);
	cr_assert(strstr(out, "uncertain.md:4,情况说明称“2025年支出预算”为17000万元，支出总体情况表所列为17192.3000万元（第11行）\n"),
		  "%s", out);
	cr_assert(strstr(out, ",narrative_vs_table,warning,17192.30,0.00,-17192.30,"), "%s", out);
	cr_assert(strstr(out, "uncertain.md:4,情况说明称“事业单位经营支出”为0.00万元，支出总体情况表所列为17192.3000万元（第11行）；"
			      "但该主语未能唯一对应到表中一行（按用语推断），无法核实\n"),
		  "%s", out);
	cr_assert_eq(st, 1);
	free(out);
}

Test(evidence, precision_of_a_fact)
{
	cr_assert_eq(money_decimals("17,192", 6), 0);
	cr_assert_eq(money_decimals("87.70", 5), 2);
	cr_assert_eq(money_decimals("0.0001", 6), 4);
	cr_assert_eq(money_decimals("6\xEF\xBC\x8E\xEF\xBC\x92", 9), 1); /* ６．２ in full width: `6．２` */
	struct fact f = { 0 };
	f.unit_note = MU_WAN;
	cr_assert_eq(fact_ulp(&f), 10000, "not known: the unit's usual 0.01 万元");
	f.prec = fact_prec(0);
	cr_assert_eq(fact_ulp(&f), 1000000, "17,192万元: 1 万元");
	f.prec = fact_prec(4);
	cr_assert_eq(fact_ulp(&f), 100);
	f.prec = fact_prec(1 - 4);
	cr_assert_eq(fact_ulp(&f), 1000000000, "1.5亿元: 0.1 亿元 = 1000 万元");
	f.unit_note = MU_YUAN;
	f.prec = 0;
	cr_assert_eq(fact_ulp(&f), 100);
	f.prec = fact_prec(2);
	cr_assert_eq(fact_ulp(&f), 1, "0.01 元 = 1 分");
	f.unit_note = MU_PCT;
	f.prec = fact_prec(1);
	cr_assert_eq(fact_ulp(&f), 100000, "6.2%: 0.1 %");
	cr_assert_eq(fact_truncate(87708000, MU_WAN, 2), 87700000);
	cr_assert_eq(fact_truncate(-6176500, MU_PCT, 1), -6100000, "towards zero");
}
