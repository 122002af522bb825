/* The genre's table families in layout text (`pdftotext -layout`), each reproduced by a few lines
 * written for this test (never copied from the real documents): which table a title names, where
 * a table ends, header lines versus data rows, and the shapes one kind takes (issue 15). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "base/identities.h"
#include "read/doc.h"
#include "read/titles.h"
#include "support.h"

static struct doc d;

static void read_text(const char *text)
{
	const char *p = ys_fixture("l.txt", text);
	struct ys_error e;
	cr_assert_eq(doc_read(p, FMT_AUTO, &d, &e), YS_OK, "%s", e.msg);
	cr_assert_eq(d.format, FMT_LAYOUT);
}

static void fini(void)
{
	doc_free(&d);
	ys_cleanup();
}

TestSuite(layout, .fini = fini);

static const char *kinds(void)
{
	static char buf[512];
	buf[0] = '\0';
	for (size_t i = 0; i < d.ntables; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, d.tables[i].key);
	}
	return buf;
}

#define HEAD "示例市某某局2026年部门预算\n\n"

/* Numbered titles with the number and the name set apart on one line (`预算02表 收入总表`): each
 * title ends the table above, so no table swallows the ones after it. */
Test(layout, numbered_titles_on_one_line_end_the_table_above)
{
	read_text(HEAD
		  "                     预算01表 收支总表\n"
		  "                                                   金额单位：万元\n"
		  "          项   目        预算数              项   目        预算数\n"
		  "一、一般公共预算拨款收入     10.000000 一、一般公共服务支出     10.000000\n"
		  "       收入总计        10.000000          支出总计       10.000000\n"
		  "                                       预算02表 收入总表\n"
		  "                                                   金额单位：万元\n"
		  "  合计          一般公共预算资金\n"
		  "10.000000       10.000000\n"
		  "                   预算03表 支出总表\n"
		  "                                                   金额单位：万元\n"
		  "   科目编码      科目名称        合计        基本支出      项目支出\n"
		  "2010601       行政运行          10.000000    10.000000\n"
		  "              合   计          10.000000    10.000000\n");
	cr_assert_str_eq(kinds(), "summary income expenditure");
	cr_assert_str_eq(ys_fact(&d, "income", "", "合计", "gpb"), "10.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "2010601", NULL, "basic"), "10.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "", "合计", "total"), "10.00");
}

/* A table's number on a line of its own (`公开 05 表`, `表3`) ends the table above and is never a
 * row; a title of no standard kind (`财政拨款支出表（功能科目）`) ends it too and its rows are no
 * facts; qualifiers after a title (`（按功能分类科目）`) are set aside to find its kind. */
Test(layout, number_lines_other_titles_and_qualifiers)
{
	read_text(HEAD
		  "公开 04 表\n"
		  "                        一般公共预算支出情况表（按功能分类科目）\n"
		  "                                                   单位：万元\n"
		  "   科目编码      科目名称        合计        基本支出      项目支出\n"
		  "2010601       行政运行          10.00        10.00\n"
		  "              合   计          10.00        10.00\n"
		  "公开 05 表\n"
		  "                        财政拨款支出表（功能科目）\n"
		  "                                                   单位：万元\n"
		  "   科目编码      科目名称        合计        基本支出      项目支出\n"
		  "2010601       行政运行          99.00        99.00\n"
		  "表3\n"
		  "                        一般公共预算基本支出情况表（按经济分类科目）\n"
		  "                                                   单位：万元\n"
		  "   科目编码      科目名称        合计        人员经费      公用经费\n"
		  "30101         基本工资          10.00        10.00\n"
		  "              合   计          10.00        10.00\n");
	cr_assert_str_eq(kinds(), "gpb_expenditure gpb_basic");
	cr_assert_eq(ys_count(&d, "gpb_expenditure", NULL, NULL), 6, "%zu",
		     ys_count(&d, "gpb_expenditure", NULL, NULL));
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "30101", NULL, "personnel"), "10.00");
	cr_assert_null(ys_fact(&d, "gpb_expenditure", "2010601", "行政运行公开05表", "total"));
}

/* Titles: their kind by their words once numbering and qualifiers are set aside; parts of the
 * spending (项目支出, 基本支出总表) and other classifications are no standard kind. */
Test(layout, title_kinds)
{
	static const struct {
		const char *norm, *kind;
		int other, number;
	} cases[] = {
		{ "预算02表收入总表", "income", 0, 0 },
		{ "表52022年部门综合预算一般公共预算支出明细表(按支出功能分类科目)", "gpb_expenditure", 0, 0 },
		{ "表62022年部门综合预算一般公共预算支出明细表(按支出经济分类科目)", NULL, 1, 0 },
		{ "一般公共预算支出表(按经济分类)", NULL, 1, 0 },
		{ "本年一般公共预算支出表(预算表5)", "gpb_expenditure", 0, 0 },
		{ "2022年部门综合预算政府性基金收支表(不含上年结转)", "gov_fund", 0, 0 },
		{ "基本支出总表", NULL, 1, 0 },
		{ "部门预算项目支出及其他支出预算表", NULL, 1, 0 },
		{ "支出总表", "expenditure", 0, 0 },
		{ "财政拨款收入支出决算总表", "fiscal_summary", 0, 0 },
		{ "第二部分2026年部门预算表", NULL, 0, 0 },
		{ "公开02表", NULL, 0, 1 },
		{ "公开表11", NULL, 0, 1 },
		{ "表十二", NULL, 0, 1 },
		{ "预算表5", NULL, 0, 1 },
		{ "30107绩效工资", NULL, 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *k = tables_kind_from_title(cases[i].norm);
		cr_expect(k == cases[i].kind || (k && cases[i].kind && !strcmp(k, cases[i].kind)),
			  "%s: %s", cases[i].norm, k ? k : "NULL");
		cr_expect_eq(tables_title_other(cases[i].norm), cases[i].other, "%s", cases[i].norm);
		cr_expect_eq(tables_number_label(cases[i].norm), cases[i].number, "%s", cases[i].norm);
	}
}

/* 三公 as prior | current blocks (`2025年预算数 … 2026年预算数`) with wrapped item labels: the
 * latest year's block is the table's figures, the other one `prior_…`. */
Test(layout, sangong_year_blocks_side_by_side)
{
	read_text(HEAD
		  "                                  财政拨款“三公”经费支出情况表\n"
		  "单位名称：示例市某某局                                                                          单位：万元\n"
		  "                      2025年预算数                                            2026年预算数\n"
		  "                       公务用车购置及运行费                                          公务用车购置及运行费\n"
		  "          因公出国                                                因公出国\n"
		  " 合计                                         公务接待费    合计                                         公务接待费\n"
		  "          （境）费              公务用车购 公务用车运                       （境）费              公务用车购 公务用车运\n"
		  "                   小计                                                  小计\n"
		  "                              置费    行费                                            置费    行费\n"
		  " 240.00   110.00   112.00          112.00    18.00   239.00   110.00   111.00          111.00    18.00\n");
	cr_assert_str_eq(kinds(), "sangong");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "total"), "239.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "abroad"), "110.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle"), "111.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle_purchase"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle_operation"), "111.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "reception"), "18.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "prior_total"), "240.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "prior_vehicle_operation"), "112.00");
	cr_assert_null(ys_fact(&d, "sangong", "", NULL, "total_col7"));
}

/* Final accounts' 三公: 预算数 | 决算数 blocks over the same items, numbered 1 … 12. */
Test(layout, sangong_budget_and_final_blocks)
{
	read_text("示例市某某局2024年度部门决算\n\n"
		  "                  一般公共预算财政拨款“三公”经费支出决算表\n"
		  "                                                       公开 09 表\n"
		  "部门：示例市某某局                                       金额单位：万元\n"
		  "                     预算数                                                 决算数\n"
		  "                  公务用车购置及运行维护费                                          公务用车购置及运行维护费\n"
		  "       因公出国                          公务接待              因公出国（境）\n"
		  " 合计                  公务用车购 公务用车运              合计                                  公务用车运行维      公务接待费\n"
		  "       （境）费    小计                      费                  费      小计      公务用车购置费\n"
		  "                       置费   行维护费                                                     护费\n"
		  "  1      2      3       4     5        6       7          8       9         10        11         12\n"
		  " 20.00    5.00 12.00           12.00     3.00    18.00      4.00  11.00                  11.00      3.00\n");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "total_final"), "18.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "total_budget"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle_operation_final"), "11.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "abroad_budget"), "5.00");
	cr_assert_null(ys_fact(&d, "sangong", "", "合计", "total_budget_col7"));
	cr_assert_eq(ys_count(&d, "sangong", NULL, NULL), 12);
}

/* A table printed with its header and an empty 合计 (no sentence) is shown empty; so is one whose
 * `说明：…故本表无数据` comes on the line after its `注：`. */
Test(layout, printed_empty_tables)
{
	read_text(HEAD
		  "                预算08表 国有资本经营预算支出表\n"
		  "                                           金额单位：万元\n"
		  "科目编码       科目名称          合计         基本支出   项目支出\n"
		  "\n"
		  "           合    计\n"
		  "                     政府性基金预算财政拨款支出表\n"
		  "                                           金额单位：万元\n"
		  "科目编码       科目名称          合计         基本支出   项目支出\n"
		  "           栏次           1       2        3\n"
		  "           合计\n"
		  "注：本表反映部门本年度政府性基金预算财政拨款支出情况。\n"
		  "说明：本部门没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。\n");
	cr_assert_str_eq(kinds(), "soe_capital gov_fund");
	cr_assert(d.tables[0].stated_empty);
	cr_assert(d.tables[1].stated_empty);
	cr_assert_eq(ys_count(&d, "gov_fund", NULL, "total"), 0);
}

/* A year in a header cell (`2026 年政府采购项目`) is a label, never an amount: the header goes on
 * to the first row of figures. */
Test(layout, year_in_a_header_cell)
{
	read_text(HEAD
		  "                        收入总表\n"
		  "                                                    单位：万元\n"
		  "  合计          一般公共预算资金\n"
		  "   7.00            7.00\n"
		  "                        支出总表\n"
		  "部门名称：示例市某某局                                          单位：万元\n"
		  "                                                           2026 年政府采购项目\n"
		  "   科目编码    科目名称        支出总计    基本支出    项目支出        小计\n"
		  "   201       一般公共服务支出  7.00    5.00    2.00      1.00\n");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "201", NULL, "total"), "7.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "201", NULL, "project"), "2.00");
	cr_assert_eq(ys_findings(&d, NULL, -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* A 三公 values row at the foot of a page, then the next page's running header and the next
 * table's number (`公开 10 表`, whose number is a word of its own): the header is never a row
 * and the values stay the table's one row; `“三公”经费合计` is the total. */
Test(layout, running_header_after_a_values_row)
{
	read_text(HEAD
		  "公开 09 表\n"
		  "                   一般公共预算“三公”经费、会议费、培训费支出表\n"
		  "部门：示例市某某局                                                          单位：万元\n"
		  "  “三公”经费合计         因公出国（境）费       公务接待费      会议费           培训费\n"
		  "\n"
		  "           15.00          0.00         15.00         30.00     105.00\n"
		  "\n"
		  "                                                - 18 -\n"
		  "\f示例市某某局 2026 年度部门预算公开\n"
		  "\n"
		  "公开 10 表\n"
		  "                    政府性基金预算支出表\n"
		  "部门：示例市某某局                                       单位：万元\n"
		  "  科目编码          科目名称          合计        基本支出         项目支出\n"
		  "注：本部门没有政府性基金预算支出，故本表为空表。\n");
	cr_assert_str_eq(kinds(), "sangong gov_fund");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "total"), "15.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "reception"), "15.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "training"), "105.00");
	cr_assert_eq(ys_count(&d, "sangong", NULL, NULL), 5);
	cr_assert(d.tables[1].stated_empty);
}

/* A narrative item with its 科目 code whose name runs on to the line of its amount (quanzhou-01
 * p25): the two lines are one item, and the code names its row — not `支出 3942.61万元`, the
 * expenditure total. */
Test(layout, coded_item_name_wrapped_onto_its_amount)
{
	read_text(HEAD
		  "                    一般公共预算基本支出表\n"
		  "部门：示例市某某局                                       单位：万元\n"
		  "  科目编码          科目名称          合计        人员经费         公用经费\n"
		  "  301         工资福利支出             80.00          80.00\n"
		  "  302         商品和服务支出           20.00                          20.00\n"
		  "              合计                    100.00          80.00          20.00\n"
		  "\n"
		  "  其中（按项级科目分类统计）：\n"
		  " （三）2010350-事业运行 493.91 万元。主要用于事业单\n"
		  "位人员经费和公用经费支出。\n"
		  " （四）2010399-其他政府办公厅（室）及相关机构事务\n"
		  "支出 3942.61 万元。主要用于维持事业单位业务工作正常开\n"
		  "展的各项费用支出。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2010350", NULL, "current"), "493.91");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2010399", NULL, "current"), "3942.61");
	cr_assert_null(ys_fact(&d, "narrative", "expenditure_total", NULL, "current"));
}

/* A project's own performance target table (quanzhou, fuzhou, yantai): a title, `资金总额：…`,
 * then `一级指标 二级指标 三级指标 目标值` — no unit line, no amounts to read. The document
 * discloses its targets (the kind is found), and the cells are not narrative: `≤100万元` under
 * 成本指标 is no expenditure claim, nor a `≥5%` target a rate (beijing-02, xian-03, yantai-01). */
Test(layout, project_target_tables_are_neither_rows_nor_narrative)
{
	read_text(HEAD
		  "                    一般公共预算基本支出表\n"
		  "部门：示例市某某局                                       单位：万元\n"
		  "  科目编码          科目名称          合计        人员经费         公用经费\n"
		  "  301         工资福利支出             80.00          80.00\n"
		  "  302         商品和服务支出           20.00                          20.00\n"
		  "              合计                    100.00          80.00          20.00\n"
		  "\n"
		  "        市某某服务项目绩效目标表\n"
		  "        资金总额：                   4200.00\n"
		  "         一级指标   二级指标            三级指标      目标值\n"
		  "         成本指标   经济成本指标    服务费支出      ≤100万元\n"
		  "         效益指标   经济效益指标    营业收入增长    ≥5%\n"
		  "\n"
		  "  2026年支出预算100.00万元。\n");
	cr_assert(strstr(kinds(), "performance"), "%s", kinds());
	cr_assert_eq(ys_count(&d, "narrative", "expenditure_total", "current"), 1);
	cr_assert_str_eq(ys_fact(&d, "narrative", "expenditure_total", NULL, "current"), "100.00");
	cr_assert_eq(ys_count(&d, "narrative", "income_total", NULL), 0);
}

/* A table's 说明 column and a cell's second line, far right of the margin, are not narrative:
 * xian-02 p33 repeats the text of p32 there. */
Test(layout, text_far_right_of_the_margin_is_a_cell)
{
	read_text(HEAD
		  "                    一般公共预算基本支出表\n"
		  "部门：示例市某某局                                       单位：万元\n"
		  "  科目编码          科目名称          合计        人员经费         公用经费\n"
		  "  301         工资福利支出             80.00          80.00\n"
		  "  302         商品和服务支出           20.00                          20.00\n"
		  "              合计                    100.00          80.00          20.00\n"
		  "\n"
		  "                                                              专项业务费支出 533 万元，公务用车补贴 97.64 万元。\n"
		  "  2026年收入预算100.00万元。\n");
	cr_assert_eq(ys_count(&d, "narrative", NULL, NULL), 1);
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", NULL, "current"), "100.00");
}

/* Under a heading of the 政府性基金 (or 国有资本经营) budget alone, `收入决算`, `支出决算` are the
 * fund's: not the document's totals (xian-03 p20), down to the next heading of that level. */
Test(layout, fund_section_totals_are_the_funds)
{
	read_text(HEAD
		  "                    一般公共预算基本支出表\n"
		  "部门：示例市某某局                                       单位：万元\n"
		  "  科目编码          科目名称          合计        人员经费         公用经费\n"
		  "  301         工资福利支出             80.00          80.00\n"
		  "  302         商品和服务支出           20.00                          20.00\n"
		  "              合计                    100.00          80.00          20.00\n"
		  "\n"
		  "七、政府性基金预算财政拨款收入支出决算情况说明\n"
		  "  （一）收入支出总体情况\n"
		  "  本年年初结转和结余58.98万元，收入决算509.66万元，支出决算568.63万元。\n"
		  "八、收入决算情况说明\n"
		  "  本年收入决算2015.22万元。\n");
	cr_assert_eq(ys_count(&d, "narrative", "income_total", NULL), 1);
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", NULL, "current"), "2015.22");
	cr_assert_eq(ys_count(&d, "narrative", "expenditure_total", NULL), 0);
}

/* A table continued on the next page prints its header again there, with its column-number row
 * (`栏次 1 2 3`): neither is a row, nor the rest of the name of the row above the page break.
 * A name wrapped around its code line (`机关事业单位基本养老` / `2080505  amounts` / `保险缴费支出`,
 * centred in a cell three lines high) is that row's name, not half of the row above's. */
Test(layout, header_repeated_on_the_next_page)
{
	read_text(HEAD
		  "                            收入总表\n"
		  "                                                          单位：万元\n"
		  "            项目                                          附属单位上\n"
		  "                         本年收入合计         财政拨款收入           缴收入\n"
		  "  科目代码       科目名称\n"
		  "               栏次           1              2              3\n"
		  "         合计                 30.00          20.00         10.00\n"
		  "208      社会保障和就业支出          30.00          20.00         10.00\n"
		  "20805    行政事业单位养老支出         30.00          20.00         10.00\n"
		  "2080501  行政单位离退休             6.00           6.00\n"
		  "         机关事业单位基本养老\n"
		  "2080505                     14.00           4.00         10.00\n"
		  "         保险缴费支出\n"
		  "\f            项目                                          附属单位上\n"
		  "                         本年收入合计         财政拨款收入           缴收入\n"
		  "  科目代码       科目名称\n"
		  "               栏次           1              2              3\n"
		  "2080506  机关事业单位职业年金         10.00          10.00\n"
		  "         缴费支出\n");
	cr_assert_str_eq(kinds(), "income");
	cr_assert_str_eq(ys_fact(&d, "income", "2080501", "行政单位离退休", "total"), "6.00");
	cr_assert_str_eq(ys_fact(&d, "income", "2080505", "机关事业单位基本养老保险缴费支出", "total"), "14.00");
	cr_assert_str_eq(ys_fact(&d, "income", "2080505", NULL, "affiliate_income"), "10.00");
	cr_assert_str_eq(ys_fact(&d, "income", "2080506", "机关事业单位职业年金缴费支出", "fiscal"), "10.00");
	cr_assert_eq(ys_count(&d, "income", "", "total"), 1); /* 合计 only: no 栏次 row */
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* Every page of a PDF has its own horizontal scale: a table continued on the next page is not
 * only shifted there but narrower (its columns 13 characters apart on one page, 11 on the next).
 * A page with a row of its own that fills every column places its rows by that row; rows that
 * print only 合计 and 项目支出 are then placed on either page. */
Test(layout, each_page_its_own_scale)
{
	read_text(HEAD
		  "                                    一般公共预算支出表\n"
		  " 部门：示例市某某局                                                            单位：万元\n"
		  "                                                基本支出\n"
		  "     科目编码         科目名称        合计                                          项目支出\n"
		  "                                            小计        人员经费        公用经费\n"
		  "                合计             40.00        10.00         8.00         2.00        30.00\n"
		  " 201     一般公共服务支出              20.00        10.00         8.00         2.00        10.00\n"
		  "   20103   政府办公厅               20.00        10.00         8.00         2.00        10.00\n"
		  "     2010301   行政运行            12.00        10.00         8.00         2.00         2.00\n"
		  "\f     2010302   一般行政管理事务     8.00       0.00       0.00       0.00       8.00\n"
		  " 213     农林水支出             20.00                                       20.00\n"
		  "   21399   其他农林水支出         20.00                                       20.00\n"
		  "     2139999   其他农林水支出     20.00                                       20.00\n");
	cr_assert_str_eq(kinds(), "gpb_expenditure");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "213", NULL, "total"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2139999", NULL, "project"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2139999", NULL, "basic"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2010302", NULL, "project"), "8.00");
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* A row on a page whose columns are only inferred (no row of its own fills every column, and
 * the page is narrower than the first): `25.00  25.00` placed by position would be 合计 and 小计.
 * Of the placements that keep the amounts in order, only 合计 + 项目支出 keeps the row's own
 * identities (合计 = 基本 + 项目, 基本 = 人员 + 公用), so that one is read. The 小计 under a group
 * label centred over 小计 | 人员经费 | 公用经费 is that group's (基本支出), not a second 合计. */
Test(layout, a_row_placed_by_its_identities)
{
	read_text(HEAD
		  "                                    一般公共预算支出表\n"
		  " 部门：示例市某某局                                                                      单位：万元\n"
		  "                                                               基本支出\n"
		  "       科目编码                  科目名称     合计                                               项目支出\n"
		  "                                                    小计         人员经费         公用经费\n"
		  "                        合计                70.00        30.00        20.00      10.00       40.00\n"
		  " 224     灾害防治及应急管理支出                      70.00        30.00        20.00      10.00       40.00\n"
		  "   22401   应急管理事务                         70.00        30.00        20.00      10.00       40.00\n"
		  "     2240101   行政运行                       30.00        30.00        20.00      10.00\n"
		  "     2240106   安全监管                       15.00                                            15.00\n"
		  "\f     2240199   其他应急管理支出     25.00      25.00\n");
	cr_assert_str_eq(kinds(), "gpb_expenditure");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "224", NULL, "basic"), "30.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2240199", NULL, "total"), "25.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2240199", NULL, "project"), "25.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2240199", NULL, "basic"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2240106", NULL, "project"), "15.00");
	cr_assert_eq(ys_count(&d, "gpb_expenditure", "224", NULL), 5);
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* Beijing's 一般公共预算支出表: `预算数` alone on the top line, centred over every amount column,
 * says what they all are and is no column of its own; `项目支出` over `项目支出总数` and a
 * neighbour wrapped lower (`扣除基建项目后预` / `算数`) is their group, not a seventh column. */
Test(layout, a_measure_over_all_columns_and_a_group_over_labels_set_at_two_depths)
{
	read_text(HEAD
		  "                             预算05表      一般公共预算支出表\n"
		  "                                                                                                    金额单位：万元\n"
		  "            功能分类科目                                                   预算数\n"
		  "                                                           基本支出                                     项目支出\n"
		  "  科目编码              科目名称    合计\n"
		  "                                                                                                           扣除基建项目后预\n"
		  "                                            小计             人员经费            公用经费           项目支出总数\n"
		  "                                                                                                              算数\n"
		  "2010301   行政运行                30.000000        20.000000       15.000000       5.000000        10.000000         10.000000\n"
		  "2010302   一般行政管理事务             8.000000                                                         8.000000          6.000000\n"
		  "2050803   培训支出                 2.000000         2.000000                       2.000000\n"
		  "                    合   计     40.000000        22.000000       15.000000       7.000000        18.000000         16.000000\n");
	cr_assert_str_eq(kinds(), "gpb_expenditure");
	cr_assert_eq(ys_count(&d, "gpb_expenditure", "2010301", NULL), 6);
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2010301", NULL, "basic"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2010302", NULL, "total"), "8.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2050803", NULL, "public_use"), "2.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "", "合计", "public_use"), "7.00");
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* 三公 tables that print 会议费 and 培训费 beside the items under one 合计 (三公 + 会议费 +
 * 培训费), the 三公 items under a 小计: the 小计 is the 三公 total, the 合计 `all_total`. A 小计
 * beside a vehicle group with a 小计 of its own (final accounts: 小计 | 因公出国 | 公务用车
 * {小计 购置 运行} | 接待) is the 三公 total too, not the vehicle subtotal. */
Test(layout, sangong_subtotal_beside_a_total_of_all)
{
	read_text(HEAD
		  "                              “三公”经费、会议费、培训费表\n"
		  "                                                                                金额单位：万元\n"
		  "                                        一般公共预算拨款安排的“三公”经费\n"
		  "                                                              公务用车购置及运行维护费\n"
		  "项目          合计      小计      因公出国（境）费用           公务接待费       小计     购置费      运行费       会议费      培训费\n"
		  "合计         60.00   40.00          5.00            15.00    20.00    0.00    20.00     12.00     8.00\n"
		  "                              “三公”经费决算表\n"
		  "                                                                                金额单位：万元\n"
		  "                                            公务用车购置及运行维护费\n"
		  "项目          小计    因公出国（境）费用             小计     购置费      运行费       公务接待费\n"
		  "决算数        30.00      4.00             20.00    8.00    12.00       6.00\n");
	cr_assert_str_eq(kinds(), "sangong sangong");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "all_total"), "60.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "total"), "40.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "training"), "8.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "决算数", "total"), "30.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "决算数", "abroad"), "4.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "决算数", "vehicle"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "决算数", "reception"), "6.00");
}

/* Printed page numbers at a page's foot: between dashes (`— 18 —`, under a 三公 table's one
 * values row) or alone and centred (`13`, three lines under the last row). Neither is a row,
 * nor the rest of the code above it (`221` read as 22113). */
Test(layout, page_numbers_at_the_foot_are_no_rows)
{
	read_text(HEAD
		  "                    “三公”经费支出情况表\n"
		  "                                                            单位：万元\n"
		  "  合计        因公出国（境）费            公务接待费\n"
		  "\n"
		  "   11.90        8.50              3.40\n"
		  "\n"
		  "                        — 18 —\n"
		  "\f                    一般公共预算支出表\n"
		  "                                                            单位：万元\n"
		  " 科目编码       科目名称              合计        基本支出      项目支出\n"
		  " 201        一般公共服务支出         10.00     10.00\n"
		  " 221        住房保障支出            5.00      5.00\n"
		  "\n"
		  "\n"
		  "                         13\n"
		  "\f   22102    住房改革支出            5.00      5.00\n");
	cr_assert_str_eq(kinds(), "sangong gpb_expenditure");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "total"), "11.90");
	cr_assert_eq(ys_count(&d, "sangong", NULL, "total"), 1);
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "221", NULL, "total"), "5.00");
	cr_assert_eq(ys_count(&d, "gpb_expenditure", "22113", NULL), 0);
	cr_assert_eq(ys_count(&d, "gpb_expenditure", NULL, "total"), 3);
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* Rows that carry two economic codes, the department's and the government's, each with its
 * name (`301 01 基本工资  501 01 工资奖金津补贴  20.00 20.00`) under two sets of 科目编码 columns
 * with no amount column between them: one table, not two side by side; the second code is a
 * label, never an amount. `人员支出` / `日常公用支出` are the personnel and public-use columns. */
Test(layout, rows_with_two_economic_codes)
{
	read_text(HEAD
		  "                              一般公共预算基本支出情况表\n"
		  "部门（单位）：示例市某某局                                                                   单位：万元\n"
		  "科目编码                          科目编码                                  基本支出预算\n"
		  "           部门预算支出经济分类科目名称                政府预算支出经济分类科目名称\n"
		  "类     款                       类     款                     小计            人员支出         日常公用支出\n"
		  "           合计                                                30.00           20.00        10.00\n"
		  "301        工资福利支出             501        机关工资福利支出            20.00           20.00\n"
		  "301   01   基本工资               501   01   工资奖金津补贴             20.00           20.00\n"
		  "302        商品和服务支出            502        机关商品和服务支出           10.00                        10.00\n"
		  "302   01   办公费                502   01   办公经费                10.00                        10.00\n");
	cr_assert_str_eq(kinds(), "gpb_basic");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "30101", "基本工资", "total"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "30101", NULL, "personnel"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "30201", "办公费", "public_use"), "10.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "", "合计", "personnel"), "20.00");
	cr_assert_eq(ys_count(&d, "gpb_basic", "30101", NULL), 3);
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* Xi'an's 基本支出明细表: a 序号 column (`序` over `号`), then the department's and the
 * government's economic codes with their names (`部门经济科目编码 … 政府经济科目编码 …`), amounts,
 * and a 备注 column of words. The row number is neither a code nor an amount, the second code
 * is a label, 备注 is no amount column (so that the rows fill every column and fix the
 * columns' positions), and `人员经费支出` / `公用经费支出` are personnel and public_use. */
Test(layout, sequence_numbers_and_two_economic_codes)
{
	read_text(HEAD
		  "                    一般公共预算基本支出明细表（按支出经济分类科目）\n"
		  "                                                                                          金额单位：元\n"
		  "序\n"
		  "  部门经济科目编码          部门经济科目名称          政府经济科目编码          政府经济科目名称          合计        人员经费支出        公用经费支出        备注\n"
		  "号\n"
		  "\n"
		  "1                   合计                                                   3000.00       2000.00       1000.00\n"
		  "2    301            工资福利支出                                               2000.00       2000.00          0.00\n"
		  "3          30101    基本工资              50101             工资奖金津补贴          1200.00       1200.00          0.00\n"
		  "4          30101    基本工资              50501             工资福利支出            800.00        800.00          0.00\n"
		  "5    302            商品和服务支出                                              1000.00          0.00       1000.00\n"
		  "6          30201    办公费               50201             办公经费             1000.00          0.00       1000.00\n");
	cr_assert_str_eq(kinds(), "gpb_basic");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "", "合计", "total"), "0.30");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "301", "工资福利支出", "personnel"), "0.20");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "30201", "办公费", "public_use"), "0.10");
	cr_assert_eq(ys_count(&d, "gpb_basic", "30101", "total"), 2);
	cr_assert_eq(ys_count(&d, "gpb_basic", "3", NULL), 0);
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* Beijing's 收入总表: `本年收入` and `上年结转结余` on the header's top line, each centred over a
 * run of columns far wider than itself that begins with a 小计; labels wrapped inside their
 * cells (`一般公共预算资` / `金`, `事业单位经营` / `收入`); `上级补助收入` between two wrapped
 * neighbours is a column, not their group. The 本年 小计 is `cur`, its sources `cur_…`, the
 * 上年 小计 `carry`, its sources `carry_…`. */
Test(layout, income_blocks_over_runs_of_columns)
{
	read_text(HEAD
		  "                                                            预算02表 收入总表\n"
		  "                                                                                                                        金额单位：万元\n"
		  "\n"
		  "                                                          本年收入                                                              上年结转结余\n"
		  "    合计                            一般公共预算资                               事业单位经营                  附属单位上缴\n"
		  "                     小计                                 事业收入                          上级补助收入               其他收入         小计            一般公共预算          单位资金\n"
		  "                                     金                                    收入                      收入                                    资金\n"
		  "    120.000000       100.000000        60.000000         20.000000         5.000000      5.000000   5.000000  5.000000   20.000000     15.000000      5.000000\n");
	cr_assert_str_eq(kinds(), "income");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "total"), "120.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "cur"), "100.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "cur_gpb"), "60.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "cur_business"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "cur_operating"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "cur_upper_grant"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "cur_affiliate_income"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "cur_other"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "carry"), "20.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "carry_gpb"), "15.00");
	cr_assert_str_eq(ys_fact(&d, "income", "", NULL, "carry_unit_funds"), "5.00");
	cr_assert_eq(ys_count(&d, "income", NULL, NULL), 11);
}

/* The first row's name wrapped above its code line, right under the header (`其他行政事业单位
 * 养老支` / `99  出  6.57 …`): its first part is no header word (it made a column of its own and
 * shifted every key on that page), but the start of the row's name. */
Test(layout, first_row_name_above_its_code_line)
{
	read_text(HEAD
		  "                              收入总体情况表\n"
		  "部门（单位）：示例市某某局                                                         单位：万元\n"
		  "  科目编码                                  财政拨款收入\n"
		  "                      科目名称      合计                          其他收入\n"
		  "类     款    项                               小计      一般公共预算\n"
		  "\n"
		  "                    其他行政事业单位养老支\n"
		  "           99       出              6.57     6.57      6.57\n"
		  "221                 住房保障支出         3.00     2.00      2.00    1.00\n");
	cr_assert_str_eq(kinds(), "income");
	cr_assert_str_eq(ys_fact(&d, "income", "99", "其他行政事业单位养老支出", "total"), "6.57");
	cr_assert_str_eq(ys_fact(&d, "income", "221", NULL, "other"), "1.00");
	cr_assert_eq(ys_count(&d, "income", "221", NULL), 4);
}

/* An amount too wide for its cell, printed on two lines right-aligned (`24995.9` above the row's
 * line, `4` under it): one amount, 24,995.94, not 24,995.90 and a stray 4. */
Test(layout, an_amount_wrapped_in_its_cell)
{
	read_text(HEAD
		  "                              收支总表\n"
		  "                                                                      单位：万元\n"
		  "        项目              预算数                 项目              预算数\n"
		  "一、一般公共预算拨款收入          24995.94      一、一般公共服务支出            24995.94\n"
		  "                                                    24995.9\n"
		  "   本年收入合计             24995.94              本年支出合计\n"
		  "                                                          4\n"
		  "     收入总计             24995.94              支出总计          24995.94\n");
	cr_assert_str_eq(kinds(), "summary");
	cr_assert_str_eq(ys_fact(&d, "summary", "", "本年支出合计", "expenditure"), "24995.94");
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}

/* A `其中：…` column is a part of the column before it, never a source of its own: keyed
 * `incl_…`, so that 合计 = 一般公共预算拨款 + 上年实户资金余额 (a source the header reader cannot
 * name) holds without it. */
Test(layout, an_of_which_column_is_no_source)
{
	read_text(HEAD
		  "                              收入总表\n"
		  "                                                                      金额单位：元\n"
		  "                    一般公共预算拨款\n"
		  "单位名称        合计      小计      其中：专项资金           上年实户资金余额\n"
		  "合计          1000     900         500                 100\n"
		  "某某局         1000     900         500                 100\n"
		  "某某中心           0       0           0                   0\n");
	cr_assert_str_eq(kinds(), "income");
	int incl = 0;
	for (size_t i = 0; i < d.facts.n; i++)
		incl += !strncmp(d.facts.v[i].column, "incl_", 5) && d.facts.v[i].amount == INT64_C(50000);
	cr_assert_eq(incl, 2);
	cr_assert_str_eq(ys_fact(&d, "income", "", "合计", "gpb"), "0.09");
	struct ident_result r;
	cr_assert_eq(identities_eval("income", d.facts.v, d.facts.n, &r), YS_OK);
	cr_assert_eq(r.failed, 0);
	identities_free(&r);
}

/* A row of a table that no title made a table (a 项目绩效自评表's indicator line) is no
 * narrative: `收入949920元` in it is no claim about the unit's income. */
Test(layout, a_table_row_outside_tables_is_no_narrative)
{
	read_text(HEAD
		  "  2026年收入预算100.00万元。\n"
		  "\n"
		  "                        收入总表\n"
		  "                                                    单位：万元\n"
		  "  合计          一般公共预算资金      政府性基金\n"
		  "   100.00            90.00          10.00\n"
		  "                     项目绩效自评表\n"
		  "   一级指标     二级指标        指标值          权重      得分\n"
		  "\n"
		  "                    数量指标         检查人次1859，收入949920元            100%      60%     20      12             增加病员量\n");
	size_t n = 0;
	for (size_t i = 0; i < d.facts.n; i++)
		n += !strcmp(d.facts.v[i].table, "narrative") && !strcmp(d.facts.v[i].row_code, "income_total") &&
		     !strcmp(d.facts.v[i].column, "current");
	cr_assert_eq(n, 1);
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", NULL, "current"), "100.00");
}

/* `其中：` alone over `基本支出 | 项目支出` only groups them: they stay basic and project. */
Test(layout, of_which_over_basic_and_project_is_a_group)
{
	read_text(HEAD
		  "               2026 年度一般公共预算拨款支出预算表\n"
		  "                                                     单位：万元\n"
		  "\n"
		  "                                               其中：\n"
		  "科目编码               科目名称         小计\n"
		  "                                          基本支出       项目支出\n"
		  "                 合计            10984.81    5915.38    5069.43\n"
		  "2010301   行政运行                  3452.35    3452.35       0.00\n"
		  "2010302   一般行政管理事务              1126.82       0.00    1126.82\n");
	cr_assert_str_eq(kinds(), "gpb_expenditure");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2010302", NULL, "project"), "1126.82");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "2010301", NULL, "basic"), "3452.35");
}

/* A unit's six-digit code before its name (`263001  某某局机关  200.00 …`) is neither an amount nor
 * a function code: it must not make a row that fills every column and fixes the columns'
 * positions wrongly. */
Test(layout, a_unit_code_before_its_name_is_no_amount)
{
	read_text(HEAD
		  "                              支出总表\n"
		  "                                                                      金额单位：元\n"
		  "序号    单位编码          单位名称            合计          基本支出        项目支出\n"
		  "1                   合计              300.00      200.00      100.00\n"
		  "2     263           某某局             300.00      200.00      100.00\n"
		  "3     263001        某某局机关           200.00      200.00\n"
		  "4     263002        某某中心            100.00                  100.00\n");
	cr_assert_str_eq(kinds(), "expenditure");
	cr_assert_str_eq(ys_fact(&d, "expenditure", NULL, "某某局机关", "basic"), "0.02");
	cr_assert_str_eq(ys_fact(&d, "expenditure", NULL, "某某中心", "project"), "0.01");
	cr_assert_str_eq(ys_fact(&d, "expenditure", NULL, "某某中心", "basic"), "0.00");
	cr_assert_eq(ys_findings(&d, "unplaced_row", -1), 0, "%s", d.findings.n ? d.findings.v[0].message : "");
}
