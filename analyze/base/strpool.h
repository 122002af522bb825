/* Interned strings: each distinct string stored once, compared by pointer. The fact store holds
 * millions of cells whose names repeat (table keys, column keys, unit names); interning keeps
 * memory proportional to distinct names, not to cells read. */
#ifndef YS_STRPOOL_H
#define YS_STRPOOL_H

#include <stddef.h>

struct strpool;

struct strpool *strpool_new(void);
void strpool_free(struct strpool *p);

/* Returns the pool's copy of s[0..len) (NUL-terminated), adding it when new; NULL when out of
 * memory. The pointer lives as long as the pool. */
const char *strpool_intern(struct strpool *p, const char *s, size_t len);
const char *strpool_cstr(struct strpool *p, const char *s);

/* Whether s lies in the pool's storage, among its latest strings (then it needs no interning
 * again: it lives as long as the pool). A cheap test: an older string may answer 0. */
int strpool_holds(const struct strpool *p, const char *s);

/* Bytes held, for the manifest and the benchmark. */
size_t strpool_bytes(const struct strpool *p);

#endif
