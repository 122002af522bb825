/* Acknowledged findings (known.csv, issue 19 item 3): an acknowledged error stays in audit.csv,
 * marked, leaves the exit status 0 and changes.csv empty; the same finding with another value is
 * news again (changes.csv, exit 1, a warning that the acknowledgement matched nothing);
 * --fail-on counts policy flags at their severity, and acknowledged flags do not count; a bad
 * acknowledgement file stops the run with FILE:LINE (exit 2); -v prints the audit's findings. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <unzip.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(known, .fini = teardown);

#define RUN_IN(p, dir, ...) \
	cr_assert_eq(ys_exec(p, dir, NULL, (const char *const[]){ __VA_ARGS__, NULL }), 0)

/* One table whose rows do not add up: 合计 100.00 printed, 基本 80.00 + 项目 PROJECT. */
static void write_doc(const char *project)
{
	char doc[2000];
	snprintf(doc, sizeof doc,
		 "999001示例市测试中心\n"
		 "2025年单位预算公开说明\n"
		 "\n"
		 "单位支出总体情况表\n"
		 "\n"
		 "单位名称：999001示例市测试中心\n"
		 "\n"
		 "单位：万元\n"
		 "\n"
		 "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
		 "合计\t\t\t100.00\t80.00\t%s\n",
		 project);
	char path[600];
	snprintf(path, sizeof path, "%s/in", ys_scratch());
	mkdir(path, 0777);
	cr_assert_not_null(ys_fixture("in/doc.txt", doc));
}

static char *slurp_in(const char *rel)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s", ys_scratch(), rel);
	char *s = ys_slurp(p, NULL);
	cr_assert_not_null(s, "%s", p);
	return s;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *q = s; (q = strstr(q, needle)); q += strlen(needle))
		n++;
	return n;
}

/* One part of a zip package (a sheet's XML of summary.xlsx), NUL-terminated; NULL when missing. */
static char *zip_part(const char *zip, const char *name)
{
	unzFile z = unzOpen64(zip);
	if (!z)
		return NULL;
	char *s = NULL;
	unz_file_info64 info;
	if (unzLocateFile(z, name, 1) == UNZ_OK && unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) == UNZ_OK &&
	    unzOpenCurrentFile(z) == UNZ_OK) {
		s = malloc(info.uncompressed_size + 1);
		int n = s ? unzReadCurrentFile(z, s, (unsigned)info.uncompressed_size) : -1;
		if (n != (int)info.uncompressed_size) {
			free(s);
			s = NULL;
		} else {
			s[n] = '\0';
		}
		unzCloseCurrentFile(z);
	}
	unzClose(z);
	return s;
}

/* The text between the first `from` and the next `to` of s (copied), or NULL. */
static char *between(const char *s, const char *from, const char *to)
{
	const char *a = strstr(s, from), *b = a ? strstr(a, to) : NULL;
	return b ? strndup(a, (size_t)(b - a)) : NULL;
}

static const char changes_header[] = "change,what,unit_code,unit_name,year,doc_kind,item,old,new,detail\n";

Test(known, acknowledged_error_is_quiet_and_a_new_value_is_news, .timeout = 60)
{
	const char *dir = ys_scratch();
	write_doc("30.00");
	struct proc p;
	/* night 1: the error fails the run */
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "-q");
	cr_assert_eq(p.status, 1, "%s", p.err);
	ys_proc_free(&p);
	char *audit = slurp_in("out/audit.csv");
	cr_assert(strstr(audit, "999001,示例市测试中心,2025,budget/unit,row_sum,error,100.00,110.00,10.00,"
				"in/doc.txt:11,"),
		  "%s", audit);
	/* no acknowledgements given: audit.csv keeps its columns */
	cr_assert(!strncmp(audit, "unit_code,unit_name,year,doc_kind,check,severity,expected,actual,diff,"
				  "source,message\n", 82), "%s", audit);
	free(audit);

	/* night 2: acknowledged (kind without /unit, the value as printed) → status 0, no news */
	cr_assert_not_null(ys_fixture("known.csv",
				      "unit,year,kind,check,value,reason,who,date\n"
				      "# the printed PDF has it so; the bureau will not reissue it\n"
				      "999001,2025,budget,row_sum,110.00,原件印刷错误,张三,2026-12-01\n"));
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "--known", "known.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert(strstr(p.err, "findings: 1 errors, "), "%s", p.err);
	cr_assert(strstr(p.err, "; 1 acknowledged; 0 changes since the previous run"), "%s", p.err);
	ys_proc_free(&p);
	char *ch = slurp_in("out/changes.csv");
	cr_assert_str_eq(ch, changes_header);
	free(ch);
	audit = slurp_in("out/audit.csv");
	cr_assert(!strncmp(audit, "unit_code,unit_name,year,doc_kind,check,severity,expected,actual,diff,"
				  "source,message,acknowledged\n", 95), "%s", audit);
	/* still there, marked with the reason, who and when */
	cr_assert(strstr(audit, ",row_sum,error,100.00,110.00,10.00,in/doc.txt:11,"), "%s", audit);
	cr_assert(strstr(audit, "超出四舍五入误差,原件印刷错误（张三 2026-12-01）\n"), "%s", audit);
	cr_assert_eq(count(audit, "原件印刷错误"), 1);
	free(audit);
	/* and on the unit's briefing page */
	char cmd[900];
	snprintf(cmd, sizeof cmd, "grep -rqF '超出四舍五入误差（已确认：原件印刷错误（张三 2026-12-01））' '%s/out/briefing'", dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	/* the same again: still quiet */
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "-q", "--known", "known.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert_eq(p.nerr, 0, "%s", p.err);
	ys_proc_free(&p);
	ch = slurp_in("out/changes.csv");
	cr_assert_str_eq(ch, changes_header);
	free(ch);

	/* night 3: the figure changed (项目 35.00: the sum is 115.00) → news again, status 1 */
	write_doc("35.00");
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "--known", "known.csv");
	cr_assert_eq(p.status, 1, "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: known.csv:3: warning: this acknowledgement matches no finding or flag"),
		  "%s", p.err);
	ys_proc_free(&p);
	ch = slurp_in("out/changes.csv");
	cr_assert(strstr(ch, "\nadded,finding,999001,示例市测试中心,2025,budget/unit,row_sum,,115.00,error: "), "%s", ch);
	cr_assert(strstr(ch, "\nremoved,finding,999001,示例市测试中心,2025,budget/unit,row_sum,110.00,,error: "), "%s", ch);
	cr_assert(strstr(ch, "\nchanged,metric,999001,示例市测试中心,2025,budget/unit,project,30.00,35.00,\n"), "%s", ch);
	free(ch);
	audit = slurp_in("out/audit.csv");
	cr_assert(strstr(audit, ",row_sum,error,100.00,115.00,15.00,in/doc.txt:11,"), "%s", audit);
	cr_assert(!strstr(audit, "原件印刷错误"), "%s", audit);
	free(audit);
}

/* Acknowledged findings are marked wherever findings are shown (issue 19): the workbook's 审核发现
 * sheet gets the column 已确认（原因） with the reason, its 说明 sheet names the column, and the
 * index's 审查要点 (and summary.md) count them and mark the finding it quotes; a run without
 * acknowledgements shows none of it. */
Test(known, marked_in_the_workbook_and_the_review, .timeout = 60)
{
	const char *dir = ys_scratch();
	write_doc("30.00");
	struct proc p;
	char xlsx[700];
	snprintf(xlsx, sizeof xlsx, "%s/out/summary.xlsx", dir);
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "-q");
	cr_assert_eq(p.status, 1, "%s", p.err);
	ys_proc_free(&p);
	char *notes = zip_part(xlsx, "xl/worksheets/sheet1.xml"), *audit = zip_part(xlsx, "xl/worksheets/sheet9.xml");
	cr_assert(notes && audit);
	cr_assert(strstr(audit, "<t>表内行合计不符</t>") && !strstr(audit, "已确认"), "%s", audit);
	cr_assert(!strstr(notes, "acknowledged"));
	free(notes);
	free(audit);
	char *idx = slurp_in("out/briefing/index.html");
	cr_assert(!strstr(idx, "已确认"));
	free(idx);

	cr_assert_not_null(ys_fixture("known.csv", "unit,year,kind,check,value,reason,who,date\n"
						   "999001,2025,budget,row_sum,110.00,原件印刷错误,张三,2026-12-01\n"));
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "-q", "--known", "known.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	/* the workbook: the audit sheet's last column, headed in Chinese, and the 说明 sheet */
	notes = zip_part(xlsx, "xl/worksheets/sheet1.xml");
	audit = zip_part(xlsx, "xl/worksheets/sheet9.xml");
	cr_assert(notes && audit);
	cr_assert(strstr(audit, "<t>说明</t></is></c><c r=\"L1\" s=\"1\" t=\"inlineStr\"><is><t>已确认（原因）</t>"), "%s", audit);
	const char *row = strstr(audit, "<t>表内行合计不符</t>");
	cr_assert(row, "%s", audit);
	const char *end = strstr(row, "</row>"), *mark = strstr(row, "<t>原件印刷错误（张三 2026-12-01）</t>");
	cr_assert(mark && end && mark < end, "the reason in the row_sum row: %s", audit);
	cr_assert_eq(count(audit, "原件印刷错误"), 1);
	cr_assert(strstr(notes, "<t>已确认（原因）</t></is></c><c r=\"C"), "%s", notes);
	cr_assert(strstr(notes, "<t>acknowledged（audit）</t>") && strstr(notes, "<t>acknowledged（flags）</t>"), "%s", notes);
	free(notes);
	free(audit);
	/* 审查要点: the count and the quoted finding, on the index and in summary.md */
	const char *pages[] = { "out/briefing/index.html", "out/briefing/summary.md" };
	for (size_t i = 0; i < 2; i++) {
		char *page = slurp_in(pages[i]);
		char *one = between(page, "一、先看审核错误和警告", "二、");
		cr_assert(one, "%s", page);
		cr_assert(strstr(one, "，其中已确认1项："), "%s", one);
		cr_assert(strstr(one, "（其中已确认1项）。首项错误："), "%s", one);
		cr_assert(strstr(one, "超出四舍五入误差（已确认：原件印刷错误（张三 2026-12-01））。"), "%s", one);
		cr_assert_eq(count(page, "已确认："), 1, "%s", page);
		free(one);
		free(page);
	}
	/* and the unit page's key points count it */
	char cmd[900];
	snprintf(cmd, sizeof cmd, "grep -rqF '，其中已确认1项。' '%s/out/briefing/u999001.html'", dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* --fail-on warning counts the policy flags (the demo region: no audit warning, 三公 and 机关运行经费
 * rose); acknowledged for every unit (`*`) by rule, they no longer count. */
Test(known, fail_on_counts_flags_unless_acknowledged, .timeout = 120)
{
	const char *dir = ys_scratch();
	char demo[4200];
	snprintf(demo, sizeof demo, "%s/datasets/demo", YS_SOURCE_DIR);
	struct proc p;
	RUN_IN(&p, dir, "run", demo, "-o", "out", "--charts", "none", "--fail-on", "warning");
	cr_assert_eq(p.status, 1, "%s", p.err);
	cr_assert(strstr(p.err, "findings: 0 errors, 0 warnings, 261 info; flags: 0 errors, 195 warnings, 82 info"),
		  "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", demo, "-o", "out", "--charts", "none", "--fail-on", "error", "-q");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char *plain = slurp_in("out/briefing/index.html");
	cr_assert(strstr(plain, "增长260.00%。</a></li>") && !strstr(plain, "已确认"), "%s", plain);
	free(plain);
	cr_assert_not_null(ys_fixture("known.csv",
				      "unit,year,kind,check,value,reason,who,date\n"
				      "*,,,sangong_increase,,示例数据,测试,\n"
				      "*,,,sangong_item_increase,,示例数据,测试,\n"
				      "*,,,admin_running_increase,,示例数据,测试,\n"));
	RUN_IN(&p, dir, "run", demo, "-o", "out", "--charts", "none", "--fail-on", "warning",
	       "--known", "known.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert(strstr(p.err, "; 195 acknowledged"), "%s", p.err);
	ys_proc_free(&p);
	char *flags = slurp_in("out/flags.csv");
	cr_assert_eq(count(flags, ",示例数据（测试）\n"), 195);
	free(flags);
	/* marked in the workbook's 政策提示 sheet and in 审查要点's rises of 三公 and 机关运行经费 (the
	 * first 10 of 14 units: 14 flags; each flag marked where it is quoted) */
	char xlsx[700];
	snprintf(xlsx, sizeof xlsx, "%s/out/summary.xlsx", dir);
	char *sheet = zip_part(xlsx, "xl/worksheets/sheet8.xml");
	cr_assert_not_null(sheet);
	cr_assert(strstr(sheet, "<t>已确认（原因）</t>"));
	cr_assert_eq(count(sheet, "<t>示例数据（测试）</t>"), 195);
	free(sheet);
	char *idx = slurp_in("out/briefing/index.html");
	char *two = between(idx, "二、“三公”经费和机关运行经费增加的单位", "三、");
	cr_assert_not_null(two, "%s", idx);
	cr_assert_eq(count(two, "<li><a "), 10, "%s", two);
	cr_assert_eq(count(two, "（已确认：示例数据（测试））"), 14, "%s", two);
	cr_assert(strstr(two, "增长260.00%（已确认：示例数据（测试））。</a></li>"), "%s", two);
	cr_assert(strstr(two, "另有4个单位有增加"), "%s", two);
	free(two);
	free(idx);
	/* the audit command counts them the same way */
	RUN_IN(&p, dir, "audit", demo, "-o", "a.csv", "--fail-on", "warning");
	cr_assert_eq(p.status, 1, "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "audit", demo, "-o", "a.csv", "--fail-on", "warning", "--known", "known.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
}

Test(known, bad_file_stops_with_its_line, .timeout = 30)
{
	const char *dir = ys_scratch();
	write_doc("30.00");
	struct proc p;
	cr_assert_not_null(ys_fixture("k1.csv", "unit,year,kind,check,value,reason,who,date\n"
						"999001,2025,budget,row_sum,110.00,,张三,2026-12-01\n"));
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--known", "k1.csv");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: k1.csv:2: no reason: say why the finding is accepted\n");
	ys_proc_free(&p);
	cr_assert_not_null(ys_fixture("k2.csv", "unit,year,kind,check,value,reason,who,date\n"
						"999001,2025,budget,row_sum,110.00,x,张三,2026-12-01\n"
						"999001,二〇二五,budget,row_sum,,x,张三,\n"));
	RUN_IN(&p, dir, "audit", "in", "--known", "k2.csv");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: k2.csv:3: year '二〇二五' is not a year (empty: any year)\n");
	ys_proc_free(&p);
	cr_assert_not_null(ys_fixture("k3.csv", "unit,check,reason\n"));
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--known", "k3.csv");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: k3.csv:1: the header must be unit,year,kind,check,value,reason,who,date\n");
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--known", "missing.csv");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "yusuan: missing.csv: cannot read the acknowledgements: No such file"), "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "show", "999001", "--known", "k2.csv");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "--known goes with run and audit only"), "%s", p.err);
	ys_proc_free(&p);
	/* nothing was written by the refused runs */
	char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	cr_assert_null(ys_slurp(out, NULL));
}

/* -v prints the audit's findings (not only the reader's), each once, acknowledged ones marked,
 * and the policy flags */
Test(known, verbose_prints_audit_findings, .timeout = 30)
{
	const char *dir = ys_scratch();
	write_doc("30.00");
	cr_assert_not_null(ys_fixture("known.csv", "unit,year,kind,check,value,reason,who,date\n"
						   "示例市测试中心,,,row_sum,,原件如此,,\n"));
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "-v", "--known", "known.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	const char *line = strstr(p.err, "yusuan: in/doc.txt:11: error: row_sum: 支出总体情况表 “合计”");
	cr_assert_not_null(line, "%s", p.err);
	char first[2000];
	snprintf(first, sizeof first, "%.*s", (int)(strchr(line, '\n') - line), line);
	cr_assert(strstr(first, "各项之和为110.00万元，所列为100.00万元，相差10.00万元"), "%s", first);
	const char *tail = " (acknowledged: 原件如此)";
	cr_assert_str_eq(first + strlen(first) - strlen(tail), tail);
	cr_assert(strstr(p.err, "yusuan: in/doc.txt: warning: missing_table: 未公开收支总体情况表，也未说明为空表\n"), "%s",
		  p.err);
	cr_assert_eq(count(p.err, "未公开收支总体情况表"), 1, "%s", p.err);
	ys_proc_free(&p);
	/* without -v: the audit's findings are in audit.csv, not on stderr */
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "none", "--known", "known.csv");
	cr_assert(!strstr(p.err, "row_sum"), "%s", p.err);
	ys_proc_free(&p);
}

/* scripts/nightly.sh prints (cron mails) only news: the first night's findings, rows of
 * changes.csv, a failure; not a finding that stays, nor an acknowledged one */
static char *night(const char *dir, const char *args, int *status)
{
	char cmd[3000];
	snprintf(cmd, sizeof cmd, "cd '%s' && YUSUAN='%s' '%s/scripts/nightly.sh' -o out %s 2>&1", dir,
		 YS_BINARY, YS_SOURCE_DIR, args);
	FILE *fp = popen(cmd, "r");
	cr_assert_not_null(fp);
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, fp);
	buf[n] = '\0';
	int st = pclose(fp);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	return buf;
}

Test(known, nightly_mails_only_news, .timeout = 60)
{
	const char *dir = ys_scratch();
	write_doc("30.00");
	int st;
	char *o = night(dir, "-- --charts none in", &st);
	cr_assert_eq(st, 1, "%s", o);
	cr_assert(strstr(o, "yusuan: 1 files (0 unreadable), 1 documents"), "%s", o); /* the first night */
	free(o);
	o = night(dir, "-- --charts none in", &st);
	cr_assert_eq(st, 1, "%s", o);
	cr_assert_str_eq(o, ""); /* the same error again: no news, no mail (the status still says 1) */
	free(o);
	cr_assert_not_null(ys_fixture("known.csv", "unit,year,kind,check,value,reason,who,date\n"
						   "999001,2025,,row_sum,110.00,原件如此,张三,2026-12-01\n"));
	o = night(dir, "-- --charts none --known known.csv in", &st);
	cr_assert_eq(st, 0, "%s", o);
	cr_assert_str_eq(o, "");
	free(o);
	write_doc("35.00");
	o = night(dir, "-- --charts none --known known.csv in", &st);
	cr_assert_eq(st, 1, "%s", o);
	cr_assert(strstr(o, " changes since the previous run (out/changes.csv):\n"), "%s", o);
	cr_assert(strstr(o, "added,finding,999001,示例市测试中心,2025,budget/unit,row_sum,,115.00,"), "%s", o);
	free(o);
}
