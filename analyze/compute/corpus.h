/* The summarised documents of a run, indexed by unit, kind and year: what growth, trends, peers
 * and rules read. One document per unit-year-kind is chosen (duplicates are reported). */
#ifndef YS_CORPUS_H
#define YS_CORPUS_H

#include <stddef.h>

#include "metrics.h"

struct sumset {
	struct docsum *v;
	size_t n;
	size_t *order;        /* chosen documents sorted by (unit key, kind, year) */
	size_t norder;
	struct strpool *pool;
	size_t cap;           /* room in v */
};

/* The family of a kind: "budget" or "final" (unit and department documents of one unit are
 * different documents, but a unit's series follows its own kind). */
const char *sumset_family(const char *doc_kind);

/* The end of the run of chosen documents that starts at order index a: one unit, one kind, its
 * years (ss->order is sorted by unit key, kind, year). */
size_t sumset_run_end(const struct sumset *ss, size_t a);

/* Sorts, chooses among duplicates (more facts wins, then the first input), and reports each
 * duplicate as a `duplicate_document` finding on the one left out. */
void sumset_index(struct sumset *ss);

/* The chosen document of (key, kind, year), or NULL. */
const struct docsum *sumset_find(const struct sumset *ss, const char *key, const char *kind, int year);

#endif
