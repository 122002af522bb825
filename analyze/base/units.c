/* Unit identity and the registry (units.csv read with libcsv). */
#include "units.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void units_norm_name(const char *name, char *out, size_t n)
{
	text_norm(name ? name : "", name ? strlen(name) : 0, out, n);
}

struct rd {
	struct registry *r;
	struct findings *fl;
	struct strpool *pool;
	char *f[8];
	size_t nf;
	long line, rec_line;
	int header_ok, fatal;
};

static void cb_field(void *s, size_t len, void *data)
{
	struct rd *d = data;
	if (d->nf >= 8)
		return;
	char *c = malloc(len + 1);
	if (!c)
		return;
	memcpy(c, s, len);
	c[len] = '\0';
	d->f[d->nf++] = c;
}

static void bad(struct rd *d, const char *msg)
{
	struct finding f = { 0 };
	f.check = strpool_cstr(d->pool, "bad_registry");
	f.severity = SEV_ERROR;
	f.file = strpool_cstr(d->pool, d->r->path);
	f.line = (int)d->rec_line;
	f.message = strpool_cstr(d->pool, msg);
	findings_add(d->fl, &f);
}

static void cb_row(int c, void *data)
{
	(void)c;
	struct rd *d = data;
	if (!d->header_ok) {
		const char *h = d->nf ? d->f[0] : "";
		if ((unsigned char)h[0] == 0xEF)
			h += 3;
		d->header_ok = d->nf >= 5 && !strcmp(h, "unit_code") && !strcmp(d->f[1], "unit_name") &&
			       !strcmp(d->f[2], "aliases") && !strcmp(d->f[3], "parent_code") &&
			       !strcmp(d->f[4], "group");
		if (!d->header_ok)
			d->fatal = 1;
	} else if (d->nf != 5) {
		char msg[120];
		snprintf(msg, sizeof msg, "registry row has %zu fields, expected 5; left out", d->nf);
		bad(d, msg);
	} else if (!d->f[0][0] && !d->f[1][0]) {
		bad(d, "registry row has neither unit_code nor unit_name; left out");
	} else {
		struct unit_entry *nv = realloc(d->r->v, (d->r->n + 1) * sizeof *nv);
		if (nv) {
			d->r->v = nv;
			struct unit_entry *e = &nv[d->r->n++];
			memset(e, 0, sizeof *e);
			snprintf(e->code, sizeof e->code, "%s", d->f[0]);
			units_norm_name(d->f[1], e->name, sizeof e->name);
			snprintf(e->parent, sizeof e->parent, "%s", d->f[3]);
			snprintf(e->group, sizeof e->group, "%s", d->f[4]);
			e->line = (int)d->rec_line;
			/* aliases: separated by ; or | */
			char *save = NULL;
			for (char *a = strtok_r(d->f[2], ";|", &save); a; a = strtok_r(NULL, ";|", &save)) {
				char **na = realloc(e->aliases, (e->naliases + 1) * sizeof *na);
				if (!na)
					break;
				e->aliases = na;
				char norm[256];
				units_norm_name(a, norm, sizeof norm);
				e->aliases[e->naliases++] = strdup(norm);
			}
		}
	}
	for (size_t i = 0; i < d->nf; i++)
		free(d->f[i]);
	d->nf = 0;
	d->rec_line = d->line + 1;
}

enum ys_err registry_load(const char *path, struct registry *r, struct findings *fl,
			  struct strpool *pool, struct ys_error *err)
{
	memset(r, 0, sizeof *r);
	snprintf(r->path, sizeof r->path, "%s", path);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ys_error_set(err, path, 0, "cannot open the unit registry");
		return YS_EIO;
	}
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	struct rd d = { .r = r, .fl = fl, .pool = pool, .line = 1, .rec_line = 1 };
	char line[8192];
	enum ys_err rc = YS_OK;
	while (fgets(line, sizeof line, fp) && !d.fatal) {
		size_t n = strlen(line);
		if (csv_parse(&p, line, n, cb_field, cb_row, &d) != n) {
			ys_error_set(err, path, d.line, "broken CSV: %s", csv_strerror(csv_error(&p)));
			rc = YS_EPARSE;
			break;
		}
		if (n && line[n - 1] == '\n')
			d.line++;
	}
	if (rc == YS_OK && !d.fatal)
		csv_fini(&p, cb_field, cb_row, &d);
	for (size_t i = 0; i < d.nf; i++)
		free(d.f[i]);
	csv_free(&p);
	fclose(fp);
	if (rc == YS_OK && (d.fatal || !d.header_ok)) {
		ys_error_set(err, path, 1,
			     "not a unit registry: the header must be unit_code,unit_name,aliases,parent_code,group");
		rc = YS_EPARSE;
	}
	if (rc != YS_OK)
		registry_free(r);
	return rc;
}

void registry_free(struct registry *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < r->v[i].naliases; k++)
			free(r->v[i].aliases[k]);
		free(r->v[i].aliases);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

static const struct unit_entry *lookup(const struct registry *r, const char *code,
				       const char *norm)
{
	if (!r)
		return NULL;
	if (code && code[0])
		for (size_t i = 0; i < r->n; i++)
			if (!strcmp(r->v[i].code, code))
				return &r->v[i];
	for (size_t i = 0; i < r->n; i++) {
		if (norm[0] && !strcmp(r->v[i].name, norm))
			return &r->v[i];
		for (size_t k = 0; k < r->v[i].naliases; k++)
			if (norm[0] && !strcmp(r->v[i].aliases[k], norm))
				return &r->v[i];
	}
	return NULL;
}

const struct unit_entry *units_lookup(const struct registry *r, const char *code, const char *name)
{
	char norm[256];
	units_norm_name(name ? name : "", norm, sizeof norm);
	return lookup(r, code, norm);
}

void units_resolve(const struct registry *r, const char *code, const char *name,
		   struct unit_id *out)
{
	memset(out, 0, sizeof *out);
	char norm[256];
	units_norm_name(name, norm, sizeof norm);
	const struct unit_entry *e = lookup(r, code, norm);
	snprintf(out->code, sizeof out->code, "%s", code && code[0] ? code : e ? e->code : "");
	snprintf(out->name, sizeof out->name, "%s", e && e->name[0] ? e->name : norm);
	if (e && e->parent[0])
		snprintf(out->parent, sizeof out->parent, "%s", e->parent);
	else if (strlen(out->code) > 3)
		snprintf(out->parent, sizeof out->parent, "%.3s", out->code); /* 103007 → 103 */
	if (e && e->group[0])
		snprintf(out->group, sizeof out->group, "%s", e->group);
	else
		snprintf(out->group, sizeof out->group, "%s", out->parent);
	if (out->code[0])
		snprintf(out->key, sizeof out->key, "%s", out->code);
	else
		snprintf(out->key, sizeof out->key, "name:%s", out->name);
}
