/* The genre's table families in layout text (`pdftotext -layout`), each reproduced by a few lines
 * written for this test (never copied from the real documents): which table a title names, where
 * a table ends, header lines versus data rows, and the shapes one kind takes (issue 15). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "read/doc.h"
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
