/* Cache entries: a small binary format, little-endian, strings with their length, and the XXH3 of
 * everything before the last 8 bytes at the end.
 *
 *   entry   := magic "YSC1" u64 ctx str path u64 hash body u64 checksum
 *   body    := u32 format u64 nfacts blob facts findings diag u32 ndocs (findings docsum)*ndocs
 *   docsum  := str×7 (path code name kind key parent group) i32 year i32 final u64 nfacts
 *              (mval)×3·M_COUNT u32 nlines (bline)* findings
 *   str     := u32 len (0 = NULL, else bytes with the NUL) */
#include "cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "read/doc.h"

#define MAGIC "YSC1"

static void entry_name(const char *dir, const char *path, uint64_t hash, char *out, size_t n)
{
	snprintf(out, n, "%s/%016llx-%016llx.ysc", dir,
		 (unsigned long long)XXH3_64bits(path, strlen(path)), (unsigned long long)hash);
}

int cache_init(struct cache *c, const char *out, const char *tmp, uint64_t ctx)
{
	memset(c, 0, sizeof *c);
	c->ctx = ctx;
	snprintf(c->neu, sizeof c->neu, "%.4100s/.cache", tmp);
	if (mkdir(c->neu, 0777) != 0 && errno != EEXIST) {
		c->neu[0] = '\0';
		return -1;
	}
	struct stat st;
	snprintf(c->old, sizeof c->old, "%.4100s/.cache", out);
	if (stat(c->old, &st) != 0 || !S_ISDIR(st.st_mode))
		c->old[0] = '\0';
	return 0;
}

int cache_probe(const struct cache *c, const char *path, uint64_t hash)
{
	if (!c || !c->old[0] || !c->neu[0])
		return 0;
	char p[4600];
	struct stat st;
	entry_name(c->old, path, hash, p, sizeof p);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
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
	put_i32(w, m->from_narrative);
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
	for (int m = 0; m < M_COUNT; m++) {
		put_mval(w, &s->m[m]);
		put_mval(w, &s->prior[m]);
		put_mval(w, &s->budget[m]);
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
	}
	put_findings(w, &s->findings);
}

enum ys_err cache_store(struct cache *c, const char *path, uint64_t hash, const struct cache_entry *e)
{
	if (!c->neu[0])
		return YS_OK;
	struct wbuf w = { 0 };
	put(&w, MAGIC, 4);
	put_u64(&w, c->ctx);
	put_str(&w, path);
	put_u64(&w, hash);
	put_u32(&w, (uint32_t)e->format);
	put_u64(&w, e->nfacts);
	put_u64(&w, e->facts_len);
	put(&w, e->facts ? e->facts : "", e->facts_len);
	put_findings(&w, &e->diag);
	put_u32(&w, (uint32_t)e->ndocs);
	for (size_t i = 0; i < e->ndocs; i++) {
		put_findings(&w, &e->reader[i]);
		put_docsum(&w, &e->sums[i]);
	}
	if (w.oom) {
		free(w.p);
		return YS_ENOMEM;
	}
	put_u64(&w, XXH3_64bits(w.p, w.n));
	char name[4600], part[4700];
	entry_name(c->neu, path, hash, name, sizeof name);
	snprintf(part, sizeof part, "%s.part", name);
	FILE *fp = fopen(part, "wb");
	enum ys_err rc = YS_OK;
	if (!fp || w.oom || fwrite(w.p, 1, w.n, fp) != w.n)
		rc = YS_EIO;
	if (fp && fclose(fp) != 0)
		rc = YS_EIO;
	if (!rc && rename(part, name) != 0)
		rc = YS_EIO;
	if (rc)
		unlink(part);
	else
		c->stored++;
	free(w.p);
	return rc;
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
	m->has = get_i32(r);
	m->v = get_i64(r);
	m->file = get_str(r, pool);
	m->line = get_i32(r);
	m->page = get_i32(r);
	m->from_narrative = get_i32(r);
	m->unit = (enum money_unit)get_enum(r, MU_COUNT);
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
	for (int m = 0; m < M_COUNT; m++) {
		get_mval(r, pool, &s->m[m]);
		get_mval(r, pool, &s->prior[m]);
		get_mval(r, pool, &s->budget[m]);
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
	}
	get_findings(r, pool, &s->findings);
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

enum ys_err cache_load(struct cache *c, const char *path, uint64_t hash, struct strpool *pool,
		       struct cache_entry *e, struct ys_error *err)
{
	memset(e, 0, sizeof *e);
	char name[4600];
	entry_name(c->old, path, hash, name, sizeof name);
	unsigned char *buf = NULL;
	size_t n = 0;
	FILE *fp = fopen(name, "rb");
	struct stat st;
	if (!fp || fstat(fileno(fp), &st) != 0 || st.st_size < 32) {
		if (fp)
			fclose(fp);
		ys_error_set(err, name, 0, "cache entry unreadable or truncated");
		c->rejected++;
		return YS_EIO;
	}
	n = (size_t)st.st_size;
	buf = malloc(n);
	if (!buf || fread(buf, 1, n, fp) != n) {
		fclose(fp);
		free(buf);
		ys_error_set(err, name, 0, "cache entry unreadable");
		c->rejected++;
		return YS_EIO;
	}
	fclose(fp);
	struct rbuf r = { buf, n - 8, 0, 0 };
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
		if (!p || pl == 0 || strlen(path) + 1 != pl || memcmp(p, path, pl) != 0 || get_u64(&r) != hash)
			why = "made for another file";
	}
	if (!why) {
		e->format = (enum doc_format)get_enum(&r, FMT_CSV);
		e->nfacts = (size_t)get_u64(&r);
		uint64_t fl = get_u64(&r);
		const char *facts = fl <= r.n - r.at ? take(&r, (size_t)fl) : NULL;
		if (!facts) {
			r.bad = 1;
		} else {
			e->facts = malloc(fl + 1);
			if (e->facts) {
				memcpy(e->facts, facts, fl);
				e->facts_len = (size_t)fl;
			} else {
				r.bad = 1;
			}
		}
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
	if (why) {
		for (size_t i = 0; e->sums && i < e->ndocs; i++)
			docsum_free(&e->sums[i]);
		free(e->sums);
		e->sums = NULL;
		cache_entry_free(e);
		free(buf);
		ys_error_set(err, name, 0, "cache entry not used (%s); the file is read again", why);
		c->rejected++;
		return YS_EPARSE;
	}
	free(buf);
	/* keep it for the next run: the same bytes under the new folder */
	char keep[4600];
	entry_name(c->neu, path, hash, keep, sizeof keep);
	if (link(name, keep) != 0) {
		struct cache_entry copy = *e;
		cache_store(c, path, hash, &copy);
		c->stored--;
	}
	c->hits++;
	return YS_OK;
}
