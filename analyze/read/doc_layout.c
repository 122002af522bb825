/* Space-aligned layout text (`pdftotext -layout`): tables whose columns are found by position.
 *
 * A table starts at a title line followed by its unit line (`编制单位：…  单位：元`). Header lines
 * run to the first line with an amount. Header words whose column has no other header word
 * below are the leaves: one amount column each, labelled by the header words above them (a
 * label wrapped over lines, `事业单位` / `经营收入`, is joined when the join is a known label).
 * Rows are assembled from lines: code words (`208 05 02`), a name, amounts; a line with only a
 * name continues the row above (a wrapped name); a line with only amounts is held and merged
 * into the next row when their columns do not collide (final accounts print values a line above
 * their label). At the end of the table, rows with an amount in every column are placed in
 * order and fix each column's position; other rows are placed by position, and a row whose
 * amounts cannot be told apart is reported, never guessed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/identities.h"
#include "doc.h"
#include "ident.h"
#include "narrative.h"
#include "tables.h"

#define MAXW 96      /* words on a line */
#define MAXK 48      /* amount columns */

struct word {
	char t[320];
	int x0, x1;       /* character columns */
	int num;          /* an amount */
};

struct hword {
	char t[160];      /* normalised */
	int x0, x1, line;
};

struct num {
	char t[48];
	int x0, x1;
};

struct lrow {
	int line, page;
	char codes[4][12];
	int ncodes;
	char name[2][400];    /* per side (two-sided summaries) */
	int name_x0[2];
	struct num nums[MAXK];
	int nnum;
	int total_label;      /* its name is 合计/总计 */
	int seg;              /* page (layout text too): pages have their own horizontal scale */
	struct num above[MAXK];  /* amounts printed alone on the line above (final accounts) */
	int nabove, above_line, above_page;
};

struct lcol {
	int x0, x1;
	double center;
	int side;
	char path[8][160];
	int np;
};

struct ltable {
	int open;
	size_t idx;
	const char *kind;
	enum money_unit unit;
	struct hword *hw;
	size_t nhw, caphw;
	int hdr_lines;
	int header_done;
	struct lrow *rows;
	size_t nrows, caprows;
	struct lrow floating[2];   /* per half of a two-column table */
	int has_floating[2];
	long last[2];              /* last row of each half, -1 none */
	int is_total[MAXK];        /* amount column c is its side's total (合计) */
	int col_side[MAXK];
	int split, shift;          /* two-column tables: the right half starts at split and is
				    * the left one moved right by shift */
	int codes2_x, label_end;   /* rows with a second code set starting at codes2_x (0: none),
				    * label columns ending at label_end */
	int seq_x1;                /* a 序号 column left of the codes ends here (0: none) */
	char first_name[200];      /* the first row's name begun above its code line */
	int title_line;
	/* the last name-only line joined to the row above as the rest of its name: where, and
	 * how long that row's name was before (a name wrapped around its code line, below) */
	long cont_row;
	size_t cont_len;
	int cont_line, cont_page;
};

struct lstate {
	struct doc *d;
	struct ltable t;
	const char *pending_kind;
	int pending_other;         /* the pending title names a table of no standard kind */
	int skipping;              /* inside such a table: its lines are neither rows nor text */
	int note_after;            /* line of the 注 that closed the last table (0: none) */
	char pending_title[256];
	int pending_line, pending_age;
	int page, line_in_page;
	int is_pdf;
	int form_feeds;             /* the text marks its pages with \f (pdftotext does) */
	struct nline *nl;
	size_t nnl, capnl;
};

/* ---- words ---- */

/* Columns as pdftotext lays them out: on a grid of characters, one column per code point
 * whatever its printed width (numbers under a long CJK name stay aligned in this count). */
static int disp_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += text_utf8_next(s + i, n - i, &cp);
		w++;
	}
	return w;
}

static int is_amount(const char *s, size_t n)
{
	if (n == 0 || n > 40)
		return 0;
	/* `1.` and `2024年` are not amounts; a bare `-` is no amount either */
	return money_looks_numeric(s, n);
}

/* `1.`, `一、`, `（一）` alone: the ordinal of the name that follows. */
static int ordinal_only(const char *s, size_t n)
{
	char t[64];
	if (n >= sizeof t)
		return 0;
	memcpy(t, s, n);
	t[n] = '\0';
	const char *p = text_skip_ordinal(t);
	return p != t && *p == '\0';
}

/* Splits a line into words: runs separated by two or more spaces, and single-spaced runs split
 * where a number meets text (`9,501,164 一、一般公共服务支出`). */
static size_t split_words(const char *line, struct word *w, size_t max)
{
	size_t n = 0, len = strlen(line);
	size_t i = 0;
	struct {
		size_t b, e;
	} piece[MAXW * 2];
	size_t np = 0;
	while (i < len && np < MAXW * 2) {
		while (i < len && (line[i] == ' ' || line[i] == '\f' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t b = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		piece[np].b = b;
		piece[np].e = i;
		np++;
	}
	for (size_t k = 0; k < np && n < max; k++) {
		size_t b = piece[k].b, e = piece[k].e;
		int num = is_amount(line + b, e - b);
		/* `2026 年预算数`, `2026 年政府采购项目`: a year in a header cell, never an amount */
		if (num && e - b == 4 && (line[b] == '1' || line[b] == '2') && k + 1 < np &&
		    piece[k + 1].b == e + 1 && !strncmp(line + piece[k + 1].b, "年", 3)) {
			num = 0;
			e = piece[++k].e;
		}
		/* join single-spaced text pieces where a piece is one character (`因 公 出 国`: a
		 * spaced-out label); two words (`政府性基金预算 国有资本经营预算`) stay two */
		while (!num && k + 1 < np && piece[k + 1].b == e + 1 &&
		       !is_amount(line + piece[k + 1].b, piece[k + 1].e - piece[k + 1].b) &&
		       (disp_width(line + piece[k].b, piece[k].e - piece[k].b) == 1 ||
			disp_width(line + piece[k + 1].b, piece[k + 1].e - piece[k + 1].b) == 1 ||
			ordinal_only(line + b, e - b))) {
			k++;
			e = piece[k].e;
		}
		struct word *x = &w[n++];
		size_t m = e - b < sizeof x->t - 1 ? e - b : sizeof x->t - 1;
		memcpy(x->t, line + b, m);
		x->t[m] = '\0';
		x->x0 = disp_width(line, b);
		x->x1 = x->x0 + disp_width(line + b, e - b);
		x->num = num;
	}
	return n;
}

/* ---- narrative lines ---- */

/* Text of a table's cells, not narrative: a line of two gaps of three spaces or more between its
 * words (a performance target table read as text: `成本指标    经济成本指标    ≤    5    万元`), or
 * text that starts 40 columns right of the margin (the 说明 column of a table, a cell's second
 * line). Prose wraps with single spaces at most, from the margin. */
static int cell_text(const char *line, const char *tr, size_t tl)
{
	size_t gaps = 0, run = 0;
	for (size_t i = 0; i < tl; i++) {
		if (tr[i] == ' ') {
			if (++run == 3)
				gaps++;
		} else {
			run = 0;
		}
	}
	return gaps >= 2 || (size_t)(tr - line) >= 40;
}

static void add_nline(struct lstate *st, const char *s, int line, enum nline_kind k)
{
	if (st->nnl == st->capnl) {
		size_t cap = st->capnl ? st->capnl * 2 : 256;
		struct nline *nv = realloc(st->nl, cap * sizeof *nv);
		if (!nv)
			return;
		st->nl = nv;
		st->capnl = cap;
	}
	st->nl[st->nnl].s = s;
	st->nl[st->nnl].line = line;
	st->nl[st->nnl].page = st->is_pdf ? st->page : 0;
	st->nl[st->nnl].kind = k;
	st->nnl++;
}

/* ---- table assembly ---- */

static int code_word(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 7 || n == 4 || n == 6)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* 类/款/项 name code columns only on the line that has 类: a lone `款` elsewhere is the end of
 * a wrapped label (`…财政拨` / `款`). */
static int code_label(const struct ltable *t, size_t i)
{
	const char *h = t->hw[i].t;
	if (strstr(h, "编码") || strstr(h, "科目代码"))
		return 1;
	if (strcmp(h, "类") && strcmp(h, "款") && strcmp(h, "项"))
		return 0;
	for (size_t j = 0; j < t->nhw; j++)
		if (t->hw[j].line == t->hw[i].line && !strcmp(t->hw[j].t, "类"))
			return 1;
	return 0;
}

static int header_has_codes(const struct ltable *t)
{
	for (size_t i = 0; i < t->nhw; i++)
		if (code_label(t, i))
			return 1;
	return 0;
}

static int only_class_words(const struct word *w, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char t[64];
		text_norm(w[i].t, strlen(w[i].t), t, sizeof t);
		if (strcmp(t, "类") && strcmp(t, "款") && strcmp(t, "项") && strcmp(t, "类款项") &&
		    strcmp(t, "类款"))
			return 0;
	}
	return 1;
}

static void push_row(struct ltable *t, const struct lrow *r)
{
	if (t->nrows == t->caprows) {
		size_t cap = t->caprows ? t->caprows * 2 : 64;
		struct lrow *nv = realloc(t->rows, cap * sizeof *nv);
		if (!nv)
			return;
		t->rows = nv;
		t->caprows = cap;
	}
	t->rows[t->nrows++] = *r;
}

static void push_hw(struct ltable *t, const struct word *w, int line)
{
	if (t->nhw == t->caphw) {
		size_t cap = t->caphw ? t->caphw * 2 : 64;
		struct hword *nv = realloc(t->hw, cap * sizeof *nv);
		if (!nv)
			return;
		t->hw = nv;
		t->caphw = cap;
	}
	struct hword *h = &t->hw[t->nhw++];
	text_norm(w->t, strlen(w->t), h->t, sizeof h->t);
	h->x0 = w->x0;
	h->x1 = w->x1;
	h->line = line;
}

/* The x where the right side of a two-sided table starts: the second name header word. */
static int right_side_x(const struct ltable *t)
{
	int seen = 0;
	for (size_t i = 0; i < t->nhw; i++) {
		const char *h = t->hw[i].t;
		if (!strcmp(h, "项目") || strncmp(h, "项目(", 7) == 0) {
			if (seen)
				return t->hw[i].x0;
			seen = 1;
		}
	}
	return -1;
}

static int summary_like(const char *kind)
{
	return !strcmp(kind, "summary") || !strcmp(kind, "fiscal_summary");
}

/* Reads one table line into a row; returns 0 for an empty row. */
static int parse_row(const struct ltable *t, const struct word *w, size_t n, struct lrow *r)
{
	memset(r, 0, sizeof *r);
	int codes_ok = header_has_codes(t);
	int two = summary_like(t->kind) && right_side_x(t) >= 0;
	size_t i = 0;
	/* a row's number under a 序号 column (`3   30101 基本工资 …`) is neither a code nor an amount */
	if (t->seq_x1 > 0 && n > 1 && w[0].x0 <= t->seq_x1 + 1 && strspn(w[0].t, "0123456789") == strlen(w[0].t))
		i = 1;
	/* code words before the name: `208 05 02`, `301 2`, `201 05 07` in one word */
	while (codes_ok && i < n && r->ncodes < 3) {
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%s", w[i].t);
		char *save = NULL;
		int parts = 0, ok = 1;
		char cp[4][12];
		for (char *p = strtok_r(tmp, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
			if (!code_word(p) || parts >= 3) {
				ok = 0;
				break;
			}
			snprintf(cp[parts++], sizeof cp[0], "%s", p);
		}
		/* a code word is an integer without grouping; amounts come after a name */
		if (!ok || parts == 0 || strchr(w[i].t, ',') || strchr(w[i].t, '.'))
			break;
		if (r->ncodes + parts > 3)
			break;
		/* the next word must be a code or a name, or nothing: else this was an amount */
		if (r->ncodes == 0 && parts == 1 && strlen(cp[0]) < 3 && i + 1 < n && w[i + 1].num &&
		    !code_word(w[i + 1].t))
			break;
		for (int k = 0; k < parts; k++)
			snprintf(r->codes[r->ncodes++], sizeof r->codes[0], "%.11s", cp[k]);
		i++;
	}
	/* a unit's code before its name (`263001  西安市商务局  160000.00 …`, six digits: no 类/款/项
	 * code): neither an amount nor a function code */
	if (i + 1 < n && strlen(w[i].t) == 6 && strspn(w[i].t, "0123456789") == 6 && !w[i + 1].num)
		i++;
	int side = 0, seen_num = 0, second_code = 0;
	for (; i < n; i++) {
		if (t->codes2_x > 0 && i > 0 && w[i].x0 >= t->codes2_x - 2 && w[i].x1 <= t->label_end + 2) {
			/* the row's second code and its name (政府预算支出经济分类: `501 01 工资奖金津补贴`) */
			second_code |= w[i].num;
			if (w[i].num || second_code)
				continue;
		}
		if (w[i].num) {
			if (r->nnum < MAXK) {
				struct num *q = &r->nums[r->nnum++];
				snprintf(q->t, sizeof q->t, "%.47s", w[i].t);
				q->x0 = w[i].x0;
				q->x1 = w[i].x1;
			}
			seen_num = 1;
			continue;
		}
		/* the right side starts after an amount, or at a second name set well apart */
		if (two && (seen_num || (r->name[0][0] && side == 0 && i > 0 && w[i].x0 - w[i - 1].x1 >= 3)))
			side = 1;
		char *nm = r->name[side];
		if (!nm[0])
			r->name_x0[side] = w[i].x0;
		/* Chinese names have no spaces: `因 公 出 国` is a spaced-out label */
		char packed[320];
		size_t pk = 0;
		for (const char *c = w[i].t; *c && pk + 1 < sizeof packed; c++)
			if (*c != ' ')
				packed[pk++] = *c;
		packed[pk] = '\0';
		strncat(nm, packed, sizeof r->name[0] - strlen(nm) - 1);
		text_utf8_clip(nm);
	}
	if (two && r->name[0][0] && !r->name[1][0] && t->nrows + 1 > 0) {
		/* a lone name far to the right is an expenditure item */
		int rx = right_side_x(t);
		if (r->name_x0[0] >= rx - 16 && rx > 20) {
			memcpy(r->name[1], r->name[0], sizeof r->name[1]);
			r->name_x0[1] = r->name_x0[0];
			r->name[0][0] = '\0';
		}
	}
	r->total_label = tables_is_total_label(r->name[0], strlen(r->name[0])) ||
			 tables_is_total_label(r->name[1], strlen(r->name[1]));
	return r->ncodes || r->name[0][0] || r->name[1][0] || r->nnum;
}

/* ---- columns ---- */

/* Half-open ranges [a0, a1) and [b0, b1), widened by tol. */
static int overlaps(int a0, int a1, int b0, int b1, int tol)
{
	return a0 < b1 + tol && b0 < a1 + tol;
}

/* Joins consecutive parts whose concatenation is a known label (a label wrapped over lines:
 * `一般公共预算` / `财` / `政拨款`), the longest such join first. */
static int join_wrapped(char parts[][160], int n)
{
	int w = 0;
	for (int i = 0; i < n;) {
		int best = 1;
		char cat[320] = "";
		for (int j = i; j < n && j < i + 4; j++) {
			strncat(cat, parts[j], sizeof cat - strlen(cat) - 1);
			if (j > i && tables_known_label(cat))
				best = j - i + 1;
		}
		char joined[320] = "";
		for (int j = i; j < i + best; j++)
			strncat(joined, parts[j], sizeof joined - strlen(joined) - 1);
		snprintf(parts[w++], 160, "%s", joined);
		i += best;
	}
	return w;
}

/* Whether header word i has words under it: directly below (a wrapped label's rest, or one
 * column under a group), or, for a group centred over columns wider than itself, two or more
 * within its own width either side. groups_only: count only the second kind. */
/* Whether header word j continues a label begun on line `line` or above (a word other than
 * `self` right above it, overlapping). */
static int label_rest(const struct ltable *t, size_t j, size_t self, int line, int lend)
{
	for (size_t q = 0; q < t->nhw; q++)
		if (q != self && q != j && t->hw[q].line <= line && t->hw[q].line < t->hw[j].line &&
		    t->hw[q].x1 > lend && overlaps(t->hw[q].x0, t->hw[q].x1, t->hw[j].x0, t->hw[j].x1, 0))
			return 1;
	return 0;
}

static int spans_below(const struct ltable *t, size_t i, int lend, int groups_only)
{
	const struct hword *h = &t->hw[i];
	int w = h->x1 - h->x0, direct = 0, near_max = 0;
	for (size_t j = 0; j < t->nhw; j++) {
		const struct hword *u = &t->hw[j];
		if (u->line <= h->line || u->x1 <= lend)
			continue;
		if (overlaps(h->x0, h->x1, u->x0, u->x1, 0))
			direct++;
		/* a group's columns are siblings: count them line by line (not the rest of a
		 * neighbour's label begun at its level or above: `事业单位经营` / `收入` and
		 * `附属单位上缴` / `收入` either side of `上级补助收入` are no columns under it) */
		int near = 0;
		for (size_t q = 0; q < t->nhw; q++)
			if (t->hw[q].line == u->line && t->hw[q].x1 > lend &&
			    overlaps(h->x0 - w, h->x1 + w, t->hw[q].x0, t->hw[q].x1, 0) &&
			    !label_rest(t, q, i, h->line, lend))
				near++;
		if (near > near_max)
			near_max = near;
	}
	if (near_max < 2) {
		/* its columns' labels on different lines (`项目支出` over `项目支出总数` and a
		 * neighbour wrapped over two lines, `扣除基建项目后预` / `算数`, set lower): count the
		 * words within its width either side that do not overlap one another */
		int xs0[MAXK], xs1[MAXK], nx = 0;
		for (size_t j = 0; j < t->nhw; j++) {
			const struct hword *u = &t->hw[j];
			if (u->line <= h->line || u->x1 <= lend ||
			    !overlaps(h->x0 - w, h->x1 + w, u->x0, u->x1, 1))
				continue;
			/* (not the rest of a neighbour's label begun at its level or above: `对附属单位`
			 * / `补助支出` beside `上缴上级支出`) */
			if (label_rest(t, j, i, h->line, lend))
				continue;
			int dup = 0;
			for (int q = 0; q < nx && !dup; q++)
				dup = overlaps(xs0[q], xs1[q], u->x0, u->x1, 0);
			if (!dup && nx < MAXK) {
				xs0[nx] = u->x0;
				xs1[nx++] = u->x1;
			}
		}
		if (nx > near_max)
			near_max = nx;
	}
	return groups_only ? near_max >= 2 : (direct >= 1 || near_max >= 2);
}

static int is_measure(const char *t)
{
	return !strcmp(t, "预算数") || !strcmp(t, "决算数") || !strcmp(t, "年初预算数") ||
	       !strcmp(t, "调整预算数") || !strcmp(t, "全年预算数");
}

/* Non-measure words under header word i within its own width either side. */
static int category_words_below(const struct ltable *t, size_t i, int lend)
{
	const struct hword *h = &t->hw[i];
	int w = h->x1 - h->x0, n = 0;
	for (size_t j = 0; j < t->nhw; j++) {
		const struct hword *u = &t->hw[j];
		if (u->line > h->line && u->x1 > lend && !is_measure(u->t) &&
		    overlaps(h->x0 - w, h->x1 + w, u->x0, u->x1, 0))
			n++;
	}
	return n;
}

/* The label over the measure pair that leaf i (预算数 or 决算数) belongs to. The measures of
 * one line form groups (a new group at each repeat of the first measure); the labels above that
 * are not groups themselves, left to right, match the groups in order when they are as many;
 * else the nearest label is taken. Returns a header word index or -1. */
static int measure_category(const struct ltable *t, size_t i, int lend)
{
	const struct hword *h = &t->hw[i];
	size_t leaves[MAXK], nl = 0;
	for (size_t j = 0; j < t->nhw && nl < MAXK; j++)
		if (t->hw[j].line == h->line && is_measure(t->hw[j].t) && t->hw[j].x1 > lend)
			leaves[nl++] = j;
	for (size_t a = 1; a < nl; a++)
		for (size_t b = a; b > 0 && t->hw[leaves[b]].x0 < t->hw[leaves[b - 1]].x0; b--) {
			size_t tmp = leaves[b];
			leaves[b] = leaves[b - 1];
			leaves[b - 1] = tmp;
		}
	int group_of_i = -1, ngroups = 0;
	double gsum[MAXK] = { 0 };
	int gn[MAXK] = { 0 };
	for (size_t a = 0; a < nl; a++) {
		if (a == 0 || !strcmp(t->hw[leaves[a]].t, t->hw[leaves[0]].t))
			ngroups++;
		gsum[ngroups - 1] += (t->hw[leaves[a]].x0 + t->hw[leaves[a]].x1) / 2.0;
		gn[ngroups - 1]++;
		if (leaves[a] == i)
			group_of_i = ngroups - 1;
	}
	size_t cats[MAXK], nc = 0;
	for (size_t j = 0; j < t->nhw && nc < MAXK; j++) {
		const struct hword *u = &t->hw[j];
		if (u->line < h->line && u->x1 > lend && !is_measure(u->t) &&
		    category_words_below(t, j, lend) < 2)
			cats[nc++] = j;
	}
	for (size_t a = 1; a < nc; a++)
		for (size_t b = a; b > 0 && t->hw[cats[b]].x0 + t->hw[cats[b]].x1 <
						 t->hw[cats[b - 1]].x0 + t->hw[cats[b - 1]].x1; b--) {
			size_t tmp = cats[b];
			cats[b] = cats[b - 1];
			cats[b - 1] = tmp;
		}
	if (group_of_i < 0 || nc == 0)
		return -1;
	if ((int)nc == ngroups)
		return (int)cats[group_of_i];
	double gc = gsum[group_of_i] / gn[group_of_i], bd = 1e9;
	int best = -1;
	for (size_t a = 0; a < nc; a++) {
		double dd = (t->hw[cats[a]].x0 + t->hw[cats[a]].x1) / 2.0 - gc;
		dd = dd < 0 ? -dd : dd;
		if (dd < bd) {
			bd = dd;
			best = (int)cats[a];
		}
	}
	return best;
}

/* Whether header word i is the first line of a label wrapped onto the line(s) below (`事业单位`
 * over `经营收入`): a word right under it, starting where it starts or centred where it is. */
static int wrapped_top(const struct ltable *t, size_t i, int lend)
{
	const struct hword *h = &t->hw[i];
	for (size_t j = 0; j < t->nhw; j++) {
		const struct hword *u = &t->hw[j];
		if (u->line <= h->line || u->x1 <= lend || !overlaps(h->x0, h->x1, u->x0, u->x1, 0))
			continue;
		double ch = (h->x0 + h->x1) / 2.0, cu = (u->x0 + u->x1) / 2.0;
		if (!(abs(h->x0 - u->x0) <= 1 || (ch - cu <= 1.5 && cu - ch <= 1.5)))
			continue;
		/* and alone on its line under it: siblings there would make this a group. Siblings
		 * are words under its own width; a neighbour's wrapped rest beside it is not one
		 * (`公务用车购 公务用车运` over `置费 行费`: two labels wrapped side by side) */
		int near = 0;
		for (size_t q = 0; q < t->nhw; q++)
			near += t->hw[q].line == u->line && t->hw[q].x1 > lend &&
				overlaps(h->x0, h->x1, t->hw[q].x0, t->hw[q].x1, 0);
		if (near == 1)
			return 1;
	}
	return 0;
}

/* The year a header word is stamped with (`2025年预算数` → 2025), 0 for none. */
static int year_stamp(const char *t)
{
	if (!(t[0] >= '1' && t[0] <= '2') || !(t[1] >= '0' && t[1] <= '9') ||
	    !(t[2] >= '0' && t[2] <= '9') || !(t[3] >= '0' && t[3] <= '9') || strncmp(t + 4, "年", 3))
		return 0;
	return (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
}

/* A measure alone on its header line over the whole amount area (`预算数` centred over 合计 |
 * 基本支出 … | 项目支出, Beijing's 一般公共预算支出表): it says what every column is, and is no
 * column of its own. */
static int spans_all(const struct ltable *t, size_t i, int lend)
{
	const struct hword *h = &t->hw[i];
	if (strcmp(h->t, "预算数") && strcmp(h->t, "决算数") && strcmp(h->t, "金额"))
		return 0;
	int left = 0, right = 0;
	for (size_t j = 0; j < t->nhw; j++) {
		const struct hword *u = &t->hw[j];
		if (j == i || u->x1 <= lend)
			continue;
		if (u->line == h->line)
			return 0;
		if (u->line > h->line) {
			left |= u->x1 <= h->x0;
			right |= u->x0 >= h->x1;
		}
	}
	return left && right;
}

/* A known label on the header's top line with labels below it on both sides (`本年收入` and
 * `上年结转结余` over Beijing's 收入总表, each centred over a run of columns far wider than
 * itself): a group, whose columns are the run of leaves around its centre that begins with a
 * 小计 (set in below, run_groups). */
static int top_group(const struct ltable *t, size_t i, int lend)
{
	const struct hword *h = &t->hw[i];
	if (h->line != 0 || !tables_known_label(h->t))
		return 0;
	int left = 0, right = 0;
	for (size_t j = 0; j < t->nhw; j++) {
		const struct hword *u = &t->hw[j];
		if (u->line <= h->line || u->x1 <= lend || label_rest(t, j, i, h->line, lend))
			continue;
		left |= u->x1 <= h->x0;
		right |= u->x0 >= h->x1;
	}
	return left && right;
}

/* Each top-line group (top_group) heads the run of columns around its centre that starts at a
 * 小计 and ends before the next 小计 or a 合计, when two groups or more stand side by side so. */
static void run_groups(const struct ltable *t, struct lcol *cols, size_t k, int lend)
{
	/* (two such groups side by side at least, each over its own 小计: 本年收入 | 上年结转结余;
	 * a lone group may stand over its columns and beside a leaf, 基本支出 | 项目支出) */
	int ngroups = 0, nsub = 0;
	for (size_t i = 0; i < t->nhw; i++)
		ngroups += t->hw[i].x1 > lend && top_group(t, i, lend);
	for (size_t c = 0; c < k; c++)
		nsub += !strcmp(cols[c].path[cols[c].np - 1], "小计");
	if (ngroups < 2 || nsub < 2)
		return;
	for (size_t i = 0; i < t->nhw; i++) {
		if (t->hw[i].x1 <= lend || !top_group(t, i, lend))
			continue;
		double gc = (t->hw[i].x0 + t->hw[i].x1) / 2.0;
		size_t start = k;
		for (size_t c = 0; c < k; c++) {
			const char *leaf = cols[c].path[cols[c].np - 1];
			if (cols[c].center > gc)
				break;
			if (!strcmp(leaf, "小计"))
				start = c;
			else if (tables_is_total_label(leaf, strlen(leaf)))
				start = k;
		}
		if (start == k)
			continue;
		for (size_t c = start; c < k; c++) {
			const char *leaf = cols[c].path[cols[c].np - 1];
			if (c > start && (!strcmp(leaf, "小计") || tables_is_total_label(leaf, strlen(leaf))))
				break;
			int have = 0;
			for (int p = 0; p < cols[c].np && !have; p++)
				have = !strcmp(cols[c].path[p], t->hw[i].t);
			if (have || cols[c].np >= 8)
				continue;
			memmove(cols[c].path[1], cols[c].path[0], (size_t)cols[c].np * sizeof cols[c].path[0]);
			snprintf(cols[c].path[0], sizeof cols[c].path[0], "%s", t->hw[i].t);
			cols[c].np++;
		}
	}
}

/* Leaves of the header right of the label columns: one amount column each. */
static size_t find_columns(const struct ltable *t, struct lcol *cols, size_t max, int *label_end)
{
	/* label headers (codes, names) end where the amounts begin */
	int lend = -1;
	for (size_t i = 0; i < t->nhw; i++) {
		const struct hword *h = &t->hw[i];
		if (code_label(t, i) || strstr(h->t, "名称") || !strcmp(h->t, "项目") ||
		    strncmp(h->t, "项目(", 7) == 0) {
			/* the right side's 项目 of a two-sided table is not the label area */
			if (summary_like(t->kind) && lend >= 0 && h->x0 > lend + 8 &&
			    (!strcmp(h->t, "项目") || strncmp(h->t, "项目(", 7) == 0))
				continue;
			if (h->x1 > lend)
				lend = h->x1;
		}
	}
	*label_end = lend;
	int rx = summary_like(t->kind) ? right_side_x(t) : -1;
	/* Blocks: `2025年预算数 … 2026年预算数` (and a `增减` block), or `预算数 … 决算数`, on one
	 * header line, each over a block of columns much wider than itself. Every column belongs to
	 * the block whose label is nearest (the line is cut at the midpoints between labels). */
	int blk[MAXK], nblk = 0;
	for (int line = 0; line < t->hdr_lines && nblk < 2; line++) {
		nblk = 0;
		int y0 = 0, years = 0, measures = 0;
		const char *m0 = NULL;
		for (size_t i = 0; i < t->nhw && nblk < MAXK; i++) {
			const struct hword *h = &t->hw[i];
			if (h->line != line || h->x1 <= lend)
				continue;
			int y = year_stamp(h->t);
			if (y || strstr(h->t, "增减") || is_measure(h->t)) {
				if (y && y != y0)
					years++, y0 = y;
				if (!y && is_measure(h->t) && (!m0 || strcmp(m0, h->t)))
					measures++, m0 = h->t;
				blk[nblk++] = (int)i;
			}
		}
		if (years < 2 && measures < 2)
			nblk = 0;
	}
	size_t k = 0;
	for (size_t i = 0; i < t->nhw && k < max; i++) {
		const struct hword *h = &t->hw[i];
		if (h->x1 <= lend)
			continue;
		if (rx >= 0 && h->x0 >= rx - 2 && h->x1 <= rx + 12 &&
		    (!strcmp(h->t, "项目") || strncmp(h->t, "项目(", 7) == 0))
			continue;
		if (strstr(h->t, "单位:") || strstr(h->t, "编制"))
			continue;
		int leaf = !spans_below(t, i, lend, 0) && !spans_all(t, i, lend) && !top_group(t, i, lend);
		/* the side labels of a two-sided table (本年收入 / 本年支出) are never columns */
		if (leaf && (!strcmp(h->t, "本年收入") || !strcmp(h->t, "本年支出") ||
			     !strcmp(h->t, "收入") || !strcmp(h->t, "支出") ||
			     !strcmp(h->t, "财政拨款收入") || !strcmp(h->t, "财政拨款支出")) &&
		    summary_like(t->kind))
			leaf = 0;
		/* a 备注 / 说明 column holds words, not amounts: were it a column, no row would fill
		 * every column and fix the others' positions */
		if (leaf && (!strcmp(h->t, "备注") || !strcmp(h->t, "说明")))
			leaf = 0;
		if (!leaf)
			continue;
		struct lcol *c = &cols[k++];
		memset(c, 0, sizeof *c);
		c->x0 = h->x0;
		c->x1 = h->x1;
		c->center = (h->x0 + h->x1) / 2.0;
		c->side = rx >= 0 && c->center > rx ? 1 : 0; /* amounts sit right of their 项目 */
		/* the path: header words above overlapping this column, top to bottom */
		char parts[8][160];
		int np = 0;
		for (int line = 0; line <= h->line && np < 7; line++) {
			/* on each line: the word right above (the most overlap), and group labels
			 * centred over a span that takes this column in */
			int best = -1, best_ov = 0;
			for (size_t j = 0; j < t->nhw; j++) {
				const struct hword *u = &t->hw[j];
				if (u->line != line || u == h || u->x1 <= lend)
					continue;
				int ov = (u->x1 < h->x1 ? u->x1 : h->x1) - (u->x0 > h->x0 ? u->x0 : h->x0);
				if (ov > best_ov) {
					best_ov = ov;
					best = (int)j;
				}
			}
			for (size_t j = 0; j < t->nhw && np < 7; j++) {
				const struct hword *u = &t->hw[j];
				if (u->line != line || u == h || u->x1 <= lend)
					continue;
				int uw = u->x1 - u->x0;
				int above = (int)j == best;
				int group = !overlaps(h->x0, h->x1, u->x0, u->x1, 0) &&
					    overlaps(h->x0, h->x1, u->x0 - uw, u->x1 + uw, 0) &&
					    spans_below(t, j, lend, 1) && !wrapped_top(t, j, lend);
				if (above || group)
					snprintf(parts[np++], 160, "%s", u->t);
			}
		}
		/* a measure leaf (预算数 / 决算数 pairs): its category is the label over its pair,
		 * with the groups over that label */
		if (is_measure(h->t)) {
			int cat = measure_category(t, i, lend);
			np = 0;
			if (cat >= 0) {
				const struct hword *cw = &t->hw[cat];
				double cc = (cw->x0 + cw->x1) / 2.0;
				for (size_t j = 0; j < t->nhw && np < 6; j++) {
					const struct hword *u = &t->hw[j];
					int uw = u->x1 - u->x0;
					if (u->line < cw->line && u->x1 > lend && !is_measure(u->t) &&
					    u->x0 - uw <= cc && cc <= u->x1 + uw && category_words_below(t, j, lend) >= 2)
						snprintf(parts[np++], 160, "%s", u->t);
				}
				snprintf(parts[np++], 160, "%s", cw->t);
			}
		}
		snprintf(parts[np++], 160, "%s", h->t);
		np = join_wrapped(parts, np);
		for (int p = 0; p < np; p++)
			snprintf(c->path[c->np++], 160, "%.159s", parts[p]);
	}
	/* left to right */
	for (size_t a = 1; a < k; a++)
		for (size_t b = a; b > 0 && cols[b].center < cols[b - 1].center; b--) {
			struct lcol tmp = cols[b];
			cols[b] = cols[b - 1];
			cols[b - 1] = tmp;
		}
	run_groups(t, cols, k, lend);
	/* A 小计 is the first column of the group it adds up (`基本支出` over `小计 | 人员经费 |
	 * 公用经费`): a group label centred over the three sits right of the 小计, over its
	 * neighbour only, so the 小计 found no group of its own. It takes the groups of its right
	 * neighbour that it lacks (whole labels only: the first line of the neighbour's own wrapped
	 * label, `一般公共预` of `一般公共预` / `算收入`, is no group). */
	for (size_t c = 0; c + 1 < k; c++) {
		struct lcol *sc = &cols[c], *nb = &cols[c + 1];
		if (sc->np < 1 || sc->np > 6 || strcmp(sc->path[sc->np - 1], "小计") || nb->np < 2 ||
		    nb->side != sc->side || !strcmp(nb->path[nb->np - 1], "小计"))
			continue;
		int own = nb->np - 1; /* where the neighbour's own label begins */
		if (own > 0 && !tables_known_label(nb->path[own]))
			own--; /* its label wrapped: `因公出国(境)费` / `用` */
		char grp[8][160];
		int n = 0;
		for (int p = 0; p < sc->np - 1; p++)
			memcpy(grp[n++], sc->path[p], sizeof grp[0]);
		int added = 0;
		for (int p = 0; p < own && n < 7; p++) {
			if (!tables_known_label(nb->path[p]))
				continue;
			int have = 0;
			for (int q = 0; q < sc->np && !have; q++)
				have = !strcmp(sc->path[q], nb->path[p]);
			if (!have) {
				memcpy(grp[n++], nb->path[p], sizeof grp[0]);
				added = 1;
			}
		}
		if (!added)
			continue;
		memcpy(grp[n++], sc->path[sc->np - 1], sizeof grp[0]);
		memcpy(sc->path, grp, (size_t)n * sizeof grp[0]);
		sc->np = n;
	}
	if (nblk >= 2) {
		/* each column under its block, the block label heading its path (in place of any
		 * block label the search above took as a group). Blocks repeat one set of columns:
		 * when the columns divide evenly, by order; else by the nearest block label. */
		for (int a = 1; a < nblk; a++)
			for (int b = a; b > 0 && t->hw[blk[b]].x0 < t->hw[blk[b - 1]].x0; b--) {
				int tmp = blk[b];
				blk[b] = blk[b - 1];
				blk[b - 1] = tmp;
			}
		int even = k % (size_t)nblk == 0;
		for (size_t c = 0; c < k; c++) {
			struct lcol *cl = &cols[c];
			int b = -1;
			if (even) {
				b = blk[c / (k / (size_t)nblk)];
			} else {
				double bd = 1e9;
				for (int q = 0; q < nblk; q++) {
					double dd = (t->hw[blk[q]].x0 + t->hw[blk[q]].x1) / 2.0 - cl->center;
					dd = dd < 0 ? -dd : dd;
					if (dd < bd)
						bd = dd, b = blk[q];
				}
			}
			int from = 0;
			for (int p = 0; p < cl->np; p++)
				if (year_stamp(cl->path[p]) || strstr(cl->path[p], "增减") ||
				    is_measure(cl->path[p]))
					from = p + 1;
			if (from == cl->np)
				continue; /* the block label is the column's own (a leaf) */
			int n = cl->np - from;
			if (n + 1 > 8)
				n = 7;
			memmove(cl->path[1], cl->path[from], (size_t)n * sizeof cl->path[0]);
			cl->np = n + 1;
			snprintf(cl->path[0], sizeof cl->path[0], "%s", t->hw[b].t);
		}
	}
	return k;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Places the amounts of a row (left to right) in columns (left to right) so that each number's
 * right edge sits at its column's anchor (+ off): the least-squares monotone alignment, by
 * dynamic programming. A row filling every column is placed in order. Returns the worst
 * residual, or -1 when the amounts cannot be placed within tolerance. */
#define PLACE_TOL 3.5
static double align_dp(const double *anchor, size_t k, const struct lrow *r, double off, int *at)
{
	size_t n = (size_t)r->nnum;
	if (n == 0)
		return 0;
	if (n > k)
		return -1;
	if (n == k) {
		double worst = 0;
		for (size_t i = 0; i < n; i++) {
			at[i] = (int)i;
			double d = r->nums[i].x1 - anchor[i] - off;
			if (d < 0)
				d = -d;
			if (d > worst)
				worst = d;
		}
		return worst;
	}
	/* dp[i][j]: best cost of numbers 0..i-1 in columns 0..j-1 */
	double dp[MAXK + 1][MAXK + 1];
	unsigned char take[MAXK + 1][MAXK + 1];
	for (size_t i = 0; i <= n; i++)
		for (size_t j = 0; j <= k; j++) {
			dp[i][j] = 1e18;
			take[i][j] = 0;
		}
	for (size_t j = 0; j <= k; j++)
		dp[0][j] = 0;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = i; j <= k; j++) {
			double skip = dp[i][j - 1];
			double d = r->nums[i - 1].x1 - anchor[j - 1] - off;
			double use = dp[i - 1][j - 1] + d * d;
			if (use <= skip) {
				dp[i][j] = use;
				take[i][j] = 1;
			} else {
				dp[i][j] = skip;
			}
		}
	double worst = 0;
	for (size_t i = n, j = k; i > 0;) {
		if (take[i][j]) {
			at[i - 1] = (int)(j - 1);
			double d = r->nums[i - 1].x1 - anchor[j - 1] - off;
			if (d < 0)
				d = -d;
			if (d > worst)
				worst = d;
			i--;
			j--;
		} else {
			j--;
		}
	}
	return worst;
}

/* A row that prints an amount on a side prints that side's total: a placement leaving the total
 * blank is redone with the side's first amount in the total column. */
static double align(const struct ltable *t, const double *anchor, size_t k, const struct lrow *r,
		    double off, int *at)
{
	double worst = align_dp(anchor, k, r, off, at);
	if (worst < 0 || !t)
		return worst;
	for (int side = 0; side < 2; side++) {
		int tc = -1;
		for (size_t c = 0; c < k && tc < 0; c++)
			if (t->is_total[c] && t->col_side[c] == side)
				tc = (int)c;
		if (tc < 0)
			continue;
		int first = -1, has_total = 0;
		for (int i = 0; i < r->nnum; i++)
			if (t->col_side[at[i]] == side) {
				if (first < 0)
					first = i;
				has_total |= at[i] == tc;
			}
		if (first < 0 || has_total)
			continue;
		/* force: amounts before `first` keep their places; `first` to the total; the rest
		 * aligned among the columns after it */
		if (first > 0 && at[first - 1] >= tc)
			return -1;
		struct lrow rest;
		memset(&rest, 0, sizeof rest);
		for (int i = first + 1; i < r->nnum; i++)
			rest.nums[rest.nnum++] = r->nums[i];
		int at2[MAXK];
		double w2 = align_dp(anchor + tc + 1, k - (size_t)tc - 1, &rest, off, at2);
		if (w2 < 0)
			return -1;
		at[first] = tc;
		for (int i = 0; i < rest.nnum; i++)
			at[first + 1 + i] = at2[i] + tc + 1;
		double d = r->nums[first].x1 - anchor[tc] - off;
		d = d < 0 ? -d : d;
		worst = 0;
		for (int i = 0; i < r->nnum; i++) {
			double e = r->nums[i].x1 - anchor[at[i]] - off;
			e = e < 0 ? -e : e;
			if (e > worst)
				worst = e;
		}
		(void)d;
	}
	return worst;
}

static int place(const struct ltable *t, const double *anchor, size_t k, double off,
		 const struct lrow *r, int *at)
{
	if ((size_t)r->nnum == k) {
		for (int i = 0; i < r->nnum; i++)
			at[i] = i;
		return 0;
	}
	double worst = align(t, anchor, k, r, off, at);
	if (worst < 0 || worst > PLACE_TOL)
		return -1;
	/* unambiguous: each number is nearer its own column than the neighbouring ones */
	for (int i = 0; i < r->nnum; i++) {
		double x = r->nums[i].x1 - off;
		double own = x - anchor[at[i]];
		own = own < 0 ? -own : own;
		for (int nb = at[i] - 1; nb <= at[i] + 1; nb += 2) {
			if (nb < 0 || (size_t)nb >= k)
				continue;
			double o = x - anchor[nb];
			o = o < 0 ? -o : o;
			if (o <= own + 0.5 && (i == 0 || at[i - 1] < nb) &&
			    (i + 1 >= r->nnum || at[i + 1] > nb))
				return -1; /* could as well be the neighbour, and it is free */
		}
	}
	return 0;
}

/* A numbers-only line above a row: merge when the two fill different columns. */
static int merge_floating(const struct ltable *t, const double *anchor, size_t k, double off,
			  struct lrow *r, const struct lrow *f)
{
	if ((size_t)(r->nnum + f->nnum) > k)
		return -1;
	/* placed together, so the total may be on either line */
	struct lrow both = *r;
	both.nnum = 0;
	int ia = 0, ib = 0;
	while (ia < r->nnum || ib < f->nnum) {
		if (ib >= f->nnum || (ia < r->nnum && r->nums[ia].x0 < f->nums[ib].x0))
			both.nums[both.nnum++] = r->nums[ia++];
		else
			both.nums[both.nnum++] = f->nums[ib++];
	}
	int at[MAXK];
	if (place(t, anchor, k, off, &both, at) != 0)
		return -1;
	*r = both;
	return 0;
}

/* Rows placed on one page with an offset, and their summed residual. */
static size_t try_offset(const struct ltable *t, const double *anchor, size_t k, int seg,
			 double off, double *cost)
{
	size_t placed = 0;
	*cost = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		int at[MAXK];
		if (t->rows[i].seg != seg || t->rows[i].nnum == 0 || (size_t)t->rows[i].nnum == k)
			continue;
		double w = align(t, anchor, k, &t->rows[i], off, at);
		if (w >= 0 && w <= PLACE_TOL) {
			placed++;
			*cost += w;
		}
	}
	return placed;
}

/* The offset that places most rows of a page; among those, the one with the least mean
 * residual, counting each column of shift against it (two columns can line up with a shift of
 * one column too: the smaller shift is the likelier). */
static double best_offset(const struct ltable *t, const double *anchor, size_t k, int seg,
			  double lo, double hi)
{
	double best_off = 0, best_score = 1e18;
	size_t best_n = 0;
	for (double off = lo; off <= hi; off += 0.5) {
		double cost;
		size_t n = try_offset(t, anchor, k, seg, off, &cost);
		double score = (n ? cost / (double)n : 0) + 0.15 * (off < 0 ? -off : off);
		if (n > best_n || (n == best_n && score < best_score)) {
			best_n = n;
			best_score = score;
			best_off = off;
		}
	}
	return best_off;
}

/* Column anchors (right edges of amounts) and each row's offset. Every page of a PDF has its
 * own horizontal scale, so a table continued on the next page is shifted: the anchors come from
 * the page with the most rows that fill every column (their amounts in order), or, with none,
 * from the header's leaves and the offset that places most rows; each other page gets the
 * offset that places most of its rows. */
static void fit_anchors(const struct ltable *t, const struct lcol *cols, size_t k, double *anchor,
			double *row_off, double *row_anchor)
{
	int base = t->nrows ? t->rows[0].seg : 0;
	size_t best_full = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		size_t full = 0;
		for (size_t j = 0; j < t->nrows; j++)
			full += t->rows[j].seg == t->rows[i].seg && (size_t)t->rows[j].nnum == k;
		if (full > best_full) {
			best_full = full;
			base = t->rows[i].seg;
		}
	}
	double base_off = 0;
	double *xs = malloc((t->nrows + 1) * sizeof *xs);
	if (!xs) {
		for (size_t c = 0; c < k; c++)
			anchor[c] = cols[c].center;
		for (size_t i = 0; i < t->nrows; i++)
			row_off[i] = 0;
		return;
	}
	if (best_full > 0) {
		for (size_t c = 0; c < k; c++) {
			size_t nx = 0;
			for (size_t i = 0; i < t->nrows; i++)
				if (t->rows[i].seg == base && (size_t)t->rows[i].nnum == k)
					xs[nx++] = t->rows[i].nums[c].x1;
			qsort(xs, nx, sizeof *xs, cmp_double);
			anchor[c] = xs[nx / 2];
		}
	} else {
		/* No row fills every column. Two ways to place the columns; the one that places
		 * more rows of this page wins:
		 * - the header leaves' centres moved by the shift that places most rows (numbers
		 *   sit right of a centred label), refitted from the rows so placed;
		 * - the clusters of the amounts' right edges (two or more amounts each), matched
		 *   to the leaves in order with the shift that fits them best; a column without
		 *   amounts keeps its leaf's centre moved by that shift. */
		double a1[MAXK], a2[MAXK];
		for (size_t c = 0; c < k; c++)
			a1[c] = cols[c].center;
		double off1 = best_offset(t, a1, k, base, -4, 16);
		for (size_t c = 0; c < k; c++) {
			size_t nx = 0;
			for (size_t i = 0; i < t->nrows; i++) {
				int at[MAXK];
				if (t->rows[i].seg != base || t->rows[i].nnum == 0 ||
				    place(t, a1, k, off1, &t->rows[i], at) != 0)
					continue;
				for (int q = 0; q < t->rows[i].nnum; q++)
					if ((size_t)at[q] == c)
						xs[nx++] = t->rows[i].nums[q].x1;
			}
			a2[c] = a1[c] + off1;
			if (nx) {
				qsort(xs, nx, sizeof *xs, cmp_double);
				a2[c] = xs[nx / 2];
			}
		}
		memcpy(a1, a2, sizeof a1); /* candidate 1, shift folded in */

		size_t nx = 0;
		for (size_t i = 0; i < t->nrows; i++)
			if (t->rows[i].seg == base)
				nx += (size_t)t->rows[i].nnum;
		double *all = malloc((nx + 1) * sizeof *all);
		size_t na = 0;
		for (size_t i = 0; all && i < t->nrows; i++)
			if (t->rows[i].seg == base)
				for (int q = 0; q < t->rows[i].nnum; q++)
					all[na++] = t->rows[i].nums[q].x1;
		double cl[MAXK];
		size_t ncl = 0;
		if (all) {
			qsort(all, na, sizeof *all, cmp_double);
			for (size_t i = 0; i < na;) {
				size_t j = i + 1;
				while (j < na && all[j] - all[j - 1] <= 2)
					j++;
				if (j - i >= 2 && ncl < MAXK)
					cl[ncl++] = all[i + (j - i) / 2];
				i = j;
			}
			free(all);
		}
		int have = 0;
		if (ncl > 0 && ncl <= k) {
			struct lrow pseudo;
			memset(&pseudo, 0, sizeof pseudo);
			pseudo.nnum = (int)ncl;
			for (size_t q = 0; q < ncl; q++)
				pseudo.nums[q].x1 = (int)(cl[q] + 0.5);
			double best_cost = 1e18, best_off = 0;
			int best_at[MAXK];
			double centre[MAXK];
			for (size_t c = 0; c < k; c++)
				centre[c] = cols[c].center;
			for (double off = -4; off <= 16; off += 0.5) {
				int at[MAXK];
				if (align(t, centre, k, &pseudo, off, at) < 0)
					continue;
				double cost = 0;
				for (size_t q = 0; q < ncl; q++) {
					double dd = cl[q] - centre[at[q]] - off;
					cost += dd * dd;
				}
				if (cost < best_cost) {
					best_cost = cost;
					best_off = off;
					memcpy(best_at, at, sizeof at);
					have = 1;
				}
			}
			for (size_t c = 0; c < k; c++)
				a2[c] = centre[c] + best_off;
			for (size_t q = 0; have && q < ncl; q++)
				a2[best_at[q]] = cl[q];
		}
		double c1, c2;
		size_t n1 = try_offset(t, a1, k, base, 0, &c1);
		size_t n2 = have ? try_offset(t, a2, k, base, 0, &c2) : 0;
		memcpy(anchor, have && n2 > n1 ? a2 : a1, k * sizeof *anchor);
		base_off = 0;
	}
	free(xs);
	int done_seg[256];
	double seg_off[256];
	size_t nseg = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		int seg = t->rows[i].seg;
		size_t q = 0;
		while (q < nseg && done_seg[q] != seg)
			q++;
		if (q == nseg && nseg < 256) {
			done_seg[nseg] = seg;
			seg_off[nseg++] = seg == base ? base_off : best_offset(t, anchor, k, seg, -40, 40);
		}
		row_off[i] = q < nseg ? seg_off[q] : 0;
		for (size_t c = 0; c < k; c++)
			row_anchor[i * k + c] = anchor[c];
	}
	/* A page with rows of its own that fill every column has its own anchors: a page's scale
	 * differs, not only its offset (Suzhou's columns are 13 characters apart on one page and 11
	 * on the next), so no one shift of the first page's anchors places its short rows. */
	double *xs2 = malloc((t->nrows + 1) * sizeof *xs2);
	for (size_t q = 0; xs2 && q < nseg; q++) {
		int seg = done_seg[q];
		if (seg == base)
			continue;
		double own[MAXK];
		size_t nx = 0;
		for (size_t c = 0; c < k; c++) {
			nx = 0;
			for (size_t i = 0; i < t->nrows; i++)
				if (t->rows[i].seg == seg && (size_t)t->rows[i].nnum == k)
					xs2[nx++] = t->rows[i].nums[c].x1;
			if (!nx)
				break;
			qsort(xs2, nx, sizeof *xs2, cmp_double);
			own[c] = xs2[nx / 2];
		}
		if (!nx)
			continue;
		for (size_t i = 0; i < t->nrows; i++)
			if (t->rows[i].seg == seg) {
				row_off[i] = 0;
				memcpy(row_anchor + i * k, own, k * sizeof *own);
			}
	}
	free(xs2);
}

/* The cells of a row with its amounts at columns at[] (codes, names, amounts in shape order). */
static void row_cells(const struct lrow *r, const int *at, int ncode, int two, const size_t *name_col,
		      const size_t *amount_col, size_t ncols, struct cell *cells)
{
	memset(cells, 0, ncols * sizeof *cells);
	for (int q = 0; q < ncode && q < r->ncodes; q++) {
		cells[q].s = r->codes[q];
		cells[q].len = strlen(r->codes[q]);
	}
	for (int side = 0; side < (two ? 2 : 1); side++) {
		cells[name_col[side]].s = r->name[side];
		cells[name_col[side]].len = strlen(r->name[side]);
	}
	for (int q = 0; q < r->nnum; q++) {
		cells[amount_col[at[q]]].s = r->nums[q].t;
		cells[amount_col[at[q]]].len = strlen(r->nums[q].t);
	}
	for (size_t q = 0; q < ncols; q++)
		if (!cells[q].s) {
			cells[q].s = "";
			cells[q].len = 0;
		}
}

/* Choosing between readings of a row by its own identities (issue 16, item 1: keep the reading
 * under which the identities hold). A row with blank cells on a page whose column positions
 * are only inferred (no row of its own fills every column) can be placed in more than one way;
 * when the placement by position breaks the row's identities (合计 = 基本 + 项目, 基本 = 人员 +
 * 公用, …) or no placement fits, the placements that keep the amounts in order and the total in
 * its column are tried, and the one under which the row's identities hold (the most of them,
 * then the nearest to the positions) is kept. None holding: the row stays as it was. Rows of
 * four amounts or fewer only: more can be made to add up by chance. */
struct alt_ctx {
	const struct ltable *t;
	const struct table_shape *shape;
	const struct lrow *r;
	int ncode, two;
	const size_t *name_col, *amount_col;
	size_t ncols, k;
	const double *anchor;
	double off;
	int total_col;             /* a column the total must be in, -1 none */
	struct facts scratch;
	struct findings junk;
	struct row_sink sink;
	int at[MAXK], best[MAXK];
	int have, best_checked;
	double best_cost;
	size_t tried;
};

/* Row identities of the row under placement at: -1 when one fails, else how many were checked. */
static int alt_eval(struct alt_ctx *c, const int *at)
{
	struct cell cells[MAXK + 8];
	row_cells(c->r, at, c->ncode, c->two, c->name_col, c->amount_col, c->ncols, cells);
	c->scratch.n = 0;
	c->junk.n = 0;
	struct row_state rs;
	memset(&rs, 0, sizeof rs);
	if (tables_emit_row(c->shape, &rs, cells, c->ncols, c->r->line, c->r->page, &c->sink) <= 0)
		return -1;
	struct ident_result res;
	if (identities_eval(c->t->kind, c->scratch.v, c->scratch.n, &res) != YS_OK) {
		identities_free(&res);
		return -1;
	}
	int out = (int)res.checked;
	for (size_t i = 0; i < res.n; i++)
		if (res.v[i].kind == IDENT_ROW && !res.v[i].holds)
			out = -1;
	identities_free(&res);
	return out;
}

static void alt_search(struct alt_ctx *c, int i, int from)
{
	const struct lrow *r = c->r;
	if (c->tried > 4096)
		return;
	if (i == r->nnum) {
		if (c->total_col >= 0) {
			int has = 0;
			for (int q = 0; q < r->nnum; q++)
				has |= c->at[q] == c->total_col;
			if (!has)
				return;
		}
		c->tried++;
		int checked = alt_eval(c, c->at);
		if (checked <= 0)
			return;
		double cost = 0;
		for (int q = 0; q < r->nnum; q++) {
			double dd = r->nums[q].x1 - c->anchor[c->at[q]] - c->off;
			cost += dd * dd;
		}
		if (!c->have || checked > c->best_checked ||
		    (checked == c->best_checked && cost < c->best_cost)) {
			c->have = 1;
			c->best_checked = checked;
			c->best_cost = cost;
			memcpy(c->best, c->at, sizeof c->best);
		}
		return;
	}
	for (int j = from; j <= (int)c->k - (r->nnum - i); j++) {
		c->at[i] = j;
		alt_search(c, i + 1, j + 1);
	}
}

/* Returns 1 and the placement in at when a reading under which the row's identities hold was
 * found in place of the one by position (placed: at holds that one). */
static int place_by_identities(struct alt_ctx *c, int *at, int placed)
{
	if (placed && alt_eval(c, at) >= 0)
		return 0; /* the placement by position keeps its identities (or has none) */
	c->have = 0;
	c->tried = 0;
	alt_search(c, 0, 0);
	if (!c->have)
		return 0;
	memcpy(at, c->best, (size_t)c->r->nnum * sizeof *at);
	return 1;
}

static int row_rules_kind(const char *kind)
{
	return !strcmp(kind, "expenditure") || !strcmp(kind, "gpb_expenditure") ||
	       !strcmp(kind, "gpb_basic") || !strcmp(kind, "gov_fund") ||
	       !strcmp(kind, "soe_capital") || !strcmp(kind, "income") || !strcmp(kind, "sangong");
}

static void table_finish(struct lstate *st)
{
	struct ltable *t = &st->t;
	struct doc *d = st->d;
	double *row_off = NULL, *row_anchor = NULL;
	if (!t->open)
		return;
	struct lcol cols[MAXK];
	int lend;
	size_t k = find_columns(t, cols, MAXK, &lend);
	struct doc_table *dt = &d->tables[t->idx];

	for (int half = 0; half < 2; half++) {
		if (!t->has_floating[half])
			continue;
		/* values with no label after them: the table's only row is its total (三公 tables
		 * print one row of values under the header) */
		if (t->nrows == 0) {
			t->floating[half].total_label = 1;
			snprintf(t->floating[half].name[0], sizeof t->floating[half].name[0], "合计");
			push_row(t, &t->floating[half]);
		} else {
			doc_finding(d, "unplaced_row", SEV_WARNING, t->floating[half].line,
				    t->floating[half].page,
				    "%s: a line of amounts with no row name; left out", t->kind);
		}
		t->has_floating[half] = 0;
	}
	/* a table printed with its header and an empty 合计 and no amount anywhere: shown empty
	 * (Beijing prints 国有资本经营预算支出表 so, without a sentence) */
	int amounts = 0;
	for (size_t r = 0; r < t->nrows && !amounts; r++)
		amounts = t->rows[r].nnum > 0 || t->rows[r].nabove > 0;
	int total_printed = 0;
	for (size_t r = 0; r < t->nrows; r++)
		total_printed |= t->rows[r].total_label;
	for (size_t i = 0; i < t->nhw; i++)
		total_printed |= tables_is_total_label(t->hw[i].t, strlen(t->hw[i].t));
	if (!amounts && total_printed && !dt->stated_empty) {
		doc_table_empty(d, t->idx, t->title_line, dt->page);
		goto done;
	}
	if (k == 0) {
		if (t->nrows > 0 && !dt->stated_empty)
			doc_finding(d, "unplaced_row", SEV_WARNING, t->title_line, 0,
				    "%s: no amount columns found in the header; the table is left out",
				    t->kind);
		goto done;
	}

	/* the shape: codes (类 款 项), name(s), amounts */
	int ncode = header_has_codes(t) ? 3 : 0;
	int two = summary_like(t->kind) && right_side_x(t) >= 0;
	size_t ncols = (size_t)ncode + (two ? 2 : 1) + k;
	const char **paths = calloc(ncols * 16, sizeof *paths);
	size_t *np = calloc(ncols, sizeof *np);
	size_t *amount_col = calloc(k, sizeof *amount_col);
	if (!paths || !np || !amount_col) {
		free(paths);
		free(np);
		free(amount_col);
		goto done;
	}
	static const char *const code_lab[3] = { "类", "款", "项" };
	size_t c = 0;
	for (int i = 0; i < ncode; i++) {
		paths[c * 16] = code_lab[i];
		np[c++] = 1;
	}
	size_t name_col[2];
	for (int side = 0; side < (two ? 2 : 1); side++) {
		name_col[side] = c;
		paths[c * 16] = two ? "项目" : "名称";
		np[c++] = 1;
		for (size_t a = 0; a < k; a++) {
			if (two && cols[a].side != side)
				continue;
			for (int p = 0; p < cols[a].np && p < 8; p++)
				paths[c * 16 + (size_t)p] = cols[a].path[p];
			np[c] = (size_t)cols[a].np;
			amount_col[a] = c++;
		}
	}
	struct table_shape shape;
	if (tables_shape_from_paths(t->kind, paths, np, ncols, &shape) != YS_OK) {
		if (getenv("YS_DEBUG_LAYOUT"))
			for (size_t q = 0; q < k; q++)
				fprintf(stderr, "table %s (line %d): no shape, column %zu: %s\n", t->kind,
					t->title_line, q, cols[q].path[cols[q].np - 1]);
		if (getenv("YS_DEBUG_LAYOUT"))
			for (size_t q = 0; q < t->nhw; q++)
				fprintf(stderr, "  hw %d [%d,%d] %s\n", t->hw[q].line, t->hw[q].x0, t->hw[q].x1, t->hw[q].t);
		free(paths);
		free(np);
		free(amount_col);
		tables_shape_free(&shape);
		goto done;
	}

	for (size_t a = 0; a < k; a++) {
		const char *key = shape.cols[amount_col[a]].key;
		t->is_total[a] = !strcmp(key, "total") || !strcmp(key, "income") ||
				 !strcmp(key, "expenditure");
		t->col_side[a] = shape.cols[amount_col[a]].side;
	}

	double anchor[MAXK];
	row_off = calloc(t->nrows + 1, sizeof *row_off);
	row_anchor = calloc((t->nrows + 1) * k, sizeof *row_anchor);
	if (!row_off || !row_anchor) {
		tables_shape_free(&shape);
		free(paths);
		free(np);
		free(amount_col);
		goto done;
	}
	fit_anchors(t, cols, k, anchor, row_off, row_anchor);
	for (size_t i = 0; i < t->nrows; i++) {
		struct lrow *r = &t->rows[i];
		if (!r->nabove)
			continue;
		struct lrow f;
		memset(&f, 0, sizeof f);
		memcpy(f.nums, r->above, sizeof f.nums);
		f.nnum = r->nabove;
		if (merge_floating(t, row_anchor + i * k, k, row_off[i], r, &f) != 0)
			doc_finding(d, "unplaced_row", SEV_WARNING, r->above_line, r->above_page,
				    "%s: a line of amounts with no row name; left out", t->kind);
		r->nabove = 0;
	}

	if (getenv("YS_DEBUG_LAYOUT")) {
		fprintf(stderr, "table %s (line %d): %zu columns, label end %d\n", t->kind, t->title_line, k, lend);
		for (size_t q = 0; q < t->nhw; q++)
			fprintf(stderr, "  hw %d [%d,%d] %s\n", t->hw[q].line, t->hw[q].x0, t->hw[q].x1, t->hw[q].t);
		for (size_t q = 0; q < k; q++) {
			fprintf(stderr, "  col %zu [%d,%d] anchor=%.1f side %d:", q, cols[q].x0, cols[q].x1, anchor[q], cols[q].side);
			for (int pp = 0; pp < cols[q].np; pp++)
				fprintf(stderr, " %s", cols[q].path[pp]);
			fputc('\n', stderr);
		}
		for (size_t q = 0; q < t->nrows; q++) {
			fprintf(stderr, "  row %d p%d%+.1f [%s|%s]", t->rows[q].line, t->rows[q].seg, row_off[q], t->rows[q].name[0], t->rows[q].name[1]);
			for (int z = 0; z < t->rows[q].nnum; z++)
				fprintf(stderr, " %s@%d-%d", t->rows[q].nums[z].t, t->rows[q].nums[z].x0, t->rows[q].nums[z].x1);
			fputc('\n', stderr);
		}
	}
	struct row_sink sink = { 0 };
	sink.facts = &d->facts;
	sink.findings = &d->findings;
	sink.tmpl = doc_fact_template(d, t->kind);
	sink.unit = t->unit;
	sink.zero_printed = 0;
	struct row_state rs;
	memset(&rs, 0, sizeof rs);
	char prev_cls[12] = "", prev_kuan[12] = "";
	struct alt_ctx alt;
	memset(&alt, 0, sizeof alt);
	int use_alt = !two && row_rules_kind(t->kind) && facts_init(&alt.scratch, d->facts.pool) == YS_OK;
	if (use_alt) {
		alt.t = t;
		alt.shape = &shape;
		alt.ncode = ncode;
		alt.two = two;
		alt.name_col = name_col;
		alt.amount_col = amount_col;
		alt.ncols = ncols;
		alt.k = k;
		alt.total_col = -1;
		for (size_t a = 0; a < k && alt.total_col < 0; a++)
			if (t->is_total[a])
				alt.total_col = (int)a;
		alt.sink = sink;
		alt.sink.facts = &alt.scratch;
		alt.sink.findings = &alt.junk;
	}
	for (size_t i = 0; i < t->nrows; i++) {
		struct lrow *r = &t->rows[i];
		int at[MAXK];
		/* a printed row with every cell blank is a row of zeros; a name alone in a code table
		 * is a heading, unless the table is stated empty (its 合计 then says zero) */
		if (r->nnum == 0 && !r->ncodes && !two && !(dt->stated_empty && r->total_label))
			continue;
		int placed = r->nnum == 0 || place(t, row_anchor + i * k, k, row_off[i], r, at) == 0;
		/* (a row of a few amounts among blank cells: with many amounts, some placement
		 * satisfies the identities by chance — Beijing's one-row 收入总表 of 11 amounts in 17
		 * columns — and proves nothing) */
		if (use_alt && r->nnum > 0 && r->nnum <= 4 && (size_t)r->nnum < k) {
			int own = 0; /* the page has a row of its own filling every column */
			for (size_t j = 0; j < t->nrows && !own; j++)
				own = t->rows[j].seg == r->seg && (size_t)t->rows[j].nnum == k;
			if (!placed || !own) {
				alt.r = r;
				alt.anchor = row_anchor + i * k;
				alt.off = row_off[i];
				if (place_by_identities(&alt, at, placed)) {
					if (getenv("YS_DEBUG_LAYOUT")) {
						fprintf(stderr, "  by identities: row %d p%d [%s]%s", r->line, r->page, r->name[0], placed ? " (was placed)" : "");
						for (int q = 0; q < r->nnum; q++)
							fprintf(stderr, " %s->%s", r->nums[q].t, shape.cols[amount_col[at[q]]].key);
						fputc('\n', stderr);
					}
					placed = 1;
				}
			}
		}
		if (!placed) {
			doc_finding(d, "unplaced_row", SEV_WARNING, r->line, r->page,
				    "%s row '%s%s%s' has %d amounts that do not line up with the %zu "
				    "columns of the header; left out",
				    t->kind, r->ncodes ? r->codes[0] : "", r->ncodes ? " " : "",
				    r->name[0][0] ? r->name[0] : r->name[1], r->nnum, k);
			continue;
		}
		/* a garbled 类 (`7 11 02` under `210 11 01`): the row above names the same 款 */
		if (ncode && r->ncodes == 3 && strlen(r->codes[0]) != 3) {
			if (prev_cls[0] && !strcmp(prev_kuan, r->codes[1])) {
				doc_finding(d, "code_repaired", SEV_INFO, r->line, r->page,
					    "%s: code '%s %s %s' read as %s%s%s from the row above",
					    t->kind, r->codes[0], r->codes[1], r->codes[2], prev_cls,
					    r->codes[1], r->codes[2]);
				snprintf(r->codes[0], sizeof r->codes[0], "%s", prev_cls);
			} else {
				doc_finding(d, "unplaced_row", SEV_WARNING, r->line, r->page,
					    "%s: code '%s %s %s' is not a 类/款/项 code; row left out",
					    t->kind, r->codes[0], r->codes[1], r->codes[2]);
				continue;
			}
		}
		if (r->ncodes >= 1 && strlen(r->codes[0]) == 3) {
			snprintf(prev_cls, sizeof prev_cls, "%s", r->codes[0]);
			snprintf(prev_kuan, sizeof prev_kuan, "%s", r->ncodes >= 2 ? r->codes[1] : "");
		}
		struct cell cells[MAXK + 8];
		row_cells(r, at, ncode, two, name_col, amount_col, ncols, cells);
		if (tables_emit_row(&shape, &rs, cells, ncols, r->line, r->page, &sink) >= 0)
			dt->rows++;
	}
	if (use_alt) {
		facts_free(&alt.scratch);
		findings_free(&alt.junk);
	}
	tables_shape_free(&shape);
	free(paths);
	free(np);
	free(amount_col);
done:
	free(row_off);
	free(row_anchor);
	free(t->hw);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

static void table_start(struct lstate *st, enum money_unit u, int line)
{
	table_finish(st);
	struct ltable *t = &st->t;
	size_t idx = doc_add_table(st->d, st->pending_kind, st->pending_title, st->pending_line,
				   st->is_pdf ? st->page : 0, u);
	if (idx == (size_t)-1)
		return;
	t->open = 1;
	t->idx = idx;
	t->last[0] = t->last[1] = -1;
	t->cont_row = -1;
	t->kind = st->d->tables[idx].key;
	t->unit = u;
	t->title_line = line;
	st->pending_kind = NULL;
}

static int line_no(const struct lstate *st, int global)
{
	return st->is_pdf ? st->line_in_page : global;
}

static void assemble(struct lstate *st, struct word *w, size_t n, int lineno, int half);

static int ends_with_s(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

/* Two tables side by side under one title (final accounts print the economic classification
 * in two halves): a label column header (科目编码, 科目名称) that occurs twice, the second well to
 * the right. The right half starts at the second header's 类 (or its 编码 a little left) and is
 * the left one moved right by the distance between the two. Header words of the right half are
 * dropped: the columns come from the left one. */
static void detect_split(struct ltable *t)
{
	static const char *const keys[] = { "类", "科目编码", "科目名称", "*科目编码" };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		int first = -1, second = -1;
		for (size_t i = 0; i < t->nhw; i++) {
			/* (`*`: any word ending so: `部门经济科目编码` … `政府经济科目编码`) */
			if (keys[k][0] == '*' ? !ends_with_s(t->hw[i].t, keys[k] + 1)
					      : strcmp(t->hw[i].t, keys[k]) != 0)
				continue;
			if (first < 0)
				first = (int)i;
			else if (second < 0 && t->hw[i].x0 > t->hw[first].x0 + 20)
				second = (int)i;
		}
		if (second < 0)
			continue;
		/* two sets of code columns with no amount column between them are one table whose
		 * rows carry two codes (Yantai: 部门预算支出经济分类 类 款 名称 | 政府预算支出经济分类 类
		 * 款 名称 | amounts): the second code and its name are labels, never amounts */
		int between = 0;
		for (size_t i = 0; i < t->nhw && !between; i++) {
			const struct hword *u = &t->hw[i];
			between = u->x0 > t->hw[first].x1 && u->x1 < t->hw[second].x0 &&
				  strcmp(u->t, "类") && strcmp(u->t, "款") && strcmp(u->t, "项") &&
				  !strstr(u->t, "编码") && !strstr(u->t, "名称") && !strstr(u->t, "科目");
		}
		if (!between) {
			t->codes2_x = t->hw[second].x0 - (k == 0 ? 1 : 4);
			for (size_t i = 0; i < t->nhw; i++)
				if (code_label(t, i) || strstr(t->hw[i].t, "名称"))
					if (t->hw[i].x1 > t->label_end)
						t->label_end = t->hw[i].x1;
			return;
		}
		t->shift = t->hw[second].x0 - t->hw[first].x0;
		t->split = t->hw[second].x0 - (k == 0 ? 1 : 4);
		/* the right half's first label column may start left of this header word */
		for (size_t i = 0; i < t->nhw; i++)
			if (t->hw[i].x0 >= t->split - 8 && t->hw[i].x0 < t->split &&
			    (!strcmp(t->hw[i].t, "类") || strstr(t->hw[i].t, "编码") ||
			     strstr(t->hw[i].t, "经济分类")))
				t->split = t->hw[i].x0;
		size_t w = 0;
		for (size_t i = 0; i < t->nhw; i++)
			if (t->hw[i].x0 < t->split)
				t->hw[w++] = t->hw[i];
		t->nhw = w;
		return;
	}
}

/* A header line that numbers the columns: whole numbers rising one by one (`1 2 3 … 12`; a
 * spaced-out pair `1 2` is one word), after an optional label (`栏次`, `行次`, `**`, 甲/乙/丙). */
static int colnum_line(const struct word *w, size_t n)
{
	int last = 0, seen = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = w[i].t;
		if (!w[i].num) {
			if (seen || !(strstr(s, "栏次") || strstr(s, "行次") || !strcmp(s, "**") ||
				      strstr(s, "甲") || strstr(s, "乙") || strstr(s, "丙")))
				return 0;
			continue;
		}
		/* one word may hold several single-spaced numbers */
		for (const char *p = s; *p;) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			int v = 0, nd = 0;
			while (*p >= '0' && *p <= '9' && nd < 4)
				v = v * 10 + (*p++ - '0'), nd++;
			if (nd == 0 || (*p && *p != ' ') || v != last + 1)
				return 0;
			last = v;
			seen++;
		}
	}
	return seen >= 3;
}

/* A page's running header or the document's title seen again (`苏州市某某局 2026 年度部门预算公开`),
 * or an identity label line: inside a table it is never a row. */
static int running_header(struct doc *d, const char *norm, int lineno)
{
	int year, final;
	char scope, name[256];
	if (ident_parse_title(norm, &year, &final, &scope, name, sizeof name) && year)
		return 1;
	return doc_meta_line(d, norm, lineno);
}

/* A table continued on another page prints its header again there: before the first row of
 * that page, a line of words that are all words of the table's own header (`项目`, `本年收入合计`,
 * `科目代码  科目名称`) is that header, never a row nor the rest of the row above's name. */
static int header_repeated(const struct lstate *st, const struct word *w, size_t n)
{
	const struct ltable *t = &st->t;
	if (!t->header_done || t->nrows == 0 || t->rows[t->nrows - 1].seg / 2 >= st->page)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char h[160];
		text_norm(w[i].t, strlen(w[i].t), h, sizeof h);
		int found = 0;
		for (size_t j = 0; j < t->nhw && !found; j++)
			found = !strcmp(t->hw[j].t, h);
		if (!found)
			return 0;
	}
	return 1;
}

/* A line that begins another table: its title (standard kind or not) or its number. */
static int ends_table(const char *norm, const struct word *w, size_t n)
{
	if (tables_number_label(norm)) /* (`公开 10 表`: its number is a word of its own) */
		return 1;
	for (size_t i = 0; i < n; i++)
		if (w[i].num)
			return 0;
	return tables_number_label(norm) || tables_kind_from_title(norm) || tables_title_other(norm);
}

/* A line under the header's 类 款 项 line whose words all sit in the name column and are no
 * header labels is the first part of the first row's name, wrapped above its code line (`其他行政
 * 事业单位养老支` / `99  出  6.57 …`), never a header word: it is kept for that row. */
static int first_name_line(struct ltable *t, const struct word *w, size_t n)
{
	int lend = -1, class_line = -1;
	for (size_t i = 0; i < t->nhw; i++) {
		const struct hword *h = &t->hw[i];
		if (code_label(t, i) || strstr(h->t, "名称"))
			if (h->x1 > lend)
				lend = h->x1;
		if (!strcmp(h->t, "类") && code_label(t, i))
			class_line = h->line;
	}
	if (class_line < 0 || lend < 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char h[160];
		text_norm(w[i].t, strlen(w[i].t), h, sizeof h);
		if (w[i].x0 >= lend || tables_known_label(h) || disp_width(w[i].t, strlen(w[i].t)) < 4)
			return 0;
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(t->first_name);
		snprintf(t->first_name + l, sizeof t->first_name - l, "%s", w[i].t);
	}
	text_utf8_clip(t->first_name);
	return 1;
}

/* One line inside a table. Returns 0 when the line ends the table (it is then read again as
 * text). */
static int table_line(struct lstate *st, const char *line, int lineno)
{
	struct ltable *t = &st->t;
	struct word w[MAXW];
	size_t n = split_words(line, w, MAXW);
	if (n == 0)
		return 1;
	char norm[600];
	text_norm(line, strlen(line), norm, sizeof norm);
	if (strncmp(norm, "注", 3) == 0) {
		if (tables_stated_empty(norm))
			doc_table_empty(st->d, t->idx, line_no(st, lineno), st->is_pdf ? st->page : 0);
		return 0;
	}
	/* the next table's title ends this one, however its words are spaced (`预算02表 收入总表`),
	 * and so does its number on a line of its own (`公开表6`) or a title of no standard kind */
	if (ends_table(norm, w, n))
		return 0;
	if (strstr(norm, "。") || (n == 1 && !w[0].num && strlen(norm) > 9 &&
				   (strstr(norm, "说明") || strstr(norm, "情况")) &&
				   !t->header_done))
		return 0;
	if (n == 1 && !w[0].num && (strstr(norm, "说明") || strstr(norm, "部分")) && t->header_done)
		return 0;
	int anynum = 0;
	for (size_t i = 0; i < n; i++)
		anynum |= w[i].num;
	if (!anynum && running_header(st->d, norm, line_no(st, lineno)))
		return 1; /* a running header (`苏州市某某局 2026 年度部门预算公开`) or label: never a row */
	if (colnum_line(w, n))
		return 1; /* `1 2 3 … 12`, `栏次 1 2 3`: numbers the columns, never a row (also under
			   * the header repeated on a later page) */
	if (!anynum && header_repeated(st, w, n))
		return 1; /* the header printed again at the top of the next page */
	if (!t->header_done) {
		int codes = 0;
		struct lrow probe;
		if (header_has_codes(t) && parse_row(t, w, n, &probe) && probe.ncodes && probe.name[0][0])
			codes = 1;
		if (!anynum && !codes) {
			if (first_name_line(t, w, n))
				return 1;
			for (size_t i = 0; i < n; i++)
				push_hw(t, &w[i], t->hdr_lines);
			t->hdr_lines++;
			return 1;
		}
		t->header_done = 1;
		detect_split(t);
		/* 序号 (or `序` over `号`) at the left edge, left of the code or name columns */
		for (size_t q = 0; q < t->nhw; q++)
			if ((!strcmp(t->hw[q].t, "序号") || !strcmp(t->hw[q].t, "序")) && t->hw[q].x0 <= 2)
				t->seq_x1 = t->hw[q].x1 > 0 ? t->hw[q].x1 : 1;
	}
	if (t->split > 0) {
		/* two tables side by side: each half is a row stream of its own. Pages differ in
		 * scale, so a line with two class codes (`303 05 … 302`) moves the split to the
		 * second; a line with one code far right puts that code in the right half. */
		int codes[MAXW], nc = 0;
		for (size_t i = 0; i < n; i++)
			if (strlen(w[i].t) == 3 && code_word(w[i].t) && !w[i].t[3])
				codes[nc++] = (int)i;
		if (nc >= 2 && w[codes[1]].x0 > w[codes[0]].x0 + 20) {
			t->shift = w[codes[1]].x0 - w[codes[0]].x0;
			t->split = w[codes[1]].x0;
		}
		int split = t->split;
		if (nc == 1 && w[codes[0]].x0 >= t->split - 6)
			split = w[codes[0]].x0;
		struct word l[MAXW], r[MAXW];
		size_t nl = 0, nr = 0;
		for (size_t i = 0; i < n; i++) {
			if (w[i].x0 >= split) {
				r[nr] = w[i];
				r[nr].x0 -= t->shift;
				r[nr].x1 -= t->shift;
				nr++;
			} else {
				l[nl++] = w[i];
			}
		}
		if (nl)
			assemble(st, l, nl, lineno, 0);
		if (nr)
			assemble(st, r, nr, lineno, 1);
		return 1;
	}
	assemble(st, w, n, lineno, 0);
	return 1;
}

/* An amount too wide for its cell is printed on two lines, right-aligned (`24995.9` over the
 * row's line, `4` under it): a lone one- or two-digit number whose right edge is that of an
 * amount of the row above with one decimal is its last digits. Appended there; returns 1. */
static int amount_rest(struct lrow *prev, const struct num *frag)
{
	size_t fl = strlen(frag->t);
	if (fl == 0 || fl > 2 || strspn(frag->t, "0123456789") != fl)
		return 0;
	struct num *sets[2] = { prev->above, prev->nums };
	int counts[2] = { prev->nabove, prev->nnum };
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < counts[s]; i++) {
			struct num *q = &sets[s][i];
			const char *dot = strrchr(q->t, '.');
			if (!dot || strlen(dot + 1) != 1 || abs(q->x1 - frag->x1) > 1 ||
			    strlen(q->t) + fl >= sizeof q->t)
				continue;
			strcat(q->t, frag->t);
			return 1;
		}
	return 0;
}

/* One line's words (of one half of a two-column table) into the rows. */
static void assemble(struct lstate *st, struct word *w, size_t n, int lineno, int half)
{
	struct ltable *t = &st->t;
	if (only_class_words(w, n))
		return; /* `类 款 项` printed among the rows (final accounts) */
	struct lrow r;
	if (!parse_row(t, w, n, &r))
		return;
	r.line = line_no(st, lineno);
	r.page = st->is_pdf ? st->page : 0;
	r.seg = st->page * 2 + half;
	if (t->first_name[0] && r.ncodes) {
		char nm[sizeof r.name[0] + sizeof t->first_name];
		snprintf(nm, sizeof nm, "%s%s", t->first_name, r.name[0]);
		nm[sizeof r.name[0] - 1] = '\0';
		text_utf8_clip(nm);
		memcpy(r.name[0], nm, sizeof r.name[0]);
		t->first_name[0] = '\0';
	}
	int has_label = r.ncodes || r.name[0][0] || r.name[1][0];
	if (!has_label && r.nnum == 1 && t->last[half] >= 0 && amount_rest(&t->rows[t->last[half]], &r.nums[0]))
		return; /* the rest of an amount wrapped in its cell (`24995.9` / `4`) */
	if (!has_label) {
		/* amounts alone: held for the row that follows */
		if (t->has_floating[half] && t->floating[half].nnum + r.nnum <= MAXK) {
			/* two such lines in a row belong to the same row when they do not overlap
			 * (a multi-line cell centres its values differently) */
			int clash = 0;
			for (int a = 0; a < r.nnum; a++)
				for (int b = 0; b < t->floating[half].nnum; b++)
					clash |= overlaps(r.nums[a].x0, r.nums[a].x1, t->floating[half].nums[b].x0,
							  t->floating[half].nums[b].x1, 1);
			if (!clash) {
				struct lrow *f = &t->floating[half];
				for (int a = 0; a < r.nnum; a++) {
					int pos = f->nnum;
					while (pos > 0 && f->nums[pos - 1].x0 > r.nums[a].x0) {
						f->nums[pos] = f->nums[pos - 1];
						pos--;
					}
					f->nums[pos] = r.nums[a];
					f->nnum++;
				}
				return;
			}
		}
		if (t->has_floating[half]) {
			/* two in a row that do overlap: the first stays alone */
			struct lrow f = t->floating[half];
			if (t->nrows == 0 && f.nnum) {
				f.total_label = 1;
				snprintf(f.name[0], sizeof f.name[0], "合计");
				push_row(t, &f);
			} else {
				doc_finding(st->d, "unplaced_row", SEV_WARNING, f.line, f.page,
					    "%s: a line of amounts with no row name; left out", t->kind);
			}
		}
		t->floating[half] = r;
		t->has_floating[half] = 1;
		return;
	}
	int item = 0;
	for (int side = 0; side < 2; side++)
		if (r.name[side][0] && text_skip_ordinal(r.name[side]) != r.name[side])
			item = 1;
	/* in a two-sided summary a label line is an item of its own (a row of blank cells), unless
	 * it is the short tail of a name cut at the line end (`…财政拨` / `款`) */
	int tail = 1;
	if (summary_like(t->kind) && t->last[half] >= 0) {
		const struct lrow *prev = &t->rows[t->last[half]];
		for (int side = 0; side < 2; side++) {
			if (!r.name[side][0])
				continue;
			size_t pl = strlen(prev->name[side]);
			static const char *const ends[] = { "计", "出", "入", "余", "款", "费", "金", "额", "配" };
			int complete = pl == 0;
			for (size_t e = 0; e < sizeof ends / sizeof ends[0] && !complete; e++)
				complete = pl >= 3 && !strcmp(prev->name[side] + pl - 3, ends[e]);
			if (complete || disp_width(r.name[side], strlen(r.name[side])) > 3)
				tail = 0;
		}
	}
	if (!r.ncodes && r.nnum == 0 && t->last[half] >= 0 && !r.total_label &&
	    !t->has_floating[half] && !(summary_like(t->kind) && (item || !tail))) {
		/* a name alone under a row: the rest of a wrapped name */
		struct lrow *prev = &t->rows[t->last[half]];
		int side = r.name[1][0] ? 1 : 0;
		t->cont_row = side == 0 ? t->last[half] : -1;
		t->cont_len = strlen(prev->name[side]);
		t->cont_line = r.line;
		t->cont_page = r.page;
		strncat(prev->name[side], r.name[side],
			sizeof prev->name[side] - strlen(prev->name[side]) - 1);
		return;
	}
	if (r.ncodes && r.nnum && !r.name[0][0] && !r.name[1][0] && t->last[half] >= 0 &&
	    t->cont_row == t->last[half] && t->cont_page == r.page && t->cont_line == r.line - 1) {
		/* a code line with no name between two name lines: its name is wrapped around it,
		 * centred in a cell three lines high (`机关事业单位基本养老保险缴费` / `2080505  …
		 * amounts` / `支出`); the line above was its first part, not the rest of the row
		 * above's name */
		struct lrow *prev = &t->rows[t->last[half]];
		snprintf(r.name[0], sizeof r.name[0], "%s", prev->name[0] + t->cont_len);
		prev->name[0][t->cont_len] = '\0';
		r.name_x0[0] = prev->name_x0[0];
	}
	t->cont_row = -1;
	if (r.ncodes && strlen(r.codes[0]) <= 2 && t->last[half] >= 0) {
		/* `302` on one line, `01 办公费` on the next: the 款 and name of the row above */
		struct lrow *prev = &t->rows[t->last[half]];
		if (prev->ncodes == 1 && strlen(prev->codes[0]) == 3 &&
		    (!prev->name[0][0] || !r.name[0][0]) && prev->ncodes + r.ncodes <= 3 &&
		    prev->nnum + r.nnum <= MAXK) {
			for (int q = 0; q < r.ncodes; q++)
				snprintf(prev->codes[prev->ncodes++], sizeof prev->codes[0], "%s", r.codes[q]);
			if (r.name[0][0])
				memcpy(prev->name, r.name, sizeof prev->name);
			for (int q = 0; q < r.nnum; q++)
				prev->nums[prev->nnum++] = r.nums[q];
			return;
		}
	}
	if (t->has_floating[half]) {
		/* merged once the columns are known (table_finish) */
		memcpy(r.above, t->floating[half].nums, sizeof r.above);
		r.nabove = t->floating[half].nnum;
		r.above_line = t->floating[half].line;
		r.above_page = t->floating[half].page;
		t->has_floating[half] = 0;
	}
	push_row(t, &r);
	t->last[half] = (long)t->nrows - 1;
}

/* A line of cells, not of prose: four words or more set apart by wide gaps, three of them
 * figures (amounts or percentages). Narrative lines run on, with single spaces at most. */
static int table_like_line(const char *tr)
{
	struct word w[MAXW];
	size_t n = split_words(tr, w, MAXW), nums = 0, gaps = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(w[i].t);
		nums += w[i].num || (l > 1 && w[i].t[l - 1] == '%' && money_looks_numeric(w[i].t, l - 1));
		if (i > 0 && w[i].x0 - w[i - 1].x1 >= 3)
			gaps++;
	}
	return n >= 4 && nums >= 3 && gaps >= 3;
}

/* A page number printed alone at the foot of a page (`13`, centred, then nothing but blank lines
 * up to the next page): never a row, nor the rest of a row's code (`221  住房保障支出  464.69` read
 * as 22113). next: the text after this line. */
static int foot_page_number(const char *line, const char *tr, size_t tl, const char *next,
			    const char *end)
{
	if (tl == 0 || tl > 3 || tr - line < 10)
		return 0;
	for (size_t i = 0; i < tl; i++)
		if (tr[i] < '0' || tr[i] > '9')
			return 0;
	for (const char *q = next; q < end; q++) {
		if (*q == '\f')
			return 1;
		if (*q != ' ' && *q != '\n' && *q != '\r' && *q != '\t')
			return 0;
	}
	return 1;
}

enum ys_err doc_layout_parse(struct doc *d, char *text, size_t len, struct ys_error *err)
{
	struct lstate st;
	memset(&st, 0, sizeof st);
	st.d = d;
	st.is_pdf = d->format == FMT_PDF;
	st.page = 1;
	int lineno = 0;
	size_t textlines = 0;
	char *p = text, *end = text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		*e = '\0';
		lineno++;
		st.line_in_page++;
		char *line = p;
		p = e + 1;
		while (*line == '\f') {
			st.page++;
			st.line_in_page = 1;
			st.form_feeds = 1;
			line++;
		}
		size_t l = strlen(line);
		if (text_page_marker(line, l)) {
			/* a printed page number (`- 3 -`) is a page break only in a text that has no
			 * form feeds: after pdftotext's \f it is the footer of the page the \f ends,
			 * and counting it too put every later page one further (Guangdong's footers) */
			if (!st.form_feeds) {
				st.page++;
				st.line_in_page = 0;
			}
			continue;
		}
		size_t tl = l;
		const char *tr = text_trim(line, &tl);
		if (foot_page_number(line, tr, tl, p, end))
			continue;
		if (tl == 0) {
			if (!st.t.open)
				add_nline(&st, "", lineno, NL_BLANK);
			continue;
		}
		textlines++;
		char norm[600];
		text_norm(tr, tl, norm, sizeof norm);
		enum money_unit u;
		if (st.t.open) {
			if (table_line(&st, line, lineno))
				continue;
			table_finish(&st);
			if (strncmp(norm, "注", 3) == 0) {
				st.note_after = lineno;
				add_nline(&st, "", lineno, NL_BREAK);
				continue;
			}
		}
		if (st.skipping) {
			/* a table of no standard kind runs to the next table or to text */
			struct word w[MAXW];
			size_t n = split_words(tr, w, MAXW);
			if (!ends_table(norm, w, n) && !strstr(norm, "。") &&
			    strncmp(norm, "注", 3) != 0) {
				add_nline(&st, "", lineno, NL_BREAK);
				continue;
			}
			st.skipping = 0;
		}
		if (st.note_after && lineno - st.note_after <= 3 && d->ntables &&
		    tables_stated_empty(norm)) {
			/* `注：本表反映…` then `说明：…故本表无数据`: the note of the table just closed */
			doc_table_empty(d, d->ntables - 1, line_no(&st, lineno), st.is_pdf ? st.page : 0);
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		if (tables_number_label(norm)) {
			/* `表3`, `公开 02 表` on a line of its own: the title follows */
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		int is_unit = tables_unit_line(norm, &u);
		if (doc_meta_line(d, norm, line_no(&st, lineno)) && !is_unit) {
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		if (is_unit) {
			if (st.pending_kind)
				table_start(&st, u, lineno);
			else if (st.pending_other)
				st.skipping = 1;
			st.pending_other = 0;
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		const char *kind = tables_kind_from_title(norm);
		if (kind && !strstr(tr, "…") && !strstr(tr, "...")) {
			st.pending_kind = kind;
			st.pending_other = 0;
			snprintf(st.pending_title, sizeof st.pending_title, "%.*s", (int)tl, tr);
			st.pending_line = line_no(&st, lineno);
			st.pending_age = 0;
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		if (!kind && tables_title_other(norm) && !strstr(tr, "…") && !strstr(tr, "...")) {
			st.pending_kind = NULL;
			st.pending_other = 1;
			st.pending_age = 0;
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		if (st.pending_kind && !strcmp(st.pending_kind, "performance") &&
		    (strstr(norm, "一级指标") || strstr(norm, "三级指标") || strstr(norm, "资金总额"))) {
			/* a project's own target table (`…项目绩效目标表`, then `资金总额：4200.00`,
			 * `一级指标 二级指标 三级指标 目标值`): no unit line and no amounts to read, but
			 * the document discloses its targets; its cells are not narrative */
			doc_add_table(d, st.pending_kind, st.pending_title, st.pending_line,
				      st.is_pdf ? st.page : 0, MU_WAN);
			st.pending_kind = NULL;
			st.skipping = 1;
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		if ((st.pending_kind || st.pending_other) && ++st.pending_age > 3) {
			st.pending_kind = NULL; /* a title in a list, not above a table */
			st.pending_other = 0;
		}
		/* narrative: an indented line starts a paragraph; a short line with no sentence
		 * punctuation that is numbered or ends in 说明/情况 is a heading */
		int indent = line[0] == ' ' && line[1] == ' ';
		size_t nn = strlen(norm);
		int heading = disp_width(tr, tl) < 40 && !strstr(norm, ",") && !strstr(norm, "。") &&
			      !strstr(norm, ";") && !strstr(norm, "万元") &&
			      (text_skip_ordinal(norm) != norm ||
			       (nn > 6 && (!strcmp(norm + nn - 6, "说明") || !strcmp(norm + nn - 6, "情况"))));
		if ((!heading && cell_text(line, tr, tl)) || table_like_line(tr)) {
			/* a row of a table no title made a table (a 项目绩效自评表's indicator line
			 * `数量指标  检查人次1859，收入949920元  100%  60%  20  12`): no narrative */
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		add_nline(&st, tr, line_no(&st, lineno),
			  heading ? NL_HEADING : indent ? NL_BREAK : NL_TEXT);
	}
	table_finish(&st);
	enum ys_err e = YS_OK;
	if (d->ntables == 0 && textlines == 0) {
		ys_error_set(err, d->path, lineno, "no text in the document");
		e = YS_EEMPTY;
	} else {
		e = narrative_extract(d, st.nl, st.nnl);
	}
	if (e == YS_OK && d->ntables == 0 && !d->year) {
		ys_error_set(err, d->path, 1,
			     "not a budget disclosure: no title with a year and no table found");
		e = YS_EPARSE;
	}
	free(st.nl);
	return e;
}
