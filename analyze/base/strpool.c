/* Interned strings in an open-addressing table (xxHash keys) over chunked storage. */
#include "strpool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct slot {
	const char *s;
	uint64_t h;
	size_t len;
};

struct strpool {
	struct slot *slots;
	size_t nslots, count;
	struct chunk *chunks;
	size_t bytes;
};

struct strpool *strpool_new(void)
{
	struct strpool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->nslots = 1024;
	p->slots = calloc(p->nslots, sizeof *p->slots);
	if (!p->slots) {
		free(p);
		return NULL;
	}
	return p;
}

void strpool_free(struct strpool *p)
{
	if (!p)
		return;
	struct chunk *c = p->chunks;
	while (c) {
		struct chunk *n = c->next;
		free(c);
		c = n;
	}
	free(p->slots);
	free(p);
}

static char *store(struct strpool *p, const char *s, size_t len)
{
	struct chunk *c = p->chunks;
	if (!c || c->cap - c->used < len + 1) {
		size_t cap = len + 1 > 65536 ? len + 1 : 65536;
		c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = p->chunks;
		p->chunks = c;
		p->bytes += sizeof *c + cap;
	}
	char *d = c->data + c->used;
	memcpy(d, s, len);
	d[len] = '\0';
	c->used += len + 1;
	return d;
}

static int grow(struct strpool *p)
{
	size_t n = p->nslots * 2;
	struct slot *ns = calloc(n, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < p->nslots; i++) {
		if (!p->slots[i].s)
			continue;
		size_t j = p->slots[i].h & (n - 1);
		while (ns[j].s)
			j = (j + 1) & (n - 1);
		ns[j] = p->slots[i];
	}
	free(p->slots);
	p->slots = ns;
	p->nslots = n;
	return 0;
}

const char *strpool_intern(struct strpool *p, const char *s, size_t len)
{
	if (p->count * 2 >= p->nslots && grow(p) != 0)
		return NULL;
	uint64_t h = XXH3_64bits(s, len);
	size_t i = h & (p->nslots - 1);
	while (p->slots[i].s) {
		if (p->slots[i].h == h && p->slots[i].len == len && memcmp(p->slots[i].s, s, len) == 0)
			return p->slots[i].s;
		i = (i + 1) & (p->nslots - 1);
	}
	char *d = store(p, s, len);
	if (!d)
		return NULL;
	p->slots[i].s = d;
	p->slots[i].h = h;
	p->slots[i].len = len;
	p->count++;
	return d;
}

int strpool_holds(const struct strpool *p, const char *s)
{
	uintptr_t a = (uintptr_t)s;
	int k = 0;
	for (const struct chunk *c = p->chunks; c && k < 4; c = c->next, k++)
		if (a >= (uintptr_t)c->data && a < (uintptr_t)c->data + c->used)
			return 1;
	return 0;
}

const char *strpool_cstr(struct strpool *p, const char *s)
{
	return strpool_intern(p, s ? s : "", s ? strlen(s) : 0);
}

size_t strpool_bytes(const struct strpool *p)
{
	return p->bytes + p->nslots * sizeof *p->slots;
}
