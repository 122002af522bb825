/* Claims of the 情况说明: `基本支出预算982.67万元，占支出总预算79.47%，同比增加138.58万元，
 * 同比增长16.42%` → narrative facts (current, share, change, pct, prior) under a metric key. */
#ifndef YS_NARRATIVE_H
#define YS_NARRATIVE_H

#include <stddef.h>

#include "doc.h"

enum nline_kind { NL_TEXT, NL_HEADING, NL_BLANK, NL_BREAK };

/* One physical line of narrative text. NL_BREAK: a line that starts a new paragraph even when the
 * previous one did not end a sentence (layout text: an indented line); with empty text, a line
 * that was not narrative at all (a title, a table row) and only ends the paragraph. */
struct nline {
	const char *s;
	int line, page;
	enum nline_kind kind;
};

/* Joins wrapped lines into paragraphs (a line that does not end a sentence continues on the next
 * text line, across blank lines, unless that line starts a heading or a numbered item), then
 * extracts claims into d->facts with table `narrative`. */
enum ys_err narrative_extract(struct doc *d, const struct nline *lines, size_t n);

/* The metric key for a claim's subject (`基本支出预算` → basic; `一般公共服务支出` → func:201),
 * or NULL. Exposed for tests. */
const char *narrative_subject_key(const char *subject, char *buf, size_t n);

#endif
