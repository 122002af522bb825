/* Whose document, which year, which kind. A disclosure says it in one or more of: a cover title,
 * which may be wrapped anywhere over a few lines (`2026年` / `广州市…委员会部` / `门预算`), with the
 * name before or after the year; label lines on its tables (`部门：X`, `单位名称：X`, `编制单位：X
 *   金额单位：万元`, a `部门名称 | X` cell pair); running page headers; and, for an attachment
 * that prints only tables, its file name. Each source gives candidates; the choice is made once
 * for the whole text, before the readers run, so that every fact carries the final identity. */
#include "ident.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"

#define NAME_MAX_B 300
#define MAX_CAND 16
#define MAX_COVER 8

struct cand {
	char name[NAME_MAX_B];
	int count, line, page;
	char scope;            /* the label's: 'D' (部门…) or 'U' (单位…) */
};

struct ident_state {
	char cover[MAX_COVER][200]; /* the cover's lines, normalised: not narrative */
	int ncover;
	int seen[MAX_COVER];        /* taken once each: the same text again is a running header,
				     * which the narrative skips as page furniture */
};

/* ---- small string helpers (normalised text: no blanks, ASCII punctuation) ---- */

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int ends_with(const char *s, size_t n, const char *k)
{
	size_t m = strlen(k);
	return n >= m && memcmp(s + n - m, k, m) == 0;
}

static size_t nchars(const char *s)
{
	size_t c = 0;
	for (; *s; s++)
		c += ((unsigned char)*s & 0xC0) != 0x80;
	return c;
}

static int has_cjk(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xE3 && *p <= 0xE9)
			return 1;
	return 0;
}

/* The qualifier a department's document prints after its name: kept as part of the identity. */
static const char *const qualifiers[] = { "(部门汇总)", "(机关本级)", "(汇总)", "(本级)", "(合并)" };

static size_t qualifier_len(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++)
		if (ends_with(s, n, qualifiers[i]))
			return strlen(qualifiers[i]);
	return 0;
}

/* A region alone (`上海市`, `上海市普陀区`, `新疆维吾尔自治区`): the publisher's place, not a unit. */
static int region_only(const char *s)
{
	size_t n = strlen(s);
	static const char *const tails[] = { "省", "市", "区", "县", "州", "旗", "盟" };
	int tail = 0;
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++)
		tail |= ends_with(s, n, tails[i]);
	return tail && nchars(s) <= 8;
}

int ident_plausible_name(const char *s)
{
	size_t n = strlen(s);
	if (n < 6 || n >= NAME_MAX_B || !has_cjk(s))
		return 0;
	if (text_skip_ordinal(s) != s || starts(s, "第") || starts(s, "附件"))
		return 0;
	/* title and table words (a name may hold 表 or 预算 inside: `…人民代表大会…`, `…预算评审中心`) */
	static const char *const bad[] = { "目录", "部门预算", "单位预算", "部门决算", "单位决算",
					   "预算表", "决算表", "报表", "总表", "情况表", "明细表",
					   "公开说明", "情况说明", "年度", "。", ",", ";", ":", "…",
					   "...", "万元", "合计", "金额", "审查", "审签" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strstr(s, bad[i]))
			return 0;
	static const char *const bad_end[] = { "表", "预算", "决算", "说明", "情况", "公开" };
	for (size_t i = 0; i < sizeof bad_end / sizeof bad_end[0]; i++)
		if (ends_with(s, n, bad_end[i]))
			return 0;
	char base[NAME_MAX_B];
	size_t q = qualifier_len(s, n);
	memcpy(base, s, n - q);
	base[n - q] = '\0';
	return !region_only(base) && nchars(base) >= 2;
}

/* ---- titles ---- */

/* A year `YYYY年` (1990–2099) not inside a longer number: its offset, or -1. */
static long find_year(const char *s, int *year)
{
	for (const char *p = s; *p; p++) {
		if (!((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')))
			continue;
		if (!(p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9'))
			continue;
		if (p > s && p[-1] >= '0' && p[-1] <= '9')
			continue;
		if (!starts(p + 4, "年"))
			continue;
		*year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		return p - s;
	}
	return -1;
}

/* What may follow 预算/决算 in a document's title (not in a table's: `…预算支出表`). */
static int title_tail(const char *s)
{
	static const char *const words[] = { "信息公开", "公开说明", "情况说明", "编制说明", "公开",
					     "说明", "情况", "报表", "表", "的", "草案", "(草案)",
					     "文本", "公示", "书", "(公开版)" };
	while (*s) {
		size_t k = 0;
		for (size_t i = 0; i < sizeof words / sizeof words[0] && !k; i++)
			if (starts(s, words[i]))
				k = strlen(words[i]);
		if (!k)
			return 0;
		s += k;
	}
	return 1;
}

/* Words between a unit's name and 预算/决算 that say what kind of document it is. */
static const char *const scope_words[] = { "部门", "单位", "综合", "整体", "区级", "市级", "县级",
					   "省级", "镇级", "乡级", "财务", "收支" };

/* Leading words that are not the name: `附件2:`, `关于`. */
static const char *skip_lead(const char *s)
{
	if (starts(s, "附件")) {
		const char *p = s + strlen("附件");
		while (*p >= '0' && *p <= '9')
			p++;
		while (*p == ':' || *p == '-' || *p == '_' || starts(p, "、"))
			p += *p == ':' || *p == '-' || *p == '_' ? 1 : 3;
		s = p;
	}
	if (starts(s, "关于"))
		s += strlen("关于");
	return s;
}

int ident_parse_title(const char *norm, int *year, int *final, char *scope, char *name, size_t n)
{
	int y;
	const char *s = skip_lead(norm);
	long at = find_year(s, &y);
	if (at < 0)
		return 0;
	const char *post = s + at + 4 + strlen("年");
	if (starts(post, "度"))
		post += strlen("度");
	const char *kb = strstr(post, "预算"), *kf = strstr(post, "决算");
	const char *k = kb && (!kf || kb < kf) ? kb : kf;
	if (!k || !title_tail(k + strlen("预算")))
		return 0;
	/* the words before 预算: the unit's name (when it follows the year), then scope words */
	char mid[NAME_MAX_B];
	size_t m = (size_t)(k - post);
	if (m >= sizeof mid)
		return 0;
	memcpy(mid, post, m);
	mid[m] = '\0';
	char sc = 0;
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < sizeof scope_words / sizeof scope_words[0]; i++)
			if (ends_with(mid, m, scope_words[i])) {
				if (!sc && !strcmp(scope_words[i], "部门"))
					sc = 'D';
				else if (!sc && !strcmp(scope_words[i], "单位"))
					sc = 'U';
				m -= strlen(scope_words[i]);
				mid[m] = '\0';
				again = 1;
			}
	}
	char pre[NAME_MAX_B];
	size_t pl = (size_t)at < sizeof pre ? (size_t)at : sizeof pre - 1;
	memcpy(pre, s, pl);
	pre[pl] = '\0';
	text_utf8_clip(pre);
	name[0] = '\0';
	if (ident_plausible_name(pre))
		snprintf(name, n, "%s", pre);
	else if (ident_plausible_name(mid))
		snprintf(name, n, "%s", mid);
	else if (pre[0] && !region_only(pre) && !mid[0] && !ident_plausible_name(pre) &&
		 text_skip_ordinal(pre) == pre && strlen(pre) > 30)
		return 0; /* words before the year that are no name: a sentence, not a title */
	*year = y;
	*final = k == kf;
	*scope = sc;
	return 1;
}

/* ---- labels ---- */

static const struct {
	const char *label;
	char scope;
} labels[] = {
	{ "预算主管部门", 'D' }, { "主管部门", 'D' }, { "编制部门", 'D' }, { "部门(单位)名称", 'D' },
	{ "部门名称", 'D' }, { "部门", 'D' }, { "单位(部门)名称", 'U' }, { "单位名称", 'U' },
	{ "预算单位", 'U' }, { "编制单位", 'U' }, { "填报单位", 'U' },
};

/* The label a normalised cell starts with (followed by ':' when colon), or -1. */
static int label_at(const char *cell, int colon, size_t *len)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		size_t l = strlen(labels[i].label);
		if (strncmp(cell, labels[i].label, l) != 0)
			continue;
		if (colon && cell[l] == ':') {
			*len = l + 1;
			return (int)i;
		}
		if (!colon && cell[l] == '\0') {
			*len = l;
			return (int)i;
		}
	}
	return -1;
}

/* A label's value without what a layout line puts after it (`X金额单位:万元`, `X单位:元`). */
static void label_value(const char *v, char *out, size_t n)
{
	snprintf(out, n, "%s", v);
	static const char *const cuts[] = { "金额单位", "单位:", "(单位:", "计量单位", "单位(" };
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		char *c = strstr(out, cuts[i]);
		if (c)
			*c = '\0';
	}
	text_utf8_clip(out);
}

/* ---- the scan ---- */

struct scan {
	struct doc *d;
	int cover_year, cover_final, cover_has;
	char cover_scope;
	char cover_name[NAME_MAX_B];
	int cover_line, cover_page;
	char cover_title[400];
	struct cand lab[MAX_CAND], head[MAX_CAND];
	size_t nlab, nhead;
	int head_years[MAX_CAND][2], nheady; /* year, count (title lines) */
	int only_years[MAX_CAND][2], nonly;  /* year, count (`（2026年度）` lines) */
	int head_final, head_has;
	char head_scope;
	int head_line, head_page;
	char head_title[400];
};

static void add_cand(struct cand *v, size_t *n, const char *name, int line, int page, char scope)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(v[i].name, name)) {
			v[i].count++;
			return;
		}
	if (*n == MAX_CAND)
		return;
	struct cand *c = &v[(*n)++];
	snprintf(c->name, sizeof c->name, "%s", name);
	c->count = 1;
	c->line = line;
	c->page = page;
	c->scope = scope;
}

static const struct cand *best(const struct cand *v, size_t n)
{
	const struct cand *b = NULL;
	for (size_t i = 0; i < n; i++)
		if (!b || v[i].count > b->count)
			b = &v[i];
	return b;
}

static void add_year(int (*v)[2], int *n, int year)
{
	for (int i = 0; i < *n; i++)
		if (v[i][0] == year) {
			v[i][1]++;
			return;
		}
	if (*n < MAX_CAND) {
		v[*n][0] = year;
		v[(*n)++][1] = 1;
	}
}

static int best_year(int (*v)[2], int n)
{
	int b = -1;
	for (int i = 0; i < n; i++)
		if (b < 0 || v[i][1] > v[b][1])
			b = i;
	return b < 0 ? 0 : v[b][0];
}

/* The cells of a layout or tab line: runs of text between tabs or two or more blanks. Returns
 * the number of cells normalised into cells[]. */
static size_t split_cells(const char *line, size_t len, char cells[][200], size_t max)
{
	size_t nc = 0, i = 0;
	while (i < len && nc < max) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t b = i;
		while (i < len && line[i] != '\t' &&
		       !(line[i] == ' ' && i + 1 < len && line[i + 1] == ' ') &&
		       !(i + 3 <= len && memcmp(line + i, "\xe3\x80\x80", 3) == 0))
			i++;
		text_norm(line + b, i - b, cells[nc], sizeof cells[nc]);
		if (cells[nc][0])
			nc++;
		if (i < len && line[i] != '\t' && line[i] != ' ')
			i += 3; /* U+3000 */
	}
	return nc;
}

/* `(2026年度)`, `2026(年度)`, `2026年度`: a year said alone, under a table title. */
static int year_only(const char *c)
{
	const char *p = c;
	if (*p == '(')
		p++;
	int y;
	if (!(p[0] == '1' || p[0] == '2') || find_year(p, &y) != 0) {
		/* `2026(年度)` */
		if (!((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) ||
		    !(p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9') ||
		    strcmp(p + 4, "(年度)") != 0)
			return 0;
		return (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	}
	const char *q = p + 4 + strlen("年");
	if (starts(q, "度"))
		q += strlen("度");
	if (*c == '(' && *q == ')')
		q++;
	return *q ? 0 : y;
}

static void line_labels(struct scan *sc, char cells[][200], size_t nc, int line, int page)
{
	for (size_t i = 0; i < nc; i++) {
		size_t l;
		int k = label_at(cells[i], 1, &l);
		const char *v = NULL;
		if (k >= 0)
			v = cells[i][l] ? cells[i] + l : i + 1 < nc ? cells[i + 1] : NULL;
		else if ((k = label_at(cells[i], 0, &l)) >= 0 &&
			 (!strcmp(labels[k].label, "部门名称") || !strcmp(labels[k].label, "单位名称")))
			v = i + 1 < nc ? cells[i + 1] : NULL; /* a `部门名称 | X` pair of cells */
		if (!v)
			continue;
		char val[NAME_MAX_B];
		label_value(v, val, sizeof val);
		/* a unit code before the name is checked without it (`103007柳州市…`) */
		const char *nm = val;
		while (*nm >= '0' && *nm <= '9')
			nm++;
		if (ident_plausible_name(nm))
			add_cand(sc->lab, &sc->nlab, val, line, page, labels[k].scope);
	}
}

static void line_title(struct scan *sc, const char *norm, int line, int page)
{
	int y, fin;
	char scope, name[NAME_MAX_B];
	if (strlen(norm) > 240 || strstr(norm, "。") || strstr(norm, "…") || strstr(norm, "..."))
		return;
	if (!ident_parse_title(norm, &y, &fin, &scope, name, sizeof name))
		return;
	add_year(sc->head_years, &sc->nheady, y);
	if (!sc->head_has) {
		sc->head_has = 1;
		sc->head_final = fin;
		sc->head_scope = scope;
		sc->head_line = line;
		sc->head_page = page;
		snprintf(sc->head_title, sizeof sc->head_title, "%s", norm);
	} else if (!sc->head_scope) {
		sc->head_scope = scope;
	}
	if (name[0])
		add_cand(sc->head, &sc->nhead, name, line, page, scope);
}

/* The cover: the first lines, joined until they make a title. Returns 1 when the line was
 * taken into it, 0 when the cover is over. */
static int cover_line(struct scan *sc, struct ident_state *st, char *buf, size_t *bl,
		      const char *norm, int line, int page)
{
	if (!has_cjk(norm))
		return 1; /* `.` and page furniture before the title */
	if (starts(norm, "附件") && nchars(norm) <= 4)
		return 1;
	size_t l;
	if (strstr(norm, "目录") || strstr(norm, "。") || strstr(norm, "…") || strstr(norm, "...") ||
	    tables_kind_from_title(norm) || label_at(norm, 1, &l) >= 0 || strlen(norm) > 200 ||
	    (text_skip_ordinal(norm) != norm))
		return 0;
	size_t n = strlen(norm);
	if (*bl + n + 1 > 600 || st->ncover == MAX_COVER)
		return 0;
	memcpy(buf + *bl, norm, n + 1);
	*bl += n;
	text_utf8_clip(text_copy(st->cover[st->ncover++], sizeof st->cover[0], norm));
	if (!sc->cover_line) {
		sc->cover_line = line;
		sc->cover_page = page;
	}
	int y, fin;
	char scope;
	if (ident_parse_title(buf, &y, &fin, &scope, sc->cover_name, sizeof sc->cover_name)) {
		sc->cover_has = 1;
		sc->cover_year = y;
		sc->cover_final = fin;
		sc->cover_scope = scope;
		text_utf8_clip(text_copy(sc->cover_title, sizeof sc->cover_title, buf));
		return 0;
	}
	return 1;
}

/* The file's own name: `附件2：X2026年度部门预算报表.pdf`. */
static int file_title(const char *path, int *y, int *fin, char *scope, char *name, size_t n)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	char raw[600], norm[600];
	snprintf(raw, sizeof raw, "%s", b);
	char *dot = strrchr(raw, '.');
	if (dot)
		*dot = '\0';
	text_norm(raw, strlen(raw), norm, sizeof norm);
	/* a publisher's attachment name may follow our own prefix: `beijing-04_附件2：…` */
	const char *s = strstr(norm, "附件");
	return ident_parse_title(s ? s : norm, y, fin, scope, name, n);
}

static void set_identity_name(struct doc *d, const char *s)
{
	const char *p = s;
	size_t k = 0;
	while (p[k] >= '0' && p[k] <= '9')
		k++;
	if (k >= 3 && k <= 9 && p[k] && (unsigned char)p[k] >= 0x80) {
		char code[16];
		memcpy(code, p, k);
		code[k] = '\0';
		d->unit_code = facts_intern(&d->facts, code);
		p += k;
	}
	d->unit_name = facts_intern(&d->facts, p);
}

/* Two names of one unit, one with the qualifier (`长春市信访局（本级）` on the cover, `长春市信访局`
 * on the tables): the qualified one. */
static const char *qualified(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t qa = qualifier_len(a, na), qb = qualifier_len(b, nb);
	if (qa && !qb && na - qa == nb && !memcmp(a, b, nb))
		return a;
	if (qb && !qa && nb - qb == na && !memcmp(a, b, na))
		return b;
	return NULL;
}

/* Compares two names without a leading code. */
static const char *strip_code(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

void ident_scan(struct doc *d, const char *text, size_t len, int markup)
{
	struct scan *sc = calloc(1, sizeof *sc);
	struct ident_state *st = calloc(1, sizeof *st);
	char (*cells)[200] = malloc(32 * sizeof *cells);
	if (!sc || !st || !cells) {
		free(sc);
		free(st);
		free(cells);
		return;
	}
	free(d->ident);
	d->ident = st;
	sc->d = d;
	char cover[620];
	size_t cl = 0;
	int in_cover = 1, page = 1, line_in_page = 0, lineno = 0, textlines = 0;
	int pdf = d->format == FMT_PDF;
	char buf[2048], norm[600];
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		const char *line = text + i;
		size_t l = e - i;
		i = e + 1;
		lineno++;
		line_in_page++;
		while (l && *line == '\f') {
			page++;
			line_in_page = 1;
			line++;
			l--;
		}
		if (text_page_marker(line, l)) {
			page++;
			line_in_page = 0;
			continue;
		}
		if (l >= sizeof buf)
			l = sizeof buf - 1; /* (labels and titles are short) */
		memcpy(buf, line, l);
		buf[l] = '\0';
		if (markup)
			l = text_strip_markup(buf, l);
		size_t tl = l;
		const char *tr = text_trim(buf, &tl);
		if (!tl)
			continue;
		int at = pdf ? line_in_page : lineno;
		textlines++;
		int maybe_title = memmem(tr, tl, "预算", 6) || memmem(tr, tl, "决算", 6);
		int maybe_label = memmem(tr, tl, "部门", 6) || memmem(tr, tl, "单位", 6);
		int maybe_year = memmem(tr, tl, "年", 3) && tl < 60;
		if (!in_cover && !maybe_title && !maybe_label && !maybe_year)
			continue;
		text_norm(tr, tl, norm, sizeof norm);
		if (in_cover && textlines <= 12)
			in_cover = cover_line(sc, st, cover, &cl, norm, at, page);
		else
			in_cover = 0;
		if (maybe_label || maybe_title || maybe_year) {
			size_t nc = split_cells(tr, tl, cells, 32);
			if (maybe_label)
				line_labels(sc, cells, nc, at, page);
			if (maybe_title && !(sc->cover_has && sc->cover_page == page &&
					     at - sc->cover_line < MAX_COVER)) {
				for (size_t c = 0; c < nc; c++)
					line_title(sc, cells[c], at, page);
				if (nc > 1)
					line_title(sc, norm, at, page);
			}
			for (size_t c = 0; maybe_year && c < nc; c++) {
				int y = year_only(cells[c]);
				if (y)
					add_year(sc->only_years, &sc->nonly, y);
			}
		}
	}
	free(cells);

	/* the file's name, for an attachment that prints only tables */
	int fy = 0, ffin = 0;
	char fscope = 0, fname[NAME_MAX_B] = "";
	int fhas = file_title(d->path, &fy, &ffin, &fscope, fname, sizeof fname);

	/* the name: the cover's; the labels' when the cover names none (or only the region, as
	 * `上海市2026年市级单位预算` / `预算单位：X`), the qualified one of the two when they differ by
	 * `（本级）`/`（汇总）`; else a running header's; else the file's */
	const struct cand *lb = best(sc->lab, sc->nlab), *hb = best(sc->head, sc->nhead);
	const char *name = NULL, *from = IDENT_NONE;
	int nline = 0, npage = 0;
	if (sc->cover_name[0]) {
		name = sc->cover_name;
		from = IDENT_COVER;
		nline = sc->cover_line;
		npage = sc->cover_page;
		if (lb) {
			const char *q = qualified(strip_code(name), strip_code(lb->name));
			if (q && q != strip_code(name)) {
				name = lb->name;
				from = IDENT_LABEL;
				nline = lb->line;
				npage = lb->page;
			} else if (!q && strcmp(strip_code(name), strip_code(lb->name)) != 0) {
				doc_finding(d, "unit_name_differs", SEV_INFO, lb->line, pdf ? lb->page : 0,
					    "封面名称“%s”与表格标注的“%s”不一致；采用封面名称", name,
					    lb->name);
			}
		}
	} else if (lb) {
		name = lb->name;
		from = IDENT_LABEL;
		nline = lb->line;
		npage = lb->page;
		if (hb) {
			const char *q = qualified(strip_code(hb->name), strip_code(lb->name));
			if (q && q == strip_code(hb->name))
				name = hb->name;
		}
	} else if (hb) {
		name = hb->name;
		from = IDENT_HEADER;
		nline = hb->line;
		npage = hb->page;
	} else if (fhas && fname[0]) {
		name = fname;
		from = IDENT_FILE;
	}
	if (name) {
		set_identity_name(d, name);
	} else {
		const char *b = strrchr(d->path, '/');
		char nm[700];
		snprintf(nm, sizeof nm, "未具名单位(%s)", b ? b + 1 : d->path);
		text_utf8_clip(nm);
		d->unit_name = facts_intern(&d->facts, nm);
	}
	d->name_from = from;
	d->name_line = nline;
	d->name_page = pdf ? npage : 0;

	/* the year and the kind: the cover's, else the title lines', else a year said alone (`（2026
	 * 年度）` under a table title), else the file's */
	int year = 0, fin = -1;
	char scope = 0;
	if (sc->cover_has) {
		year = sc->cover_year;
		fin = sc->cover_final;
		scope = sc->cover_scope;
	}
	if (!year && sc->nheady)
		year = best_year(sc->head_years, sc->nheady);
	if (!year && sc->nonly)
		year = best_year(sc->only_years, sc->nonly);
	if (!year && fhas)
		year = fy;
	if (fin < 0 && sc->head_has)
		fin = sc->head_final;
	if (fin < 0 && fhas)
		fin = ffin;
	if (!scope && sc->head_has)
		scope = sc->head_scope;
	if (!scope && fhas)
		scope = fscope;
	if (!scope && lb)
		scope = lb->scope; /* `部门名称 X` on the tables of a department */
	d->year = year;
	if (fin >= 0 || scope) {
		char kind[32];
		snprintf(kind, sizeof kind, "%s%s", fin == 1 ? "final" : fin == 0 ? "budget" : "",
			 scope == 'D' ? "/department" : scope == 'U' ? "/unit" : "");
		d->doc_kind = facts_intern(&d->facts, kind);
	}
	const char *title = sc->cover_has ? sc->cover_title : sc->head_has ? sc->head_title : "";
	d->title = facts_intern(&d->facts, title);
	free(sc);
}

int ident_line(struct doc *d, const char *norm)
{
	if (!norm[0])
		return 0;
	size_t l;
	if (label_at(norm, 1, &l) >= 0)
		return norm[l] != '\0';
	struct ident_state *st = d->ident;
	for (int i = 0; st && i < st->ncover; i++)
		if (!st->seen[i] && !strcmp(st->cover[i], norm)) {
			st->seen[i] = 1;
			return 1;
		}
	return 0;
}

void ident_finish(struct doc *d)
{
	const char *old_kind = d->doc_kind;
	/* a kind that says 部门/单位 but not budget or final accounts, or nothing: the tables' titles
	 * say which (`预算01表 收支总表`, `收入支出决算总表`) */
	if (!starts(d->doc_kind, "budget") && !starts(d->doc_kind, "final")) {
		int fin = -1;
		for (size_t i = 0; i < d->ntables && fin < 0; i++) {
			char t[400];
			text_norm(d->tables[i].title, strlen(d->tables[i].title), t, sizeof t);
			if (strstr(t, "决算"))
				fin = 1;
			else if (strstr(t, "预算"))
				fin = 0;
		}
		if (fin >= 0) {
			char kind[32];
			snprintf(kind, sizeof kind, "%s%s", fin ? "final" : "budget", d->doc_kind);
			d->doc_kind = facts_intern(&d->facts, kind);
		}
	}
	if (d->doc_kind != old_kind)
		for (size_t i = 0; i < d->facts.n; i++)
			if (d->facts.v[i].doc_kind == old_kind)
				d->facts.v[i].doc_kind = d->doc_kind;
	if (!strcmp(d->name_from, IDENT_NONE))
		doc_finding(d, "no_unit_name", SEV_WARNING, 0, 0,
			    "文件未写明单位名称（封面、标题、“部门：”等标注行、页眉和文件名均无）：按文件名记为“%s”",
			    d->unit_name);
	if (!d->year)
		doc_finding(d, "no_year", SEV_WARNING, 0, 0, "文件未写明预算年度（标题、页眉、表头和文件名均无）");
	if (!starts(d->doc_kind, "budget") && !starts(d->doc_kind, "final"))
		doc_finding(d, "no_kind", SEV_WARNING, 0, 0, "文件未写明是预算还是决算");
	if (d->ntables == 0)
		doc_finding(d, "no_tables", SEV_WARNING, 0, 0,
			    "未识别出任何标准报表（收支总表、收入总表、支出总表……）");
}
