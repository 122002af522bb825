/* Growing arrays: room for one more element, the capacity doubling (appending one at a time with
 * realloc(n + 1) copies the array again and again: quadratic over 200,000 growth rows). */
#ifndef YS_GROW_H
#define YS_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* v holds n elements of size bytes in room for *cap. Returns v when there is room for one more,
 * else v reallocated with *cap doubled (at least 16), or NULL when out of memory (v is then
 * untouched and still the caller's). */
static inline void *ys_grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (v && n < *cap)
		return v;
	size_t c = *cap && v ? *cap * 2 : (n < 16 ? 16 : n * 2);
	if (c > SIZE_MAX / size)
		return NULL;
	void *nv = realloc(v, c * size);
	if (nv)
		*cap = c;
	return nv;
}

#endif
