/* CSV writing shared by every output file. Quoting goes through libcsv's csv_write; the bytes
 * are ours to choose otherwise (LF, no quoting when not needed) so that outputs diff cleanly. */
#include "out_csv.h"

#include "base/text.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char facts_csv_header[] =
	"unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source";

void csvw_init(struct csvw *w, FILE *fp, int bom)
{
	w->fp = fp;
	w->col = 0;
	w->err = 0;
	w->bom = bom; /* written with the header: an output that never starts stays empty */
	w->mem = NULL;
	w->mem_len = w->mem_cap = 0;
	w->n = 0;
}

void csvw_init_mem(struct csvw *w)
{
	csvw_init(w, NULL, 0);
}

char *csvw_take(struct csvw *w, size_t *len)
{
	if (!w->err && !w->mem)
		w->mem = malloc(1); /* no rows: an empty buffer, not a failure */
	char *m = w->err ? NULL : w->mem;
	*len = m ? w->mem_len : 0;
	if (!m)
		free(w->mem);
	w->mem = NULL;
	w->mem_len = w->mem_cap = 0;
	return m;
}

static void emit(struct csvw *w, const char *s, size_t n)
{
	if (w->fp) {
		if (fwrite(s, 1, n, w->fp) != n)
			w->err = 1;
		return;
	}
	if (w->err)
		return;
	if (n > w->mem_cap - w->mem_len) {
		size_t cap = w->mem_cap < 65536 ? 65536 : w->mem_cap;
		while (cap - w->mem_len < n)
			cap *= 2;
		char *m = realloc(w->mem, cap); /* (large blocks grow by mremap, without a copy) */
		if (!m) {
			w->err = 1;
			return;
		}
		w->mem = m;
		w->mem_cap = cap;
	}
	memcpy(w->mem + w->mem_len, s, n);
	w->mem_len += n;
}

static void flush(struct csvw *w)
{
	if (w->n)
		emit(w, w->buf, w->n);
	w->n = 0;
}

static void put(struct csvw *w, const char *s, size_t n)
{
	if (n > sizeof w->buf - w->n) {
		flush(w);
		if (n > sizeof w->buf) {
			emit(w, s, n);
			return;
		}
	}
	memcpy(w->buf + w->n, s, n);
	w->n += n;
}

static void sep(struct csvw *w)
{
	if (w->col++ > 0)
		put(w, ",", 1);
}

void csvw_text(struct csvw *w, const char *s)
{
	sep(w);
	if (!s || !*s)
		return;
	size_t n = strlen(s);
	/* a cell a spreadsheet would run as a formula gets a leading apostrophe; a TAB or CR in
	 * front hides such a cell from the check in some programs, so it counts the same */
	int neutral = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		      s[0] == '\r';
	char stackbuf[512];
	char *src = (char *)(uintptr_t)s;
	char *tmp = NULL;
	/* control characters and bytes that are not UTF-8 never reach a file (a name with an
	 * escape sequence, a cut that split a character): text_clean */
	int clean = text_is_clean(s, n);
	if (neutral || !clean) {
		tmp = malloc(n + 2);
		if (!tmp) {
			w->err = 1;
			return;
		}
		tmp[0] = '\'';
		n = clean ? (memcpy(tmp + 1, s, n + 1), n) : text_clean(s, n, tmp + 1);
		src = tmp + !neutral;
		n += (size_t)neutral;
		if (!n) {
			free(tmp);
			return;
		}
	}
	if (strpbrk(src, ",\"\r\n")) {
		size_t need = n * 2 + 3;
		char *q = need <= sizeof stackbuf ? stackbuf : malloc(need);
		if (!q) {
			w->err = 1;
			free(tmp);
			return;
		}
		size_t m = csv_write(q, need, src, n);
		put(w, q, m);
		if (q != stackbuf)
			free(q);
	} else {
		put(w, src, n);
	}
	free(tmp);
}

void csvw_value(struct csvw *w, const char *s)
{
	/* -?digits(.digits)? is a number, written as is; anything else is text */
	const char *p = s ? s : "";
	p += *p == '-';
	size_t d = strspn(p, "0123456789");
	int num = d > 0 && (p[d] == '\0' || (p[d] == '.' && strspn(p + d + 1, "0123456789") > 0 &&
					       p[d + 1 + strspn(p + d + 1, "0123456789")] == '\0'));
	if (!num) {
		csvw_text(w, s);
		return;
	}
	sep(w);
	put(w, s, strlen(s));
}

void csvw_fixed(struct csvw *w, int64_t v, int min_dec)
{
	char b[32];
	sep(w);
	money_format(v, min_dec, b);
	put(w, b, strlen(b));
}

void csvw_int(struct csvw *w, long long v)
{
	char b[24], *p = b + sizeof b;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	sep(w);
	put(w, p, (size_t)(b + sizeof b - p));
}

void csvw_empty(struct csvw *w)
{
	sep(w);
}

void csvw_raw(struct csvw *w, const char *s, size_t n)
{
	put(w, s, n);
	if (n && s[n - 1] == '\n')
		flush(w);
}

void csvw_endrow(struct csvw *w)
{
	put(w, "\n", 1);
	flush(w);
	w->col = 0;
}

void csvw_header(struct csvw *w, const char *names)
{
	if (w->bom)
		put(w, "\xEF\xBB\xBF", 3);
	w->bom = 0;
	put(w, names, strlen(names));
	put(w, "\n", 1);
	flush(w);
}

void csvw_fact(struct csvw *w, const struct fact *f)
{
	char src[700];
	csvw_text(w, f->unit_code);
	csvw_text(w, f->unit_name);
	if (f->year)
		csvw_int(w, f->year);
	else
		csvw_empty(w);
	csvw_text(w, f->doc_kind);
	csvw_text(w, f->table);
	csvw_text(w, f->row_code);
	csvw_text(w, f->row_name);
	csvw_text(w, f->column);
	csvw_fixed(w, f->amount, f->unit_note == MU_COUNT ? 0 : 2);
	csvw_text(w, money_unit_name(f->unit_note));
	csvw_text(w, fact_source(f, src, sizeof src));
	csvw_endrow(w);
}

enum ys_err out_csv_facts(const char *path, const struct facts *fs, int bom, struct ys_error *err)
{
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		ys_error_set(err, path, 0, "cannot write: %s", strerror(errno));
		return YS_EIO;
	}
	struct csvw w;
	csvw_init(&w, fp, bom);
	csvw_header(&w, facts_csv_header);
	for (size_t i = 0; i < fs->n; i++)
		csvw_fact(&w, &fs->v[i]);
	if (fclose(fp) != 0)
		w.err = 1;
	if (w.err) {
		ys_error_set(err, path, 0, "write failed: %s", strerror(errno));
		return YS_EIO;
	}
	return YS_OK;
}

/* ---- the analyses ---- */

#include "base/num.h"
#include "compute/growth.h"

const char audit_csv_header[] =
	"unit_code,unit_name,year,doc_kind,check,severity,expected,actual,diff,source,message";

/* The `acknowledged` column is written only by a run given acknowledgements (--known), so that
 * audit.csv and flags.csv keep their columns for everyone else. Set once, before the writers. */
static int with_ack;

void out_csv_acknowledged(int on)
{
	with_ack = on;
}

const char *out_csv_audit_header(void)
{
	return with_ack ? "unit_code,unit_name,year,doc_kind,check,severity,expected,actual,diff,source,"
			  "message,acknowledged"
			: audit_csv_header;
}

/* Opens dir/name for writing; the caller closes with finish(). */
static FILE *open_out(const struct csv_sink *k, const char *name, struct csvw *w)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", k->dir, name);
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		ys_error_set(k->err, path, 0, "cannot write: %s", strerror(errno));
		return NULL;
	}
	csvw_init(w, fp, k->bom);
	return fp;
}

static enum ys_err finish(const struct csv_sink *k, const char *name, FILE *fp, struct csvw *w)
{
	if (fclose(fp) != 0)
		w->err = 1;
	if (w->err) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", k->dir, name);
		ys_error_set(k->err, path, 0, "write failed: %s", strerror(errno));
		return YS_EIO;
	}
	return YS_OK;
}

static void id_cells(struct csvw *w, const struct docsum *s, int with_year_kind)
{
	csvw_text(w, s->unit_code);
	csvw_text(w, s->unit_name);
	if (with_year_kind) {
		csvw_int(w, s->year);
		csvw_text(w, s->doc_kind);
	}
}

static void mval_cell(struct csvw *w, const struct mval *m, enum metric_kind kind)
{
	if (!m->has) {
		csvw_empty(w);
		return;
	}
	switch (kind) {
	case MK_MONEY:
		csvw_fixed(w, m->v, 2);
		break;
	case MK_SHARE:
		csvw_fixed(w, money_round(m->v, 2), 2);
		break;
	case MK_COUNT:
	case MK_SCORE:
		csvw_fixed(w, m->v, 0);
		break;
	}
}

enum ys_err out_csv_metrics(const struct csv_sink *k, const struct sumset *ss)
{
	struct csvw w;
	FILE *fp = open_out(k, "metrics.csv", &w);
	if (!fp)
		return YS_EIO;
	char head[2048] = "unit_code,unit_name,year,doc_kind,group";
	for (int m = 0; m < M_COUNT; m++) {
		strcat(head, ",");
		strcat(head, metric_defs[m].key);
	}
	csvw_header(&w, head);
	for (size_t o = 0; o < ss->norder; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		id_cells(&w, s, 1);
		csvw_text(&w, s->group);
		for (int m = 0; m < M_COUNT; m++)
			mval_cell(&w, &s->m[m], metric_defs[m].kind);
		csvw_endrow(&w);
	}
	return finish(k, "metrics.csv", fp, &w);
}

static int cmp_lines(const void *a, const void *b)
{
	const struct bline *x = *(const struct bline *const *)a, *y = *(const struct bline *const *)b;
	if (x->dim != y->dim)
		return x->dim == 'F' ? -1 : 1;
	return strcmp(x->code, y->code);
}

enum ys_err out_csv_breakdown(const struct csv_sink *k, const struct sumset *ss)
{
	struct csvw w;
	FILE *fp = open_out(k, "breakdown.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, "unit_code,unit_name,year,doc_kind,dimension,code,level,name,amount,share,prior,change,pct");
	for (size_t o = 0; o < ss->norder; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		const struct bline **l = malloc((s->nlines + 1) * sizeof *l);
		if (!l)
			break;
		for (size_t i = 0; i < s->nlines; i++)
			l[i] = &s->lines[i];
		qsort(l, s->nlines, sizeof *l, cmp_lines);
		/* each dimension's shares are of its total: the sum of its top-level (类) lines */
		int64_t tot[2] = { 0, 0 };
		for (size_t i = 0; i < s->nlines; i++)
			if (strlen(l[i]->code) == 3)
				tot[l[i]->dim == 'E'] += l[i]->amount;
		for (size_t i = 0; i < s->nlines; i++) {
			const struct bline *b = l[i];
			size_t cl = strlen(b->code);
			id_cells(&w, s, 1);
			csvw_text(&w, b->dim == 'F' ? "function" : "economic");
			csvw_text(&w, b->code);
			csvw_text(&w, cl == 3 ? "类" : cl == 5 ? "款" : "项");
			csvw_text(&w, b->name);
			csvw_fixed(&w, b->amount, 2);
			int ok;
			int64_t sh = metrics_share(b->amount, tot[b->dim == 'E'], &ok);
			if (ok)
				csvw_fixed(&w, sh, 2);
			else
				csvw_empty(&w);
			int64_t prior;
			if (growth_line_prior(ss, s, b, &prior)) {
				csvw_fixed(&w, prior, 2);
				csvw_fixed(&w, b->amount - prior, 2);
				int64_t pct = growth_pct(b->amount - prior, prior, &ok);
				if (ok)
					csvw_fixed(&w, pct, 2);
				else
					csvw_empty(&w);
			} else {
				csvw_empty(&w);
				csvw_empty(&w);
				csvw_empty(&w);
			}
			csvw_endrow(&w);
		}
		free(l);
	}
	return finish(k, "breakdown.csv", fp, &w);
}

enum ys_err out_csv_growth(const struct csv_sink *k, const struct growth *g)
{
	struct csvw w;
	FILE *fp = open_out(k, "growth.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, "unit_code,unit_name,year,doc_kind,metric,prior,current,change,pct,prior_source,note");
	for (size_t i = 0; i < g->n; i++) {
		const struct growth_row *r = &g->v[i];
		enum metric_kind kind = metric_defs[r->metric].kind;
		id_cells(&w, r->s, 1);
		csvw_text(&w, metric_defs[r->metric].key);
		int dec = kind == MK_COUNT ? 0 : 2;
		csvw_fixed(&w, r->prior, dec);
		csvw_fixed(&w, r->current, dec);
		if (r->dropped) /* (a figure the audit rejects: no change from it, and the note says why) */
			csvw_empty(&w);
		else
			csvw_fixed(&w, r->current - r->prior, dec);
		int ok = 0;
		int64_t pct = kind == MK_SHARE || r->dropped ? 0 : growth_pct(r->current - r->prior, r->prior, &ok);
		if (ok)
			csvw_fixed(&w, pct, 2);
		else
			csvw_empty(&w);
		csvw_text(&w, r->prior_source);
		csvw_text(&w, r->note ? r->note : kind == MK_SHARE ? "百分点" : !ok ? "不可比" : NULL);
		csvw_endrow(&w);
	}
	return finish(k, "growth.csv", fp, &w);
}

static void real_cell(struct csvw *w, int has, double v, int dec)
{
	char b[40];
	if (!has || !num_format(v, dec, b)[0]) {
		csvw_empty(w);
		return;
	}
	csvw_value(w, b); /* a number: `-2.41`, never the text `'-2.41` */
}

enum ys_err out_csv_trends(const struct csv_sink *k, const struct trends *t)
{
	struct csvw w;
	FILE *fp = open_out(k, "trends.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, "unit_code,unit_name,doc_kind,metric,first_year,last_year,n,cagr,slope,slope_se,r2,p_value,theil_sen,mann_kendall_p,forecast,forecast_lo,forecast_hi,note");
	for (size_t i = 0; i < t->n; i++) {
		const struct trend_row *r = &t->v[i];
		const struct trend_stats *st = &r->st;
		id_cells(&w, r->s, 0);
		csvw_text(&w, r->s->doc_kind);
		csvw_text(&w, metric_defs[r->metric].key);
		csvw_int(&w, st->first_year);
		csvw_int(&w, st->last_year);
		csvw_int(&w, st->n);
		real_cell(&w, st->has_cagr, st->cagr, 2);
		real_cell(&w, st->has_fit, st->slope, 4);
		real_cell(&w, st->has_fit, st->slope_se, 4);
		real_cell(&w, st->has_r2, st->r2, 4);
		real_cell(&w, st->has_p, st->p_value, 4);
		real_cell(&w, st->has_ts, st->theil_sen, 4);
		real_cell(&w, st->has_mk, st->mk_p, 4);
		real_cell(&w, st->has_forecast, st->forecast, 2);
		real_cell(&w, st->has_interval, st->lo, 2);
		real_cell(&w, st->has_interval, st->hi, 2);
		char note[400];
		trend_note(r, note, sizeof note);
		csvw_text(&w, note[0] ? note : NULL);
		csvw_endrow(&w);
	}
	return finish(k, "trends.csv", fp, &w);
}

enum ys_err out_csv_compare(const struct csv_sink *k, const struct peers *p)
{
	struct csvw w;
	FILE *fp = open_out(k, "compare.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, "year,group,metric,n,mean,sd,min,p25,median,p75,max");
	for (size_t i = 0; i < p->nc; i++) {
		const struct compare_row *c = &p->c[i];
		csvw_int(&w, c->year);
		csvw_text(&w, c->group);
		csvw_text(&w, peer_measures[c->measure].key);
		csvw_int(&w, (long long)c->n);
		real_cell(&w, 1, c->mean, 4);
		real_cell(&w, c->has_sd, c->sd, 4);
		real_cell(&w, 1, c->min, 4);
		real_cell(&w, 1, c->p25, 4);
		real_cell(&w, 1, c->median, 4);
		real_cell(&w, 1, c->p75, 4);
		real_cell(&w, 1, c->max, 4);
		csvw_endrow(&w);
	}
	return finish(k, "compare.csv", fp, &w);
}

enum ys_err out_csv_outliers(const struct csv_sink *k, const struct peers *p)
{
	struct csvw w;
	FILE *fp = open_out(k, "outliers.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, "year,group,metric,unit_code,unit_name,value,median,mad,robust_z,rank");
	for (size_t i = 0; i < p->no; i++) {
		const struct outlier_row *o = &p->o[i];
		csvw_int(&w, o->year);
		csvw_text(&w, o->group);
		csvw_text(&w, peer_measures[o->measure].key);
		id_cells(&w, o->s, 0);
		real_cell(&w, 1, o->value, 4);
		real_cell(&w, 1, o->median, 4);
		real_cell(&w, 1, o->mad, 4);
		real_cell(&w, 1, o->z, 2);
		csvw_int(&w, o->rank);
		csvw_endrow(&w);
	}
	return finish(k, "outliers.csv", fp, &w);
}

enum ys_err out_csv_flags(const struct csv_sink *k, const struct flags *f)
{
	struct csvw w;
	FILE *fp = open_out(k, "flags.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, with_ack ? "unit_code,unit_name,year,doc_kind,rule,severity,value,prior,threshold,"
				   "message,acknowledged"
				 : "unit_code,unit_name,year,doc_kind,rule,severity,value,prior,threshold,message");
	for (size_t i = 0; i < f->n; i++) {
		const struct flag_row *r = &f->v[i];
		id_cells(&w, r->s, 1);
		csvw_text(&w, rule_defs[r->rule].id);
		csvw_text(&w, severity_name(rule_defs[r->rule].severity));
		if (r->has_value)
			csvw_fixed(&w, r->value, 2);
		else
			csvw_empty(&w);
		if (r->has_prior)
			csvw_fixed(&w, r->prior, 2);
		else
			csvw_empty(&w);
		csvw_fixed(&w, r->threshold, 2);
		csvw_text(&w, r->message);
		if (with_ack)
			csvw_text(&w, r->ack ? r->ack : "");
		csvw_endrow(&w);
	}
	return finish(k, "flags.csv", fp, &w);
}

enum ys_err out_csv_execution(const struct csv_sink *k, const struct execution *e)
{
	struct csvw w;
	FILE *fp = open_out(k, "execution.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, "unit_code,unit_name,year,doc_kind,scope,code,name,basis,budget,final,rate,"
			"difference,source");
	for (size_t i = 0; i < e->n; i++) {
		const struct exec_row *r = &e->v[i];
		id_cells(&w, r->s, 1);
		csvw_text(&w, r->scope);
		csvw_text(&w, r->code);
		csvw_text(&w, r->name);
		csvw_text(&w, r->basis == EB_INITIAL ? "initial" : "adjusted");
		csvw_fixed(&w, r->budget, 2);
		csvw_fixed(&w, r->final, 2);
		int ok;
		int64_t rate = execution_rate(r->final, r->budget, &ok);
		if (ok)
			csvw_fixed(&w, rate, 2);
		else
			csvw_empty(&w);
		csvw_fixed(&w, r->final - r->budget, 2);
		csvw_text(&w, r->source);
		csvw_endrow(&w);
	}
	return finish(k, "execution.csv", fp, &w);
}

enum ys_err out_csv_pefa(const struct csv_sink *k, const struct execution *e)
{
	struct csvw w;
	FILE *fp = open_out(k, "pefa.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, "unit_code,unit_name,doc_kind,indicator,years_available,years,values,score,note");
	for (size_t i = 0; i < e->np; i++) {
		const struct pefa_row *r = &e->p[i];
		id_cells(&w, r->s, 0);
		csvw_text(&w, r->s->doc_kind);
		csvw_text(&w, r->indicator);
		csvw_int(&w, r->nyears);
		char years[64] = "", vals[128] = "";
		int used = r->nyears < 3 ? r->nyears : 3;
		for (int y = 0; y < used; y++) {
			char b[32];
			size_t ly = strlen(years), lv = strlen(vals);
			snprintf(years + ly, sizeof years - ly, "%s%d", y ? ";" : "", r->year[y]);
			snprintf(vals + lv, sizeof vals - lv, "%s%s", y ? ";" : "", money_format(r->value[y], 2, b));
		}
		csvw_text(&w, years);
		csvw_text(&w, vals);
		char sc[2] = { r->score, 0 };
		csvw_text(&w, r->score ? sc : "n/a");
		csvw_text(&w, r->note);
		csvw_endrow(&w);
	}
	return finish(k, "pefa.csv", fp, &w);
}

enum ys_err out_csv_reading(const struct csv_sink *k, const struct sumset *ss)
{
	struct csvw w;
	FILE *fp = open_out(k, "reading.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, reading_csv_header);
	/* every document, chosen or not, in input order */
	for (size_t i = 0; i < ss->n; i++) {
		const struct docsum *s = &ss->v[i];
		const struct reading *r = &s->reading;
		char b[200];
		csvw_text(&w, s->path);
		csvw_text(&w, s->unit_code);
		csvw_text(&w, s->unit_name);
		if (s->year)
			csvw_int(&w, s->year);
		else
			csvw_empty(&w);
		csvw_text(&w, s->doc_kind);
		csvw_text(&w, reading_name_from(r));
		csvw_text(&w, reading_kinds(r->found, ";", b, sizeof b));
		csvw_text(&w, reading_kinds(r->empty, ";", b, sizeof b));
		csvw_text(&w, reading_kinds(reading_missing(r), ";", b, sizeof b));
		if (r->identities) {
			csvw_int(&w, r->checked);
			csvw_int(&w, r->held);
			csvw_int(&w, r->failed);
		} else {
			csvw_empty(&w);
			csvw_empty(&w);
			csvw_empty(&w);
		}
		csvw_text(&w, reading_kinds(r->suspect, ";", b, sizeof b));
		csvw_endrow(&w);
	}
	return finish(k, "reading.csv", fp, &w);
}

const char reading_csv_header[] = "file,unit_code,unit_name,year,doc_kind,name_from,tables_found,"
				  "tables_stated_empty,tables_missing,identities_checked,"
				  "identities_held,identities_failed,tables_suspect";

void csvw_finding(struct csvw *w, const char *code, const char *name, int year, const char *kind,
		  const struct finding *f)
{
	csvw_text(w, code);
	csvw_text(w, name);
	if (year)
		csvw_int(w, year);
	else
		csvw_empty(w);
	csvw_text(w, kind);
	csvw_text(w, f->check);
	csvw_text(w, severity_name(f->severity));
	if (f->has_expected)
		csvw_fixed(w, f->expected, 2);
	else
		csvw_empty(w);
	if (f->has_actual)
		csvw_fixed(w, f->actual, 2);
	else
		csvw_empty(w);
	if (f->has_expected && f->has_actual)
		csvw_fixed(w, f->actual - f->expected, 2);
	else
		csvw_empty(w);
	char src[700];
	if (f->file && f->file[0]) {
		if (f->line > 0 && f->page > 0)
			snprintf(src, sizeof src, "%s:%d:%d", f->file, f->page, f->line);
		else if (f->line > 0)
			snprintf(src, sizeof src, "%s:%d", f->file, f->line);
		else
			snprintf(src, sizeof src, "%s", f->file);
		csvw_text(w, src);
	} else {
		csvw_empty(w);
	}
	csvw_text(w, f->message);
	if (with_ack)
		csvw_text(w, f->ack ? f->ack : "");
	csvw_endrow(w);
}

enum ys_err out_csv_audit(const struct csv_sink *k, const struct sumset *ss,
			  const struct findings *extra)
{
	struct csvw w;
	FILE *fp = open_out(k, "audit.csv", &w);
	if (!fp)
		return YS_EIO;
	csvw_header(&w, out_csv_audit_header());
	for (size_t o = 0; o < ss->norder; o++) {
		const struct docsum *s = &ss->v[ss->order[o]];
		for (size_t i = 0; i < s->findings.n; i++)
			csvw_finding(&w, s->unit_code, s->unit_name, s->year, s->doc_kind, &s->findings.v[i]);
	}
	for (size_t i = 0; i < ss->n; i++) {
		const struct docsum *s = &ss->v[i];
		if (!s->duplicate)
			continue;
		for (size_t j = 0; j < s->findings.n; j++)
			csvw_finding(&w, s->unit_code, s->unit_name, s->year, s->doc_kind, &s->findings.v[j]);
	}
	for (size_t i = 0; extra && i < extra->n; i++)
		csvw_finding(&w, "", "", 0, "", &extra->v[i]);
	return finish(k, "audit.csv", fp, &w);
}
