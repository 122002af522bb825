/* identities: a table's own identities from its facts alone (rows, code hierarchy, totals,
 * two-sided summaries), within the rounding of the printed figures; reading_suspect tables. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/identities.h"
#include "base/money.h"

/* A small table built fact by fact: F(table, code, name, column, amount as printed, line). */
static struct fact fx[256];
static size_t nfx;

static void F(const char *table, const char *code, const char *name, const char *col, const char *amt,
	      int line)
{
	cr_assert(nfx < 256);
	struct fact *f = &fx[nfx++];
	memset(f, 0, sizeof *f);
	f->unit_code = "";
	f->unit_name = "测试单位";
	f->doc_kind = "budget";
	f->year = 2025;
	f->table = table;
	f->row_code = code;
	f->row_name = name;
	f->column = col;
	f->unit_note = MU_WAN;
	f->file = "t.txt";
	f->line = line;
	cr_assert_eq(money_parse(amt, strlen(amt), MU_WAN, &f->amount, NULL), YS_OK, "%s", amt);
}

/* an expenditure row: total, basic, project */
static void E(const char *code, const char *name, const char *t, const char *b, const char *p, int line)
{
	F("expenditure", code, name, "total", t, line);
	F("expenditure", code, name, "basic", b, line);
	F("expenditure", code, name, "project", p, line);
}

static void reset(void)
{
	nfx = 0;
}

TestSuite(identities, .init = reset);

/* 合计 100 = 201 (60) + 208 (40); 201 = 20101; 20101 = 2010101 + 2010102; 208 = 20805 = 2080505 */
static void good_expenditure(void)
{
	E("", "合计", "100.00", "70.00", "30.00", 10);
	E("201", "一般公共服务支出", "60.00", "40.00", "20.00", 11);
	E("20101", "人大事务", "60.00", "40.00", "20.00", 12);
	E("2010101", "行政运行", "40.00", "40.00", "0.00", 13);
	E("2010102", "一般行政管理事务", "20.00", "0.00", "20.00", 14);
	E("208", "社会保障和就业支出", "40.00", "30.00", "10.00", 15);
	E("20805", "行政事业单位养老支出", "40.00", "30.00", "10.00", 16);
	E("2080505", "机关事业单位基本养老保险缴费支出", "40.00", "30.00", "10.00", 17);
}

Test(identities, a_table_read_right_holds_everywhere)
{
	good_expenditure();
	struct ident_result r;
	cr_assert_eq(identities_eval("expenditure", fx, nfx, &r), YS_OK);
	/* 8 rows × 合计 = 基本 + 项目; per column (3): 201 = Σ款, 20101 = Σ项, 208, 20805 → 4 code
	 * identities, and 合计 = Σ类: 5 a column */
	cr_assert_eq(r.checked, 8 + 3 * 5);
	cr_assert_eq(r.held, r.checked);
	cr_assert_eq(r.failed, 0);
	cr_assert_eq(r.n, 0, "every identity exact: none listed");
	cr_assert_eq(r.failed_rows, 0);
	cr_assert_not(r.suspect);
	identities_free(&r);
}

Test(identities, rounding_of_printed_figures_holds_but_is_listed)
{
	/* the seed's 302: its items add up to 20.22 where the table says 20.23 */
	F("gpb_basic", "", "合计", "total", "20.23", 1);
	F("gpb_basic", "302", "商品和服务支出", "total", "20.23", 2);
	F("gpb_basic", "30201", "办公费", "total", "10.11", 3);
	F("gpb_basic", "30207", "邮电费", "total", "10.11", 4);
	struct ident_result r;
	cr_assert_eq(identities_eval("gpb_basic", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.checked, 2); /* 302 = Σ款, 合计 = Σ类 */
	cr_assert_eq(r.held, 2);
	cr_assert_eq(r.n, 1);
	cr_assert_eq(r.v[0].kind, IDENT_CODE);
	cr_assert_eq(r.v[0].total->line, 2);
	cr_assert_eq(r.v[0].sum, INT64_C(20220000));
	cr_assert_eq(r.v[0].nparts, 2);
	cr_assert_eq(r.v[0].ulps, 3 * 10000, "three figures printed to 0.01 万元");
	cr_assert(r.v[0].holds);
	identities_free(&r);

	/* beyond the envelope: (2 + 1) half-units is 0.015; 0.02 is not rounding */
	reset();
	F("gpb_basic", "302", "商品和服务支出", "total", "20.24", 2);
	F("gpb_basic", "30201", "办公费", "total", "10.11", 3);
	F("gpb_basic", "30207", "邮电费", "total", "10.11", 4);
	cr_assert_eq(identities_eval("gpb_basic", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 1);
	cr_assert_not(r.v[0].holds);
	identities_free(&r);
}

Test(identities, one_wrong_figure_fails_two_rows_and_is_not_suspect)
{
	good_expenditure();
	/* 20101's total printed 61.00: its own row (61 ≠ 40 + 20) and its parent 201 (60 ≠ 61) fail,
	 * its children's sum (60 ≠ 61) fails on the same row */
	fx[6].amount = INT64_C(61000000);
	cr_assert_str_eq(fx[6].row_code, "20101");
	cr_assert_str_eq(fx[6].column, "total");
	struct ident_result r;
	cr_assert_eq(identities_eval("expenditure", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 3);
	cr_assert_eq(r.failed_rows, 2);
	cr_assert_not(r.suspect, "a document's own mistake is not a misreading");
	char buf[200];
	cr_assert_str_eq(identities_failed_rows_text(&r, buf, sizeof buf), "第11行、第12行");
	identities_free(&r);
}

Test(identities, columns_read_shifted_make_the_table_suspect)
{
	/* the reader put 项目支出 under 基本支出 and the next column's zeros under 项目支出 */
	E("", "合计", "100.00", "30.00", "0.00", 10);
	E("201", "一般公共服务支出", "60.00", "20.00", "0.00", 11);
	E("2010101", "行政运行", "40.00", "0.00", "0.00", 12);
	E("2010102", "一般行政管理事务", "20.00", "20.00", "0.00", 13);
	E("208", "社会保障和就业支出", "40.00", "10.00", "0.00", 14);
	struct ident_result r;
	cr_assert_eq(identities_eval("expenditure", fx, nfx, &r), YS_OK);
	cr_assert_geq(r.failed_rows, IDENT_SUSPECT_ROWS);
	cr_assert(r.suspect);
	char buf[200];
	cr_assert_str_eq(identities_failed_rows_text(&r, buf, sizeof buf), "第10行、第11行、第12行、第14行");
	identities_free(&r);
}

Test(identities, pdf_rows_name_their_page_and_the_list_is_cut)
{
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof name, "单位%d", i);
		E("", strdup(name), "10.00", "1.00", "1.00", 20 + i);
		fx[nfx - 1].page = fx[nfx - 2].page = fx[nfx - 3].page = 3;
	}
	struct ident_result r;
	cr_assert_eq(identities_eval("expenditure", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed_rows, 10);
	char buf[400];
	cr_assert_str_eq(identities_failed_rows_text(&r, buf, sizeof buf),
			 "第3页第20行、第3页第21行、第3页第22行、第3页第23行、第3页第24行、第3页第25行、"
			 "第3页第26行、第3页第27行等10行");
	identities_free(&r);
}

Test(identities, other_tables_and_markers_are_ignored)
{
	good_expenditure();
	F("gpb_basic", "301", "工资福利支出", "total", "5.00", 40);
	F("expenditure", "", "表注：本表无数据", "stated_empty", "0", 41);
	/* a column-number row the reader took for amounts */
	E("", "栏次", "1", "2", "3", 9);
	struct ident_result r;
	cr_assert_eq(identities_eval("expenditure", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 0);
	cr_assert_eq(r.checked, 8 + 3 * 5);
	identities_free(&r);
	cr_assert_eq(identities_eval("narrative", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.checked, 0, "the narrative has no identities of its own");
	identities_free(&r);
}

Test(identities, alternative_rules_of_one_total)
{
	/* Shanghai's summary: 支出 = 人员 + 公用 + 项目, with a 基本支出 column left empty */
	F("summary", "201", "一般公共服务支出", "expenditure", "709.97", 9);
	F("summary", "201", "一般公共服务支出", "expenditure_personnel", "691.09", 9);
	F("summary", "201", "一般公共服务支出", "expenditure_basic", "0.00", 9);
	F("summary", "201", "一般公共服务支出", "expenditure_public_use", "18.88", 9);
	F("summary", "201", "一般公共服务支出", "expenditure_project", "0.00", 9);
	struct ident_result r;
	cr_assert_eq(identities_eval("summary", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 0);
	cr_assert_geq(r.checked, 1);
	identities_free(&r);
}

/* Shaanxi's 收入总表: the appropriations by fund (一般公共预算拨款, 政府性基金拨款) beside 事业收入
 * and the other sources, no 财政拨款 column: 合计 = their sum. */
Test(identities, appropriations_by_fund_beside_the_other_sources)
{
	F("income", "", "合计", "total", "100.00", 5);
	F("income", "", "合计", "gpb", "60.00", 5);
	F("income", "", "合计", "gov_fund", "5.00", 5);
	F("income", "", "合计", "business", "30.00", 5);
	F("income", "", "合计", "carry", "5.00", 5);
	struct ident_result r;
	cr_assert_eq(identities_eval("income", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 0);
	cr_assert_geq(r.held, 1);
	identities_free(&r);
	fx[3].amount = INT64_C(20000000); /* 事业收入 20.00: 合计 is no longer the sum */
	cr_assert_eq(identities_eval("income", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 1);
	identities_free(&r);
}

/* Beijing's 收入总表: 合计 = 本年 小计 + 上年 小计, each 小计 = its sources, 事业收入 and the
 * other non-appropriation sources among the 本年 ones. */
Test(identities, current_and_carried_over_blocks)
{
	F("income", "", "合计", "total", "120.00", 5);
	F("income", "", "合计", "cur", "100.00", 5);
	F("income", "", "合计", "cur_gpb", "60.00", 5);
	F("income", "", "合计", "cur_business", "30.00", 5);
	F("income", "", "合计", "cur_other", "10.00", 5);
	F("income", "", "合计", "carry", "20.00", 5);
	F("income", "", "合计", "carry_gpb", "15.00", 5);
	F("income", "", "合计", "carry_unit_funds", "5.00", 5);
	struct ident_result r;
	cr_assert_eq(identities_eval("income", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 0);
	cr_assert_geq(r.held, 3);
	identities_free(&r);
}

/* A `其中：…` column (incl_…) is a part of another, not a column of unknown meaning: the
 * shortfall is closed by the unnamed source alone. */
Test(identities, an_of_which_column_is_no_unnamed_source)
{
	F("income", "", "合计", "total", "100.00", 5);
	F("income", "", "合计", "gpb", "60.00", 5);
	F("income", "", "合计", "gov_fund", "30.00", 5);
	F("income", "", "合计", "incl_其中:专项资金", "50.00", 5);
	F("income", "", "合计", "上年实户资金余额", "10.00", 5);
	struct ident_result r;
	cr_assert_eq(identities_eval("income", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 0);
	cr_assert_geq(r.held, 1);
	identities_free(&r);
}

Test(identities, an_unnamed_source_column_closes_the_row)
{
	/* income by source with a column the header reader could not key */
	F("income", "", "合计", "total", "100.00", 5);
	F("income", "", "合计", "fiscal", "60.00", 5);
	F("income", "", "合计", "business", "30.00", 5);
	F("income", "", "合计", "财政专户拨款收入_教育收费", "10.00", 5);
	struct ident_result r;
	cr_assert_eq(identities_eval("income", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.checked, 1);
	cr_assert_eq(r.held, 1);
	identities_free(&r);
	fx[3].amount = INT64_C(9000000); /* and when it does not close it, the row fails */
	cr_assert_eq(identities_eval("income", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 1);
	identities_free(&r);
}

Test(identities, codes_printed_again_per_unit_are_sections)
{
	/* a department's table: 合计, then each unit's rows with the same codes */
	F("gpb_expenditure", "", "合计", "total", "30.00", 1);
	F("gpb_expenditure", "201", "一般公共服务支出", "total", "10.00", 2);
	F("gpb_expenditure", "2010101", "行政运行", "total", "10.00", 3);
	F("gpb_expenditure", "201", "一般公共服务支出", "total", "20.00", 5);
	F("gpb_expenditure", "2010101", "行政运行", "total", "20.00", 6);
	struct ident_result r;
	cr_assert_eq(identities_eval("gpb_expenditure", fx, nfx, &r), YS_OK);
	/* no 款 printed: 201's children are not there (no identity); 合计 = 10 + 20 over both sections */
	cr_assert_eq(r.checked, 1);
	cr_assert_eq(r.failed, 0);
	identities_free(&r);
}

/* One economic code on consecutive rows (split by a second code: 30101 | 50101, 30101 | 50501)
 * is one section: both rows are the 类's children. */
Test(identities, a_code_on_consecutive_rows_is_one_section)
{
	F("gpb_basic", "301", "工资福利支出", "total", "30.00", 5);
	F("gpb_basic", "30101", "基本工资", "total", "12.00", 6);
	F("gpb_basic", "30101", "基本工资", "total", "8.00", 7);
	F("gpb_basic", "30102", "津贴补贴", "total", "10.00", 8);
	struct ident_result r;
	cr_assert_eq(identities_eval("gpb_basic", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 0);
	cr_assert_geq(r.held, 1);
	identities_free(&r);
}

Test(identities, top_level_is_what_has_no_printed_parent)
{
	/* 208 printed, 210 only as its 款 21011: 合计 = 208 + 21011 */
	F("gpb_expenditure", "", "合计", "total", "50.00", 1);
	F("gpb_expenditure", "208", "社会保障和就业支出", "total", "30.00", 2);
	F("gpb_expenditure", "20805", "养老", "total", "30.00", 3);
	F("gpb_expenditure", "21011", "行政事业单位医疗", "total", "20.00", 4);
	struct ident_result r;
	cr_assert_eq(identities_eval("gpb_expenditure", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.checked, 2);
	cr_assert_eq(r.failed, 0);
	identities_free(&r);
}

Test(identities, economic_and_function_codes_each_add_to_the_total)
{
	F("gpb_basic", "", "合计", "total", "10.00", 1);
	F("gpb_basic", "301", "工资福利支出", "total", "8.00", 2);
	F("gpb_basic", "302", "商品和服务支出", "total", "2.00", 3);
	F("gpb_basic", "501", "机关工资福利支出", "total", "7.00", 4);
	struct ident_result r;
	cr_assert_eq(identities_eval("gpb_basic", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.checked, 2);
	cr_assert_eq(r.failed, 1, "the 5xx family adds up to 7, not 10");
	cr_assert_str_eq(r.v[0].what, "合计 = 各经济分类科目之和");
	identities_free(&r);
}

Test(identities, two_sided_summary)
{
	/* the seed's layout: income items | function classes, then the totals */
	F("summary", "", "一般公共预算拨款", "income", "90.00", 1);
	F("summary", "201", "一般公共服务支出", "expenditure", "70.00", 1);
	F("summary", "", "一般公共预算拨款/本级", "income", "90.00", 2);
	F("summary", "208", "社会保障和就业支出", "expenditure", "30.00", 2);
	F("summary", "", "单位资金", "income", "10.00", 3);
	F("summary", "", "本年收入合计", "income", "100.00", 4);
	F("summary", "", "本年支出合计", "expenditure", "100.00", 4);
	F("summary", "", "上年结转结余", "income", "5.00", 5);
	F("summary", "", "结转下年支出", "expenditure", "5.00", 5);
	F("summary", "", "收入总计", "income", "105.00", 6);
	F("summary", "", "支出总计", "expenditure", "105.00", 6);
	struct ident_result r;
	cr_assert_eq(identities_eval("summary", fx, nfx, &r), YS_OK);
	/* per side: items = 本年合计, 本年 + 结转 = 总计; income: 一般公共预算拨款 = its child; and
	 * 收入总计 = 支出总计 */
	cr_assert_eq(r.checked, 6);
	cr_assert_eq(r.failed, 0);
	identities_free(&r);

	fx[9].amount = INT64_C(106000000); /* 收入总计 106: its S1 and the balance fail, one row */
	cr_assert_eq(identities_eval("summary", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 2);
	cr_assert_eq(r.failed_rows, 1);
	for (size_t i = 0; i < r.n; i++)
		cr_assert_not(r.v[i].inferred, "named totals are printed structure");
	identities_free(&r);
}

Test(identities, summary_with_the_current_total_on_top)
{
	/* the seed's fiscal summary: 本年收入 first, its parts as `本年收入/…`; 本年支出 first, then
	 * the classes and 结转下年 */
	F("fiscal_summary", "", "本年收入", "income", "100.00", 1);
	F("fiscal_summary", "", "本年支出", "expenditure", "100.00", 1);
	F("fiscal_summary", "", "本年收入/一般公共预算", "income", "100.00", 2);
	F("fiscal_summary", "201", "一般公共服务支出", "expenditure", "60.00", 2);
	F("fiscal_summary", "", "本年收入/政府性基金预算", "income", "0.00", 3);
	F("fiscal_summary", "208", "社会保障和就业支出", "expenditure", "40.00", 3);
	F("fiscal_summary", "", "上年结转结余", "income", "0.00", 4);
	F("fiscal_summary", "", "结转下年支出", "expenditure", "0.00", 4);
	F("fiscal_summary", "", "收入总计", "income", "100.00", 5);
	F("fiscal_summary", "", "支出总计", "expenditure", "100.00", 5);
	struct ident_result r;
	cr_assert_eq(identities_eval("fiscal_summary", fx, nfx, &r), YS_OK);
	/* income: 本年收入 = Σ children, 总计 = 本年 + 结转; expenditure: 本年支出 = Σ classes,
	 * 总计 = 本年 + 结转; balance */
	cr_assert_eq(r.checked, 5);
	cr_assert_eq(r.failed, 0);
	identities_free(&r);
}

Test(identities, performance_projects_add_to_the_total)
{
	F("performance", "", "合计", "total", "30.00", 1);
	F("performance", "", "本单位/项目甲", "total", "10.00", 2);
	F("performance", "", "本单位/项目乙", "total", "15.00", 3);
	struct ident_result r;
	cr_assert_eq(identities_eval("performance", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.checked, 1);
	cr_assert_eq(r.failed, 1);
	cr_assert_eq(r.v[0].sum, INT64_C(25000000));
	identities_free(&r);
}

Test(identities, precision_of_each_figure_sets_the_envelope)
{
	/* 元 integers: half a 元 per figure, 1.5 元 for three */
	F("expenditure", "", "合计", "total", "0.0003", 1); /* 3 元 */
	F("expenditure", "", "合计", "basic", "0.0001", 1);
	F("expenditure", "", "合计", "project", "0.0001", 1);
	for (size_t i = 0; i < nfx; i++)
		fx[i].unit_note = MU_YUAN;
	struct ident_result r;
	cr_assert_eq(identities_eval("expenditure", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.held, 1, "1 元 off is within 1.5 元");
	cr_assert_eq(r.v[0].ulps, 300);
	identities_free(&r);
	fx[0].amount = 400; /* 4 元: 2 元 off */
	cr_assert_eq(identities_eval("expenditure", fx, nfx, &r), YS_OK);
	cr_assert_eq(r.failed, 1);
	identities_free(&r);
}

/* ---- through the audit: a table read wrongly feeds no error ---- */

#include "support.h"

static const char *hdr = "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n";

static char *audit_of(const char *csv, int *status)
{
	const char *p = ys_fixture("suspect.csv", csv);
	struct proc pr;
	cr_assert_eq(ys_exec(&pr, NULL, NULL, (const char *const[]){ "audit", p, NULL }), 0);
	*status = pr.status;
	char *out = strdup(pr.out);
	ys_proc_free(&pr);
	return out;
}

Test(identities_audit, a_suspect_table_gives_one_warning_and_no_error)
{
	/* an expenditure table whose 项目支出 column was read from the next column (zeros): every
	 * row fails 合计 = 基本 + 项目; the narrative's 项目支出 20.00 disagrees with its 0.00 */
	char csv[4096];
	snprintf(csv, sizeof csv,
		 "%s"
		 "9,测试局,2025,budget,expenditure,,合计,total,100.00,万元,t.txt:10\n"
		 "9,测试局,2025,budget,expenditure,,合计,basic,70.00,万元,t.txt:10\n"
		 "9,测试局,2025,budget,expenditure,,合计,project,0.00,万元,t.txt:10\n"
		 "9,测试局,2025,budget,expenditure,201,一般公共服务支出,total,60.00,万元,t.txt:11\n"
		 "9,测试局,2025,budget,expenditure,201,一般公共服务支出,basic,40.00,万元,t.txt:11\n"
		 "9,测试局,2025,budget,expenditure,201,一般公共服务支出,project,0.00,万元,t.txt:11\n"
		 "9,测试局,2025,budget,expenditure,208,社会保障和就业支出,total,40.00,万元,t.txt:12\n"
		 "9,测试局,2025,budget,expenditure,208,社会保障和就业支出,basic,30.00,万元,t.txt:12\n"
		 "9,测试局,2025,budget,expenditure,208,社会保障和就业支出,project,0.00,万元,t.txt:12\n"
		 "9,测试局,2025,budget,narrative,project,项目支出,current,30.00,万元,t.txt:3\n",
		 hdr);
	int st;
	char *out = audit_of(csv, &st);
	cr_assert_null(strstr(out, ",error,"), "%s", out);
	cr_assert_eq(st, 0, "no error, so --fail-on error is not met: %s", out);
	cr_assert(strstr(out, "9,测试局,2025,budget,reading_suspect,warning,,,,t.txt:10,"
			      "支出总体情况表未通过自身勾稽校验：6项等式中3项不成立（第10行、第11行、第12行），"
			      "疑为读取有误；该表数据不作为任何审核错误的依据\n"), "%s", out);
	/* the narrative comparison stays, as a warning that says why */
	cr_assert(strstr(out, ",narrative_vs_table,warning,0.00,30.00,30.00,t.txt:3,"), "%s", out);
	cr_assert(strstr(out, "无法核实"), "%s", out);
	free(out);
}

Test(identities_audit, one_wrong_row_is_an_error)
{
	char csv[4096];
	snprintf(csv, sizeof csv,
		 "%s"
		 "9,测试局,2025,budget,expenditure,,合计,total,100.00,万元,t.txt:10\n"
		 "9,测试局,2025,budget,expenditure,,合计,basic,70.00,万元,t.txt:10\n"
		 "9,测试局,2025,budget,expenditure,,合计,project,30.00,万元,t.txt:10\n"
		 "9,测试局,2025,budget,expenditure,201,一般公共服务支出,total,60.00,万元,t.txt:11\n"
		 "9,测试局,2025,budget,expenditure,201,一般公共服务支出,basic,40.00,万元,t.txt:11\n"
		 "9,测试局,2025,budget,expenditure,201,一般公共服务支出,project,20.00,万元,t.txt:11\n"
		 "9,测试局,2025,budget,expenditure,208,社会保障和就业支出,total,40.00,万元,t.txt:12\n"
		 "9,测试局,2025,budget,expenditure,208,社会保障和就业支出,basic,30.00,万元,t.txt:12\n"
		 "9,测试局,2025,budget,expenditure,208,社会保障和就业支出,project,11.00,万元,t.txt:12\n",
		 hdr);
	int st;
	char *out = audit_of(csv, &st);
	cr_assert_null(strstr(out, "reading_suspect"), "%s", out);
	/* 208: 30 + 11 = 41 against 40; and the 项目支出 column's 合计 30 against 20 + 11 */
	cr_assert(strstr(out, ",row_sum,error,40.00,41.00,1.00,t.txt:12,"), "%s", out);
	cr_assert(strstr(out, ",total_sum,error,30.00,31.00,1.00,t.txt:10,"), "%s", out);
	cr_assert_eq(st, 1);
	free(out);
}
