/* How well a document was read: table kinds found, stated empty and missing, its identities,
 * the source of its unit's name; the per-document line of `import` and `run`. */
#include "reading.h"

#include <stdio.h>
#include <string.h>

#include "base/identities.h"

static int key_index(const char *table)
{
	for (size_t k = 0; k < tables_nkeys; k++)
		if (!strcmp(tables_keys[k], table))
			return (int)k;
	return -1;
}

void reading_of(const struct doc *d, struct reading *r)
{
	memset(r, 0, sizeof *r);
	uint16_t marked = 0, valued = 0;
	const char *last = NULL;
	int lk = -1;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (f->table != last) { /* (facts of a table come together: look its key up once) */
			last = f->table;
			lk = key_index(f->table);
		}
		if (lk < 0)
			continue;
		if (!strcmp(f->column, "stated_empty"))
			marked |= (uint16_t)(1u << lk);
		else
			valued |= (uint16_t)(1u << lk);
	}
	r->found = valued;
	r->empty = (uint16_t)(marked & ~valued);
	/* the tables' own identities (base/identities, the audit's test of the reading): the same
	 * verdict the audit gives, from the facts alone */
	r->identities = valued != 0; /* (no table: nothing to count, rather than 0 of 0) */
	for (size_t k = 0; k < tables_nkeys; k++) {
		if (!(valued >> k & 1u) || !identities_table_known(tables_keys[k]))
			continue;
		struct ident_result ir;
		if (identities_eval(tables_keys[k], d->facts.v, d->facts.n, &ir) == YS_OK) {
			r->checked += (uint32_t)ir.checked;
			r->held += (uint32_t)ir.held;
			r->failed += (uint32_t)ir.failed;
			if (ir.suspect)
				r->suspect |= (uint16_t)(1u << k);
		} else {
			r->identities = 0; /* (out of memory: no counts rather than wrong ones) */
		}
		identities_free(&ir);
	}
	const char *nf = d->name_from ? d->name_from : "";
	r->name_from = !strcmp(nf, IDENT_COVER)    ? 'c'
		       : !strcmp(nf, IDENT_LABEL)  ? 'l'
		       : !strcmp(nf, IDENT_HEADER) ? 'h'
		       : !strcmp(nf, IDENT_FILE)   ? 'f'
		       : !strcmp(nf, IDENT_NONE)   ? 'n'
						   : 0;
}

const char *reading_name_from(const struct reading *r)
{
	switch (r->name_from) {
	case 'c': return IDENT_COVER;
	case 'l': return IDENT_LABEL;
	case 'h': return IDENT_HEADER;
	case 'f': return IDENT_FILE;
	case 'n': return IDENT_NONE;
	}
	return "";
}

char *reading_kinds(uint16_t mask, const char *sep, char *buf, size_t n)
{
	size_t w = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < tables_nkeys && w + 1 < n; k++)
		if (mask >> k & 1u)
			w += (size_t)snprintf(buf + w, n - w, "%s%s", w ? sep : "", tables_keys[k]);
	if (w >= n)
		buf[n - 1] = '\0';
	return buf;
}

uint16_t reading_missing(const struct reading *r)
{
	uint16_t all = (uint16_t)((1u << tables_nkeys) - 1);
	return (uint16_t)(all & ~(r->found | r->empty));
}

static int popcount(unsigned v)
{
	int c = 0;
	for (; v; v &= v - 1)
		c++;
	return c;
}

char *reading_line(const struct reading *r, const char *unit, int year, const char *kind, char *buf,
		   size_t n)
{
	char e[200], m[200], s[200], y[16];
	reading_kinds(r->empty, " ", e, sizeof e);
	reading_kinds(reading_missing(r), " ", m, sizeof m);
	reading_kinds(r->suspect, " ", s, sizeof s);
	if (year)
		snprintf(y, sizeof y, "%d", year);
	else
		snprintf(y, sizeof y, "?");
	size_t w = (size_t)snprintf(buf, n, "read: %s %s %s: %d of %zu table kinds read", unit, y,
				    kind[0] ? kind : "?", popcount(r->found), tables_nkeys);
	if (r->empty && w < n)
		w += (size_t)snprintf(buf + w, n - w, "; stated empty: %s", e);
	if (reading_missing(r) && w < n)
		w += (size_t)snprintf(buf + w, n - w, "; missing: %s", m);
	if (r->identities && w < n)
		w += (size_t)snprintf(buf + w, n - w, "; identities %u of %u hold", r->held, r->checked);
	if (r->suspect && w < n)
		w += (size_t)snprintf(buf + w, n - w, "; suspect: %s", s);
	if (w >= n)
		text_utf8_clip(buf);
	return buf;
}

int reading_bad(const struct reading *r)
{
	return !r->found || r->name_from == 'n' || r->suspect;
}
