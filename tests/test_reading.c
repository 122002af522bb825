/* How well each document was read, said for every document: the line `import` and `run` print,
 * reading.csv, and the same in manifest.json (issue 15: silent failure is a bug). Fixtures
 * written for this test. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/reading.h"
#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(reading, .fini = teardown);

#define RUN_IN(p, dir, ...) \
	cr_assert_eq(ys_exec(p, dir, NULL, (const char *const[]){ __VA_ARGS__, NULL }), 0)

/* A unit budget with two tables, one of them stated empty. */
static const char good[] =
	"999001示例市测试中心\n2025年单位预算公开说明\n\n"
	"单位支出总体情况表\n\n单位：万元\n\n"
	"科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
	"合计\t\t\t100.00\t80.00\t20.00\n"
	"2010301\t\t行政运行\t100.00\t80.00\t20.00\n\n"
	"政府性基金预算支出情况表\n\n单位：万元\n\n注：本单位2025年没有政府性基金预算支出，故本表无数据。\n";

/* Tables only, no name anywhere. */
static const char nameless[] =
	"单位支出总体情况表\n\n单位：万元\n\n"
	"科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
	"合计\t\t\t50.00\t50.00\t0.00\n";

/* A narrative and no table. */
static const char notables[] = "示例市某某局\n2026年部门预算情况说明\n\n2026年收入预算100.00万元。\n";

static const char *const missing_all_but_expenditure_and_gov_fund =
	"summary;income;fiscal_summary;gpb_expenditure;gpb_basic;sangong;soe_capital;procurement;"
	"purchase_service;performance";

Test(reading, import_prints_a_line_per_document)
{
	const char *dir = ys_scratch();
	ys_fixture("a.md", good);
	ys_fixture("b.md", nameless);
	ys_fixture("c.md", notables);
	struct proc p;
	RUN_IN(&p, dir, "import", "a.md", "b.md", "c.md");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: a.md: read: 示例市测试中心 2025 budget/unit: 1 of 12 table kinds "
				"read; stated empty: gov_fund; missing: summary income fiscal_summary "
				"gpb_expenditure gpb_basic sangong soe_capital procurement purchase_service "
				"performance; identities 5 of 5 hold\n"),
		  "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: b.md: read: 未具名单位(b.md) ? ?: 1 of 12 table kinds read;"), "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: c.md: read: 示例市某某局 2026 budget/department: 0 of 12 table kinds read;"),
		  "%s", p.err);
	/* (the identities of a's table: two rows 合计 = 基本 + 项目, and per column 合计 = Σ the top
	 * level; a document without tables counts none) */
	cr_assert(!strstr(p.err, "identities 0 of 0"), "%s", p.err);
	/* and the warnings, with the file */
	cr_assert(strstr(p.err, "yusuan: b.md: warning: 文件未写明单位名称"), "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: b.md: warning: 文件未写明预算年度"), "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: c.md: warning: 未识别出任何标准报表"), "%s", p.err);
	ys_proc_free(&p);
	/* -q: errors only */
	RUN_IN(&p, dir, "import", "-q", "a.md");
	cr_assert_str_eq(p.err, "");
	ys_proc_free(&p);
}

Test(reading, run_writes_reading_csv_and_the_manifest, .timeout = 60)
{
	const char *dir = ys_scratch();
	char in[600];
	snprintf(in, sizeof in, "%s/in", dir);
	char cmd[800];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", in);
	cr_assert_eq(system(cmd), 0);
	ys_fixture("in/a.md", good);
	ys_fixture("in/b.md", nameless);
	ys_fixture("in/c.md", notables);
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none");
	cr_assert(p.status == 0 || p.status == 1, "%d %s", p.status, p.err);
	cr_assert(strstr(p.err, "yusuan: in/a.md: read: 示例市测试中心 2025 budget/unit: 1 of 12"), "%s", p.err);
	ys_proc_free(&p);
	char path[700];
	snprintf(path, sizeof path, "%s/out/reading.csv", dir);
	char *csv = ys_slurp(path, NULL);
	cr_assert_not_null(csv);
	char want[3000];
	snprintf(want, sizeof want,
		 "file,unit_code,unit_name,year,doc_kind,name_from,tables_found,tables_stated_empty,"
		 "tables_missing,identities_checked,identities_held,identities_failed,tables_suspect\n"
		 "in/a.md,999001,示例市测试中心,2025,budget/unit,cover,expenditure,gov_fund,%s,5,5,0,\n",
		 missing_all_but_expenditure_and_gov_fund);
	cr_assert(!strncmp(csv, want, strlen(want)), "%s", csv);
	cr_assert(strstr(csv, "\nin/b.md,,未具名单位(b.md),,,none,expenditure,,"), "%s", csv);
	cr_assert(strstr(csv, "\nin/c.md,,示例市某某局,2026,budget/department,cover,,,summary;income;expenditure;"),
		  "%s", csv);
	/* one row per document, and the same figures again from the cache */
	size_t rows = 0;
	for (const char *c = csv; *c; c++)
		rows += *c == '\n';
	cr_assert_eq(rows, 4);
	snprintf(path, sizeof path, "%s/out/manifest.json", dir);
	char *man = ys_slurp(path, NULL);
	cr_assert(strstr(man, "\"reading\": [\n    {\"file\": \"in/a.md\", \"unit_code\": \"999001\", "
			      "\"unit_name\": \"示例市测试中心\", \"year\": 2025, \"doc_kind\": \"budget/unit\", "
			      "\"name_from\": \"cover\", \"tables_found\": [\"expenditure\"], "
			      "\"tables_stated_empty\": [\"gov_fund\"], \"tables_missing\": [\"summary\", "),
		  "%s", man);
	cr_assert(strstr(man, "{\"file\": \"in/b.md\", \"unit_code\": \"\", \"unit_name\": \"未具名单位(b.md)\", "
			      "\"year\": null, \"doc_kind\": \"\", \"name_from\": \"none\""),
		  "%s", man);
	free(man);
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none");
	ys_proc_free(&p);
	snprintf(path, sizeof path, "%s/out/reading.csv", dir);
	char *again = ys_slurp(path, NULL);
	cr_assert_str_eq(again, csv, "the rerun (from the cache) reads the same");
	free(again);
	free(csv);
}

Test(reading, line_and_kinds)
{
	struct reading r = { 0 };
	r.found = 1u << 0 | 1u << 2;
	r.empty = 1u << 7;
	r.suspect = 1u << 2;
	r.name_from = 'l';
	r.identities = 1;
	r.checked = 40;
	r.held = 38;
	r.failed = 2;
	char b[600];
	cr_assert_str_eq(reading_line(&r, "示例市某某局", 2026, "budget/department", b, sizeof b),
			 "read: 示例市某某局 2026 budget/department: 2 of 12 table kinds read; stated empty: "
			 "gov_fund; missing: income fiscal_summary gpb_expenditure gpb_basic sangong "
			 "soe_capital procurement purchase_service performance; identities 38 of 40 hold; "
			 "suspect: expenditure");
	cr_assert_str_eq(reading_kinds(r.found, ";", b, sizeof b), "summary;expenditure");
	cr_assert_str_eq(reading_name_from(&r), "label");
	cr_assert(reading_bad(&r));
}
