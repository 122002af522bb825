/* Broken and hostile input (issue 8): each bad file beside a good one. Every case must give a
 * clear message with file (and line where there is one), the good document must still be in the
 * results, and the exit status must say what happened (4: some inputs unreadable; 1: findings). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(badinput, .fini = teardown);

static const char good[] =
	"999001示例市测试中心\n2025年单位预算公开说明\n\n单位支出总体情况表\n\n单位：万元\n\n"
	"科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
	"合计\t\t\t100.00\t80.00\t20.00\n2010301\t\t行政运行\t100.00\t80.00\t20.00\n";

struct outcome {
	int status;
	char *err;
	char *metrics;
	char *audit;
};

/* Runs `yusuan run in -o out` with the good document and one bad file (raw bytes). */
static struct outcome run_with(const char *name, const void *bad, size_t n)
{
	const char *dir = ys_scratch();
	char p[700];
	snprintf(p, sizeof p, "rm -rf '%s/in' '%s/out' && mkdir -p '%s/in'", dir, dir, dir);
	cr_assert_eq(system(p), 0);
	snprintf(p, sizeof p, "%s/in/good.md", dir);
	cr_assert_eq(ys_spit(p, good, strlen(good)), 0);
	snprintf(p, sizeof p, "%s/in/%s", dir, name);
	cr_assert_eq(ys_spit(p, bad, n), 0);
	struct proc pr;
	cr_assert_eq(ys_exec(&pr, dir, NULL, (const char *const[]){ "run", "in", "-o", "out", "--charts", "none", NULL }), 0);
	struct outcome o = { pr.status, strdup(pr.err), NULL, NULL };
	ys_proc_free(&pr);
	snprintf(p, sizeof p, "%s/out/metrics.csv", dir);
	o.metrics = ys_slurp(p, NULL);
	snprintf(p, sizeof p, "%s/out/audit.csv", dir);
	o.audit = ys_slurp(p, NULL);
	cr_assert_not_null(o.metrics, "no results: %s", o.err);
	cr_assert(strstr(o.metrics, "\n999001,示例市测试中心,2025,budget/unit,"), "the good document is missing");
	return o;
}

static void done(struct outcome *o)
{
	free(o->err);
	free(o->metrics);
	free(o->audit);
}

#define EXPECT(o, status_, msg)                                                                    \
	do {                                                                                       \
		cr_assert_eq((o).status, status_, "status %d: %s", (o).status, (o).err);          \
		cr_assert(strstr((o).err, msg), "wanted `%s` in:\n%s", msg, (o).err);             \
	} while (0)

Test(badinput, empty_file)
{
	struct outcome o = run_with("empty.txt", "", 0);
	EXPECT(o, 4, "yusuan: in/empty.txt: empty file\n");
	done(&o);
}

Test(badinput, binary)
{
	static const unsigned char zip[] = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0xff, 0xfe, 0, 1, 2 };
	struct outcome o = run_with("scan.txt", zip, sizeof zip);
	EXPECT(o, 4, "yusuan: in/scan.txt:1: binary data");
	done(&o);
}

Test(badinput, nul_bytes_inside_text)
{
	static const char t[] = "999002示例市中心\n2025年单位预算\0公开说明\n";
	struct outcome o = run_with("nul.txt", t, sizeof t - 1);
	EXPECT(o, 4, "yusuan: in/nul.txt:2: binary data (control byte 0x00 at offset ");
	done(&o);
}

Test(badinput, invalid_utf8)
{
	static const char t[] = "999002示例市中心\n2025年单位预算公开说明\n合计\t\xff\xfe\x80\x80\n";
	struct outcome o = run_with("bad.txt", t, sizeof t - 1);
	EXPECT(o, 4, "yusuan: in/bad.txt:3: unknown text encoding");
	done(&o);
}

Test(badinput, gb18030_file_behind_a_utf8_bom)
{
	/* a BOM promises UTF-8; the bytes after it are GB18030 (示例 = CA BE C0 FD: CA BE happens to be
	 * valid UTF-8, C0 at offset 11 is not) */
	static const char t[] = "\xef\xbb\xbf" "999002\xca\xbe\xc0\xfd\n";
	struct outcome o = run_with("mislabelled.txt", t, sizeof t - 1);
	EXPECT(o, 4, "yusuan: in/mislabelled.txt:1: file starts with a UTF-8 BOM but byte 11 is not UTF-8 (mislabelled encoding?)");
	done(&o);
}

Test(badinput, truncated_at_every_table, .timeout = 120)
{
	/* the good document cut just after each table's title, and inside its header */
	const char *cuts[] = { "单位支出总体情况表", "科目编码\t部门", "合计\t\t\t100" };
	for (size_t i = 0; i < 3; i++) {
		size_t n = (size_t)(strstr(good, cuts[i]) - good) + strlen(cuts[i]);
		char doc[2000];
		memcpy(doc, good, n);
		doc[n] = '\0';
		/* another unit, so both documents are chosen */
		memcpy(strstr(doc, "999001"), "999009", 6);
		struct outcome o = run_with("cut.md", doc, n);
		cr_assert(o.status == 0 || o.status == 1, "cut %zu: status %d: %s", i, o.status, o.err);
		cr_assert(strstr(o.metrics, "\n999009,"), "cut %zu: the truncated document is still summarised", i);
		done(&o);
	}
}

Test(badinput, a_100_megabyte_single_line, .timeout = 120)
{
	size_t n = (size_t)100 << 20;
	char *big = malloc(n);
	cr_assert_not_null(big);
	memset(big, 'a', n);
	struct outcome o = run_with("huge.txt", big, n);
	free(big);
	EXPECT(o, 4, "yusuan: in/huge.txt: file is larger than the input limit of 67108864 bytes for a document; skipped");
	done(&o);
}

Test(badinput, numbers_with_30_digits_and_int64_overflow)
{
	char doc[2000];
	snprintf(doc, sizeof doc,
		 "999010示例市大数中心\n2025年单位预算公开说明\n\n单位支出总体情况表\n\n单位：万元\n\n"
		 "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
		 "合计\t\t\t100000000000000000000000000000.00\t80.00\t20.00\n"
		 "2010301\t\t行政运行\t92233720368547.76\t80.00\t20.00\n");
	struct outcome o = run_with("big.md", doc, strlen(doc));
	EXPECT(o, 1, "yusuan: in/big.md:9: error: expenditure: cell '100000000000000000000000000000.00' in column 合计 is out of range for an amount (too large, or finer than 分); left out");
	EXPECT(o, 1, "yusuan: in/big.md:10: error: expenditure: cell '92233720368547.76' in column 合计 is out of range");
	done(&o);
}

Test(badinput, negative_and_full_width_numbers_are_read)
{
	const char doc[] = "999011示例市全角中心\n2025年单位预算公开说明\n\n单位支出总体情况表\n\n单位：万元\n\n"
			   "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
			   "合计\t\t\t１００.００\t８０.００\t２０.００\n"
			   "2010301\t\t行政运行\t100.00\t80.00\t20.00\n"
			   "2010350\t\t事业运行\t－5.00\t0.00\t－5.00\n";
	struct outcome o = run_with("fw.md", doc, sizeof doc - 1);
	cr_assert(strstr(o.metrics, "\n999011,示例市全角中心,2025,budget/unit,999,,100.00,"), "%s", o.metrics);
	done(&o);
	/* the facts themselves: −5.00 read as negative */
	const char *dir = ys_scratch();
	char p[700];
	snprintf(p, sizeof p, "%s/out/facts.csv", dir);
	char *facts = ys_slurp(p, NULL);
	cr_assert(strstr(facts, ",expenditure,2010350,事业运行,total,-5.00,万元,in/fw.md:11\n"), "%s", facts);
	free(facts);
}

Test(badinput, duplicate_unit_years_keep_the_fuller_document)
{
	/* the same unit and year again, with one row fewer: reported, the fuller one chosen */
	char doc[2000];
	snprintf(doc, sizeof doc, "%.*s", (int)(strstr(good, "2010301") - good), good);
	struct outcome o = run_with("again.md", doc, strlen(doc));
	cr_assert(strstr(o.audit, ",duplicate_document,"), "%s", o.audit);
	cr_assert(strstr(o.audit, "in/again.md"), "the duplicate left out is named");
	done(&o);
}

Test(badinput, contradictory_facts_in_a_facts_csv)
{
	const char csv[] = "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n"
			   "999012,示例市矛盾中心,2025,budget/unit,expenditure,,合计,total,100.00,万元,x.md:15\n"
			   "999012,示例市矛盾中心,2025,budget/unit,expenditure,,合计,total,120.00,万元,x.md:15\n";
	struct outcome o = run_with("contra.csv", csv, sizeof csv - 1);
	EXPECT(o, 1, "yusuan: in/contra.csv:3: error: the fact of line 2 again with another amount (120.00, there 100.00); row left out");
	cr_assert(strstr(o.metrics, "\n999012,示例市矛盾中心,2025,budget/unit,999,,100.00,"));
	done(&o);
}

Test(badinput, table_header_without_rows)
{
	const char doc[] = "999013示例市空表中心\n2025年单位预算公开说明\n\n单位支出总体情况表\n\n单位：万元\n\n"
			   "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n";
	struct outcome o = run_with("norows.md", doc, sizeof doc - 1);
	cr_assert(strstr(o.audit, "999013,示例市空表中心,2025,budget/unit,empty_table,"), "%s", o.audit);
	done(&o);
}

Test(badinput, unit_names_with_path_separators_stay_inside, .timeout = 60)
{
	/* no code: the unit is known by its name, and its files by a hash of it */
	const char doc[] = "示例市/../../../tmp/逃逸中心2025年单位预算\n\n单位支出总体情况表\n\n单位：万元\n\n"
			   "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
			   "合计\t\t\t100.00\t80.00\t20.00\n";
	struct outcome o = run_with("slash.md", doc, sizeof doc - 1);
	cr_assert(strstr(o.metrics, "/../../../tmp/逃逸中心"), "the name is kept as text: %s", o.metrics);
	done(&o);
	const char *dir = ys_scratch();
	char cmd[900];
	/* every briefing page is a plain file name in briefing/ */
	snprintf(cmd, sizeof cmd,
		 "cd '%s/out/briefing' && test -z \"$(ls | grep -v -E '^((index|u[0-9A-Za-z]+|n[0-9a-f]{16})\\.(html|md)|summary\\.md)$')\"",
		 dir);
	cr_assert_eq(system(cmd), 0, "a file name outside the pattern in briefing/");
	struct stat st;
	cr_assert_neq(stat("/tmp/逃逸中心.html", &st), 0);
}

Test(badinput, formula_cells_are_neutralised)
{
	const char doc[] = "999014=HYPERLINK(\"http://x\")中心\n2025年单位预算公开说明\n\n单位支出总体情况表\n\n单位：万元\n\n"
			   "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
			   "合计\t\t\t100.00\t80.00\t20.00\n"
			   "2010301\t\t@SUM(A1)\t100.00\t80.00\t20.00\n";
	struct outcome o = run_with("formula.md", doc, sizeof doc - 1);
	done(&o);
	const char *dir = ys_scratch();
	char p[700];
	snprintf(p, sizeof p, "%s/out/facts.csv", dir);
	char *facts = ys_slurp(p, NULL);
	cr_assert(strstr(facts, ",'@SUM(A1),"), "a cell starting with @ gets an apostrophe");
	cr_assert_null(strstr(facts, ",@SUM"));
	free(facts);
}
