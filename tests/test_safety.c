/* Never destroy or corrupt what users have (issue 14): each case of the issue reproduced. The
 * output contract (what -o may replace), whole results or none, bounded time, text that stays
 * text, nothing skipped silently. Tests that need root (a tmpfs, a device node, a bind mount)
 * say so and are skipped otherwise. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/text.h"
#include "support.h"
#include "verify.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(safety, .fini = teardown);

#define RUN_IN(p, dir, ...) \
	cr_assert_eq(ys_exec(p, dir, NULL, (const char *const[]){ __VA_ARGS__, NULL }), 0)

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* What a shell command prints (caller frees). */
static char *capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *capture(const char *fmt, ...)
{
	char cmd[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	FILE *fp = popen(cmd, "r");
	cr_assert_not_null(fp, "%s", cmd);
	size_t cap = 1 << 16, n = 0, r;
	char *b = malloc(cap);
	while ((r = fread(b + n, 1, cap - n - 1, fp)) > 0) {
		n += r;
		if (cap - n < 2)
			b = realloc(b, cap *= 2);
	}
	b[n] = '\0';
	pclose(fp);
	return b;
}

/* Every path under dir with its type, size, permissions and content hash: equal strings mean
 * nothing was touched. */
static char *snapshot(const char *dir)
{
	return capture("cd '%s' && find . -printf '%%p %%y %%s %%m\\n' | LC_ALL=C sort && "
		       "find . -type f -print0 | LC_ALL=C sort -z | xargs -0r md5sum", dir);
}

static int is_root(void)
{
	return geteuid() == 0;
}

/* The demo region copied to dir/name. */
static void demo_into(const char *dir, const char *name)
{
	sh("mkdir -p \"$(dirname '%s/%s')\" && cp -r datasets/demo '%s/%s'", dir, name, dir, name);
}

static int exists(const char *dir, const char *rel)
{
	char p[1200];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return lstat(p, &st) == 0;
}

/* ---- 1. the output contract ---- */

Test(safety, run_into_its_own_input_folder_is_refused_and_touches_nothing, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "docs", "--charts", "none");
	cr_assert_eq(p.status, 2, "%s", p.err);
	cr_assert_str_eq(p.err, "yusuan: docs: the output folder is the input docs; results replace the "
				"whole folder, so it must stay apart from the inputs; nothing written\n");
	ys_proc_free(&p);
	/* the same folder named another way */
	RUN_IN(&p, dir, "run", "./docs/", "-o", "docs/../docs", "--charts", "none");
	cr_assert_eq(p.status, 2, "%s", p.err);
	cr_assert(strstr(p.err, "the output folder is the input ./docs/"), "%s", p.err);
	ys_proc_free(&p);
	sh("ln -s docs '%s/alias'", dir);
	RUN_IN(&p, dir, "run", "alias", "-o", "docs", "--charts", "none");
	cr_assert_eq(p.status, 2, "%s", p.err);
	ys_proc_free(&p);
	sh("rm '%s/alias'", dir);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after, "the inputs were touched");
	free(before);
	free(after);
}

Test(safety, run_into_a_folder_above_or_inside_the_inputs_is_refused, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "tree/docs");
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "tree/docs", "-o", "tree", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: tree: the output folder contains the input tree/docs; results "
				"replace the whole folder, so it must stay apart from the inputs; nothing written\n");
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "tree/docs", "-o", "tree/docs/results", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "lies inside the input tree/docs"), "%s", p.err);
	ys_proc_free(&p);
	/* an input file counts as much as a folder */
	RUN_IN(&p, dir, "run", "tree/docs/801001-2021-budget.txt", "-o", "tree", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "contains the input tree/docs/801001-2021-budget.txt"), "%s", p.err);
	ys_proc_free(&p);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after, "the inputs were touched");
	free(before);
	free(after);
}

Test(safety, a_file_or_a_folder_of_other_things_is_never_replaced, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("cd '%s' && echo 'my notes' > notes.txt && mkdir thesis && echo chapter > thesis/ch1.tex", dir);
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "notes.txt", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: notes.txt: is a file, not a folder of yusuan results; refusing "
				"to replace it; nothing written\n");
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "docs", "-o", "thesis/", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: thesis: is a folder that does not hold yusuan results (no "
				"manifest.json of a yusuan run); a run replaces the whole folder, so only an "
				"absent or empty folder or earlier results can be the output; nothing written\n");
	ys_proc_free(&p);
	/* a manifest.json of something else is not yusuan's */
	sh("echo '{\"tool\": \"other\"}' > '%s/thesis/manifest.json'", dir);
	free(before);
	before = snapshot(dir);
	RUN_IN(&p, dir, "run", "docs", "-o", "thesis", "--charts", "none");
	cr_assert_eq(p.status, 2);
	ys_proc_free(&p);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after, "something was touched");
	cr_assert(!exists(dir, "thesis.lock") && !exists(dir, "notes.txt.lock"), "not even a lock file");
	free(before);
	free(after);
	/* an empty folder and earlier results are replaced */
	sh("mkdir '%s/empty'", dir);
	RUN_IN(&p, dir, "run", "docs", "-o", "empty", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "docs", "-o", "empty", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "earlier results: %s", p.err);
	ys_proc_free(&p);
	cr_assert(exists(dir, "empty/manifest.json"));
}

Test(safety, a_bind_mount_of_the_input_is_the_input, .timeout = 60)
{
	if (!is_root())
		cr_skip_test("needs root (mount --bind); not root here");
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("mkdir '%s/view'", dir);
	char c[1200];
	snprintf(c, sizeof c, "mount --bind '%s/docs' '%s/view' 2>/dev/null", dir, dir);
	if (system(c) != 0)
		cr_skip_test("mount --bind is not allowed here");
	struct proc p;
	/* view/results is not under docs by name, but view is docs */
	ys_exec(&p, dir, NULL, (const char *const[]){ "run", "docs", "-o", "view/results", "--charts", "none", NULL });
	snprintf(c, sizeof c, "umount '%s/view'", dir);
	int um = system(c);
	cr_assert_eq(p.status, 2, "%s", p.err);
	cr_assert(strstr(p.err, "lies inside the input docs"), "%s", p.err);
	cr_assert_eq(um, 0);
	cr_assert(!exists(dir, "docs/results"));
	ys_proc_free(&p);
}

Test(safety, trailing_slashes_and_dot_work_and_the_lock_stays_outside, .timeout = 90)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	for (int night = 0; night < 2; night++) {
		RUN_IN(&p, dir, "run", "docs", "-o", "res//", "--charts", "none", "-q");
		cr_assert(p.status == 0 || p.status == 1, "night %d: %s", night, p.err);
		ys_proc_free(&p);
		cr_assert(!exists(dir, "res/.lock"), "the lock is beside the folder, not in it");
		cr_assert(exists(dir, "res.lock") && exists(dir, "res/manifest.json"));
	}
	/* `-o .` from inside the folder (the results are exchanged into place: a shell that stood in
	 * the folder stands in the old one until it changes directory again) */
	sh("mkdir '%s/here'", dir);
	char here[700];
	snprintf(here, sizeof here, "%s/here", dir);
	RUN_IN(&p, here, "run", "../docs", "-o", ".", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	cr_assert(exists(dir, "here/manifest.json") && exists(dir, "here.lock"));
	RUN_IN(&p, here, "run", "../docs", "-o", ".", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "again into earlier results: %s", p.err);
	ys_proc_free(&p);
}

Test(safety, a_symlink_is_resolved_once_and_locked_on_its_target, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("mkdir '%s/target' && ln -s target '%s/link'", dir, dir);
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "flock -n '%s/target.lock' -c 'sleep 3' & sleep 0.5", dir);
	if (system(cmd) != 0)
		cr_skip_test("flock(1) unavailable");
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "link", "--charts", "none", "-q");
	cr_assert_eq(p.status, 3);
	cr_assert(strstr(p.err, "yusuan: link: another run is writing this output folder (lock "), "%s", p.err);
	cr_assert(strstr(p.err, "/target.lock held); nothing written"), "%s", p.err);
	ys_proc_free(&p);
	cr_assert(!exists(dir, "link.lock"));
	sleep(3);
	RUN_IN(&p, dir, "run", "docs", "-o", "link", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	struct stat st;
	char l[700];
	snprintf(l, sizeof l, "%s/link", dir);
	cr_assert(lstat(l, &st) == 0 && S_ISLNK(st.st_mode), "the link is still a link");
	cr_assert(exists(dir, "target/manifest.json"));
}

Test(safety, a_lock_file_that_cannot_be_opened_is_reported_as_such)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("mkdir '%s/res.lock'", dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "none");
	cr_assert_eq(p.status, 3);
	cr_assert(strstr(p.err, "/res.lock: cannot open the lock file: Is a directory; nothing written"),
		  "%s", p.err);
	cr_assert_null(strstr(p.err, "another run"), "%s", p.err);
	ys_proc_free(&p);
	cr_assert(!exists(dir, "res"));
}

Test(safety, import_and_audit_never_overwrite_an_input, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("cp '%s/docs/801001-2021-budget.txt' '%s/x.txt'", dir, dir);
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "import", "x.txt", "-o", "x.txt");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: x.txt: is the input x.txt; it would be overwritten; nothing written\n");
	ys_proc_free(&p);
	RUN_IN(&p, dir, "audit", "x.txt", "-o", "./x.txt");
	cr_assert_eq(p.status, 2);
	ys_proc_free(&p);
	/* a hard link is the same file */
	sh("ln '%s/x.txt' '%s/docs/hard.txt'", dir, dir);
	free(before);
	before = snapshot(dir);
	RUN_IN(&p, dir, "import", "docs", "-o", "x.txt");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "docs/hard.txt: is the -o file as well; it would be overwritten; "
				"nothing written"), "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "import", "x.txt", "-o", "docs");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: docs: is a folder; -o takes a file here; nothing written\n");
	ys_proc_free(&p);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
}

Test(safety, import_writes_into_a_fifo_a_device_and_through_a_symlink, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	/* a FIFO: read by another process, still a FIFO afterwards */
	sh("cd '%s' && mkfifo pipe && (cat pipe > from-pipe.csv &)", dir);
	RUN_IN(&p, dir, "import", "docs/801001-2021-budget.txt", "-o", "pipe");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	usleep(300000);
	char path[700];
	struct stat st;
	snprintf(path, sizeof path, "%s/pipe", dir);
	cr_assert(lstat(path, &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO was replaced");
	snprintf(path, sizeof path, "%s/from-pipe.csv", dir);
	char *csv = ys_slurp(path, NULL);
	cr_assert(csv && !strncmp(csv, "unit_code,unit_name,year,", 25), "%s", csv ? csv : "(none)");
	free(csv);
	/* a symlink: the file it points to gets the facts, the link stays */
	sh("cd '%s' && ln -s real.csv link.csv", dir);
	RUN_IN(&p, dir, "import", "docs/801001-2021-budget.txt", "-o", "link.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	snprintf(path, sizeof path, "%s/link.csv", dir);
	cr_assert(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
	cr_assert(exists(dir, "real.csv"));
	/* a character device like /dev/null (made here: the real one is not put at risk) */
	if (!is_root()) {
		cr_log_warn("not root: the device-node case (mknod) is skipped");
		return;
	}
	sh("mknod '%s/null' c 1 3", dir);
	RUN_IN(&p, dir, "import", "docs/801001-2021-budget.txt", "-o", "null");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	snprintf(path, sizeof path, "%s/null", dir);
	cr_assert(lstat(path, &st) == 0 && S_ISCHR(st.st_mode), "the device was replaced by a file");
	RUN_IN(&p, dir, "audit", "docs/801001-2021-budget.txt", "-o", "null");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	cr_assert(lstat(path, &st) == 0 && S_ISCHR(st.st_mode));
}

Test(safety, nightly_takes_the_configured_output, .timeout = 120)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("cd '%s' && printf '[run]\\ninputs = docs\\noutput = nightly-res   ; the results\\n"
	   "charts = none\\nfail_on = never\\n' > y.ini", dir);
	sh("cd '%s' && YUSUAN='%s' '%s/scripts/nightly.sh' -c y.ini >/dev/null", dir, YS_BINARY,
	   YS_SOURCE_DIR);
	cr_assert(exists(dir, "nightly-res/manifest.json"), "the configured output");
	cr_assert(!exists(dir, "results"), "not ./results");
	cr_assert(exists(dir, "logs/nightly.log"));
	/* -o still wins */
	sh("cd '%s' && YUSUAN='%s' '%s/scripts/nightly.sh' -c y.ini -o other >/dev/null", dir, YS_BINARY,
	   YS_SOURCE_DIR);
	cr_assert(exists(dir, "other/manifest.json"));
}

/* ---- 4. text that stays text ---- */

/* Every output file under dir (the cache aside): valid UTF-8 without control characters but
 * LF and TAB, each SVG well formed XML, each XML part of a workbook well formed with no control
 * characters. Python's decoder and XML parser (python3 is a dependency) say "clean" or what is
 * wrong, file by file. */
static char *output_problems(const char *dir)
{
	static const char check[] =
		"import os, re, sys, zipfile, xml.etree.ElementTree as ET\n"
		"root = sys.argv[1]\n"
		"bad = []\n"
		"ctl = re.compile('[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]')\n"
		"for d, dirs, files in os.walk(root):\n"
		"    dirs[:] = [x for x in dirs if x != '.cache']\n"
		"    for f in sorted(files):\n"
		"        p = os.path.join(d, f)\n"
		"        rel = os.path.relpath(p, root)\n"
		"        if f.endswith('.png'):\n"
		"            continue\n"
		"        if f.endswith('.xlsx'):\n"
		"            z = zipfile.ZipFile(p)\n"
		"            for m in z.namelist():\n"
		"                x = z.read(m)\n"
		"                try:\n"
		"                    t = x.decode('utf-8'); ET.fromstring(x)\n"
		"                except Exception as e:\n"
		"                    bad.append('%s:%s: %s' % (rel, m, e)); continue\n"
		"                if ctl.search(t): bad.append('%s:%s: control character' % (rel, m))\n"
		"            continue\n"
		"        b = open(p, 'rb').read()\n"
		"        try:\n"
		"            t = b.decode('utf-8')\n"
		"        except UnicodeDecodeError as e:\n"
		"            bad.append('%s: not UTF-8 at byte %d' % (rel, e.start)); continue\n"
		"        m = ctl.search(t)\n"
		"        if m: bad.append('%s: control character U+%04X at %d' % (rel, ord(m.group()), m.start()))\n"
		"        if f.endswith('.svg'):\n"
		"            try: ET.fromstring(b)\n"
		"            except Exception as e: bad.append('%s: %s' % (rel, e))\n"
		"print('\\n'.join(bad) if bad else 'clean')\n";
	const char *py = ys_fixture("check-outputs.py", check);
	return capture("python3 '%s' '%s' 2>&1", py, dir);
}

static int have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* A document of the seed's template for unit 999001 with the given row labels of 一般公共服务
 * 支出's two items (amounts 60 and 40). */
static void labelled_doc(const char *dir, const char *rel, int year, const char *unit, const char *a,
			 const char *b)
{
	char text[8000], p[900];
	snprintf(text, sizeof text,
		 "999001%s\n%d年单位预算公开说明\n\n单位支出总体情况表\n\n"
		 "单位名称：999001%s\n\n单位：万元\n\n"
		 "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
		 "合计\t\t\t100.00\t70.00\t30.00\n"
		 "201\t\t一般公共服务支出\t100.00\t70.00\t30.00\n"
		 "2010301\t\t%s\t60.00\t60.00\t0.00\n"
		 "2010302\t\t%s\t40.00\t10.00\t30.00\n",
		 unit, year, unit, a, b);
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	cr_assert_eq(ys_spit(p, text, strlen(text)), 0);
}

/* n CJK characters (3 bytes each) into b. */
static const char *cjk(char *b, int n)
{
	static const char *const cs[] = { "行", "政", "运", "维", "专", "项", "经", "费" };
	b[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(b, cs[i % 8]);
	return b;
}

Test(safety, long_chinese_labels_stay_valid_utf8_in_every_output, .timeout = 90)
{
	const char *dir = ys_scratch();
	sh("mkdir '%s/in'", dir);
	/* 74 characters (222 bytes: the reader's cells held 199) and 200 (600 bytes) */
	static char a[800], b[800];
	for (int y = 2024; y <= 2025; y++) {
		char rel[40];
		snprintf(rel, sizeof rel, "in/u%d.md", y);
		labelled_doc(dir, rel, y, "示例市测试中心", cjk(a, 74), cjk(b, 200));
	}
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", have_gnuplot() ? "svg" : "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	char *bad = output_problems(strcat(strcpy(a, dir), "/out"));
	cr_assert_str_eq(bad, "clean\n");
	free(bad);
	/* yusuan reads its own facts.csv back, and every label cut ends on a whole character */
	RUN_IN(&p, dir, "import", "out/facts.csv", "-o", "again.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert_null(strstr(p.err, "encoding"), "%s", p.err);
	ys_proc_free(&p);
	char path[900];
	snprintf(path, sizeof path, "%s/out/facts.csv", dir);
	size_t n;
	char *facts = ys_slurp(path, &n);
	cr_assert_eq(text_utf8_valid_prefix((const unsigned char *)facts, n), n);
	/* (the reader keeps 199 bytes of a cell: 66 whole characters) */
	cr_assert(strstr(facts, cjk(b, 66)), "the label's first 66 characters");
	free(facts);
}

/* text_copy, the cut every fixed buffer goes through, and text_clean. */
Test(safety, cuts_fall_between_characters)
{
	char b[8];
	text_copy(b, sizeof b, "一二三"); /* 9 bytes into 7: two characters, not two and a third */
	cr_assert_str_eq(b, "一二");
	text_copy(b, sizeof b, "ab一二");
	cr_assert_str_eq(b, "ab一");
	text_copy(b, sizeof b, "abcdefg");
	cr_assert_str_eq(b, "abcdefg");
	cr_assert_eq(text_utf8_cut("一二三", 9, 4), 3);
	cr_assert_eq(text_utf8_cut("一二三", 9, 6), 6);
	cr_assert_eq(text_utf8_cut("一二三", 9, 20), 9);
	char o[64];
	cr_assert_eq(text_clean("a\x1b[31mb\tc\r\n\xc2\x9b" "2J\xff" "单", 19, o), 12);
	cr_assert_str_eq(o, "a[31mbc2J单");
	cr_assert(text_is_clean("单位 (本级)", strlen("单位 (本级)")));
	cr_assert(!text_is_clean("a\x7f", 2));
	cr_assert(!text_is_clean("\xe5\x8d", 2));
}

/* The facts of demo unit 801001's 2021 budget with a name holding an escape sequence, a bell
 * and a C1 CSI, and row names that begin with TAB and CR in front of formulas. */
static void hostile_facts(const char *dir)
{
	sh("cd '%s' && mkdir -p hin && '%s' import '%s/datasets/demo/801001-2021-budget.txt' -q -o f.csv && "
	   "sed -e \"s/示例市教育局第一研究院/恶意$(printf '\\033')[31m单位$(printf '\\007\\302\\233')2J/\" "
	   "-e 's/,卫生健康支出,/,\"\t=HYPERLINK(\"\"http:\\/\\/x\"\")\",/' "
	   "-e \"s/,一般公共预算拨款,/,\\\"$(printf '\\r')@SUM(1)\\\",/\" f.csv > hin/facts.csv",
	   dir, YS_BINARY, YS_SOURCE_DIR);
	char *t = capture("grep -c \"$(printf '\\033')\" '%s/hin/facts.csv'", dir);
	cr_assert_neq(atoi(t), 0, "the fixture has its escape sequences");
	free(t);
}

Test(safety, control_characters_never_reach_an_output_or_show, .timeout = 90)
{
	const char *dir = ys_scratch();
	hostile_facts(dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "hin", "-o", "out", "--charts", have_gnuplot() ? "svg" : "none", "-v");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	cr_assert(strstr(p.err, "hin/facts.csv: read: 恶意[31m单位2J 2021 budget/unit: "), "%s", p.err);
	cr_assert_null(strchr(p.err, '\033'), "stderr");
	ys_proc_free(&p);
	char out[800];
	snprintf(out, sizeof out, "%s/out", dir);
	char *bad = output_problems(out);
	cr_assert_str_eq(bad, "clean\n");
	free(bad);
	/* the TAB and CR in front of a formula are gone and the formula is neutralised */
	char *m = capture("grep -h 'HYPERLINK\\|SUM(1)' '%s/out/facts.csv' | cut -d, -f7 | sort -u", dir);
	cr_assert_str_eq(m, "\"'=HYPERLINK(\"\"http://x\"\")\"\n'@SUM(1)\n", "%s", m);
	free(m);
	RUN_IN(&p, dir, "show", "801001", "-i", "hin");
	cr_assert_eq(p.status, 0, "%s", p.err);
	const char *first = "恶意[31m单位2J  801001  2021  budget/unit\n";
	cr_assert(!strncmp(p.out, first, strlen(first)), "%s", p.out);
	for (const char *q = p.out; *q; q++)
		cr_assert((unsigned char)*q >= 0x20 || *q == '\n', "byte 0x%02x in show's output", *q);
	cr_assert_null(strstr(p.out, "\xc2\x9b"));
	ys_proc_free(&p);
}

Test(safety, a_percent_sign_in_a_name_draws_the_rank_charts, .timeout = 90)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	sh("mkdir '%s/in'", dir);
	for (int y = 2024; y <= 2025; y++) {
		char rel[40];
		snprintf(rel, sizeof rel, "in/u%d.md", y);
		labelled_doc(dir, rel, y, "100%保障%d中心", "行政运行", "一般行政管理事务");
	}
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "out", "--charts", "svg");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert_null(strstr(p.err, "gnuplot"), "%s", p.err);
	ys_proc_free(&p);
	char path[900];
	snprintf(path, sizeof path, "%s/out/charts/all/rank_growth.svg", dir);
	char *svg = ys_slurp(path, NULL);
	cr_assert_not_null(svg, "rank_growth.svg was drawn");
	cr_assert(strstr(svg, "100%保障%d中心"), "the name, as written, labels its bar");
	free(svg);
}

/* Every file under charts/ of a and b: the same names and bytes. */
static void same_charts(const char *a, const char *b)
{
	char *x = capture("cd '%s/charts' && find . -type f | LC_ALL=C sort | xargs md5sum", a);
	char *y = capture("cd '%s/charts' && find . -type f | LC_ALL=C sort | xargs md5sum", b);
	cr_assert(strlen(x) > 100);
	cr_assert_str_eq(x, y);
	free(x);
	free(y);
}

Test(safety, a_rerun_draws_svg_charts_byte_for_byte_as_a_full_run, .timeout = 180)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "svg", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	/* one unit's documents change: its charts and the cross-unit ones are drawn again, the
	 * others linked, so gnuplot sees another sequence of charts than in a full run */
	sh("cd '%s/docs' && sed -i 's/3,261.10/3,261.20/; s/3261.10/3261.20/' 802001-2021-budget.txt", dir);
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "svg", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "docs", "-o", "full", "--charts", "svg", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	char a[800], b[800];
	snprintf(a, sizeof a, "%s/res", dir);
	snprintf(b, sizeof b, "%s/full", dir);
	same_charts(a, b);
	/* and no tooltip carries another chart's text */
	char *t = capture("cat '%s'/charts/*/*.svg | grep -o '<g id=\"gnuplot_plot_[0-9]*\" ><title>[^<]*' | "
			  "grep -v '<title>gnuplot_plot_' | head -3", b);
	cr_assert_str_eq(t, "");
	free(t);
}

Test(safety, a_damaged_chart_is_drawn_again_not_linked, .timeout = 120)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "svg", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	sh("cd '%s/res/charts' && cp u801001/trend.svg ../../trend.good && "
	   "truncate -s 100 u801001/trend.svg && : > u801002/trend.svg && "
	   "sed -i 's/svg/SVG/' u801003/trend.svg", dir);
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "svg", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	sh("cmp '%s/res/charts/u801001/trend.svg' '%s/trend.good'", dir, dir);
	char *t = capture("cd '%s/res/charts' && wc -c < u801002/trend.svg && grep -c '<svg' u801003/trend.svg", dir);
	cr_assert(atoi(t) > 1000, "%s", t);
	cr_assert(strstr(t, "\n1\n"), "%s", t);
	free(t);
}

/* ---- 2. nothing committed that is not whole ---- */

/* A good results folder of the demo region (charts as SVG and PNG), copied to dir/name. */
static void results_into(const char *dir, const char *name)
{
	static char made[700];
	if (!made[0] || !exists(made, "manifest.json")) {
		snprintf(made, sizeof made, "%s/good", ys_scratch());
		demo_into(dir, "docs");
		struct proc p;
		RUN_IN(&p, dir, "run", "docs", "-o", "good", "--charts", "both", "-q");
		cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
		ys_proc_free(&p);
	}
	if (strcmp(name, "good"))
		sh("cp -r '%s' '%s/%s'", made, dir, name);
}

/* verify_results on a copy of good results damaged by a shell command: its message. */
static char *damaged(const char *dir, const char *name, const char *cmd)
{
	results_into(dir, name);
	sh("cd '%s/%s' && %s", dir, name, cmd);
	char path[800];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct ys_error e = { 0 };
	static char msg[1200];
	if (verify_results(path, &e) == YS_OK)
		return strcpy(msg, "whole");
	snprintf(msg, sizeof msg, "%s: %s", e.file + strlen(path) + 1, e.msg);
	return msg;
}

Test(safety, a_cut_or_damaged_output_file_is_found_before_the_exchange, .timeout = 120)
{
	const char *dir = ys_scratch();
	struct ys_error e = { 0 };
	results_into(dir, "good");
	char good[800];
	snprintf(good, sizeof good, "%s/good", dir);
	cr_assert_eq(verify_results(good, &e), YS_OK, "%s: %s", e.file, e.msg);
	cr_assert_str_eq(damaged(dir, "a", "truncate -s -7 metrics.csv"),
			 "metrics.csv: incomplete: the last line is cut off");
	cr_assert_str_eq(damaged(dir, "b", "printf 'x,\"open\\n' >> growth.csv"),
			 "growth.csv: incomplete: not valid CSV (a quote left open)");
	cr_assert_str_eq(damaged(dir, "c", "printf 'a,b\\n' >> flags.csv"),
			 "flags.csv: incomplete: a row has another number of fields than the header");
	cr_assert_str_eq(damaged(dir, "d", "truncate -s 5000 charts/u801001/trend.svg"),
			 "charts/u801001/trend.svg: incomplete: an SVG cut off or not well-formed");
	cr_assert_str_eq(damaged(dir, "e", "truncate -s -20 charts/u801001/trend.png"),
			 "charts/u801001/trend.png: incomplete: a PNG cut off (no IEND at its end)");
	cr_assert_str_eq(damaged(dir, "f", ": > charts/all/rank_growth.svg"),
			 "charts/all/rank_growth.svg: incomplete: an empty chart");
	cr_assert_str_eq(damaged(dir, "g", "truncate -s -30 briefing/index.html"),
			 "briefing/index.html: incomplete: cut off");
	cr_assert_str_eq(damaged(dir, "h", "truncate -s -2 manifest.json"), "manifest.json: incomplete: cut off");
	/* a sheet cut where a full disk stopped libxlsxwriter's temporary file: zipped again whole,
	 * CRC right, XML not */
	cr_assert_str_eq(damaged(dir, "i",
				 "python3 -c \"import zipfile,sys\n"
				 "z = zipfile.ZipFile('summary.xlsx'); parts = [(i, z.read(i)) for i in z.infolist()]\n"
				 "o = zipfile.ZipFile('s.xlsx', 'w', zipfile.ZIP_DEFLATED)\n"
				 "[o.writestr(i, d[:len(d) // 2] if i.filename == 'xl/worksheets/sheet2.xml' else d) for i, d in parts]\n"
				 "o.close()\" && mv s.xlsx summary.xlsx"),
			 "summary.xlsx: incomplete: a part is not well-formed XML: xl/worksheets/sheet2.xml");
	cr_assert_str_eq(damaged(dir, "j", "truncate -s -100 summary.xlsx"),
			 "summary.xlsx: incomplete: not a readable zip package");
}

Test(safety, well_formed_xml_is_told_apart)
{
	static const char *const good[] = { "<a/>", "<?xml version=\"1.0\"?>\n<a b='>'><c>t</c><!-- x --></a>\n",
					     "\xEF\xBB\xBF<a><![CDATA[<no>]]></a>" };
	static const char *const bad[] = { "<a>", "<a></b>", "<a/><b/>", "<a b='x></a>", "t<a/>", "<a><b></a></b>",
					   "<a>\xe5\x8d</a>", "" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		cr_assert(verify_xml(good[i], strlen(good[i])), "%s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_assert(!verify_xml(bad[i], strlen(bad[i])), "%s", bad[i]);
}

/* A full disk, for real: a small tmpfs holding the previous results, too small for the new
 * ones beside them; sizes chosen so that the disk fills in each writer in turn. */
Test(safety, a_full_disk_keeps_the_previous_results_and_says_which_file, .timeout = 300)
{
	if (!is_root())
		cr_skip_test("needs root (mount -t tmpfs); not root here");
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("mkdir '%s/small' '%s/few' && cp '%s'/docs/801* '%s/few/'", dir, dir, dir, dir);
	char c[1400];
	snprintf(c, sizeof c, "mount -t tmpfs -o size=64m tmpfs '%s/small' 2>/dev/null", dir);
	if (system(c) != 0)
		cr_skip_test("mount -t tmpfs is not allowed here");
	struct proc p;
	/* how much a run of the few documents needs, and a run of all of them */
	RUN_IN(&p, dir, "run", "few", "-o", "small/res", "--charts", "svg", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	char *t = capture("du -sk '%s/small' | cut -f1", dir);
	long few = atol(t);
	free(t);
	RUN_IN(&p, dir, "run", "docs", "-o", "small/all", "--charts", "svg", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	t = capture("du -sk '%s/small/all' | cut -f1", dir);
	long all = atol(t);
	free(t);
	sh("umount '%s/small'", dir);
	int seen_csv = 0, seen_other = 0;
	static const int permille[] = { 100, 300, 500, 700, 800, 900, 950, 970, 985 };
	for (size_t k = 0; k < sizeof permille / sizeof *permille; k++) {
		/* room for the previous results and a part of the new ones */
		long size = few + 64 + all * permille[k] / 1000;
		snprintf(c, sizeof c, "mount -t tmpfs -o size=%ldk tmpfs '%s/small'", size, dir);
		cr_assert_eq(system(c), 0);
		RUN_IN(&p, dir, "run", "few", "-o", "small/res", "--charts", "svg", "-q");
		cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
		ys_proc_free(&p);
		char res[800];
		snprintf(res, sizeof res, "%s/small/res", dir);
		char *before = snapshot(res);
		RUN_IN(&p, dir, "run", "docs", "-o", "small/res", "--charts", "svg", "-q");
		char *after = snapshot(res);
		char *left = capture("ls '%s/small'", dir);
		sh("umount '%s/small'", dir);
		cr_assert_eq(p.status, 3, "%ld KB: status %d: %s", size, p.status, p.err);
		cr_assert(strstr(p.err, "small/res"), "names the file: %s", p.err);
		cr_assert(strstr(p.err, "nothing replaced (the previous results are kept)") ||
			  strstr(p.err, "No space left on device"), "%s", p.err);
		cr_assert_str_eq(before, after, "the previous results changed (%ld KB: %s)", size, p.err);
		cr_assert_str_eq(left, "res\nres.lock\n", "the temporary folder is removed");
		seen_csv |= strstr(p.err, ".csv") != NULL;
		seen_other |= strstr(p.err, ".csv") == NULL;
		cr_log_info("disk full at %ld KB: %s", size, p.err);
		ys_proc_free(&p);
		free(before);
		free(after);
		free(left);
	}
	cr_assert(seen_csv && seen_other, "the disk filled in the CSVs and in later files");
}

/* ---- 3. bounded time ---- */

/* A gnuplot that reads a little and then neither reads nor exits (its pid in dir/gp.pid). */
static const char *hung_gnuplot(const char *dir)
{
	static char bin[800];
	snprintf(bin, sizeof bin, "%s/fakebin", dir);
	sh("mkdir -p '%s' && printf '#!/bin/sh\\necho $$ > \"%s/gp.pid\"\\nhead -c 200 > /dev/null\\nexec sleep 600\\n' "
	   "> '%s/gnuplot' && chmod +x '%s/gnuplot'", bin, dir, bin, bin);
	return bin;
}

static int alive(const char *dir)
{
	char *t = capture("cat '%s/gp.pid' 2>/dev/null", dir);
	int pid = atoi(t);
	free(t);
	if (pid <= 0 || kill(pid, 0) != 0)
		return 0;
	/* a zombie (killed, not yet reaped by whoever inherited it) is not running */
	char *st = capture("awk '{print $3}' /proc/%d/stat 2>/dev/null", pid);
	int z = st[0] == 'Z' || !st[0];
	free(st);
	return !z;
}

Test(safety, a_gnuplot_that_hangs_is_stopped_at_the_time_limit, .timeout = 120)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	char path[2000];
	snprintf(path, sizeof path, "PATH=%s:%s", hung_gnuplot(dir), getenv("PATH"));
	const char *env[] = { path, NULL };
	struct proc p;
	time_t t0 = time(NULL);
	cr_assert_eq(ys_exec(&p, dir, env, (const char *const[]){ "run", "docs", "-o", "res", "--charts", "svg",
								 "--chart-seconds", "2", NULL }), 0);
	cr_assert(time(NULL) - t0 < 30, "the run did not wait for gnuplot");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	cr_assert(strstr(p.err, "when the time limit of 2 s for the charts ran out, and was stopped; "),
		  "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: res/charts/u801/trend.svg: warning: gnuplot could not draw this chart: "
				"gnuplot was still at this chart"),
		  "names the chart: %s", p.err);
	ys_proc_free(&p);
	cr_assert(exists(dir, "res/manifest.json"), "the results are there, without charts");
	cr_assert(!exists(dir, "res/charts/u801/trend.svg"));
	cr_assert(!alive(dir), "gnuplot is gone");
}

Test(safety, sigterm_ends_the_helpers_and_removes_the_temporary_folder, .timeout = 120)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	char res[800];
	snprintf(res, sizeof res, "%s/res", dir);
	char *before = snapshot(res);
	const char *bin = hung_gnuplot(dir);
	/* the run waits on the hung gnuplot (no time limit) until SIGTERM */
	sh("cd '%s' && (PATH='%s':\"$PATH\" '%s' run docs -o res --charts svg --chart-seconds 0 -q "
	   "2> err.txt & echo $! > y.pid; wait $!; echo $? > status.txt) & "
	   "for i in $(seq 100); do [ -s '%s/gp.pid' ] && [ -s '%s/y.pid' ] && break; sleep 0.1; done; "
	   "sleep 0.5; kill -TERM $(cat '%s/y.pid')",
	   dir, bin, YS_BINARY, dir, dir, dir);
	for (int i = 0; i < 100 && !exists(dir, "status.txt"); i++)
		usleep(100000);
	usleep(200000);
	char *st = capture("cat '%s/status.txt'", dir);
	cr_assert_str_eq(st, "143\n", "exit status 128 + SIGTERM");
	free(st);
	char *msg = capture("cat '%s/err.txt'", dir);
	cr_assert(strstr(msg, "yusuan: stopped by SIGTERM; the temporary folder "), "%s", msg);
	cr_assert(strstr(msg, " is removed, the previous results are kept\n"), "%s", msg);
	free(msg);
	cr_assert(!alive(dir), "gnuplot ended with the run");
	char *left = capture("ls '%s' | grep -c 'res.tmp' || true", dir);
	cr_assert_str_eq(left, "0\n");
	free(left);
	char *after = snapshot(res);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
}

Test(safety, a_document_over_its_budget_is_named_and_left_out, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "none", "--max-facts", "250");
	cr_assert_eq(p.status, 4, "some inputs left out: %s", p.err);
	cr_assert(strstr(p.err, "facts, more than the budget of 250 a document (--max-facts, max_facts); left out"),
		  "%s", p.err);
	ys_proc_free(&p);
	char *m = capture("grep -c . '%s/res/metrics.csv'", dir);
	int rows = atoi(m);
	free(m);
	cr_assert(rows > 1 && rows < 176, "the small documents are read (%d rows)", rows);
	/* the same from the configuration */
	sh("printf '[run]\\nmax_facts = 250\\ncharts = none\\n' > '%s/y.ini'", dir);
	RUN_IN(&p, dir, "run", "docs", "-o", "res2", "-c", "y.ini", "-q");
	cr_assert_eq(p.status, 4, "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "docs", "-o", "res3", "--charts", "none", "--max-seconds", "0.000001", "-q");
	cr_assert_eq(p.status, 3, "every document over a microsecond: %s", p.err);
	cr_assert(strstr(p.err, "more than the budget of 1e-06 s a document (--max-seconds, max_seconds); left out"),
		  "%s", p.err);
	ys_proc_free(&p);
}

/* ---- 5. nothing skipped silently ---- */

/* dir/in with one clean document (no finding, no flag: --fail-on warning gives 0 for it alone) */
static void one_doc_into(const char *dir, const char *sub)
{
	sh("mkdir -p '%s/%s' && cp datasets/demo/801-2020-budget.txt '%s/%s/a.txt'", dir, sub, dir, sub);
}

static char *manifest_skipped(const char *dir, const char *res)
{
	/* the "skipped" array as written: one entry a line */
	return capture("sed -n '/^  \"skipped\": \\[/,/^  \\],\\{0,1\\}$/p' '%s/%s/manifest.json' | sed 1d | "
		       "grep -v '^  \\]'", dir, res);
}

Test(safety, files_of_another_format_are_named_in_one_line_and_in_the_manifest, .timeout = 60)
{
	const char *dir = ys_scratch();
	one_doc_into(dir, "in");
	/* not documents, not reported: hidden files and folders, README*, yusuan's lock and
	 * temporary files and folders */
	sh("cd '%s/in' && touch budget.xlsx note.docx scans.zip old.xls memo.doc .hidden README.md res.lock "
	   "facts.csv.tmp.4242 && mkdir .git res.tmp.777 && touch .git/x.pdf res.tmp.777/y.txt",
	   dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none");
	cr_assert_eq(p.status, 0, "a warning: 0 under --fail-on error: %s", p.err);
	cr_assert(strstr(p.err, "yusuan: 5 files skipped: in/budget.xlsx, in/memo.doc, in/note.docx, "
				"in/old.xls, in/scans.zip (not a supported format)\n"),
		  "%s", p.err);
	cr_assert(!strstr(p.err, "hidden") && !strstr(p.err, "README") && !strstr(p.err, "res.lock") &&
			  !strstr(p.err, "tmp.") && !strstr(p.err, ".git"),
		  "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: 1 files (0 unreadable), 5 skipped, 1 documents"), "%s", p.err);
	ys_proc_free(&p);
	char *m = manifest_skipped(dir, "res");
	cr_assert_str_eq(m, "    {\"path\": \"in/budget.xlsx\", \"reason\": \"format\", \"why\": \"not a supported format\"},\n"
			    "    {\"path\": \"in/memo.doc\", \"reason\": \"format\", \"why\": \"not a supported format\"},\n"
			    "    {\"path\": \"in/note.docx\", \"reason\": \"format\", \"why\": \"not a supported format\"},\n"
			    "    {\"path\": \"in/old.xls\", \"reason\": \"format\", \"why\": \"not a supported format\"},\n"
			    "    {\"path\": \"in/scans.zip\", \"reason\": \"format\", \"why\": \"not a supported format\"}\n");
	free(m);
	char *c = capture("grep -o '\"skipped\": [0-9][0-9]*' '%s/res/manifest.json'", dir);
	cr_assert_str_eq(c, "\"skipped\": 5\n");
	free(c);
	/* they count as warnings */
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none", "--fail-on", "warning", "-q");
	cr_assert_eq(p.status, 1, "%s", p.err);
	cr_assert_str_eq(p.err, "", "-q: warnings are not printed");
	ys_proc_free(&p);
	sh("cd '%s/in' && rm budget.xlsx note.docx scans.zip old.xls memo.doc", dir);
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none", "--fail-on", "warning", "-q");
	cr_assert_eq(p.status, 0, "without them: %s", p.err);
	ys_proc_free(&p);
	/* import and audit say it too */
	sh("touch '%s/in/budget.xlsx'", dir);
	RUN_IN(&p, dir, "audit", "in", "-o", "a.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: 1 file skipped: in/budget.xlsx (not a supported format)\n"), "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "import", "in", "-o", "f.csv");
	cr_assert(strstr(p.err, "yusuan: 1 file skipped: in/budget.xlsx (not a supported format)\n"), "%s", p.err);
	ys_proc_free(&p);
}

Test(safety, a_long_list_of_skipped_files_is_shortened_on_stderr_not_in_the_manifest, .timeout = 60)
{
	const char *dir = ys_scratch();
	one_doc_into(dir, "in");
	sh("cd '%s/in' && for i in 01 02 03 04 05 06 07 08 09 10 11 12; do touch t$i.xlsx; done", dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none");
	cr_assert(strstr(p.err, "yusuan: 12 files skipped: in/t01.xlsx, in/t02.xlsx, in/t03.xlsx, in/t04.xlsx, "
				"in/t05.xlsx, in/t06.xlsx, in/t07.xlsx, in/t08.xlsx and 4 more (not a supported "
				"format)\n"),
		  "%s", p.err);
	ys_proc_free(&p);
	char *n = capture("grep -c '\"reason\": \"format\"' '%s/res/manifest.json'", dir);
	cr_assert_str_eq(n, "12\n");
	free(n);
	char *last = capture("grep -c 'in/t12.xlsx' '%s/res/manifest.json'", dir);
	cr_assert_str_eq(last, "1\n");
	free(last);
}

Test(safety, a_folder_deeper_than_the_limit_is_named_and_counts_as_unread, .timeout = 60)
{
	const char *dir = ys_scratch();
	one_doc_into(dir, "in");
	/* in/d01/…/d32 is 32 folders deep and read; in/d01/…/d33 is not */
	char deep[400] = "in";
	for (int i = 1; i <= 33; i++) {
		size_t l = strlen(deep);
		snprintf(deep + l, sizeof deep - l, "/d%02d", i);
		if (i == 32)
			sh("mkdir -p '%s/%s' && cp datasets/demo/801001-2020-budget.txt '%s/%s/b.txt'", dir, deep,
			   dir, deep);
	}
	sh("mkdir -p '%s/%s' && cp datasets/demo/801002-2020-budget.txt '%s/%s/c.txt'", dir, deep, dir, deep);
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none", "-q");
	cr_assert_eq(p.status, 4, "the documents there are not read: exit 4 (%s)", p.err);
	char want[600];
	snprintf(want, sizeof want, "yusuan: 1 folder skipped: %s (more than 32 folders deep)\n", deep);
	cr_assert_str_eq(p.err, want, "shown with -q too");
	ys_proc_free(&p);
	char *f = capture("grep -c '\"status\": \"read\"' '%s/res/manifest.json'", dir);
	cr_assert_str_eq(f, "2\n", "a.txt and the one 32 folders deep");
	free(f);
	char *m = manifest_skipped(dir, "res");
	snprintf(want, sizeof want, "    {\"path\": \"%s\", \"reason\": \"depth\", \"why\": \"more than 32 folders deep\"}\n",
		 deep);
	cr_assert_str_eq(m, want);
	free(m);
}

Test(safety, folder_symlinks_are_followed_once_and_loops_named, .timeout = 60)
{
	const char *dir = ys_scratch();
	one_doc_into(dir, "in");
	sh("mkdir -p '%s/other' '%s/in/sub' && cp datasets/demo/801001-2020-budget.txt '%s/other/b.txt' && "
	   "cd '%s/in' && ln -s ../other ext && ln -s ../../other sub/again && ln -s .. sub/up && "
	   "ln -s ../.. sub/top && ln -s nowhere broken && ln -s self self2 && ln -s self2 self",
	   dir, dir, dir, dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none");
	cr_assert_eq(p.status, 0, "%s", p.err);
	/* (in/self and in/self2 point at each other: a loop of symlinks, no folder at all) */
	cr_assert(strstr(p.err, "yusuan: 4 symlinks skipped: in/self, in/self2, in/sub/top, in/sub/up (a symlink "
				"loop)\n"),
		  "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: 1 symlink skipped: in/sub/again (a folder already read by another path)\n"),
		  "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: 1 symlink skipped: in/broken (a symlink to nothing)\n"), "%s", p.err);
	ys_proc_free(&p);
	/* the folder behind the symlink is read once, under the symlink's name */
	char *src = capture("cut -d, -f11 '%s/res/facts.csv' | sed 1d | sort -u", dir);
	cr_assert(strstr(src, "in/a.txt"), "%s", src);
	cr_assert(strstr(src, "in/ext/b.txt"), "%s", src);
	cr_assert(!strstr(src, "again"), "%s", src);
	free(src);
	char *n = capture("grep -c '\"status\": \"read\"' '%s/res/manifest.json'", dir);
	cr_assert_str_eq(n, "2\n");
	free(n);
	/* a real folder and a symlink to it: the real one is read */
	sh("cd '%s/in' && rm -f ext sub/again sub/up sub/top broken self self2 && mkdir real && "
	   "mv ../other/b.txt real/ && ln -s real a-link", dir);
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none");
	cr_assert(strstr(p.err, "yusuan: 1 symlink skipped: in/a-link (a folder already read by another path)\n"),
		  "%s", p.err);
	ys_proc_free(&p);
	src = capture("cut -d, -f11 '%s/res/facts.csv' | sed 1d | sort -u", dir);
	cr_assert(strstr(src, "in/real/b.txt") && !strstr(src, "a-link"), "%s", src);
	free(src);
}

Test(safety, a_results_folder_inside_an_input_is_never_read, .timeout = 60)
{
	const char *dir = ys_scratch();
	one_doc_into(dir, "in");
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none", "-q");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char *facts = capture("wc -l < '%s/res/facts.csv'", dir);
	/* an older results folder under another name inside the input: its facts.csv would
	 * duplicate the document */
	sh("mv '%s/res' '%s/in/old results'", dir, dir);
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none");
	cr_assert_eq(p.status, 0, "a warning: %s", p.err);
	cr_assert(strstr(p.err, "yusuan: 1 folder skipped: in/old results (a yusuan results folder, never read as "
				"input)\n"),
		  "%s", p.err);
	ys_proc_free(&p);
	char *again = capture("wc -l < '%s/res/facts.csv'", dir);
	cr_assert_str_eq(again, facts, "the same facts, not twice");
	free(again);
	free(facts);
	/* given as an input itself: nothing else to read */
	RUN_IN(&p, dir, "run", "in/old results", "-o", "res2", "--charts", "none");
	cr_assert_eq(p.status, 3, "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: 1 folder skipped: in/old results (a yusuan results folder"), "%s", p.err);
	cr_assert(strstr(p.err, "no documents found"), "%s", p.err);
	ys_proc_free(&p);
}

Test(safety, special_files_in_an_input_folder_are_named, .timeout = 60)
{
	const char *dir = ys_scratch();
	one_doc_into(dir, "in");
	sh("mkfifo '%s/in/pipe.txt'", dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "res", "--charts", "none");
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: 1 file skipped: in/pipe.txt (not a regular file)\n"), "%s", p.err);
	ys_proc_free(&p);
}

/* A folder that cannot be listed. As root every folder can be read, so the run is made as the
 * user nobody (setpriv), when there is one; otherwise the case is skipped and says so. */
Test(safety, an_unreadable_folder_is_named_and_counts_as_unread, .timeout = 60)
{
	const char *dir = ys_scratch();
	const char *as[8] = { 0 };
	int n = 0;
	if (is_root()) {
		if (system("command -v setpriv >/dev/null && id nobody >/dev/null 2>&1") != 0)
			cr_skip_test("as root every folder is readable, and setpriv or the user nobody is "
				     "missing to run as another user");
		as[n++] = "setpriv";
		as[n++] = "--reuid=nobody";
		as[n++] = "--regid=nogroup";
		as[n++] = "--clear-groups";
		if (system("getent group nogroup >/dev/null") != 0)
			as[2] = "--regid=65534";
	}
	one_doc_into(dir, "in");
	sh("mkdir -p '%s/in/private' '%s/in/half' && cp datasets/demo/801001-2020-budget.txt '%s/in/private/b.txt' "
	   "&& cp datasets/demo/801002-2020-budget.txt '%s/in/half/c.txt' && chmod 755 '%s' && chmod -R a+rwX '%s' "
	   "&& chmod 000 '%s/in/private' && chmod 311 '%s/in/half'",
	   dir, dir, dir, dir, dir, dir, dir, dir);
	/* (private: not listable; half: no read permission, so not listed either) */
	char cmd[2000];
	int k = snprintf(cmd, sizeof cmd, "cd '%s' &&", dir);
	for (int i = 0; i < n; i++)
		k += snprintf(cmd + k, sizeof cmd - (size_t)k, " %s", as[i]);
	snprintf(cmd + k, sizeof cmd - (size_t)k, " '%s' run in -o res --charts none -q 2>err.txt; echo $?",
		 YS_BINARY);
	char *st = capture("%s", cmd);
	char *err = capture("cat '%s/err.txt'", dir);
	cr_assert_str_eq(st, "4\n", "%s", err);
	cr_assert_str_eq(err, "yusuan: 2 folders skipped: in/half, in/private (permission denied)\n");
	free(st);
	free(err);
	char *m = manifest_skipped(dir, "res");
	cr_assert_str_eq(m, "    {\"path\": \"in/half\", \"reason\": \"permission\", \"why\": \"permission denied\"},\n"
			    "    {\"path\": \"in/private\", \"reason\": \"permission\", \"why\": \"permission denied\"}\n");
	free(m);
	sh("chmod -R u+rwx '%s/in'", dir);
}
