/* A notebook of the genre's quirks, each reproduced by a few lines written for this test (never
 * copied from the real documents): what the seed-format reader and the narrative must do. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "read/doc.h"
#include "support.h"

static struct doc d;

static void read_text(const char *text)
{
	const char *p = ys_fixture("q.txt", text);
	struct ys_error e;
	cr_assert_eq(doc_read(p, FMT_AUTO, &d, &e), YS_OK, "%s", e.msg);
}

static void fini(void)
{
	doc_free(&d);
	ys_cleanup();
}

TestSuite(quirks, .fini = fini);

#define HEAD "888001示例市某某局\n2024年单位预算公开说明\n\n"

/* A table broken by a page marker, its two-row header repeated on the next page. */
Test(quirks, page_break_with_repeated_header)
{
	read_text(HEAD "一般公共预算基本支出情况表\n单位：万元\n"
		       "部门预算支出经济分类科目\t\t本年一般公共预算基本支出\t\t\n"
		       "科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
		       "合计\t\t3.00\t1.00\t2.00\n"
		       "301\t工资福利支出\t1.00\t1.00\t0.00\n"
		       "\n-- PAGE 7 END --\n\n"
		       "部门预算支出经济分类科目\t\t本年一般公共预算基本支出\t\t\n"
		       "科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
		       "302\t商品和服务支出\t2.00\t0.00\t2.00\n");
	cr_assert_eq(d.ntables, 1);
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "302", NULL, "public_use"), "2.00");
	cr_assert_eq(ys_count(&d, "gpb_basic", NULL, NULL), 9);
	cr_assert_eq(d.findings.n, 0);
}

/* Title, unit and straight away the note: a disclosed empty table, no rows at all. */
Test(quirks, stated_empty_without_rows)
{
	read_text(HEAD "政府性基金预算支出情况表\n\n单位：万元\n\n注：本单位2024年无政府性基金预算财政拨款安排的预算，故本表为空表。\n");
	cr_assert_eq(d.ntables, 1);
	cr_assert_str_eq(d.tables[0].key, "gov_fund");
	cr_assert(d.tables[0].stated_empty);
	cr_assert_eq(d.findings.n, 0);
}

/* Codes split over 类/款/项 columns, a one-digit 款 (`301 2`), a code glued to its name. */
Test(quirks, split_and_glued_codes)
{
	read_text(HEAD "单位支出总体情况表\n单位：万元\n"
		       "功能分类科目编码\t\t\t科目名称\t合计\n"
		       "类\t款\t项\t\t\n"
		       "201\t\t\t一般公共服务支出\t5.00\n"
		       "201\t03\t\t政府办公厅(室)及相关机构事务\t5.00\n"
		       "201\t03\t01\t行政运行\t4.00\n"
		       "\t\t\t2010302一般行政管理事务\t1.00\n"
		       "\n一般公共预算基本支出情况表\n单位：万元\n"
		       "科目编码\t\t科目名称\t合计\n类\t款\t\t\n"
		       "301\t2\t津贴补贴\t1.00\n");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "201", NULL, "total"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "20103", NULL, "total"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "2010301", "行政运行", "total"), "4.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "2010302", "一般行政管理事务", "total"), "1.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_basic", "30102", "津贴补贴", "total"), "1.00");
}

/* A table that leaves zero cells blank: blanks are zeros, even at the end of a row. */
Test(quirks, blank_cells_are_zeros_where_the_table_writes_zero_so)
{
	read_text(HEAD "单位支出总体情况表\n单位：万元\n"
		       "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
		       "合计\t\t3.00\t\t3.00\n"
		       "2010301\t行政运行\t3.00\t3.00\t\n");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "", "合计", "basic"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "2010301", NULL, "project"), "0.00");
	cr_assert_eq(d.findings.n, 0);
}

/* A table that prints 0.00: a row stopping short is missing a cell, so it is reported. */
Test(quirks, short_row_in_a_zero_printing_table_is_unplaced)
{
	read_text(HEAD "单位支出总体情况表\n单位：万元\n"
		       "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
		       "合计\t\t3.00\t0.00\t3.00\n"
		       "2010301\t行政运行\t3.00\t3.00\n"
		       "2010302\t一般行政管理事务\t0.00\t0.00\t0.00\t9.99\n");
	cr_assert_null(ys_fact(&d, "expenditure", "2010301", NULL, "total"));
	cr_assert_null(ys_fact(&d, "expenditure", "2010302", NULL, "total"));
	cr_assert_eq(ys_findings(&d, "unplaced_row", SEV_WARNING), 2);
	cr_assert_eq(d.findings.v[0].line, 8);
	cr_assert_eq(d.findings.v[1].line, 9);
}

/* Amounts in 元: exact 万元 with four decimals; 千元 too. */
Test(quirks, yuan_and_qian_units)
{
	read_text(HEAD "单位支出总体情况表\n编制单位：示例市某某局          单位：元\n"
		       "科目编码\t科目名称\t合计\n"
		       "合计\t\t12,121,164\n"
		       "\n单位收入总体情况表\n金额单位：千元\n"
		       "科目编码\t科目名称\t合计\n"
		       "合计\t\t1,212.1\n");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "", "合计", "total"), "1212.1164");
	cr_assert_str_eq(ys_fact(&d, "income", "", "合计", "total"), "121.21");
	cr_assert_eq(d.tables[0].unit, MU_YUAN);
	cr_assert_eq(d.tables[1].unit, MU_QIAN);
	cr_assert_str_eq(d.unit_name, "示例市某某局");
}

/* Rows under no title are reported, not guessed into the last table. */
Test(quirks, rows_without_a_title_are_reported)
{
	read_text(HEAD "一些说明文字。\n\n甲\t乙\t丙\n1\t2.00\t3.00\n");
	cr_assert_eq(ys_findings(&d, "unplaced_row", SEV_WARNING), 1);
	cr_assert_eq(d.findings.v[0].line, 6);
}

/* A title as a markdown heading in bold with its number: `### **一般公共预算支出情况表（表5）**`. */
Test(quirks, heading_bold_numbered_title)
{
	read_text(HEAD "### **一般公共预算支出情况表（表5）**\n单位：万元\n"
		       "科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出\n"
		       "\t\t\t小计\t人员经费\t公用经费\t\n"
		       "<b>合计</b>\t\t<b>10.00</b>\t6.00\t5.00\t1.00\t4.00\n");
	cr_assert_str_eq(d.tables[0].key, "gpb_expenditure");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "", "合计", "basic"), "6.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "", "合计", "personnel"), "5.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "", "合计", "public_use"), "1.00");
	cr_assert_str_eq(ys_fact(&d, "gpb_expenditure", "", "合计", "project"), "4.00");
}

/* A table-of-contents entry that names a table is not a table. */
Test(quirks, toc_titles_are_not_tables)
{
	read_text(HEAD "- 一、单位收支总体情况表（表1）\n- 二、单位收入总体情况表（表2）\n\n上述报表详见附件。\n");
	cr_assert_eq(d.ntables, 0);
	/* (a document with no table is read badly, and says so) */
	cr_assert_eq(d.findings.n, 1);
	cr_assert_eq(ys_findings(&d, "no_tables", SEV_WARNING), 1);
}

/* ---- narrative ---- */

Test(quirks, narrative_number_wrapped_mid_unit_and_mid_word)
{
	read_text(HEAD "2024年机关运行经费预算20.23万元，同比减少1.\n\n52万元，同比下降\n7.\n\n0%，主要用于办公费。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "admin_running", NULL, "change"), "-1.52");
	cr_assert_str_eq(ys_fact(&d, "narrative", "admin_running", NULL, "pct"), "-7.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "admin_running", NULL, "prior"), "21.75");
}

Test(quirks, narrative_flat_and_stated_prior)
{
	read_text(HEAD "2024年“三公”经费预算数为6.40万元，与2023年预算持平。其中：\n"
		       "（一）因公出国（境）费0.00万元，比2023年预算0.50万元减少0.50万元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_total", NULL, "current"), "6.40");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_total", NULL, "change"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_total", NULL, "prior"), "6.40");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_abroad", NULL, "prior"), "0.50");
	cr_assert_str_eq(ys_fact(&d, "narrative", "sangong_abroad", NULL, "change"), "-0.50");
}

Test(quirks, narrative_zero_base_not_comparable)
{
	read_text(HEAD "分散采购预算1.50万元，同比增加1.50万元，上年基数为零，不可比。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "procurement_decentral", NULL, "prior"), "0.00");
	cr_assert_null(ys_fact(&d, "narrative", "procurement_decentral", NULL, "pct"));
}

Test(quirks, narrative_rate_only_implies_a_rounded_prior)
{
	/* 110.00 / 1.1 = 100.00 exactly; 50 / 0.97 = 51.546… → 51.55 */
	read_text(HEAD "项目支出预算110.00万元，同比增长10.00%。\n基本支出预算50.00万元，同比下降3.00%。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "project", NULL, "prior"), "100.00");
	cr_assert_str_eq(ys_fact(&d, "narrative", "basic", NULL, "prior"), "51.55");
}

Test(quirks, narrative_prior_year_execution_and_yi_yuan)
{
	read_text(HEAD "1.“社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元，主要用于退休人员。2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。\n"
		       "2024年单位收入预算1.2亿元。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", NULL, "current"), "12000.00");
	size_t n = 0;
	for (size_t i = 0; i < d.facts.n; i++)
		if (!strcmp(d.facts.v[i].column, "prior_exec")) {
			n++;
			cr_assert_eq(d.facts.v[i].amount, INT64_C(54600000));
		}
	cr_assert_eq(n, 1);
}

/* Final accounts list each 项 with its budget and outturn; the path may break before its `（项）`,
 * leaving a line that looks like a heading, and `与预算数持平` compares with the budget, not with
 * last year. */
Test(quirks, final_accounts_item_path_broken_before_its_xiang)
{
	read_text("888001示例市某某局\n2024年单位决算公开\n\n支出决算表\n\n单位：万元\n\n"
		  "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
		  "合计\t\t90.00\t90.00\t0.00\n"
		  "208\t社会保障和就业支出\t90.00\t90.00\t0.00\n"
		  "20805\t行政事业单位养老支出\t90.00\t90.00\t0.00\n"
		  "2080501\t行政单位离退休\t84.65\t84.65\t0.00\n"
		  "2080599\t其他行政事业单位养老支出\t5.35\t5.35\t0.00\n\n"
		  "5、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休\n"
		  "（项）。主要用于：退休人员经费。年初预算为 85.55 万元，支出决算为84.65万\n"
		  "元。决算数小于预算数的主要原因：人员变化。\n\n"
		  "6、社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老\n"
		  "支出（项）。主要用于：退休人员经费。年初预算为5.35万元，支出决算为5.35万元。决算数与预算数基本持平。\n");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2080501", NULL, "budget"), "85.55");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2080501", NULL, "current"), "84.65");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2080599", NULL, "budget"), "5.35");
	cr_assert_str_eq(ys_fact(&d, "narrative", "2080599", NULL, "current"), "5.35");
	cr_assert_null(ys_fact(&d, "narrative", "2080599", NULL, "prior"), "持平 with the budget is no prior year");
	cr_assert_null(ys_fact(&d, "narrative", "20805", NULL, "budget"));
}

Test(quirks, narrative_title_lines_do_not_join_the_text)
{
	read_text("示例市某某局\n2024年部门预算\n2024年部门收入预算100.00万元。\n");
	cr_assert_str_eq(d.unit_name, "示例市某某局");
	cr_assert_str_eq(d.doc_kind, "budget/department");
	cr_assert_str_eq(ys_fact(&d, "narrative", "income_total", "2024年部门收入预算", "current"), "100.00");
}

/* ---- layout text (pdftotext -layout) ---- */

/* Blank cells in a space-aligned table are zeros; a name wrapped onto the next line joins its
 * row; the amounts are placed by position. */
Test(quirks, layout_blank_cells_and_wrapped_names)
{
	read_text("示例区某某局2024年单位预算\n\n"
		  "                     2024年单位支出预算总表\n"
		  "编制单位：示例区某某局                                   单位：元\n"
		  "\n"
		  "功能分类科目编码\n"
		  "                   功能分类科目名称     合计          基本支出       项目支出\n"
		  "类     款    项\n"
		  "\n"
		  "201             一般公共服务支出                 3,000        1,000          2,000\n"
		  "201   05        统计信息事务                   2,000                       2,000\n"
		  "208   05   05   机关事业单位基本养老               1,000        1,000\n"
		  "                保险缴费支出\n"
		  "                合计                       4,000        2,000          2,000\n");
	cr_assert_eq(d.format, FMT_LAYOUT);
	cr_assert_eq(d.findings.n, 0, "%s", d.findings.n ? d.findings.v[0].message : "");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "20105", NULL, "basic"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "20105", NULL, "project"), "0.20");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "2080505", "机关事业单位基本养老保险缴费支出", "basic"), "0.10");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "2080505", NULL, "project"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "expenditure", "", "合计", "total"), "0.40");
}

/* A row whose amounts fit no column placement is reported, not guessed. */
Test(quirks, layout_row_that_cannot_be_placed)
{
	read_text("示例区某某局2024年单位预算\n\n"
		  "                     2024年单位支出预算总表\n"
		  "编制单位：示例区某某局                                   单位：元\n"
		  "\n"
		  "                   功能分类科目名称     合计          基本支出       项目支出\n"
		  "类     款    项\n"
		  "201             一般公共服务支出          3,000        1,000          2,000\n"
		  "205             教育支出                      7       8      9      10\n");
	cr_assert_eq(ys_findings(&d, "unplaced_row", SEV_WARNING), 1);
	cr_assert_null(ys_fact(&d, "expenditure", "205", NULL, "total"));
}

/* The single row of values under a 三公 header, blank 购置费 included. */
Test(quirks, layout_sangong_values_under_a_multiline_header)
{
	read_text("示例区某某局2024年单位预算\n\n"
		  "                     单位“三公”经费和机关运行经费预算表\n"
		  "编制单位：示例区某某局                                          单位:万元\n"
		  "\n"
		  "                             2024年“三公”经费预算数\n"
		  "                                                                        2024年机关运行经\n"
		  "                                               公务用车购置及运行费\n"
		  "                                                                            费预算数\n"
		  "   合计         因公出国(境)费       公务接待费\n"
		  "                                         小计         购置费        运行费\n"
		  "\n"
		  "        9.5              1           2        6.5                 6.5            30\n");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "total"), "9.50");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "abroad"), "1.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "reception"), "2.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle"), "6.50");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle_purchase"), "0.00");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "vehicle_operation"), "6.50");
	cr_assert_str_eq(ys_fact(&d, "sangong", "", "合计", "admin_running"), "30.00");
}
