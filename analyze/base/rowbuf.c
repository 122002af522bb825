/* A CSV row's fields in one reusable buffer. */
#include "rowbuf.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

int rowbuf_add(struct rowbuf *r, const void *s, size_t len)
{
	size_t *at = ys_grow(r->at, r->n, &r->cap, sizeof *at);
	if (!at)
		return -1;
	r->at = at;
	if (r->ntext + len + 1 > r->captext) {
		size_t cap = r->captext ? r->captext : 1024;
		while (cap < r->ntext + len + 1)
			cap *= 2;
		char *nt = realloc(r->text, cap);
		if (!nt)
			return -1;
		r->text = nt;
		r->captext = cap;
	}
	memcpy(r->text + r->ntext, s, len);
	r->text[r->ntext + len] = '\0';
	r->at[r->n++] = r->ntext;
	r->ntext += len + 1;
	return 0;
}

void rowbuf_clear(struct rowbuf *r)
{
	r->n = r->ntext = 0;
}

void rowbuf_free(struct rowbuf *r)
{
	free(r->text);
	free(r->at);
	memset(r, 0, sizeof *r);
}
