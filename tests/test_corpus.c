/* The Shanghai corpus (../shared/corpus): five real documents, four budgets and one final
 * accounts, read from their layout text and from their PDFs. Figures checked by hand against
 * the documents (line numbers are the layout text's). Skipped, saying so, without ../shared. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/doc.h"
#include "support.h"

#define WELFARE "corpus/shanghai-putuo-social-welfare-home-2024-unit-budget"
#define WANLI24 "corpus/shanghai-putuo-wanli-street-2024-dept-budget"
#define WANLI23 "corpus/shanghai-putuo-wanli-street-2023-dept-budget"
#define GOVT25 "corpus/shanghai-putuo-govt-office-2025-dept-budget"
#define FINAL24 "corpus/shanghai-putuo-finance-bureau-2024-dept-final-accounts"

static struct doc d;

static void load(const char *base, const char *ext)
{
	char rel[256];
	snprintf(rel, sizeof rel, "%s%s", base, ext);
	const char *p = ys_shared(rel);
	if (!p)
		cr_skip_test("../shared/%s is absent: corpus tests skipped", rel);
	struct ys_error e;
	cr_assert_eq(doc_read(p, FMT_AUTO, &d, &e), YS_OK, "%s", e.msg);
}

static void fini(void)
{
	doc_free(&d);
}

TestSuite(corpus, .fini = fini);

/* expect(table, code, name, column, value) */
#define EXPECT(t, c, n, col, v) cr_expect_str_eq(ys_fact(&d, t, c, n, col), v, "%s|%s|%s|%s", t, c, n ? n : "", col)

static const struct doc_table *table(const char *key)
{
	for (size_t i = 0; i < d.ntables; i++)
		if (!strcmp(d.tables[i].key, key))
			return &d.tables[i];
	return NULL;
}

static void nothing_unplaced(void)
{
	for (size_t i = 0; i < d.findings.n; i++)
		cr_expect(d.findings.v[i].severity == SEV_INFO, "unexpected finding line %d: %s",
			  d.findings.v[i].line, d.findings.v[i].message);
}

Test(corpus, welfare_home_2024_unit_budget)
{
	load(WELFARE, ".layout.txt");
	cr_assert_eq(d.format, FMT_LAYOUT);
	cr_assert_str_eq(d.unit_name, "上海市普陀区社会福利院");
	cr_assert_eq(d.year, 2024);
	cr_assert_str_eq(d.doc_kind, "budget/unit");
	cr_assert_eq(d.ntables, 9);
	nothing_unplaced();
	/* 财务收支预算总表 (元), line 107: 收入总计 12,121,164 | 支出总计 12,121,164 7,380,214 2,120,950 2,620,000 */
	EXPECT("summary", "", "收入总计", "income", "1212.1164");
	EXPECT("summary", "", "支出总计", "expenditure", "1212.1164");
	EXPECT("summary", "", "支出总计", "expenditure_personnel", "738.0214");
	EXPECT("summary", "", "支出总计", "expenditure_public_use", "212.095");
	EXPECT("summary", "", "支出总计", "expenditure_project", "262.00");
	/* function classes: 二、社会保障和就业支出 11,281,624; 三、医疗卫生与计划生育支出 503,724 (an old
	 * name of 210); 四、住房保障支出 335,816; 一、一般公共服务支出 printed blank */
	EXPECT("summary", "208", NULL, "expenditure", "1128.1624");
	EXPECT("summary", "210", NULL, "expenditure", "50.3724");
	EXPECT("summary", "221", NULL, "expenditure", "33.5816");
	EXPECT("summary", "201", NULL, "expenditure", "0.00");
	/* 支出预算总表 合计 12,121,164 9,501,164 2,620,000 */
	EXPECT("expenditure", "", "合计", "total", "1212.1164");
	EXPECT("expenditure", "", "合计", "basic", "950.1164");
	EXPECT("expenditure", "", "合计", "project", "262.00");
	/* 210 11 02 under a garbled `7 11 02` (line 175), repaired from the row above */
	EXPECT("expenditure", "2101102", NULL, "total", "50.3724");
	/* 基本支出经济分类 合计 9,501,164 7,380,214 2,120,950; 301 02 津贴补贴 225,600 */
	EXPECT("gpb_basic", "", "合计", "personnel", "738.0214");
	EXPECT("gpb_basic", "", "合计", "public_use", "212.095");
	EXPECT("gpb_basic", "30102", NULL, "total", "22.56");
	/* 三公 (万元), line 344: 6.4 0 0 6.4 [购置费 blank] 6.4 0 */
	EXPECT("sangong", "", "合计", "total", "6.40");
	EXPECT("sangong", "", "合计", "abroad", "0.00");
	EXPECT("sangong", "", "合计", "reception", "0.00");
	EXPECT("sangong", "", "合计", "vehicle", "6.40");
	EXPECT("sangong", "", "合计", "vehicle_purchase", "0.00");
	EXPECT("sangong", "", "合计", "vehicle_operation", "6.40");
	EXPECT("sangong", "", "合计", "admin_running", "0.00");
	cr_assert(table("gov_fund")->stated_empty);
	/* narrative: 6.40 与2023年预算持平; 财政拨款收入950.12万元，比2023年预算增加0.46万元;
	 * 2023年当年预算执行数为54.60万元 */
	EXPECT("narrative", "sangong_total", NULL, "prior", "6.40");
	EXPECT("narrative", "fiscal_total", NULL, "prior", "949.66");
	EXPECT("narrative", "2080502", NULL, "prior_exec", "54.60");
	EXPECT("narrative", "procurement_services", NULL, "current", "120.60");
	EXPECT("narrative", "project_count", NULL, "current", "1");
}

Test(corpus, wanli_street_2024_dept_budget)
{
	load(WANLI24, ".layout.txt");
	cr_assert_str_eq(d.unit_name, "上海市普陀区人民政府万里街道办事处");
	cr_assert_eq(d.year, 2024);
	cr_assert_str_eq(d.doc_kind, "budget/department");
	nothing_unplaced();
	EXPECT("summary", "", "收入总计", "income", "15621.1123");
	EXPECT("summary", "201", NULL, "expenditure", "293.27");
	EXPECT("summary", "204", NULL, "expenditure", "163.30");
	EXPECT("summary", "208", NULL, "expenditure", "1960.4064");
	EXPECT("summary", "210", NULL, "expenditure", "322.3657");
	EXPECT("summary", "212", NULL, "expenditure", "11938.5303");
	EXPECT("summary", "221", NULL, "expenditure", "888.2399");
	/* line 677: 合计 156,211,123 99,706,020 56,505,103 (gpb); 支出预算总表 the same */
	EXPECT("expenditure", "", "合计", "basic", "9970.602");
	EXPECT("expenditure", "", "合计", "project", "5650.5103");
	EXPECT("gpb_basic", "", "合计", "personnel", "8853.7451");
	EXPECT("gpb_basic", "", "合计", "public_use", "1116.8569");
	/* 三公 line 786ff: 47.91 0 1.35 46.56 25 21.56 443.18, and a note calling it empty */
	EXPECT("sangong", "", "合计", "total", "47.91");
	EXPECT("sangong", "", "合计", "abroad", "0.00");
	EXPECT("sangong", "", "合计", "reception", "1.35");
	EXPECT("sangong", "", "合计", "vehicle", "46.56");
	EXPECT("sangong", "", "合计", "vehicle_purchase", "25.00");
	EXPECT("sangong", "", "合计", "vehicle_operation", "21.56");
	EXPECT("sangong", "", "合计", "admin_running", "443.18");
	cr_assert(table("sangong")->stated_empty, "注:本部门2024年无“三公”经费…故本表为空表");
	/* 47.91万元，比2023年预算增加25万元 */
	EXPECT("narrative", "sangong_total", NULL, "current", "47.91");
	EXPECT("narrative", "sangong_total", NULL, "prior", "22.91");
	EXPECT("narrative", "sangong_vehicle_purchase", NULL, "prior", "0.00");
	EXPECT("narrative", "admin_running", NULL, "current", "443.18");
	EXPECT("narrative", "project_count", NULL, "current", "50");
}

Test(corpus, wanli_street_2023_dept_budget)
{
	load(WANLI23, ".layout.txt");
	cr_assert_eq(d.year, 2023);
	nothing_unplaced();
	EXPECT("summary", "", "收入总计", "income", "16497.864");
	/* line 498: 合计 164,978,640 99,406,297 65,572,343 */
	EXPECT("expenditure", "", "合计", "basic", "9940.6297");
	EXPECT("expenditure", "", "合计", "project", "6557.2343");
	/* line 778: 合计 99,406,297 84,024,865 15,381,432 */
	EXPECT("gpb_basic", "", "合计", "personnel", "8402.4865");
	EXPECT("gpb_basic", "", "合计", "public_use", "1538.1432");
	EXPECT("sangong", "", "合计", "total", "22.91");
	EXPECT("sangong", "", "合计", "reception", "1.35");
	EXPECT("sangong", "", "合计", "vehicle_operation", "21.56");
	EXPECT("sangong", "", "合计", "admin_running", "786.09");
	/* 22.91万元，比2022年预算持平 */
	EXPECT("narrative", "sangong_total", NULL, "prior", "22.91");
	EXPECT("narrative", "admin_running", NULL, "current", "786.09");
}

Test(corpus, govt_office_2025_dept_budget)
{
	load(GOVT25, ".layout.txt");
	cr_assert_str_eq(d.unit_name, "上海市普陀区人民政府办公室");
	cr_assert_eq(d.year, 2025);
	nothing_unplaced();
	/* amounts in 元 with fen: 91,016,775.35 */
	EXPECT("summary", "", "收入总计", "income", "9101.677535");
	/* line 211: 合计 91,016,775.35 24,606,775.35 66,410,000.00 */
	EXPECT("expenditure", "", "合计", "basic", "2460.677535");
	EXPECT("expenditure", "", "合计", "project", "6641.00");
	/* line 357, on a page shifted 13 columns left of the header's */
	EXPECT("gpb_basic", "", "合计", "personnel", "2247.399781");
	EXPECT("gpb_basic", "", "合计", "public_use", "213.277754");
	EXPECT("sangong", "", "合计", "total", "867.50");
	EXPECT("sangong", "", "合计", "abroad", "839.00");
	EXPECT("sangong", "", "合计", "reception", "28.50");
	EXPECT("sangong", "", "合计", "vehicle", "0.00");
	EXPECT("sangong", "", "合计", "admin_running", "213.28");
	EXPECT("narrative", "sangong_total", NULL, "prior", "867.50");
	EXPECT("narrative", "admin_running", NULL, "current", "213.28");
}

Test(corpus, finance_bureau_2024_final_accounts)
{
	load(FINAL24, ".layout.txt");
	cr_assert_str_eq(d.unit_name, "上海市普陀区财政局");
	cr_assert_eq(d.year, 2024);
	cr_assert_str_eq(d.doc_kind, "final/department");
	nothing_unplaced();
	/* 收入支出决算总表 (万元) */
	EXPECT("summary", "", "本年收入合计", "income", "2946.25");
	EXPECT("summary", "", "本年支出合计", "expenditure", "2940.05");
	EXPECT("summary", "", "年初结转和结余", "income", "49.14");
	EXPECT("summary", "", "年末结转和结余", "expenditure", "55.34");
	EXPECT("summary", "", "总计", "income", "2995.39");
	EXPECT("summary", "201", NULL, "expenditure", "2106.66");
	EXPECT("summary", "208", NULL, "expenditure", "326.71");
	EXPECT("summary", "210", NULL, "expenditure", "60.99");
	EXPECT("summary", "221", NULL, "expenditure", "445.69");
	/* 支出决算表: values printed a line above their labels */
	EXPECT("expenditure", "", "合计", "total", "2940.05");
	EXPECT("expenditure", "", "合计", "basic", "2336.91");
	EXPECT("expenditure", "", "合计", "project", "603.14");
	EXPECT("expenditure", "2010601", NULL, "basic", "1503.52");
	EXPECT("expenditure", "2010601", NULL, "project", "8.37");
	/* 收入决算表: 208 is 326.72 here, 326.71 in the summary (the document's own discrepancy) */
	EXPECT("income", "208", NULL, "total", "326.72");
	/* 财政拨款收入支出决算总表: a header in fragments */
	EXPECT("fiscal_summary", "201", NULL, "expenditure", "2106.66");
	EXPECT("fiscal_summary", "201", NULL, "expenditure_gpb", "2106.66");
	EXPECT("fiscal_summary", "", "总计", "expenditure", "2961.68");
	/* 基本支出决算表: two tables side by side */
	EXPECT("gpb_basic", "", "人员经费合计", "total", "2152.26");
	EXPECT("gpb_basic", "", "公用经费合计", "total", "184.65");
	EXPECT("gpb_basic", "30102", NULL, "total", "1238.58");
	EXPECT("gpb_basic", "30229", NULL, "total", "42.77");
	EXPECT("gpb_basic", "31002", NULL, "total", "13.58");
	/* 三公: 预算数/决算数 per item; 0.95 budgeted (合计, 公务接待费), nothing spent */
	EXPECT("sangong", "", "合计", "total_budget", "0.95");
	EXPECT("sangong", "", "合计", "total_final", "0.00");
	EXPECT("sangong", "", "合计", "reception_budget", "0.95");
	EXPECT("sangong", "", "合计", "abroad_final", "0.00");
	/* narrative: 机关运行经费支出184.65万元，比2023年度增加2.55万元; 年初预算为2993.92万元，
	 * 支出决算为2940.05万元，完成年初预算的98.20% */
	EXPECT("narrative", "admin_running", NULL, "current", "184.65");
	EXPECT("narrative", "admin_running", NULL, "prior", "182.10");
	EXPECT("narrative", "gpb_total", NULL, "budget", "2993.92");
	EXPECT("narrative", "gpb_total", NULL, "exec_pct", "98.20");
	EXPECT("narrative", "2010601", NULL, "budget", "1560.05");
	EXPECT("narrative", "2010601", NULL, "current", "1511.89");
	EXPECT("narrative", "sangong_total", NULL, "budget", "0.95");
	EXPECT("narrative", "income_total", NULL, "prior", "3052.34");
}

/* A PDF gives the facts of its layout text; sources are file:page:line. */
static void same_as_layout(const char *base)
{
	char a[256], b[256];
	snprintf(a, sizeof a, "%s.layout.txt", base);
	snprintf(b, sizeof b, "%s.pdf", base);
	const char *pa = ys_shared(a), *pb = ys_shared(b);
	if (!pa || !pb)
		cr_skip_test("../shared/corpus absent");
	struct doc x, y;
	struct ys_error e;
	cr_assert_eq(doc_read(pa, FMT_AUTO, &x, &e), YS_OK, "%s", e.msg);
	cr_assert_eq(doc_read(pb, FMT_AUTO, &y, &e), YS_OK, "%s", e.msg);
	cr_assert_eq(y.format, FMT_PDF);
	cr_assert_eq(x.facts.n, y.facts.n, "%s: %zu facts from text, %zu from PDF", base, x.facts.n, y.facts.n);
	for (size_t i = 0; i < x.facts.n; i++) {
		const struct fact *f = &x.facts.v[i], *g = &y.facts.v[i];
		cr_assert(!strcmp(f->table, g->table) && !strcmp(f->row_code, g->row_code) &&
			  !strcmp(f->row_name, g->row_name) && !strcmp(f->column, g->column) &&
			  f->amount == g->amount && f->unit_note == g->unit_note,
			  "%s fact %zu differs", base, i);
		cr_assert_gt(g->page, 0);
		cr_assert_eq(f->page, 0);
	}
	cr_assert_str_eq(x.unit_name, y.unit_name);
	doc_free(&x);
	doc_free(&y);
}

Test(corpus, pdfs_give_the_facts_of_their_layout_text, .timeout = 120)
{
	same_as_layout(WELFARE);
	same_as_layout(WANLI24);
	same_as_layout(WANLI23);
	same_as_layout(GOVT25);
	same_as_layout(FINAL24);
}

Test(corpus, pdf_sources_name_the_page)
{
	load(WELFARE, ".pdf");
	/* 收入总计 is on the PDF's 7th page */
	for (size_t i = 0; i < d.facts.n; i++)
		if (!strcmp(d.facts.v[i].table, "summary") && !strcmp(d.facts.v[i].row_name, "收入总计")) {
			char src[600];
			fact_source(&d.facts.v[i], src, sizeof src);
			cr_assert(strstr(src, "unit-budget.pdf:7:"), "%s", src);
			return;
		}
	cr_assert_fail("no 收入总计");
}
