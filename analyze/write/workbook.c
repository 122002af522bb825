/* The workbook: each summary CSV streamed through libcsv into a worksheet (constant-memory mode,
 * rows written in order), columns typed by a table of the CSV headers. */
#include "workbook.h"
#include "base/children.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unzip.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/rowbuf.h"
#include "base/text.h"
#include "compute/metrics.h"
#include "compute/peers.h"
#include "names.h"

int workbook_number(const char *s, double *out)
{
	/* [-]digits[.digits]: the mantissa as an integer over a power of ten, one correctly
	 * rounded division (exact operands while the mantissa stays below 2^53) */
	const char *p = s;
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	uint64_t m = 0;
	int digits = 0, dec = 0, dot = 0;
	for (; *p; p++) {
		if (*p == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			return -1;
		if (m > (UINT64_C(1) << 53) / 10)
			return -1;
		m = m * 10 + (uint64_t)(*p - '0');
		digits++;
		dec += dot;
	}
	if (!digits || dec > 22)
		return -1;
	double v = (double)m;
	double ten = 1;
	for (int i = 0; i < dec; i++)
		ten *= 10;
	*out = neg ? -(v / ten) : v / ten;
	return 0;
}

/* CT_NAMED: an id of the CSV shown by its name (names.h, kind in col_spec.nk); CT_GROUP: a peer
 * scope (`all` → 全部单位). */
enum col_type { CT_TEXT, CT_NAMED, CT_GROUP, CT_INT, CT_MONEY, CT_PCT, CT_REAL2, CT_REAL4, CT_METRIC,
		CT_VALUE };

struct col_spec {
	const char *sheet;   /* NULL: any sheet */
	const char *name;
	const char *zh;
	enum col_type type;
	double width;
	enum name_kind nk;   /* CT_NAMED */
};

/* Every column of the summary CSVs (SPEC §6). A column missing here is written as text under
 * its CSV name: a new CSV column never breaks the workbook. */
static const struct col_spec cols[] = {
	{ NULL, "unit_code", "单位编码", CT_TEXT, 11, NK_COUNT },
	{ NULL, "unit_name", "单位名称", CT_TEXT, 30, NK_COUNT },
	{ NULL, "year", "年度", CT_INT, 7, NK_COUNT },
	{ NULL, "doc_kind", "文件类型", CT_NAMED, 10, NK_KIND },
	{ NULL, "group", "同组", CT_GROUP, 12, NK_COUNT },
	{ NULL, "metric", "指标", CT_METRIC, 22, NK_COUNT },
	{ NULL, "severity", "级别", CT_NAMED, 7, NK_SEVERITY },
	{ NULL, "message", "说明", CT_TEXT, 60, NK_COUNT },
	{ "breakdown", "dimension", "分类", CT_NAMED, 9, NK_DIMENSION },
	{ "breakdown", "code", "科目编码", CT_TEXT, 10, NK_COUNT },
	{ "breakdown", "level", "级次", CT_INT, 6, NK_COUNT },
	{ "breakdown", "name", "科目名称", CT_TEXT, 28, NK_COUNT },
	{ "breakdown", "amount", "金额（万元）", CT_MONEY, 14, NK_COUNT },
	{ "breakdown", "share", "占比（%）", CT_PCT, 10, NK_COUNT },
	{ "breakdown", "prior", "上年数（万元）", CT_MONEY, 14, NK_COUNT },
	{ "breakdown", "change", "增减（万元）", CT_MONEY, 14, NK_COUNT },
	{ "breakdown", "pct", "增幅（%）", CT_PCT, 10, NK_COUNT },
	{ "growth", "prior", "上年数", CT_VALUE, 14, NK_COUNT },
	{ "growth", "current", "本年数", CT_VALUE, 14, NK_COUNT },
	{ "growth", "change", "增减", CT_VALUE, 14, NK_COUNT },
	{ "growth", "pct", "增幅（%）", CT_PCT, 10, NK_COUNT },
	{ "growth", "prior_source", "上年数来源", CT_NAMED, 13, NK_PRIOR_SOURCE },
	{ "growth", "note", "备注", CT_TEXT, 20, NK_COUNT },
	{ "trends", "first_year", "起始年", CT_INT, 7, NK_COUNT },
	{ "trends", "last_year", "截止年", CT_INT, 7, NK_COUNT },
	{ "trends", "n", "年数", CT_INT, 6, NK_COUNT },
	{ "trends", "cagr", "年均增长率（%）", CT_PCT, 12, NK_COUNT },
	{ "trends", "slope", "线性趋势（每年）", CT_REAL2, 13, NK_COUNT },
	{ "trends", "slope_se", "斜率标准误", CT_REAL2, 11, NK_COUNT },
	{ "trends", "r2", "R²", CT_REAL4, 8, NK_COUNT },
	{ "trends", "p_value", "斜率p值", CT_REAL4, 9, NK_COUNT },
	{ "trends", "theil_sen", "Theil-Sen斜率", CT_REAL2, 13, NK_COUNT },
	{ "trends", "mann_kendall_p", "Mann-Kendall p值", CT_REAL4, 15, NK_COUNT },
	{ "trends", "forecast", "下一年预测", CT_REAL2, 12, NK_COUNT },
	{ "trends", "forecast_lo", "预测下限（95%）", CT_REAL2, 14, NK_COUNT },
	{ "trends", "forecast_hi", "预测上限（95%）", CT_REAL2, 14, NK_COUNT },
	{ "trends", "note", "备注", CT_TEXT, 20, NK_COUNT },
	{ "compare", "n", "单位数", CT_INT, 7, NK_COUNT },
	{ "compare", "mean", "均值", CT_REAL2, 12, NK_COUNT },
	{ "compare", "sd", "标准差", CT_REAL2, 12, NK_COUNT },
	{ "compare", "min", "最小值", CT_REAL2, 12, NK_COUNT },
	{ "compare", "p25", "下四分位数", CT_REAL2, 12, NK_COUNT },
	{ "compare", "median", "中位数", CT_REAL2, 12, NK_COUNT },
	{ "compare", "p75", "上四分位数", CT_REAL2, 12, NK_COUNT },
	{ "compare", "max", "最大值", CT_REAL2, 12, NK_COUNT },
	{ "outliers", "value", "本单位值", CT_REAL2, 12, NK_COUNT },
	{ "outliers", "median", "同组中位数", CT_REAL2, 12, NK_COUNT },
	{ "outliers", "mad", "中位绝对偏差", CT_REAL2, 12, NK_COUNT },
	{ "outliers", "robust_z", "稳健z值", CT_REAL2, 9, NK_COUNT },
	{ "outliers", "rank", "组内名次", CT_INT, 8, NK_COUNT },
	{ "flags", "rule", "规则", CT_NAMED, 24, NK_RULE },
	{ "flags", "value", "本年值", CT_VALUE, 12, NK_COUNT },
	{ "flags", "prior", "上年值", CT_VALUE, 12, NK_COUNT },
	{ "flags", "threshold", "阈值", CT_VALUE, 10, NK_COUNT },
	/* (only in a run given acknowledgements, --known: REASON（WHO DATE）) */
	{ "flags", "acknowledged", "已确认（原因）", CT_TEXT, 30, NK_COUNT },
	{ "execution", "scope", "范围", CT_NAMED, 14, NK_SCOPE },
	{ "execution", "code", "科目编码", CT_TEXT, 9, NK_COUNT },
	{ "execution", "name", "名称", CT_TEXT, 22, NK_COUNT },
	{ "execution", "basis", "预算口径", CT_NAMED, 10, NK_BASIS },
	{ "execution", "budget", "预算数（万元）", CT_MONEY, 14, NK_COUNT },
	{ "execution", "final", "决算数（万元）", CT_MONEY, 14, NK_COUNT },
	{ "execution", "rate", "执行率（%）", CT_PCT, 10, NK_COUNT },
	{ "execution", "difference", "差额（万元）", CT_MONEY, 12, NK_COUNT },
	{ "execution", "source", "预算数来源", CT_NAMED, 20, NK_EXEC_SOURCE },
	{ "pefa", "indicator", "指标", CT_TEXT, 8, NK_COUNT },
	{ "pefa", "years_available", "可用年数", CT_INT, 9, NK_COUNT },
	{ "pefa", "years", "评分年度", CT_TEXT, 16, NK_COUNT },
	{ "pefa", "values", "各年数值（%）", CT_TEXT, 22, NK_COUNT },
	{ "pefa", "score", "评分", CT_NAMED, 7, NK_PEFA },
	{ "pefa", "note", "说明", CT_TEXT, 40, NK_COUNT },
	{ "audit", "check", "检查项", CT_NAMED, 22, NK_CHECK },
	{ "audit", "expected", "应为", CT_MONEY, 14, NK_COUNT },
	{ "audit", "actual", "实为", CT_MONEY, 14, NK_COUNT },
	{ "audit", "diff", "差额", CT_MONEY, 12, NK_COUNT },
	{ "audit", "source", "出处", CT_TEXT, 40, NK_COUNT },
	{ "audit", "acknowledged", "已确认（原因）", CT_TEXT, 30, NK_COUNT },
};

/* The sheets in order; csv NULL: the 说明 sheet, written from the tables of this file and names.c. */
static const struct {
	const char *csv, *sheet, *what;
} sheets[] = {
	{ NULL, "说明", "本工作簿各表的内容、列名与CSV代码的对照" },
	{ "metrics", "指标", "每份文件一行：收支、基本与项目支出、人员与公用经费、“三公”经费、机关运行经费、政府采购等（万元；占比为%）" },
	{ "wide", "历年对比", "每个单位（及文件类型）每个指标一行，各年度并列为列：同一指标的历年数一眼可比（取自 metrics.csv）" },
	{ "growth", "增长", "各单位最近一年每个指标与上年的比较（各年全部见 growth.csv）" },
	{ "trends", "趋势", "各单位历年走势：年均增长率、线性趋势、Theil–Sen斜率、Mann–Kendall检验、下一年预测" },
	{ "compare", "同组比较", "各年度、各比较范围（全部单位、名录外单位、同组）的分布：单位数、均值、四分位数" },
	{ "outliers", "离群值", "稳健z值绝对值大于3.5的单位（只在4个及以上单位的范围内判断）" },
	{ "flags", "政策提示", "过紧日子政策提示：“三公”经费、机关运行经费增加，支出结构变动等" },
	{ "audit", "审核发现", "每份文件的一致性审核：表内、表间、情况说明与报表，及读取问题" },
	{ "execution", "预算执行", "决算与年初（调整）预算的对比：执行率、差额" },
	{ "pefa", "PEFA评分", "PEFA PI-1、PI-2 评分（最近三个年度）" },
	{ "breakdown", "科目明细", "各单位最近一年按功能分类、经济分类科目的金额与占比（各年全部见 breakdown.csv）" },
};

#define NSHEETS (sizeof sheets / sizeof sheets[0])
#define MAX_COLS 64
#define MAX_ROWS 1048575 /* a worksheet's rows, less the header */

struct sheet_ctx {
	lxw_worksheet *ws;
	const char *csv;
	struct col_spec spec[MAX_COLS];
	char *cell[MAX_COLS];    /* the current row's cells, in row (set at the row's end) */
	size_t ncell;
	struct rowbuf row_text;
	int ncols;
	lxw_row_t row;
	int truncated;
	int metric_col;          /* the `metric` column of this sheet, or -1 */
	int peer_measures;       /* its metrics are peers.h's measures (compare, outliers) */
	lxw_format *f_head, *f_money, *f_pct, *f_real2, *f_real4, *f_int;
	enum ys_err rc;
	/* the latest year of each unit and kind (from metrics.csv): the detail sheets (增长, 科目明细)
	 * show that year only; every year is in their CSVs */
	struct latest *latest;
	size_t nlatest, caplatest;
	int latest_only;
	int id_cols[4];          /* unit_code, unit_name, year, doc_kind columns */
	struct wide *wide;       /* (the metrics pass) every document's metrics, for 历年对比 */
};

/* 历年对比: each document's metric values, kept from the metrics pass, written unit by unit with
 * the years side by side. */
struct wide_row {
	char *key;               /* unit_code \x1f unit_name \x1f doc_kind */
	int year;
	double v[M_COUNT];
	unsigned char has[M_COUNT];
};

struct wide {
	int metric_of[MAX_COLS]; /* metrics.csv's columns: the metric, or -1 */
	struct wide_row *rows;
	size_t n, cap;
	int failed;              /* out of memory: the sheet says so */
};

struct latest {
	char *key;               /* unit_code \x1f unit_name \x1f doc_kind */
	int year;
};

static int cmp_latest(const void *a, const void *b)
{
	return strcmp(((const struct latest *)a)->key, ((const struct latest *)b)->key);
}

/* The row's key into out (cap bytes); returns its length with the NUL (larger than cap: cut). */
static size_t row_key_into(const struct sheet_ctx *c, char *out, size_t cap)
{
	int idx[3] = { c->id_cols[0], c->id_cols[1], c->id_cols[3] };
	size_t len = 0;
	for (int i = 0; i < 3; i++) {
		const char *p = idx[i] >= 0 && (size_t)idx[i] < c->ncell ? c->cell[idx[i]] : "";
		size_t n = strlen(p);
		if (i && len < cap)
			out[len] = '\x1f';
		len += i > 0;
		if (len < cap)
			memcpy(out + len, p, len + n <= cap ? n : cap - len);
		len += n;
	}
	if (cap)
		out[len < cap ? len : cap - 1] = '\0';
	return len + 1;
}

static char *row_key(const struct sheet_ctx *c)
{
	size_t len = row_key_into(c, NULL, 0);
	char *k = malloc(len);
	if (k)
		row_key_into(c, k, len);
	return k;
}

static int row_year(const struct sheet_ctx *c)
{
	int y = c->id_cols[2];
	return y >= 0 && (size_t)y < c->ncell ? atoi(c->cell[y]) : 0;
}

/* Printing (issue 18): A4 landscape, one page wide and as many long as it takes, the header row
 * repeated on every page (print titles), page numbers in the footer; the panes frozen below the
 * header and right of freeze_cols columns. A half that leaves a sheet to the other calls it too:
 * the print titles are defined names of its workbook.xml. */
static void page_setup(lxw_worksheet *ws, lxw_col_t freeze_cols, int landscape)
{
	worksheet_set_paper(ws, 9); /* A4 */
	if (landscape)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
	if (landscape) {
		worksheet_repeat_rows(ws, 0, 0);
		worksheet_freeze_panes(ws, 1, freeze_cols);
	}
}

static void header_row(struct sheet_ctx *c)
{
	c->ncols = (int)c->ncell;
	c->metric_col = -1;
	c->peer_measures = !strcmp(c->csv, "compare") || !strcmp(c->csv, "outliers");
	static const char *const ids[] = { "unit_code", "unit_name", "year", "doc_kind" };
	for (int k = 0; k < 4; k++) {
		c->id_cols[k] = -1;
		for (size_t i = 0; i < c->ncell; i++)
			if (!strcmp(c->cell[i], ids[k]))
				c->id_cols[k] = (int)i;
	}
	if (c->wide)
		for (int i = 0; i < c->ncols && i < MAX_COLS; i++)
			c->wide->metric_of[i] = metric_by_key(c->cell[i]);
	if (!c->ws)
		return; /* (only reading the latest years) */
	for (int i = 0; i < c->ncols; i++) {
		const char *name = c->cell[i];
		struct col_spec sp = { NULL, name, name, CT_TEXT, 12, NK_COUNT };
		const struct col_spec *best = NULL;
		for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
			if (!strcmp(cols[k].name, name) && (!cols[k].sheet || !strcmp(cols[k].sheet, c->csv)) &&
			    (!best || cols[k].sheet))
				best = &cols[k];
		if (best) {
			sp = *best;
		} else if (!strcmp(c->csv, "metrics")) {
			/* the metric columns: 万元, %, counts */
			int m = metric_by_key(name);
			if (m >= 0) {
				static char zh[M_COUNT][96];
				enum metric_kind k = metric_defs[m].kind;
				snprintf(zh[m], sizeof zh[m], "%s%s", metric_defs[m].zh,
					 k == MK_MONEY ? "（万元）" : k == MK_SHARE ? "（%）" : "");
				sp.zh = zh[m];
				sp.type = k == MK_MONEY ? CT_MONEY : k == MK_SHARE ? CT_PCT : CT_INT;
				sp.width = 13;
			}
		}
		if (sp.type == CT_METRIC)
			c->metric_col = i;
		c->spec[i] = sp;
		worksheet_write_string(c->ws, 0, (lxw_col_t)i, sp.zh, c->f_head);
		worksheet_set_column(c->ws, (lxw_col_t)i, (lxw_col_t)i, sp.width, NULL);
	}
	/* the header row and the columns up to the unit's name stay in view */
	page_setup(c->ws, c->id_cols[1] >= 0 ? (lxw_col_t)(c->id_cols[1] + 1) : 0, 1);
}

static void wide_add(struct sheet_ctx *c)
{
	struct wide *w = c->wide;
	if (w->failed)
		return;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		struct wide_row *nv = realloc(w->rows, cap * sizeof *nv);
		if (!nv) {
			w->failed = 1;
			return;
		}
		w->rows = nv;
		w->cap = cap;
	}
	struct wide_row *r = &w->rows[w->n];
	memset(r, 0, sizeof *r);
	if (!(r->key = row_key(c))) {
		w->failed = 1;
		return;
	}
	r->year = row_year(c);
	for (size_t i = 0; i < c->ncell && i < MAX_COLS; i++) {
		int m = w->metric_of[i];
		double d;
		if (m >= 0 && c->cell[i][0] && workbook_number(c->cell[i], &d) == 0) {
			r->v[m] = d;
			r->has[m] = 1;
		}
	}
	w->n++;
}

static int cmp_wide(const void *a, const void *b)
{
	const struct wide_row *x = a, *y = b;
	int k = strcmp(x->key, y->key);
	return k ? k : (x->year > y->year) - (x->year < y->year);
}

/* 历年对比: a row per unit, kind and metric with a value in some year; a column per year of any
 * document. Units in byte order of their key, metrics in metrics.csv's order. Returns the data
 * rows written. */
static lxw_row_t wide_sheet(struct sheet_ctx *c, struct wide *w, int *ncols, int *truncated)
{
	lxw_worksheet *ws = c->ws;
	if (w->n > 1)
		qsort(w->rows, w->n, sizeof *w->rows, cmp_wide);
	int years[256], ny = 0;
	for (size_t i = 0; i < w->n; i++) {
		int seen = 0;
		for (int k = 0; k < ny && !seen; k++)
			seen = years[k] == w->rows[i].year;
		if (!seen && ny < 256)
			years[ny++] = w->rows[i].year;
	}
	for (int a = 1; a < ny; a++)
		for (int b = a; b > 0 && years[b] < years[b - 1]; b--) {
			int t = years[b];
			years[b] = years[b - 1];
			years[b - 1] = t;
		}
	static const char *const head[] = { "单位编码", "单位名称", "文件类型", "指标" };
	static const double widths[] = { 11, 30, 10, 24 };
	for (int k = 0; k < 4; k++) {
		worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], c->f_head);
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL);
	}
	for (int k = 0; k < ny; k++) {
		char y[16];
		snprintf(y, sizeof y, "%d年", years[k]);
		worksheet_write_string(ws, 0, (lxw_col_t)(4 + k), y, c->f_head);
		worksheet_set_column(ws, (lxw_col_t)(4 + k), (lxw_col_t)(4 + k), 13, NULL);
	}
	*ncols = 4 + ny;
	page_setup(ws, 4, 1);
	lxw_row_t row = 0;
	if (w->failed)
		worksheet_write_string(ws, ++row, 0, "内存不足，历年对比未列出（各年数见指标表）", NULL);
	for (size_t a = 0; a < w->n && !w->failed;) {
		size_t b = a;
		while (b < w->n && !strcmp(w->rows[b].key, w->rows[a].key))
			b++;
		char part[3][512];
		const char *k = w->rows[a].key;
		for (int f = 0; f < 3; f++) {
			size_t len = strcspn(k, "\x1f");
			snprintf(part[f], sizeof part[f], "%.*s", (int)len, k);
			k += len + (k[len] != '\0');
		}
		for (int m = 0; m < M_COUNT; m++) {
			int any = 0;
			for (size_t i = a; i < b && !any; i++)
				any = w->rows[i].has[m];
			if (!any)
				continue;
			if (row >= MAX_ROWS) {
				*truncated = 1;
				break;
			}
			row++;
			enum metric_kind mk = metric_defs[m].kind;
			char zh[128];
			snprintf(zh, sizeof zh, "%s%s", metric_defs[m].zh,
				 mk == MK_MONEY ? "（万元）" : mk == MK_SHARE ? "（%）" : "");
			worksheet_write_string(ws, row, 0, part[0], NULL);
			worksheet_write_string(ws, row, 1, part[1], NULL);
			worksheet_write_string(ws, row, 2, names_zh(NK_KIND, part[2]), NULL);
			worksheet_write_string(ws, row, 3, zh, NULL);
			lxw_format *f = mk == MK_MONEY ? c->f_money : mk == MK_SHARE ? c->f_pct : c->f_int;
			for (size_t i = a; i < b; i++)
				if (w->rows[i].has[m])
					for (int y = 0; y < ny; y++)
						if (years[y] == w->rows[i].year)
							worksheet_write_number(ws, row, (lxw_col_t)(4 + y), w->rows[i].v[m], f);
		}
		a = b;
	}
	return row;
}

static void wide_free(struct wide *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->rows[i].key);
	free(w->rows);
	memset(w, 0, sizeof *w);
}

static void data_row(struct sheet_ctx *c)
{
	if (!strcmp(c->csv, "metrics")) {
		/* remember each unit's latest year (metrics.csv has every document) */
		char *k = row_key(c);
		if (k && c->nlatest == c->caplatest) {
			size_t cap = c->caplatest ? c->caplatest * 2 : 256;
			struct latest *nv = realloc(c->latest, cap * sizeof *nv);
			if (nv) {
				c->latest = nv;
				c->caplatest = cap;
			}
		}
		if (k && c->nlatest < c->caplatest)
			c->latest[c->nlatest++] = (struct latest){ k, row_year(c) };
		else
			free(k);
		if (c->wide)
			wide_add(c);
		if (!c->ws)
			return; /* (only reading the latest years) */
	} else if (c->latest_only && c->nlatest) {
		char kb[512];
		size_t need = row_key_into(c, kb, sizeof kb);
		char *k = need <= sizeof kb ? kb : row_key(c);
		struct latest key = { k, 0 };
		const struct latest *l = k ? bsearch(&key, c->latest, c->nlatest, sizeof *c->latest, cmp_latest) : NULL;
		if (k != kb)
			free(k);
		if (l && row_year(c) != l->year)
			return;
	}
	if (c->row >= MAX_ROWS) {
		c->truncated = 1;
		return;
	}
	c->row++;
	/* growth and flags carry money and shares in the same column: the metric says which */
	enum metric_kind mk = MK_MONEY;
	if (c->metric_col >= 0 && (size_t)c->metric_col < c->ncell) {
		int m = metric_by_key(c->cell[c->metric_col]);
		if (m >= 0)
			mk = metric_defs[m].kind;
	}
	for (size_t i = 0; i < c->ncell && (int)i < c->ncols; i++) {
		const char *v = c->cell[i];
		lxw_col_t col = (lxw_col_t)i;
		if (!v[0])
			continue;
		double d;
		lxw_format *f = NULL;
		switch (c->spec[i].type) {
		case CT_TEXT:
			break;
		case CT_INT: f = c->f_int; break;
		case CT_MONEY: f = c->f_money; break;
		case CT_PCT: f = c->f_pct; break;
		case CT_REAL2: f = c->f_real2; break;
		case CT_REAL4: f = c->f_real4; break;
		case CT_VALUE: f = mk == MK_MONEY ? c->f_money : mk == MK_SHARE ? c->f_pct : c->f_int; break;
		case CT_METRIC: {
			/* a metric, or (同组比较, 离群值) a peer measure, with its unit */
			int m = metric_by_key(v);
			int pm = m < 0 && c->peer_measures ? peer_measure_by_key(v) : -1;
			char pz[160];
			if (pm >= 0)
				snprintf(pz, sizeof pz, "%s（%s）", peer_measures[pm].zh, peer_measures[pm].unit);
			worksheet_write_string(c->ws, c->row, col,
					       m >= 0 ? metric_defs[m].zh : pm >= 0 ? pz : "其他指标", NULL);
			continue;
		}
		case CT_NAMED:
			worksheet_write_string(c->ws, c->row, col, names_zh(c->spec[i].nk, v), NULL);
			continue;
		case CT_GROUP: {
			char g[200];
			worksheet_write_string(c->ws, c->row, col, names_group(v, NULL, g, sizeof g), NULL);
			continue;
		}
		}
		if (f && workbook_number(v, &d) == 0)
			worksheet_write_number(c->ws, c->row, col, d, f);
		else
			worksheet_write_string(c->ws, c->row, col, v, NULL);
	}
}

static void cb_field(void *s, size_t len, void *data)
{
	struct sheet_ctx *c = data;
	if (c->ncell >= MAX_COLS)
		return;
	/* the BOM of --excel sits in the first header cell */
	if (c->row == 0 && c->ncols == 0 && c->ncell == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s = (char *)s + 3;
		len -= 3;
	}
	if (rowbuf_add(&c->row_text, s, len) != 0)
		c->rc = YS_ENOMEM;
	else
		c->ncell++;
}

static void cb_row(int ch, void *data)
{
	(void)ch;
	struct sheet_ctx *c = data;
	for (size_t i = 0; i < c->ncell; i++)
		c->cell[i] = rowbuf_field(&c->row_text, i);
	if (c->ncols == 0 && c->row == 0)
		header_row(c);
	else
		data_row(c);
	c->ncell = 0;
	rowbuf_clear(&c->row_text);
}

static enum ys_err add_sheet(lxw_workbook *wb, struct sheet_ctx *c, const char *dir, struct ys_error *err)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s.csv", dir, c->csv);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		if (errno == ENOENT)
			return YS_OK; /* the run did not write it */
		ys_error_set(err, path, 0, "cannot read: %s", strerror(errno));
		return YS_EIO;
	}
	(void)wb;
	memset(&c->row_text, 0, sizeof c->row_text); /* (c may be a copy of one that read another sheet) */
	c->ncell = 0;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		ys_error_set(err, path, 0, "out of memory");
		return YS_ENOMEM;
	}
	char buf[65536];
	size_t n;
	enum ys_err rc = YS_OK;
	while (!rc && (n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&p, buf, n, cb_field, cb_row, c) != n) {
			ys_error_set(err, path, 0, "%s", csv_strerror(csv_error(&p)));
			rc = YS_EPARSE;
		}
	if (!rc && csv_fini(&p, cb_field, cb_row, c) != 0) {
		ys_error_set(err, path, 0, "%s", csv_strerror(csv_error(&p)));
		rc = YS_EPARSE;
	}
	rowbuf_free(&c->row_text);
	c->ncell = 0;
	csv_free(&p);
	fclose(fp);
	if (!rc && c->rc) {
		ys_error_set(err, path, 0, "out of memory");
		rc = c->rc;
	}
	/* (the filters are the Excel table's, added when the package is put together) */
	return rc;
}

/* The latest year of each unit and kind, sorted by key, from metrics.csv (or from the 指标 sheet
 * just filled). Takes over c->latest. */
static void latest_sorted(struct sheet_ctx *c)
{
	if (c->nlatest > 1)
		qsort(c->latest, c->nlatest, sizeof *c->latest, cmp_latest);
	size_t w = 0;
	for (size_t r = 0; r < c->nlatest; r++) {
		if (w && !strcmp(c->latest[w - 1].key, c->latest[r].key)) {
			if (c->latest[r].year > c->latest[w - 1].year)
				c->latest[w - 1].year = c->latest[r].year;
			free(c->latest[r].key);
			continue;
		}
		c->latest[w++] = c->latest[r];
	}
	c->nlatest = w;
}

/* Whether DIR/NAME.csv's header ends with the column `acknowledged` (a run given --known). */
static int has_ack_column(const char *dir, const char *name)
{
	char path[4200], line[4096];
	snprintf(path, sizeof path, "%s/%s.csv", dir, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	int ok = fgets(line, sizeof line, fp) != NULL;
	fclose(fp);
	if (!ok)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	size_t n = strlen(line), k = strlen(",acknowledged");
	return n >= k && !strcmp(line + n - k, ",acknowledged");
}

/* 说明: what each sheet holds, each column's name beside its CSV column, each id's name. The
 * `acknowledged` columns are listed only when the run has them (with_ack), so that a workbook of
 * a run without acknowledgements stays as it was. */
static void notes_sheet(struct sheet_ctx *c, int with_ack)
{
	lxw_worksheet *ws = c->ws;
	lxw_row_t r = 0;
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 1, 30, NULL);
	worksheet_set_column(ws, 2, 2, 70, NULL);
	worksheet_write_string(ws, r++, 0, "预算分析汇总：各表说明", c->f_head);
	worksheet_write_string(ws, r++, 0, "金额单位为万元，占比、增幅为%。各表与同名CSV文件内容相同；CSV中的英文代码在下方对照。", NULL);
	r++;
	worksheet_write_string(ws, r, 0, "工作表", c->f_head);
	worksheet_write_string(ws, r, 1, "对应文件", c->f_head);
	worksheet_write_string(ws, r++, 2, "内容", c->f_head);
	page_setup(ws, 0, 0);
	for (size_t i = 1; i < NSHEETS; i++) {
		char f[40];
		snprintf(f, sizeof f, "%s.csv", !strcmp(sheets[i].csv, "wide") ? "metrics" : sheets[i].csv);
		worksheet_write_string(ws, r, 0, sheets[i].sheet, NULL);
		worksheet_write_string(ws, r, 1, f, NULL);
		worksheet_write_string(ws, r++, 2, sheets[i].what, NULL);
	}
	r++;
	worksheet_write_string(ws, r, 0, "列名对照", c->f_head);
	worksheet_write_string(ws, r, 1, "工作表中的列名", c->f_head);
	worksheet_write_string(ws, r++, 2, "CSV中的列名（文件）", c->f_head);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		char f[120];
		if (!with_ack && !strcmp(cols[i].name, "acknowledged"))
			continue;
		snprintf(f, sizeof f, "%s（%s）", cols[i].name, cols[i].sheet ? cols[i].sheet : "各文件");
		worksheet_write_string(ws, r, 1, cols[i].zh, NULL);
		worksheet_write_string(ws, r++, 2, f, NULL);
	}
	for (int m = 0; m < M_COUNT; m++) {
		char f[120];
		snprintf(f, sizeof f, "%s（metrics；growth、trends、compare 的 metric 列）", metric_defs[m].key);
		worksheet_write_string(ws, r, 1, metric_defs[m].zh, NULL);
		worksheet_write_string(ws, r++, 2, f, NULL);
	}
	r++;
	worksheet_write_string(ws, r, 0, "代码对照", c->f_head);
	worksheet_write_string(ws, r, 1, "名称", c->f_head);
	worksheet_write_string(ws, r++, 2, "CSV中的代码", c->f_head);
	for (int k = 0; k < NK_COUNT; k++)
		for (size_t i = 0; i < names_count; i++)
			if ((int)names_table[i].kind == k) {
				worksheet_write_string(ws, r, 0, names_kind_title((enum name_kind)k), NULL);
				worksheet_write_string(ws, r, 1, names_table[i].zh, NULL);
				worksheet_write_string(ws, r++, 2, names_table[i].id, NULL);
			}
	static const char *const scopes[][2] = { { "全部单位", "all（有单位名录 units.csv 时：名录内的单位）" },
						 { "名录外单位", "others（单位名录以外的单位）" },
						 { "（决算）", ":final（决算与预算分开比较）" } };
	for (size_t i = 0; i < 3; i++) {
		worksheet_write_string(ws, r, 0, "比较范围（group）", NULL);
		worksheet_write_string(ws, r, 1, scopes[i][0], NULL);
		worksheet_write_string(ws, r++, 2, scopes[i][1], NULL);
	}
}

/* ---- two halves at once ----
 * The workbook is written as two workbooks of all the sheets, A and B, each filling its share
 * and leaving the other's sheets empty; then one zip is made of A's files with B's sheets in
 * place of A's empty ones (copied compressed as they are). libxlsxwriter writes one workbook
 * on one thread, and its XML and deflate were most of a run without charts: two halves can be
 * built at the same time. Both halves fix their formats' style numbers in the same order first,
 * so that their styles.xml are the same and B's cells mean the same in A's package (checked:
 * when they differ the workbook is built whole instead). */

enum { PART_A = 1, PART_B = 2, PART_ALL = 3 };
/* (by size: A 指标 趋势 离群值 审核发现 预算执行 PEFA评分; B 历年对比 增长 同组比较 政策提示 科目明细,
 * and B reads metrics.csv for the latest years and 历年对比; 同组比较 is about the same size
 * whatever the number of documents, and in B it evens the halves of small runs) */
static const int part_of[NSHEETS] = { PART_A, PART_A, PART_B, PART_B, PART_A, PART_B, PART_A,
				      PART_B, PART_A, PART_A, PART_A, PART_B };

struct halves {
	int b_done;                  /* B's sheets are filled: their sizes below are known */
	lxw_row_t rows[NSHEETS];     /* B's sheets: data rows and columns (a truncated one shows) */
	int ncols[NSHEETS];
	FILE *from_b;                /* B in another process: where it reports them (else NULL) */
	FILE *to_a;                  /* (in B's process: where to report them) */
};

struct part_job {
	const char *dir, *version, *path;
	int which;
	struct halves *h;            /* NULL: the whole workbook */
	int truncated;
	enum ys_err rc;
	struct ys_error err;
};

/* B has filled its sheets: its sizes go to A (a line per sheet, then "end"). */
static void b_publish(struct halves *h)
{
	h->b_done = 1;
	if (!h->to_a)
		return;
	for (size_t i = 0; i < NSHEETS; i++)
		if (part_of[i] == PART_B)
			fprintf(h->to_a, "%zu %u %d\n", i, (unsigned)h->rows[i], h->ncols[i]);
	fprintf(h->to_a, "end\n");
	fflush(h->to_a);
}

/* A waits for B's sizes; -1 when B never sent them (it failed: A's package is not used). */
static int a_receive(struct halves *h)
{
	if (!h->from_b)
		return h->b_done ? 0 : -1;
	char line[128];
	while (fgets(line, sizeof line, h->from_b)) {
		if (!strcmp(line, "end\n"))
			return 0;
		size_t i;
		unsigned rows;
		int ncols;
		if (sscanf(line, "%zu %u %d", &i, &rows, &ncols) != 3 || i >= NSHEETS)
			return -1;
		h->rows[i] = (lxw_row_t)rows;
		h->ncols[i] = ncols;
	}
	return -1;
}

static void build_part(struct part_job *j)
{
	const char *dir = j->dir;
	struct ys_error *err = &j->err;
	lxw_workbook_options opt = { 0 };
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)dir;
	lxw_workbook *wb = workbook_new_opt(j->path, &opt);
	if (!wb) {
		ys_error_set(err, j->path, 0, "cannot write");
		j->rc = YS_EIO;
		return;
	}
	/* a fixed creation time: the same inputs give the same file */
	lxw_doc_properties props = { 0 };
	props.title = "预算分析汇总";
	props.comments = (char *)j->version;
	props.created = 946684800; /* 2000-01-01 */
	workbook_set_properties(wb, &props);

	struct sheet_ctx c;
	memset(&c, 0, sizeof c);
	c.f_head = workbook_add_format(wb);
	format_set_bold(c.f_head);
	format_set_bg_color(c.f_head, 0xEEF3F8);
	format_set_text_wrap(c.f_head);
	format_set_align(c.f_head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(c.f_head, LXW_BORDER_THIN);
	c.f_money = workbook_add_format(wb);
	format_set_num_format(c.f_money, "#,##0.00");
	c.f_pct = workbook_add_format(wb);
	format_set_num_format(c.f_pct, "0.00");
	c.f_real2 = workbook_add_format(wb);
	format_set_num_format(c.f_real2, "#,##0.00");
	c.f_real4 = workbook_add_format(wb);
	format_set_num_format(c.f_real4, "0.0000");
	c.f_int = workbook_add_format(wb);
	format_set_num_format(c.f_int, "0");
	/* style numbers in a fixed order, whatever each half writes first */
	lxw_format *order[] = { c.f_head, c.f_money, c.f_pct, c.f_real2, c.f_real4, c.f_int };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		lxw_format_get_xf_index(order[i]);

	enum ys_err rc = YS_OK;
	/* 历年对比 is written from the metrics pass: B's own reading of metrics.csv, or 指标's */
	static struct wide wide; /* (one build_part at a time in a process: A and B are processes) */
	memset(&wide, 0, sizeof wide);
	if (j->which == PART_B) {
		/* the detail sheets need each unit's latest year, from metrics.csv */
		struct sheet_ctx m = c;
		m.csv = "metrics";
		m.ws = NULL;
		m.wide = &wide;
		rc = add_sheet(wb, &m, dir, err);
		latest_sorted(&m);
		c.latest = m.latest;
		c.nlatest = m.nlatest;
	}
	lxw_worksheet *ws[NSHEETS] = { 0 };
	for (size_t i = 0; i < NSHEETS && !rc; i++) {
		struct sheet_ctx s = c;
		s.csv = sheets[i].csv;
		s.ws = ws[i] = workbook_add_worksheet(wb, sheets[i].sheet);
		if (!s.ws) {
			ys_error_set(err, j->path, 0, "cannot add the sheet %s", sheets[i].sheet);
			rc = YS_EIO;
			break;
		}
		if (!(part_of[i] & j->which)) {
			/* the other half's: left empty here, but its print titles are named here */
			if (s.csv)
				page_setup(s.ws, 0, 1);
			continue;
		}
		if (!s.csv) {
			notes_sheet(&s, has_ack_column(dir, "audit") || has_ack_column(dir, "flags"));
			continue;
		}
		if (!strcmp(s.csv, "wide")) {
			s.row = wide_sheet(&s, &wide, &s.ncols, &j->truncated);
			if (j->h && j->which == PART_B) {
				j->h->rows[i] = s.row;
				j->h->ncols[i] = s.ncols;
			}
			continue;
		}
		s.latest_only = !strcmp(s.csv, "growth") || !strcmp(s.csv, "breakdown");
		s.wide = !strcmp(s.csv, "metrics") && j->which == PART_ALL ? &wide : NULL;
		rc = add_sheet(wb, &s, dir, err);
		j->truncated |= s.truncated;
		if (j->h && j->which == PART_B) {
			j->h->rows[i] = s.row;
			j->h->ncols[i] = s.ncols;
		}
		if (!strcmp(s.csv, "metrics") && j->which != PART_B) {
			latest_sorted(&s);
			c.latest = s.latest;
			c.nlatest = s.nlatest;
		}
	}
	if (j->which == PART_B && !rc)
		b_publish(j->h);
	if (j->which == PART_A && !rc && a_receive(j->h) != 0) {
		/* (B's sizes: B got through; its package is checked again when it is put together) */
		ys_error_set(err, j->path, 0, "the other half of the workbook failed");
		rc = YS_EIO;
	}
	wide_free(&wide);
	for (size_t r = 0; r < c.nlatest; r++)
		free(c.latest[r].key);
	free(c.latest);
	lxw_error le = workbook_close(wb);
	if (!rc && le != LXW_NO_ERROR) {
		ys_error_set(err, j->path, 0, "cannot write: %s", lxw_strerror(le));
		rc = YS_EIO;
	}
	j->rc = rc;
}

int workbook_half_main(const char *dir, const char *version)
{
	struct halves h;
	memset(&h, 0, sizeof h);
	h.to_a = stdout;
	char pb[4300];
	snprintf(pb, sizeof pb, "%s/.summary.b.xlsx", dir);
	struct part_job jb = { .dir = dir, .version = version, .path = pb, .which = PART_B, .h = &h };
	build_part(&jb);
	return jb.rc == YS_OK ? 0 : 1;
}

/* Half B in a process of its own (libxlsxwriter stamps each package's dates through gmtime,
 * whose one buffer two threads would share): this program again, `__workbook-half DIR VERSION`,
 * its sizes read from its standard output. 0 and *pid, *from when it started. */
static int spawn_half(const char *dir, const char *version, pid_t *pid, FILE **from)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) /* (gnuplot, spawned meanwhile, must not hold its ends) */
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	char *argv[] = { "yusuan", "__workbook-half", (char *)dir, (char *)version, NULL };
	extern char **environ;
	int rc = posix_spawn(pid, "/proc/self/exe", &fa, ys_spawnattr(), argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc == 0)
		ys_child_started(*pid); /* (ended with the run on SIGTERM/SIGINT) */
	if (rc != 0 || !(*from = fdopen(p[0], "r"))) {
		if (rc == 0) {
			ys_child_wait(*pid, NULL);
		}
		close(p[0]);
		return -1;
	}
	return 0;
}

/* One zip entry, still compressed, with what its header needs. */
struct entry {
	char name[256];
	unz_file_info64 info;
	int method, level;
	unsigned char *raw;
};

static int read_entry(unzFile uf, struct entry *e)
{
	memset(e, 0, sizeof *e);
	if (unzGetCurrentFileInfo64(uf, &e->info, e->name, sizeof e->name, NULL, 0, NULL, 0) != UNZ_OK ||
	    unzOpenCurrentFile2(uf, &e->method, &e->level, 1) != UNZ_OK)
		return -1;
	size_t n = (size_t)e->info.compressed_size;
	e->raw = malloc(n ? n : 1);
	int got = e->raw ? unzReadCurrentFile(uf, e->raw, (unsigned)n) : -1;
	unzCloseCurrentFile(uf);
	return got == (int)n ? 0 : -1;
}

/* The uncompressed bytes of one file in a zip; NULL when absent. */
static char *unzip_file(const char *zip, const char *name, size_t *len)
{
	unzFile uf = unzOpen64(zip);
	if (!uf)
		return NULL;
	char *buf = NULL;
	unz_file_info64 info;
	if (unzLocateFile(uf, name, 1) == UNZ_OK &&
	    unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0) == UNZ_OK &&
	    unzOpenCurrentFile(uf) == UNZ_OK) {
		*len = (size_t)info.uncompressed_size;
		buf = malloc(*len + 1);
		if (buf && unzReadCurrentFile(uf, buf, (unsigned)*len) != (int)*len) {
			free(buf);
			buf = NULL;
		}
		unzCloseCurrentFile(uf);
	}
	unzClose(uf);
	return buf;
}

/* ---- Excel tables ----
 * libxlsxwriter writes no table (ListObject) in constant-memory mode, so the tables are added as
 * the package is put together: for each data sheet, its range (the sheet's <dimension>) and its
 * column names (the header row's strings) are read from the start of its XML; the sheet gets a
 * <tableParts> before its end (inflated and deflated again on the way), a relationship file, and
 * xl/tables/tableN.xml its table with a filter on every column (Excel's filters, slicers and
 * pivot tables work on a table, and it grows with rows pasted under it). */

struct tdef {
	int on;                  /* the sheet gets a table */
	char ref[32];
	int ncols;
	char *columns;           /* the <tableColumn> elements */
};

/* Column number (1-based) of a cell reference's letters; *p past them. */
static int col_letters(const char **p)
{
	int n = 0;
	while (**p >= 'A' && **p <= 'Z')
		n = n * 26 + (*(*p)++ - 'A' + 1);
	return n;
}

/* The table of a sheet from the start of its XML (head, n bytes): its range and the names of
 * the header row's cells, which must be there, each a string, all different. */
static void table_of(const char *head, size_t n, struct tdef *t)
{
	memset(t, 0, sizeof *t);
	const char *end = head + n, *d = memmem(head, n, "<dimension ref=\"A1:", 19);
	if (!d)
		return;
	const char *p = d + 19;
	int ncol = col_letters(&p);
	long rows = strtol(p, NULL, 10);
	const char *r1 = memmem(head, n, "<row r=\"1\"", 10);
	const char *r1e = r1 ? memmem(r1, (size_t)(end - r1), "</row>", 6) : NULL;
	if (ncol < 1 || ncol > MAX_COLS || rows < 2 || !r1e)
		return;
	size_t cap = (size_t)(r1e - r1) + 64 * (size_t)ncol + 64;
	char *out = malloc(cap);
	if (!out)
		return;
	size_t w = 0;
	int got = 0;
	const char *names[MAX_COLS];
	size_t lens[MAX_COLS];
	for (const char *c = r1; got < ncol;) {
		const char *ts = memmem(c, (size_t)(r1e - c), "<t", 2);
		if (!ts)
			break;
		const char *gt = memchr(ts, '>', (size_t)(r1e - ts)), *te = gt ? memmem(gt, (size_t)(r1e - gt), "</t>", 4) : NULL;
		if (!te || (ts[2] != '>' && ts[2] != ' ')) {
			c = ts + 2; /* (a <tr…> or such: not a string) */
			if (!te)
				break;
			continue;
		}
		names[got] = gt + 1;
		lens[got] = (size_t)(te - gt - 1);
		for (int k = 0; k < got; k++)
			if (lens[k] == lens[got] && !memcmp(names[k], names[got], lens[got])) {
				free(out);
				return; /* two columns of one name: no table (Excel would rename one) */
			}
		w += (size_t)snprintf(out + w, cap - w, "<tableColumn id=\"%d\" name=\"", got + 1);
		for (size_t i = 0; i < lens[got]; i++) /* (already escaped as text; a quote is not) */
			w += (size_t)snprintf(out + w, cap - w, names[got][i] == '"' ? "&quot;" : "%c", names[got][i]);
		w += (size_t)snprintf(out + w, cap - w, "\"/>");
		got++;
		c = te + 4;
	}
	if (got != ncol || w >= cap) {
		free(out);
		return;
	}
	t->on = 1;
	t->ncols = ncol;
	t->columns = out;
	char col[8];
	int k = 0, v = ncol;
	char rev[8];
	while (v > 0 && k < 7) {
		rev[k++] = (char)('A' + (v - 1) % 26);
		v = (v - 1) / 26;
	}
	for (int i = 0; i < k; i++)
		col[i] = rev[k - 1 - i];
	col[k] = '\0';
	snprintf(t->ref, sizeof t->ref, "A1:%s%ld", col, rows);
}

/* Reads up to cap bytes of the current file of uf (inflated). Returns the bytes read. */
static size_t read_head(unzFile uf, char *buf, size_t cap)
{
	if (unzOpenCurrentFile(uf) != UNZ_OK)
		return 0;
	size_t n = 0;
	int got;
	while (n < cap && (got = unzReadCurrentFile(uf, buf + n, (unsigned)(cap - n))) > 0)
		n += (size_t)got;
	unzCloseCurrentFile(uf);
	return n;
}

static int zip_add(zipFile zf, const char *name, const zip_fileinfo *zi, const char *data, size_t len)
{
	if (zipOpenNewFileInZip64(zf, name, zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0) != ZIP_OK)
		return -1;
	int ok = zipWriteInFileInZip(zf, data, (unsigned)len) == ZIP_OK;
	return zipCloseFileInZip(zf) == ZIP_OK && ok ? 0 : -1;
}

/* The sheet of the current file of uf, inflated, with its <tableParts> before </worksheet>,
 * deflated into zf. */
static int copy_sheet_with_table(unzFile uf, zipFile zf, const char *name, const zip_fileinfo *zi)
{
	static const char tail[] = "</worksheet>";
	const size_t tl = sizeof tail - 1;
	if (unzOpenCurrentFile(uf) != UNZ_OK)
		return -1;
	if (zipOpenNewFileInZip64(zf, name, zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0) != ZIP_OK) {
		unzCloseCurrentFile(uf);
		return -1;
	}
	static char buf[65536 + 16];
	size_t held = 0; /* the last bytes, which may be the tail */
	int got, ok = 1;
	while (ok && (got = unzReadCurrentFile(uf, buf + held, 65536)) > 0) {
		size_t n = held + (size_t)got, keep = n < tl ? n : tl;
		ok = zipWriteInFileInZip(zf, buf, (unsigned)(n - keep)) == ZIP_OK;
		memmove(buf, buf + n - keep, keep);
		held = keep;
	}
	ok = ok && got == 0 && held == tl && !memcmp(buf, tail, tl);
	static const char parts[] = "<tableParts count=\"1\"><tablePart r:id=\"rId1\"/></tableParts></worksheet>";
	ok = ok && zipWriteInFileInZip(zf, parts, sizeof parts - 1) == ZIP_OK;
	unzCloseCurrentFile(uf);
	return zipCloseFileInZip(zf) == ZIP_OK && ok ? 0 : -1;
}

int workbook_join(const char *a, const char *b, const char *out)
{
	if (b) {
		size_t la = 0, lb = 0;
		char *sa = unzip_file(a, "xl/styles.xml", &la), *sb = unzip_file(b, "xl/styles.xml", &lb);
		int fit = sa && sb && la == lb && !memcmp(sa, sb, la);
		free(sa);
		free(sb);
		if (!fit)
			return 0;
	}
	unzFile ua = unzOpen64(a), ub = b ? unzOpen64(b) : NULL;
	zipFile zf = ua && (ub || !b) ? zipOpen64(out, APPEND_STATUS_CREATE) : NULL;
	int rc = zf ? 1 : -1;
	/* the tables, from the start of each data sheet (说明, the first, has none) */
	static struct tdef td[NSHEETS + 1];
	memset(td, 0, sizeof td);
	static char head[1 << 18];
	for (unsigned sh = 2; sh <= NSHEETS && rc == 1; sh++) {
		char nm[64], rels[80];
		snprintf(nm, sizeof nm, "xl/worksheets/sheet%u.xml", sh);
		snprintf(rels, sizeof rels, "xl/worksheets/_rels/sheet%u.xml.rels", sh);
		unzFile from = ub && part_of[sh - 1] == PART_B ? ub : ua;
		if (unzLocateFile(ua, rels, 1) == UNZ_OK || unzLocateFile(from, nm, 1) != UNZ_OK)
			continue; /* (a sheet with relationships of its own: left as it is) */
		table_of(head, read_head(from, head, sizeof head), &td[sh]);
	}
	zip_fileinfo zi0;
	memset(&zi0, 0, sizeof zi0);
	int ntables = 0, any = 0;
	for (unsigned sh = 1; sh <= NSHEETS; sh++)
		any |= td[sh].on;
	for (int more = zf ? unzGoToFirstFile(ua) == UNZ_OK : 0; more && rc == 1;
	     more = unzGoToNextFile(ua) == UNZ_OK) {
		struct entry e;
		unsigned sheet = 0;
		int from_b = 0;
		if (unzGetCurrentFileInfo64(ua, &e.info, e.name, sizeof e.name, NULL, 0, NULL, 0) != UNZ_OK) {
			rc = -1;
			break;
		}
		int is_sheet = sscanf(e.name, "xl/worksheets/sheet%u.xml", &sheet) == 1 && sheet >= 1 && sheet <= NSHEETS;
		from_b = ub && is_sheet && part_of[sheet - 1] == PART_B;
		zip_fileinfo zi;
		memset(&zi, 0, sizeof zi);
		zi.dosDate = e.info.dosDate;
		zi.internal_fa = e.info.internal_fa;
		zi.external_fa = e.info.external_fa;
		zi0 = zi;
		if (is_sheet && td[sheet].on) {
			unzFile from = from_b ? ub : ua;
			if ((from_b && unzLocateFile(ub, e.name, 1) != UNZ_OK) ||
			    copy_sheet_with_table(from, zf, e.name, &zi) != 0)
				rc = -1;
			continue;
		}
		if (any && !strcmp(e.name, "[Content_Types].xml")) {
			/* the tables' content type */
			size_t len = (size_t)e.info.uncompressed_size;
			char *ct = malloc(len + 1 + 200 * (NSHEETS + 1));
			if (!ct || read_head(ua, ct, len) != len || len < 8 || memcmp(ct + len - 8, "</Types>", 8)) {
				free(ct);
				rc = -1;
				continue;
			}
			size_t w = len - 8;
			for (unsigned sh = 1, t = 0; sh <= NSHEETS; sh++)
				if (td[sh].on)
					w += (size_t)sprintf(ct + w, "<Override PartName=\"/xl/tables/table%u.xml\" ContentType="
								 "\"application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml\"/>",
							     ++t);
			w += (size_t)sprintf(ct + w, "</Types>");
			if (zip_add(zf, e.name, &zi, ct, w) != 0)
				rc = -1;
			free(ct);
			continue;
		}
		if (from_b) {
			if (unzLocateFile(ub, e.name, 1) != UNZ_OK || read_entry(ub, &e) != 0)
				rc = -1;
		} else if (read_entry(ua, &e) != 0) {
			rc = -1;
		}
		if (rc == 1 &&
		    (zipOpenNewFileInZip2_64(zf, e.name, &zi, NULL, 0, NULL, 0, NULL, e.method, e.level, 1, 0) != ZIP_OK ||
		     (e.info.compressed_size && zipWriteInFileInZip(zf, e.raw, (unsigned)e.info.compressed_size) != ZIP_OK) ||
		     zipCloseFileInZipRaw64(zf, e.info.uncompressed_size, e.info.crc) != ZIP_OK))
			rc = -1;
		free(e.raw);
	}
	/* each table's part and the relationship of its sheet to it */
	for (unsigned sh = 1; sh <= NSHEETS && rc == 1; sh++) {
		if (!td[sh].on)
			continue;
		ntables++;
		char nm[80], x[400];
		snprintf(nm, sizeof nm, "xl/worksheets/_rels/sheet%u.xml.rels", sh);
		int n = snprintf(x, sizeof x,
				 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\""
				 "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
				 "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/table\" "
				 "Target=\"../tables/table%d.xml\"/></Relationships>",
				 ntables);
		if (zip_add(zf, nm, &zi0, x, (size_t)n) != 0) {
			rc = -1;
			break;
		}
		size_t cap = strlen(td[sh].columns) + 1024;
		char *t = malloc(cap);
		if (!t) {
			rc = -1;
			break;
		}
		/* named after the CSV (ASCII: every program takes it): 表_metrics … */
		n = snprintf(t, cap,
			     "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<table xmlns=\""
			     "http://schemas.openxmlformats.org/spreadsheetml/2006/main\" id=\"%d\" name=\"T_%s\" "
			     "displayName=\"T_%s\" ref=\"%s\" totalsRowShown=\"0\"><autoFilter ref=\"%s\"/>"
			     "<tableColumns count=\"%d\">%s</tableColumns><tableStyleInfo name=\"TableStyleLight1\" "
			     "showFirstColumn=\"0\" showLastColumn=\"0\" showRowStripes=\"1\" showColumnStripes=\"0\"/></table>",
			     ntables, sheets[sh - 1].csv, sheets[sh - 1].csv, td[sh].ref, td[sh].ref, td[sh].ncols,
			     td[sh].columns);
		snprintf(nm, sizeof nm, "xl/tables/table%d.xml", ntables);
		if (zip_add(zf, nm, &zi0, t, (size_t)n) != 0)
			rc = -1;
		free(t);
	}
	for (unsigned sh = 1; sh <= NSHEETS; sh++)
		free(td[sh].columns);
	if (zf && zipClose(zf, NULL) != ZIP_OK)
		rc = -1;
	if (ua)
		unzClose(ua);
	if (ub)
		unzClose(ub);
	return rc;
}

enum ys_err workbook_write(const char *dir, const char *version, int threads, int *truncated,
			   struct ys_error *err)
{
	char path[4200], part[4300], pa[4300], pb[4300];
	snprintf(path, sizeof path, "%s/summary.xlsx", dir);
	snprintf(part, sizeof part, "%s/.summary.xlsx.part", dir);
	snprintf(pa, sizeof pa, "%s/.summary.a.xlsx", dir);
	snprintf(pb, sizeof pb, "%s/.summary.b.xlsx", dir);
	*truncated = 0;
	struct halves h;
	memset(&h, 0, sizeof h);
	struct part_job ja = { .dir = dir, .version = version, .path = pa, .which = PART_A, .h = &h };
	struct part_job jb = { .dir = dir, .version = version, .path = pb, .which = PART_B, .h = &h };
	pid_t pid;
	if (threads >= 2 && spawn_half(dir, version, &pid, &h.from_b) == 0) {
		build_part(&ja);
		/* (A gave up early: B's sizes unread; it ends on a closed pipe or finishes) */
		fclose(h.from_b);
		int st;
		if (ys_child_wait(pid, &st) != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			jb.rc = YS_EIO;
			ys_error_set(&jb.err, pb, 0, "the other half of the workbook failed");
		}
	} else {
		build_part(&jb); /* (B first: A's filters need B's sizes) */
		if (!jb.rc)
			build_part(&ja);
	}
	/* B's truncation is not reported across the process: counted again from its sizes */
	int b_truncated = 0;
	for (size_t i = 0; i < NSHEETS; i++)
		b_truncated |= part_of[i] == PART_B && h.rows[i] >= MAX_ROWS;
	*truncated = ja.truncated | jb.truncated | b_truncated;
	int joined = ja.rc || jb.rc ? 0 : workbook_join(pa, pb, part);
	unlink(pa);
	unlink(pb);
	enum ys_err rc = YS_OK;
	if (joined == 0) {
		/* a half failed, or they do not fit together: the whole workbook on this thread (a
		 * real problem, an unreadable CSV, shows here again with its message) */
		struct part_job all = { .dir = dir, .version = version, .path = pa, .which = PART_ALL };
		build_part(&all);
		rc = all.rc;
		if (rc) {
			*err = all.err;
			text_copy(err->file, sizeof err->file, path); /* (not the .part it was) */
		}
		*truncated = all.truncated;
		if (!rc && workbook_join(pa, NULL, part) < 0) { /* (its tables) */
			ys_error_set(err, path, 0, "cannot write: adding the tables failed");
			rc = YS_EIO;
		}
		unlink(pa);
	} else if (joined < 0) {
		ys_error_set(err, path, 0, "cannot write: putting the two halves together failed");
		rc = YS_EIO;
	}
	if (!rc && rename(part, path) != 0) {
		ys_error_set(err, path, 0, "cannot write: %s", strerror(errno));
		rc = YS_EIO;
	}
	if (rc)
		unlink(part);
	return rc;
}
