/* Analytics: metrics, growth, trends, peers, flags and the audit, on the real documents and on
 * series whose statistics were computed independently (by hand / a separate script). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "compute/audit.h"
#include "compute/corpus.h"
#include "compute/growth.h"
#include "compute/trend.h"
#include "read/doc.h"
#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(analytics, .fini = teardown);

static char *fx(int64_t v, int dec, char *b)
{
	return money_format(v, dec, b);
}

/* ---- trend statistics against an independent computation ---- */

Test(analytics, trend_fit_known_series)
{
	/* 2019..2023: 100 110 125 130 150. By hand (closed-form t with 3 df): slope 12, se 1.1547,
	 * R² 0.9730, p 0.0019, forecast 2024 159.00 in [142.16, 175.84], CAGR 10.67%, Theil–Sen 12.5,
	 * Mann–Kendall S=10, p 0.0275. */
	int years[] = { 2019, 2020, 2021, 2022, 2023 };
	double v[] = { 100, 110, 125, 130, 150 };
	struct trend_stats st;
	trend_fit(years, v, 5, &st);
	char b[40];
	cr_assert_eq(st.n, 5);
	cr_assert_str_eq(num_format(st.slope, 4, b), "12.0000");
	cr_assert_str_eq(num_format(st.slope_se, 4, b), "1.1547");
	cr_assert_str_eq(num_format(st.r2, 4, b), "0.9730");
	cr_assert_str_eq(num_format(st.p_value, 4, b), "0.0019");
	cr_assert_str_eq(num_format(st.forecast, 2, b), "159.00");
	cr_assert_str_eq(num_format(st.lo, 2, b), "142.16");
	cr_assert_str_eq(num_format(st.hi, 2, b), "175.84");
	cr_assert_str_eq(num_format(st.cagr, 2, b), "10.67");
	cr_assert_str_eq(num_format(st.theil_sen, 4, b), "12.5000");
	cr_assert_str_eq(num_format(st.mk_p, 4, b), "0.0275");
}

Test(analytics, trend_degenerate_cases)
{
	struct trend_stats st;
	/* fewer than three points: n and years only */
	int y2[] = { 2024, 2025 };
	double v2[] = { 1, 2 };
	trend_fit(y2, v2, 2, &st);
	cr_assert_eq(st.n, 2);
	cr_assert_eq(st.first_year, 2024);
	cr_assert_not(st.has_fit || st.has_cagr || st.has_ts || st.has_mk || st.has_forecast);
	/* constant: slope 0, no R² (nothing to explain), no p (no spread), MK p 1 */
	int y3[] = { 2021, 2022, 2023, 2024 };
	double v3[] = { 5, 5, 5, 5 };
	trend_fit(y3, v3, 4, &st);
	cr_assert(st.has_fit);
	cr_assert(fabs(st.slope) < 1e-12);
	cr_assert_not(st.has_r2);
	cr_assert_not(st.has_p);
	cr_assert_not(st.has_mk, "all ties: Mann-Kendall variance is zero");
	char b[40];
	cr_assert_str_eq(num_format(st.cagr, 2, b), "0.00");
	/* a gap year: x is the year, so a perfect line of 2 a year stays a slope of 2 */
	int y4[] = { 2018, 2019, 2021, 2022 };
	double v4[] = { 10, 12, 16, 18 };
	trend_fit(y4, v4, 4, &st);
	cr_assert_str_eq(num_format(st.slope, 4, b), "2.0000");
	cr_assert_str_eq(num_format(st.r2, 4, b), "1.0000");
	cr_assert_str_eq(num_format(st.forecast, 2, b), "20.00");
	/* a zero start: no CAGR */
	double v5[] = { 0, 1, 2, 3 };
	trend_fit(y3, v5, 4, &st);
	cr_assert_not(st.has_cagr);
	/* never NaN in print */
	cr_assert_str_eq(num_format(NAN, 2, b), "");
	cr_assert_str_eq(num_format(INFINITY, 2, b), "");
}

/* ---- the seed ---- */

static struct docsum summarise(const char *rel, struct strpool *pool, struct doc *d)
{
	const char *p = ys_shared(rel);
	if (!p)
		cr_skip_test("../shared absent");
	struct ys_error e;
	cr_assert_eq(doc_read(p, FMT_AUTO, d, &e), YS_OK, "%s", e.msg);
	struct docsum s;
	metrics_summarise(d, NULL, pool, &s);
	return s;
}

Test(analytics, seed_metrics_shares_and_narrative_growth)
{
	struct strpool *pool = strpool_new();
	struct doc d;
	struct docsum s = summarise(YS_SEED, pool, &d);
	char b[32];
	/* 982.67 / 1236.47 = 79.47%; 253.80 / 1236.47 = 20.53%; 962.44 / (962.44 + 20.23) = 97.94% */
	cr_assert_str_eq(fx(s.m[M_BASIC_SHARE].v, 2, b), "79.47");
	cr_assert_str_eq(fx(s.m[M_PROJECT_SHARE].v, 2, b), "20.53");
	cr_assert_str_eq(fx(s.m[M_PERSONNEL_SHARE].v, 2, b), "97.94");
	cr_assert_str_eq(fx(s.m[M_EXPENDITURE_TOTAL].v, 2, b), "1236.47");
	cr_assert_eq(s.m[M_EXPENDITURE_TOTAL].line, 278, "the 合计 of 支出总体情况表");
	cr_assert_str_eq(fx(s.m[M_SANGONG_RECEPTION].v, 2, b), "0.22");
	cr_assert_str_eq(fx(s.m[M_PROCUREMENT_GOODS].v, 2, b), "1.50");
	cr_assert_str_eq(fx(s.m[M_PROJECT_COUNT].v, 0, b), "5");
	/* 机关运行经费 is stated in the narrative only */
	cr_assert(s.m[M_ADMIN_RUNNING].from_narrative);
	cr_assert_str_eq(fx(s.m[M_ADMIN_RUNNING].v, 2, b), "20.23");
	/* growth from the narrative: +123.05 on 1,113.42 = 11.05%; 20.75 → 20.23 = −2.51% */
	struct sumset ss = { &s, 1, NULL, 0, pool, 1 };
	sumset_index(&ss);
	struct growth g;
	growth_compute(&ss, &g);
	int seen = 0;
	for (size_t i = 0; i < g.n; i++) {
		const struct growth_row *r = &g.v[i];
		int ok;
		int64_t pct = growth_pct(r->current - r->prior, r->prior, &ok);
		cr_assert_str_eq(r->prior_source, "narrative");
		if (r->metric == M_EXPENDITURE_TOTAL) {
			cr_assert_str_eq(fx(r->current - r->prior, 2, b), "123.05");
			cr_assert_str_eq(fx(pct, 2, b), "11.05");
			seen++;
		}
		if (r->metric == M_ADMIN_RUNNING) {
			cr_assert_str_eq(fx(r->prior, 2, b), "20.75");
			cr_assert_str_eq(fx(pct, 2, b), "-2.51");
			seen++;
		}
	}
	cr_assert_eq(seen, 2);
	growth_free(&g);
	free(ss.order);
	docsum_free(&s);
	doc_free(&d);
	strpool_free(pool);
}

Test(analytics, seed_audit_reports_what_is_there_and_nothing_else)
{
	struct strpool *pool = strpool_new();
	struct doc d;
	struct docsum s = summarise(YS_SEED, pool, &d);
	size_t warn = 0, err = 0, c302 = 0;
	for (size_t i = 0; i < s.findings.n; i++) {
		const struct finding *f = &s.findings.v[i];
		if (f->severity == SEV_ERROR)
			err++;
		if (f->severity == SEV_WARNING) {
			warn++;
			cr_assert_str_eq(f->check, "unplaced_row");
		}
		/* 302's fifteen items add up to 20.22 against a printed 20.23: within rounding */
		if (!strcmp(f->check, "code_sum") && f->line == 370) {
			cr_assert_eq(f->severity, SEV_INFO);
			cr_assert_eq(f->expected, INT64_C(20230000));
			cr_assert_eq(f->actual, INT64_C(20220000));
			c302++;
		}
	}
	cr_assert_eq(err, 0, "no errors in the seed");
	cr_assert_eq(warn, 2, "the two procurement rows one cell short");
	cr_assert_eq(c302, 2, "合计 and 公用经费 columns of row 302");
	cr_assert_eq(audit_envelope(15, MU_WAN), 80000, "16 half-hundredths of 万元");
	docsum_free(&s);
	doc_free(&d);
	strpool_free(pool);
}

/* ---- the Shanghai series, end to end ---- */

static char *csv_of(const char *dir, const char *name)
{
	char p[600];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return ys_slurp(p, NULL);
}

Test(analytics, wanli_growth_from_both_documents, .timeout = 60)
{
	const char *a = ys_shared("corpus/shanghai-putuo-wanli-street-2023-dept-budget.layout.txt");
	const char *b = ys_shared("corpus/shanghai-putuo-wanli-street-2024-dept-budget.layout.txt");
	if (!a || !b)
		cr_skip_test("../shared absent");
	char out[512];
	snprintf(out, sizeof out, "%s/res", ys_scratch());
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL, (const char *const[]){ "run", a, b, "-o", out, "-q", NULL }), 0);
	cr_assert_eq(p.status, 1, "errors found (the 三公 table): %s", p.err);
	ys_proc_free(&p);
	char *g = csv_of(out, "growth.csv");
	cr_assert_not_null(g);
	/* 2023: 22.91 → 2024: 47.91, +25.00, as the 2024 narrative says (比2023年预算增加25万元) */
	cr_assert(strstr(g, ",上海市普陀区人民政府万里街道办事处,2024,budget/department,sangong_total,22.91,47.91,25.00,109.12,table,\n"), "%s", g);
	cr_assert(strstr(g, ",2024,budget/department,sangong_vehicle_purchase,0.00,25.00,25.00,,table,不可比\n"));
	/* 机关运行经费 786.09 → 443.18 */
	cr_assert(strstr(g, ",2024,budget/department,admin_running,786.09,443.18,-342.91,-43.62,table,\n"));
	/* shares move in percentage points */
	cr_assert(strstr(g, ",2024,budget/department,basic_share,60.25,63.83,3.58,,table,百分点\n"));
	free(g);
	char *au = csv_of(out, "audit.csv");
	/* the 2024 三公 table says it is empty, yet its row and the narrative say 47.91 */
	cr_assert(strstr(au, ",2024,budget/department,stated_empty_with_values,error,0.00,47.91,47.91,"), "%s", au);
	cr_assert(strstr(au, ",2024,budget/department,narrative_vs_empty_table,error,0.00,47.91,47.91,"));
	/* the 2023 narrative's 政府性基金 `0万元，比2022年预算增加1421.25万元` implies a negative prior */
	cr_assert(strstr(au, ",2023,budget/department,narrative_prior,error,,-1421.25,,"));
	free(au);
	char *fl = csv_of(out, "flags.csv");
	cr_assert(strstr(fl, ",2024,budget/department,sangong_increase,warning,47.91,22.91,0.00,“三公”经费由22.91万元增至47.91万元"), "%s", fl);
	cr_assert(strstr(fl, ",sangong_item_increase,warning,25.00,0.00,0.00,公务用车购置费由0.00万元增至25.00万元"));
	cr_assert_null(strstr(fl, "admin_running_increase"), "机关运行经费 fell");
	free(fl);
	char *tr = csv_of(out, "trends.csv");
	/* two budgets: n = 2 (plus the 2022 prior the 2023 narrative gives for 三公), stats empty */
	cr_assert(strstr(tr, ",budget/department,admin_running,2023,2024,2,,,,,,,,,,,\n"), "%s", tr);
	cr_assert(strstr(tr, ",budget/department,sangong_total,2022,2024,3,"));
	free(tr);
}

/* A falling series: its negative statistics are numbers in trends.csv, not text (`'-10.0000`
 * was once written, the formula guard meant for text cells). 机关运行经费 30, 20, 10: CAGR
 * (10/30)^(1/2) − 1 = −42.26 %, slope −10 a year. */
Test(analytics, falling_trend_is_numeric)
{
	const char *dir = ys_scratch();
	char csv[2048] = "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n";
	for (int i = 0; i < 3; i++) {
		char row[256];
		snprintf(row, sizeof row, "900001,示例单位,%d,budget/unit,sangong,,合计,admin_running,%d.00,万元,x%d.txt:1\n",
			 2023 + i, 30 - 10 * i, i);
		strcat(csv, row);
	}
	ys_fixture("fall.csv", csv);
	char out[512];
	snprintf(out, sizeof out, "%s/res", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, dir, NULL, (const char *const[]){ "run", "fall.csv", "-o", out, "-q", "--charts", "none", "--fail-on", "never", NULL }), 0);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char *tr = csv_of(out, "trends.csv");
	cr_assert(strstr(tr, "900001,示例单位,budget/unit,admin_running,2023,2025,3,-42.26,-10.0000,"), "%s", tr);
	cr_assert_null(strstr(tr, "'"), "%s", tr);
	free(tr);
}

/* Peers from a facts CSV of seven units written for this test: median, quantiles, robust z of a
 * ratio (三公 per 支出合计, ‰), never of an amount — the seventh unit is a hundred times larger
 * than the others and is no outlier for that. */
Test(analytics, peers_distribution_and_outlier)
{
	const char *dir = ys_scratch();
	char csv[8192] = "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n";
	/* 三公 10 11 12 13 14 100 of 1000 万元, and 1200 of 100000 万元: 10 11 12 13 14 100 12 ‰;
	 * all in group 900 by code prefix */
	const int sg[] = { 10, 11, 12, 13, 14, 100, 1200 };
	for (int i = 0; i < 7; i++) {
		char row[512];
		snprintf(row, sizeof row,
			 "90000%d,示例单位%d,2025,budget/unit,expenditure,,合计,total,%d.00,万元,x%d.txt:1\n"
			 "90000%d,示例单位%d,2025,budget/unit,sangong,,合计,total,%d.00,万元,x%d.txt:2\n",
			 i + 1, i + 1, i == 6 ? 100000 : 1000, i, i + 1, i + 1, sg[i], i);
		strcat(csv, row);
	}
	ys_fixture("seven.csv", csv);
	char out[512];
	snprintf(out, sizeof out, "%s/res", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, dir, NULL, (const char *const[]){ "run", "seven.csv", "-o", out, "-q", "--fail-on", "never", NULL }), 0);
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	char *c = csv_of(out, "compare.csv");
	/* n 7; mean 24.5714; sd (sample, Python statistics.stdev) 33.2859; min 10; p25 11.5; median 12;
	 * p75 13.5; max 100 */
	cr_assert(strstr(c, "2025,all,sangong_ratio,7,24.5714,33.2859,10.0000,11.5000,12.0000,13.5000,100.0000\n"), "%s", c);
	cr_assert(strstr(c, "2025,900,sangong_ratio,7,"));
	cr_assert_null(strstr(c, "expenditure_total"), "amounts are not compared: %s", c);
	cr_assert_null(strstr(c, "sangong_total"), "%s", c);
	free(c);
	char *o = csv_of(out, "outliers.csv");
	/* MAD = median(|x − 12|) = median(2 1 0 1 2 88 0) = 1; z = 88 / 1.4826 = 59.36 */
	cr_assert(strstr(o, "2025,all,sangong_ratio,900006,示例单位6,100.0000,12.0000,1.0000,59.36,1\n"), "%s", o);
	cr_assert_null(strstr(o, "900007"), "the large unit is no outlier: %s", o);
	cr_assert_null(strstr(o, "900001"));
	free(o);
}

/* A narrative claim whose current figure contradicts the tables (a real final accounts says
 * `财政拨款收入支出总计0.3万元…持平` where its tables say 2940.05) gives no prior year. */
Test(analytics, contradicted_claim_gives_no_prior_year)
{
	const char *p = ys_fixture("c.md",
				   "888001示例市某某局\n2024年单位预算公开说明\n\n"
				   "单位支出总体情况表\n\n单位：万元\n\n"
				   "科目编码\t部门(单位)代码\t部门名称(单位)(功能分类科目名称)\t合计\t基本支出\t项目支出\n"
				   "合计\t\t\t100.00\t80.00\t20.00\n\n"
				   "2024年单位支出总预算0.3万元，与上年持平。基本支出预算80.00万元，与上年持平。\n");
	struct doc d;
	struct ys_error e;
	cr_assert_eq(doc_read(p, FMT_AUTO, &d, &e), YS_OK, "%s", e.msg);
	struct strpool *pool = strpool_new();
	struct docsum s;
	metrics_summarise(&d, NULL, pool, &s);
	cr_assert(s.m[M_EXPENDITURE_TOTAL].has);
	cr_assert(!docsum_x(&s, MX_PRIOR, M_EXPENDITURE_TOTAL)->has, "0.3 is not 100.00: its 持平 says nothing");
	cr_assert(docsum_x(&s, MX_PRIOR, M_BASIC)->has, "80.00 agrees with the table: its prior stands");
	cr_assert_eq(docsum_x(&s, MX_PRIOR, M_BASIC)->v, INT64_C(80000000));
	docsum_free(&s);
	strpool_free(pool);
	doc_free(&d);
}

/* An independent computation: scripts/bench_pandas.py works out the 33 metrics again from
 * facts.csv with pandas, following the same order of sources written down separately, and
 * compares with metrics.csv — on the default dataset: the real documents (budgets, final
 * accounts, layout text) and the demo region. Not one value may differ. */
Test(analytics, metrics_agree_with_an_independent_pandas_computation, .timeout = 120)
{
	if (system("/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1") != 0)
		cr_skip_test("python3-pandas is not installed (scripts/setup.sh --test installs it)");
	const char *dir = ys_scratch();
	char out[512], cmd[2048];
	snprintf(out, sizeof out, "%s/res", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL, (const char *const[]){ "run", "datasets", "-o", out, "-q", "--charts", "none", NULL }), 0);
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && /usr/bin/python3 scripts/bench_pandas.py '%s/facts.csv' '%s/metrics.csv' -v "
		 "> '%s/pandas.out' 2> '%s/pandas.err'", YS_SOURCE_DIR, out, out, dir, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	char po[600], pe[600];
	snprintf(po, sizeof po, "%s/pandas.out", dir);
	snprintf(pe, sizeof pe, "%s/pandas.err", dir);
	char *o = ys_slurp(po, NULL), *e = ys_slurp(pe, NULL);
	double load, comp;
	int docs = -1, mism = -1, compared = -1, total = -1;
	cr_assert_eq(sscanf(o, "%lf %lf %d %d", &load, &comp, &docs, &mism), 4, "%s", o);
	cr_assert_eq(sscanf(e, "%d of %d documents compared", &compared, &total), 2, "%s", e);
	cr_assert_eq(mism, 0, "metrics differing from pandas: %s", e);
	/* documents without a code of their own are keyed by the registry's: not compared */
	cr_assert_geq(compared, 90, "%s", e);
	cr_assert_eq(total, docs);
	free(o);
	free(e);
}
