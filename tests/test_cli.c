/* The command line end to end: help, version, usage errors, exit codes, error messages with
 * FILE:LINE, encodings read the same, the facts CSV round trip, locale independence. */
#include <criterion/criterion.h>
#include <iconv.h>
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

TestSuite(cli, .fini = teardown);

#define RUN(p, ...) cr_assert_eq(ys_exec(p, NULL, NULL, (const char *const[]){ __VA_ARGS__, NULL }), 0)
#define RUN_IN(p, dir, ...) \
	cr_assert_eq(ys_exec(p, dir, NULL, (const char *const[]){ __VA_ARGS__, NULL }), 0)

/* A small document of the seed's template, written for these tests. */
static const char mini[] =
	"999001示例市测试中心\n"
	"2025年单位预算公开说明\n"
	"\n"
	"### 三、单位支出总体情况说明\n"
	"\n"
	"2025年单位支出总预算100.00万元，基本支出预算80.00万元，占支出总预算80.00%，同比增加10.00万元，同比增长14.29%。\n"
	"\n"
	"单位支出总体情况表\n"
	"\n"
	"单位名称：999001示例市测试中心\n"
	"\n"
	"单位：万元\n"
	"\n"
	"科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
	"合计\t\t\t100.00\t80.00\t20.00\n"
	"2010301\t\t行政运行\t100.00\t80.00\t20.00\n";

Test(cli, help_and_version)
{
	struct proc p;
	RUN(&p, "--help");
	cr_assert_eq(p.status, 0);
	cr_assert(strstr(p.out, "usage: yusuan run"));
	cr_assert(strstr(p.out, "Exit status"));
	cr_assert_eq(p.nerr, 0);
	ys_proc_free(&p);
	RUN(&p, "run", "--help");
	cr_assert_eq(p.status, 0);
	cr_assert(strstr(p.out, "--fail-on"));
	ys_proc_free(&p);
	RUN(&p, "--version");
	cr_assert_eq(p.status, 0);
	cr_assert_str_eq(p.out, "yusuan 0.1.0\n");
	ys_proc_free(&p);
}

/* yusuan COMMAND --help (and yusuan help COMMAND): that command's synopsis and options only */
Test(cli, help_of_one_command)
{
	struct proc p;
	RUN(&p, "run", "--help");
	cr_assert_eq(p.status, 0);
	cr_assert(!strncmp(p.out, "usage: yusuan run [INPUT...]", 28), "%s", p.out);
	cr_assert(strstr(p.out, "--charts KIND  svg, png, both (default) or none"));
	cr_assert(strstr(p.out, "briefing/index.html"));
	cr_assert(!strstr(p.out, "yusuan import"), "%s", p.out);
	cr_assert(!strstr(p.out, "--input"), "%s", p.out);
	ys_proc_free(&p);
	RUN(&p, "show", "-h");
	cr_assert_eq(p.status, 0);
	cr_assert(!strncmp(p.out, "usage: yusuan show UNIT [YEAR] [-i INPUT]...\n", 45), "%s", p.out);
	cr_assert(strstr(p.out, "-i, --input PATH"));
	cr_assert(!strstr(p.out, "--charts"), "%s", p.out);
	cr_assert(!strstr(p.out, "--fail-on"), "%s", p.out);
	ys_proc_free(&p);
	RUN(&p, "import", "--help");
	cr_assert(!strncmp(p.out, "usage: yusuan import FILE...", 28), "%s", p.out);
	cr_assert(!strstr(p.out, "--fail-on"), "%s", p.out);
	char *import_help = strdup(p.out);
	ys_proc_free(&p);
	RUN(&p, "help", "import");
	cr_assert_eq(p.status, 0);
	cr_assert_str_eq(p.out, import_help);
	free(import_help);
	ys_proc_free(&p);
	RUN(&p, "audit", "--help");
	cr_assert(!strncmp(p.out, "usage: yusuan audit INPUT...", 28), "%s", p.out);
	cr_assert(strstr(p.out, "check,severity,expected,actual"));
	ys_proc_free(&p);
	/* help alone, or of an unknown command: the whole help */
	RUN(&p, "help", "frobnicate");
	cr_assert_eq(p.status, 0);
	cr_assert(strstr(p.out, "Exit status"));
	cr_assert(strstr(p.out, "usage: yusuan run"));
	ys_proc_free(&p);
}

Test(cli, usage_errors_exit_2_and_say_what_was_wrong_first)
{
	struct proc p;
	RUN(&p, "frobnicate");
	cr_assert_eq(p.status, 2);
	const char *want = "yusuan: unknown command 'frobnicate'\nusage:";
	cr_assert(strncmp(p.err, want, strlen(want)) == 0, "%s", p.err);
	cr_assert_eq(p.nout, 0);
	ys_proc_free(&p);
	RUN(&p, "import");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "import needs at least one FILE"));
	ys_proc_free(&p);
	RUN(&p, "run", "-j", "zero");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "-j takes a number of threads from 1 to 64, not 'zero'"), "%s", p.err);
	ys_proc_free(&p);
	RUN(&p, "run", "--charts", "gif");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "--charts takes svg, png, both or none, not 'gif'"));
	ys_proc_free(&p);
	RUN(&p, "run", "--bogus");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "unknown option '--bogus'"));
	ys_proc_free(&p);
	cr_assert_eq(ys_exec(&p, NULL, NULL, (const char *const[]){ NULL }), 0);
	cr_assert_eq(p.status, 2);
	ys_proc_free(&p);
}

Test(cli, missing_input_exit_3)
{
	struct proc p;
	RUN(&p, "import", "no-such-file.txt");
	cr_assert_eq(p.status, 3);
	cr_assert_str_eq(p.err, "yusuan: no-such-file.txt: no such file or folder\n");
	cr_assert_eq(p.nout, 0, "nothing written");
	ys_proc_free(&p);
}

Test(cli, binary_file_is_a_clear_error)
{
	const char *dir = ys_scratch();
	char path[512];
	snprintf(path, sizeof path, "%s/scan.txt", dir);
	const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
	ys_spit(path, png, sizeof png);
	struct proc p;
	RUN_IN(&p, dir, "import", "scan.txt");
	cr_assert_eq(p.status, 3);
	cr_assert(strstr(p.err, "yusuan: scan.txt:2: binary data"), "%s", p.err);
	ys_proc_free(&p);
}

Test(cli, unknown_encoding_is_a_clear_error)
{
	const char *dir = ys_scratch();
	const char *f = ys_fixture("latin.txt", "line one\nline two x\xff\xff\x80y\n");
	(void)f;
	struct proc p;
	RUN_IN(&p, dir, "import", "latin.txt");
	cr_assert_eq(p.status, 3);
	cr_assert(strstr(p.err, "yusuan: latin.txt:2: unknown text encoding"), "%s", p.err);
	ys_proc_free(&p);
}

Test(cli, one_bad_input_among_good_ones_exit_4)
{
	const char *dir = ys_scratch();
	ys_fixture("a.txt", mini);
	ys_fixture("b.txt", "");
	struct proc p;
	RUN_IN(&p, dir, "import", "a.txt", "b.txt");
	cr_assert_eq(p.status, 4);
	cr_assert(strstr(p.err, "yusuan: b.txt: empty file"), "%s", p.err);
	cr_assert(strstr(p.out, "999001,示例市测试中心,2025,budget/unit,expenditure,2010301,行政运行,basic,80.00,万元,a.txt:16"),
		  "%s", p.out);
	ys_proc_free(&p);
}

Test(cli, garbage_cells_are_errors_with_their_line)
{
	const char *dir = ys_scratch();
	char doc[2048];
	snprintf(doc, sizeof doc, "%s", mini);
	char *row = strstr(doc, "2010301\t\t行政运行\t100.00\t80.00");
	memcpy(row + strlen("2010301\t\t行政运行\t100.00\t"), "8O.00", 5); /* letter O */
	ys_fixture("g.txt", doc);
	struct proc p;
	RUN_IN(&p, dir, "import", "g.txt");
	cr_assert_eq(p.status, 1);
	cr_assert(strstr(p.err, "yusuan: g.txt:16: error: expenditure: cell '8O.00' in column 基本支出 is not an amount; left out"),
		  "%s", p.err);
	/* the other cells of the row are kept */
	cr_assert(strstr(p.out, ",2010301,行政运行,project,20.00,"));
	cr_assert_null(strstr(p.out, ",2010301,行政运行,basic,"));
	ys_proc_free(&p);
}

Test(cli, truncated_document_is_reported)
{
	const char *dir = ys_scratch();
	/* cut inside the last row's `行政运行` (UTF-8 bytes of 运 are E8 BF 90) */
	size_t cut = (size_t)(strstr(mini, "运行\t100") - mini) + 2;
	char path[512];
	snprintf(path, sizeof path, "%s/cut.txt", dir);
	ys_spit(path, mini, cut);
	struct proc p;
	RUN_IN(&p, dir, "import", "cut.txt");
	cr_assert_eq(p.status, 1);
	cr_assert(strstr(p.err, "yusuan: cut.txt:16: error: file ends inside a character: the document looks truncated"),
		  "%s", p.err);
	ys_proc_free(&p);
}

static char *convert(const char *to, const char *s, size_t *n)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t in = strlen(s), cap = in * 3 + 8, out = cap;
	char *buf = malloc(cap), *op = buf, *ip = (char *)s;
	cr_assert_neq(iconv(cd, &ip, &in, &op, &out), (size_t)-1);
	iconv_close(cd);
	*n = cap - out;
	return buf;
}

/* The same document in UTF-8, GB18030, with CRLF, with a BOM: byte-identical facts. */
Test(cli, encodings_and_line_ends_read_the_same)
{
	const char *seed = ys_shared(YS_SEED);
	if (!seed)
		cr_skip_test("../shared absent");
	size_t n;
	char *text = ys_slurp(seed, &n);
	const char *dir = ys_scratch();
	const char *variants[] = { "utf8", "gb18030", "crlf", "bom" };
	char *outs[4];
	for (int v = 0; v < 4; v++) {
		char sub[512], path[600];
		snprintf(sub, sizeof sub, "%s/%s", dir, variants[v]);
		mkdir(sub, 0777);
		snprintf(path, sizeof path, "%s/doc.txt", sub);
		if (v == 0) {
			ys_spit(path, text, n);
		} else if (v == 1) {
			size_t gn;
			char *gb = convert("GB18030", text, &gn);
			ys_spit(path, gb, gn);
			free(gb);
		} else if (v == 2) {
			char *crlf = malloc(n * 2 + 1);
			size_t k = 0;
			for (size_t i = 0; i < n; i++) {
				if (text[i] == '\n')
					crlf[k++] = '\r';
				crlf[k++] = text[i];
			}
			ys_spit(path, crlf, k);
			free(crlf);
		} else {
			char *bom = malloc(n + 3);
			memcpy(bom, "\xEF\xBB\xBF", 3);
			memcpy(bom + 3, text, n);
			ys_spit(path, bom, n + 3);
			free(bom);
		}
		struct proc p;
		RUN_IN(&p, sub, "import", "doc.txt");
		cr_assert_eq(p.status, 0, "%s: %s", variants[v], p.err);
		outs[v] = strdup(p.out);
		ys_proc_free(&p);
	}
	for (int v = 1; v < 4; v++)
		cr_assert_str_eq(outs[v], outs[0], "%s differs from UTF-8", variants[v]);
	cr_assert(strlen(outs[0]) > 20000);
	for (int v = 0; v < 4; v++)
		free(outs[v]);
	free(text);
}

/* document → facts.csv → facts → facts.csv: identical bytes. */
Test(cli, facts_csv_round_trip_is_exact)
{
	const char *seed = ys_shared(YS_SEED);
	if (!seed)
		cr_skip_test("../shared absent");
	const char *dir = ys_scratch();
	char a[512], b[512];
	snprintf(a, sizeof a, "%s/a.csv", dir);
	snprintf(b, sizeof b, "%s/b.csv", dir);
	struct proc p;
	RUN(&p, "import", seed, "-o", a);
	cr_assert_eq(p.status, 0);
	cr_assert_eq(p.nout, 0);
	ys_proc_free(&p);
	RUN(&p, "import", a, "-o", b);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	size_t na, nb;
	char *ta = ys_slurp(a, &na), *tb = ys_slurp(b, &nb);
	cr_assert_eq(na, nb);
	cr_assert(memcmp(ta, tb, na) == 0);
	free(ta);
	free(tb);
}

Test(cli, facts_csv_bad_rows_are_reported_with_the_csv_line)
{
	const char *dir = ys_scratch();
	ys_fixture("f.csv",
		   "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n"
		   "1,甲,2024,budget,expenditure,201,一般公共服务支出,total,10.5,万元,x.txt:3\n"
		   "1,甲,2024,budget,expenditure,202,\"外交,支出\",total,abc,万元,x.txt:4\n"
		   "1,甲,20x4,budget,expenditure,203,国防支出,total,1,万元,x.txt:5\n"
		   "1,甲,2024,budget,nonsense,203,国防支出,total,1,万元,x.txt:6\n"
		   "1,甲,2024,budget,expenditure,204,'=cmd|x,total,-2.25,万元,x.txt:7\n");
	struct proc p;
	RUN_IN(&p, dir, "import", "f.csv");
	cr_assert_eq(p.status, 1);
	cr_assert(strstr(p.err, "yusuan: f.csv:3: error: amount 'abc' is not a number; row left out"), "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: f.csv:4: error: year '20x4' is not a year"), "%s", p.err);
	cr_assert(strstr(p.err, "yusuan: f.csv:5: error: table 'nonsense'"), "%s", p.err);
	cr_assert(strstr(p.out, "1,甲,2024,budget,expenditure,201,一般公共服务支出,total,10.50,万元,x.txt:3\n"), "%s", p.out);
	/* the neutralised formula survives the round trip as the same text */
	cr_assert(strstr(p.out, ",204,'=cmd|x,total,-2.25,万元,x.txt:7\n"), "%s", p.out);
	ys_proc_free(&p);
}

Test(cli, folders_are_read_recursively_in_byte_order)
{
	const char *dir = ys_scratch();
	char sub[512];
	snprintf(sub, sizeof sub, "%s/in/b", dir);
	char in[512];
	snprintf(in, sizeof in, "%s/in", dir);
	mkdir(in, 0777);
	mkdir(sub, 0777);
	ys_fixture("in/b/z.txt", mini);
	ys_fixture("in/a.txt", mini);
	ys_fixture("in/README.md", "# not a document\n");
	ys_fixture("in/units.csv", "unit_code,unit_name,aliases,parent_code,group\n");
	struct proc p;
	RUN_IN(&p, dir, "import", "in");
	cr_assert_eq(p.status, 0, "%s", p.err);
	char *first = strstr(p.out, "in/a.txt:"), *second = strstr(p.out, "in/b/z.txt:");
	cr_assert(first && second && first < second);
	cr_assert_null(strstr(p.out, "README"));
	ys_proc_free(&p);
}

/* Numbers never follow the locale: a comma-decimal locale gives the same bytes. */
Test(cli, comma_decimal_locale_changes_nothing)
{
	const char *dir = ys_scratch();
	char loc[512], cmd[1024];
	snprintf(loc, sizeof loc, "%s/locale", dir);
	mkdir(loc, 0777);
	snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", loc);
	if (system(cmd) != 0)
		cr_skip_test("localedef cannot build de_DE.UTF-8 here");
	ys_fixture("m.txt", mini);
	struct proc c, d;
	cr_assert_eq(ys_exec(&c, dir, NULL, (const char *const[]){ "import", "m.txt", NULL }), 0);
	char locpath[600];
	snprintf(locpath, sizeof locpath, "LOCPATH=%s", loc);
	const char *env[] = { locpath, "LC_ALL=de_DE.UTF-8", NULL };
	cr_assert_eq(ys_exec(&d, dir, env, (const char *const[]){ "import", "m.txt", NULL }), 0);
	cr_assert_eq(c.status, 0);
	cr_assert_str_eq(d.out, c.out);
	cr_assert(strstr(c.out, ",100.00,"));
	ys_proc_free(&c);
	ys_proc_free(&d);
}

/* datasets/real holds the facts of the real documents: they must be what `yusuan import` reads
 * from those documents today (regenerate with the command in datasets/README.md). */
Test(cli, datasets_real_match_a_fresh_import, .timeout = 120)
{
	static const char *const docs[][2] = {
		{ "../shared/seeds/000_e4936f904fceff2c.txt", "guangxi-liuzhou-103007-2025-budget" },
		{ "../shared/corpus/shanghai-putuo-finance-bureau-2024-dept-final-accounts.pdf",
		  "shanghai-putuo-finance-bureau-2024-dept-final-accounts" },
		{ "../shared/corpus/shanghai-putuo-govt-office-2025-dept-budget.pdf",
		  "shanghai-putuo-govt-office-2025-dept-budget" },
		{ "../shared/corpus/shanghai-putuo-social-welfare-home-2024-unit-budget.pdf",
		  "shanghai-putuo-social-welfare-home-2024-unit-budget" },
		{ "../shared/corpus/shanghai-putuo-wanli-street-2023-dept-budget.pdf",
		  "shanghai-putuo-wanli-street-2023-dept-budget" },
		{ "../shared/corpus/shanghai-putuo-wanli-street-2024-dept-budget.pdf",
		  "shanghai-putuo-wanli-street-2024-dept-budget" },
	};
	if (!ys_shared(YS_SEED))
		cr_skip_test("../shared absent");
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct proc p;
		RUN(&p, "import", "-q", docs[i][0]);
		cr_assert_eq(p.status, 0, "%s: %s", docs[i][0], p.err);
		char path[512];
		snprintf(path, sizeof path, "%s/datasets/real/%s.csv", YS_SOURCE_DIR, docs[i][1]);
		char *want = ys_slurp(path, NULL);
		cr_assert_not_null(want, "%s missing", path);
		cr_assert_str_eq(p.out, want, "%s is stale: regenerate it", path);
		free(want);
		ys_proc_free(&p);
	}
}

/* ---- configuration, manifest, determinism ---- */

static char *out_file(const char *dir, const char *name)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return ys_slurp(p, NULL);
}

/* The manifest without its timings line: the rest must be byte-identical between runs. */
static void drop_timings(char *m)
{
	char *t = strstr(m, "  \"timings\"");
	if (t)
		*t = '\0';
}

Test(cli, runs_are_deterministic_across_jobs, .timeout = 60)
{
	const char *dir = ys_scratch();
	char a[512], b[512];
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	struct proc p;
	RUN(&p, "run", "datasets", "-o", a, "-j", "1", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	RUN(&p, "run", "datasets", "-o", b, "-j", "2", "-q");
	ys_proc_free(&p);
	/* -j 3: the workbook's thread and two writing pages; every output's hash is in the list */
	char c[512];
	snprintf(c, sizeof c, "%s/c", dir);
	RUN(&p, "run", "datasets", "-o", c, "-j", "3", "-q");
	ys_proc_free(&p);
	{
		char *x = out_file(a, "manifest.json"), *z = out_file(c, "manifest.json");
		cr_assert_not_null(z);
		char *ox = strstr(x, "\"outputs\""), *oz = strstr(z, "\"outputs\"");
		drop_timings(ox);
		drop_timings(oz);
		cr_assert(strstr(ox, "\"briefing/index.html\"") && strstr(ox, "\"summary.xlsx\""));
		cr_assert_str_eq(ox, oz, "outputs differ between -j 1 and -j 3");
		free(x);
		free(z);
	}
	static const char *const files[] = { "facts.csv", "metrics.csv", "breakdown.csv", "growth.csv",
					     "trends.csv", "compare.csv", "outliers.csv", "flags.csv",
					     "audit.csv", "manifest.json" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *x = out_file(a, files[i]), *y = out_file(b, files[i]);
		cr_assert_not_null(x, "%s missing", files[i]);
		cr_assert_not_null(y);
		if (!strcmp(files[i], "manifest.json")) {
			/* the arguments differ (-j 1 / -j 2) and the timings: compare the outputs list */
			char *ox = strstr(x, "\"outputs\""), *oy = strstr(y, "\"outputs\"");
			drop_timings(ox);
			drop_timings(oy);
			cr_assert_str_eq(ox, oy);
		} else {
			cr_assert_str_eq(x, y, "%s differs between -j 1 and -j 2", files[i]);
		}
		free(x);
		free(y);
	}
	char *m = out_file(a, "manifest.json");
	cr_assert(strstr(m, "\"arguments\": [\"run\", \"datasets\", \"-o\", "));
	cr_assert(strstr(m, "{\"path\": \"datasets/real/guangxi-liuzhou-103007-2025-budget.csv\", \"size\": "));
	cr_assert(strstr(m, "\"xxh3\": \""));
	cr_assert(strstr(m, "{\"name\": \"metrics.csv\", \"size\": "));
	cr_assert(strstr(m, "\"exit_status\": 1"));
	cr_assert(strstr(m, "\"timings\": {\"read\": "));
	free(m);
}

Test(cli, configuration_file)
{
	const char *dir = ys_scratch();
	char out[512], res[600];
	snprintf(out, sizeof out, "%s/r", dir);
	/* an unknown key is a usage error at its line */
	ys_fixture("bad.ini", "[run]\njobs = 2\njbos = 3\n");
	struct proc p;
	RUN_IN(&p, dir, "run", "-c", "bad.ini");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: bad.ini:3: unknown key 'jbos' in [run]\n");
	ys_proc_free(&p);
	ys_fixture("rules.ini", "[run]\ninputs = " YS_SOURCE_DIR "/datasets\nfail_on = never\n"
				"[rules]\nsangong_increase = off\nshare_shift.threshold = 1\n"
				"[groups]\n103007 = 热线\n");
	RUN_IN(&p, dir, "run", "-c", "rules.ini", "-o", out, "-q");
	cr_assert_eq(p.status, 0, "fail_on = never: %s", p.err);
	ys_proc_free(&p);
	snprintf(res, sizeof res, "%s/flags.csv", out);
	char *f = ys_slurp(res, NULL);
	cr_assert_null(strstr(f, "sangong_increase,"), "the rule is off");
	cr_assert(strstr(f, ",sangong_item_increase,"));
	/* basic_share 60.25 → 63.83 moves 3.58 pp: above the configured 1 pp, below the default 5 */
	cr_assert(strstr(f, ",share_shift,info,63.83,60.25,1.00,"), "%s", f);
	free(f);
	snprintf(res, sizeof res, "%s/metrics.csv", out);
	char *m = ys_slurp(res, NULL);
	cr_assert(strstr(m, "103007,柳州市12345政务服务热线管理中心,2025,budget/unit,热线,"));
	free(m);
	/* the command line overrides the file */
	RUN_IN(&p, dir, "run", "-c", "rules.ini", "-o", out, "-q", "--fail-on", "error");
	cr_assert_eq(p.status, 1);
	ys_proc_free(&p);
}

Test(cli, second_run_on_a_locked_folder_is_refused)
{
	const char *dir = ys_scratch();
	char out[512], lock[600];
	snprintf(out, sizeof out, "%s/r", dir);
	snprintf(lock, sizeof lock, "%s.lock", out);
	/* hold the lock from a child process while yusuan tries */
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "flock -n '%s' -c 'sleep 3' & sleep 0.5", lock);
	if (system(cmd) != 0)
		cr_skip_test("flock(1) unavailable");
	struct proc p;
	RUN(&p, "run", "datasets", "-o", out, "-q");
	cr_assert_eq(p.status, 3);
	cr_assert(strstr(p.err, "another run is writing this output folder"), "%s", p.err);
	ys_proc_free(&p);
	struct stat st;
	cr_assert_neq(stat(out, &st), 0, "nothing written");
}
