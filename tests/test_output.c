/* Charts, briefing pages and the workbook (issue 5): the gnuplot driver's quoting against hostile
 * unit names, error attribution, charts produced, the skip path without gnuplot, HTML and
 * Markdown escaping, the sentences of a page on the seed's figures, the workbook's shape. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "plots/gnuplot.h"
#include "support.h"
#include "write/briefing.h"
#include "write/workbook.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(output, .fini = teardown);

#define RUN_IN(p, dir, env, ...) \
	cr_assert_eq(ys_exec(p, dir, env, (const char *const[]){ __VA_ARGS__, NULL }), 0)

static int exists(const char *dir, const char *rel)
{
	char p[1024];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return stat(p, &st) == 0 && st.st_size > 0;
}

static char *read_out(const char *dir, const char *rel)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return ys_slurp(p, NULL);
}

static int have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* A name that would run commands if it reached gnuplot unquoted: a quote that ends the
 * string, a newline that starts a command, system(), backquotes, a macro. */
#define HOSTILE "恶意'单位\"\n set output 'x' ; system(\"touch PWNED1\") `touch PWNED2` @x <b>&amp;"

Test(output, quote_doubles_quotes_and_drops_control_characters)
{
	char b[256];
	cr_assert_str_eq(gp_quote("a'b", b, sizeof b), "'a''b'");
	cr_assert_str_eq(gp_quote("x\ny\rz\t", b, sizeof b), "'xyz'");
	cr_assert_str_eq(gp_quote("`ls` @m system(\"id\")", b, sizeof b), "'`ls` @m system(\"id\")'");
	cr_assert_str_eq(gp_quote("", b, sizeof b), "''");
	/* cut to fit, never inside a UTF-8 character, always closed */
	cr_assert_str_eq(gp_quote("预算预算", b, 10), "'预算'");
	cr_assert_str_eq(gp_quote("预算预算", b, 9), "'预'");
	cr_assert_str_eq(gp_quote("''''", b, 6), "''''''" + 0 == NULL ? "" : "''''");
}

Test(output, hostile_text_runs_nothing_in_gnuplot, .timeout = 30)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	char cwd[1024];
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	cr_assert_eq(chdir(dir), 0);
	struct gp g;
	cr_assert_eq(gp_open(&g, dir, NULL), 0, "%s", g.why);
	char q[512], out[600];
	snprintf(out, sizeof out, "%s/t.svg", dir);
	gp_cmd(&g, "set terminal svg noenhanced");
	gp_cmd(&g, "set output %s", gp_quote(out, q, sizeof q));
	gp_cmd(&g, "set title %s", gp_quote(HOSTILE, q, sizeof q));
	gp_cmd(&g, "set xtics (%s 1)", gp_quote(HOSTILE, q, sizeof q));
	gp_cmd(&g, "plot x notitle");
	gp_end_chart(&g, "hostile");
	int failed = gp_close(&g, NULL, NULL);
	cr_assert_eq(chdir(cwd), 0);
	cr_assert_eq(failed, 0);
	cr_assert(!exists(dir, "PWNED1") && !exists(dir, "PWNED2"));
	struct stat st;
	char p[1024];
	snprintf(p, sizeof p, "%s/PWNED1", dir);
	cr_assert_neq(stat(p, &st), 0, "system() ran");
	snprintf(p, sizeof p, "%s/PWNED2", dir);
	cr_assert_neq(stat(p, &st), 0, "a backquote ran");
	snprintf(p, sizeof p, "%s/x", dir);
	cr_assert_neq(stat(p, &st), 0, "set output ran");
	/* the text is in the chart, as text */
	char *svg = ys_slurp(out, NULL);
	cr_assert_not_null(svg);
	cr_assert(strstr(svg, "<text>恶意'单位\" set output 'x' ; system(\"touch PWNED1\") `touch PWNED2` @x "
			      "&lt;b>&amp;amp;</text>"),
		  "title not found in the SVG");
	free(svg);
}

struct seen {
	char ids[8][64];
	char msgs[8][300];
	int errors[8];
	int n;
};

static void collect(void *ctx, const char *id, const char *msg, int error)
{
	struct seen *s = ctx;
	if (s->n < 8) {
		snprintf(s->ids[s->n], sizeof s->ids[s->n], "%s", id);
		snprintf(s->msgs[s->n], sizeof s->msgs[s->n], "%s", msg);
		s->errors[s->n++] = error;
	}
}

Test(output, gnuplot_errors_are_attributed_to_their_chart, .timeout = 30)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	struct gp g;
	cr_assert_eq(gp_open(&g, dir, NULL), 0);
	char q[512], out[600];
	for (int i = 0; i < 3; i++) {
		snprintf(out, sizeof out, "%s/c%d.svg", dir, i);
		gp_cmd(&g, "set terminal svg");
		gp_cmd(&g, "set output %s", gp_quote(out, q, sizeof q));
		if (i == 1)
			gp_cmd(&g, "plot $nosuchblock using 1:2");
		else
			gp_cmd(&g, "plot x");
		char id[16];
		snprintf(id, sizeof id, "chart%d", i);
		gp_end_chart(&g, id);
	}
	struct seen s = { 0 };
	cr_assert_eq(gp_close(&g, collect, &s), 1);
	cr_assert_eq(s.n, 1);
	cr_assert_str_eq(s.ids[0], "chart1");
	cr_assert_eq(s.errors[0], 1);
	cr_assert(exists(dir, "c0.svg") && exists(dir, "c2.svg"));
}

Test(output, a_gnuplot_crash_is_pinned_on_its_chart, .timeout = 30)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	struct gp g;
	cr_assert_eq(gp_open(&g, dir, NULL), 0);
	char q[512], out[600];
	for (int i = 0; i < 4; i++) {
		snprintf(out, sizeof out, "%s/k%d.svg", dir, i);
		gp_cmd(&g, "set terminal svg");
		gp_cmd(&g, "set output %s", gp_quote(out, q, sizeof q));
		if (i == 1) /* stands for a gnuplot bug: the process dies mid-chart */
			gp_cmd(&g, "system('kill -SEGV $PPID; sleep 1')");
		gp_cmd(&g, "plot x");
		char id[16];
		snprintf(id, sizeof id, "chart%d", i);
		gp_end_chart(&g, id);
	}
	struct seen s = { 0 };
	cr_assert_eq(gp_close(&g, collect, &s), 3);
	cr_assert_eq(s.n, 1);
	cr_assert_str_eq(s.ids[0], "chart1");
	cr_assert_str_eq(s.msgs[0], "gnuplot crashed (signal 11) on this chart; 2 later charts were not drawn");
	cr_assert(exists(dir, "k0.svg"));
}

/* Two years of a unit of the seed's template, with a registry that gives it a hostile name. */
static const char *two_years(const char *dir)
{
	static char in[600];
	snprintf(in, sizeof in, "%s/in", dir);
	mkdir(in, 0777);
	for (int y = 2024; y <= 2025; y++) {
		char name[64], text[2000];
		snprintf(name, sizeof name, "in/u%d.md", y);
		int basic = y == 2024 ? 70 : 80;
		snprintf(text, sizeof text,
			 "999001示例市测试中心\n%d年单位预算公开说明\n\n单位支出总体情况表\n\n"
			 "单位名称：999001示例市测试中心\n\n单位：万元\n\n"
			 "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
			 "合计\t\t\t100.00\t%d.00\t%d.00\n"
			 "201\t\t一般公共服务支出\t100.00\t%d.00\t%d.00\n"
			 "2010301\t\t行政运行\t100.00\t%d.00\t%d.00\n",
			 y, basic, 100 - basic, basic, 100 - basic, basic, 100 - basic);
		char p[700];
		snprintf(p, sizeof p, "%s/%s", dir, name);
		cr_assert_eq(ys_spit(p, text, strlen(text)), 0);
	}
	const char reg[] = "unit_code,unit_name,aliases,parent_code,group\n"
			   "999001,\"恶意'单位\"\"\n set output 'x' ; system(\"\"touch PWNED1\"\") `touch PWNED2` "
			   "@x <script>alert(1)</script> & co\",,,999\n";
	char p[700];
	snprintf(p, sizeof p, "%s/units.csv", in);
	cr_assert_eq(ys_spit(p, reg, strlen(reg)), 0);
	return in;
}

Test(output, a_run_draws_charts_and_writes_escaped_pages, .timeout = 60)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	const char *in = two_years(dir);
	char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	RUN_IN(&p, dir, NULL, "run", in, "-o", out);
	cr_assert_eq(p.status, 0, "%s", p.err);
	cr_assert_null(strstr(p.err, "gnuplot"), "gnuplot complained: %s", p.err);
	ys_proc_free(&p);
	struct stat st;
	char q[800];
	snprintf(q, sizeof q, "%s/PWNED1", dir);
	cr_assert_neq(stat(q, &st), 0);
	snprintf(q, sizeof q, "%s/PWNED2", dir);
	cr_assert_neq(stat(q, &st), 0);
	static const char *const charts[] = { "trend", "structure", "functions" };
	for (size_t i = 0; i < 3; i++)
		for (int f = 0; f < 2; f++) {
			char rel[100];
			snprintf(rel, sizeof rel, "charts/u999001/%s.%s", charts[i], f ? "png" : "svg");
			cr_assert(exists(out, rel), "%s missing or empty", rel);
		}
	cr_assert(exists(out, "charts/all/rank_growth.png"));
	char *png = read_out(out, "charts/u999001/trend.png");
	cr_assert(!memcmp(png, "\x89PNG", 4));
	free(png);

	char *html = read_out(out, "briefing/u999001.html");
	cr_assert_not_null(html);
	/* names are normalised (no spaces, no quotes: units.h); what is left must be escaped */
	cr_assert(strstr(html, "<h1>恶意单位setoutputx;system(touchPWNED1)`touchPWNED2`@x"
			       "&lt;script&gt;alert(1)&lt;/script&gt;&amp;co 预算审查简报</h1>"),
		  "%s", html);
	cr_assert_null(strstr(html, "<script>alert"));
	cr_assert(strstr(html, "<li>基本支出80.00万元，占80.00%，较上年增长14.29%。</li>"), "%s", html);
	cr_assert(strstr(html, "<li>项目支出20.00万元，占20.00%，较上年下降33.33%。</li>"));
	cr_assert(strstr(html, "<img src=\"../charts/u999001/trend.png\""));
	cr_assert_null(strstr(html, "http://"));
	cr_assert_null(strstr(html, "https://"));
	free(html);
	char *md = read_out(out, "briefing/u999001.md");
	cr_assert(strstr(md, "\\`touchPWNED2\\`@x\\<script\\>alert(1)\\</script\\>&co"), "%s", md);
	cr_assert(strstr(md, "- 基本支出80.00万元，占80.00%，较上年增长14.29%。\n"));
	cr_assert(strstr(md, "![支出合计、基本支出、项目支出历年走势](../charts/u999001/trend.png)"));
	free(md);
	char *idx = read_out(out, "briefing/index.html");
	cr_assert(strstr(idx, "<a href=\"u999001.html\">"));
	cr_assert(strstr(idx, "<table id=\"units\">"));
	free(idx);
	char *m = read_out(out, "manifest.json");
	cr_assert(strstr(m, "\"charts\": {\"asked\": "));
	cr_assert(strstr(m, "\"failed\": 0, \"skipped\": null}"));
	cr_assert(strstr(m, "{\"name\": \"briefing/u999001.html\", \"size\": "));
	free(m);
}

/* The value labels of a chart's SVG (`<text>` of a figure with decimals, anchored in the middle)
 * with their boxes: a character of a figure is about 0.6 of the font size wide. */
struct svg_label {
	double x0, x1, y0, y1;
	char text[40];
};

static int svg_value_labels(const char *svg, struct svg_label *out, int max)
{
	int n = 0;
	for (const char *g = strstr(svg, "<g transform=\"translate("); g && n < max;
	     g = strstr(g + 1, "<g transform=\"translate(")) {
		double x, y, f = 0;
		if (sscanf(g, "<g transform=\"translate(%lf,%lf)", &x, &y) != 2)
			continue;
		const char *end = strchr(g, '>'), *fs = strstr(g, "font-size=\""), *mid = strstr(g, "text-anchor=\"middle\"");
		const char *t = end ? strstr(end, "<text>") : NULL;
		if (!end || !fs || fs > end || !mid || mid > end || !t || sscanf(fs, "font-size=\"%lf", &f) != 1)
			continue;
		t += 6;
		size_t len = strcspn(t, "<");
		/* figures only (1,236.47): tic labels have no decimals, titles are not figures */
		if (len == 0 || len >= sizeof out[n].text || strcspn(t, ".") >= len ||
		    strspn(t, "-0123456789,.") != len)
			continue;
		snprintf(out[n].text, sizeof out[n].text, "%.*s", (int)len, t);
		double w = (double)len * f * 0.6;
		out[n].x0 = x - w / 2;
		out[n].x1 = x + w / 2;
		out[n].y0 = y - f;
		out[n].y1 = y;
		n++;
	}
	return n;
}

/* No value label of a chart overlaps another. Returns the number of labels. */
static int assert_no_overlap(const char *out, const char *rel)
{
	char *svg = read_out(out, rel);
	cr_assert_not_null(svg, "%s", rel);
	static struct svg_label l[400];
	int n = svg_value_labels(svg, l, 400);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			cr_assert(l[i].x1 <= l[j].x0 || l[j].x1 <= l[i].x0 || l[i].y1 <= l[j].y0 || l[j].y1 <= l[i].y0,
				  "%s: labels %s (%.0f,%.0f) and %s (%.0f,%.0f) overlap", rel, l[i].text, l[i].x0, l[i].y0,
				  l[j].text, l[j].x0, l[j].y0);
	free(svg);
	return n;
}

/* Three years of a unit whose 基本支出 and 项目支出 are equal (their points coincide) and whose
 * spending goes to 11 function 类, one more 类 at zero. */
static const char *equal_halves(const char *dir)
{
	static char in[600];
	snprintf(in, sizeof in, "%s/in", dir);
	mkdir(in, 0777);
	static const struct {
		const char *code, *name;
		int amount;
	} cl[] = { { "201", "一般公共服务支出", 30 }, { "202", "外交支出", 0 },	    { "204", "公共安全支出", 20 },
		   { "205", "教育支出", 10 },	      { "206", "科学技术支出", 10 }, { "207", "文化旅游体育与传媒支出", 8 },
		   { "208", "社会保障和就业支出", 7 }, { "210", "卫生健康支出", 5 },	    { "211", "节能环保支出", 4 },
		   { "212", "城乡社区支出", 3 },	      { "213", "农林水支出", 2 },	    { "221", "住房保障支出", 1 } };
	for (int y = 2023; y <= 2025; y++) {
		char text[4000];
		int w = snprintf(text, sizeof text,
				 "999002示例市均衡中心\n%d年单位预算公开说明\n\n单位支出总体情况表\n\n"
				 "单位名称：999002示例市均衡中心\n\n单位：万元\n\n"
				 "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
				 "合计\t\t\t100.00\t50.00\t50.00\n",
				 y);
		for (size_t i = 0; i < sizeof cl / sizeof cl[0]; i++)
			w += snprintf(text + w, sizeof text - (size_t)w, "%s\t\t%s\t%d.00\t%d.%02d\t%d.%02d\n", cl[i].code,
				      cl[i].name, cl[i].amount, cl[i].amount / 2, cl[i].amount % 2 * 50, cl[i].amount / 2,
				      cl[i].amount % 2 * 50);
		char p[700];
		snprintf(p, sizeof p, "%s/in/u%d.md", dir, y);
		cr_assert_eq(ys_spit(p, text, (size_t)w), 0);
	}
	return in;
}

/* Charts that fit the documents (issue 18, item 5): the functions chart lists only the 类 with
 * spending, largest first, 7 and 其他 beyond 8, each bar with its share and amount; the labels
 * of coinciding points do not overlap. */
Test(output, functions_chart_and_labels_fit, .timeout = 60)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	const char *in = equal_halves(dir);
	char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	RUN_IN(&p, dir, NULL, "run", in, "-o", out, "--charts", "svg");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	cr_assert_null(strstr(p.err, "charts/"), "gnuplot complained: %s", p.err);
	ys_proc_free(&p);
	char *f = read_out(out, "charts/u999002/functions.svg");
	cr_assert_not_null(f);
	cr_assert_null(strstr(f, "外交支出"), "a 类 without spending is not drawn");
	/* the 7 largest (教育 before 科学技术 at 10.00: by name), then the 4 smallest summed */
	const char *want[] = { "<text>30.0%（30.00万元）</text>", "<text>20.0%（20.00万元）</text>",
			       "<text>10.0%（10.00万元）</text>", "<text>8.0%（8.00万元）</text>",
			       "<text>7.0%（7.00万元）</text>", "<text>5.0%（5.00万元）</text>",
			       "<text>其他（4类）</text>", "<text>10.0%（10.00万元）</text>" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_assert(strstr(f, want[i]), "%s missing:\n%s", want[i], f);
	cr_assert_null(strstr(f, "节能环保支出"), "summed into 其他");
	cr_assert_null(strstr(f, "住房保障支出"), "summed into 其他");
	cr_assert(strstr(f, "<text>一般公共服务支出</text>") && strstr(f, "<text>卫生健康支出</text>"));
	free(f);
	/* 3 labels a year: 支出合计 above, 基本 and 项目 at one point, one above it and one below */
	cr_assert_eq(assert_no_overlap(out, "charts/u999002/trend.svg"), 9);
	char *t = read_out(out, "charts/u999002/trend.svg");
	size_t halves = 0;
	for (const char *s = strstr(t, "<text>50.00</text>"); s; s = strstr(s + 1, "<text>50.00</text>"))
		halves++;
	cr_assert_eq(halves, 6);
	free(t);
}

/* On the documents of datasets/: 三公 and 机关运行经费 each on a panel of its own, the value of
 * every point written at it (and no two values overlapping), a series without data absent from
 * the chart and its title, a unit known for one year (Liuzhou, with its narrative's prior year)
 * drawn as labelled bars, Wanli's 9 类 with spending as 7 and 其他（2类）. */
Test(output, charts_fit_the_documents, .timeout = 120)
{
	if (!have_gnuplot())
		cr_skip_test("gnuplot is not installed");
	const char *dir = ys_scratch();
	char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	RUN_IN(&p, NULL, NULL, "run", "datasets", "-o", out, "--charts", "svg");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	cr_assert_null(strstr(p.err, "charts/"), "gnuplot complained: %s", p.err);
	ys_proc_free(&p);
	char *a = read_out(out, "charts/u801/austerity.svg");
	cr_assert(strstr(a, "<text>“三公”经费（万元）</text>") && strstr(a, "<text>机关运行经费（万元）</text>"), "%s", a);
	cr_assert(strstr(a, "<text>6.60</text>") && strstr(a, "<text>175.28</text>"), "%s", a);
	free(a);
	cr_assert_eq(assert_no_overlap(out, "charts/u801/austerity.svg"), 12);
	cr_assert_eq(assert_no_overlap(out, "charts/u801/trend.svg"), 18);
	/* 示例市教育局第一研究院 gives no 机关运行经费 in any year: not in the chart, not in its title */
	a = read_out(out, "charts/u801001/austerity.svg");
	cr_assert_null(strstr(a, "机关运行经费"), "%s", a);
	cr_assert(strstr(a, "<text>示例市教育局第一研究院 “三公”经费</text>"), "%s", a);
	free(a);
	char *t = read_out(out, "charts/u103007/trend.svg");
	cr_assert(strstr(t, "<text>2024年（据次年说明）</text>") && strstr(t, "<text>2025年</text>"), "%s", t);
	cr_assert(strstr(t, "<text>柳州市12345政务服务热线管理中心 支出（浅色柱：次年说明中的上年数，无当年文件）</text>"));
	static const char *const fig[] = { "1,113.42", "1,236.47", "844.09", "982.67", "269.33", "253.80" };
	for (size_t i = 0; i < 6; i++) {
		char w[60];
		snprintf(w, sizeof w, "<text>%s</text>", fig[i]);
		cr_assert(strstr(t, w), "%s missing", w);
	}
	cr_assert_null(strstr(t, "空心点"));
	free(t);
	cr_assert_eq(assert_no_overlap(out, "charts/u103007/trend.svg"), 6);
	char *f = read_out(out, "charts/n44d237c98314bcc4/functions.svg");
	cr_assert(strstr(f, "<text>76.4%（11,938.53万元）</text>") && strstr(f, "<text>其他（2类）</text>"), "%s", f);
	cr_assert_null(strstr(f, "外交支出"));
	free(f);
	/* a peer group of fewer than 4 units (柳州's 103) has no box */
	char *b = read_out(out, "charts/all/box_basic_share.svg");
	cr_assert(strstr(b, "不足4个单位的组不列"));
	cr_assert_null(strstr(b, "<text>103</text>"));
	free(b);
}

Test(output, without_gnuplot_charts_are_skipped_with_one_warning, .timeout = 60)
{
	const char *dir = ys_scratch();
	const char *in = two_years(dir);
	char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	const char *env[] = { "PATH=/nonexistent", NULL };
	RUN_IN(&p, dir, env, "run", in, "-o", out);
	cr_assert_eq(p.status, 0, "%s", p.err);
	char want[900];
	snprintf(want, sizeof want,
		 "yusuan: %s: warning: gnuplot is not installed (Debian package gnuplot-nox): charts skipped\n", out);
	cr_assert(strstr(p.err, want), "%s", p.err);
	cr_assert_null(strstr(strstr(p.err, want) + strlen(want), "gnuplot"), "more than one warning: %s", p.err);
	ys_proc_free(&p);
	cr_assert(!exists(out, "charts/u999001/trend.svg"));
	cr_assert(exists(out, "metrics.csv") && exists(out, "briefing/u999001.html") &&
		  exists(out, "summary.xlsx") && exists(out, "briefing/index.html"));
	char *html = read_out(out, "briefing/u999001.html");
	cr_assert_null(strstr(html, "<img"));
	free(html);
	char *m = read_out(out, "manifest.json");
	cr_assert(strstr(m, "\"skipped\": \"gnuplot is not installed (Debian package gnuplot-nox): charts skipped\""));
	free(m);
	/* --charts none: nothing asked, no warning */
	RUN_IN(&p, dir, env, "run", in, "-o", out, "--charts", "none");
	cr_assert_eq(p.status, 0);
	cr_assert_null(strstr(p.err, "gnuplot"), "%s", p.err);
	ys_proc_free(&p);
}

Test(output, seed_page_says_what_the_seed_says, .timeout = 60)
{
	const char *dir = ys_scratch();
	char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	const char *env[] = { "PATH=/nonexistent", NULL }; /* no charts needed here */
	RUN_IN(&p, NULL, env, "run", "datasets/real/guangxi-liuzhou-103007-2025-budget.csv", "-o", out);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char *html = read_out(out, "briefing/u103007.html");
	cr_assert_not_null(html);
	cr_assert(strstr(html, "<li>基本支出982.67万元，占79.47%，较上年增长16.42%。</li>"));
	cr_assert(strstr(html, "<li>项目支出253.80万元，占20.53%"));
	cr_assert(strstr(html, "<title>柳州市12345政务服务热线管理中心 预算审查简报</title>"));
	/* the prior year comes from the narrative: the table says so */
	cr_assert(strstr(html, "<td>本年情况说明</td>"));
	free(html);
	char *x = read_out(out, "summary.xlsx");
	cr_assert(!memcmp(x, "PK\x03\x04", 4));
	free(x);
}

Test(output, html_and_markdown_escaping)
{
	char *buf;
	size_t n;
	FILE *fp = open_memstream(&buf, &n);
	briefing_html_escape(fp, "<a href='x'>\"&\"</a>\x01");
	fclose(fp);
	cr_assert_str_eq(buf, "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
	free(buf);
	fp = open_memstream(&buf, &n);
	briefing_md_escape(fp, "# 标题 | a*b_c [x](y) <b>\n- 1.5");
	fclose(fp);
	cr_assert_str_eq(buf, "\\# 标题 \\| a\\*b\\_c \\[x\\](y) \\<b\\> - 1.5");
	free(buf);
}

Test(output, workbook_numbers_ignore_the_locale)
{
	double d;
	cr_assert_eq(workbook_number("1236.47", &d), 0);
	cr_assert(d == 1236.47);
	cr_assert_eq(workbook_number("-0.5", &d), 0);
	cr_assert(d == -0.5);
	cr_assert_eq(workbook_number("79.47", &d), 0);
	cr_assert(d == 79.47);
	cr_assert_eq(workbook_number("100", &d), 0);
	cr_assert(d == 100.0);
	cr_assert_eq(workbook_number("", &d), -1);
	cr_assert_eq(workbook_number("1e5", &d), -1);
	cr_assert_eq(workbook_number("1.2.3", &d), -1);
	cr_assert_eq(workbook_number("1,5", &d), -1);
	cr_assert_eq(workbook_number("'=1+2", &d), -1);
}

/* summary.xlsx is built as two halves put together: the package must be whole and say what the
 * CSVs say. Checked with Python's zipfile (CRCs) and XML parser: twelve sheets in order, each
 * sheet's XML well formed, the print titles of every data sheet named in workbook.xml, the cells
 * of half B's sheets (增长, 科目明细) styled with the number formats of the package's styles.xml. */
Test(output, workbook_halves_make_one_whole_package, .timeout = 60)
{
	const char *dir = ys_scratch();
	char out[700], cmd[4096];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	RUN_IN(&p, NULL, NULL, "run", "datasets", "-o", out, "--charts", "none", "-q", "-j", "2");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 - '%s/summary.xlsx' > '%s/check.txt' 2>&1 <<'PY'\n"
		 "import re, sys, zipfile, xml.etree.ElementTree as ET\n"
		 "z = zipfile.ZipFile(sys.argv[1])\n"
		 "assert z.testzip() is None\n"
		 "ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}\n"
		 "wb = ET.fromstring(z.read('xl/workbook.xml'))\n"
		 "names = [s.get('name') for s in wb.find('m:sheets', ns)]\n"
		 "print('sheets', ' '.join(names))\n"
		 "print('titles', len(wb.find('m:definedNames', ns)))\n"
		 "st = ET.fromstring(z.read('xl/styles.xml'))\n"
		 "fmts = {n.get('numFmtId'): n.get('formatCode') for n in st.find('m:numFmts', ns)}\n"
		 "xfs = [fmts.get(x.get('numFmtId'), 'general') for x in st.find('m:cellXfs', ns)]\n"
		 "for i in range(1, 13):\n"
		 "    sh = ET.fromstring(z.read('xl/worksheets/sheet%%d.xml' %% i))\n"
		 "    cells = sh.iter('{%%s}c' %% ns['m'])\n"
		 "    used = sorted({xfs[int(c.get('s', 0))] for c in cells if c.find('m:v', ns) is not None})\n"
		 "    print('sheet%%d' %% i, ','.join(used))\n"
		 "g = z.read('xl/worksheets/sheet4.xml').decode()\n"
		 "print('seed growth', '982.67' in g and '844.09' in g)\n"
		 "PY",
		 out, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	char chk[800];
	snprintf(chk, sizeof chk, "%s/check.txt", dir);
	char *t = ys_slurp(chk, NULL);
	cr_assert(strstr(t, "sheets 说明 指标 历年对比 增长 趋势 同组比较 离群值 政策提示 审核发现 预算执行 PEFA评分 科目明细\n"), "%s", t);
	cr_assert(strstr(t, "titles 11\n"), "%s", t);
	/* 增长: 万元 and % (and the year); 科目明细: the same; 历年对比: 万元, %, counts */
	cr_assert(strstr(t, "sheet3 #,##0.00,0,0.00\n"), "%s", t);
	cr_assert(strstr(t, "sheet4 #,##0.00,0,0.00\n"), "%s", t);
	cr_assert(strstr(t, "sheet12 #,##0.00,0,0.00\n"), "%s", t);
	cr_assert(strstr(t, "seed growth True\n"), "%s", t);
	free(t);

	/* two halves whose styles differ do not go together: nothing is written */
	char a[800], b[800], o[800];
	snprintf(a, sizeof a, "%s/summary.xlsx", out);
	snprintf(b, sizeof b, "%s/other.xlsx", dir);
	snprintf(o, sizeof o, "%s/joined.xlsx", dir);
	lxw_workbook *wb = workbook_new(b);
	lxw_format *red = workbook_add_format(wb);
	format_set_font_color(red, LXW_COLOR_RED);
	worksheet_write_string(workbook_add_worksheet(wb, NULL), 0, 0, "x", red);
	cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
	cr_assert_eq(workbook_join(a, b, o), 0);
	cr_assert_neq(access(o, F_OK), 0);
	/* two that fit (the same package twice): the same sheets, whole */
	cr_assert_eq(workbook_join(a, a, o), 1);
	size_t na, no;
	char *xa = ys_slurp(a, &na), *xo = ys_slurp(o, &no);
	cr_assert_eq(na, no);
	cr_assert(!memcmp(xa, xo, na), "joining a package with itself gives it back");
	free(xa);
	free(xo);
}

/* The workbook prints and filters (issue 18, item 6), read from the package's XML: every data
 * sheet on A4 landscape, one page wide (fitToWidth 1, fitToHeight 0), its header row repeated on
 * each page (a Print_Titles name per sheet), panes frozen below the header and right of the unit
 * name (of 指标 in 历年对比), and an Excel table (ListObject) over exactly its range whose columns
 * are the header row's names; 历年对比 holds a unit's metric with its years side by side. */
Test(output, workbook_prints_and_filters, .timeout = 90)
{
	const char *dir = ys_scratch();
	char out[700], cmd[8192];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	RUN_IN(&p, NULL, NULL, "run", "datasets", "-o", out, "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 - '%s/summary.xlsx' > '%s/check.txt' 2>&1 <<'PY'\n"
		 "import re, sys, zipfile, xml.etree.ElementTree as ET\n"
		 "z = zipfile.ZipFile(sys.argv[1])\n"
		 "assert z.testzip() is None\n"
		 "M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'\n"
		 "R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'\n"
		 "ns = {'m': M}\n"
		 "ct = z.read('[Content_Types].xml').decode()\n"
		 "wb = ET.fromstring(z.read('xl/workbook.xml'))\n"
		 "titles = {d.get('localSheetId'): d.text for d in wb.find('m:definedNames', ns)}\n"
		 "for i in range(2, 13):\n"
		 "    sh = ET.fromstring(z.read('xl/worksheets/sheet%%d.xml' %% i))\n"
		 "    ps = sh.find('m:pageSetup', ns)\n"
		 "    fit = sh.find('m:sheetPr/m:pageSetUpPr', ns).get('fitToPage')\n"
		 "    pane = sh.find('m:sheetViews/m:sheetView/m:pane', ns)\n"
		 "    dim = sh.find('m:dimension', ns).get('ref')\n"
		 "    head = [''.join(t.itertext()) for t in sh.find('m:sheetData/m:row', ns)]\n"
		 "    rel = ET.fromstring(z.read('xl/worksheets/_rels/sheet%%d.xml.rels' %% i))[0]\n"
		 "    part = sh.find('m:tableParts/m:tablePart', ns).get('{%%s}id' %% R)\n"
		 "    assert part == rel.get('Id')\n"
		 "    tname = 'xl/tables/' + rel.get('Target').split('/')[-1]\n"
		 "    assert '/' + tname in ct, tname\n"
		 "    t = ET.fromstring(z.read(tname))\n"
		 "    cols = [c.get('name') for c in t.find('m:tableColumns', ns)]\n"
		 "    print('sheet%%d' %% i, ps.get('paperSize'), ps.get('orientation'), ps.get('fitToWidth', '1'),\n"
		 "          ps.get('fitToHeight'), fit, titles.get(str(i - 1), '').split('!')[-1],\n"
		 "          pane.get('xSplit'), pane.get('ySplit'), pane.get('state'),\n"
		 "          t.get('name'), t.get('ref') == dim, t.find('m:autoFilter', ns).get('ref') == dim,\n"
		 "          cols == head, len(cols))\n"
		 "print('tables', len([n for n in z.namelist() if n.startswith('xl/tables/')]))\n"
		 "w = ET.fromstring(z.read('xl/worksheets/sheet3.xml'))\n"
		 "rows = [[''.join(c.itertext()) for c in r] for r in w.find('m:sheetData', ns)]\n"
		 "print('wide', '|'.join(rows[0]))\n"
		 "for r in rows:\n"
		 "    if r[1] == '示例市教育局(本级)' and r[3] == '支出合计（万元）' or r[0] == '103007' and r[3] == '“三公”经费（万元）':\n"
		 "        print('row', '|'.join(r))\n"
		 "PY",
		 out, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	char chk[800];
	snprintf(chk, sizeof chk, "%s/check.txt", dir);
	char *t = ys_slurp(chk, NULL);
	/* sheet, paper 9 (A4), landscape, 1 wide, 0 (any number) long, fit on, print titles, panes
	 * (columns, rows), table name, its range and filter the sheet's, its columns the header's */
	static const char *const want[] = {
		"sheet2 9 landscape 1 0 1 $1:$1 2 1 frozen T_metrics True True True 39\n",
		"sheet3 9 landscape 1 0 1 $1:$1 4 1 frozen T_wide True True True 10\n",
		"sheet4 9 landscape 1 0 1 $1:$1 2 1 frozen T_growth True True True 11\n",
		"sheet5 9 landscape 1 0 1 $1:$1 2 1 frozen T_trends True True True 18\n",
		/* 同组比较 has no unit: the header row only; 离群值's unit name is its 5th column */
		"sheet6 9 landscape 1 0 1 $1:$1 None 1 frozen T_compare True True True 11\n",
		"sheet7 9 landscape 1 0 1 $1:$1 5 1 frozen T_outliers True True True 10\n",
		"sheet12 9 landscape 1 0 1 $1:$1 2 1 frozen T_breakdown True True True 13\n",
		"tables 11\n",
		"wide 单位编码|单位名称|文件类型|指标|2020年|2021年|2022年|2023年|2024年|2025年\n",
		"row 801|示例市教育局(本级)|单位预算|支出合计（万元）|4635|4469.06|4172.03|3931.81|3893.64|3959.89\n",
		"row 103007|柳州市12345政务服务热线管理中心|单位预算|“三公”经费（万元）|0.22\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_assert(strstr(t, want[i]), "%s missing:\n%s", want[i], t);
	for (int i = 2; i <= 12; i++) {
		char s[40];
		snprintf(s, sizeof s, "sheet%d 9 landscape 1 0 1 $1:$1 ", i);
		cr_assert(strstr(t, s), "%s missing:\n%s", s, t);
	}
	free(t);
}

/* LibreOffice opens the workbook and prints every sheet one page wide on A4 (when it is
 * installed: soffice --headless --convert-to pdf). */
Test(output, workbook_opens_in_libreoffice, .timeout = 300)
{
	if (system("command -v soffice >/dev/null 2>&1") != 0)
		cr_skip_test("LibreOffice (soffice) is not installed");
	const char *dir = ys_scratch();
	char out[700], cmd[4096];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	RUN_IN(&p, NULL, NULL, "run", "datasets/real", "-o", out, "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && HOME='%s' timeout 240 soffice --headless -env:UserInstallation=file://%s/lo "
		 "--convert-to pdf --outdir '%s/pdf' summary.xlsx >/dev/null 2>&1 && "
		 "pdfinfo -f 1 -l 10000 '%s/pdf/summary.pdf' > '%s/pdfinfo.txt'",
		 out, dir, dir, dir, dir, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(cmd, sizeof cmd, "%s/pdfinfo.txt", dir);
	char *info = ys_slurp(cmd, NULL);
	int pages = 0, portrait = 0, landscape = 0;
	for (const char *l = info; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		int pg;
		double w, h;
		if (sscanf(l, "Page %d size: %lf x %lf", &pg, &w, &h) != 3)
			continue;
		pages++;
		/* A4: 595 × 842 points */
		cr_assert((w > 594 && w < 596 && h > 841 && h < 843) || (h > 594 && h < 596 && w > 841 && w < 843),
			  "page %d is not A4: %.0f × %.0f", pg, w, h);
		portrait += w < h;
		landscape += w > h;
	}
	free(info);
	cr_assert_geq(landscape, 11, "every data sheet on landscape pages (%d)", landscape);
	cr_assert_geq(portrait, 1, "说明 in portrait");
	cr_assert_leq(pages, 60, "%d pages", pages);
}
