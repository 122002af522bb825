/* Chart definitions: each writes its data as an inline datablock (numbers only) and its labels
 * as quoted strings, once per output format, through the run's gnuplot processes (-j N: N of
 * them, the charts shared out in turn; a chart's bytes depend on its own commands only). */
#include "charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "base/num.h"
#include "base/text.h"
#include "compute/peers.h"
#include "gnuplot.h"

#define FONT "WenQuanYi Micro Hei"
#define C_TOTAL "#333333"
#define C_BASIC "#1f77b4"
#define C_PROJECT "#ff7f0e"
#define C_PERSONNEL "#2ca02c"
#define C_SANGONG "#9467bd"
#define C_ADMIN "#8c564b"
#define C_PRIOR "#aec7e8"

char *charts_unit_id(const struct docsum *s, char *buf)
{
	int ok = s->unit_code[0] != '\0';
	for (const char *c = s->unit_code; *c && ok; c++)
		ok = (*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z');
	if (ok && strlen(s->unit_code) < 30)
		snprintf(buf, 40, "u%s", s->unit_code);
	else
		snprintf(buf, 40, "n%016llx", (unsigned long long)XXH3_64bits(s->key, strlen(s->key)));
	return buf;
}

char *charts_run_dir(const struct sumset *ss, size_t a, char *buf)
{
	const struct docsum *s = &ss->v[ss->order[a]];
	size_t first = a;
	while (first > 0 && !strcmp(ss->v[ss->order[first - 1]].key, s->key))
		first--;
	/* the primary run: the first budget kind of the unit, else its first kind */
	const char *primary = ss->v[ss->order[first]].doc_kind;
	for (size_t i = first; i < ss->norder && !strcmp(ss->v[ss->order[i]].key, s->key); i++)
		if (!strcmp(sumset_family(ss->v[ss->order[i]].doc_kind), "budget")) {
			primary = ss->v[ss->order[i]].doc_kind;
			break;
		}
	char id[40];
	charts_unit_id(s, id);
	if (!strcmp(primary, s->doc_kind)) {
		snprintf(buf, 80, "%s", id);
	} else {
		char k[40];
		snprintf(k, sizeof k, "%s", s->doc_kind);
		for (char *p = k; *p; p++)
			if (*p == '/')
				*p = '-';
		snprintf(buf, 80, "%s/%s", id, k);
	}
	return buf;
}

#define GP_MAX 16

/* What gnuplot said about a chart, kept until every process is done, then reported in the
 * order of the charts (the same whatever -j) */
struct said {
	char *id, *msg;
	int error;
	size_t seq;
};

struct cctx {
	struct gp gps[GP_MAX];
	int ngp;
	struct gp *gp;       /* the process of the chart being written */
	const char *dir;
	int formats;
	int asked;
	char **ids;          /* every chart asked for, in order (seq) */
	struct said *said;
	size_t nsaid;
	struct said *byid;   /* ids with their seq, sorted by id (made when gnuplot first says something) */
};

static void begin(struct cctx *c, const char *sub, const char *name, int fmt, int w, int h)
{
	char id[600], path[700], q[800];
	snprintf(id, sizeof id, "%s/%s.%s", sub, name, fmt == CH_SVG ? "svg" : "png");
	snprintf(path, sizeof path, "charts/%s", id); /* gnuplot works in c->dir */
	/* (chart k to process k mod N: a fixed share whatever the machine's timing) */
	c->gp = &c->gps[c->asked % c->ngp];
	char **ni = realloc(c->ids, (size_t)(c->asked + 1) * sizeof *ni);
	if (ni) {
		c->ids = ni;
		ni[c->asked] = strdup(id);
	}
	gp_begin_chart(c->gp, id);
	if (fmt == CH_SVG)
		gp_cmd(c->gp, "set terminal svg size %d,%d font '" FONT ",12' noenhanced background '#ffffff'", w, h);
	else
		gp_cmd(c->gp, "set terminal pngcairo size %d,%d font '" FONT ",10' noenhanced background '#ffffff'", w, h);
	gp_cmd(c->gp, "set output %s", gp_quote(path, q, sizeof q));
	gp_cmd(c->gp, "set datafile missing '?'");
	gp_cmd(c->gp, "set border 3; set tics nomirror; set grid ytics lc rgb '#dddddd'");
	gp_cmd(c->gp, "set key outside bottom center horizontal Left reverse noautotitle");
	gp_cmd(c->gp, "set encoding utf8");
	c->asked++;
}

static void end(struct cctx *c, const char *sub, const char *name, int fmt)
{
	char id[600];
	snprintf(id, sizeof id, "%s/%s.%s", sub, name, fmt == CH_SVG ? "svg" : "png");
	gp_end_chart(c->gp, id);
}

static const char *fmtv(double v, char *b)
{
	num_format(v, 4, b);
	return b[0] ? b : "?";
}

/* ---- per unit ---- */

/* A figure a chart may show: not one the audit rejects (a table that failed its own identities,
 * a narrative's prior below zero or contradicting its own rate — issue 16, item 5; growth.csv
 * and trends.csv say which were left out). */
static int usable(const struct mval *m, int metric)
{
	return m->has && !m->rejected && !(metric_defs[metric].kind == MK_MONEY && m->v < 0);
}

struct series {
	int year[64];
	double v[64][3];
	int has[64][3];
	int narrative[64];       /* the point is a narrative's prior year */
	int n;
};

static void collect(const struct sumset *ss, size_t a, size_t b, const int *metrics, int nm,
		    struct series *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = a; i < b && out->n < 62; i++) {
		const struct docsum *s = &ss->v[ss->order[i]];
		/* the prior year a narrative gives, where no document of that year is loaded */
		int any_prior = 0;
		for (int k = 0; k < nm; k++)
			any_prior |= usable(docsum_x(s, MX_PRIOR, metrics[k]), metrics[k]);
		if (any_prior && (out->n == 0 || out->year[out->n - 1] < s->year - 1) &&
		    !sumset_find(ss, s->key, s->doc_kind, s->year - 1)) {
			out->year[out->n] = s->year - 1;
			out->narrative[out->n] = 1;
			for (int k = 0; k < nm; k++)
				if (usable(docsum_x(s, MX_PRIOR, metrics[k]), metrics[k])) {
					out->v[out->n][k] = num_from_fixed(docsum_x(s, MX_PRIOR, metrics[k])->v);
					out->has[out->n][k] = 1;
				}
			out->n++;
		}
		out->year[out->n] = s->year;
		for (int k = 0; k < nm; k++)
			if (usable(&s->m[metrics[k]], metrics[k])) {
				out->v[out->n][k] = num_from_fixed(s->m[metrics[k]].v);
				out->has[out->n][k] = 1;
			}
		out->n++;
	}
}

/* A value label: 2 decimals, thousands separated (`15,621.11`), as the pages print figures. */
static const char *label_num(double v, char *b)
{
	char t[48];
	snprintf(t, sizeof t, "%.2f", v);
	const char *d = t[0] == '-' ? t + 1 : t;
	size_t ip = strcspn(d, "."), w = 0;
	if (t[0] == '-')
		b[w++] = '-';
	for (size_t i = 0; i < ip; i++) {
		b[w++] = d[i];
		if ((ip - 1 - i) % 3 == 0 && i + 1 < ip)
			b[w++] = ',';
	}
	snprintf(b + w, 40 - w, "%s", d + ip);
	return b;
}

/* The metrics of se that have at least one point (a series without data gets no legend entry). */
static int visible(const struct series *se, int nm, int *ks)
{
	int n = 0;
	for (int k = 0; k < nm; k++) {
		int any = 0;
		for (int i = 0; i < se->n; i++)
			any |= se->has[i][k];
		if (any)
			ks[n++] = k;
	}
	return n;
}

/* The years of the metrics ks that a document of the unit's own gives (narrative priors not
 * counted): one or none is drawn as bars. */
static int doc_years(const struct series *se, const int *ks, int nk)
{
	int n = 0;
	for (int i = 0; i < se->n; i++) {
		int any = 0;
		for (int j = 0; j < nk; j++)
			any |= se->has[i][ks[j]];
		n += any && !se->narrative[i];
	}
	return n;
}

static int any_narrative(const struct series *se, const int *ks, int nk)
{
	for (int i = 0; i < se->n; i++)
		for (int j = 0; j < nk; j++)
			if (se->narrative[i] && se->has[i][ks[j]])
				return 1;
	return 0;
}

/* The y range of the visible points: from 0 (or below, for a negative figure) to 15% above the
 * largest, room for the labels over the top points. */
static void y_range(const struct series *se, const int *ks, int nk, double *lo, double *hi)
{
	*lo = 0;
	*hi = 0;
	for (int i = 0; i < se->n; i++)
		for (int j = 0; j < nk; j++)
			if (se->has[i][ks[j]]) {
				double v = se->v[i][ks[j]];
				if (v > *hi)
					*hi = v;
				if (v < *lo)
					*lo = v;
			}
	double span = *hi - *lo > 0 ? *hi - *lo : 1;
	*hi += span * 0.15;
	if (*lo < 0)
		*lo -= span * 0.1;
}

/* Value labels of one year's points, placed so that none overlaps another label or a point:
 * the highest point's label goes above it, each next one above its point if that is free, else
 * below, else it is left out (the table on the page has the figure). Heights in data units: a
 * label is about 7% of the y range of a 420-pixel chart. below[j]: the point is lower than its
 * neighbours on average, so its lines leave it upwards and its label goes below it first. */
static void point_labels(struct cctx *c, int *tag, double x, const double *v, const int *below,
			 const char *const *col, int n, double lo, double hi)
{
	double span = hi - lo, h = span * 0.07, off = h * 0.8; /* clear of the marker (h/4) */
	double occ[16][2];
	int no = 0, order[8];
	for (int j = 0; j < n; j++) {
		occ[no][0] = v[j] - h * 0.25; /* the marker */
		occ[no][1] = v[j] + h * 0.25;
		no++;
		order[j] = j;
	}
	for (int a = 1; a < n; a++) /* highest first */
		for (int b = a; b > 0 && v[order[b]] > v[order[b - 1]]; b--) {
			int t = order[b];
			order[b] = order[b - 1];
			order[b - 1] = t;
		}
	char q[64], b1[40], b2[40], b3[40];
	for (int a = 0; a < n; a++) {
		int j = order[a];
		double cand[2] = { v[j] + (below[j] ? -off : off), v[j] + (below[j] ? off : -off) };
		for (int k = 0; k < 2; k++) {
			double y0 = cand[k] - h / 2, y1 = cand[k] + h / 2;
			int free_ = y0 >= lo + h * 0.2 && y1 <= hi + h * 0.5;
			for (int o = 0; o < no && free_; o++)
				free_ = y1 <= occ[o][0] || y0 >= occ[o][1];
			if (!free_)
				continue;
			occ[no][0] = y0;
			occ[no][1] = y1;
			no++;
			gp_cmd(c->gp, "set label %d %s at %s,%s center front tc rgb '%s' font '" FONT ",8'", ++*tag,
			       gp_quote(label_num(v[j], b1), q, sizeof q), fmtv(x, b2), fmtv(cand[k], b3), col[j]);
			break;
		}
	}
}

/* One panel of series over the years: lines through the documents' years with the value of
 * every point written at it; a narrative's prior year drawn hollow and joined to the next year
 * by a dashed line. key: a legend (of the visible series only). */
static void lines_panel(struct cctx *c, const char *title, const struct series *se, const int *ks, int nk,
			const char *const *labels, const char *const *colours, int key)
{
	char q[800], b[40], b2[40];
	double lo, hi;
	y_range(se, ks, nk, &lo, &hi);
	gp_cmd(c->gp, "$d << EOD");
	for (int i = 0; i < se->n; i++) {
		char line[600];
		int w = snprintf(line, sizeof line, "%d", se->year[i]);
		for (int j = 0; j < nk; j++) {
			int k = ks[j];
			/* solid, hollow, and the dashed join: a narrative year and the year after it */
			int join = se->has[i][k] && (se->narrative[i] || (i > 0 && se->narrative[i - 1] && se->has[i - 1][k]));
			w += snprintf(line + w, sizeof line - (size_t)w, " %s %s",
				      se->has[i][k] && !se->narrative[i] ? fmtv(se->v[i][k], b) : "?",
				      se->has[i][k] && se->narrative[i] ? fmtv(se->v[i][k], b2) : "?");
			w += snprintf(line + w, sizeof line - (size_t)w, " %s", join ? fmtv(se->v[i][k], b) : "?");
		}
		gp_cmd(c->gp, "%s", line);
	}
	gp_cmd(c->gp, "EOD");
	gp_cmd(c->gp, "set title %s", gp_quote(title, q, sizeof q));
	gp_cmd(c->gp, "set ylabel '万元'");
	gp_cmd(c->gp, "set xtics 1 format '%%.0f'");
	/* a third of a year either side: the first and last labels stay inside the frame */
	gp_cmd(c->gp, "set xrange [%s:%s]", fmtv(se->year[0] - 0.35, b), fmtv(se->year[se->n - 1] + 0.35, b2));
	gp_cmd(c->gp, "set yrange [%s:%s]", fmtv(lo, b), fmtv(hi, b2));
	if (!key)
		gp_cmd(c->gp, "unset key");
	/* labels on every point while they fit across (up to 12 years), else on the last year */
	int tag = 0;
	for (int i = 0; i < se->n; i++) {
		if (se->n > 12 && i != se->n - 1)
			continue;
		double v[8];
		const char *col[8];
		int n = 0, below[8];
		for (int j = 0; j < nk; j++) {
			int k = ks[j];
			if (!se->has[i][k])
				continue;
			double nb = 0;
			int nn = 0;
			if (i > 0 && se->has[i - 1][k])
				nb += se->v[i - 1][k], nn++;
			if (i + 1 < se->n && se->has[i + 1][k])
				nb += se->v[i + 1][k], nn++;
			below[n] = nn && se->v[i][k] < nb / nn;
			v[n] = se->v[i][k];
			col[n++] = colours[k];
		}
		point_labels(c, &tag, se->year[i], v, below, col, n, lo, hi);
	}
	char plot[3000] = "plot ";
	int parts = 0;
	for (int j = 0; j < nk; j++) {
		int k = ks[j], solid = 0, open = 0;
		for (int i = 0; i < se->n; i++) {
			solid |= se->has[i][k] && !se->narrative[i];
			open |= se->has[i][k] && se->narrative[i];
		}
		char part[400];
		/* each plot only of a column that has points: gnuplot warns of an empty one */
		if (solid) {
			snprintf(part, sizeof part, "%s$d using 1:%d with linespoints lw 2 pt 7 lc rgb '%s' title %s",
				 parts++ ? ", " : "", 2 + 3 * j, colours[k], gp_quote(labels[k], q, sizeof q));
			strncat(plot, part, sizeof plot - strlen(plot) - 1);
		}
		if (open) {
			snprintf(part, sizeof part, "%s$d using 1:%d with lines lw 1.5 dt 2 lc rgb '%s' notitle, "
				 "$d using 1:%d with points pt 6 ps 1.5 lc rgb '%s' %s%s",
				 parts++ ? ", " : "", 4 + 3 * j, colours[k], 3 + 3 * j, colours[k],
				 solid ? "notitle" : "title ", solid ? "" : gp_quote(labels[k], q, sizeof q));
			strncat(plot, part, sizeof plot - strlen(plot) - 1);
		}
	}
	gp_cmd(c->gp, "%s", plot);
}

/* One panel of a single year (and the prior year a narrative gives, pale): a labelled bar per
 * series, side by side, instead of lone points in an empty frame. */
static void bars_panel(struct cctx *c, const char *title, const struct series *se, const int *ks, int nk,
		       const char *const *labels, const char *const *colours, int key)
{
	char q[800], b[40], b2[40];
	double lo, hi;
	y_range(se, ks, nk, &lo, &hi);
	double bw = 0.8 / nk;
	gp_cmd(c->gp, "$d << EOD");
	for (int i = 0; i < se->n; i++) {
		char line[600];
		int w = snprintf(line, sizeof line, "%d", i);
		for (int j = 0; j < nk; j++) {
			int k = ks[j];
			w += snprintf(line + w, sizeof line - (size_t)w, " %s %s",
				      se->has[i][k] && !se->narrative[i] ? fmtv(se->v[i][k], b) : "?",
				      se->has[i][k] && se->narrative[i] ? fmtv(se->v[i][k], b2) : "?");
		}
		gp_cmd(c->gp, "%s", line);
	}
	gp_cmd(c->gp, "EOD");
	gp_cmd(c->gp, "set title %s", gp_quote(title, q, sizeof q));
	gp_cmd(c->gp, "set ylabel '万元'");
	gp_cmd(c->gp, "set xrange [-0.6:%d.6]", se->n - 1);
	gp_cmd(c->gp, "set yrange [%s:%s]", fmtv(lo, b), fmtv(hi, b2));
	char tics[600];
	int w = snprintf(tics, sizeof tics, "set xtics scale 0 (");
	for (int i = 0; i < se->n; i++)
		w += snprintf(tics + w, sizeof tics - (size_t)w, "%s\"%d年%s\" %d", i ? ", " : "", se->year[i],
			      se->narrative[i] ? "（据次年说明）" : "", i);
	gp_cmd(c->gp, "%s)", tics);
	gp_cmd(c->gp, "set boxwidth %s", fmtv(bw * 0.9, b));
	if (!key)
		gp_cmd(c->gp, "unset key");
	int tag = 0;
	char plot[3000] = "plot ";
	int parts = 0;
	for (int j = 0; j < nk; j++) {
		int k = ks[j], solid = 0, open = 0;
		double x0 = -0.4 + bw * (j + 0.5);
		for (int i = 0; i < se->n; i++) {
			if (!se->has[i][k])
				continue;
			solid |= !se->narrative[i];
			open |= se->narrative[i];
			/* one label a bar, over its middle: bars do not share a slot, neither do labels */
			double v = se->v[i][k], y = v >= 0 ? v + (hi - lo) * 0.045 : v - (hi - lo) * 0.045;
			char b3[40];
			gp_cmd(c->gp, "set label %d %s at %s,%s center front tc rgb '%s' font '" FONT ",9'", ++tag,
			       gp_quote(label_num(v, b), q, sizeof q), fmtv(i + x0, b2), fmtv(y, b3), colours[k]);
		}
		char part[500], col[40];
		snprintf(col, sizeof col, "($1%+.4f)", x0);
		if (solid) {
			snprintf(part, sizeof part, "%s$d using %s:%d with boxes fs solid 0.9 border lc rgb '%s' lc rgb '%s' title %s",
				 parts++ ? ", " : "", col, 2 + 2 * j, colours[k], colours[k], gp_quote(labels[k], q, sizeof q));
			strncat(plot, part, sizeof plot - strlen(plot) - 1);
		}
		if (open) {
			snprintf(part, sizeof part, "%s$d using %s:%d with boxes fs solid 0.25 border lc rgb '%s' lc rgb '%s' %s%s",
				 parts++ ? ", " : "", col, 3 + 2 * j, colours[k], colours[k],
				 solid ? "notitle" : "title ", solid ? "" : gp_quote(labels[k], q, sizeof q));
			strncat(plot, part, sizeof plot - strlen(plot) - 1);
		}
	}
	gp_cmd(c->gp, "%s", plot);
}

/* A chart of the series of one unit: lines over the years, or bars when the unit's own documents
 * give one year only. panels 0: every visible series in one panel with a legend; 1: a panel
 * each, side by side, each with its own y axis (三公 is small beside 机关运行经费 and looked
 * flat on a shared axis), named by its title instead of a legend. what: the title's subject, or
 * NULL for the names of the series drawn. */
static void series_chart(struct cctx *c, const char *sub, const char *name, const char *unit, const char *what,
			 const struct series *se, const char *const *labels, const char *const *colours,
			 int nm, int panels)
{
	int ks[3];
	int nk = visible(se, nm, ks);
	if (nk == 0)
		return;
	int np = panels && nk > 1 ? nk : 1, bars[3], pale = 0, open = 0;
	for (int j = 0; j < np; j++) {
		const int *pk = np == 1 ? ks : ks + j;
		int pn = np == 1 ? nk : 1;
		bars[j] = doc_years(se, pk, pn) <= 1;
		if (any_narrative(se, pk, pn))
			*(bars[j] ? &pale : &open) = 1;
	}
	const char *note = pale && open ? "（空心点、浅色柱：次年说明中的上年数，无当年文件）"
			   : pale	? "（浅色柱：次年说明中的上年数，无当年文件）"
			   : open	? "（空心点：次年说明中的上年数，无当年文件）"
				       : "";
	char title[600], q[800], named[300] = "";
	if (!what) { /* named by the series drawn: no name without data */
		for (int j = 0; j < nk; j++)
			snprintf(named + strlen(named), sizeof named - strlen(named), "%s%s", j ? "与" : "", labels[ks[j]]);
		what = named;
	}
	snprintf(title, sizeof title, "%s %s%s", unit, what, note);
	for (int fmt = CH_SVG; fmt <= CH_PNG; fmt <<= 1) {
		if (!(c->formats & fmt))
			continue;
		begin(c, sub, name, fmt, np > 1 ? 1000 : 800, 420);
		gp_cmd(c->gp, "set style fill solid 0.9 border -1");
		if (np == 1) {
			(bars[0] ? bars_panel : lines_panel)(c, title, se, ks, nk, labels, colours, 1);
		} else {
			gp_cmd(c->gp, "set multiplot layout 1,%d title %s", np, gp_quote(title, q, sizeof q));
			for (int j = 0; j < np; j++) {
				char pt[200];
				if (j) /* labels and ranges are per panel */
					gp_cmd(c->gp, "unset label; unset xtics; set xtics nomirror");
				snprintf(pt, sizeof pt, "%s（万元）", labels[ks[j]]);
				(bars[j] ? bars_panel : lines_panel)(c, pt, se, ks + j, 1, labels, colours, 0);
			}
			gp_cmd(c->gp, "unset multiplot");
		}
		end(c, sub, name, fmt);
	}
}

/* A share of s for the structure chart; a negative metric is the complement (100 − share). */
static const char *share_of(const struct docsum *s, int metric, char *b)
{
	int m = metric < 0 ? -metric : metric;
	if (!usable(&s->m[m], m))
		return "?";
	double v = num_from_fixed(s->m[m].v);
	return fmtv(metric < 0 ? 100.0 - v : v, b);
}

static void structure_chart(struct cctx *c, const char *sub, const struct docsum *s,
			    const struct docsum *p)
{
	/* 基本/项目 of 支出合计, then 人员/公用 of their sum (公用 = 100 − 人员) */
	static const int ms[] = { M_BASIC_SHARE, M_PROJECT_SHARE, M_PERSONNEL_SHARE, -M_PERSONNEL_SHARE };
	static const char *const lab[] = { "基本支出\\n占支出合计", "项目支出\\n占支出合计",
					   "人员经费\\n占人员和公用经费", "公用经费\\n占人员和公用经费" };
	char q[400], b1[40], b2[40];
	int any = 0, prior = 0;
	for (int k = 0; k < 3; k++) {
		any |= s->m[ms[k]].has;
		prior |= p && p->m[ms[k]].has;
	}
	if (!any)
		return;
	if (!prior) /* a year before without shares: no bars, so no legend entry for it */
		p = NULL;
	for (int fmt = CH_SVG; fmt <= CH_PNG; fmt <<= 1) {
		if (!(c->formats & fmt))
			continue;
		begin(c, sub, "structure", fmt, 760, 420);
		gp_cmd(c->gp, "$d << EOD");
		for (int k = 0; k < 4; k++)
			gp_cmd(c->gp, "%d %s %s", k, p ? share_of(p, ms[k], b1) : "?", share_of(s, ms[k], b2));
		gp_cmd(c->gp, "EOD");
		char title[400];
		snprintf(title, sizeof title, "%s 支出结构（%d年%s）", s->unit_name, s->year, p ? "与上年比较" : "");
		gp_cmd(c->gp, "set title %s", gp_quote(title, q, sizeof q));
		gp_cmd(c->gp, "set ylabel '%%'");
		gp_cmd(c->gp, "set yrange [0:100]");
		gp_cmd(c->gp, "set xrange [-0.6:3.6]");
		gp_cmd(c->gp, "set xtics (\"%s\" 0, \"%s\" 1, \"%s\" 2, \"%s\" 3)", lab[0], lab[1], lab[2], lab[3]);
		gp_cmd(c->gp, "set bmargin 5");
		gp_cmd(c->gp, "set style fill solid 0.9 border -1");
		gp_cmd(c->gp, "set boxwidth 0.35");
		snprintf(title, sizeof title, "%d年", s->year - 1);
		char t2[100];
		snprintf(t2, sizeof t2, "%d年", s->year);
		char q2[200];
		if (p)
			gp_cmd(c->gp,
			       "plot $d using ($1-0.18):2 with boxes lc rgb '" C_PRIOR "' title %s, "
			       "$d using ($1+0.18):3 with boxes lc rgb '" C_BASIC "' title %s, "
			       "$d using ($1+0.18):3:(sprintf('%%.2f',$3)) with labels offset 0,0.8 notitle",
			       gp_quote(title, q, sizeof q), gp_quote(t2, q2, sizeof q2));
		else
			gp_cmd(c->gp,
			       "plot $d using 1:3 with boxes lc rgb '" C_BASIC "' title %s, "
			       "$d using 1:3:(sprintf('%%.2f',$3)) with labels offset 0,0.8 notitle",
			       gp_quote(t2, q2, sizeof q2));
		end(c, sub, "structure", fmt);
	}
}

/* `set xtics rotate by -25 ('name' 0, 'name' 1, …)`: the labels of a category axis, each name
 * quoted. name(i) gives the i-th label and pos(i) its position. */
struct tic_names {
	const char *(*name)(const void *ctx, size_t i);
	const void *ctx;
	int reverse;             /* position n-1-i (top-down bar rankings) */
};

static void tic_labels(struct cctx *c, const char *cmd, const struct tic_names *t, size_t n)
{
	size_t cap = 64 + n * 420;
	char *tics = malloc(cap), q[400];
	if (!tics)
		return;
	size_t w = (size_t)snprintf(tics, cap, "%s (", cmd);
	for (size_t i = 0; i < n && w < cap; i++)
		w += (size_t)snprintf(tics + w, cap - w, "%s%s %zu", i ? ", " : "",
				      gp_quote_label(t->name(t->ctx, i), q, sizeof q), t->reverse ? n - 1 - i : i);
	gp_cmd(c->gp, "%s)", tics);
	free(tics);
}

static const char *exec_name(const void *ctx, size_t i)
{
	return ((const struct exec_row *const *)ctx)[i]->name;
}

/* A name cut to at most max characters, `…` marking the cut (row names glued by a misread table
 * can run to 50 characters and would push the bars off the chart). */
static const char *short_name(const char *s, int max, char *buf, size_t n)
{
	size_t len = strlen(s), at = 0;
	int chars = 0;
	while (at < len && chars < max) {
		uint32_t cp;
		at += text_utf8_next(s + at, len - at, &cp);
		chars++;
	}
	if (at >= len || at + 4 > n)
		snprintf(buf, n, "%s", at >= len ? s : "…");
	else
		snprintf(buf, n, "%.*s…", (int)at, s);
	return buf;
}

struct fclass {
	char name[120];
	int64_t amount;
};

static int cmp_fclass(const void *a, const void *b)
{
	const struct fclass *x = a, *y = b;
	if (x->amount != y->amount)
		return x->amount > y->amount ? -1 : 1;
	return strcmp(x->name, y->name);
}

static const char *fclass_name(const void *ctx, size_t i)
{
	return ((const struct fclass *)ctx)[i].name;
}

#define FN_SHOWN 8
/* Spending by function 类: only the 类 with spending (a template lists all 25, most of them zero),
 * largest first, as horizontal bars so that every name has a line of its own and no label can
 * run into another; beyond 8 类, the 7 largest and the rest summed as 其他（N类）. Each bar
 * says its share and its amount. */
static void functions_chart(struct cctx *c, const char *sub, const struct docsum *s)
{
	struct fclass cl[40];
	int n = 0;
	int64_t tot = 0;
	for (size_t i = 0; i < s->nlines && n < 40; i++)
		if (s->lines[i].dim == 'F' && strlen(s->lines[i].code) == 3 && s->lines[i].amount > 0) {
			short_name(s->lines[i].name, 14, cl[n].name, sizeof cl[n].name);
			cl[n++].amount = s->lines[i].amount;
			tot += s->lines[i].amount;
		}
	if (n == 0 || tot <= 0)
		return;
	qsort(cl, (size_t)n, sizeof *cl, cmp_fclass);
	if (n > FN_SHOWN) {
		int64_t rest = 0;
		for (int i = FN_SHOWN - 1; i < n; i++)
			rest += cl[i].amount;
		snprintf(cl[FN_SHOWN - 1].name, sizeof cl[0].name, "其他（%d类）", n - (FN_SHOWN - 1));
		cl[FN_SHOWN - 1].amount = rest;
		n = FN_SHOWN;
	}
	double top = 100.0 * (double)cl[0].amount / (double)tot;
	char q[400], b[40], b2[40], lab[120];
	for (int fmt = CH_SVG; fmt <= CH_PNG; fmt <<= 1) {
		if (!(c->formats & fmt))
			continue;
		begin(c, sub, "functions", fmt, 800, 130 + 34 * n);
		gp_cmd(c->gp, "$d << EOD");
		for (int i = 0; i < n; i++)
			gp_cmd(c->gp, "%d %s", n - 1 - i, fmtv(100.0 * (double)cl[i].amount / (double)tot, b));
		gp_cmd(c->gp, "EOD");
		char title[400];
		snprintf(title, sizeof title, "%s %d年支出按功能分类（类）：占各类合计的比例", s->unit_name, s->year);
		gp_cmd(c->gp, "set title %s", gp_quote(title, q, sizeof q));
		gp_cmd(c->gp, "set xlabel '%%'");
		gp_cmd(c->gp, "set grid noytics xtics");
		/* room right of the longest bar for its label (about 150 of the plot's 470 pixels) */
		gp_cmd(c->gp, "set xrange [0:%s]", fmtv(top * 1.5 > 5 ? top * 1.5 : 5, b));
		if (top * 1.5 > 100) /* the axis is a share: no tics past 100% */
			gp_cmd(c->gp, "set xtics 0,20,100");
		gp_cmd(c->gp, "set yrange [-0.6:%d.6]", n - 1);
		struct tic_names tn = { fclass_name, cl, 1 };
		tic_labels(c, "set ytics scale 0", &tn, (size_t)n);
		gp_cmd(c->gp, "set lmargin at screen 0.27; set rmargin at screen 0.96");
		for (int i = 0; i < n; i++) {
			double v = 100.0 * (double)cl[i].amount / (double)tot;
			snprintf(lab, sizeof lab, "%.1f%%（%s万元）", v, label_num(num_from_fixed(cl[i].amount), b));
			gp_cmd(c->gp, "set label %d %s at %s,%d left offset 0.6,0 front font '" FONT ",9'", i + 1,
			       gp_quote(lab, q, sizeof q), fmtv(v, b2), n - 1 - i);
		}
		gp_cmd(c->gp, "set style fill solid 0.9 border -1");
		gp_cmd(c->gp, "plot $d using (0):1:(0):2:($1-0.32):($1+0.32) with boxxyerror lc rgb '" C_BASIC "' notitle");
		end(c, sub, "functions", fmt);
	}
}

/* Budget against outturn for the 类 of the latest final accounts (original budget), else for
 * the totals; the rate over each pair. */
static void execution_chart(struct cctx *c, const char *sub, const struct docsum *s,
			    const struct execution *ex)
{
	const struct exec_row *rows[40];
	int n = 0;
	for (int pass = 0; pass < 2 && n == 0; pass++)
		for (size_t i = 0; i < ex->n && n < 40; i++) {
			const struct exec_row *r = &ex->v[i];
			if (r->s != s || r->basis != EB_INITIAL)
				continue;
			int fn = !strcmp(r->scope, "function");
			int tot = !strcmp(r->scope, "total") || !strcmp(r->scope, "gpb_total") ||
				  !strcmp(r->scope, "basic") || !strcmp(r->scope, "project");
			if (pass == 0 ? fn : tot)
				rows[n++] = r;
		}
	if (n == 0)
		return;
	double ymax = 0;
	for (int i = 0; i < n; i++) {
		double b = num_from_fixed(rows[i]->budget), a = num_from_fixed(rows[i]->final);
		if (b > ymax)
			ymax = b;
		if (a > ymax)
			ymax = a;
	}
	char q[400], b1[40], b2[40], b3[40];
	for (int fmt = CH_SVG; fmt <= CH_PNG; fmt <<= 1) {
		if (!(c->formats & fmt))
			continue;
		begin(c, sub, "execution", fmt, 820, 440);
		gp_cmd(c->gp, "$d << EOD");
		for (int i = 0; i < n; i++) {
			int ok;
			int64_t rate = execution_rate(rows[i]->final, rows[i]->budget, &ok);
			gp_cmd(c->gp, "%d %s %s %s", i, fmtv(num_from_fixed(rows[i]->budget), b1),
			       fmtv(num_from_fixed(rows[i]->final), b2), ok ? fmtv(num_from_fixed(rate), b3) : "?");
		}
		gp_cmd(c->gp, "EOD");
		char title[400];
		snprintf(title, sizeof title, "%s %d年预算执行（年初预算与决算，柱上为执行率%%）", s->unit_name, s->year);
		gp_cmd(c->gp, "set title %s", gp_quote(title, q, sizeof q));
		gp_cmd(c->gp, "set ylabel '万元'");
		gp_cmd(c->gp, "set yrange [0:%s]", fmtv(ymax > 0 ? ymax * 1.18 : 1, b1));
		gp_cmd(c->gp, "set xrange [-0.6:%d.6]", n - 1);
		struct tic_names tn = { exec_name, rows, 0 };
		tic_labels(c, "set xtics rotate by -25", &tn, (size_t)n);
		gp_cmd(c->gp, "set bmargin 7");
		gp_cmd(c->gp, "set style fill solid 0.9 border -1; set boxwidth 0.35");
		int any_rate = 0;
		for (int i = 0; i < n; i++)
			any_rate |= rows[i]->budget != 0;
		char plot[1200];
		int w = snprintf(plot, sizeof plot,
				 "plot $d using ($1-0.18):2 with boxes lc rgb '" C_PRIOR "' title '年初预算', "
				 "$d using ($1+0.18):3 with boxes lc rgb '" C_BASIC "' title '决算'");
		if (any_rate)
			snprintf(plot + w, sizeof plot - (size_t)w,
				 ", $d using 1:($2>$3?$2:$3):(sprintf('%%.2f%%%%',$4)) with labels offset 0,0.9 notitle");
		gp_cmd(c->gp, "%s", plot);
		end(c, sub, "execution", fmt);
	}
}

/* ---- across units ---- */

struct ranked {
	const struct docsum *s;
	double v;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->v != y->v)
		return x->v > y->v ? -1 : 1;
	return strcmp(x->s->key, y->s->key);
}

static const char *ranked_name(const void *ctx, size_t i)
{
	return ((const struct ranked *)ctx)[i].s->unit_name;
}

static const char *plain_name(const void *ctx, size_t i)
{
	return ((const char *const *)ctx)[i];
}

static void ranking(struct cctx *c, const char *name, const char *title, const char *xlabel,
		    struct ranked *r, size_t n, const char *colour)
{
	/* horizontal bars, largest on top: long unit names stay readable. Up to 40 units; beyond,
	 * the 20 largest and the 20 smallest, and the title says so. */
	if (n == 0)
		return;
	qsort(r, n, sizeof *r, cmp_ranked);
	char full[400];
	if (n > 40) {
		memmove(r + 20, r + n - 20, 20 * sizeof *r);
		snprintf(full, sizeof full, "%s（共%zu个单位，列出最高与最低各20个）", title, n);
		n = 40;
	} else {
		snprintf(full, sizeof full, "%s（共%zu个单位）", title, n);
	}
	double lo = 0, hi = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].v < lo)
			lo = r[i].v;
		if (r[i].v > hi)
			hi = r[i].v;
	}
	double span = hi - lo > 0 ? hi - lo : 1;
	char q[400], b[40], b2[40];
	for (int fmt = CH_SVG; fmt <= CH_PNG; fmt <<= 1) {
		if (!(c->formats & fmt))
			continue;
		begin(c, "all", name, fmt, 900, 120 + 24 * (int)n);
		gp_cmd(c->gp, "$d << EOD");
		for (size_t i = 0; i < n; i++)
			gp_cmd(c->gp, "%zu %s", n - 1 - i, fmtv(r[i].v, b));
		gp_cmd(c->gp, "EOD");
		gp_cmd(c->gp, "set title %s", gp_quote(full, q, sizeof q));
		gp_cmd(c->gp, "set xlabel %s", gp_quote(xlabel, q, sizeof q));
		gp_cmd(c->gp, "set grid noytics xtics");
		gp_cmd(c->gp, "set xrange [%s:%s]", fmtv(lo < 0 ? lo - span * 0.15 : 0, b),
		       fmtv(hi > 0 ? hi + span * 0.15 : span * 0.05, b2));
		gp_cmd(c->gp, "set yrange [-0.6:%zu.6]", n - 1);
		struct tic_names tn = { ranked_name, r, 1 };
		tic_labels(c, "set ytics scale 0", &tn, n);
		gp_cmd(c->gp, "set lmargin at screen 0.36; set rmargin at screen 0.95");
		gp_cmd(c->gp, "set arrow from 0, graph 0 to 0, graph 1 nohead lt -1");
		gp_cmd(c->gp, "set style fill solid 0.9 border -1");
		/* gnuplot 5.4.4 crashes on a `with labels` plot none of whose points is valid, next to
		 * another plot: only the label plots that have points are drawn */
		char plot[1200];
		int w = snprintf(plot, sizeof plot,
				 "plot $d using (0):1:(0):2:($1-0.35):($1+0.35) with boxxyerror lc rgb '%s' notitle",
				 colour);
		int pos = 0, neg = 0;
		for (size_t i = 0; i < n; i++) {
			pos |= r[i].v >= 0;
			neg |= r[i].v < 0;
		}
		if (pos)
			w += snprintf(plot + w, sizeof plot - (size_t)w,
				      ", $d using ($2>=0?$2:NaN):1:(sprintf('%%.2f',$2)) with labels left offset 0.6,0 font '" FONT ",8' notitle");
		if (neg)
			snprintf(plot + w, sizeof plot - (size_t)w,
				 ", $d using ($2<0?$2:NaN):1:(sprintf('%%.2f',$2)) with labels right offset -0.6,0 font '" FONT ",8' notitle");
		gp_cmd(c->gp, "%s", plot);
		end(c, "all", name, fmt);
	}
}

/* A peer group is named by its parent unit's code: show that unit's name where it is loaded. */
static const char *group_label(const struct sumset *ss, const char *group)
{
	for (size_t o = 0; o < ss->norder; o++)
		if (!strcmp(ss->v[ss->order[o]].unit_code, group) && ss->v[ss->order[o]].unit_name[0])
			return ss->v[ss->order[o]].unit_name;
	return group;
}

static void boxes(struct cctx *c, int year, const struct sumset *ss, int metric, const char *name,
		  const char *title)
{
	/* one box per peer group of PEERS_MIN_N units or more (as the peer comparison: a box of one
	 * to three units says little), x = group index */
	const char *groups[64];
	int ng = 0, count[64] = { 0 }, small = 0;
	for (size_t o = 0; o < ss->norder; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		if (s->year != year || strcmp(sumset_family(s->doc_kind), "budget") || !s->group[0] ||
		    !usable(&s->m[metric], metric))
			continue;
		int seen = -1;
		for (int g = 0; g < ng && seen < 0; g++)
			if (!strcmp(groups[g], s->group))
				seen = g;
		if (seen < 0 && ng < 64) {
			seen = ng;
			groups[ng++] = s->group;
		}
		if (seen >= 0)
			count[seen]++;
	}
	for (int g = 0, w = 0, n = ng; g < n; g++) {
		if (count[g] < PEERS_MIN_N) {
			small++;
			ng--;
			continue;
		}
		groups[w] = groups[g];
		count[w++] = count[g];
	}
	/* byte order */
	for (int a = 1; a < ng; a++)
		for (int b = a; b > 0 && strcmp(groups[b], groups[b - 1]) < 0; b--) {
			const char *t = groups[b];
			groups[b] = groups[b - 1];
			groups[b - 1] = t;
		}
	if (ng == 0)
		return;
	char q[400], bb[40];
	for (int fmt = CH_SVG; fmt <= CH_PNG; fmt <<= 1) {
		if (!(c->formats & fmt))
			continue;
		begin(c, "all", name, fmt, 800, 420);
		gp_cmd(c->gp, "$d << EOD");
		for (size_t o = 0; o < ss->norder; o++) {
			const struct docsum *s = &ss->v[ss->order[o]];
			if (s->year != year || strcmp(sumset_family(s->doc_kind), "budget") || !usable(&s->m[metric], metric))
				continue;
			for (int g = 0; g < ng; g++)
				if (!strcmp(groups[g], s->group))
					gp_cmd(c->gp, "%d %s", g, fmtv(num_from_fixed(s->m[metric].v), bb));
		}
		gp_cmd(c->gp, "EOD");
		char t[300];
		char note[80] = "";
		if (small)
			snprintf(note, sizeof note, "；不足%d个单位的组不列", PEERS_MIN_N);
		snprintf(t, sizeof t, "%s（%d年，按同组单位%s）", title, year, note);
		gp_cmd(c->gp, "set title %s", gp_quote(t, q, sizeof q));
		gp_cmd(c->gp, "set ylabel '%%'; set yrange [0:100]");
		gp_cmd(c->gp, "set xrange [-0.7:%d.7]", ng - 1);
		const char *labels[64];
		for (int g = 0; g < ng; g++)
			labels[g] = group_label(ss, groups[g]);
		struct tic_names tn = { plain_name, labels, 0 };
		tic_labels(c, "set xtics", &tn, (size_t)ng);
		if (ng > 4)
			gp_cmd(c->gp, "set xtics rotate by -25; set bmargin 6");
		gp_cmd(c->gp, "set style fill solid 0.4 border -1; set style boxplot outliers pointtype 7");
		gp_cmd(c->gp, "set boxwidth 0.5");
		gp_cmd(c->gp, "plot for [i=0:%d] $d using (i):($1==i ? $2 : NaN) with boxplot lc rgb '" C_BASIC "' notitle", ng - 1);
		end(c, "all", name, fmt);
	}
}

/* Each unit's 支出合计 over its budget years, every panel on the same x and y scale; 24 panels
 * a page: small_multiples, small_multiples_2, … */
#define SM_PAGE 24
static void small_multiples(struct cctx *c, const struct sumset *ss)
{
	struct span {
		size_t a, b;
	} *u = malloc((ss->norder + 1) * sizeof *u);
	if (!u)
		return;
	size_t nu = 0;
	double ymax = 0;
	int y0 = 9999, y1 = 0;
	for (size_t a = 0; a < ss->norder;) {
		const struct docsum *f = &ss->v[ss->order[a]];
		size_t b = sumset_run_end(ss, a);
		if (!strcmp(sumset_family(f->doc_kind), "budget") && b - a >= 2) {
			u[nu].a = a;
			u[nu].b = b;
			nu++;
			for (size_t i = a; i < b; i++) {
				const struct docsum *s = &ss->v[ss->order[i]];
				if (s->year < y0)
					y0 = s->year;
				if (s->year > y1)
					y1 = s->year;
				if (s->m[M_EXPENDITURE_TOTAL].has && num_from_fixed(s->m[M_EXPENDITURE_TOTAL].v) > ymax)
					ymax = num_from_fixed(s->m[M_EXPENDITURE_TOTAL].v);
			}
		}
		a = b;
	}
	char q[400], b[40], name[40], title[200];
	size_t pages = (nu + SM_PAGE - 1) / SM_PAGE;
	for (size_t pg = 0; pg < pages; pg++) {
		size_t first = pg * SM_PAGE, cnt = nu - first < SM_PAGE ? nu - first : SM_PAGE;
		int cols = cnt < 4 ? (int)cnt : 4, rows = ((int)cnt + cols - 1) / cols;
		if (pg == 0)
			snprintf(name, sizeof name, "small_multiples");
		else
			snprintf(name, sizeof name, "small_multiples_%zu", pg + 1);
		if (pages > 1)
			snprintf(title, sizeof title, "各单位支出合计（万元，同一刻度；第%zu/%zu页）", pg + 1, pages);
		else
			snprintf(title, sizeof title, "各单位支出合计（万元，同一刻度）");
		for (int fmt = CH_SVG; fmt <= CH_PNG; fmt <<= 1) {
			if (!(c->formats & fmt))
				continue;
			begin(c, "all", name, fmt, 260 * cols, 200 * rows + 40);
			gp_cmd(c->gp, "set multiplot layout %d,%d title %s", rows, cols, gp_quote(title, q, sizeof q));
			for (size_t k = first; k < first + cnt; k++) {
				gp_cmd(c->gp, "$d%zu << EOD", k);
				for (size_t i = u[k].a; i < u[k].b; i++) {
					const struct docsum *s = &ss->v[ss->order[i]];
					gp_cmd(c->gp, "%d %s", s->year,
					       s->m[M_EXPENDITURE_TOTAL].has ? fmtv(num_from_fixed(s->m[M_EXPENDITURE_TOTAL].v), b) : "?");
				}
				gp_cmd(c->gp, "EOD");
				gp_cmd(c->gp, "set title %s font '" FONT ",9'",
				       gp_quote(ss->v[ss->order[u[k].a]].unit_name, q, sizeof q));
				gp_cmd(c->gp, "set yrange [0:%s]; set xrange [%d:%d]; set xtics 1 format '%%.0f' font '" FONT ",7'",
				       fmtv(ymax > 0 ? ymax * 1.1 : 1, b), y0, y1 > y0 ? y1 : y0 + 1);
				gp_cmd(c->gp, "set ytics font '" FONT ",7'");
				gp_cmd(c->gp, "plot $d%zu using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '" C_TOTAL "' notitle", k);
			}
			gp_cmd(c->gp, "unset multiplot");
			end(c, "all", name, fmt);
		}
	}
	free(u);
}

static void mkdirs(const char *dir, const char *sub)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/charts", dir);
	mkdir(p, 0777);
	snprintf(p, sizeof p, "%s/charts/%s", dir, sub);
	mkdir(p, 0777);
}

static int cmp_byid(const void *a, const void *b)
{
	return strcmp(((const struct said *)a)->id, ((const struct said *)b)->id);
}

static void keep_said(void *ctx, const char *id, const char *msg, int error)
{
	struct cctx *c = ctx;
	if (!c->byid && c->ids && c->asked) {
		c->byid = calloc((size_t)c->asked, sizeof *c->byid);
		for (int k = 0; c->byid && k < c->asked; k++)
			c->byid[k] = (struct said){ c->ids[k] ? c->ids[k] : "", NULL, 0, (size_t)k };
		if (c->byid)
			qsort(c->byid, (size_t)c->asked, sizeof *c->byid, cmp_byid);
	}
	struct said *nv = realloc(c->said, (c->nsaid + 1) * sizeof *nv);
	if (!nv)
		return;
	c->said = nv;
	struct said key = { (char *)(id ? id : ""), NULL, 0, 0 };
	const struct said *f = c->byid ? bsearch(&key, c->byid, (size_t)c->asked, sizeof key, cmp_byid) : NULL;
	/* (what is not a chart's, `(after the last chart)`, comes after them all) */
	size_t seq = f ? f->seq : (size_t)c->asked;
	nv[c->nsaid++] = (struct said){ strdup(id ? id : ""), strdup(msg ? msg : ""), error, seq };
}

void charts_render(const char *dir, const char *reuse, const struct sumset *ss, const struct growth *g,
		   const struct execution *ex, int formats, int jobs,
		   struct chart_result *out, void (*report)(void *ctx, const char *id, const char *msg, int error),
		   void *ctx)
{
	memset(out, 0, sizeof *out);
	struct cctx c;
	memset(&c, 0, sizeof c);
	c.dir = dir;
	c.formats = formats;
	if (gp_open(&c.gps[0], dir, reuse) != 0) {
		snprintf(out->why, sizeof out->why, "%s", c.gps[0].why);
		return;
	}
	/* -j N: N gnuplot processes, each through its own pipe (one that cannot start leaves the
	 * charts to the others) */
	c.ngp = 1;
	for (int k = 1; k < jobs && k < GP_MAX; k++)
		if (gp_open_part(&c.gps[c.ngp], dir, reuse, c.ngp) == 0)
			c.ngp++;
	c.gp = &c.gps[0];
	out->available = 1;
	mkdirs(dir, "all");
	/* per unit: its budget series (or its final accounts when it has no budget) */
	for (size_t a = 0; a < ss->norder;) {
		size_t b = sumset_run_end(ss, a);
		const struct docsum *last = &ss->v[ss->order[b - 1]];
		char id[40];
		charts_unit_id(last, id);
		static const int m1[] = { M_EXPENDITURE_TOTAL, M_BASIC, M_PROJECT };
		static const char *const l1[] = { "支出合计", "基本支出", "项目支出" };
		static const char *const c1[] = { C_TOTAL, C_BASIC, C_PROJECT };
		static const int m2[] = { M_SANGONG_TOTAL, M_ADMIN_RUNNING };
		static const char *const l2[] = { "“三公”经费", "机关运行经费" };
		static const char *const c2[] = { C_SANGONG, C_ADMIN };
		struct series se;
		char sub[80];
		charts_run_dir(ss, a, sub);
		mkdirs(dir, id);
		if (strcmp(sub, id))
			mkdirs(dir, sub);
		collect(ss, a, b, m1, 3, &se);
		series_chart(&c, sub, "trend", last->unit_name, "支出", &se, l1, c1, 3, 0);
		collect(ss, a, b, m2, 2, &se);
		series_chart(&c, sub, "austerity", last->unit_name, NULL, &se, l2, c2, 2, 1);
		const struct docsum *prev = sumset_find(ss, last->key, last->doc_kind, last->year - 1);
		structure_chart(&c, sub, last, prev);
		functions_chart(&c, sub, last);
		if (last->final && ex)
			execution_chart(&c, sub, last, ex);
		a = b;
	}
	/* across units, for the latest year with budgets */
	int year = 0;
	for (size_t o = 0; o < ss->norder; o++)
		if (!strcmp(sumset_family(ss->v[ss->order[o]].doc_kind), "budget") &&
		    ss->v[ss->order[o]].year > year)
			year = ss->v[ss->order[o]].year;
	struct ranked *r = malloc((ss->norder + 1) * sizeof *r);
	if (r && year) {
		size_t n = 0;
		for (size_t i = 0; i < g->n; i++) {
			const struct growth_row *gr = &g->v[i];
			int ok;
			if (gr->metric != M_EXPENDITURE_TOTAL || gr->s->year != year ||
			    strcmp(sumset_family(gr->s->doc_kind), "budget"))
				continue;
			int64_t pct = growth_pct(gr->current - gr->prior, gr->prior, &ok);
			if (ok)
				r[n++] = (struct ranked){ gr->s, num_from_fixed(pct) };
		}
		char t[200];
		snprintf(t, sizeof t, "%d年支出合计较上年增幅", year);
		ranking(&c, "rank_growth", t, "%", r, n, C_TOTAL);
		static const struct {
			int m;
			const char *name, *title, *colour;
		} rk[] = { { M_SANGONG_TOTAL, "rank_sangong", "“三公”经费", C_SANGONG },
			   { M_ADMIN_RUNNING, "rank_admin_running", "机关运行经费", C_ADMIN } };
		for (size_t k = 0; k < 2; k++) {
			n = 0;
			for (size_t o = 0; o < ss->norder; o++) {
				const struct docsum *s = &ss->v[ss->order[o]];
				if (s->year == year && !strcmp(sumset_family(s->doc_kind), "budget") &&
				    usable(&s->m[rk[k].m], rk[k].m))
					r[n++] = (struct ranked){ s, num_from_fixed(s->m[rk[k].m].v) };
			}
			snprintf(t, sizeof t, "%d年%s", year, rk[k].title);
			ranking(&c, rk[k].name, t, "万元", r, n, rk[k].colour);
		}
		boxes(&c, year, ss, M_BASIC_SHARE, "box_basic_share", "基本支出占比");
		boxes(&c, year, ss, M_PERSONNEL_SHARE, "box_personnel_share", "人员经费占比");
	}
	/* execution rates of the latest final-accounts year */
	int fyear = 0;
	for (size_t o = 0; o < ss->norder; o++)
		if (ss->v[ss->order[o]].final && ss->v[ss->order[o]].year > fyear)
			fyear = ss->v[ss->order[o]].year;
	if (r && fyear && ex) {
		size_t n = 0;
		for (size_t i = 0; i < ex->n; i++) {
			const struct exec_row *x = &ex->v[i];
			if (x->s->year != fyear || x->basis != EB_INITIAL)
				continue;
			int tot = !strcmp(x->scope, "total");
			int gpb = !strcmp(x->scope, "gpb_total");
			if (!tot && !gpb)
				continue;
			/* one rate per unit: 支出合计 when it has one */
			int dup = 0;
			for (size_t k = 0; k < n && !dup; k++)
				dup = r[k].s == x->s;
			if (dup && gpb)
				continue;
			int ok;
			int64_t rate = execution_rate(x->final, x->budget, &ok);
			if (!ok)
				continue;
			if (dup) {
				for (size_t k = 0; k < n; k++)
					if (r[k].s == x->s)
						r[k].v = num_from_fixed(rate);
				continue;
			}
			r[n++] = (struct ranked){ x->s, num_from_fixed(rate) };
		}
		char t[200];
		snprintf(t, sizeof t, "%d年预算执行率（决算/年初预算）", fyear);
		ranking(&c, "rank_execution", t, "%", r, n, C_BASIC);
	}
	free(r);
	small_multiples(&c, ss);
	out->charts = c.asked;
	for (int k = 0; k < c.ngp; k++) {
		out->reused += c.gps[k].reused;
		int f = gp_close(&c.gps[k], keep_said, &c);
		out->failed += f > 0 ? f : 0;
	}
	/* by chart, and for one chart in the order it was said (a stable insertion sort: a few) */
	for (size_t i = 1; i < c.nsaid; i++)
		for (size_t j = i; j > 0 && c.said[j - 1].seq > c.said[j].seq; j--) {
			struct said t = c.said[j];
			c.said[j] = c.said[j - 1];
			c.said[j - 1] = t;
		}
	for (size_t i = 0; i < c.nsaid; i++) {
		if (report)
			report(ctx, c.said[i].id, c.said[i].msg, c.said[i].error);
		free(c.said[i].id);
		free(c.said[i].msg);
	}
	free(c.said);
	free(c.byid);
	for (int k = 0; k < c.asked && c.ids; k++)
		free(c.ids[k]);
	free(c.ids);
}
