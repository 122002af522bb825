/* Whose document, which year, which kind: each way the genre says it (cover layouts, label
 * lines, running headers, file names), in a few lines written for this test — never copied from
 * the real documents. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/doc.h"
#include "read/ident.h"
#include "support.h"

static struct doc d;

static void read_as(const char *name, enum doc_format fmt, const char *text)
{
	doc_free(&d);
	const char *p = ys_fixture(name, text);
	struct ys_error e;
	cr_assert_eq(doc_read(p, fmt, &d, &e), YS_OK, "%s", e.msg);
}

static void fini(void)
{
	doc_free(&d);
	ys_cleanup();
}

TestSuite(identity, .fini = fini);

/* One amount table, so that the document has a table (layout text: columns by position). */
#define LAYOUT_TABLE                                                                          \
	"                    收入总体情况表\n"                                                \
	"                                                        单位：万元\n"                \
	"   项目                       合计          一般公共预算\n"                            \
	"   合计                      100.00          100.00\n"

#define MD_TABLE                                                                              \
	"单位收入总体情况表\n单位：万元\n"                                                    \
	"科目编码\t科目名称\t合计\t一般公共预算\n"                                             \
	"合计\t\t100.00\t100.00\n"

static void expect(const char *name, int year, const char *kind)
{
	cr_assert_str_eq(d.unit_name, name);
	cr_assert_eq(d.year, year);
	cr_assert_str_eq(d.doc_kind, kind);
	/* every fact carries the identity */
	for (size_t i = 0; i < d.facts.n; i++) {
		cr_assert_str_eq(d.facts.v[i].unit_name, name);
		cr_assert_eq(d.facts.v[i].year, year);
		cr_assert_str_eq(d.facts.v[i].doc_kind, kind);
	}
}

/* ---- covers ---- */

/* The name alone on the first line, the year and kind under it. */
Test(identity, cover_name_then_year_and_kind)
{
	read_as("a.txt", FMT_LAYOUT, "      示例市某某局\n    2024 年度部门决算\n    二〇二五年七月\n\n" LAYOUT_TABLE);
	expect("示例市某某局", 2024, "final/department");
	cr_assert_str_eq(d.name_from, IDENT_COVER);
	cr_assert_eq(ys_findings(&d, NULL, -1), 0);
}

/* The year on a line of its own, the name, then the kind: `2026 年度` / `X` / `部门预算`. */
Test(identity, cover_year_name_kind_on_three_lines)
{
	read_as("a.txt", FMT_LAYOUT, "  2026 年度\n示例市某某局\n  部门预算\n              目录\n" LAYOUT_TABLE);
	expect("示例市某某局", 2026, "budget/department");
}

/* A unit budget whose name carries `(本级)`. */
Test(identity, cover_unit_budget_with_qualifier)
{
	read_as("a.txt", FMT_LAYOUT, "  2026 年度\n示例市民政局(本级)\n  单位预算\n" LAYOUT_TABLE);
	expect("示例市民政局(本级)", 2026, "budget/unit");
}

/* The title wrapped inside a word: `…委员会部` / `门预算`. */
Test(identity, cover_wrapped_inside_a_word)
{
	read_as("a.txt", FMT_LAYOUT, "        2026年\n示例市某某管理委员会部\n        门预算\n            目 录\n" LAYOUT_TABLE);
	expect("示例市某某管理委员会", 2026, "budget/department");
}

/* The name wrapped over two lines after the year: `2026年示例市人力资源和社会保` / `障局部门预算`. */
Test(identity, cover_name_wrapped_after_the_year)
{
	read_as("a.txt", FMT_LAYOUT, "2026年示例市人力资源和社会保\n      障局部门预算\n                  目   录\n" LAYOUT_TABLE);
	expect("示例市人力资源和社会保障局", 2026, "budget/department");
}

/* Name after the year on one line, then the same title again (`X 2026 年度部门预算公开`). */
Test(identity, cover_one_line_name_after_year)
{
	read_as("a.txt", FMT_LAYOUT, "2026 年度示例市某某局部门预算公开\n示例市某某局 2026 年度部门预算公开\n" LAYOUT_TABLE);
	expect("示例市某某局", 2026, "budget/department");
}

/* `部门综合预算` (Shaanxi) is a department's budget. */
Test(identity, cover_comprehensive_budget)
{
	read_as("a.txt", FMT_LAYOUT, "                 示例市某某局\n              2022 年部门综合预算\n                   目 录\n" LAYOUT_TABLE);
	expect("示例市某某局", 2022, "budget/department");
}

/* Page furniture before the title (a lone `.`), review lines and a date after it. */
Test(identity, cover_with_furniture_and_review_lines)
{
	read_as("a.txt", FMT_LAYOUT, ".\n    示例市某某局（本级）\n    2026年度部门预算公开\n       初审：某 某\n       2026年2月14日\n" LAYOUT_TABLE);
	expect("示例市某某局(本级)", 2026, "budget/department");
}

/* `第二部分 2026年部门预算表` names no unit: never `第二部分`. */
Test(identity, a_part_heading_is_not_a_name)
{
	read_as("a.txt", FMT_LAYOUT, "目 录\n第一部分 部门概况\n第二部分 2026年部门预算表\n\n示例市某某局  2026年部门预算\n" LAYOUT_TABLE);
	expect("示例市某某局", 2026, "budget/department");
	cr_assert_str_eq(d.name_from, IDENT_HEADER);
}

/* ---- label lines ---- */

/* The title names the region only; the label names the unit. */
Test(identity, region_title_and_unit_label)
{
	read_as("a.txt", FMT_LAYOUT, "示例市2026年市级单位预算\n 预算单位：示例市某某事务中心\n                       目   录\n" LAYOUT_TABLE);
	expect("示例市某某事务中心", 2026, "budget/unit");
	cr_assert_str_eq(d.name_from, IDENT_LABEL);
}

/* The label with the amount unit on the same line, and the summary's `（汇总）` kept. */
Test(identity, label_with_amount_unit_and_summary_qualifier)
{
	read_as("a.txt", FMT_LAYOUT,
		"2022年度部门决算\n\n                    收入决算表\n"
		"编制部门：示例市某某委员会（汇总）                  金额单位：万元\n"
		"   项目                       合计          一般公共预算\n"
		"   合计                      100.00          100.00\n");
	expect("示例市某某委员会(汇总)", 2022, "final/department");
}

/* The cover says `(本级)`, the tables' labels do not: the qualified name is the unit's. */
Test(identity, cover_qualifier_over_the_label)
{
	read_as("a.txt", FMT_LAYOUT,
		"    示例市某某局（本级）\n    2026年度部门预算公开\n\n                    收入总体情况表\n"
		"预算单位：示例市某某局                                   单位：万元\n"
		"   项目                       合计          一般公共预算\n"
		"   合计                      100.00          100.00\n");
	expect("示例市某某局(本级)", 2026, "budget/department");
}

/* Each label the genre uses; `部门：X` as Jiangsu prints it over every table. */
Test(identity, every_label)
{
	static const char *const labels[] = { "部门：", "单位名称：", "预算单位：", "编制部门：",
					      "编制单位：", "部门名称：", "预算主管部门：" };
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		char text[800];
		snprintf(text, sizeof text,
			 "2026年部门预算\n\n                    收入总体情况表\n"
			 "%s示例市某某局                                   单位：万元\n"
			 "   项目                       合计          一般公共预算\n"
			 "   合计                      100.00          100.00\n",
			 labels[i]);
		read_as("a.txt", FMT_LAYOUT, text);
		cr_assert_str_eq(d.unit_name, "示例市某某局", "%s", labels[i]);
		cr_assert_str_eq(d.doc_kind, "budget/department", "%s", labels[i]);
	}
}

/* A label with a unit code before the name (the seed format). */
Test(identity, label_with_unit_code)
{
	read_as("a.md", FMT_MD, "2025年单位预算公开说明\n\n单位名称：999001示例市测试中心\n\n" MD_TABLE);
	expect("示例市测试中心", 2025, "budget/unit");
	cr_assert_str_eq(d.unit_code, "999001");
}

/* ---- tables only ---- */

/* Beijing's tables-only file: no cover; `部门名称 | X` as two cells of the last table, the year as
 * `（2026年度）` under its title, 预算 from the tables' titles, 部门 from the label. */
Test(identity, tables_only_with_name_cell_and_year_line)
{
	read_as("a.txt", FMT_LAYOUT,
		"                    预算02表 收入总表\n"
		"                                                        金额单位：万元\n"
		"   项目                       合计          一般公共预算\n"
		"   合计                      100.00          100.00\n"
		"\f                  预算13表 部门整体支出绩效目标表\n"
		"                           （2026年度）\n\n"
		"  部门名称             示例市某某局\n");
	expect("示例市某某局", 2026, "budget/department");
	cr_assert_eq(ys_findings(&d, "no_unit_name", -1), 0);
}

/* A tables-only attachment named by its publisher: the file name says whose it is. */
Test(identity, tables_only_named_by_the_file)
{
	read_as("附件2：示例市某某局2026年度部门预算报表.txt", FMT_LAYOUT,
		"                    预算02表 收入总表\n"
		"                                                        金额单位：万元\n"
		"   项目                       合计          一般公共预算\n"
		"   合计                      100.00          100.00\n");
	expect("示例市某某局", 2026, "budget/department");
	cr_assert_str_eq(d.name_from, IDENT_FILE);
}

/* Nothing names it: named after its file (two such files stay two units), with a warning. */
Test(identity, nameless_is_named_after_its_file)
{
	static const char tables[] = "                    预算02表 收入总表\n"
				     "                                                        金额单位：万元\n"
				     "   项目                       合计          一般公共预算\n"
				     "   合计                      100.00          100.00\n";
	read_as("one.txt", FMT_LAYOUT, tables);
	cr_assert_str_eq(d.unit_name, "未具名单位(one.txt)");
	cr_assert_str_eq(d.doc_kind, "budget");
	cr_assert_eq(ys_findings(&d, "no_unit_name", SEV_WARNING), 1);
	cr_assert_eq(ys_findings(&d, "no_year", SEV_WARNING), 1);
	read_as("two.txt", FMT_LAYOUT, tables);
	cr_assert_str_eq(d.unit_name, "未具名单位(two.txt)");
}

/* A running header is the only place that names the unit. */
Test(identity, running_header_only)
{
	read_as("a.txt", FMT_LAYOUT,
		"示例市某某局 2026 年度部门预算公开\n" LAYOUT_TABLE
		"\f示例市某某局 2026 年度部门预算公开\n"
		"                    支出总体情况表\n");
	expect("示例市某某局", 2026, "budget/department");
}

/* Final accounts told by their tables' titles when the cover says only 部门. */
Test(identity, final_accounts_from_table_titles)
{
	read_as("a.md", FMT_MD, "部门名称：示例市某某局\n\n收入决算表\n单位：万元\n"
				"科目编码\t科目名称\t合计\t一般公共预算\n合计\t\t100.00\t100.00\n");
	cr_assert_str_eq(d.unit_name, "示例市某某局");
	cr_assert_str_eq(d.doc_kind, "final/department");
	for (size_t i = 0; i < d.facts.n; i++)
		cr_assert_str_eq(d.facts.v[i].doc_kind, "final/department");
}

/* A document with no table recognised is a warning. */
Test(identity, no_table_is_a_warning)
{
	read_as("a.md", FMT_MD, "示例市某某局\n2026年部门预算情况说明\n\n2026年收入预算100.00万元。\n");
	expect("示例市某某局", 2026, "budget/department");
	cr_assert_eq(ys_findings(&d, "no_tables", SEV_WARNING), 1);
}

/* ---- the grammar ---- */

Test(identity, titles)
{
	int y, fin;
	char sc, name[300];
	cr_assert(ident_parse_title("上海市普陀区2025年区级部门预算", &y, &fin, &sc, name, sizeof name));
	cr_assert_str_eq(name, "");
	cr_assert_eq(y, 2025);
	cr_assert_eq(sc, 'D');
	cr_assert(ident_parse_title("103007示例市热线中心2025年单位预算公开说明", &y, &fin, &sc, name, sizeof name));
	cr_assert_str_eq(name, "103007示例市热线中心");
	cr_assert_eq(sc, 'U');
	cr_assert(ident_parse_title("关于示例市某某局2024年度部门决算的说明", &y, &fin, &sc, name, sizeof name));
	cr_assert_str_eq(name, "示例市某某局");
	cr_assert_eq(fin, 1);
	/* table titles are not document titles */
	cr_assert_not(ident_parse_title("2024年单位支出预算总表", &y, &fin, &sc, name, sizeof name));
	cr_assert_not(ident_parse_title("2026年一般公共预算支出表", &y, &fin, &sc, name, sizeof name));
	cr_assert_not(ident_parse_title("2025年度部门预算执行情况", &y, &fin, &sc, name, sizeof name));
}

Test(identity, plausible_names)
{
	cr_assert(ident_plausible_name("示例市人民代表大会常务委员会办公厅"));
	cr_assert(ident_plausible_name("示例市财政局预算评审中心"));
	cr_assert(ident_plausible_name("示例市政府投资交通市政项目工务中心"));
	cr_assert(ident_plausible_name("示例市某某委员会(汇总)"));
	cr_assert_not(ident_plausible_name("示例市"));
	cr_assert_not(ident_plausible_name("示例市示例区"));
	cr_assert_not(ident_plausible_name("第二部分"));
	cr_assert_not(ident_plausible_name("一、部门主要职责"));
	cr_assert_not(ident_plausible_name("收支总表"));
}
