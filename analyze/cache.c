/* Cache entries: a small binary format, little-endian, strings with their length, and the XXH3 of
 * everything before the last 8 bytes at the end; entries one after another in a pack file.
 *
 *   entry   := magic "YSC5" u64 ctx str key str path u64 hash body u64 checksum
 *   (key: the file's canonical path, which finds the entry whatever the spelling; path: the
 *   spelling the entry was made under, which its sources carry)
 *   body    := u32 format u64 nfacts u64 factslen u64 factshash findings diag u32 ndocs
 *              (findings docsum)*ndocs
 *   (the facts rows themselves are in facts.csv, at the offset the index gives: factshash is
 *   their XXH3)
 *   docsum  := str×7 (path code name kind key parent group) i32 year i32 final u64 nfacts
 *              (mval)×M_COUNT u32 nx (u32 set u32 metric mval)×nx u32 nlines (bline)* findings reading
 *   reading := u32 (found | empty<<16) u32 (suspect | name_from<<16 | identities<<24)
 *              u32 checked u32 held u32 failed
 *   str     := u32 len (0 = NULL, else bytes with the NUL) */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "read/doc.h"
#include "write/out_csv.h"

#define MAGIC "YSC5"

static int cmp_slot(const void *a, const void *b)
{
	const struct cache_slot *x = a, *y = b;
	if (x->pathhash != y->pathhash)
		return x->pathhash < y->pathhash ? -1 : 1;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return 0;
}

/* The previous index: `%016llx %016llx %llu %llu %llu` lines; a damaged line is skipped. */
static void load_index(struct cache *c)
{
	char path[4300];
	snprintf(path, sizeof path, "%s/index", c->old);
	FILE *fp = fopen(path, "r");
	if (!fp)
		return;
	size_t cap = 0;
	unsigned long long a, b, off, len, foff;
	char line[200];
	while (fgets(line, sizeof line, fp)) {
		if (sscanf(line, "%16llx %16llx %llu %llu %llu", &a, &b, &off, &len, &foff) != 5)
			continue;
		if (c->nidx == cap) {
			cap = cap ? cap * 2 : 1024;
			struct cache_slot *nv = realloc(c->idx, cap * sizeof *nv);
			if (!nv)
				break;
			c->idx = nv;
		}
		c->idx[c->nidx++] = (struct cache_slot){ a, b, off, len, foff };
	}
	fclose(fp);
	if (c->nidx > 1)
		qsort(c->idx, c->nidx, sizeof *c->idx, cmp_slot);
}

int cache_init(struct cache *c, const char *out, const char *tmp, uint64_t ctx)
{
	memset(c, 0, sizeof *c);
	c->ctx = ctx;
	c->oldfd = -1;
	c->oldfacts = -1;
	pthread_mutex_init(&c->lock, NULL);
	snprintf(c->neu, sizeof c->neu, "%.4100s/.cache", tmp);
	char path[4300];
	snprintf(path, sizeof path, "%s/pack", c->neu);
	if ((mkdir(c->neu, 0777) != 0 && errno != EEXIST) || !(c->pack = fopen(path, "wb"))) {
		c->neu[0] = '\0';
		return -1;
	}
	snprintf(c->old, sizeof c->old, "%.4100s/.cache", out);
	snprintf(path, sizeof path, "%s/pack", c->old);
	c->oldfd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->oldfd >= 0) {
		load_index(c);
		snprintf(path, sizeof path, "%.4100s/facts.csv", out);
		c->oldfacts = open(path, O_RDONLY | O_CLOEXEC);
	} else {
		c->old[0] = '\0';
	}
	return 0;
}

static const struct cache_slot *find(const struct cache *c, const char *path, uint64_t hash)
{
	if (!c || c->oldfd < 0 || !c->nidx)
		return NULL;
	struct cache_slot key = { XXH3_64bits(path, strlen(path)), hash, 0, 0, 0 };
	return bsearch(&key, c->idx, c->nidx, sizeof *c->idx, cmp_slot);
}

int cache_probe(const struct cache *c, const char *path, uint64_t hash)
{
	return find(c, path, hash) != NULL;
}

size_t cache_append(struct cache *c, const char *path, uint64_t hash, const char *blob, size_t len)
{
	if (!blob || !len)
		return SIZE_MAX;
	uint64_t ph = XXH3_64bits(path, strlen(path));
	pthread_mutex_lock(&c->lock);
	if (!c->pack) {
		pthread_mutex_unlock(&c->lock);
		return SIZE_MAX;
	}
	if (fwrite(blob, 1, len, c->pack) != len) {
		fclose(c->pack);
		c->pack = NULL; /* a short pack: the index is not written, the next run reads all */
		pthread_mutex_unlock(&c->lock);
		return SIZE_MAX;
	}
	if (c->nnew == c->capnew) {
		size_t cap = c->capnew ? c->capnew * 2 : 1024;
		struct cache_slot *nv = realloc(c->nidxv, cap * sizeof *nv);
		if (!nv) {
			/* an entry written but not indexed: the pack is no longer what the index says */
			fclose(c->pack);
			c->pack = NULL;
			pthread_mutex_unlock(&c->lock);
			return SIZE_MAX;
		}
		c->nidxv = nv;
		c->capnew = cap;
	}
	size_t slot = c->nnew++;
	c->nidxv[slot] = (struct cache_slot){ ph, hash, c->packed, len, CACHE_NOWHERE };
	c->packed += len;
	pthread_mutex_unlock(&c->lock);
	return slot;
}

void cache_place(struct cache *c, size_t slot, uint64_t off)
{
	pthread_mutex_lock(&c->lock);
	if (slot < c->nnew)
		c->nidxv[slot].facts_off = off;
	pthread_mutex_unlock(&c->lock);
}

int cache_close(struct cache *c)
{
	int rc = -1;
	if (c->pack) {
		int bad = fclose(c->pack) != 0;
		c->pack = NULL;
		char path[4300], part[4400];
		snprintf(path, sizeof path, "%s/index", c->neu);
		snprintf(part, sizeof part, "%s.part", path);
		FILE *fp = bad ? NULL : fopen(part, "w");
		if (fp) {
			/* (entries came in the order the threads finished: the index is sorted) */
			if (c->nnew > 1)
				qsort(c->nidxv, c->nnew, sizeof *c->nidxv, cmp_slot);
			for (size_t i = 0; i < c->nnew; i++)
				if (c->nidxv[i].facts_off != CACHE_NOWHERE)
					fprintf(fp, "%016llx %016llx %llu %llu %llu\n",
						(unsigned long long)c->nidxv[i].pathhash,
						(unsigned long long)c->nidxv[i].hash,
						(unsigned long long)c->nidxv[i].off,
						(unsigned long long)c->nidxv[i].len,
						(unsigned long long)c->nidxv[i].facts_off);
			if (fclose(fp) == 0 && rename(part, path) == 0)
				rc = 0;
			else
				unlink(part);
		}
	}
	if (c->oldfd >= 0)
		close(c->oldfd);
	if (c->oldfacts >= 0)
		close(c->oldfacts);
	c->oldfd = c->oldfacts = -1;
	free(c->idx);
	free(c->nidxv);
	c->idx = c->nidxv = NULL;
	pthread_mutex_destroy(&c->lock);
	return rc;
}

/* ---- writing ---- */

struct wbuf {
	char *p;
	size_t n, cap;
	int oom;
};

static void put(struct wbuf *w, const void *d, size_t n)
{
	if (w->oom)
		return;
	if (w->n + n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		while (cap < w->n + n)
			cap *= 2;
		char *np = realloc(w->p, cap);
		if (!np) {
			w->oom = 1;
			return;
		}
		w->p = np;
		w->cap = cap;
	}
	memcpy(w->p + w->n, d, n);
	w->n += n;
}

static void put_u64(struct wbuf *w, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put(w, b, 8);
}

static void put_u32(struct wbuf *w, uint32_t v)
{
	unsigned char b[4];
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put(w, b, 4);
}

static void put_i64(struct wbuf *w, int64_t v)
{
	put_u64(w, (uint64_t)v);
}

static void put_i32(struct wbuf *w, int v)
{
	put_u32(w, (uint32_t)v);
}

static void put_str(struct wbuf *w, const char *s)
{
	if (!s) {
		put_u32(w, 0);
		return;
	}
	size_t n = strlen(s) + 1;
	put_u32(w, (uint32_t)n);
	put(w, s, n);
}

static void put_findings(struct wbuf *w, const struct findings *f)
{
	put_u32(w, (uint32_t)f->n);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		put_str(w, x->check);
		put_i32(w, (int)x->severity);
		put_i32(w, x->has_expected);
		put_i32(w, x->has_actual);
		put_i64(w, x->expected);
		put_i64(w, x->actual);
		put_i32(w, (int)x->unit);
		put_str(w, x->file);
		put_i32(w, x->line);
		put_i32(w, x->page);
		put_str(w, x->message);
	}
}

static void put_mval(struct wbuf *w, const struct mval *m)
{
	put_i32(w, m->has);
	put_i64(w, m->v);
	put_str(w, m->file);
	put_i32(w, m->line);
	put_i32(w, m->page);
	put_i32(w, m->from_narrative | m->rejected << 1 | m->prec << 8); /* (flags; the audit's and the
									  * precision printed, issue 16) */
	put_i32(w, (int)m->unit);
}

static void put_docsum(struct wbuf *w, const struct docsum *s)
{
	put_str(w, s->path);
	put_str(w, s->unit_code);
	put_str(w, s->unit_name);
	put_str(w, s->doc_kind);
	put_str(w, s->key);
	put_str(w, s->parent);
	put_str(w, s->group);
	put_i32(w, s->year);
	put_i32(w, s->final);
	put_u64(w, s->nfacts);
	for (int m = 0; m < M_COUNT; m++)
		put_mval(w, &s->m[m]);
	put_u32(w, (uint32_t)s->nx);
	for (size_t i = 0; i < s->nx; i++) {
		put_u32(w, s->x[i].set);
		put_u32(w, s->x[i].metric);
		put_mval(w, &s->x[i].v);
	}
	put_u32(w, (uint32_t)s->nlines);
	for (size_t i = 0; i < s->nlines; i++) {
		const struct bline *b = &s->lines[i];
		put_i32(w, b->dim);
		put(w, b->code, sizeof b->code);
		put_str(w, b->name);
		put_i64(w, b->amount);
		put_i32(w, (int)b->unit);
		put_i32(w, b->line);
		put_i32(w, b->page);
		put_i32(w, b->has_nprior);
		put_i64(w, b->nprior);
		put_i32(w, b->has_budget);
		put_i32(w, b->has_adjusted);
		put_i64(w, b->budget);
		put_i64(w, b->adjusted);
		put_i32(w, b->budget_src);
	}
	put_findings(w, &s->findings);
	/* how well it was read (reading.csv) */
	const struct reading *rd = &s->reading;
	put_u32(w, (uint32_t)rd->found | (uint32_t)rd->empty << 16);
	put_u32(w, (uint32_t)rd->suspect | (uint32_t)rd->name_from << 16 | (uint32_t)rd->identities << 24);
	put_u32(w, rd->checked);
	put_u32(w, rd->held);
	put_u32(w, rd->failed);
}

char *cache_encode(const struct cache *c, const char *key, const char *path, uint64_t hash,
		   const struct cache_entry *e, size_t *len)
{
	struct wbuf w = { 0 };
	put(&w, MAGIC, 4);
	put_u64(&w, c->ctx);
	put_str(&w, key);
	put_str(&w, path);
	put_u64(&w, hash);
	put_u32(&w, (uint32_t)e->format);
	put_u64(&w, e->nfacts);
	put_u64(&w, e->facts_len);
	put_u64(&w, e->facts_hashed ? e->facts_hash : XXH3_64bits(e->facts ? e->facts : "", e->facts_len));
	put_findings(&w, &e->diag);
	put_u32(&w, (uint32_t)e->ndocs);
	for (size_t i = 0; i < e->ndocs; i++) {
		put_findings(&w, &e->reader[i]);
		put_docsum(&w, &e->sums[i]);
	}
	if (!w.oom)
		put_u64(&w, XXH3_64bits(w.p, w.n));
	if (w.oom) {
		free(w.p);
		return NULL;
	}
	*len = w.n;
	return w.p;
}

/* ---- reading ---- */

struct rbuf {
	const unsigned char *p;
	size_t n, at;
	int bad;
};

static const void *take(struct rbuf *r, size_t n)
{
	if (r->bad || n > r->n - r->at) {
		r->bad = 1;
		return NULL;
	}
	const void *p = r->p + r->at;
	r->at += n;
	return p;
}

static uint64_t get_u64(struct rbuf *r)
{
	const unsigned char *b = take(r, 8);
	uint64_t v = 0;
	for (int i = 0; b && i < 8; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static uint32_t get_u32(struct rbuf *r)
{
	const unsigned char *b = take(r, 4);
	uint32_t v = 0;
	for (int i = 0; b && i < 4; i++)
		v |= (uint32_t)b[i] << (8 * i);
	return v;
}

static int get_i32(struct rbuf *r)
{
	return (int)get_u32(r);
}

static int64_t get_i64(struct rbuf *r)
{
	return (int64_t)get_u64(r);
}

static const char *get_str(struct rbuf *r, struct strpool *pool)
{
	uint32_t n = get_u32(r);
	if (n == 0)
		return NULL;
	const char *s = take(r, n);
	if (!s || s[n - 1] != '\0' || memchr(s, '\0', n) != s + n - 1) {
		r->bad = 1;
		return NULL;
	}
	return strpool_cstr(pool, s);
}

static int get_enum(struct rbuf *r, int max)
{
	int v = get_i32(r);
	if (v < 0 || v > max)
		r->bad = 1;
	return v;
}

static void get_findings(struct rbuf *r, struct strpool *pool, struct findings *f)
{
	memset(f, 0, sizeof *f);
	uint32_t n = get_u32(r);
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		struct finding x = { 0 };
		x.check = get_str(r, pool);
		x.severity = (enum severity)get_enum(r, SEV_ERROR);
		x.has_expected = get_i32(r);
		x.has_actual = get_i32(r);
		x.expected = get_i64(r);
		x.actual = get_i64(r);
		x.unit = (enum money_unit)get_enum(r, MU_COUNT);
		x.file = get_str(r, pool);
		x.line = get_i32(r);
		x.page = get_i32(r);
		x.message = get_str(r, pool);
		if (!r->bad && findings_add(f, &x) != YS_OK)
			r->bad = 1;
	}
}

static void get_mval(struct rbuf *r, struct strpool *pool, struct mval *m)
{
	m->has = get_i32(r) != 0;
	m->v = get_i64(r);
	m->file = get_str(r, pool);
	m->line = get_i32(r);
	m->page = get_i32(r);
	int fl = get_i32(r);
	m->from_narrative = fl & 1;
	m->rejected = (unsigned char)(fl >> 1 & 1);
	m->prec = (unsigned char)(fl >> 8 & 0xff);
	m->unit = (unsigned char)get_enum(r, MU_COUNT);
}

static const char *nonnull(const char *s)
{
	return s ? s : "";
}

static void get_docsum(struct rbuf *r, struct strpool *pool, struct docsum *s)
{
	memset(s, 0, sizeof *s);
	s->path = nonnull(get_str(r, pool));
	s->unit_code = nonnull(get_str(r, pool));
	s->unit_name = nonnull(get_str(r, pool));
	s->doc_kind = nonnull(get_str(r, pool));
	s->key = nonnull(get_str(r, pool));
	s->parent = nonnull(get_str(r, pool));
	s->group = nonnull(get_str(r, pool));
	s->year = get_i32(r);
	s->final = get_i32(r);
	s->nfacts = (size_t)get_u64(r);
	for (int m = 0; m < M_COUNT; m++)
		get_mval(r, pool, &s->m[m]);
	uint32_t nx = get_u32(r);
	if (r->bad || nx > 3 * M_COUNT) {
		r->bad = 1;
		return;
	}
	for (uint32_t i = 0; i < nx && !r->bad; i++) {
		uint32_t set = get_u32(r), metric = get_u32(r);
		struct mval v;
		get_mval(r, pool, &v);
		struct mval *slot = set <= MX_ADJUSTED && metric < M_COUNT
					    ? docsum_x_slot(s, (enum mx)set, (int)metric) : NULL;
		if (!slot) {
			r->bad = 1;
			return;
		}
		*slot = v;
	}
	uint32_t nl = get_u32(r);
	if (r->bad || nl > (r->n - r->at) / 16) {
		r->bad = 1;
		return;
	}
	s->lines = calloc(nl ? nl : 1, sizeof *s->lines);
	if (!s->lines) {
		r->bad = 1;
		return;
	}
	s->nlines = nl;
	for (uint32_t i = 0; i < nl && !r->bad; i++) {
		struct bline *b = &s->lines[i];
		b->dim = (char)get_i32(r);
		const char *code = take(r, sizeof b->code);
		if (code)
			memcpy(b->code, code, sizeof b->code);
		b->code[sizeof b->code - 1] = '\0';
		b->name = nonnull(get_str(r, pool));
		b->amount = get_i64(r);
		b->unit = (enum money_unit)get_enum(r, MU_COUNT);
		b->line = get_i32(r);
		b->page = get_i32(r);
		b->has_nprior = get_i32(r);
		b->nprior = get_i64(r);
		b->has_budget = get_i32(r);
		b->has_adjusted = get_i32(r);
		b->budget = get_i64(r);
		b->adjusted = get_i64(r);
		b->budget_src = (char)get_i32(r);
	}
	get_findings(r, pool, &s->findings);
	struct reading *rd = &s->reading;
	uint32_t a = get_u32(r), b = get_u32(r);
	rd->found = (uint16_t)(a & 0xFFFF);
	rd->empty = (uint16_t)(a >> 16);
	rd->suspect = (uint16_t)(b & 0xFFFF);
	rd->name_from = (unsigned char)(b >> 16 & 0xFF);
	rd->identities = (unsigned char)(b >> 24);
	rd->checked = get_u32(r);
	rd->held = get_u32(r);
	rd->failed = get_u32(r);
}

void cache_entry_free(struct cache_entry *e)
{
	free(e->facts);
	findings_free(&e->diag);
	for (size_t i = 0; e->reader && i < e->ndocs; i++)
		findings_free(&e->reader[i]);
	free(e->reader);
	memset(e, 0, sizeof *e);
}

/* A file's rows from the previous facts.csv, when they are still there as they were (malloc'd,
 * NUL-terminated), else NULL. */
static char *rows(const struct cache *c, uint64_t off, uint64_t len, uint64_t hash)
{
	if (len > ((uint64_t)1 << 34) || (len && (c->oldfacts < 0 || off == CACHE_NOWHERE)))
		return NULL;
	char *p = malloc((size_t)len + 1);
	size_t got = 0;
	while (p && got < len) {
		ssize_t r = pread(c->oldfacts, p + got, (size_t)len - got, (off_t)(off + got));
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (!p || got != len || XXH3_64bits(p, (size_t)len) != hash) {
		free(p);
		return NULL;
	}
	p[len] = '\0';
	return p;
}

enum ys_err cache_load(const struct cache *c, const char *key, uint64_t hash, struct strpool *pool,
		       struct cache_entry *e, char **blob, size_t *blen, struct ys_error *err)
{
	memset(e, 0, sizeof *e);
	*blob = NULL;
	*blen = 0;
	char name[4400];
	snprintf(name, sizeof name, "%s/pack", c->old);
	const struct cache_slot *slot = find(c, key, hash);
	if (!slot || slot->len < 32 || slot->len > ((uint64_t)1 << 34)) {
		ys_error_set(err, name, 0, "cache entry missing or damaged in the index");
		return YS_EPARSE;
	}
	size_t n = (size_t)slot->len;
	unsigned char *buf = malloc(n);
	size_t got = 0;
	while (buf && got < n) {
		ssize_t r = pread(c->oldfd, buf + got, n - got, (off_t)(slot->off + got));
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (!buf || got != n) {
		free(buf);
		ys_error_set(err, name, 0, "cache entry unreadable or truncated");
		return YS_EPARSE;
	}
	struct rbuf r = { buf, n - 8, 0, 0 };
	uint64_t fl = 0, fh = 0;
	struct rbuf tail = { buf + n - 8, 8, 0, 0 };
	const char *why = NULL;
	if (get_u64(&tail) != XXH3_64bits(buf, n - 8))
		why = "checksum does not match";
	else if (memcmp(take(&r, 4), MAGIC, 4) != 0)
		why = "not a cache entry of this format";
	else if (get_u64(&r) != c->ctx)
		why = "made by another version or with another registry, groups or --format";
	if (!why) {
		uint32_t pl = get_u32(&r);
		const char *p = take(&r, pl);
		if (!p || pl == 0 || strlen(key) + 1 != pl || memcmp(p, key, pl) != 0)
			why = "made for another file";
		e->path = get_str(&r, pool);
		if (!why && (!e->path || get_u64(&r) != hash))
			why = "made for another file";
	}
	if (!why) {
		e->format = (enum doc_format)get_enum(&r, FMT_CSV);
		e->nfacts = (size_t)get_u64(&r);
		fl = get_u64(&r);
		fh = get_u64(&r);
		get_findings(&r, pool, &e->diag);
		uint32_t nd = get_u32(&r);
		if (!r.bad && nd > 100000)
			r.bad = 1;
		if (!r.bad) {
			e->reader = calloc(nd ? nd : 1, sizeof *e->reader);
			e->sums = calloc(nd ? nd : 1, sizeof *e->sums);
			if (!e->reader || !e->sums)
				r.bad = 1;
		}
		for (uint32_t i = 0; i < nd && !r.bad; i++) {
			get_findings(&r, pool, &e->reader[i]);
			get_docsum(&r, pool, &e->sums[i]);
			e->ndocs = i + 1;
		}
		if (!r.bad && r.at != r.n)
			r.bad = 1;
		if (r.bad)
			why = "damaged";
	}
	if (!why) {
		e->facts = rows(c, slot->facts_off, fl, fh);
		if (e->facts)
			e->facts_len = (size_t)fl;
		else
			why = "its rows are no longer in the previous facts.csv";
	}
	if (why) {
		for (size_t i = 0; e->sums && i < e->ndocs; i++)
			docsum_free(&e->sums[i]);
		free(e->sums);
		e->sums = NULL;
		cache_entry_free(e);
		free(buf);
		ys_error_set(err, name, 0, "cache entry not used (%s); the file is read again", why);
		return YS_EPARSE;
	}
	/* the same bytes go into this run's pack */
	*blob = (char *)buf;
	*blen = n;
	return YS_OK;
}

/* The start of field k (0-based) of the CSV row at p (up to end), or NULL. */
static const char *row_field(const char *p, const char *end, int k)
{
	for (int f = 0; f < k; f++) {
		if (p < end && *p == '"') {
			for (p++; p < end; p++)
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"')
						p++;
					else
						break;
				}
			p++;
		}
		while (p < end && *p != ',')
			p++;
		if (p >= end)
			return NULL;
		p++;
	}
	return p;
}

static const char *respelt(const char *s, const char *old, const char *neu, struct strpool *pool)
{
	return s && strcmp(s, old) == 0 ? strpool_cstr(pool, neu) : s;
}

static void respell_findings(struct findings *f, const char *old, const char *neu, struct strpool *pool)
{
	for (size_t i = 0; i < f->n; i++)
		f->v[i].file = respelt(f->v[i].file, old, neu, pool);
}

int cache_respell(struct cache_entry *e, const char *old, const char *neu, struct strpool *pool)
{
	size_t ol = strlen(old);
	struct csvw w;
	csvw_init_mem(&w);
	char cell[8192];
	const char *p = e->facts, *end = e->facts + e->facts_len;
	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		/* the source is the last of facts.csv's 11 columns: file:line or file:page:line */
		const char *src = row_field(p, eol, 10);
		size_t n = 0;
		if (src) {
			const char *q = src, *stop = eol[-1] == '\n' ? eol - 1 : eol;
			if (q < stop && *q == '"') {
				for (q++; q < stop && n + 1 < sizeof cell; q++) {
					if (*q == '"' && !(q + 1 < stop && q[1] == '"'))
						break;
					if (*q == '"')
						q++;
					cell[n++] = *q;
				}
			} else {
				while (q < stop && n + 1 < sizeof cell)
					cell[n++] = *q++;
			}
		}
		cell[n] = '\0';
		/* (a cell starting = + - @ was written with an apostrophe before it) */
		const char *c = cell[0] == '\'' && cell[1] && strchr("=+-@", cell[1]) ? cell + 1 : cell;
		if (src && strncmp(c, old, ol) == 0 && c[ol] == ':') {
			char *v = malloc(strlen(neu) + strlen(c + ol) + 1);
			if (!v) {
				free(csvw_take(&w, &n));
				return -1;
			}
			strcpy(v, neu);
			strcat(v, c + ol);
			csvw_raw(&w, p, (size_t)(src - p));
			csvw_text(&w, v);
			csvw_endrow(&w);
			free(v);
		} else {
			csvw_raw(&w, p, (size_t)(eol - p));
		}
		p = eol;
	}
	size_t len = 0;
	char *rows = csvw_take(&w, &len);
	if (!rows)
		return -1;
	free(e->facts);
	e->facts = rows;
	e->facts_len = len;
	respell_findings(&e->diag, old, neu, pool);
	for (size_t i = 0; i < e->ndocs; i++) {
		struct docsum *s = &e->sums[i];
		if (e->reader)
			respell_findings(&e->reader[i], old, neu, pool);
		respell_findings(&s->findings, old, neu, pool);
		s->path = respelt(s->path, old, neu, pool);
		for (int m = 0; m < M_COUNT; m++)
			s->m[m].file = respelt(s->m[m].file, old, neu, pool);
		for (size_t j = 0; j < s->nx; j++)
			s->x[j].v.file = respelt(s->x[j].v.file, old, neu, pool);
	}
	e->path = strpool_cstr(pool, neu);
	return 0;
}
