/* The audit's checks of issue 16, item 4, each against fixtures written for this test (never
 * copied from the real documents): a stated rate against the amounts and the year basis it
 * names, a stated rate of execution against the outturn and its budget (a budget of 0 has none),
 * a stated share against its base, the same figure printed in two tables, the narrative's prior
 * year against the 三公 table's own prior-year column, and a function item that names one row.
 * Every figure is taken as printed (item 3). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(checks, .fini = teardown);

static char *audit_of(const char *name, const char *text, int *status)
{
	const char *p = ys_fixture(name, text);
	struct proc pr;
	cr_assert_eq(ys_exec(&pr, NULL, NULL, (const char *const[]){ "audit", p, NULL }), 0);
	*status = pr.status;
	char *out = strdup(pr.out);
	ys_proc_free(&pr);
	return out;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

#define HEAD "999002示例市测试局\n2025年单位预算公开说明\n\n"

/* 基本支出 25.50, up 1.50 on last year's execution: 1.50 / 24.00 = 6.25%, not 7.25%. 项目支出 45.41
 * against an execution of 11.67: 289.12%, not 314.82%. 其他 2.63 against 1.48: 77.70%, right. A
 * change against the execution is never set against a rate against the budget. */
static const char rates[] =
	HEAD "2025年基本支出预算25.50万元，比上年执行数增加1.50万元，增长7.25%。\n"
	     "2025年项目支出预算45.41万元。2024年当年预算执行数为11.67万元，2025年预算安排45.41万元，比2024年预算执行数增加314.82%。\n"
	     "2025年机关运行经费预算2.63万元。2024年当年预算执行数为1.48万元，比2024年预算执行数增加77.70%。\n"
	     "2025年支出预算73.54万元，比上年增加3.54万元，增长5.06%。\n";

Test(checks, a_rate_against_the_amounts_and_the_basis_it_names)
{
	int st;
	char *out = audit_of("rates.md", rates, &st);
	cr_assert(strstr(out, ",narrative_rate,error,6.25,7.25,1.00,"), "%s", out);
	cr_assert(strstr(out, "rates.md:4,情况说明称“2025年基本支出预算”比上年执行数变动7.25%，按所述增减额1.50万元与上年执行数24.00万元应为6.25%\n"),
		  "%s", out);
	cr_assert(strstr(out, ",narrative_rate,error,289.12,314.82,25.70,"), "%s", out);
	cr_assert(strstr(out, "情况说明称“2025年项目支出预算”比上年执行数变动314.82%，按所述本年45.41万元与上年执行数11.67万元应为289.12%"),
		  "%s", out);
	cr_assert_eq(count(out, ",narrative_rate,"), 2, "77.70%% and 5.06%% are right: %s", out);
	cr_assert_eq(st, 1);
	free(out);
}

/* `比上年1.43万元，增加0.68%`: the figure after 比上年 is the change here, not the prior (1.43 /
 * 208.89 = 0.68%): no error on the reading that makes the document wrong. */
Test(checks, a_figure_after_bi_shang_nian_may_be_the_change)
{
	int st;
	char *out = audit_of("bi.md", HEAD "2025年机关运行经费安排210.32万元，比上年1.43万元，增加0.68%。\n", &st);
	cr_assert_null(strstr(out, ",narrative_rate,"), "%s", out);
	free(out);
}

/* Final accounts: 2940.05 / 2993.92 = 98.20%, not 97.20%; 1511.89 / 1560.05 = 96.91%, right; a
 * budget of 0 has no rate of execution. */
static const char execution[] =
	"999003示例市测试局\n2024年度单位决算\n\n"
	"一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的97.20%。\n"
	"一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为1560.05万元，支出决算为1511.89万元，完成年初预算的96.91%。\n"
	"一般公共服务支出（类）财政事务（款）信息化建设（项）。年初预算为0万元，支出决算为94.50万元，完成年初预算的100.00%。\n"
	"一般公共服务支出（类）财政事务（款）财政委托业务支出（项）。年初预算为0万元，支出决算为6.00万元。\n";

Test(checks, a_rate_of_execution_against_outturn_and_budget)
{
	int st;
	char *out = audit_of("exec.md", execution, &st);
	cr_assert(strstr(out, ",narrative_exec_rate,error,98.20,97.20,-1.00,"), "%s", out);
	cr_assert(strstr(out, "exec.md:4,情况说明称“一般公共预算财政拨款支出”完成预算的97.20%，按所述支出2940.05万元与预算2993.92万元应为98.20%\n"),
		  "%s", out);
	cr_assert(strstr(out, ",narrative_exec_rate,error,,100.00,,"), "%s", out);
	cr_assert(strstr(out, "exec.md:6,情况说明称“一般公共服务支出(类)财政事务(款)信息化建设(项)”完成预算的100.00%，但所述预算为0万元（支出94.50万元），完成率无从计算\n"),
		  "%s", out);
	cr_assert_eq(count(out, ",narrative_exec_rate,"), 2, "%s", out);
	free(out);
}

/* 三公 items over the 三公 total the narrative states (18.30): 4.00 is 21.86%, not 31.86%;
 * 14.30 is 78.14%. An income source over 本年收入合计 or 收入总计, whichever the sentence means. */
static const char shares[] =
	HEAD "2025年“三公”经费预算18.30万元。其中：因公出国（境）费0万元；公务用车购置及运行维护费4.00万元，占31.86%；"
	     "公务接待费14.30万元，占78.14%。\n"
	     "本年一般公共预算收入90.00万元，占90.00%；本年其他收入10.00万元，占10.00%。\n\n"
	     "收支总体情况表\n\n单位：万元\n\n"
	     "本年收入\t\t本年支出\t\n"
	     "项目\t预算数\t项目\t预算数\n"
	     "一、一般公共预算拨款\t90.00\t一、一般公共服务支出\t100.00\n"
	     "二、其他收入\t10.00\t\t\n"
	     "本年收入合计\t100.00\t本年支出合计\t100.00\n"
	     "收入总计\t100.00\t支出总计\t100.00\n";

Test(checks, a_share_against_its_base)
{
	int st;
	char *out = audit_of("shares.md", shares, &st);
	cr_assert(strstr(out, ",narrative_share,error,21.86,31.86,10.00,"), "%s", out);
	cr_assert(strstr(out, "shares.md:4,情况说明称“公务用车购置及运行维护费”4.00万元占比31.86%，按情况说明18.30万元应为21.86%\n"),
		  "%s", out);
	cr_assert_eq(count(out, ",narrative_share,"), 1, "78.14%%, 90%% and 10%% are right: %s", out);
	free(out);
}

/* The general budget's basic spending in its spending table (25.50) and the basic-spending table
 * (26.50); its spending total in the 财政拨款 summary (70.91) and its own table (71.91); 人员/公用
 * of the summary (20.00/6.50) against the basic table (21.00/5.50), whose sums agree (26.50). */
static const char twice[] =
	HEAD "财政拨款收支总体情况表\n\n单位：万元\n\n"
	     "收入\t\t支出\t\t\t\n"
	     "项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\n"
	     "一、一般公共预算拨款\t70.91\t一、一般公共服务支出\t70.91\t70.91\t0.00\n"
	     "本年收入合计\t70.91\t本年支出合计\t70.91\t70.91\t0.00\n"
	     "收入总计\t70.91\t支出总计\t70.91\t70.91\t0.00\n\n"
	     "收支总体情况表\n\n单位：万元\n\n"
	     "本年收入\t\t本年支出\t\t\t\t\n"
	     "项目\t预算数\t项目\t合计\t人员经费\t公用经费\t项目支出\n"
	     "一、一般公共预算拨款\t71.91\t一、一般公共服务支出\t71.91\t20.00\t6.50\t45.41\n"
	     "本年收入合计\t71.91\t本年支出合计\t71.91\t20.00\t6.50\t45.41\n"
	     "收入总计\t71.91\t支出总计\t71.91\t20.00\t6.50\t45.41\n\n"
	     "一般公共预算支出情况表\n\n单位：万元\n\n"
	     "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
	     "合计\t\t71.91\t25.50\t46.41\n"
	     "2010301\t行政运行\t71.91\t25.50\t46.41\n\n"
	     "一般公共预算基本支出情况表\n\n单位：万元\n\n"
	     "科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
	     "合计\t\t26.50\t21.00\t5.50\n"
	     "301\t工资福利支出\t21.00\t21.00\t0.00\n"
	     "302\t商品和服务支出\t5.50\t0.00\t5.50\n";

Test(checks, the_same_figure_in_two_tables)
{
	int st;
	char *out = audit_of("twice.md", twice, &st);
	cr_assert(strstr(out, ",cross_table,error,25.50,26.50,1.00,"), "%s", out);
	cr_assert(strstr(out, "一般公共预算基本支出：一般公共预算支出情况表与基本支出情况表：一处为25.50万元（第29行），一处为26.50万元，相差1.00万元"),
		  "%s", out);
	cr_assert(strstr(out, ",cross_table,error,70.91,71.91,1.00,"), "%s", out);
	cr_assert(strstr(out, "一般公共预算支出合计：财政拨款收支总体情况表与一般公共预算支出情况表：一处为70.91万元（第11行），一处为71.91万元，相差1.00万元"),
		  "%s", out);
	cr_assert(strstr(out, ",cross_table,error,20.00,21.00,1.00,"), "%s", out);
	cr_assert(strstr(out, "人员经费：收支总体情况表与一般公共预算基本支出情况表：一处为20.00万元（第21行），一处为21.00万元，相差1.00万元"),
		  "%s", out);
	cr_assert(strstr(out, ",cross_table,error,6.50,5.50,-1.00,"), "%s", out);
	free(out);
}

/* An income table whose total includes 上年结转结余 (收入合计 110.00) is not the summary's 本年收入
 * 合计 (100.00): either agreeing is enough. */
static const char carry[] =
	HEAD "收支总体情况表\n\n单位：万元\n\n"
	     "本年收入\t\t本年支出\t\n"
	     "项目\t预算数\t项目\t预算数\n"
	     "一、一般公共预算拨款\t100.00\t一、一般公共服务支出\t110.00\n"
	     "本年收入合计\t100.00\t本年支出合计\t110.00\n"
	     "上年结转结余\t10.00\t\t\n"
	     "收入合计\t110.00\t支出合计\t110.00\n\n"
	     "收入总体情况表\n\n单位：万元\n\n"
	     "科目编码\t科目名称\t合计\t一般公共预算拨款\t上年结转结余\n"
	     "合计\t\t110.00\t100.00\t10.00\n"
	     "2010301\t行政运行\t110.00\t100.00\t10.00\n";

Test(checks, a_total_with_the_carry_over_is_the_summarys_shou_ru_he_ji)
{
	int st;
	char *out = audit_of("carry.md", carry, &st);
	cr_assert_null(strstr(out, ",cross_table,"), "%s", out);
	free(out);
}

/* The 三公 table's own prior-year column (2024年预算数 21.30 | 2025年预算数 18.30). */
#define SANGONG                                                                                                         \
	"                                  2025年“三公”经费支出情况表\n"                                              \
	"单位名称：示例区某某局                                                                                  单位：万元\n" \
	"                      2024年预算数                                            2025年预算数\n"                   \
	"                       公务用车购置及运行费                                          公务用车购置及运行费\n"     \
	"          因公出国                                                因公出国\n"                                     \
	" 合计                                         公务接待费    合计                                         公务接待费\n" \
	"          （境）费              公务用车购 公务用车运                       （境）费              公务用车购 公务用车运\n" \
	"                   小计                                                  小计\n"                                  \
	"                              置费    行费                                            置费    行费\n"            \
	"  21.30     0.00     5.00            5.00    16.30    18.30     0.00     4.00            4.00    14.30\n"

/* Down 2.00 on last year's budget makes it 20.30 where the table says 21.30: an error. 公务接待费
 * down 1.00 on last year's execution (15.30) against the table's budget (16.30): another quantity,
 * a warning that says so. 公务用车 down 1.00 on the budget (5.00): right. */
static const char priors[] =
	"示例区某某局2025年单位预算\n\n"
	"    2025年“三公”经费预算18.30万元，比2024年预算减少2.00万元。其中：公务接待费14.30万元，比2024年执行数减少1.00万元；"
	"公务用车购置及运行维护费4.00万元，比2024年预算减少1.00万元。\n\n" SANGONG;

Test(checks, the_narratives_prior_against_the_tables_prior_column)
{
	int st;
	char *out = audit_of("priors.txt", priors, &st);
	cr_assert(strstr(out, ",narrative_vs_table,error,21.30,20.30,-1.00,"), "%s", out);
	cr_assert(strstr(out, "priors.txt:3,情况说明所述“2025年三公经费预算”的上年数为20.30万元，“三公”经费表所列为21.30万元（第14行）\n"),
		  "%s", out);
	cr_assert(strstr(out, ",narrative_vs_table,warning,16.30,15.30,-1.00,"), "%s", out);
	cr_assert(strstr(out, "情况说明所述“公务接待费”的上年数（比上年执行数）为15.30万元，“三公”经费表所列（比上年预算）为16.30万元（第14行）；两者口径不同，无法核实"),
		  "%s", out);
	cr_assert_eq(count(out, ",narrative_vs_table,"), 2, "%s", out);
	free(out);
}

/* A function path names its row last: `一般公共服务支出（类）行政运行（项）` (45.00) is a 项, and
 * 行政运行 is printed under two 款 — not the class's 50.00, and no error. With its 款 named
 * (人大事务), it is one row (10.00): an error. */
static const char paths[] =
	HEAD "财政拨款支出主要内容如下：\n"
	     "1.一般公共服务支出（类）行政运行（项）45.00万元，主要用于机关运行。\n"
	     "2.一般公共服务支出（类）人大事务（款）行政运行（项）9.00万元，主要用于机关运行。\n\n"
	     "一般公共预算支出情况表\n\n单位：万元\n\n"
	     "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
	     "合计\t\t50.00\t50.00\t0.00\n"
	     "201\t一般公共服务支出\t50.00\t50.00\t0.00\n"
	     "20101\t人大事务\t10.00\t10.00\t0.00\n"
	     "2010101\t行政运行\t10.00\t10.00\t0.00\n"
	     "20103\t政府办公厅（室）及相关机构事务\t40.00\t40.00\t0.00\n"
	     "2010301\t行政运行\t40.00\t40.00\t0.00\n";

Test(checks, a_function_item_names_one_row)
{
	int st;
	char *out = audit_of("paths.md", paths, &st);
	cr_assert(strstr(out, ",narrative_vs_table,warning,50.00,45.00,-5.00,"), "%s", out);
	cr_assert(strstr(out, "但该主语未能唯一对应到表中一行（按用语推断），无法核实"), "%s", out);
	cr_assert(strstr(out, ",narrative_vs_table,error,10.00,9.00,-1.00,"), "%s", out);
	free(out);
}

/* One defect, one failing identity (checkA's A3, A4): a blank 小计 (公务用车 0.00) whose own
 * parts are printed (18.69 + 4.83) fails itself, not the 三公 total too (17.10 + 23.52 + 0.15 =
 * 40.77); a 款 printed twice inside its class (30208 取暖费, 30208 物业管理费) is still a child of
 * it — the class's sum is 30 + 20 + 10 + 10 = 70, not the 50 where the repeat used to end it. */
static const char one_defect[] =
	"unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n"
	"9,测试局,2025,budget,sangong,,合计,total,40.77,万元,a.txt:10\n"
	"9,测试局,2025,budget,sangong,,合计,abroad,17.10,万元,a.txt:10\n"
	"9,测试局,2025,budget,sangong,,合计,reception,0.15,万元,a.txt:10\n"
	"9,测试局,2025,budget,sangong,,合计,vehicle,0.00,万元,a.txt:10\n"
	"9,测试局,2025,budget,sangong,,合计,vehicle_purchase,18.69,万元,a.txt:10\n"
	"9,测试局,2025,budget,sangong,,合计,vehicle_operation,4.83,万元,a.txt:10\n"
	"9,测试局,2025,budget,gpb_basic,,合计,total,60.00,万元,a.txt:20\n"
	"9,测试局,2025,budget,gpb_basic,302,商品和服务支出,total,60.00,万元,a.txt:21\n"
	"9,测试局,2025,budget,gpb_basic,30201,办公费,total,30.00,万元,a.txt:22\n"
	"9,测试局,2025,budget,gpb_basic,30208,取暖费,total,20.00,万元,a.txt:23\n"
	"9,测试局,2025,budget,gpb_basic,30208,物业管理费,total,10.00,万元,a.txt:24\n"
	"9,测试局,2025,budget,gpb_basic,30211,差旅费,total,10.00,万元,a.txt:25\n";

Test(checks, one_defect_fails_one_identity)
{
	int st;
	char *out = audit_of("one.csv", one_defect, &st);
	cr_assert(strstr(out, ",row_sum,error,0.00,23.52,23.52,a.txt:10,"), "%s", out);
	cr_assert_eq(count(out, ",row_sum,"), 1, "%s", out);
	cr_assert(strstr(out, ",code_sum,error,60.00,70.00,10.00,a.txt:21,"), "%s", out);
	cr_assert_eq(count(out, ",code_sum,"), 1, "%s", out);
	free(out);
}

/* A row that holds only with a column of unknown meaning added (政府性基金 770.00 read under a
 * column the header reader could not key) is no rounding: the info says what made it hold. */
Test(checks, held_by_an_unknown_column_is_said_so)
{
	int st;
	char *out = audit_of("unk.csv",
			     "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n"
			     "9,测试局,2025,budget,procurement,,合计,total,1572.85,万元,a.txt:10\n"
			     "9,测试局,2025,budget,procurement,,合计,gpb,802.85,万元,a.txt:10\n"
			     "9,测试局,2025,budget,procurement,,合计,gov_fund,0.00,万元,a.txt:10\n"
			     "9,测试局,2025,budget,procurement,,合计,其他资金,770.00,万元,a.txt:10\n",
			     &st);
	cr_assert(strstr(out, ",row_sum,info,1572.85,802.85,-770.00,a.txt:10,政府采购预算表 “合计”（合计）采购合计 = 各资金来源之和："
			      "各项之和为802.85万元，所列为1572.85万元，相差-770.00万元，加上表中未识别含义的列（770.00万元）后相符\n"),
		  "%s", out);
	free(out);
}

/* `一般公共预算财政拨款支出80.00万元，比上年增加1.00万元。` / `其中：基本支出30.00万元` (a
 * paragraph of its own): all funds' 基本支出 is 40.00, the
 * general budget's is not read (its table prints no 基本支出 column) and the two totals differ —
 * the sentence may mean either: a warning that says so. With the scopes one (all funds are
 * general budget), the same figure is an error. */
#define SCOPE_TABLES(total)                                                                         \
	"单位支出总体情况表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"           \
	"合计\t\t100.00\t40.00\t60.00\n2010301\t行政运行\t100.00\t40.00\t60.00\n\n"                   \
	"一般公共预算支出情况表\n\n单位：万元\n\n科目编码\t科目名称\t合计\n合计\t\t" total "\n"         \
	"2010301\t行政运行\t" total "\n"

Test(checks, a_bare_basic_spending_may_be_the_general_budgets)
{
	int st;
	char *out = audit_of("scope.md",
			     HEAD "2025年一般公共预算财政拨款支出80.00万元，比上年增加1.00万元。\n\n其中：基本支出30.00万元。\n\n" SCOPE_TABLES("80.00"),
			     &st);
	cr_assert(strstr(out, ",narrative_vs_table,warning,40.00,30.00,-10.00,"), "%s", out);
	cr_assert(strstr(out, "但该主语也可能指一般公共预算（与全部资金不同，表中未读到其数），无法核实"), "%s", out);
	free(out);
	/* in the sentences after it, the narrative reader gives the 其中 to the general budget
	 * itself (gpb_basic): nothing to set against all funds' 40.00 */
	out = audit_of("scope2.md",
		       HEAD "2025年一般公共预算财政拨款支出80.00万元，比上年增加1.00万元。其中：基本支出30.00万元。\n\n" SCOPE_TABLES("80.00"),
		       &st);
	cr_assert_null(strstr(out, ",narrative_vs_table,"), "%s", out);
	free(out);
	out = audit_of("scope1.md", HEAD "2025年支出预算100.00万元，其中：基本支出30.00万元。\n\n" SCOPE_TABLES("100.00"), &st);
	cr_assert(strstr(out, ",narrative_vs_table,error,40.00,30.00,-10.00,"), "%s", out);
	free(out);
}

/* `收、支总计各增加3.54万元，增长5.50%` is one claim of two totals: its wrong rate is one finding. */
Test(checks, one_claim_of_two_totals_is_one_finding)
{
	int st;
	char *out = audit_of("both.md", HEAD "2025年收、支总计73.54万元，收、支总计各增加3.54万元，增长5.50%。\n", &st);
	cr_assert_eq(count(out, ",narrative_rate,error,5.06,5.50,0.44,"), 1, "%s", out);
	free(out);
}
