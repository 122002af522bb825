/* What a director reads (issue 18): no internal id on a page or a sheet, thousands separators,
 * source links, the 说明 sheet. The default dataset (the real documents and the demo region)
 * is run once per test; what a reader sees is taken out by tests/visible_text.py. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(briefing, .fini = teardown);

/* The default dataset's results in dir/out (charts as asked). */
static const char *run_default(const char *dir, const char *charts)
{
	static char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL,
			     (const char *const[]){ "run", "datasets", "-o", out, "-q", "-j", "2", "--charts", charts,
						    "--fail-on", "never", NULL }),
		     0);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	return out;
}

static char *visible_text(const char *dir, const char *out)
{
	char cmd[2048], path[800];
	snprintf(path, sizeof path, "%s/visible.txt", dir);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/visible_text.py' '%s' > '%s'", YS_SOURCE_DIR, out, path);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	char *t = ys_slurp(path, NULL);
	cr_assert_not_null(t);
	return t;
}

static char *read_out(const char *out, const char *rel)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", out, rel);
	char *t = ys_slurp(p, NULL);
	cr_assert_not_null(t, "%s missing", p);
	return t;
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The section (`== NAME` line) of text at p. */
static void section_of(const char *text, const char *p, char *name, size_t n)
{
	const char *s = p;
	while (s > text && !(s[-1] == '\n' && !strncmp(s, "== ", 3)))
		s--;
	size_t len = strcspn(s, "\n");
	snprintf(name, n, "%.*s", (int)len, s);
}

/* The ids of the CSVs that are not words for a reader: rules, checks, severities, execution
 * scopes, bases and sources, where a prior year came from, peer scopes, kinds of document,
 * PEFA's n/a and the metric keys. (`budget` and `final` alone are left out: the inputs' file
 * names, which pages show, hold them.) */
static const char *const ids[] = {
	"sangong_increase", "sangong_item_increase", "admin_running_increase", "share_shift",
	"performance_exceeds_project", "procurement_parts",
	"unplaced_row", "garbage_cell", "truncated", "code_repaired", "empty_table", "no_unit",
	"missing_table", "stated_empty_with_values", "narrative_vs_empty_table", "balance",
	"summary_sum", "row_sum", "code_sum", "total_sum", "cross_table", "sangong_vs_economic",
	"performance_sum", "narrative_vs_table", "narrative_share", "narrative_rate",
	"narrative_prior", "restated_prior", "restated_budget", "reading_suspect",
	"duplicate_document", "unreadable_input", "bad_fact", "contradictory_fact", "bad_registry",
	"error", "warning", "info",
	"total", "gpb_total", "basic", "project", "sangong", "function", "economic",
	"initial", "adjusted",
	"final_accounts_table", "final_accounts_narrative", "final_accounts_items", "budget_document",
	"table", "narrative",
	"all", "all:final", "others", "others:final",
	"budget/unit", "budget/department", "final/unit", "final/department",
	"n/a",
	"income_total", "expenditure_total", "fiscal_total", "gov_fund_total", "soe_total",
	"basic_share", "project_share", "personnel", "public_use", "personnel_share", "econ_301",
	"econ_302", "econ_303", "econ_310", "sangong_total", "sangong_abroad", "sangong_vehicle",
	"sangong_vehicle_purchase", "sangong_vehicle_operation", "sangong_reception", "meeting",
	"training", "admin_running", "procurement_total", "procurement_goods", "procurement_works",
	"procurement_services", "purchase_service_total", "project_count", "performance_total",
	"quality_score",
};

Test(briefing, no_internal_id_reaches_a_reader, .timeout = 90)
{
	const char *dir = ys_scratch();
	const char *out = run_default(dir, "none");
	char *t = visible_text(dir, out);
	cr_assert(strstr(t, "== briefing/index.html\n"));
	cr_assert(strstr(t, "== briefing/u103007.md\n"));
	cr_assert(strstr(t, "== summary.xlsx 审核发现\n"));
	cr_assert_null(strstr(t, "== summary.xlsx 说明\n"), "说明 gives the ids on purpose");
	/* the real units' findings, rules and execution rows are there to be named */
	cr_assert(strstr(t, "未公开的报表"), "missing_table by its name");
	cr_assert(strstr(t, "“三公”经费增加"), "sangong_increase by its name");
	cr_assert(strstr(t, "决算情况说明"), "final_accounts_narrative by its name");
	cr_assert(strstr(t, "不评分"), "n/a by its name");
	cr_assert(strstr(t, "全部单位"), "all by its name");
	size_t bad = 0;
	char report[4096] = "";
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		size_t n = strlen(ids[i]);
		for (const char *p = strstr(t, ids[i]); p; p = strstr(p + 1, ids[i])) {
			if ((p > t && word_char(p[-1])) || word_char(p[n]) || (p > t && (p[-1] == '/' || p[-1] == ':')) ||
			    p[n] == '/' || p[n] == ':')
				continue;
			char where[200];
			section_of(t, p, where, sizeof where);
			if (bad++ < 12) {
				size_t w = strlen(report);
				snprintf(report + w, sizeof report - w, "  %s in %s: …%.40s…\n", ids[i], where,
					 p > t + 20 ? p - 20 : t);
			}
		}
	}
	cr_assert_eq(bad, 0, "%zu ids a reader meets:\n%s", bad, report);
	free(t);
}

/* Numbers on pages as analysts see them in Excel; a PDF's figures link to their page. */
Test(briefing, pages_separate_thousands_and_link_pdf_pages, .timeout = 90)
{
	const char *dir = ys_scratch();
	const char *out = run_default(dir, "none");
	char *idx = read_out(out, "briefing/index.html");
	cr_assert(strstr(idx, ">15,621.11</td>"), "万里街道 2024 支出合计 with its separator");
	free(idx);
	char *w = read_out(out, "briefing/n44d237c98314bcc4.html");
	cr_assert(strstr(w, "<li>支出合计15,621.11万元，较上年下降5.31%。</li>"), "%s", w);
	/* the key figures' source: page 20 of the PDF the facts came from */
	cr_assert(strstr(w, "shanghai-putuo-wanli-street-2024-dept-budget.pdf#page=20\">"
			    "shanghai-putuo-wanli-street-2024-dept-budget.pdf 第20页 第1行</a>"),
		  "%s", w);
	free(w);
	char *md = read_out(out, "briefing/n44d237c98314bcc4.md");
	cr_assert(strstr(md, "- 支出合计15,621.11万元，较上年下降5.31%。\n"));
	free(md);
}

/* Units of group 900 (by code prefix): expenditure 1000 万元 each, 三公 as given. */
static const char *group_of(const char *dir, const char *name, const int *sg, int n)
{
	char csv[4096] = "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n";
	for (int i = 0; i < n; i++) {
		char row[512];
		snprintf(row, sizeof row,
			 "90000%d,示例单位%d,2025,budget/unit,expenditure,,合计,total,1000.00,万元,x%d.txt:1\n"
			 "90000%d,示例单位%d,2025,budget/unit,sangong,,合计,total,%d.00,万元,x%d.txt:2\n",
			 i + 1, i + 1, i, i + 1, i + 1, sg[i], i);
		strcat(csv, row);
	}
	ys_fixture(name, csv);
	static char out[700];
	snprintf(out, sizeof out, "%s/%s.out", dir, name);
	struct proc p;
	cr_assert_eq(ys_exec(&p, dir, NULL,
			     (const char *const[]){ "run", name, "-o", out, "-q", "--charts", "none", "--fail-on", "never", NULL }),
		     0);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	return out;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* A group of three, one of them ten times the others' 三公 per 支出合计: no outlier row, no
 * outlier line, and the page says once why; the same with a fourth unit gives the lines. */
Test(briefing, no_outlier_line_for_a_group_under_four, .timeout = 60)
{
	const char *dir = ys_scratch();
	const int three[] = { 10, 11, 100 };
	const char *out = group_of(dir, "three.csv", three, 3);
	char *o = read_out(out, "outliers.csv");
	cr_assert_str_eq(o, "year,group,metric,unit_code,unit_name,value,median,mad,robust_z,rank\n");
	free(o);
	char *h = read_out(out, "briefing/u900003.html");
	cr_assert_eq(count(h, "明显高于"), 0, "%s", h);
	cr_assert_eq(count(h, "明显低于"), 0);
	cr_assert_eq(count(h, "少于4个单位，不作比较，也不判断是否明显偏离。"), 1, "said once: %s", h);
	cr_assert(strstr(h, "<li>同组“900”：2025年预算共3个单位：示例单位1、示例单位2、示例单位3。</li>"), "%s", h);
	free(h);
	char *md = read_out(out, "briefing/u900003.md");
	cr_assert_eq(count(md, "明显高于"), 0);
	free(md);

	const int four[] = { 10, 11, 12, 100 };
	out = group_of(dir, "four.csv", four, 4);
	h = read_out(out, "briefing/u900004.html");
	/* median 11.5, MAD 1, z = 88.5 / 1.4826 */
	cr_assert(strstr(h, "<p class=\"warning\">“三公”经费占支出合计比例明显高于同组：本单位100.00‰，"
			    "同组中位数11.50‰（稳健z值59.69）。</p>"),
		  "%s", h);
	cr_assert_eq(count(h, "不作比较"), 0);
	free(h);
}

/* 审查要点 at the top of the index and in summary.md: sentences about units, each linked to the
 * unit's page; the figures are the real documents' (万里街道 2024: 三公 22.91 → 47.91). */
Test(briefing, review_points_lead_the_index_and_link_their_units, .timeout = 90)
{
	const char *dir = ys_scratch();
	const char *out = run_default(dir, "none");
	char *idx = read_out(out, "briefing/index.html");
	char *h2 = strstr(idx, "<h2>审查要点</h2>"), *tab = strstr(idx, "<table id=\"units\">");
	cr_assert(h2 && tab && h2 < tab, "审查要点 before the table of units");
	cr_assert(strstr(idx, "<li><a href=\"n44d237c98314bcc4.html\">上海市普陀区人民政府万里街道办事处2024年部门预算："
			      "“三公”经费47.91万元，较上年增加25.00万元，增长109.12%。</a></li>"),
		  "%s", idx);
	free(idx);
	char *md = read_out(out, "briefing/summary.md");
	cr_assert(!strncmp(md, "# 预算审查要点\n", strlen("# 预算审查要点\n")), "%s", md);
	cr_assert(strstr(md, "本次审查35个单位的181份文件（预算180份、决算1份），年度为2020–2025年。"), "%s", md);
	cr_assert(strstr(md, "- [上海市普陀区人民政府万里街道办事处2024年部门预算支出合计15,621.11万元，较上年下降5.31%"
			     "（减少876.75万元）。](n44d237c98314bcc4.md)\n"),
		  "%s", md);
	cr_assert(strstr(md, "### 五、读取不完整的文件\n"));
	/* every item is about a unit and links its page, but the "另有…" and "没有…" lines */
	size_t items = 0;
	for (const char *p = strstr(md, "\n- "); p; p = strstr(p + 1, "\n- ")) {
		items++;
		cr_assert(!strncmp(p, "\n- [", 4) || !strncmp(p, "\n- 另有", strlen("\n- 另有")) ||
				  !strncmp(p, "\n- 没有", strlen("\n- 没有")) || !strncmp(p, "\n- 所有", strlen("\n- 所有")),
			  "an item without its link: %.200s", p);
		if (p[3] == '[') {
			const char *close = strstr(p, "](");
			cr_assert(close && strstr(close, ".md)") && strstr(close, ".md)") < strchr(close, '\n'), "%.200s", p);
		}
	}
	cr_assert_geq(items, 20);
	free(md);
}

/* The text of each `<td class="n fc"…>` cell (the forecasts) of an HTML page, one a line. */
static void forecast_cells(const char *html, char *out, size_t n)
{
	size_t w = 0;
	out[0] = '\0';
	for (const char *p = strstr(html, "<td class=\"n fc\""); p; p = strstr(p + 1, "<td class=\"n fc\"")) {
		const char *a = strchr(p, '>'), *b = a ? strstr(a, "</td>") : NULL;
		if (!a || !b)
			break;
		w += (size_t)snprintf(out + w, w < n ? n - w : 0, "%.*s\n", (int)(b - a - 1), a + 1);
	}
}

/* trends.csv keeps every statistic as computed, an amount's forecast and bounds cut at 0
 * (示例市教育局第一研究院's 因公出国（境）费: -1.01, -4.29 to 2.26 → 0, 0 to 2.26); a page never shows a forecast or a bound below zero, and
 * gives no interval from fewer than 4 points. Trends are in words. */
Test(briefing, no_forecast_shown_is_negative, .timeout = 90)
{
	const char *dir = ys_scratch();
	const char *out = run_default(dir, "none");
	char *tr = read_out(out, "trends.csv");
	cr_assert(strstr(tr, "801001,示例市教育局第一研究院,budget/unit,sangong_abroad,2020,2025,6,-36.90,-0.7229,"
			     "0.2065,0.7539,0.0249,-0.6750,0.1190,0.00,0.00,2.26,预测值低于0，按0列示\n"),
		  "the statistics as computed, the forecast (-1.01) and its lower bound (-4.29) of an amount cut "
		  "at 0 (issue 16)");
	free(tr);
	char cmd[1200], list[800];
	snprintf(list, sizeof list, "%s/pages.txt", dir);
	snprintf(cmd, sizeof cmd, "ls '%s/briefing' | grep '\\.html$' > '%s'", out, list);
	cr_assert_eq(system(cmd), 0);
	char *names = ys_slurp(list, NULL);
	static char cells[1 << 20];
	size_t pages = 0, shown = 0;
	for (char *nm = strtok(names, "\n"); nm; nm = strtok(NULL, "\n")) {
		char rel[300];
		snprintf(rel, sizeof rel, "briefing/%s", nm);
		char *h = read_out(out, rel);
		forecast_cells(h, cells, sizeof cells);
		pages++;
		for (char *c = cells; *c; c++)
			cr_assert(*c != '-' && strncmp(c, "−", strlen("−")), "a negative forecast on %s:\n%s", nm, cells);
		shown += strlen(cells) > 0;
		free(h);
	}
	free(names);
	cr_assert_geq(pages, 35);
	cr_assert_geq(shown, 30, "forecasts are shown on most pages");
	char *u = read_out(out, "briefing/u801001.html");
	cr_assert(strstr(u, "<td>因公出国（境）费</td><td>2020–2025（6年）</td><td>无明显趋势</td>"
			    "<td class=\"n\">-0.68</td><td class=\"n\">-36.90%</td>"
			    "<td class=\"n fc\">（外推低于0，不列示）</td>"),
		  "%s", u);
	/* 三公 of 示例市教育局(本级) rises significantly (Mann–Kendall p 0.035 over 6 years) */
	free(u);
	u = read_out(out, "briefing/u801.html");
	cr_assert(strstr(u, "<li>“三公”经费2020–2025年（6个年度）显著上升，每年约增加1.03万元，年均增长38.39%。</li>"), "%s", u);
	free(u);
	/* 3 points: a forecast, no interval */
	u = read_out(out, "briefing/n44d237c98314bcc4.html");
	cr_assert(strstr(u, "<td class=\"n fc\">56.24</td>"), "%s", u);
	free(u);
}
