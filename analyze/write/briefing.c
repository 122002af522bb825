/* Briefing pages: one content model written twice, through an emitter that speaks HTML or
 * Markdown. Each page is written to a temporary name and renamed, so a page is whole or absent. */
#include "briefing.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/money.h"
#include "base/text.h"
#include "base/num.h"
#include "names.h"
#include "plots/charts.h"

/* ---- escaping ---- */

void briefing_html_escape(FILE *fp, const char *s)
{
	/* runs of plain bytes in one write, the rest one by one; control characters and bytes that
	 * are not UTF-8 never reach a page (text_clean) */
	char *own = s && !text_is_clean(s, strlen(s)) ? text_clean_ws_dup(s) : NULL;
	if (own)
		s = own;
	const char *p = s ? s : "";
	while (*p) {
		size_t run = strcspn(p, "&<>\"'\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0d\x0e\x0f"
				    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f");
		if (run)
			fwrite(p, 1, run, fp);
		p += run;
		switch (*p) {
		case '\0': free(own); return;
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: break; /* control characters have no business in a page */
		}
		p++;
	}
	free(own); /* (a string that ends right after an escaped character) */
}

static void md_escape_clean(FILE *fp, const char *s, int line_start);

/* control characters and bytes that are not UTF-8 never reach a page (text_clean) */
static void md_escape(FILE *fp, const char *s, int line_start)
{
	char *own = s && !text_is_clean(s, strlen(s)) ? text_clean_ws_dup(s) : NULL;
	md_escape_clean(fp, own ? own : s, line_start);
	free(own);
}

static void md_escape_clean(FILE *fp, const char *s, int line_start)
{
	/* what Markdown (and GFM tables) would read as markup; `#`, `+`, `-` only at the start,
	 * where they would make a heading or a list */
	const char *start = s ? s : "";
	for (const char *p = start; *p; p++) {
		if (p != start || !line_start) {
			size_t run = strcspn(p, "\\`*_[]<>|~\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r"
					    "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
					    "\x1d\x1e\x1f");
			if (run) {
				fwrite(p, 1, run, fp);
				p += run;
				if (!*p)
					break;
			}
		}
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			fputc(' ', fp);
		} else if ((unsigned char)*p < 0x20) {
			continue;
		} else if (strchr("\\`*_[]<>|~", *p) || (line_start && p == start && strchr("#+-!", *p))) {
			fputc('\\', fp);
			fputc(*p, fp);
		} else {
			fputc(*p, fp);
		}
	}
}

void briefing_md_escape(FILE *fp, const char *s)
{
	md_escape(fp, s, 1);
}

/* ---- the emitter ---- */

struct em {
	FILE *fp;
	int md;
};

struct cell {
	const char *text;
	const char *href;    /* a link, or NULL */
	int num;             /* right-aligned; in the index, sorted as a number */
	const char *sort;    /* the index's sort key, when it differs from the text */
	const char *cls;     /* an HTML class (severity colours) */
};

static void em_text(struct em *e, const char *s)
{
	if (e->md)
		briefing_md_escape(e->fp, s);
	else
		briefing_html_escape(e->fp, s);
}

static void em_heading(struct em *e, int level, const char *s)
{
	if (e->md) {
		fprintf(e->fp, "\n%.*s ", level, "######");
		em_text(e, s);
		fputs("\n\n", e->fp);
	} else {
		fprintf(e->fp, "<h%d>", level);
		em_text(e, s);
		fprintf(e->fp, "</h%d>\n", level);
	}
}

static void em_para(struct em *e, const char *s, const char *cls)
{
	if (e->md) {
		em_text(e, s);
		fputs("\n\n", e->fp);
	} else {
		fprintf(e->fp, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
		em_text(e, s);
		fputs("</p>\n", e->fp);
	}
}

static void em_list(struct em *e, int begin, const char *cls)
{
	if (e->md) {
		if (!begin)
			fputc('\n', e->fp);
	} else if (!begin) {
		fputs("</ul>\n", e->fp);
	} else {
		fprintf(e->fp, "<ul%s%s%s>\n", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	}
}

static void em_item(struct em *e, const char *s)
{
	fputs(e->md ? "- " : "<li>", e->fp);
	em_text(e, s);
	fputs(e->md ? "\n" : "</li>\n", e->fp);
}

/* An item that is a link (href: our own file names or source_href's, nothing to escape). */
static void em_item_link(struct em *e, const char *s, const char *href)
{
	if (!href || !href[0]) {
		em_item(e, s);
		return;
	}
	if (e->md) {
		fputs("- [", e->fp);
		md_escape(e->fp, s, 0);
		fprintf(e->fp, "](%s)\n", href);
	} else {
		fprintf(e->fp, "<li><a href=\"%s\">", href);
		em_text(e, s);
		fputs("</a></li>\n", e->fp);
	}
}

static void em_cell(struct em *e, const struct cell *c, int head, int sortable)
{
	if (e->md) {
		/* inside a table cell nothing starts a block */
		fputs(" ", e->fp);
		if (c->href) {
			fputs("[", e->fp);
			md_escape(e->fp, c->text, 0);
			fprintf(e->fp, "](%s)", c->href); /* hrefs are our own file names */
		} else {
			md_escape(e->fp, c->text, 0);
		}
		fputs(" |", e->fp);
		return;
	}
	const char *tag = head ? "th" : "td";
	fprintf(e->fp, "<%s", tag);
	if (c->num || c->cls)
		fprintf(e->fp, " class=\"%s%s%s\"", c->num ? "n" : "", c->num && c->cls ? " " : "",
			c->cls ? c->cls : "");
	if (sortable && !head) {
		fputs(" data-v=\"", e->fp);
		briefing_html_escape(e->fp, c->sort ? c->sort : c->text);
		fputs("\"", e->fp);
	}
	fputs(">", e->fp);
	if (c->href) {
		fprintf(e->fp, "<a href=\"%s\">", c->href);
		em_text(e, c->text);
		fputs("</a>", e->fp);
	} else {
		em_text(e, c->text);
	}
	fprintf(e->fp, "</%s>", tag);
}

static void em_table(struct em *e, const struct cell *head, int n, const char *id)
{
	if (e->md) {
		fputs("|", e->fp);
		for (int i = 0; i < n; i++)
			em_cell(e, &head[i], 1, 0);
		fputs("\n|", e->fp);
		for (int i = 0; i < n; i++)
			fputs(head[i].num ? " ---: |" : " --- |", e->fp);
		fputs("\n", e->fp);
		return;
	}
	fprintf(e->fp, "<table%s%s%s>\n<thead><tr>", id ? " id=\"" : "", id ? id : "", id ? "\"" : "");
	for (int i = 0; i < n; i++)
		em_cell(e, &head[i], 1, 0);
	fputs("</tr></thead>\n<tbody>\n", e->fp);
}

static void em_row(struct em *e, const struct cell *c, int n, int sortable)
{
	fputs(e->md ? "|" : "<tr>", e->fp);
	for (int i = 0; i < n; i++)
		em_cell(e, &c[i], 0, sortable);
	fputs(e->md ? "\n" : "</tr>\n", e->fp);
}

static void em_table_end(struct em *e)
{
	fputs(e->md ? "\n" : "</tbody>\n</table>\n", e->fp);
}

static void em_image(struct em *e, const char *src, const char *alt)
{
	if (e->md) {
		fputs("![", e->fp);
		em_text(e, alt);
		fprintf(e->fp, "](%s)\n\n", src);
	} else {
		fprintf(e->fp, "<figure><img src=\"%s\" alt=\"", src);
		em_text(e, alt);
		fputs("\" loading=\"lazy\"></figure>\n", e->fp);
	}
}

/* The ids a table's names stand for, for analysts who filter the CSVs: one line under the table
 * (`代码对照（CSV）：“三公”经费增加 = sangong_increase；…`), the only place a page shows ids. */
struct codes {
	const char *id[64];
	size_t n;
};

static void codes_add(struct codes *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->id[i], id))
			return;
	if (c->n < 64)
		c->id[c->n++] = id;
}

static void em_codes(struct em *e, const struct codes *c, enum name_kind k)
{
	if (!c->n)
		return;
	fputs(e->md ? "代码对照（CSV）：" : "<p class=\"ids\">代码对照（CSV）：", e->fp);
	for (size_t i = 0; i < c->n; i++) {
		if (i)
			fputs("；", e->fp);
		em_text(e, names_zh(k, c->id[i]));
		fputs(" = ", e->fp);
		em_text(e, c->id[i]);
	}
	fputs(e->md ? "\n\n" : "</p>\n", e->fp);
}

static const char css[] =
	"body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",\"PingFang SC\","
	"sans-serif;color:#222;margin:2em auto;max-width:1240px;padding:0 1.5em;line-height:1.6}"
	"h1{font-size:1.6em;border-bottom:3px solid #1f77b4;padding-bottom:.3em;margin-bottom:.2em}"
	"h2{font-size:1.2em;margin-top:2em;border-left:5px solid #1f77b4;padding-left:.5em}"
	".meta{color:#666;font-size:.9em;margin-top:0}"
	"table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em;width:100%}"
	"th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
	"th{background:#eef3f8;font-weight:600}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}"
	"tbody tr:nth-child(even){background:#fafafa}"
	".error{color:#b00020;font-weight:600}.warning{color:#a65e00}.info{color:#555}"
	"td.trend{font-weight:600}details summary{cursor:pointer;color:#1f77b4;margin:.5em 0}"
	"ul.key li{margin:.2em 0}.ids{color:#888;font-size:.75em;margin-top:-.5em}"
	"figure{display:inline-block;margin:.5em 1em .5em 0}figure img{max-width:100%;border:1px solid #eee}"
	".charts{display:flex;flex-wrap:wrap}"
	"footer{margin-top:3em;color:#888;font-size:.8em;border-top:1px solid #ddd;padding-top:.5em}"
	"#units{font-size:.85em}#units th{cursor:pointer;user-select:none}"
	"#units th:after{content:\" \\21C5\";color:#aaa}#units td:first-child{min-width:13em}"
	/* Printing (browser → PDF, A4): small type, no row split across pages, the header row on
	 * every page, each column at least a few characters wide (a 14-column table gave columns one
	 * character wide), links broken anywhere (file names are the widest cells), charts scaled to
	 * the page; the index's table of every unit on landscape pages of its own */
	"@page{size:A4;margin:14mm 12mm}@page wide{size:A4 landscape;margin:12mm}"
	"@media print{body{margin:0;max-width:none;padding:0;font-size:9.5pt;line-height:1.45}"
	"h1{font-size:15pt}h2{font-size:12pt;margin-top:1.2em}h2,h3{break-after:avoid;page-break-after:avoid}"
	"table{font-size:8pt;width:100%;margin:.3em 0 .8em}thead{display:table-header-group}"
	"tr,figure,img{break-inside:avoid;page-break-inside:avoid}"
	"th,td{padding:.15em .35em;min-width:3.2em}th:first-child,td:first-child{min-width:7em}"
	"td a{word-break:break-all;overflow-wrap:anywhere}a{color:inherit;text-decoration:none}"
	"tbody tr:nth-child(even){background:none}.charts{display:block}"
	"figure{display:block;margin:.3em 0;text-align:center}"
	"figure img{max-width:100%;max-height:120mm;width:auto;height:auto;border:none}"
	".wide{page:wide}#units{font-size:7.5pt}#units th:after{content:none}details summary{color:#222}}";

/* Sorting the index: numbers by value, text by byte order; empty cells always last. */
static const char sort_js[] =
	"<script>\n"
	"(function(){var t=document.getElementById('units');if(!t)return;\n"
	"var hs=t.tHead.rows[0].cells;for(var i=0;i<hs.length;i++)(function(i){var asc=true;\n"
	"hs[i].addEventListener('click',function(){var b=t.tBodies[0],r=[].slice.call(b.rows);\n"
	"var num=hs[i].className.indexOf('n')>=0,v=function(c){return parseFloat(c.replace(/,/g,''));};r.sort(function(x,y){\n"
	"var a=x.cells[i].getAttribute('data-v'),c=y.cells[i].getAttribute('data-v');\n"
	"if(a===''&&c==='')return 0;if(a==='')return 1;if(c==='')return -1;\n"
	"var d=num?v(a)-v(c):(a<c?-1:a>c?1:0);return asc?d:-d;});\n"
	"r.forEach(function(x){b.appendChild(x);});asc=!asc;});})(i);})();\n"
	"</script>\n";

static void em_begin(struct em *e, const char *title)
{
	if (e->md) {
		fputs("# ", e->fp);
		em_text(e, title);
		fputs("\n\n", e->fp);
		return;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      e->fp);
	em_text(e, title);
	fprintf(e->fp, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	em_text(e, title);
	fputs("</h1>\n", e->fp);
}

static void em_end(struct em *e, const char *footer, int script)
{
	if (e->md) {
		fputs("\n---\n\n", e->fp);
		em_text(e, footer);
		fputs("\n", e->fp);
		return;
	}
	fputs("<footer>", e->fp);
	em_text(e, footer);
	fputs("</footer>\n", e->fp);
	if (script)
		fputs(sort_js, e->fp);
	fputs("</body>\n</html>\n", e->fp);
}

/* ---- numbers as a reviewer reads them ---- */

/* Amounts as analysts see them in Excel: 2 decimals, thousands separated (`15,621.11`). Each
 * takes a buffer of 40 bytes. */
static char *wan(int64_t v, char *b)
{
	money_format(money_round(v, 2), 2, b);
	return names_thousands(b, 40);
}

static char *intg(int64_t v, char *b)
{
	money_format(money_round(v, 0), 0, b);
	return names_thousands(b, 40);
}

static char *numg(double v, int dec, char *b)
{
	num_format(v, dec, b);
	return names_thousands(b, 40);
}

static char *value_text(const struct mval *m, int metric, char *b, size_t n)
{
	char t[40];
	if (!m->has) {
		b[0] = '\0';
		return b;
	}
	switch (metric_defs[metric].kind) {
	case MK_MONEY:
		snprintf(b, n, "%s", wan(m->v, t));
		break;
	case MK_SHARE:
		snprintf(b, n, "%s%%", wan(m->v, t));
		break;
	case MK_COUNT:
	case MK_SCORE:
		snprintf(b, n, "%s", intg(m->v, t));
		break;
	}
	return b;
}

/* The rows of growth for one document, found by scanning (the pages use an index instead). */
static const struct growth_row *find_growth(const struct growth_row *v, size_t n,
					    const struct docsum *s, int metric)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].s == s && v[i].metric == metric)
			return v[i].dropped ? NULL : &v[i]; /* (a rejected figure: no change to show) */
	return NULL;
}

/* "较上年增长16.42%", "较上年下降3.00%", "与上年持平", "上年为0" */
static void change_words(const struct growth_row *r, int share, char *b, size_t n)
{
	char t[40];
	int64_t d = r->current - r->prior;
	if (share) {
		int64_t pp = money_round(d, 2);
		if (pp == 0)
			snprintf(b, n, "与上年持平");
		else
			snprintf(b, n, "较上年%s%s个百分点", pp > 0 ? "提高" : "降低", wan(pp > 0 ? pp : -pp, t));
		return;
	}
	int ok;
	int64_t pct = growth_pct(d, r->prior, &ok);
	if (!ok)
		snprintf(b, n, "上年为0，增幅不可比");
	else if (money_round(pct, 2) == 0 && d == 0)
		snprintf(b, n, "与上年持平");
	else
		snprintf(b, n, "较上年%s%s%%", pct >= 0 ? "增长" : "下降", wan(pct >= 0 ? pct : -pct, t));
}

static int share_partner(int metric)
{
	switch (metric) {
	case M_BASIC: return M_BASIC_SHARE;
	case M_PROJECT: return M_PROJECT_SHARE;
	case M_PERSONNEL: return M_PERSONNEL_SHARE;
	default: return -1;
	}
}

static char *sentence(const struct docsum *s, const struct growth_row *rows, size_t nrows, int metric,
		      char *buf, size_t n)
{
	buf[0] = '\0';
	const struct mval *m = &s->m[metric];
	if (!m->has)
		return buf;
	char v[64], ch[128] = "", sh[160] = "";
	value_text(m, metric, v, sizeof v);
	const struct growth_row *r = find_growth(rows, nrows, s, metric);
	enum metric_kind k = metric_defs[metric].kind;
	if (r)
		change_words(r, k == MK_SHARE, ch, sizeof ch);
	int p = share_partner(metric);
	if (p >= 0 && s->m[p].has) {
		char pv[40];
		snprintf(sh, sizeof sh, "，占%s%s%%", metric == M_PERSONNEL ? "人员和公用经费的" : "",
			 wan(s->m[p].v, pv));
	}
	const char *zh = metric_defs[metric].zh;
	switch (k) {
	case MK_MONEY:
		snprintf(buf, n, "%s%s万元%s%s%s", zh, v, sh, ch[0] ? "，" : "", ch);
		break;
	case MK_SHARE:
		snprintf(buf, n, "%s%s%s%s", zh, v, ch[0] ? "，" : "", ch);
		break;
	case MK_COUNT:
		snprintf(buf, n, "%s%s个%s%s", zh, v, ch[0] ? "，" : "", ch);
		break;
	case MK_SCORE:
		snprintf(buf, n, "%s%s分", zh, v);
		break;
	}
	return buf;
}

char *briefing_sentence(const struct docsum *s, const struct growth *g, int metric, char *buf,
			size_t n)
{
	return sentence(s, g->v, g->n, metric, buf, n);
}

/* ---- indexes: the rows of each analysis by document ---- */

struct bucket {
	size_t *start;  /* per document, ndocs + 1 */
	size_t *item;   /* row numbers */
};

static int bucket_build(struct bucket *b, size_t ndocs, const size_t *doc_of, size_t nrows)
{
	b->start = calloc(ndocs + 2, sizeof *b->start);
	b->item = malloc((nrows + 1) * sizeof *b->item);
	if (!b->start || !b->item)
		return -1;
	for (size_t i = 0; i < nrows; i++)
		b->start[doc_of[i] + 1]++;
	for (size_t d = 0; d < ndocs; d++)
		b->start[d + 1] += b->start[d];
	size_t *fill = calloc(ndocs + 1, sizeof *fill);
	if (!fill)
		return -1;
	for (size_t i = 0; i < nrows; i++)
		b->item[b->start[doc_of[i]] + fill[doc_of[i]]++] = i;
	free(fill);
	return 0;
}

static void bucket_free(struct bucket *b)
{
	free(b->start);
	free(b->item);
}

struct bctx {
	const char *dir;
	const struct briefing_in *in;
	struct bucket gb, tb, fb, ob;
	size_t *gfirst, *gcount;  /* growth rows are contiguous per document */
	const struct compare_row **cmp; /* compare rows by (year, group, measure) */
};

static int cmp_compare(const void *a, const void *b)
{
	const struct compare_row *x = *(const struct compare_row *const *)a;
	const struct compare_row *y = *(const struct compare_row *const *)b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	int d = strcmp(x->group, y->group);
	if (d)
		return d;
	return x->measure < y->measure ? -1 : x->measure > y->measure;
}

static const struct compare_row *find_compare(const struct bctx *c, int year, const char *group, int measure)
{
	struct compare_row key = { 0 };
	key.year = year;
	key.group = group;
	key.measure = measure;
	const struct compare_row *kp = &key;
	const struct compare_row **r = bsearch(&kp, c->cmp, c->in->pe->nc, sizeof *c->cmp, cmp_compare);
	return r ? *r : NULL;
}

static size_t doc_index(const struct sumset *ss, const struct docsum *s)
{
	return (size_t)(s - ss->v);
}

static int bctx_init(struct bctx *c, const char *dir, const struct briefing_in *in)
{
	memset(c, 0, sizeof *c);
	c->dir = dir;
	c->in = in;
	size_t nd = in->ss->n;
	size_t big = in->g->n;
	if (in->t->n > big)
		big = in->t->n;
	if (in->f->n > big)
		big = in->f->n;
	if (in->pe->no > big)
		big = in->pe->no;
	size_t *doc_of = malloc((big + 1) * sizeof *doc_of);
	c->cmp = malloc((in->pe->nc + 1) * sizeof *c->cmp);
	if (c->cmp) {
		for (size_t i = 0; i < in->pe->nc; i++)
			c->cmp[i] = &in->pe->c[i];
		qsort(c->cmp, in->pe->nc, sizeof *c->cmp, cmp_compare);
	}
	c->gfirst = calloc(nd + 1, sizeof *c->gfirst);
	c->gcount = calloc(nd + 1, sizeof *c->gcount);
	if (!doc_of || !c->gfirst || !c->gcount) {
		free(doc_of);
		return -1;
	}
	for (size_t i = 0; i < in->g->n; i++) {
		size_t d = doc_index(in->ss, in->g->v[i].s);
		if (!c->gcount[d])
			c->gfirst[d] = i;
		c->gcount[d]++;
	}
	int rc = 0;
	for (size_t i = 0; i < in->t->n; i++)
		doc_of[i] = doc_index(in->ss, in->t->v[i].s);
	rc |= bucket_build(&c->tb, nd, doc_of, in->t->n);
	for (size_t i = 0; i < in->f->n; i++)
		doc_of[i] = doc_index(in->ss, in->f->v[i].s);
	rc |= bucket_build(&c->fb, nd, doc_of, in->f->n);
	for (size_t i = 0; i < in->pe->no; i++)
		doc_of[i] = doc_index(in->ss, in->pe->o[i].s);
	rc |= bucket_build(&c->ob, nd, doc_of, in->pe->no);
	free(doc_of);
	return rc;
}

static void bctx_free(struct bctx *c)
{
	bucket_free(&c->tb);
	bucket_free(&c->fb);
	bucket_free(&c->ob);
	free(c->gfirst);
	free(c->gcount);
	free(c->cmp);
}

static const struct growth_row *doc_growth(const struct bctx *c, const struct docsum *s, size_t *n)
{
	size_t d = doc_index(c->in->ss, s);
	*n = c->gcount[d];
	return *n ? &c->in->g->v[c->gfirst[d]] : NULL;
}

/* ---- a unit's page ---- */

/* The metrics of the key-figures and multi-year tables. */
static const int key_metrics[] = {
	M_INCOME_TOTAL, M_EXPENDITURE_TOTAL, M_FISCAL_TOTAL, M_GPB_TOTAL, M_GOV_FUND_TOTAL,
	M_BASIC, M_PROJECT, M_BASIC_SHARE, M_PROJECT_SHARE, M_PERSONNEL, M_PUBLIC_USE,
	M_PERSONNEL_SHARE, M_SANGONG_TOTAL, M_SANGONG_ABROAD, M_SANGONG_VEHICLE, M_SANGONG_RECEPTION,
	M_MEETING, M_TRAINING, M_ADMIN_RUNNING, M_PROCUREMENT_TOTAL, M_PURCHASE_SERVICE_TOTAL,
	M_PROJECT_COUNT, M_PERFORMANCE_TOTAL, M_QUALITY_SCORE,
};
#define NKEY (sizeof key_metrics / sizeof key_metrics[0])

/* The sentences at the top of a page. */
static const int sentence_metrics[] = {
	M_EXPENDITURE_TOTAL, M_BASIC, M_PROJECT, M_BASIC_SHARE, M_PERSONNEL, M_PUBLIC_USE,
	M_SANGONG_TOTAL, M_ADMIN_RUNNING, M_PROCUREMENT_TOTAL,
};

static const char *base_name(const char *p)
{
	const char *s = strrchr(p ? p : "", '/');
	return s ? s + 1 : p ? p : "";
}

static void source_text(const char *file, int page, int line, char *b, size_t n)
{
	if (!file || !file[0])
		b[0] = '\0';
	else if (page > 0 && line > 0)
		snprintf(b, n, "%s 第%d页 第%d行", base_name(file), page, line);
	else if (line > 0)
		snprintf(b, n, "%s 第%d行", base_name(file), line);
	else
		snprintf(b, n, "%s", base_name(file));
}

/* A link to the source page of a PDF (`file:///…/x.pdf#page=20`: browsers' PDF viewers open it
 * at the page), else "" — text files have no page a link could open (any: a link to any file,
 * for the list of documents). The path is the input's
 * as resolved now, so the link works where the run read it; outside [A-Za-z0-9/._~-] every
 * byte is percent-encoded (a name holding `#`, `"` or a space stays one path). */
static const char *source_href(const char *file, int page, int any, char *b, size_t n)
{
	b[0] = '\0';
	size_t len = file ? strlen(file) : 0;
	if (!len || (!any && (len < 5 || strcasecmp(file + len - 4, ".pdf"))))
		return b;
	char *abs = realpath(file, NULL);
	if (!abs)
		return b;
	size_t w = (size_t)snprintf(b, n, "file://");
	for (const unsigned char *p = (const unsigned char *)abs; *p && w + 4 < n; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("/._~-", *p))
			b[w++] = (char)*p;
		else
			w += (size_t)snprintf(b + w, n - w, "%%%02X", *p);
	}
	b[w < n ? w : n - 1] = '\0';
	free(abs);
	if (page > 0 && w + 16 < n)
		snprintf(b + w, n - w, "#page=%d", page);
	return b;
}

static const char *severity_zh(enum severity s)
{
	return s == SEV_ERROR ? "错误" : s == SEV_WARNING ? "警告" : "提示";
}

static const char *kind_zh(const char *kind)
{
	return names_zh(NK_KIND, kind);
}

static int chart_exists(const char *dir, const char *rel, char *out, size_t n)
{
	/* PNG first: an SVG's text needs the reader's fonts */
	static const char *const ext[] = { "png", "svg" };
	for (int i = 0; i < 2; i++) {
		char p[4600];
		struct stat st;
		snprintf(p, sizeof p, "%s/charts/%s.%s", dir, rel, ext[i]);
		if (stat(p, &st) == 0 && st.st_size > 0) {
			snprintf(out, n, "../charts/%s.%s", rel, ext[i]);
			return 1;
		}
	}
	return 0;
}

/* Key figures of one document against the year before. */
static void key_table(struct em *e, const struct bctx *c, const struct docsum *s)
{
	size_t ng;
	const struct growth_row *gr = doc_growth(c, s, &ng);
	char h1[40], h2[40];
	snprintf(h1, sizeof h1, "%d年", s->year);
	snprintf(h2, sizeof h2, "%d年", s->year - 1);
	struct cell head[] = { { "指标", 0, 0, 0, 0 }, { h1, 0, 1, 0, 0 }, { h2, 0, 1, 0, 0 },
			       { "增减", 0, 1, 0, 0 }, { "增幅", 0, 1, 0, 0 }, { "上年数取自", 0, 0, 0, 0 },
			       { "出处", 0, 0, 0, 0 } };
	em_table(e, head, 7, NULL);
	for (size_t k = 0; k < NKEY; k++) {
		int m = key_metrics[k];
		if (!s->m[m].has)
			continue;
		char cur[64], pr[64] = "", d[64] = "", pct[64] = "", src[700], t[40];
		value_text(&s->m[m], m, cur, sizeof cur);
		const struct growth_row *r = find_growth(gr, ng, s, m);
		const char *from = "";
		if (r) {
			struct mval pm = { .has = 1, .v = r->prior, .unit = MU_WAN };
			value_text(&pm, m, pr, sizeof pr);
			int64_t diff = r->current - r->prior;
			if (metric_defs[m].kind == MK_SHARE) {
				snprintf(d, sizeof d, "%s%s个百分点", diff > 0 ? "+" : "", wan(diff, t));
			} else if (metric_defs[m].kind == MK_MONEY) {
				snprintf(d, sizeof d, "%s%s", diff > 0 ? "+" : "", wan(diff, t));
				int ok;
				int64_t p = growth_pct(diff, r->prior, &ok);
				if (ok)
					snprintf(pct, sizeof pct, "%s%s%%", p > 0 ? "+" : "", wan(p, t));
				else
					snprintf(pct, sizeof pct, "不可比");
			} else {
				snprintf(d, sizeof d, "%s%s", diff > 0 ? "+" : "", intg(diff, t));
			}
			from = names_zh(NK_PRIOR_SOURCE, r->prior_source);
		}
		source_text(s->m[m].file, s->m[m].page, s->m[m].line, src, sizeof src);
		char href[1400];
		source_href(s->m[m].file, s->m[m].page, 0, href, sizeof href);
		if (s->m[m].from_narrative && src[0])
			strncat(src, "（情况说明）", sizeof src - strlen(src) - 1);
		char name[200];
		snprintf(name, sizeof name, "%s%s", metric_defs[m].zh,
			 metric_defs[m].kind == MK_MONEY ? "（万元）" : "");
		struct cell row[] = { { name, 0, 0, 0, 0 }, { cur, 0, 1, 0, 0 }, { pr, 0, 1, 0, 0 },
				      { d, 0, 1, 0, 0 },    { pct, 0, 1, 0, 0 }, { from, 0, 0, 0, 0 },
				      { src, href[0] ? href : NULL, 0, 0, 0 } };
		em_row(e, row, 7, 0);
	}
	em_table_end(e);
}

/* The same metrics over every year of one kind. */
static void years_table(struct em *e, const struct sumset *ss, size_t a, size_t b)
{
	if (b - a < 2)
		return;
	size_t ny = b - a > 12 ? 12 : b - a; /* the last twelve years */
	a = b - ny;
	struct cell head[13];
	char yh[12][16];
	head[0] = (struct cell){ "指标", 0, 0, 0, 0 };
	for (size_t i = 0; i < ny; i++) {
		snprintf(yh[i], sizeof yh[i], "%d年", ss->v[ss->order[a + i]].year);
		head[i + 1] = (struct cell){ yh[i], 0, 1, 0, 0 };
	}
	em_table(e, head, (int)ny + 1, NULL);
	for (size_t k = 0; k < NKEY; k++) {
		int m = key_metrics[k], any = 0;
		for (size_t i = 0; i < ny; i++)
			any |= ss->v[ss->order[a + i]].m[m].has;
		if (!any || m == M_QUALITY_SCORE)
			continue;
		char name[200], v[12][64];
		struct cell row[13];
		snprintf(name, sizeof name, "%s%s", metric_defs[m].zh,
			 metric_defs[m].kind == MK_MONEY ? "（万元）" : "");
		row[0] = (struct cell){ name, 0, 0, 0, 0 };
		for (size_t i = 0; i < ny; i++) {
			value_text(&ss->v[ss->order[a + i]].m[m], m, v[i], sizeof v[i]);
			row[i + 1] = (struct cell){ v[i], 0, 1, 0, 0 };
		}
		em_row(e, row, (int)ny + 1, 0);
	}
	em_table_end(e);
}

/* A trend in words: 显著上升 / 显著下降 when Mann–Kendall's two-sided p is below 5% (the
 * direction from the Theil–Sen slope, the median of the pairwise slopes), else 无明显趋势. */
static const char *trend_word(const struct trend_stats *st)
{
	if (st->has_mk && st->mk_p < 0.05 && st->has_ts && st->theil_sen != 0)
		return st->theil_sen > 0 ? "显著上升" : "显著下降";
	return "无明显趋势";
}

/* The forecast as a page shows it: never below zero (an amount cannot be), and its interval
 * only from 4 points or more (trends.csv has every figure as computed). "" when not shown. */
static void forecast_text(const struct trend_stats *st, char *b, size_t n, int *clipped)
{
	char t1[40], t2[40], t3[40];
	b[0] = '\0';
	if (!st->has_forecast)
		return;
	if (st->forecast < 0 || st->forecast_cut) { /* (trend.c cuts an amount's at 0) */
		snprintf(b, n, "（外推低于0，不列示）");
		return;
	}
	numg(st->forecast, 2, t1);
	if (st->n >= 4 && st->hi >= 0) {
		if (st->lo < 0 || st->lo_cut)
			*clipped = 1;
		snprintf(b, n, "%s（%s～%s）", t1, numg(st->lo < 0 ? 0 : st->lo, 2, t2), numg(st->hi, 2, t3));
	} else {
		snprintf(b, n, "%s", t1);
	}
}

/* Whether a row is worth a reader's line: a fitted series that is not zero throughout. */
static int trend_shown(const struct trend_row *r)
{
	if (metric_defs[r->metric].kind != MK_MONEY || r->st.n < 3)
		return 0;
	int keep = 0;
	for (size_t k = 0; k < NKEY; k++)
		keep |= key_metrics[k] == r->metric;
	/* a constant series of zeros (因公出国 0.00 every year) says nothing */
	if (r->st.has_fit && r->st.slope == 0 && !r->st.has_r2 && r->st.has_forecast && r->st.forecast == 0)
		return 0;
	return keep;
}

/* 趋势: a sentence for the headline series, a table in words (走势, 每年变化 in 万元 by Theil–Sen,
 * CAGR, the forecast), and the statistics (least squares, R², p, Mann–Kendall p, the interval)
 * in a details table. */
static void trends_table(struct em *e, const struct bctx *c, const struct docsum *last)
{
	const struct bucket *b = &c->tb;
	size_t d = doc_index(c->in->ss, last);
	static const int said[] = { M_EXPENDITURE_TOTAL, M_BASIC, M_PROJECT, M_SANGONG_TOTAL, M_ADMIN_RUNNING };
	int shown = 0, short_series = 0, clipped = 0, dropped = 0;
	/* the sentences */
	for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
		for (size_t j = b->start[d]; j < b->start[d + 1]; j++) {
			const struct trend_row *r = &c->in->t->v[b->item[j]];
			if (r->metric != said[k] || !trend_shown(r))
				continue;
			if (!shown++)
				em_list(e, 1, "key");
			char line[600], t1[40], t2[40];
			int w = snprintf(line, sizeof line, "%s%d–%d年（%d个年度）%s", metric_defs[r->metric].zh,
					 r->st.first_year, r->st.last_year, r->st.n, trend_word(&r->st));
			if (r->st.has_ts && r->st.theil_sen != 0)
				w += snprintf(line + w, sizeof line - (size_t)w, "，每年约%s%s万元",
					      r->st.theil_sen > 0 ? "增加" : "减少",
					      numg(fabs(r->st.theil_sen), 2, t1));
			if (r->st.has_cagr)
				w += snprintf(line + w, sizeof line - (size_t)w, "，年均%s%s%%",
					      r->st.cagr >= 0 ? "增长" : "下降", numg(fabs(r->st.cagr), 2, t2));
			snprintf(line + w, sizeof line - (size_t)w, "。");
			em_item(e, line);
		}
	if (shown)
		em_list(e, 0, NULL);
	/* the table in words */
	shown = 0;
	for (size_t j = b->start[d]; j < b->start[d + 1]; j++) {
		const struct trend_row *r = &c->in->t->v[b->item[j]];
		if (!trend_shown(r))
			continue;
		if (!shown++) {
			struct cell head[] = { { "指标", 0, 0, 0, 0 },	 { "年度", 0, 0, 0, 0 },
					       { "走势", 0, 0, 0, 0 },	 { "每年变化（万元）", 0, 1, 0, 0 },
					       { "年均增长率", 0, 1, 0, 0 }, { "下一年预测（万元）", 0, 1, 0, 0 } };
			em_table(e, head, 6, NULL);
		}
		short_series |= r->st.n < 5;
		char yrs[40], ts[40] = "", cagr[40] = "", fc[160], t1[40];
		snprintf(yrs, sizeof yrs, "%d–%d（%d年）", r->st.first_year, r->st.last_year, r->st.n);
		if (r->st.has_ts)
			snprintf(ts, sizeof ts, "%s%s", r->st.theil_sen > 0 ? "+" : "", numg(r->st.theil_sen, 2, t1));
		if (r->st.has_cagr)
			snprintf(cagr, sizeof cagr, "%s%%", numg(r->st.cagr, 2, t1));
		forecast_text(&r->st, fc, sizeof fc, &clipped);
		char name[260];
		dropped |= r->dropped_points > 0;
		snprintf(name, sizeof name, "%s%s%s", metric_defs[r->metric].zh,
			 r->narrative_points ? "（含情况说明中的上年数）" : "",
			 r->dropped_points ? "（剔除未通过审核的数据）" : "");
		const char *word = trend_word(&r->st);
		struct cell row[] = { { name, 0, 0, 0, 0 },  { yrs, 0, 0, 0, 0 },
				      { word, 0, 0, 0, strcmp(word, "无明显趋势") ? "trend" : NULL },
				      { ts, 0, 1, 0, 0 },    { cagr, 0, 1, 0, 0 }, { fc, 0, 1, 0, "fc" } };
		em_row(e, row, 6, 0);
	}
	if (!shown) {
		em_para(e, "年份不足三年，不作趋势分析。", "meta");
		return;
	}
	em_table_end(e);
	char note[1400];
	snprintf(note, sizeof note,
		 "走势按Mann–Kendall检验（5%%显著性水平）判断%s；每年变化为Theil–Sen斜率（各年两两之间变化的中位数）；"
		 "预测为线性趋势外推，低于0的不列示，少于4个年度不列区间%s%s。",
		 short_series ? "，少于5个年度的序列检验不出显著走势" : "",
		 clipped ? "，区间下限低于0的按0列示" : "",
		 dropped ? "；审核未通过的数据（取自未通过自身勾稽校验的表，或情况说明所述上年数有误）不计入趋势和图表，见trends.csv的备注" : "");
	em_para(e, note, "meta");
	/* the statistics */
	if (e->md)
		em_heading(e, 3, "趋势统计明细");
	else
		fputs("<details><summary>趋势统计明细</summary>\n", e->fp);
	struct cell head[] = { { "指标", 0, 0, 0, 0 },		   { "年数", 0, 1, 0, 0 },
			       { "线性斜率（万元/年）", 0, 1, 0, 0 }, { "R²", 0, 1, 0, 0 },
			       { "斜率p值", 0, 1, 0, 0 },	   { "Theil–Sen斜率", 0, 1, 0, 0 },
			       { "Mann–Kendall p值", 0, 1, 0, 0 }, { "预测95%区间", 0, 1, 0, 0 } };
	em_table(e, head, 8, NULL);
	for (size_t j = b->start[d]; j < b->start[d + 1]; j++) {
		const struct trend_row *r = &c->in->t->v[b->item[j]];
		if (!trend_shown(r))
			continue;
		char n[16], sl[40] = "", r2[40] = "", p[40] = "", ts[40] = "", mk[40] = "", iv[120] = "", t1[40], t2[40];
		snprintf(n, sizeof n, "%d", r->st.n);
		if (r->st.has_fit)
			numg(r->st.slope, 2, sl);
		if (r->st.has_r2)
			numg(r->st.r2, 3, r2);
		if (r->st.has_p)
			numg(r->st.p_value, 3, p);
		if (r->st.has_ts)
			numg(r->st.theil_sen, 2, ts);
		if (r->st.has_mk)
			numg(r->st.mk_p, 3, mk);
		/* the interval only as the words table shows it: from 4 points, not below zero */
		if (r->st.has_forecast && r->st.forecast >= 0 && !r->st.forecast_cut && r->st.n >= 4 && r->st.hi >= 0)
			snprintf(iv, sizeof iv, "%s～%s", numg(r->st.lo < 0 ? 0 : r->st.lo, 2, t1), numg(r->st.hi, 2, t2));
		struct cell row[] = { { metric_defs[r->metric].zh, 0, 0, 0, 0 }, { n, 0, 1, 0, 0 },
				      { sl, 0, 1, 0, 0 },			  { r2, 0, 1, 0, 0 },
				      { p, 0, 1, 0, 0 },			  { ts, 0, 1, 0, 0 },
				      { mk, 0, 1, 0, 0 },			  { iv, 0, 1, 0, "fc" } };
		em_row(e, row, 8, 0);
	}
	em_table_end(e);
	if (!e->md)
		fputs("</details>\n", e->fp);
}

/* Who a scope is, in a sentence: "全部单位：2025年预算共30个单位。", "同组“801”：5个单位：A、B、…。"
 * (members named up to 12; the region's scope is only counted). */
static void scope_sentence(const struct peer_group *g, const char *label, int year, int final, int names,
			   char *b, size_t n)
{
	size_t w = (size_t)snprintf(b, n, "%s：%d年%s共%zu个单位", label, year, final ? "决算" : "预算", g->n);
	if (names && w < n) {
		size_t shown = g->n < 12 ? g->n : 12;
		for (size_t i = 0; i < shown && w + 4 < n; i++) {
			const struct docsum *m = g->m[i];
			w += (size_t)snprintf(b + w, n - w, "%s%s", i ? "、" : "：", m->unit_name[0] ? m->unit_name : m->key);
		}
		if (shown < g->n && w < n)
			w += (size_t)snprintf(b + w, n - w, "等");
	}
	if (w < n)
		snprintf(b + w, n - w, "。");
}

/* 同组比较: the unit against its region (全部单位, or 名录外单位) and its peer group, on shares,
 * ratios and growth rates only; each scope named with its size (a peer group with its
 * members); a scope of fewer than PEERS_MIN_N units is said once to be too small and gives no
 * figures and no outlier lines. */
static void peers_section(struct em *e, const struct bctx *c, const struct docsum *s)
{
	const struct peers *pe = c->in->pe;
	const struct sumset *ss = c->in->ss;
	int final = !strcmp(sumset_family(s->doc_kind), "final");
	char rl[80], gl[200], rname[80], gname[240], line[2400];
	peers_scope_label(pe, ss, s, rl, sizeof rl);
	names_group(rl, NULL, rname, sizeof rname);
	const struct peer_group *sc[2] = { NULL, NULL }; /* the peer group, the region */
	const char *scl[2] = { gl, rl };
	if (s->group[0]) {
		snprintf(gl, sizeof gl, "%s%s", s->group, final ? ":final" : "");
		sc[0] = peers_group(pe, s->year, gl);
	}
	sc[1] = peers_group(pe, s->year, rl);
	snprintf(gname, sizeof gname, "同组“%s”", s->group);
	const char *scn[2] = { gname, rname };
	em_para(e, "只比较占比、比率和增幅，不比较金额大小：规模不同的单位，金额自然不同。", "meta");
	em_list(e, 1, NULL);
	int usable[2] = { 0, 0 };
	if (!sc[0]) {
		em_item(e, "未归入同组：单位名录中没有该单位，文件也未列单位编码。");
	}
	for (int k = 0; k < 2; k++) {
		if (!sc[k])
			continue;
		/* members named in a peer group, and in a region small enough to list */
		scope_sentence(sc[k], scn[k], s->year, final, k == 0 || sc[k]->n <= 12, line, sizeof line);
		if (k == 1 && !strncmp(rl, "others", 6))
			strncat(line, "名录外单位是单位名录（units.csv）未列的单位，与名录内的单位分开比较。",
				sizeof line - strlen(line) - 1);
		em_item(e, line);
		usable[k] = sc[k]->n >= PEERS_MIN_N;
	}
	/* the scopes too small to compare, in one sentence */
	char small[600] = "";
	for (int k = 0; k < 2; k++)
		if (sc[k] && !usable[k]) {
			char part[300];
			snprintf(part, sizeof part, "%s%s%s", small[0] ? "，" : "", scn[k],
				 sc[k]->n == 1 ? "只有本单位" : sc[k]->n == 2 ? "只有2个单位" : "只有3个单位");
			strncat(small, part, sizeof small - strlen(small) - 1);
		}
	if (small[0]) {
		snprintf(line, sizeof line, "%s：少于%d个单位，不作比较，也不判断是否明显偏离。", small, PEERS_MIN_N);
		em_item(e, line);
	}
	em_list(e, 0, NULL);
	if (usable[0] || usable[1]) {
		struct cell head[6];
		char hm[2][120], hq[2][120];
		int nh = 0;
		head[nh++] = (struct cell){ "指标", 0, 0, 0, 0 };
		head[nh++] = (struct cell){ "本单位", 0, 1, 0, 0 };
		for (int k = 0; k < 2; k++)
			if (usable[k]) {
				snprintf(hm[k], sizeof hm[k], "%s中位数", k ? rname : "同组");
				snprintf(hq[k], sizeof hq[k], "%s四分位区间", k ? rname : "同组");
				head[nh++] = (struct cell){ hm[k], 0, 1, 0, 0 };
				head[nh++] = (struct cell){ hq[k], 0, 1, 0, 0 };
			}
		int shown = 0;
		for (int m = 0; m < PM_COUNT; m++) {
			double v;
			if (!peer_measure_value(ss, s, m, &v))
				continue;
			if (!shown++)
				em_table(e, head, nh, NULL);
			char name[200], val[64], med[2][64], iqr[2][120], t1[40], t2[40];
			const char *u = peer_measures[m].unit;
			snprintf(name, sizeof name, "%s（%s）", peer_measures[m].zh, u);
			numg(v, 2, val);
			struct cell row[6];
			int nr = 0;
			row[nr++] = (struct cell){ name, 0, 0, 0, 0 };
			row[nr++] = (struct cell){ val, 0, 1, 0, 0 };
			for (int k = 0; k < 2; k++) {
				if (!usable[k])
					continue;
				const struct compare_row *r = c->cmp ? find_compare(c, s->year, scl[k], m) : NULL;
				med[k][0] = iqr[k][0] = '\0';
				if (r && r->n >= PEERS_MIN_N) {
					numg(r->median, 2, med[k]);
					snprintf(iqr[k], sizeof iqr[k], "%s～%s", numg(r->p25, 2, t1), numg(r->p75, 2, t2));
				}
				row[nr++] = (struct cell){ med[k], 0, 1, 0, 0 };
				row[nr++] = (struct cell){ iqr[k], 0, 1, 0, 0 };
			}
			em_row(e, row, nr, 0);
		}
		if (shown)
			em_table_end(e);
	}
	/* the outlier lines (there are none for a scope under PEERS_MIN_N: peers.c) */
	const struct bucket *b = &c->ob;
	size_t d = doc_index(ss, s);
	for (size_t j = b->start[d]; j < b->start[d + 1]; j++) {
		const struct outlier_row *o = &pe->o[b->item[j]];
		int k = !strcmp(o->group, gl) ? 0 : !strcmp(o->group, rl) ? 1 : -1;
		if (k < 0 || !usable[k])
			continue;
		char t1[40], t2[40], t3[40];
		const char *u = peer_measures[o->measure].unit;
		snprintf(line, sizeof line, "%s明显%s%s：本单位%s%s，%s中位数%s%s（稳健z值%s）。",
			 peer_measures[o->measure].zh, o->z > 0 ? "高于" : "低于", k ? rname : "同组",
			 numg(o->value, 2, t1), u, k ? rname : "同组", numg(o->median, 2, t2), u,
			 numg(o->z, 2, t3));
		em_para(e, line, "warning");
	}
}

static void flags_table(struct em *e, const struct bctx *c, const struct sumset *ss, size_t a, size_t b)
{
	int shown = 0;
	struct codes used = { 0 };
	for (size_t o = a; o < b; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		size_t d = doc_index(ss, s);
		for (size_t j = c->fb.start[d]; j < c->fb.start[d + 1]; j++) {
			const struct flag_row *f = &c->in->f->v[c->fb.item[j]];
			if (!shown++) {
				struct cell head[] = { { "年度", 0, 1, 0, 0 }, { "文件", 0, 0, 0, 0 },
						       { "级别", 0, 0, 0, 0 }, { "规则", 0, 0, 0, 0 },
						       { "说明", 0, 0, 0, 0 } };
				em_table(e, head, 5, NULL);
			}
			char y[16];
			snprintf(y, sizeof y, "%d", s->year);
			enum severity sv = rule_defs[f->rule].severity;
			codes_add(&used, rule_defs[f->rule].id);
			char msg[1200];
			text_thousands(f->message, msg, sizeof msg);
			if (f->ack) /* acknowledged (known.csv): shown, with its reason */
				snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "（已确认：%s）", f->ack);
			struct cell row[] = { { y, 0, 1, 0, 0 },
					      { kind_zh(s->doc_kind), 0, 0, 0, 0 },
					      { severity_zh(sv), 0, 0, 0, severity_name(sv) },
					      { names_zh(NK_RULE, rule_defs[f->rule].id), 0, 0, 0, 0 },
					      { msg, 0, 0, 0, 0 } };
			em_row(e, row, 5, 0);
		}
	}
	if (shown) {
		em_table_end(e);
		em_codes(e, &used, NK_RULE);
	} else {
		em_para(e, "未触发政策提示。", "meta");
	}
}

static void findings_table(struct em *e, const struct sumset *ss, size_t a, size_t b)
{
	int shown = 0;
	struct codes used = { 0 };
	for (int sev = SEV_ERROR; sev >= SEV_INFO; sev--)
		for (size_t o = a; o < b; o++) {
			const struct docsum *s = &ss->v[ss->order[o]];
			for (size_t i = 0; i < s->findings.n; i++) {
				const struct finding *f = &s->findings.v[i];
				if ((int)f->severity != sev)
					continue;
				if (!shown++) {
					struct cell head[] = { { "年度", 0, 1, 0, 0 }, { "文件", 0, 0, 0, 0 },
							       { "级别", 0, 0, 0, 0 }, { "检查", 0, 0, 0, 0 },
							       { "说明", 0, 0, 0, 0 }, { "出处", 0, 0, 0, 0 } };
					em_table(e, head, 6, NULL);
				}
				char y[16], src[700];
				snprintf(y, sizeof y, "%d", s->year);
				source_text(f->file, f->page, f->line, src, sizeof src);
				char href[1400];
				source_href(f->file, f->page, 0, href, sizeof href);
				codes_add(&used, f->check);
				char msg[1200];
				text_thousands(f->message, msg, sizeof msg);
				if (f->ack) /* acknowledged (known.csv): shown, with its reason */
					snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "（已确认：%s）", f->ack);
				struct cell row[] = { { y, 0, 1, 0, 0 },	   { kind_zh(s->doc_kind), 0, 0, 0, 0 },
						      { severity_zh(f->severity), 0, 0, 0, severity_name(f->severity) },	   { names_zh(NK_CHECK, f->check), 0, 0, 0, 0 },
						      { msg, 0, 0, 0, 0 }, { src, href[0] ? href : NULL, 0, 0, 0 } };
				em_row(e, row, 6, 0);
			}
		}
	if (shown) {
		em_table_end(e);
		em_codes(e, &used, NK_CHECK);
	} else {
		em_para(e, "审核未发现问题。", "meta");
	}
}


/* 预算执行: sentences for the totals, every row of the document, and the unit's PEFA scores. */
static void execution_section(struct em *e, const struct bctx *c, const struct docsum *s)
{
	const struct execution *ex = c->in->ex;
	if (!ex)
		return;
	size_t first = ex->n, last = 0;
	for (size_t i = 0; i < ex->n; i++)
		if (ex->v[i].s == s) {
			if (first == ex->n)
				first = i;
			last = i + 1;
		}
	em_heading(e, 2, "预算执行");
	if (first == ex->n) {
		em_para(e, "决算文件未列年初预算数，也没有同年度的预算文件可以对照，不计算执行率。", "meta");
	} else {
		em_list(e, 1, "key");
		for (size_t i = first; i < last; i++) {
			const struct exec_row *r = &ex->v[i];
			if (strcmp(r->scope, "function") && strcmp(r->scope, "economic")) {
				char line[500], b1[40], b2[40], b3[40];
				int ok;
				int64_t rate = execution_rate(r->final, r->budget, &ok);
				snprintf(line, sizeof line, "%s%s%s万元，决算%s万元%s%s%s。", r->name,
					 r->basis == EB_INITIAL ? "年初预算" : "调整预算", wan(r->budget, b1),
					 wan(r->final, b2), ok ? "，执行率" : "", ok ? wan(rate, b3) : "", ok ? "%" : "");
				em_item(e, line);
			}
		}
		em_list(e, 0, NULL);
		struct cell head[] = { { "范围", 0, 0, 0, 0 },	   { "科目", 0, 0, 0, 0 },
				       { "预算口径", 0, 0, 0, 0 }, { "预算数", 0, 1, 0, 0 },
				       { "决算数", 0, 1, 0, 0 },   { "执行率", 0, 1, 0, 0 },
				       { "预算数来源", 0, 0, 0, 0 } };
		em_table(e, head, 7, NULL);
		for (size_t i = first; i < last; i++) {
			const struct exec_row *r = &ex->v[i];
			char name[200], b[40], f[40], rt[40] = "", t[40];
			snprintf(name, sizeof name, "%s%s%s", r->code, r->code[0] ? " " : "", r->name);
			wan(r->budget, b);
			wan(r->final, f);
			int ok;
			int64_t rate = execution_rate(r->final, r->budget, &ok);
			if (ok)
				snprintf(rt, sizeof rt, "%s%%", wan(rate, t));
			struct cell row[] = { { names_zh(NK_SCOPE, r->scope), 0, 0, 0, 0 },
					      { name, 0, 0, 0, 0 },
					      { r->basis == EB_INITIAL ? "年初预算" : "调整预算", 0, 0, 0, 0 },
					      { b, 0, 1, 0, 0 },
					      { f, 0, 1, 0, 0 },
					      { rt, 0, 1, 0, 0 },
					      { names_zh(NK_EXEC_SOURCE, r->source), 0, 0, 0, 0 } };
			em_row(e, row, 7, 0);
		}
		em_table_end(e);
	}
	int shown = 0;
	for (size_t i = 0; i < ex->np; i++) {
		const struct pefa_row *p = &ex->p[i];
		if (strcmp(p->s->key, s->key) || strcmp(p->s->doc_kind, s->doc_kind))
			continue;
		if (!shown++) {
			em_para(e, "PEFA评分（PI-1 总支出决算与年初预算之比；PI-2.1/2.2 按功能/经济分类的支出结构偏差；取最近三个年度）", NULL);
			struct cell head[] = { { "指标", 0, 0, 0, 0 }, { "年度", 0, 0, 0, 0 },
					       { "各年数值（%）", 0, 0, 0, 0 }, { "评分", 0, 0, 0, 0 },
					       { "说明", 0, 0, 0, 0 } };
			em_table(e, head, 5, NULL);
		}
		char years[64] = "", vals[128] = "", sc[8];
		int used = p->nyears < 3 ? p->nyears : 3;
		for (int y = 0; y < used; y++) {
			char b[40];
			size_t ly = strlen(years), lv = strlen(vals);
			snprintf(years + ly, sizeof years - ly, "%s%d", y ? "、" : "", p->year[y]);
			snprintf(vals + lv, sizeof vals - lv, "%s%s", y ? "、" : "", wan(p->value[y], b));
		}
		snprintf(sc, sizeof sc, "%c", p->score ? p->score : '-');
		struct cell row[] = { { p->indicator, 0, 0, 0, 0 }, { years, 0, 0, 0, 0 }, { vals, 0, 0, 0, 0 },
				      { p->score ? sc : names_zh(NK_PEFA, "n/a"), 0, 0, 0, 0 }, { p->note, 0, 0, 0, 0 } };
		em_row(e, row, 5, 0);
	}
	if (shown)
		em_table_end(e);
}

/* One kind's run of documents of the unit: [a, b) in sumset order. */
struct run {
	size_t a, b;
};

/* The errors and warnings of a document acknowledged (known.csv): still counted, and said so. */
static size_t acked_findings(const struct docsum *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->findings.n; i++)
		n += s->findings.v[i].ack && s->findings.v[i].severity >= SEV_WARNING;
	return n;
}

/* "（已确认：REASON（WHO DATE））" after a finding's or flag's words, as on the unit's page */
static void ack_mark(char *b, size_t n, const char *ack)
{
	size_t w = strlen(b);
	if (ack && w < n)
		snprintf(b + w, n - w, "（已确认：%s）", ack);
}

static void kind_section(struct em *e, const struct bctx *c, struct run r, int final)
{
	const struct sumset *ss = c->in->ss;
	const struct docsum *last = &ss->v[ss->order[r.b - 1]];
	size_t ng;
	const struct growth_row *gr = doc_growth(c, last, &ng);
	char h[200], buf[600];
	snprintf(h, sizeof h, "%d年%s要点", last->year, final ? "决算" : "预算");
	em_heading(e, 2, h);
	em_list(e, 1, "key");
	for (size_t k = 0; k < sizeof sentence_metrics / sizeof sentence_metrics[0]; k++) {
		/* a share on its own says something only with its move (`较上年提高X个百分点`) */
		if (metric_defs[sentence_metrics[k]].kind == MK_SHARE &&
		    !find_growth(gr, ng, last, sentence_metrics[k]))
			continue;
		sentence(last, gr, ng, sentence_metrics[k], buf, sizeof buf);
		if (buf[0]) {
			strncat(buf, "。", sizeof buf - strlen(buf) - 1);
			em_item(e, buf);
		}
	}
	size_t nerr = 0, nwarn = 0;
	for (size_t i = 0; i < last->findings.n; i++) {
		nerr += last->findings.v[i].severity == SEV_ERROR;
		nwarn += last->findings.v[i].severity == SEV_WARNING;
	}
	if (last->m[M_QUALITY_SCORE].has) {
		char t[40];
		size_t na = acked_findings(last);
		if (na)
			snprintf(buf, sizeof buf, "公开质量得分%s分（满分100）；审核发现错误%zu项、警告%zu项，其中已确认%zu项。",
				 intg(last->m[M_QUALITY_SCORE].v, t), nerr, nwarn, na);
		else
			snprintf(buf, sizeof buf, "公开质量得分%s分（满分100）；审核发现错误%zu项、警告%zu项。",
				 intg(last->m[M_QUALITY_SCORE].v, t), nerr, nwarn);
		em_item(e, buf);
	}
	em_list(e, 0, NULL);

	snprintf(h, sizeof h, "主要数字（%d年%s，金额单位：万元）", last->year, final ? "决算" : "预算");
	em_heading(e, 2, h);
	key_table(e, c, last);
	if (final)
		execution_section(e, c, last);

	static const struct {
		const char *name, *alt;
	} ch[] = { { "trend", "支出合计、基本支出、项目支出历年走势" },
		   { "austerity", "“三公”经费与机关运行经费历年走势" },
		   { "structure", "支出结构" },
		   { "functions", "支出按功能分类" },
		   { "execution", "年初预算与决算" } };
	int any = 0;
	for (size_t i = 0; i < sizeof ch / sizeof ch[0]; i++) {
		char rel[300], src[400];
		char sub[80];
		snprintf(rel, sizeof rel, "%s/%s", charts_run_dir(ss, r.a, sub), ch[i].name);
		if (!chart_exists(c->dir, rel, src, sizeof src))
			continue;
		if (!any++) {
			em_heading(e, 2, "图表");
			if (!e->md)
				fputs("<div class=\"charts\">\n", e->fp);
		}
		em_image(e, src, ch[i].alt);
	}
	if (any && !e->md)
		fputs("</div>\n", e->fp);

	if (r.b - r.a >= 2) {
		em_heading(e, 2, "历年数字");
		years_table(e, ss, r.a, r.b);
		em_heading(e, 2, "趋势");
		trends_table(e, c, last);
	}
	em_heading(e, 2, "同组比较");
	peers_section(e, c, last);
	em_heading(e, 2, "政策提示");
	flags_table(e, c, ss, r.a, r.b);
	em_heading(e, 2, "审核发现");
	findings_table(e, ss, r.a, r.b);
}

static void unit_page(struct em *e, const struct bctx *c, const struct run *runs, size_t nruns)
{
	const struct sumset *ss = c->in->ss;
	const struct docsum *last = &ss->v[ss->order[runs[nruns - 1].b - 1]];
	char title[400], meta[1200];
	snprintf(title, sizeof title, "%s 预算审查简报", last->unit_name[0] ? last->unit_name : last->key);
	em_begin(e, title);
	int w = snprintf(meta, sizeof meta, "单位编码：%s　同组：%s　文件：",
			 last->unit_code[0] ? last->unit_code : "（无）", last->group[0] ? last->group : "（无）");
	for (size_t k = 0; k < nruns && w < (int)sizeof meta - 100; k++) {
		const struct docsum *f = &ss->v[ss->order[runs[k].a]];
		const struct docsum *l = &ss->v[ss->order[runs[k].b - 1]];
		if (f->year == l->year)
			w += snprintf(meta + w, sizeof meta - (size_t)w, "%s%d年%s", k ? "；" : "", f->year,
				      kind_zh(f->doc_kind));
		else
			w += snprintf(meta + w, sizeof meta - (size_t)w, "%s%d–%d年%s（%zu份）", k ? "；" : "",
				      f->year, l->year, kind_zh(f->doc_kind), runs[k].b - runs[k].a);
	}
	em_para(e, meta, "meta");
	if (e->md)
		fputs("[返回总览](index.md)\n\n", e->fp);
	else
		fputs("<p class=\"meta\"><a href=\"index.html\">返回总览</a></p>\n", e->fp);
	/* budgets first, then final accounts */
	for (int fam = 0; fam < 2; fam++)
		for (size_t k = 0; k < nruns; k++) {
			const struct docsum *f = &ss->v[ss->order[runs[k].a]];
			int final = !strcmp(sumset_family(f->doc_kind), "final");
			if (final == fam)
				kind_section(e, c, runs[k], final);
		}
	em_heading(e, 2, "文件");
	em_list(e, 1, NULL);
	for (size_t k = 0; k < nruns; k++)
		for (size_t o = runs[k].a; o < runs[k].b; o++) {
			const struct docsum *s = &ss->v[ss->order[o]];
			char line[1200];
			snprintf(line, sizeof line, "%d年%s：%s", s->year, kind_zh(s->doc_kind), s->path);
			char href[1400];
			em_item_link(e, line, source_href(s->path, 0, 1, href, sizeof href));
		}
	em_list(e, 0, NULL);
	char foot[300];
	snprintf(foot, sizeof foot,
		 "由 yusuan %s 根据公开的部门预算、决算文件生成。金额单位：万元；“上年数取自本年情况说明”表示没有上年文件，上年数为本年文件的情况说明所述。",
		 c->in->version);
	em_end(e, foot, 0);
}

/* ---- files ---- */

static FILE *open_tmp(const char *path, char *tmp, size_t n)
{
	snprintf(tmp, n, "%s.part", path);
	return fopen(tmp, "wb");
}

static enum ys_err close_tmp(FILE *fp, const char *tmp, const char *path, struct ys_error *err)
{
	int bad = ferror(fp);
	if (fclose(fp) != 0 || bad || rename(tmp, path) != 0) {
		ys_error_set(err, path, 0, "cannot write: %s", strerror(errno ? errno : EIO));
		unlink(tmp);
		return YS_EIO;
	}
	return YS_OK;
}

struct index_row {
	const struct docsum *s;
	char id[40];
	size_t nerr, nwarn, nflags;
};

/* ---- 审查要点: the review on one page ----
 * Sentences a director can read aloud, each about one unit and linked to its page: what was
 * read, the errors and warnings to look at first, the units whose 三公 or 机关运行经费 rose, the
 * largest increases and decreases of 支出合计, structure shifts beyond the threshold, and the
 * documents read incompletely. Each unit is taken at the document the index shows (its latest
 * budget, else its latest final accounts); lists stop at REVIEW_MAX lines and say how many more. */
#define REVIEW_MAX 10

static const char *unit_label(const struct docsum *s)
{
	return s->unit_name[0] ? s->unit_name : s->key;
}

/* "示例市统计局(本级)2025年单位预算" */
static void doc_label(const struct docsum *s, char *b, size_t n)
{
	snprintf(b, n, "%s%d年%s", unit_label(s), s->year, kind_zh(s->doc_kind));
}

static void review_more(struct em *e, size_t more, const char *what)
{
	if (more) {
		char b[300];
		snprintf(b, sizeof b, "另有%zu%s，见下方总表和各单位页面。", more, what);
		em_item(e, b);
	}
}

/* The checks that say a document was read incompletely (or its tables could not be trusted). */
static int reading_check(const struct finding *f)
{
	static const char *const k[] = { "unplaced_row", "garbage_cell", "truncated", "reading_suspect",
					 "empty_table", "no_unit" };
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(f->check, k[i]))
			return 1;
	/* a table neither printed nor stated empty (info when the narrative gives its figures) */
	return !strcmp(f->check, "missing_table") && f->severity >= SEV_WARNING;
}

struct ranked_row {
	size_t row;
	int64_t pct, change;
};

static int cmp_up(const void *a, const void *b)
{
	const struct ranked_row *x = a, *y = b;
	if (x->pct != y->pct)
		return x->pct > y->pct ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* The rises of 三公 and 机关运行经费 of a unit's document in one sentence ("X：“三公”经费6.60万元，
 * 较上年增加2.00万元，增长43.48%；机关运行经费…。") into b (when not NULL); *top is the steepest
 * rate (INT64_MAX for a zero base). Returns 0 when nothing rose. */
static int rise_line(const struct bctx *c, const struct index_row *r, char *b, size_t n, int64_t *top)
{
	const struct docsum *s = r->s;
	size_t d = doc_index(c->in->ss, s);
	char dl[700], t1[40], t2[40], t3[40], tmp[8];
	if (!b) {
		b = tmp;
		n = sizeof tmp;
	}
	int w = 0, any = 0;
	*top = INT64_MIN;
	for (size_t j = c->fb.start[d]; j < c->fb.start[d + 1]; j++) {
		const struct flag_row *f = &c->in->f->v[c->fb.item[j]];
		int m = f->rule == R_SANGONG_INCREASE ? M_SANGONG_TOTAL
			: f->rule == R_ADMIN_RUNNING_INCREASE ? M_ADMIN_RUNNING : -1;
		if (m < 0 || !f->has_value || !f->has_prior)
			continue;
		if (!any++) {
			doc_label(s, dl, sizeof dl);
			w = snprintf(b, n, "%s：", dl);
		} else {
			w += snprintf(b + w, n > (size_t)w ? n - (size_t)w : 0, "；");
		}
		int ok;
		int64_t pct = growth_pct(f->value - f->prior, f->prior, &ok);
		int64_t key = ok ? pct : INT64_MAX;
		if (key > *top)
			*top = key;
		w += snprintf(b + w, n > (size_t)w ? n - (size_t)w : 0, "%s%s万元，较上年增加%s万元", metric_defs[m].zh,
			      wan(f->value, t1), wan(f->value - f->prior, t2));
		if (ok)
			w += snprintf(b + w, n > (size_t)w ? n - (size_t)w : 0, "，增长%s%%", wan(pct, t3));
		else
			w += snprintf(b + w, n > (size_t)w ? n - (size_t)w : 0, "（上年为0）");
		if (f->ack && n > (size_t)w)
			w += snprintf(b + w, n - (size_t)w, "（已确认：%s）", f->ack);
	}
	if (any)
		snprintf(b + w, n > (size_t)w ? n - (size_t)w : 0, "。");
	return any;
}

static void review_points(struct em *e, const struct bctx *c, const struct index_row *rows, size_t n)
{
	const struct sumset *ss = c->in->ss;
	char b[2400], dl[700], t1[40], t2[40], t3[40], href[80];
	const char *ext = e->md ? "md" : "html";
	em_heading(e, 2, "审查要点");
	/* what was read */
	size_t nbudget = 0, nfinal = 0;
	int y0 = 0, y1 = 0;
	for (size_t o = 0; o < ss->norder; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		if (!strcmp(sumset_family(s->doc_kind), "final"))
			nfinal++;
		else
			nbudget++;
		if (!y0 || s->year < y0)
			y0 = s->year;
		if (s->year > y1)
			y1 = s->year;
	}
	if (y0 == y1)
		snprintf(b, sizeof b, "本次审查%zu个单位的%zu份文件（预算%zu份、决算%zu份），均为%d年。各单位以最近一年的文件为准；点击单位名称查看该单位简报。",
			 n, ss->norder, nbudget, nfinal, y0);
	else
		snprintf(b, sizeof b, "本次审查%zu个单位的%zu份文件（预算%zu份、决算%zu份），年度为%d–%d年。各单位以最近一年的文件为准；点击单位名称查看该单位简报。",
			 n, ss->norder, nbudget, nfinal, y0, y1);
	em_para(e, b, NULL);

	/* 一、errors and warnings, most errors first */
	em_heading(e, 3, "一、先看审核错误和警告");
	size_t *ord = malloc((n + 1) * sizeof *ord);
	struct ranked_row *rk = malloc((n + 1) * sizeof *rk);
	if (!ord || !rk) {
		free(ord);
		free(rk);
		return;
	}
	size_t k = 0, ne = 0, nw = 0, na = 0;
	for (size_t i = 0; i < n; i++) {
		ne += rows[i].nerr;
		nw += rows[i].nwarn;
		na += acked_findings(rows[i].s);
		if (rows[i].nerr || rows[i].nwarn)
			ord[k++] = i;
	}
	/* (insertion sort: stable, by errors then warnings) */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0; j--) {
			const struct index_row *x = &rows[ord[j]], *y = &rows[ord[j - 1]];
			if (x->nerr < y->nerr || (x->nerr == y->nerr && x->nwarn <= y->nwarn))
				break;
			size_t t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
	if (!k) {
		em_para(e, "各单位最近一年的文件审核未发现错误和警告。", NULL);
	} else {
		if (na) /* (acknowledged ones stay in the counts: the documents still have them) */
			snprintf(b, sizeof b, "%zu个单位的文件有审核错误或警告，共错误%zu项、警告%zu项，其中已确认%zu项：",
				 k, ne, nw, na);
		else
			snprintf(b, sizeof b, "%zu个单位的文件有审核错误或警告，共错误%zu项、警告%zu项：", k, ne, nw);
		em_para(e, b, NULL);
		em_list(e, 1, "key");
		for (size_t i = 0; i < k && i < REVIEW_MAX; i++) {
			const struct index_row *r = &rows[ord[i]];
			const struct finding *first = NULL;
			for (int sev = SEV_ERROR; sev >= SEV_WARNING && !first; sev--)
				for (size_t f = 0; f < r->s->findings.n && !first; f++)
					if ((int)r->s->findings.v[f].severity == sev)
						first = &r->s->findings.v[f];
			doc_label(r->s, dl, sizeof dl);
			char msg[1200];
			text_thousands(first ? first->message : "", msg, sizeof msg);
			if (first)
				ack_mark(msg, sizeof msg, first->ack);
			int w = snprintf(b, sizeof b, "%s：", dl);
			if (r->nerr)
				w += snprintf(b + w, sizeof b - (size_t)w, "错误%zu项", r->nerr);
			if (r->nwarn)
				w += snprintf(b + w, sizeof b - (size_t)w, "%s警告%zu项", r->nerr ? "、" : "", r->nwarn);
			size_t ra = acked_findings(r->s);
			if (ra)
				w += snprintf(b + w, sizeof b - (size_t)w, "（其中已确认%zu项）", ra);
			snprintf(b + w, sizeof b - (size_t)w, "。%s%s%s", first ? (first->severity == SEV_ERROR ? "首项错误：" : "首项警告：") : "",
				 msg, first && msg[0] ? "。" : "");
			snprintf(href, sizeof href, "%s.%s", r->id, ext);
			em_item_link(e, b, href);
		}
		review_more(e, k > REVIEW_MAX ? k - REVIEW_MAX : 0, "个单位有审核错误或警告");
		em_list(e, 0, NULL);
	}

	/* 二、三公 and 机关运行经费 that rose */
	em_heading(e, 3, "二、“三公”经费和机关运行经费增加的单位（只减不增）");
	em_list(e, 1, "key");
	size_t lines = 0, more = 0, nrise = 0;
	/* the units with a rise, the steepest first (a zero base counts as the steepest) */
	for (size_t i = 0; i < n; i++) {
		int64_t top;
		if (rise_line(c, &rows[i], NULL, 0, &top))
			rk[nrise++] = (struct ranked_row){ i, top, 0 };
	}
	qsort(rk, nrise, sizeof *rk, cmp_up);
	for (size_t j = 0; j < nrise; j++) {
		if (lines >= REVIEW_MAX) {
			more++;
			continue;
		}
		int64_t top;
		rise_line(c, &rows[rk[j].row], b, sizeof b, &top);
		snprintf(href, sizeof href, "%s.%s", rows[rk[j].row].id, ext);
		em_item_link(e, b, href);
		lines++;
	}
	if (!lines)
		em_item(e, "没有单位的“三公”经费或机关运行经费较上年增加。");
	review_more(e, more, "个单位有增加");
	em_list(e, 0, NULL);

	/* 三、the largest increases and decreases of 支出合计 (budgets) */
	em_heading(e, 3, "三、支出合计增减幅度最大的单位");
	size_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		const struct docsum *s = rows[i].s;
		if (s->final)
			continue;
		size_t ng;
		const struct growth_row *gs = doc_growth(c, s, &ng);
		const struct growth_row *g = find_growth(gs, ng, s, M_EXPENDITURE_TOTAL);
		int ok;
		if (!g)
			continue;
		int64_t pct = growth_pct(g->current - g->prior, g->prior, &ok);
		if (ok)
			rk[nr++] = (struct ranked_row){ i, pct, g->current - g->prior };
	}
	qsort(rk, nr, sizeof *rk, cmp_up);
	em_list(e, 1, "key");
	int any = 0;
	/* the five largest increases, then the five largest decreases (from the end) */
	for (int side = 0; side < 2; side++)
		for (size_t j = 0; j < 5 && j < nr; j++) {
			const struct ranked_row *x = side ? &rk[nr - 1 - j] : &rk[j];
			if (side ? x->pct >= 0 : x->pct <= 0)
				break;
			const struct index_row *r = &rows[x->row];
			doc_label(r->s, dl, sizeof dl);
			int64_t a = x->change < 0 ? -x->change : x->change, p = x->pct < 0 ? -x->pct : x->pct;
			snprintf(b, sizeof b, "%s支出合计%s万元，较上年%s%s%%（%s%s万元）。", dl,
				 wan(r->s->m[M_EXPENDITURE_TOTAL].v, t1), side ? "下降" : "增长", wan(p, t2),
				 side ? "减少" : "增加", wan(a, t3));
			snprintf(href, sizeof href, "%s.%s", r->id, ext);
			em_item_link(e, b, href);
			any = 1;
		}
	if (!any)
		em_item(e, "没有可与上年比较的支出合计。");
	em_list(e, 0, NULL);

	/* 四、structure shifts beyond the threshold */
	em_heading(e, 3, "四、支出结构变动较大的单位");
	em_list(e, 1, "key");
	lines = more = 0;
	for (size_t i = 0; i < n; i++) {
		const struct docsum *s = rows[i].s;
		size_t d = doc_index(ss, s);
		for (size_t j = c->fb.start[d]; j < c->fb.start[d + 1]; j++) {
			const struct flag_row *f = &c->in->f->v[c->fb.item[j]];
			if (f->rule != R_SHARE_SHIFT)
				continue;
			if (lines >= REVIEW_MAX) {
				more++;
				continue;
			}
			doc_label(s, dl, sizeof dl);
			char msg[1200];
			text_thousands(f->message, msg, sizeof msg);
			ack_mark(msg, sizeof msg, f->ack);
			snprintf(b, sizeof b, "%s：%s。", dl, msg);
			snprintf(href, sizeof href, "%s.%s", rows[i].id, ext);
			em_item_link(e, b, href);
			lines++;
		}
	}
	if (!lines)
		em_item(e, "没有单位的基本支出、项目支出或人员经费占比较上年变动超过提示的阈值。");
	review_more(e, more, "项结构变动");
	em_list(e, 0, NULL);

	/* 五、documents read incompletely (every document, not only the latest) */
	em_heading(e, 3, "五、读取不完整的文件");
	em_list(e, 1, "key");
	lines = more = 0;
	/* (index rows follow the units in sumset order: row i is the i-th run of one key) */
	for (size_t o = 0, i = 0; o < ss->norder && i < n; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		while (i < n && strcmp(s->key, rows[i].s->key))
			i++;
		if (i >= n)
			break;
		size_t nf = 0;
		const struct finding *first = NULL;
		for (size_t f = 0; f < s->findings.n; f++)
			if (reading_check(&s->findings.v[f]) && !nf++)
				first = &s->findings.v[f];
		if (!nf)
			continue;
		if (lines >= REVIEW_MAX) {
			more++;
			continue;
		}
		doc_label(s, dl, sizeof dl);
		char msg[1200];
		text_thousands(first->message, msg, sizeof msg);
		ack_mark(msg, sizeof msg, first->ack);
		if (nf > 1)
			snprintf(b, sizeof b, "%s：%s等%zu项。", dl, msg, nf);
		else
			snprintf(b, sizeof b, "%s：%s。", dl, msg);
		snprintf(href, sizeof href, "%s.%s", rows[i].id, ext);
		em_item_link(e, b, href);
		lines++;
	}
	if (!lines)
		em_item(e, "所有文件都读取完整：标准报表均已找到或注明为空表，表行都已对齐。");
	review_more(e, more, "份文件读取不完整");
	em_list(e, 0, NULL);
	free(ord);
	free(rk);
}

static void index_page(struct em *e, const struct bctx *c, const struct index_row *rows, size_t n)
{
	const struct sumset *ss = c->in->ss;
	em_begin(e, "预算审查简报 · 总览");
	review_points(e, c, rows, n);
	if (!e->md) /* (printed on landscape pages of its own) */
		fputs("<section class=\"wide\">\n", e->fp);
	em_heading(e, 2, "各单位一览");
	char meta[300];
	snprintf(meta, sizeof meta, "%zu个单位，%zu份文件。点击表头排序；点击单位名称查看该单位简报。", n,
		 ss->norder);
	em_para(e, meta, "meta");
	struct cell head[] = { { "单位", 0, 0, 0, 0 },	{ "编码", 0, 0, 0, 0 },
			       { "同组", 0, 0, 0, 0 },	{ "年度", 0, 1, 0, 0 },
			       { "文件", 0, 0, 0, 0 },	{ "支出合计（万元）", 0, 1, 0, 0 },
			       { "较上年增幅", 0, 1, 0, 0 }, { "基本支出占比", 0, 1, 0, 0 },
			       { "“三公”经费（万元）", 0, 1, 0, 0 }, { "机关运行经费（万元）", 0, 1, 0, 0 },
			       { "质量得分", 0, 1, 0, 0 },  { "错误", 0, 1, 0, 0 },
			       { "警告", 0, 1, 0, 0 },	{ "政策提示", 0, 1, 0, 0 } };
	em_table(e, head, 14, "units");
	for (size_t i = 0; i < n; i++) {
		const struct docsum *s = rows[i].s;
		char href[64], y[16], tot[64], gr[64] = "", grs[64] = "", bs[64], sg[64], ar[64], q[64], ne[16],
							nw[16], nf[16], t[40];
		snprintf(href, sizeof href, "%s.%s", rows[i].id, e->md ? "md" : "html");
		snprintf(y, sizeof y, "%d", s->year);
		value_text(&s->m[M_EXPENDITURE_TOTAL], M_EXPENDITURE_TOTAL, tot, sizeof tot);
		size_t ng;
		const struct growth_row *g = doc_growth(c, s, &ng);
		const struct growth_row *r = find_growth(g, ng, s, M_EXPENDITURE_TOTAL);
		if (r) {
			int ok;
			int64_t p = growth_pct(r->current - r->prior, r->prior, &ok);
			if (ok) {
				snprintf(gr, sizeof gr, "%s%%", wan(p, t));
				snprintf(grs, sizeof grs, "%s", wan(p, t));
			}
		}
		value_text(&s->m[M_BASIC_SHARE], M_BASIC_SHARE, bs, sizeof bs);
		char bss[64];
		snprintf(bss, sizeof bss, "%.*s", (int)strcspn(bs, "%"), bs);
		value_text(&s->m[M_SANGONG_TOTAL], M_SANGONG_TOTAL, sg, sizeof sg);
		value_text(&s->m[M_ADMIN_RUNNING], M_ADMIN_RUNNING, ar, sizeof ar);
		value_text(&s->m[M_QUALITY_SCORE], M_QUALITY_SCORE, q, sizeof q);
		snprintf(ne, sizeof ne, "%zu", rows[i].nerr);
		snprintf(nw, sizeof nw, "%zu", rows[i].nwarn);
		snprintf(nf, sizeof nf, "%zu", rows[i].nflags);
		struct cell row[] = {
			{ s->unit_name[0] ? s->unit_name : s->key, href, 0, 0, 0 },
			{ s->unit_code, 0, 0, 0, 0 },
			{ s->group, 0, 0, 0, 0 },
			{ y, 0, 1, 0, 0 },
			{ kind_zh(s->doc_kind), 0, 0, 0, 0 },
			{ tot, 0, 1, 0, 0 },
			{ gr, 0, 1, grs, 0 },
			{ bs, 0, 1, bss, 0 },
			{ sg, 0, 1, 0, 0 },
			{ ar, 0, 1, 0, 0 },
			{ q, 0, 1, 0, 0 },
			{ ne, 0, 1, 0, rows[i].nerr ? "error" : NULL },
			{ nw, 0, 1, 0, rows[i].nwarn ? "warning" : NULL },
			{ nf, 0, 1, 0, 0 },
		};
		em_row(e, row, 14, 1);
	}
	em_table_end(e);
	if (!e->md)
		fputs("</section>\n", e->fp);
	static const struct {
		const char *name, *alt;
	} ch[] = { { "rank_growth", "支出合计增幅排名" },
		   { "rank_sangong", "“三公”经费排名" },
		   { "rank_admin_running", "机关运行经费排名" },
		   { "box_basic_share", "基本支出占比分布" },
		   { "box_personnel_share", "人员经费占比分布" },
		   { "small_multiples", "各单位支出合计走势" },
		   { "rank_execution", "预算执行率排名" } };
	int any = 0;
	for (size_t i = 0; i < sizeof ch / sizeof ch[0]; i++) {
		for (int page = 1; page < 1000; page++) {
			char rel[200], src[400];
			if (page == 1)
				snprintf(rel, sizeof rel, "all/%s", ch[i].name);
			else
				snprintf(rel, sizeof rel, "all/%s_%d", ch[i].name, page);
			if (!chart_exists(c->dir, rel, src, sizeof src))
				break;
			if (!any++)
				em_heading(e, 2, "跨单位图表");
			em_image(e, src, ch[i].alt);
		}
	}
	char foot[300];
	snprintf(foot, sizeof foot, "由 yusuan %s 生成。数据与出处见 metrics.csv、growth.csv、flags.csv、audit.csv。",
		 c->in->version);
	em_end(e, foot, 1);
}

/* Whether the file at path holds exactly buf[0..n). */
static int same_bytes(const char *path, const char *buf, size_t n)
{
	struct stat st; /* (lstat: a link to elsewhere is not a page of ours) */
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != n)
		return 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	char chunk[16384];
	size_t at = 0, k;
	int same = 1;
	while (same && (k = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		same = at + k <= n && !memcmp(chunk, buf + at, k);
		at += k;
	}
	fclose(fp);
	return same && at == n;
}

/* A page, written whole: built in memory, then linked from the previous results when it is the
 * same there byte for byte (a rerun makes no new file for an unchanged page), else written to a
 * temporary name and renamed. */
static enum ys_err write_pages(const char *dir, const char *prev, const char *id, int md_only,
			       void (*fn)(struct em *, const void *), const void *arg, struct ys_error *err)
{
	for (int md = md_only; md < 2; md++) {
		char path[4400], tmp[4500], old[4400];
		snprintf(path, sizeof path, "%s/briefing/%s.%s", dir, id, md ? "md" : "html");
		char *buf = NULL;
		size_t n = 0;
		FILE *mem = open_memstream(&buf, &n);
		if (!mem) {
			ys_error_set(err, path, 0, "out of memory");
			return YS_EIO;
		}
		struct em e = { mem, md };
		fn(&e, arg);
		if (fclose(mem) != 0 || !buf) {
			free(buf);
			ys_error_set(err, path, 0, "out of memory");
			return YS_EIO;
		}
		if (prev) {
			snprintf(old, sizeof old, "%s/briefing/%s.%s", prev, id, md ? "md" : "html");
			if (same_bytes(old, buf, n) && link(old, path) == 0) {
				free(buf);
				continue;
			}
		}
		FILE *fp = open_tmp(path, tmp, sizeof tmp);
		if (!fp) {
			ys_error_set(err, path, 0, "cannot write: %s", strerror(errno));
			free(buf);
			return YS_EIO;
		}
		size_t w = n ? fwrite(buf, 1, n, fp) : 0;
		free(buf);
		enum ys_err rc = close_tmp(fp, tmp, path, err); /* (a short write sets fp's error) */
		if (!rc && w != n) {
			unlink(path);
			ys_error_set(err, path, 0, "cannot write: %s", strerror(errno ? errno : EIO));
			rc = YS_EIO;
		}
		if (rc)
			return rc;
	}
	return YS_OK;
}

struct unit_arg {
	const struct bctx *c;
	const struct run *runs;
	size_t nruns;
};

static void unit_fn(struct em *e, const void *arg)
{
	const struct unit_arg *u = arg;
	unit_page(e, u->c, u->runs, u->nruns);
}

struct index_arg {
	const struct bctx *c;
	const struct index_row *rows;
	size_t n;
};

static void index_fn(struct em *e, const void *arg)
{
	const struct index_arg *a = arg;
	index_page(e, a->c, a->rows, a->n);
}

/* summary.md: the 审查要点 of the index on a page of their own, for pasting into a report. */
static void summary_fn(struct em *e, const void *arg)
{
	const struct index_arg *a = arg;
	em_begin(e, "预算审查要点");
	review_points(e, a->c, a->rows, a->n);
	char foot[300];
	snprintf(foot, sizeof foot, "由 yusuan %s 生成。各单位一览见 index.md；数据与出处见 metrics.csv、growth.csv、flags.csv、audit.csv。",
		 a->c->in->version);
	em_end(e, foot, 0);
}

/* The unit pages, shared out between threads: unit u goes to the thread that takes it next. A
 * failure stops the others at their next unit; the error reported is the first unit's in input
 * order among those that failed, so that the message does not depend on timing. */
struct unit_job {
	const char *dir, *prev;
	const struct bctx *c;
	const struct run *runs;      /* all units' runs, unit u's from first[u] to first[u + 1] */
	const size_t *first;
	const struct index_row *rows;
	size_t nunits;
	atomic_size_t next;
	atomic_int failed;
	pthread_mutex_t lock;
	size_t err_unit;             /* the failed unit reported (nunits: none) */
	enum ys_err rc;
	struct ys_error err;
};

static void *unit_worker(void *arg)
{
	struct unit_job *j = arg;
	for (;;) {
		size_t u = atomic_fetch_add(&j->next, 1);
		if (u >= j->nunits || atomic_load(&j->failed))
			break;
		struct unit_arg ua = { j->c, j->runs + j->first[u], j->first[u + 1] - j->first[u] };
		struct ys_error e = { 0 };
		enum ys_err rc = write_pages(j->dir, j->prev, j->rows[u].id, 0, unit_fn, &ua, &e);
		if (rc) {
			pthread_mutex_lock(&j->lock);
			if (u < j->err_unit) {
				j->err_unit = u;
				j->rc = rc;
				j->err = e;
			}
			pthread_mutex_unlock(&j->lock);
			atomic_store(&j->failed, 1);
		}
	}
	return NULL;
}

enum ys_err briefing_write(const char *dir, const struct briefing_in *in, struct ys_error *err)
{
	const struct sumset *ss = in->ss;
	char path[4200];
	snprintf(path, sizeof path, "%s/briefing", dir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		ys_error_set(err, path, 0, "cannot create: %s", strerror(errno));
		return YS_EIO;
	}
	struct bctx c;
	memset(&c, 0, sizeof c);
	struct index_row *rows = calloc(ss->norder + 1, sizeof *rows);
	struct run *runs = calloc(ss->norder + 1, sizeof *runs);
	size_t *first = calloc(ss->norder + 2, sizeof *first);
	if (!rows || !runs || !first || bctx_init(&c, dir, in) != 0) {
		free(rows);
		free(runs);
		free(first);
		bctx_free(&c);
		ys_error_set(err, path, 0, "out of memory");
		return YS_EIO;
	}
	/* the units, their runs of documents (one per kind) and their index rows */
	size_t nrows = 0, nruns = 0;
	for (size_t a = 0; a < ss->norder;) {
		const char *key = ss->v[ss->order[a]].key;
		size_t b = a;
		first[nrows] = nruns;
		while (b < ss->norder && !strcmp(ss->v[ss->order[b]].key, key)) {
			size_t e = sumset_run_end(ss, b);
			runs[nruns++] = (struct run){ b, e };
			b = e;
		}
		/* the index shows the latest budget, else the latest final accounts */
		const struct docsum *show = NULL;
		for (size_t k = first[nrows]; k < nruns; k++) {
			const struct docsum *l = &ss->v[ss->order[runs[k].b - 1]];
			int budget = !strcmp(sumset_family(l->doc_kind), "budget");
			int show_budget = show && !strcmp(sumset_family(show->doc_kind), "budget");
			if (!show || (budget && !show_budget) ||
			    (budget == show_budget && l->year > show->year))
				show = l;
		}
		struct index_row *ir = &rows[nrows++];
		ir->s = show;
		charts_unit_id(show, ir->id);
		for (size_t i = 0; i < show->findings.n; i++) {
			ir->nerr += show->findings.v[i].severity == SEV_ERROR;
			ir->nwarn += show->findings.v[i].severity == SEV_WARNING;
		}
		size_t d = doc_index(ss, show);
		ir->nflags = c.fb.start[d + 1] - c.fb.start[d];
		a = b;
	}
	first[nrows] = nruns;

	struct unit_job j = { .dir = dir, .prev = in->prev, .c = &c, .runs = runs, .first = first, .rows = rows,
			      .nunits = nrows, .err_unit = nrows };
	atomic_init(&j.next, 0);
	atomic_init(&j.failed, 0);
	pthread_mutex_init(&j.lock, NULL);
	int nt = in->jobs > 1 ? in->jobs : 1;
	if (nt > 64)
		nt = 64;
	if ((size_t)nt > nrows)
		nt = nrows ? (int)nrows : 1;
	pthread_t tid[64];
	int started = 0;
	for (int t = 1; t < nt; t++)
		if (pthread_create(&tid[started], NULL, unit_worker, &j) == 0)
			started++;
	unit_worker(&j);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&j.lock);
	enum ys_err rc = j.rc;
	if (rc)
		*err = j.err;
	if (!rc) {
		struct index_arg ia = { &c, rows, nrows };
		rc = write_pages(dir, in->prev, "index", 0, index_fn, &ia, err);
		if (!rc)
			rc = write_pages(dir, in->prev, "summary", 1, summary_fn, &ia, err);
	}
	bctx_free(&c);
	free(rows);
	free(runs);
	free(first);
	return rc;
}
