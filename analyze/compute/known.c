/* known.csv: reading the acknowledgements and matching them to findings and flags (known.h). */
#include "known.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "base/money.h"
#include "base/rowbuf.h"
#include "base/units.h"
#include "compute/corpus.h"

static const char *const columns[] = { "unit", "year", "kind", "check", "value", "reason", "who", "date" };
enum { NCOL = 8 };

struct kx {
	struct known *k;
	struct ys_error *err;
	struct rowbuf cur;
	long line;       /* of the row being read */
	int header_done, failed, oom;
};

static void cb_field(void *s, size_t len, void *data)
{
	struct kx *x = data;
	if (!x->header_done && x->cur.n == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s = (char *)s + 3;
		len -= 3;
	}
	if (rowbuf_add(&x->cur, s, len) != 0)
		x->oom = 1;
}

static const char *field(const struct kx *x, size_t i)
{
	return i < x->cur.n ? x->cur.text + x->cur.at[i] : "";
}

/* Leading and trailing blanks of a hand-edited cell do not count. */
static char *dup_trim(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static int bad(struct kx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct kx *x, const char *fmt, ...)
{
	if (!x->failed) {
		char m[400];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(m, sizeof m, fmt, ap);
		va_end(ap);
		ys_error_set(x->err, x->k->path, x->line, "%s", m);
		x->failed = 1;
	}
	return -1;
}

static int take_row(struct kx *x)
{
	if (!x->header_done) {
		x->header_done = 1;
		int ok = x->cur.n == NCOL;
		for (size_t i = 0; ok && i < NCOL; i++) {
			char *h = dup_trim(field(x, i));
			ok = h && !strcmp(h, columns[i]);
			free(h);
		}
		if (!ok)
			return bad(x, "the header must be %s", "unit,year,kind,check,value,reason,who,date");
		return 0;
	}
	if (x->cur.n == 1 && !field(x, 0)[0])
		return 0; /* a blank line */
	const char *first = field(x, 0);
	while (*first == ' ')
		first++;
	if (*first == '#')
		return 0;
	if (x->cur.n != NCOL) {
		char n[32];
		snprintf(n, sizeof n, "%zu", x->cur.n);
		return bad(x, "%s fields; an acknowledgement has 8 (unit,year,kind,check,value,reason,who,date)", n);
	}
	struct known_entry e = { 0 };
	e.line = x->line;
	char *f[NCOL];
	for (int i = 0; i < NCOL; i++)
		if (!(f[i] = dup_trim(field(x, (size_t)i))))
			x->oom = 1;
	int rc = -1;
	if (x->oom)
		goto out;
	if (!f[0][0]) {
		bad(x, "%s", "no unit (a code or a name)");
		goto out;
	}
	if (f[1][0]) {
		char *end;
		errno = 0;
		long y = strtol(f[1], &end, 10);
		if (errno || *end || y < 1900 || y > 2999) {
			bad(x, "year '%s' is not a year (empty: any year)", f[1]);
			goto out;
		}
		e.year = (int)y;
	}
	if (!f[3][0]) {
		bad(x, "%s", "no check or rule");
		goto out;
	}
	if (f[4][0]) {
		if (money_parse(f[4], strlen(f[4]), MU_WAN, &e.value, NULL) != YS_OK) {
			bad(x, "value '%s' is not a number (empty: any value)", f[4]);
			goto out;
		}
		e.has_value = 1;
	}
	if (!f[5][0]) {
		bad(x, "%s", "no reason: say why the finding is accepted");
		goto out;
	}
	if (f[7][0]) {
		const char *d = f[7];
		int ok = strlen(d) == 10 && d[4] == '-' && d[7] == '-';
		for (int i = 0; ok && i < 10; i++)
			ok = i == 4 || i == 7 || isdigit((unsigned char)d[i]);
		if (!ok) {
			bad(x, "date '%s' is not YYYY-MM-DD", d);
			goto out;
		}
	}
	char note[1200];
	if (f[6][0] || f[7][0])
		snprintf(note, sizeof note, "%s（%s%s%s）", f[5], f[6], f[6][0] && f[7][0] ? " " : "", f[7]);
	else
		snprintf(note, sizeof note, "%s", f[5]);
	e.note = strdup(note);
	struct known_entry *nv = e.note ? realloc(x->k->v, (x->k->n + 1) * sizeof *nv) : NULL;
	if (!nv) {
		free(e.note);
		x->oom = 1;
		goto out;
	}
	x->k->v = nv;
	e.unit = f[0];
	e.kind = f[2];
	e.check = f[3];
	e.reason = f[5];
	e.who = f[6];
	e.date = f[7];
	free(f[1]);
	free(f[4]);
	nv[x->k->n++] = e;
	return 0;
out:
	for (int i = 0; i < NCOL; i++)
		free(f[i]);
	return rc;
}

static void cb_row(int ch, void *data)
{
	(void)ch;
	struct kx *x = data;
	if (!x->failed && !x->oom)
		take_row(x);
	rowbuf_clear(&x->cur);
}

enum ys_err known_load(const char *path, struct known *k, struct ys_error *err)
{
	memset(k, 0, sizeof *k);
	k->path = path;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ys_error_set(err, path, 0, "cannot read the acknowledgements: %s", strerror(errno));
		return YS_EIO;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		return YS_ENOMEM;
	}
	struct kx x = { .k = k, .err = err, .line = 1 };
	char buf[8192];
	size_t n;
	int parse_failed = 0;
	/* fed line by line, so that a message names the line of the row */
	while (!x.failed && !x.oom && fgets(buf, sizeof buf, fp)) {
		n = strlen(buf);
		if (csv_parse(&p, buf, n, cb_field, cb_row, &x) != n) {
			parse_failed = 1;
			break;
		}
		if (n && buf[n - 1] == '\n' && x.cur.n == 0)
			x.line++;
	}
	if (!parse_failed && !x.failed && !x.oom && csv_fini(&p, cb_field, cb_row, &x) != 0)
		parse_failed = 1;
	csv_free(&p);
	fclose(fp);
	rowbuf_free(&x.cur);
	if (parse_failed && !x.failed) {
		ys_error_set(err, path, x.line, "malformed CSV (a quote not closed?)");
		x.failed = 1;
	}
	if (!x.failed && !x.header_done) {
		ys_error_set(err, path, 0, "empty: the header unit,year,kind,check,value,reason,who,date is missing");
		x.failed = 1;
	}
	if (x.oom || x.failed) {
		known_free(k);
		k->path = path;
		return x.oom ? YS_ENOMEM : YS_EPARSE;
	}
	return YS_OK;
}

void known_free(struct known *k)
{
	for (size_t i = 0; i < k->n; i++) {
		struct known_entry *e = &k->v[i];
		free(e->unit);
		free(e->kind);
		free(e->check);
		free(e->reason);
		free(e->who);
		free(e->date);
		free(e->note);
	}
	free(k->v);
	memset(k, 0, sizeof *k);
}

static int kind_matches(const char *want, const char *kind)
{
	if (!want[0])
		return 1;
	size_t n = strlen(want);
	return !strcmp(want, kind) || (!strchr(want, '/') && !strncmp(want, kind, n) && kind[n] == '/');
}

static int unit_matches(const char *want, const struct docsum *s)
{
	if (!strcmp(want, "*"))
		return 1; /* every unit (a rule accepted for a whole region, say) */
	if (s->unit_code && s->unit_code[0] && !strcmp(want, s->unit_code))
		return 1;
	if (s->unit_name && !strcmp(want, s->unit_name))
		return 1;
	char norm[256];
	units_norm_name(want, norm, sizeof norm);
	return s->unit_name && norm[0] && !strcmp(norm, s->unit_name);
}

struct known_entry *known_match(const struct known *k, const struct docsum *s, const char *check,
				int has_value, int64_t value)
{
	for (size_t i = 0; k && i < k->n; i++) {
		struct known_entry *e = &k->v[i];
		if (strcmp(e->check, check) || (e->year && e->year != s->year) ||
		    !kind_matches(e->kind, s->doc_kind ? s->doc_kind : "") || !unit_matches(e->unit, s))
			continue;
		if (e->has_value && (!has_value || e->value != value))
			continue;
		return e;
	}
	return NULL;
}

void known_apply(const struct known *k, struct sumset *ss, struct flags *f)
{
	if (!k)
		return;
	for (size_t i = 0; i < ss->n; i++) {
		struct docsum *s = &ss->v[i];
		for (size_t j = 0; j < s->findings.n; j++) {
			struct finding *x = &s->findings.v[j];
			struct known_entry *e = known_match(k, s, x->check, x->has_actual, x->actual);
			x->ack = e ? e->note : NULL;
			if (e)
				e->used++;
		}
	}
	for (size_t i = 0; f && i < f->n; i++) {
		struct flag_row *r = &f->v[i];
		struct known_entry *e = known_match(k, r->s, rule_defs[r->rule].id, r->has_value, r->value);
		r->ack = e ? e->note : NULL;
		if (e)
			e->used++;
	}
}
