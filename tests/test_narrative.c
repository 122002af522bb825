/* Narratives in other words (issue 15): each phrasing the genre uses for a figure and its prior
 * year, written for this test. The paragraph rules are tested on narrative lines as a reader
 * hands them over (page, kind, text), the claims on whole documents in the seed format. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/doc.h"
#include "read/narrative.h"
#include "support.h"

static struct doc d;

static void fini(void)
{
	doc_free(&d);
	ys_cleanup();
}

TestSuite(narrative, .fini = fini);

/* Lines `P K text`: page P, kind K (T text, B indented, H heading, X not narrative). */
static void extract(const char *spec)
{
	doc_free(&d);
	doc_init(&d, "n.pdf");
	static char buf[16384];
	snprintf(buf, sizeof buf, "%s", spec);
	struct nline v[400];
	size_t n = 0;
	for (char *l = strtok(buf, "\n"); l && n < 400; l = strtok(NULL, "\n")) {
		int page = atoi(l);
		char *k = strchr(l, ' ');
		cr_assert_not_null(k);
		k++;
		v[n].page = page;
		v[n].line = (int)n + 1;
		v[n].kind = *k == 'B' ? NL_BREAK : *k == 'H' ? NL_HEADING : *k == 'X' ? NL_BREAK : NL_TEXT;
		v[n].s = *k == 'X' ? "" : k + 2;
		n++;
	}
	cr_assert_eq(narrative_extract(&d, v, n), YS_OK);
}

static void read_md(const char *text)
{
	doc_free(&d);
	const char *p = ys_fixture("n.md", text);
	struct ys_error e;
	cr_assert_eq(doc_read(p, FMT_MD, &d, &e), YS_OK, "%s", e.msg);
}

#define HEAD "888001示例市某某局\n2026年部门预算公开\n\n"

/* ---- paragraphs ---- */

/* Justified text indents its continuation lines too, and spaces the words out; the amount is
 * wrapped between 万 and 元. */
Test(narrative, hanging_indent_and_spaced_words)
{
	extract("1 B        示例市某某局 2026 年度基本支出预算 7,062.8 万\n"
		"1 B   元 ， 与 上 年 相 比 减 少 913.48 万 元 ， 减 少\n"
		"1 B   11.45%。主要原因是项目减少。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "basic", NULL, "current"), "7062.80");
	cr_assert_str_eq(ys_fact(&d, "narrative", "basic", NULL, "change"), "-913.48");
	cr_assert_str_eq(ys_fact(&d, "narrative", "basic", NULL, "pct"), "-11.45");
	cr_assert_str_eq(ys_fact(&d, "narrative", "basic", NULL, "prior"), "7976.28");
}

/* A sentence goes on over a page break: the running header and the page number between its
 * halves are page furniture (they repeat at the top or bottom of the pages). */
Test(narrative, sentence_over_a_page_break)
{
	extract("1 B 示例市某某局 2026 年度部门预算公开\n"
		"1 B        一、概况\n"
		"1 B        某某局是示例市政府工作部门。\n"
		"1 B        - 1 -\n"
		"2 B 示例市某某局 2026 年度部门预算公开\n"
		"2 B        示例市某某局 2026 年度一般公共预算拨款安排的培训费\n"
		"2 B                         - 2 -\n"
		"3 B 示例市某某局 2026 年度部门预算公开\n"
		"3 B   预算支出 105 万元，比上年预算减少 34 万元，主要原因是合并项目。\n"
		"3 B                         - 3 -\n");
	const char *subject = "示例市某某局2026年度一般公共预算拨款安排的培训费预算支出";
	cr_assert_str_eq(ys_fact(&d, "narrative", "training", subject, "current"), "105.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "training", subject, "prior"), "139.00");
}

/* A line the reader took for a heading because it is short: cut inside an amount, or a 科目
 * path cut before its （项）. */
Test(narrative, headings_cut_inside_an_amount_or_a_path)
{
	extract("1 H        2.应急管理事务（款）一般行政管理事务（项）支出 527.26\n"
		"1 B   万元，与上年相比减少 273.02 万元，减少 34.12%。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "", NULL, "prior"), "800.28");
}

/* ---- claims ---- */

/* A sentence that names several subjects gives the change to each of them. */
Test(narrative, several_subjects_one_change)
{
	read_md(HEAD "示例市某某局2026年度收入、支出预算总计7,062.8万元，与上年相比收、支预算总计各减少913.48万元，减少11.45%。\n\n"
		     "示例市某某局2026年度财政拨款收、支总预算7,062.8万元。与上年相比，财政拨款收、支总计各减少913.48万元，减少11.45%。\n\n"
		     "示例市某某局2024年度收、支总计22066.59万元，与2023年相比，收、支总计各增加5834.37万元，增长35.74%。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", NULL, "prior"), "7976.28");
	cr_assert_str_eq(ys_fact(&d, "narrative", "expenditure_total", NULL, "prior"), "7976.28");
	cr_assert_str_eq(ys_fact(&d, "narrative", "fiscal_total", NULL, "prior"), "7976.28");
	cr_assert_eq(ys_count(&d, "narrative", "income_total", "prior"), 2);
	cr_assert_eq(ys_count(&d, "narrative", "expenditure_total", "prior"), 2);
}

/* 款 and 项 items under a class heading resolve through the class above; two 项 of one name are
 * told apart by their 款. */
Test(narrative, items_under_a_class_heading)
{
	read_md(HEAD "单位支出总体情况表\n单位：万元\n"
		     "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
		     "合计\t\t700.00\t700.00\t0.00\n"
		     "2080505\t机关事业单位基本养老保险缴费支出\t300.00\t300.00\t0.00\n"
		     "20129\t群众团体事务\t100.00\t100.00\t0.00\n"
		     "2012902\t一般行政管理事务\t100.00\t100.00\t0.00\n"
		     "20132\t组织事务\t300.00\t300.00\t0.00\n"
		     "2013202\t一般行政管理事务\t300.00\t300.00\t0.00\n\n"
		     "（一）社会保障和就业支出（类）\n\n"
		     "1.行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）支出300万元，与上年相比增加3.58万元。\n\n"
		     "（二）一般公共服务支出（类）\n\n"
		     "1.组织事务（款）一般行政管理事务（项）支出300万元，与上年相比增加10万元。\n\n"
		     "2.群众团体事务（款）一般行政管理事务（项）支出100万元，与上年相比减少5万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2080505", NULL, "prior"), "296.42");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2013202", NULL, "prior"), "290.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2012902", NULL, "prior"), "105.00");
	/* never a total */
	cr_assert_null(ys_fact(&d, "narrative", "expenditure_total", NULL, "current"));
}

/* A path written with its codes resolves through the codes. */
Test(narrative, coded_path)
{
	read_md(HEAD "公共安全支出(204类)司法(06款)行政运行(01项)2026年预算数为120.50万元，比上年增加20.50万元。\n\n"
		     "公共安全支出（204类）司法（06款）2026年预算数为200.00万元，比上年减少1.00万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2040601", NULL, "prior"), "100.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "20406", NULL, "prior"), "201.00");
}

/* No change, said several ways; `基本持平` beside a stated change keeps the change; `决算数与预算数
 * 基本持平` is about the budget, not last year. */
Test(narrative, flat_in_other_words)
{
	read_md(HEAD "1．因公出国（境）费预算支出0万元，与上年预算数相同。\n\n"
		     "2．公务接待费5万元，与上年基本持平。\n\n"
		     "3．会议费预算支出30万元，比上年减少0.2万元，与上年基本持平。\n\n"
		     "4．培训费预算支出12万元，较上年无变化。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_abroad", NULL, "prior"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_reception", NULL, "prior"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "meeting", NULL, "change"), "-0.20");
	cr_assert_str_eq(ys_fact(&d, "narrative", "meeting", NULL, "prior"), "30.20");
	cr_assert_str_eq(ys_fact(&d, "narrative", "training", NULL, "prior"), "12.00");
}

/* A change against last year's execution (上年执行数) is kept apart from a change against last
 * year's budget: it gives prior_exec, never the prior that growth uses. */
Test(narrative, change_against_execution)
{
	read_md(HEAD "1．公务接待费预算支出5万元，比上年执行数增加1.2万元，比上年预算减少0.5万元。\n\n"
		     "2．会议费预算支出30万元，比2025年预算执行数减少2万元，下降6.25%。\n\n"
		     "3．培训费预算支出12万元，2025年执行数为10.5万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_reception", NULL, "prior_exec"), "3.80");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_reception", NULL, "prior"), "5.50");
	cr_assert_str_eq(ys_fact(&d, "narrative", "meeting", NULL, "prior_exec"), "32.00");
	cr_assert_null(ys_fact(&d, "narrative", "meeting", NULL, "prior"));
	cr_assert_null(ys_fact(&d, "narrative", "meeting", NULL, "pct"));
	cr_assert_str_eq(ys_fact(&d, "narrative", "training", NULL, "prior_exec"), "10.50");
	cr_assert_null(ys_fact(&d, "narrative", "training", NULL, "prior"));
}

/* `（一）机关运行经费：` as a heading of its sentence, and a total stated before its items with
 * its change after them: the change is the total's, not the last item's. */
Test(narrative, total_before_items_change_after)
{
	read_md(HEAD "（一）机关运行经费：2026年本部门机关运行经费预算260.27万元，比上年减少10.5万元。\n\n"
		     "（二）“三公”经费：2026年“三公”经费预算18.3万元，其中：因公出国（境）费0万元，公务用车购置及运行费4万元，公务接待费14.3万元。2026年“三公”经费预算比上年减少1.7万元，下降8.5%。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "admin_running", NULL, "prior"), "270.77");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_total", NULL, "prior"), "20.00");
	cr_assert_null(ys_fact(&d, "narrative", "sangong_reception", NULL, "prior"));
	cr_assert_null(ys_fact(&d, "narrative", "sangong_reception", NULL, "change"));
}

/* A change whose own subject has no amount of its own is nobody's, with its rate: never the open
 * claim's (xian-03 p11: 财政拨款支出减少 after the 一般公共预算 figure). A subject after the
 * amounts of several funds goes to its fund (chongqing-02 p5), and 政府性基金预算财政拨款 is the
 * fund's. */
Test(narrative, change_of_a_subject_without_amount)
{
	read_md(HEAD "2025年度一般公共预算财政拨款支出296,047.75万元，占本年支出合计的14.27%。与上年相比，财政拨款支出减少17,151.62万元，下降5.48%。\n\n"
		     "收入预算：2026年年初预算数186549.30万元，其中：一般公共预算财政拨款128148.56万元，政府性基金预算财政拨款44134.59万元，其他收入资金1512.04万元。收入比2025年减少246429.22万元，主要是一般公共预算财政拨款增加10300.15万元，政府性基金预算财政拨款减少258146.77万元，其他收入资金增加755.40万元。\n");
	cr_assert_null(ys_fact(&d, "narrative", "gpb_total", "2025年度一般公共预算财政拨款支出", "change"));
	cr_assert_null(ys_fact(&d, "narrative", "gpb_total", "2025年度一般公共预算财政拨款支出", "pct"));
	cr_assert_str_eq(ys_fact(&d, "narrative", "gpb_total", "一般公共预算财政拨款", "prior"), "117848.41");
	cr_assert_str_eq(ys_fact(&d, "narrative", "gov_fund_total", NULL, "prior"), "302281.36");
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_other", NULL, "prior"), "756.64");
	cr_assert_null(ys_fact(&d, "narrative", "fiscal_total", NULL, "current"));
}

/* A subject stated alone — a numbered heading or a sentence of its own — is the subject of the
 * filler amount after it (fuzhou-01 p26, shenzhen-01 p12); in a budget `年初预算数` is the budget
 * itself, and `收入比2025年增加` is the 收入预算 heading's (chongqing-01 p2). */
Test(narrative, subject_stated_alone)
{
	extract("1 H （一）因公出国（境）经费\n"
		"1 T   2026 年预算安排 0.00 万元，与上年持平。\n"
		"1 H （二）公务接待费\n"
		"1 T   2026 年预算安排 5.00 万元，比上年减少 0.5 万元。主要是保障公务接待工作需要。\n"
		"1 T   3.会议费。2026 年预算数 28.00 万元，较 2025 年年初预算增加 27.20 万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_abroad", NULL, "prior"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_reception", NULL, "prior"), "5.50");
	cr_assert_str_eq(ys_fact(&d, "narrative", "meeting", NULL, "prior"), "0.80");
	read_md("888001示例市某某局\n2026年部门预算公开\n\n"
		"（一）收入预算。2026年年初预算数19,230.18万元，其中：一般公共预算拨款18,417.70万元，事业收入812.48万元，收入比2025年增加2,784.38万元，其中：一般公共预算财政拨款增加2,781.90万元；事业收入增加2.48万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", NULL, "current"), "19230.18");
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", NULL, "prior"), "16445.80");
	cr_assert_str_eq(ys_fact(&d, "narrative", "gpb_total", NULL, "prior"), "15635.80");
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_business", NULL, "prior"), "810.00");
}

/* A total with its items in parentheses, the total's change after them (guangzhou-01 p28); a
 * total named again by its words finds its claim, not a 支出 of another kind stated since
 * (xian-01 p20); Chongqing's 财政拨款运行经费 is the 机关运行经费. */
Test(narrative, items_in_parentheses_and_totals_named_again)
{
	read_md(HEAD "公务用车购置及运行维护费34.29万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费34.29万元，比上年增加24.29万元。）比上年增加24.29万元，增长242.9%；公务接待费11.92万元，比上年增加0万元。\n\n"
		     "2022年本部门预算支出58124.29万元，其中一般公共预算拨款支出57398.06万元、事业支出726.23万元，实户资金支出0万元，2022年本部门预算支出较上年增加5764.04万元。\n\n"
		     "2026年一般公共预算财政拨款运行经费1,815万元，比2025年增加21.99万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_vehicle", NULL, "prior"), "10.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_vehicle", NULL, "pct"), "242.90");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_vehicle_operation", NULL, "prior"), "10.00");
	cr_assert_null(ys_fact(&d, "narrative", "sangong_vehicle_operation", NULL, "pct"));
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_reception", NULL, "prior"), "11.92");
	cr_assert_str_eq(ys_fact(&d, "narrative", "expenditure_total", "2022年本部门预算支出", "prior"), "52360.25");
	cr_assert_null(ys_fact(&d, "narrative", "expenditure_total", "实户资金支出", "prior"));
	cr_assert_str_eq(ys_fact(&d, "narrative", "admin_running", NULL, "prior"), "1793.01");
}

/* A change whose clause names a thing of its own that no table row is (专项业务费, 交通补贴, a
 * performance target's 社会消费品零售总额) is nobody's: not the claim still open from the sentence
 * before (xian-02 read 日常公用经费 prior -163.95 from 专项业务费增加273.10). Words that only point
 * back (下同, 相比, 其中) leave the change with the open claim. */
Test(narrative, change_of_a_thing_no_row_names)
{
	read_md(HEAD "其中：局机关日常公用经费87.36万元。2022年日常公用经费109.15万元。2022年专项业务费增加273.10万元，交通补贴减少16.56万元，日常公用经费增加21.79万元。\n\n"
		     "指标23：公用经费334.59万元；指标1：实现社会消费品零售总额增长7.5%。\n\n"
		     "收入预算16497.86万元，其中：财政拨款收入16497.86万元，比2022年（上一年度，下同）预算增加1421.25万元。\n\n"
		     "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元，和2025年相比预算减少1.62万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "public_use", "2022年日常公用经费", "change"), "21.79");
	cr_assert_str_eq(ys_fact(&d, "narrative", "public_use", "2022年日常公用经费", "prior"), "87.36");
	cr_assert_null(ys_fact(&d, "narrative", "public_use", "公用经费", "pct"));
	cr_assert_str_eq(ys_fact(&d, "narrative", "fiscal_total", NULL, "prior"), "15076.61");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_total", NULL, "prior"), "9.23");
}

/* A subject that carries its 科目 code as a word of its own is that row: `2010301-行政运行`,
 * `2080505 机关事业单位基本养老保险缴费支出` (fuzhou, quanzhou), `行政运行（2011301）` (xian) — not a
 * year (`2026年…`) nor an amount. And after a 其中 list of items, `2026年预算比2025年预算增加` names a
 * year's whole budget, not the last item (changchun-01 p17): nobody's. */
Test(narrative, subjects_with_their_codes)
{
	read_md(HEAD "（一）2010301-行政运行3452.35万元。主要用于行政单位在编在职人员工资福利等经费支出。\n\n"
		     "（二）2080505 机关事业单位基本养老保险缴费支出442.44万元。\n\n"
		     "（1）行政运行（2011301）2093.85万元，较上年减少195.40万元，原因是工资福利支出减少。\n\n"
		     "2026年预算支出1682.76万元，其中基本支出预算1208.20万元，项目支出预算474.56万元。2026年预算比2025年预算增加50.32万元，增长3.08%。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2010301", NULL, "current"), "3452.35");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2080505", NULL, "current"), "442.44");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2011301", NULL, "prior"), "2289.25");
	cr_assert_null(ys_fact(&d, "narrative", "project", NULL, "change"));
	cr_assert_null(ys_fact(&d, "narrative", "project", NULL, "pct"));
	cr_assert_str_eq(ys_fact(&d, "narrative", "project", NULL, "current"), "474.56");
}

/* The 其中 of a general-budget sentence, in the sentences after it, speaks of the general budget:
 * its 基本支出 and 项目支出 are gpb_basic and gpb_project, not the all-funds basic and project
 * (chongqing-02 p6), up to another total. */
Test(narrative, qizhong_after_a_general_budget_sentence)
{
	read_md(HEAD "2026年一般公共预算财政拨款支出128148.56万元，比2025年增加10300.15万元。其中：基本支出33325.21万元，主要用于保障在职人员工资福利。项目支出94823.35万元，主要用于水利工程。\n\n"
		     "2026年支出预算150000.00万元。其中：基本支出41418.94万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "gpb_basic", NULL, "current"), "33325.21");
	cr_assert_str_eq(ys_fact(&d, "narrative", "gpb_project", NULL, "current"), "94823.35");
	cr_assert_str_eq(ys_fact(&d, "narrative", "basic", NULL, "current"), "41418.94");
	cr_assert_null(ys_fact(&d, "narrative", "project", NULL, "current"));
}

/* A kind of expense paid by a fund is no total of the fund: `委托业务费财政拨款预算2042.55万元，
 * 比上年减少878.04万元` is not the 财政拨款 total's claim (yantai-01 p34). */
Test(narrative, an_expense_paid_by_a_fund)
{
	read_md(HEAD "2026年本部门委托业务费财政拨款预算2042.55万元，比上年减少878.04万元，下降30%。\n\n"
		     "2026年财政拨款收入182312.90万元，比上年增加100.00万元。\n");
	cr_assert_eq(ys_count(&d, "narrative", "fiscal_total", "current"), 1);
	cr_assert_str_eq(ys_fact(&d, "narrative", "fiscal_total", NULL, "prior"), "182212.90");
}
