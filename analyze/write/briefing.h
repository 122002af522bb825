/* Briefing pages (SPEC §6, issue 5): one page per unit, as HTML and as Markdown, written from the
 * same content — key figures, sentences a reviewer can quote, charts, trends, peers, flags and
 * audit findings with their sources — and an index across units with a sortable table. Static
 * files only: no script or style from the network; every text taken from a document escaped. */
#ifndef YS_BRIEFING_H
#define YS_BRIEFING_H

#include <stdio.h>

#include "base/err.h"
#include "compute/corpus.h"
#include "compute/execution.h"
#include "compute/growth.h"
#include "compute/peers.h"
#include "compute/rules.h"
#include "compute/trend.h"

struct briefing_in {
	const struct sumset *ss;
	const struct growth *g;
	const struct trends *t;
	const struct peers *pe;
	const struct flags *f;
	const struct execution *ex;  /* may be NULL */
	const char *version;
	int jobs;                    /* threads writing the unit pages (< 2: this one) */
	const char *prev;            /* the previous results, whose unchanged pages are linked; may be NULL */
};

/* Writes dir/briefing/<unit>.html and .md for every unit, and index.html and index.md. Charts
 * are linked from dir/charts/<unit>/ when they are there (PNG preferred: it needs no font).
 * Returns YS_OK, or YS_EIO with err filled. */
enum ys_err briefing_write(const char *dir, const struct briefing_in *in, struct ys_error *err);

/* Text for HTML (& < > " ' escaped) and for Markdown (markup characters escaped, `|` too, line
 * breaks as spaces; `#`, `+`, `-` escaped only where they would start a block). For the tests. */
void briefing_html_escape(FILE *fp, const char *s);
void briefing_md_escape(FILE *fp, const char *s);

/* The sentence of a metric for a page: "基本支出982.67万元，占79.47%，较上年增长16.42%".
 * Returns buf ("" when the document does not state the metric). */
char *briefing_sentence(const struct docsum *s, const struct growth *g, int metric, char *buf,
			size_t n);

#endif
