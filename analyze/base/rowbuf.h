/* The fields of one CSV row as libcsv hands them over, one at a time: their bytes one after
 * another (each NUL-terminated) and where each starts, reused from row to row, so that a row
 * costs no allocation of its own (changes.csv's tables, the workbook's sheets). */
#ifndef YS_ROWBUF_H
#define YS_ROWBUF_H

#include <stddef.h>

struct rowbuf {
	char *text;
	size_t ntext, captext;
	size_t *at;             /* where field i starts in text */
	size_t n, cap;          /* fields in the row */
};

/* Adds a field of len bytes. Returns 0, or -1 when out of memory (the row is then short). */
int rowbuf_add(struct rowbuf *r, const void *s, size_t len);

/* Field i (i < r->n). Valid until the next rowbuf_add. */
static inline char *rowbuf_field(const struct rowbuf *r, size_t i)
{
	return r->text + r->at[i];
}

/* Empties the row (keeps the memory for the next). */
void rowbuf_clear(struct rowbuf *r);
void rowbuf_free(struct rowbuf *r);

#endif
