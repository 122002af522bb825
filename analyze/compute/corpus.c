/* Indexing summarised documents by unit, kind and year; choosing among duplicates. */
#include "corpus.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"

const char *sumset_family(const char *doc_kind)
{
	return !strncmp(doc_kind, "final", 5) ? "final" : "budget";
}

size_t sumset_run_end(const struct sumset *ss, size_t a)
{
	const struct docsum *f = &ss->v[ss->order[a]];
	size_t b = a;
	while (b < ss->norder && !strcmp(ss->v[ss->order[b]].key, f->key) &&
	       !strcmp(ss->v[ss->order[b]].doc_kind, f->doc_kind))
		b++;
	return b;
}

static const struct sumset *sort_ctx;

static int cmp_idx(const void *a, const void *b)
{
	const struct docsum *x = &sort_ctx->v[*(const size_t *)a], *y = &sort_ctx->v[*(const size_t *)b];
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if ((c = strcmp(x->doc_kind, y->doc_kind)))
		return c;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	/* duplicates: more facts first, then input order */
	if (x->nfacts != y->nfacts)
		return x->nfacts > y->nfacts ? -1 : 1;
	return x->input < y->input ? -1 : x->input > y->input;
}

void sumset_index(struct sumset *ss)
{
	free(ss->order);
	ss->order = malloc((ss->n + 1) * sizeof *ss->order);
	ss->norder = 0;
	if (!ss->order)
		return;
	size_t *all = malloc((ss->n + 1) * sizeof *all);
	if (!all)
		return;
	for (size_t i = 0; i < ss->n; i++)
		all[i] = i;
	sort_ctx = ss; /* single-threaded: the analyses run after reading */
	qsort(all, ss->n, sizeof *all, cmp_idx);
	for (size_t i = 0; i < ss->n; i++) {
		struct docsum *s = &ss->v[all[i]];
		if (ss->norder > 0) {
			const struct docsum *p = &ss->v[ss->order[ss->norder - 1]];
			if (!strcmp(p->key, s->key) && !strcmp(p->doc_kind, s->doc_kind) && p->year == s->year) {
				s->duplicate = 1;
				audit_add(&s->findings, ss->pool, "duplicate_document", SEV_WARNING, 0, 0, 0, 0,
					  MU_WAN, s->path, 0, 0,
					  "同一单位同一年度同类文件有两份：采用%s（数据更多或先读入），本文件不计入分析",
					  p->path);
				continue;
			}
		}
		ss->order[ss->norder++] = all[i];
	}
	free(all);
}

const struct docsum *sumset_find(const struct sumset *ss, const char *key, const char *kind, int year)
{
	size_t lo = 0, hi = ss->norder;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct docsum *s = &ss->v[ss->order[mid]];
		int c = strcmp(s->key, key);
		if (!c)
			c = strcmp(s->doc_kind, kind);
		if (!c)
			c = s->year < year ? -1 : s->year > year;
		if (c == 0)
			return s;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
