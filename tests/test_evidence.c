/* Findings a reviewer can trust (issue 16, items 2 and 3): an error only when every figure was
 * read with certainty, and each figure compared as precisely as it was printed. Fixtures written
 * for this test: a unit budget whose tables print 0.0001 万元 and whose narrative prints whole
 * 万元, one decimal rates and a truncated figure. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* ---- what the analyses may use (issue 16, item 5) ---- */

static char *run_csv(const char *csv, char **growth, char **flags)
{
	const char *dir = ys_scratch();
	ys_fixture("two.csv", csv);
	char out[600];
	snprintf(out, sizeof out, "%s/res", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, dir, NULL,
			     (const char *const[]){ "run", "two.csv", "-o", out, "-q", "--charts", "none", "--fail-on",
						    "never", NULL }),
		     0);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char path[700];
	snprintf(path, sizeof path, "%s/growth.csv", out);
	*growth = ys_slurp(path, NULL);
	snprintf(path, sizeof path, "%s/flags.csv", out);
	*flags = ys_slurp(path, NULL);
	snprintf(path, sizeof path, "%s/trends.csv", out);
	return ys_slurp(path, NULL);
}

#define HDR "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n"

/* 2025's expenditure table was read wrongly (its 项目支出 column holds the next column's zeros:
 * three rows fail 合计 = 基本 + 项目): its 支出合计 200 gives no growth against 2024's 100 — the
 * row says why — and 三公, read from a sound table, still does (and flags its rise). */
Test(evidence, a_rejected_figure_feeds_no_growth_and_no_flag)
{
	static const char csv[] =
		HDR "9,测试局,2024,budget,expenditure,,合计,total,100.00,万元,a.txt:10\n"
		"9,测试局,2024,budget,expenditure,,合计,basic,70.00,万元,a.txt:10\n"
		"9,测试局,2024,budget,expenditure,,合计,project,30.00,万元,a.txt:10\n"
		"9,测试局,2024,budget,sangong,,合计,total,10.00,万元,a.txt:20\n"
		"9,测试局,2025,budget,expenditure,,合计,total,200.00,万元,b.txt:10\n"
		"9,测试局,2025,budget,expenditure,,合计,basic,140.00,万元,b.txt:10\n"
		"9,测试局,2025,budget,expenditure,,合计,project,0.00,万元,b.txt:10\n"
		"9,测试局,2025,budget,expenditure,201,一般公共服务支出,total,120.00,万元,b.txt:11\n"
		"9,测试局,2025,budget,expenditure,201,一般公共服务支出,basic,80.00,万元,b.txt:11\n"
		"9,测试局,2025,budget,expenditure,201,一般公共服务支出,project,0.00,万元,b.txt:11\n"
		"9,测试局,2025,budget,expenditure,208,社会保障和就业支出,total,80.00,万元,b.txt:12\n"
		"9,测试局,2025,budget,expenditure,208,社会保障和就业支出,basic,60.00,万元,b.txt:12\n"
		"9,测试局,2025,budget,expenditure,208,社会保障和就业支出,project,0.00,万元,b.txt:12\n"
		"9,测试局,2025,budget,sangong,,合计,total,12.00,万元,b.txt:20\n";
	char *g, *fl;
	char *tr = run_csv(csv, &g, &fl);
	cr_assert_not_null(g);
	cr_assert(strstr(g, "9,测试局,2025,budget,expenditure_total,100.00,200.00,,,table,"
			    "本年数取自未通过自身勾稽校验的表（疑为读取有误），不计算增减\n"),
		  "%s", g);
	cr_assert(strstr(g, "9,测试局,2025,budget,sangong_total,10.00,12.00,2.00,20.00,table,\n"), "%s", g);
	cr_assert(strstr(fl, ",sangong_increase,"), "%s", fl);
	cr_assert_null(strstr(fl, "expenditure"), "%s", fl);
	/* the trend of 支出合计 has 2024 only, and its note says why */
	cr_assert(strstr(tr, "9,测试局,budget,expenditure_total,2024,2024,1,,,,,,,,,,,"
			     "剔除1个未通过审核的数据（取自未通过自身勾稽校验的表，或情况说明所述上年数有误）\n"),
		  "%s", tr);
	free(g);
	free(fl);
	free(tr);
}

/* An amount's forecast is not negative: 机关运行经费 30, 15, 5 fits 29.17 − 12.5·x, which gives
 * −8.33 for 2026: cut to 0; from 3 points no interval. */
Test(evidence, an_amount_is_not_forecast_below_zero)
{
	static const char csv[] = HDR "9,测试局,2023,budget,sangong,,合计,admin_running,30.00,万元,a.txt:1\n"
				      "9,测试局,2024,budget,sangong,,合计,admin_running,15.00,万元,b.txt:1\n"
				      "9,测试局,2025,budget,sangong,,合计,admin_running,5.00,万元,c.txt:1\n";
	char *g, *fl;
	char *tr = run_csv(csv, &g, &fl);
	cr_assert(strstr(tr, "9,测试局,budget,admin_running,2023,2025,3,-59.18,-12.5000,"), "%s", tr);
	cr_assert(strstr(tr, ",0.00,,,预测值低于0，按0列示；不足4个年度，不列预测区间\n"), "the forecast cut at 0, no interval, and the note says both: %s", tr);
	free(g);
	free(fl);
	free(tr);
}

/* Two misreadings that were errors (issue 16, item 6; the city documents gave 9): a table stated
 * empty whose column-number row (栏次 1 2 3) was read as values, and a class of the summary
 * whose 项 the expenditure table was not read with. */
Test(evidence, no_error_without_the_figures_compared)
{
	int st;
	char *out = audit_md("x.csv", HDR "9,测试局,2025,budget,soe_capital,,,stated_empty,0.00,万元,s.txt:3\n"
					  "9,测试局,2025,budget,soe_capital,,栏次,total,1.00,万元,s.txt:5\n"
					  "9,测试局,2025,budget,summary,201,一般公共服务支出,expenditure,56.00,万元,s.txt:8\n"
					  "9,测试局,2025,budget,summary,208,社会保障和就业支出,expenditure,10.00,万元,s.txt:9\n"
					  "9,测试局,2025,budget,expenditure,2080505,机关事业单位基本养老保险缴费支出,total,10.00,万元,s.txt:12\n",
			     &st);
	cr_assert_null(strstr(out, ",error,"), "%s", out);
	cr_assert_null(strstr(out, "stated_empty_with_values"), "%s", out);
	cr_assert(strstr(out, ",cross_table,warning,56.00,,,s.txt:8,201 一般公共服务支出：收支总体情况表与支出总体情况表："
			      "收支总体情况表列56.00万元，支出总体情况表中未读到该类的项，无法核实\n"),
		  "%s", out);
	free(out);
}

/* 基本支出 of all funds against the general budget's table (the only one printing 基本支出 here):
 * not the same scope, so a warning; the general budget's own 基本支出 is an error. */
Test(evidence, all_funds_are_not_the_general_budget)
{
	int st;
	char *out = audit_md("g.csv", HDR "9,测试局,2025,budget,gpb_expenditure,,合计,total,100.00,万元,g.txt:10\n"
					  "9,测试局,2025,budget,gpb_expenditure,,合计,basic,60.00,万元,g.txt:10\n"
					  "9,测试局,2025,budget,gpb_expenditure,,合计,project,40.00,万元,g.txt:10\n"
					  "9,测试局,2025,budget,narrative,basic,基本支出,current,90.00,万元,g.txt:3\n"
					  "9,测试局,2025,budget,narrative,gpb_basic,一般公共预算基本支出,current,61.00,万元,g.txt:4\n",
			     &st);
	cr_assert(strstr(out, ",narrative_vs_table,warning,60.00,90.00,30.00,g.txt:3,"), "%s", out);
	cr_assert(strstr(out, ",narrative_vs_table,error,60.00,61.00,1.00,g.txt:4,"), "%s", out);
	free(out);
}

/* A narrative prior the audit rejects is no base, and the outputs say so (issue 16, item 5): a
 * change that makes last year negative (0 − 12.00), and `比上年1.43万元，增加0.68%`, whose 1.43
 * fits the rate only as the change (1.43 / 208.89 = 0.68%), not as last year (14,607%). Neither
 * gives a change in growth.csv nor a point in trends.csv; 三公, whose prior is sound, does. */
Test(evidence, a_rejected_narrative_prior_is_said_where_it_is_dropped)
{
	const char *dir = ys_scratch();
	ys_fixture("h.md", "999007示例市测试局\n2025年单位预算公开说明\n\n"
			   "2025年机关运行经费安排210.32万元，比上年1.43万元，增加0.68%。\n"
			   "2025年政府性基金预算支出0万元，比上年增加12.00万元。\n"
			   "2025年“三公”经费预算10.00万元，比上年减少1.00万元。\n");
	char out[600];
	snprintf(out, sizeof out, "%s/res", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, dir, NULL,
			     (const char *const[]){ "run", "h.md", "-o", out, "-q", "--charts", "none", "--fail-on",
						    "never", NULL }),
		     0);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char path[700];
	snprintf(path, sizeof path, "%s/growth.csv", out);
	char *g = ys_slurp(path, NULL);
	cr_assert(strstr(g, "999007,示例市测试局,2025,budget/unit,gov_fund_total,-12.00,0.00,,,narrative,"
			    "情况说明所述增减额推出上年数为负（增减额或方向有误），不计算增减\n"),
		  "%s", g);
	cr_assert(strstr(g, "999007,示例市测试局,2025,budget/unit,admin_running,1.43,210.32,,,narrative,"
			    "情况说明所述上年数与其所述增幅不符（疑为读取有误），不计算增减\n"),
		  "%s", g);
	cr_assert(strstr(g, "999007,示例市测试局,2025,budget/unit,sangong_total,11.00,10.00,-1.00,-9.09,narrative,\n"),
		  "%s", g);
	snprintf(path, sizeof path, "%s/trends.csv", out);
	char *tr = ys_slurp(path, NULL);
	cr_assert(strstr(tr, "999007,示例市测试局,budget/unit,admin_running,2025,2025,1,,,,,,,,,,,"
			     "剔除1个未通过审核的数据（取自未通过自身勾稽校验的表，或情况说明所述上年数有误）\n"),
		  "%s", tr);
	cr_assert(strstr(tr, "999007,示例市测试局,budget/unit,sangong_total,2024,2025,2,,,,,,,,,,,\n"), "%s", tr);
	free(g);
	free(tr);
}

/* The prior a narrative states in whole 万元 (17,192 − 1,000 = 16,192) against last year's table
 * (16,192.30): as printed, within ±1 (two whole-万元 figures) — info, where the table's 0.01 万元
 * made it a restated prior; and the claim's 17,192 does not contradict the table's 17,192.30, so
 * the prior is used at all. */
Test(evidence, a_restated_prior_is_judged_as_printed)
{
	const char *dir = ys_scratch();
	char sub[600];
	snprintf(sub, sizeof sub, "%s/in", dir);
	cr_assert_eq(mkdir(sub, 0755), 0);
	ys_fixture("in/a.md", "999008示例市测试中心\n2024年单位预算公开说明\n\n单位支出总体情况表\n\n单位：万元\n\n"
			      "科目编码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t16192.30\t16192.30\t0.00\n"
			      "2010301\t行政运行\t16192.30\t16192.30\t0.00\n");
	ys_fixture("in/b.md", "999008示例市测试中心\n2025年单位预算公开说明\n\n2025年支出预算17,192万元，比上年增加1,000万元。\n\n"
			      "单位支出总体情况表\n\n单位：万元\n\n"
			      "科目编码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t17192.30\t17192.30\t0.00\n"
			      "2010301\t行政运行\t17192.30\t17192.30\t0.00\n");
	char out[700];
	snprintf(out, sizeof out, "%s/res", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, dir, NULL,
			     (const char *const[]){ "run", "in", "-o", out, "-q", "--charts", "none", "--fail-on", "never", NULL }),
		     0);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char path[800];
	snprintf(path, sizeof path, "%s/audit.csv", out);
	char *au = ys_slurp(path, NULL);
	cr_assert(strstr(au, ",2025,budget/unit,restated_prior,info,16192.30,16192.00,-0.30,"), "%s", au);
	cr_assert_null(strstr(au, ",error,"), "%s", au);
	free(au);
}
