/* Inputs: folder expansion in byte order and reading each file with the reader its format
 * needs. Files are independent, so they can be read by several threads. */
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "cache.h"
#include "outpath.h"
#include "compute/audit.h"
#include "read/facts_csv.h"
#include "write/out_csv.h"

#include <xxhash.h>

struct strvec {
	char **v;
	size_t n, cap;
};

static int sv_push(struct strvec *sv, char *s)
{
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 64;
		char **nv = realloc(sv->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		sv->v = nv;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	return 0;
}

static int ext_ok(const char *name)
{
	static const char *const exts[] = { ".txt", ".md", ".csv", ".pdf" };
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t m = strlen(exts[i]);
		if (n > m) {
			int eq = 1;
			for (size_t k = 0; k < m; k++) {
				char c = name[n - m + k];
				if (c >= 'A' && c <= 'Z')
					c = (char)(c - 'A' + 'a');
				eq &= c == exts[i][k];
			}
			if (eq)
				return 1;
		}
	}
	return 0;
}

static char *join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	int slash = na > 0 && a[na - 1] != '/';
	char *s = malloc(na + nb + 2);
	if (!s)
		return NULL;
	memcpy(s, a, na);
	if (slash)
		s[na++] = '/';
	memcpy(s + na, b, nb + 1);
	return s;
}

struct skip {
	dev_t dev[4];
	ino_t ino[4];
	int n;
};

static int skipped(const struct skip *sk, const struct stat *st)
{
	for (int i = 0; sk && i < sk->n; i++)
		if (sk->dev[i] == st->st_dev && sk->ino[i] == st->st_ino)
			return 1;
	return 0;
}

const char *load_skip_code(enum load_skip_why why)
{
	static const char *const codes[SKIP_NWHY] = { "format", "special", "results", "loop",
						      "same_folder", "broken_link", "permission",
						      "depth", "unreadable" };
	return why < SKIP_NWHY ? codes[why] : "unreadable";
}

const char *load_skip_text(enum load_skip_why why)
{
	static const char *const texts[SKIP_NWHY] = {
		"not a supported format",
		"not a regular file",
		"a yusuan results folder, never read as input",
		"a symlink loop",
		"a folder already read by another path",
		"a symlink to nothing",
		"permission denied",
		"more than 32 folders deep",
		"cannot be read",
	};
	return why < SKIP_NWHY ? texts[why] : texts[SKIP_UNREADABLE];
}

int load_skip_unread(enum load_skip_why why)
{
	return why == SKIP_DENIED || why == SKIP_DEPTH || why == SKIP_UNREADABLE;
}

void load_skips_free(struct load_skips *sk)
{
	for (size_t i = 0; sk && i < sk->n; i++)
		free(sk->v[i].path);
	if (sk) {
		free(sk->v);
		memset(sk, 0, sizeof *sk);
	}
}

/* yusuan's own files beside a results folder or an -o file: NAME.lock (the lock) and
 * NAME.tmp.PID, NAME.tmp.PID.gone (a run's temporary output) */
static int own_file(const char *name)
{
	size_t n = strlen(name);
	if (n > 5 && !strcmp(name + n - 5, ".lock"))
		return 1;
	if (n > 5 && !strcmp(name + n - 5, ".gone"))
		n -= 5;
	size_t d = n;
	while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
		d--;
	return d < n && d > 5 && !strncmp(name + d - 5, ".tmp.", 5);
}

struct fid {
	dev_t dev;
	ino_t ino;
};

struct pending {
	char *path;
	int depth;
};

/* What one expansion carries along: the folders read (each once), the folder symlinks met and
 * left for later (the real folders are read first, so that a file keeps the path of its real
 * folder when a symlink also leads there), and what was not read. */
struct walk {
	struct strvec *out;
	char **registry;
	const struct skip *sk;
	struct fid *seen;
	size_t nseen, capseen;
	struct pending *links;
	size_t nlinks, caplinks;
	struct load_skips *skips;
	int oom;
};

static void skip_add(struct walk *w, const char *path, enum load_skip_why why, char kind)
{
	struct load_skips *sk = w->skips;
	if (!sk)
		return;
	if (sk->n == sk->cap) {
		size_t cap = sk->cap ? sk->cap * 2 : 16;
		struct load_skipped *nv = realloc(sk->v, cap * sizeof *nv);
		if (!nv) {
			w->oom = 1;
			return;
		}
		sk->v = nv;
		sk->cap = cap;
	}
	char *p = strdup(path);
	if (!p) {
		w->oom = 1;
		return;
	}
	sk->v[sk->n++] = (struct load_skipped){ p, why, kind };
}

static int seen(const struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return 1;
	return 0;
}

static void see(struct walk *w, const struct stat *st)
{
	if (w->nseen == w->capseen) {
		size_t cap = w->capseen ? w->capseen * 2 : 64;
		struct fid *nv = realloc(w->seen, cap * sizeof *nv);
		if (!nv) {
			w->oom = 1;
			return;
		}
		w->seen = nv;
		w->capseen = cap;
	}
	w->seen[w->nseen++] = (struct fid){ st->st_dev, st->st_ino };
}

static enum load_skip_why why_errno(int e)
{
	return e == EACCES || e == EPERM ? SKIP_DENIED : e == ELOOP ? SKIP_LOOP : e == ENOENT ? SKIP_BROKEN
											    : SKIP_UNREADABLE;
}

/* Whether the folder a symlink at path leads to holds the symlink itself (its target is the
 * folder the link lies in, or one above it, up to /): following it would go round. */
static int is_ancestor(const char *path)
{
	char *target = realpath(path, NULL);
	char *parent = strdup(path);
	int yes = 0;
	if (target && parent) {
		char *slash = strrchr(parent, '/');
		if (slash)
			*(slash == parent ? slash + 1 : slash) = '\0';
		char *where = realpath(slash ? parent : ".", NULL);
		if (where) {
			size_t t = strlen(target);
			yes = !strcmp(target, "/") || (!strncmp(where, target, t) &&
							(where[t] == '\0' || where[t] == '/'));
			free(where);
		}
	}
	free(target);
	free(parent);
	return yes;
}

static void walk(struct walk *w, const char *dir, int depth);

/* A folder met at path (st: what it is): read, or why not. */
static void enter(struct walk *w, const char *path, const struct stat *st, int depth, int via_link)
{
	if (skipped(w->sk, st))
		return; /* the run's own output or temporary folder */
	if (via_link && is_ancestor(path)) {
		skip_add(w, path, SKIP_LOOP, 'l');
		return;
	}
	if (seen(w, st)) {
		skip_add(w, path, SKIP_SAME, via_link ? 'l' : 'd');
		return;
	}
	if (depth > LOAD_MAX_DEPTH) {
		skip_add(w, path, SKIP_DEPTH, via_link ? 'l' : 'd');
		return;
	}
	if (outpath_is_results(path)) {
		see(w, st);
		skip_add(w, path, SKIP_RESULTS, via_link ? 'l' : 'd');
		return;
	}
	see(w, st);
	walk(w, path, depth);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(struct walk *w, const char *dir, int depth)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		skip_add(w, dir, why_errno(errno) == SKIP_DENIED ? SKIP_DENIED : SKIP_UNREADABLE, 'd');
		return;
	}
	/* the names first, sorted: which of two paths to one folder is read must not depend on
	 * the order the file system lists them in */
	struct strvec names = { 0 };
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* hidden (and . ..): not documents, not reported */
		char *nm = strdup(de->d_name);
		if (!nm || sv_push(&names, nm) != 0) {
			free(nm);
			w->oom = 1;
			break;
		}
	}
	closedir(dp);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		char *p = join(dir, name);
		if (!p) {
			w->oom = 1;
			break;
		}
		struct stat st, lst;
		if (lstat(p, &lst) != 0) {
			skip_add(w, p, why_errno(errno) == SKIP_DENIED ? SKIP_DENIED : SKIP_UNREADABLE, '?');
			free(p);
			continue;
		}
		if (S_ISLNK(lst.st_mode)) {
			if (stat(p, &st) != 0) {
				enum load_skip_why y = why_errno(errno);
				skip_add(w, p, y, y == SKIP_BROKEN || y == SKIP_LOOP ? 'l' : '?');
				free(p);
				continue;
			}
			if (S_ISDIR(st.st_mode)) {
				/* followed once the real folders are read */
				if (w->nlinks == w->caplinks) {
					size_t cap = w->caplinks ? w->caplinks * 2 : 16;
					struct pending *nv = realloc(w->links, cap * sizeof *nv);
					if (!nv) {
						w->oom = 1;
						free(p);
						continue;
					}
					w->links = nv;
					w->caplinks = cap;
				}
				w->links[w->nlinks++] = (struct pending){ p, depth + 1 };
				continue;
			}
		} else {
			st = lst;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!own_file(name))
				enter(w, p, &st, depth + 1, 0);
			free(p);
			continue;
		}
		if (own_file(name) || strncmp(name, "README", 6) == 0) {
			free(p); /* not documents (README: the folder's notes) */
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			skip_add(w, p, SKIP_SPECIAL, 'f');
			free(p);
			continue;
		}
		if (!ext_ok(name)) {
			skip_add(w, p, SKIP_FORMAT, 'f');
			free(p);
			continue;
		}
		if (strcmp(name, "units.csv") == 0) {
			if (w->registry && !*w->registry)
				*w->registry = p;
			else
				free(p);
			continue;
		}
		if (sv_push(w->out, p) != 0) {
			free(p);
			w->oom = 1;
			break;
		}
	}
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
}

static int cmp_pending(const void *a, const void *b)
{
	return strcmp(((const struct pending *)a)->path, ((const struct pending *)b)->path);
}

static int cmp_skipped(const void *a, const void *b)
{
	const struct load_skipped *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : (int)x->why - (int)y->why;
}

enum ys_err load_expand(const char *const *inputs, size_t n, char ***files, size_t *nfiles,
			char **registry, const char *const *skip, size_t nskip,
			struct load_skips *skips, struct ys_error *err)
{
	struct strvec sv = { 0 };
	struct skip sk = { 0 };
	for (size_t i = 0; i < nskip && sk.n < 4; i++) {
		struct stat st;
		if (skip[i] && stat(skip[i], &st) == 0) {
			sk.dev[sk.n] = st.st_dev;
			sk.ino[sk.n++] = st.st_ino;
		}
	}
	if (registry)
		*registry = NULL;
	struct walk w = { .out = &sv, .registry = registry, .sk = &sk, .skips = skips };
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(inputs[i], &st) != 0) {
			ys_error_set(err, inputs[i], 0, "no such file or folder");
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t before = sv.n;
			enter(&w, inputs[i], &st, 0, 0);
			/* then the folder symlinks met, in path order (and those met in them) */
			for (size_t k = 0; k < w.nlinks; k++) {
				/* (links met in a followed one join the queue: sorted again) */
				qsort(w.links + k, w.nlinks - k, sizeof *w.links, cmp_pending);
				struct pending pd = w.links[k];
				struct stat ls;
				if (stat(pd.path, &ls) == 0)
					enter(&w, pd.path, &ls, pd.depth, 1);
				else
					skip_add(&w, pd.path, why_errno(errno), 'l');
				free(pd.path);
				w.links[k].path = NULL;
			}
			w.nlinks = 0;
			if (sv.n > before + 1)
				qsort(sv.v + before, sv.n - before, sizeof *sv.v, cmp_str);
		} else {
			char *p = strdup(inputs[i]);
			if (!p || sv_push(&sv, p) != 0) {
				free(p);
				goto fail;
			}
		}
		if (w.oom)
			goto fail;
	}
	free(w.seen);
	free(w.links);
	if (skips && skips->n > 1)
		qsort(skips->v, skips->n, sizeof *skips->v, cmp_skipped);
	*files = sv.v;
	*nfiles = sv.n;
	return YS_OK;
fail:
	if (w.oom && !err->msg[0])
		ys_error_set(err, inputs[0], 0, "out of memory listing the inputs");
	for (size_t k = 0; k < w.nlinks; k++)
		free(w.links[k].path);
	free(w.seen);
	free(w.links);
	for (size_t i = 0; i < sv.n; i++)
		free(sv.v[i]);
	free(sv.v);
	if (registry) {
		free(*registry);
		*registry = NULL;
	}
	return YS_EIO;
}

/* Takes the file from the cache; 0 when it did. */
static int from_cache(struct loaded *l, const struct load_ctx *ctx)
{
	struct cache_entry e;
	struct ys_error err = { 0 };
	l->pool = strpool_new();
	if (!l->pool)
		return -1;
	enum ys_err rc = cache_load(ctx->cache, l->key, l->hash, l->pool, &e, &l->blob, &l->blob_len, &err);
	if (rc == YS_OK && strcmp(e.path, l->path) != 0) {
		/* the same file named otherwise than when the entry was made: its sources take this
		 * run's spelling, so that the results are those of reading it again */
		free(l->blob);
		l->blob = NULL;
		if (cache_respell(&e, e.path, l->path, l->pool) == 0)
			l->blob = cache_encode(ctx->cache, l->key, l->path, l->hash, &e, &l->blob_len);
		if (!l->blob) {
			for (size_t i = 0; e.sums && i < e.ndocs; i++)
				docsum_free(&e.sums[i]);
			free(e.sums);
			e.sums = NULL;
			cache_entry_free(&e);
			rc = YS_ENOMEM;
			snprintf(err.msg, sizeof err.msg, "out of memory");
		}
	}
	if (rc != YS_OK) {
		(void)rc;
		l->cache_rejected = 1;
		snprintf(l->cache_why, sizeof l->cache_why, "%.300s: %.290s", err.file, err.msg);
		strpool_free(l->pool);
		l->pool = NULL;
		return -1;
	}
	l->cached = 1;
	l->format = e.format;
	l->sums = e.sums;
	l->reader = e.reader;
	l->nsums = l->nreader = e.ndocs;
	l->rows = e.facts;
	l->rows_len = e.facts_len;
	l->nfacts = e.nfacts;
	for (size_t i = 0; i < e.diag.n; i++)
		findings_add(&l->diag.findings, &e.diag.v[i]);
	findings_free(&e.diag);
	return 0;
}

static long long ns_between(const struct timespec *a, const struct timespec *b)
{
	return (long long)(b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

/* One document's summary and reader findings into l->sums[k] and l->reader[k]. */
static void summarise_doc(struct loaded *l, const struct load_ctx *ctx, struct doc *d, size_t k)
{
	struct timespec t0, t1, t2;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	doc_build_index(d); /* (without it the lookups scan: slower, same answers) */
	metrics_compute(d, ctx->reg, l->pool, &l->sums[k]);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	audit_document(d, &l->sums[k], l->pool);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t2);
	if (ctx->summarise_ns && ctx->audit_ns) {
		*ctx->summarise_ns += ns_between(&t0, &t2);
		*ctx->audit_ns += ns_between(&t1, &t2);
	}
	for (size_t i = 0; i < d->findings.n; i++) {
		struct finding f = d->findings.v[i];
		f.check = strpool_cstr(l->pool, f.check);
		f.file = strpool_cstr(l->pool, f.file);
		f.message = strpool_cstr(l->pool, f.message);
		findings_add(&l->reader[k], &f);
	}
}

/* The reading thread's share of the work: summaries, facts rows, the cache entry. */
static void summarise(struct loaded *l, const struct load_ctx *ctx)
{
	if (ctx->summarise) {
		l->pool = strpool_new();
		l->sums = calloc(l->ndocs + 1, sizeof *l->sums);
		l->reader = calloc(l->ndocs + 1, sizeof *l->reader);
		if (!l->pool || !l->sums || !l->reader)
			return;
		l->nreader = l->ndocs;
		for (size_t k = 0; k < l->ndocs; k++)
			summarise_doc(l, ctx, &l->docs[k], k);
		l->nsums = l->ndocs;
	}
	if (ctx->rows) {
		struct csvw w;
		csvw_init_mem(&w);
		for (size_t k = 0; k < l->ndocs; k++) {
			for (size_t j = 0; j < l->docs[k].facts.n; j++)
				csvw_fact(&w, &l->docs[k].facts.v[j]);
			l->nfacts += l->docs[k].facts.n;
		}
		l->rows = csvw_take(&w, &l->rows_len);
		if (!l->rows)
			return;
	}
	if (ctx->cache && ctx->summarise && ctx->rows && l->sums && l->reader) {
		struct cache_entry e = { 0 };
		e.format = l->format;
		e.facts = l->rows;
		e.facts_len = l->rows_len;
		e.nfacts = l->nfacts;
		e.diag = l->diag.findings;
		e.reader = l->reader;
		e.sums = l->sums;
		e.ndocs = l->nsums;
		l->blob = cache_encode(ctx->cache, l->key, l->path, l->hash, &e, &l->blob_len);
	}
}


/* A facts CSV streamed (issue 17): each document is summarised and its rows formatted (into a
 * temporary file, copied into facts.csv by the taking thread) as soon as it is read, then
 * freed, so that memory stays flat however many documents the file holds. */
struct stream_arg {
	struct loaded *l;
	const struct load_ctx *ctx;
	size_t cap;
	XXH3_state_t *rows_hash;
	int failed;
};

static int stream_emit(struct doc *d, void *arg)
{
	struct stream_arg *a = arg;
	struct loaded *l = a->l;
	int rc = -1;
	if (l->nsums == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		struct docsum *ns = realloc(l->sums, cap * sizeof *ns);
		if (ns)
			l->sums = ns;
		struct findings *nr = realloc(l->reader, cap * sizeof *nr);
		if (nr)
			l->reader = nr;
		if (!ns || !nr)
			goto out;
		memset(l->sums + a->cap, 0, (cap - a->cap) * sizeof *ns);
		memset(l->reader + a->cap, 0, (cap - a->cap) * sizeof *nr);
		a->cap = cap;
	}
	summarise_doc(l, a->ctx, d, l->nsums);
	l->nsums++;
	l->nreader = l->nsums;
	struct csvw w;
	csvw_init_mem(&w);
	for (size_t j = 0; j < d->facts.n; j++)
		csvw_fact(&w, &d->facts.v[j]);
	l->nfacts += d->facts.n;
	size_t n;
	char *rows = csvw_take(&w, &n);
	if (rows && fwrite(rows, 1, n, l->rows_fp) == n) {
		XXH3_64bits_update(a->rows_hash, rows, n);
		l->rows_len += n;
		rc = 0;
	}
	free(rows);
out:
	doc_free(d);
	if (rc)
		a->failed = 1;
	return rc;
}

static void unstream(struct loaded *l)
{
	for (size_t i = 0; l->sums && i < l->nsums; i++)
		docsum_free(&l->sums[i]);
	for (size_t i = 0; l->reader && i < l->nreader; i++)
		findings_free(&l->reader[i]);
	free(l->sums);
	free(l->reader);
	l->sums = NULL;
	l->reader = NULL;
	l->nsums = l->nreader = l->nfacts = l->rows_len = 0;
	/* (the pool held the summaries' strings; the whole-file reader makes its own, and keeping
	 * this one leaked it: LeakSanitizer's abort, status 134, in test_batch) */
	if (l->pool)
		strpool_free(l->pool);
	l->pool = NULL;
	if (l->rows_fp)
		fclose(l->rows_fp);
	l->rows_fp = NULL;
}

/* 0 when the file was a facts CSV and is done with (read, from the cache, or failed: l->code),
 * -1 for the reader of whole files. */
static int stream_csv(struct loaded *l, const char *path, enum doc_format fmt, const struct load_ctx *ctx)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	unsigned char *chunk = malloc(1 << 20);
	XXH3_state_t *st = XXH3_createState();
	/* (what doc_detect takes for a facts CSV: its header, after a BOM; checked here directly, as
	 * every document passes this way before its reader) */
	ssize_t got = chunk ? pread(fd, chunk, 64, 0) : -1;
	size_t bom = got >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF ? 3 : 0;
	int csv = got >= (ssize_t)bom + 19 && memcmp(chunk + bom, "unit_code,unit_name", 19) == 0;
	if (!st || got <= 0 || (fmt != FMT_CSV && !(fmt == FMT_AUTO && csv))) {
		free(chunk);
		XXH3_freeState(st);
		close(fd);
		return -1;
	}
	/* the hash of the bytes first, for the cache (a second pass reads from the page cache) */
	XXH3_64bits_reset(st);
	off_t at = 0;
	while ((got = pread(fd, chunk, 1 << 20, at)) > 0) {
		XXH3_64bits_update(st, chunk, (size_t)got);
		at += got;
	}
	free(chunk);
	if (got < 0) {
		XXH3_freeState(st);
		close(fd);
		return -1;
	}
	l->size = (size_t)at;
	l->hash = XXH3_64bits_digest(st);
	l->key = realpath(path, NULL);
	if (!l->key)
		l->key = strdup(path);
	if (ctx->cache && l->key && cache_probe(ctx->cache, l->key, l->hash) && from_cache(l, ctx) == 0) {
		XXH3_freeState(st);
		close(fd);
		return 0;
	}
	l->format = FMT_CSV;
	l->pool = l->pool ? l->pool : strpool_new();
	l->rows_fp = tmpfile();
	XXH3_64bits_reset(st);
	struct stream_arg a = { l, ctx, 0, st, 0 };
	int interleaved = 0;
	if (l->pool && l->rows_fp)
		l->code = facts_csv_stream(path, fd, &l->diag, stream_emit, &a, &interleaved, &l->err);
	close(fd);
	if (!l->pool || !l->rows_fp || interleaved || (a.failed && l->code == YS_OK)) {
		/* documents not together (or no memory): the whole file at once, as before */
		unstream(l);
		doc_free(&l->diag);
		doc_init(&l->diag, path);
		memset(&l->err, 0, sizeof l->err);
		l->code = YS_OK;
		XXH3_freeState(st);
		return -1;
	}
	if (l->code != YS_OK) {
		unstream(l); /* a file that cannot be trusted as a whole gives no documents */
		XXH3_freeState(st);
		return 0;
	}
	l->streamed = 1;
	if (fflush(l->rows_fp) != 0) {
		unstream(l);
		l->code = YS_EIO;
		ys_error_set(&l->err, path, 0, "cannot write the temporary file of its rows");
		XXH3_freeState(st);
		return 0;
	}
	if (ctx->cache) {
		struct cache_entry e = { 0 };
		e.format = l->format;
		e.facts_len = l->rows_len;
		e.facts_hash = XXH3_64bits_digest(st);
		e.facts_hashed = 1;
		e.nfacts = l->nfacts;
		e.diag = l->diag.findings;
		e.reader = l->reader;
		e.sums = l->sums;
		e.ndocs = l->nsums;
		l->blob = cache_encode(ctx->cache, l->key, l->path, l->hash, &e, &l->blob_len);
	}
	XXH3_freeState(st);
	return 0;
}

static void read_file(struct loaded *l, const char *path, enum doc_format fmt, const struct load_ctx *ctx);

void load_file(struct loaded *l, const char *path, enum doc_format fmt, const struct load_ctx *ctx)
{
	read_file(l, path, fmt, ctx);
	l->cache_slot = SIZE_MAX;
	/* the file's cache entry goes into this run's pack from here, beside the other threads'
	 * reading (the pack's writes were most of what the taking thread did); the thread that
	 * writes facts.csv says later where the rows went (cache_place) */
	if (l->blob && ctx && ctx->cache) {
		l->cache_slot = cache_append(ctx->cache, l->key, l->hash, l->blob, l->blob_len);
		free(l->blob);
		l->blob = NULL;
		l->blob_len = 0;
	}
}

static double mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A document over its budget: everything read from it goes, the file counts as unreadable
 * (its message is already in l->err). */
static void over_budget(struct loaded *l)
{
	char *path = l->path;
	struct ys_error e = l->err;
	l->path = NULL;
	loaded_free(l);
	l->path = path;
	doc_init(&l->diag, path);
	l->err = e;
	l->code = YS_ELIMIT;
}

/* Checks a document's budget after a stage (a stage is not interrupted: a document that takes
 * far too long in one stage is left out when the stage ends). 0, or -1 when it was left out. */
static int within_budget(struct loaded *l, const struct load_ctx *ctx, double t0)
{
	if (!ctx || l->format == FMT_CSV || !l->docs)
		return 0;
	size_t nf = 0;
	for (size_t i = 0; i < l->ndocs; i++)
		nf += l->docs[i].facts.n;
	if (ctx->max_facts > 0 && nf > (size_t)ctx->max_facts) {
		ys_error_set(&l->err, l->path, 0, "%zu facts, more than the budget of %ld a document "
			     "(--max-facts, max_facts); left out", nf, ctx->max_facts);
		over_budget(l);
		return -1;
	}
	double took = mono() - t0;
	if (ctx->max_seconds > 0 && took > ctx->max_seconds) {
		ys_error_set(&l->err, l->path, 0, "reading took %.1f s, more than the budget of %g s a "
			     "document (--max-seconds, max_seconds); left out", took, ctx->max_seconds);
		over_budget(l);
		return -1;
	}
	return 0;
}

static void read_file(struct loaded *l, const char *path, enum doc_format fmt, const struct load_ctx *ctx)
{
	double t0 = mono();
	memset(l, 0, sizeof *l);
	l->path = strdup(path);
	doc_init(&l->diag, path);
	if (ctx && ctx->summarise && ctx->rows && stream_csv(l, path, fmt, ctx) == 0)
		return;
	unsigned char *buf;
	size_t n;
	/* facts CSVs may be large; documents are limited */
	l->code = doc_slurp(path, 0, &buf, &n, &l->err);
	if (l->code)
		return;
	l->size = n;
	l->hash = XXH3_64bits(buf, n);
	if (ctx && ctx->cache && ctx->summarise && ctx->rows) {
		/* the cache's key: the canonical path, the same however the file is named */
		if (!l->key)
			l->key = realpath(path, NULL);
		if (!l->key)
			l->key = strdup(path);
	}
	if (l->key && cache_probe(ctx->cache, l->key, l->hash) && from_cache(l, ctx) == 0) {
		free(buf);
		return;
	}
	enum doc_format f = fmt;
	if (f == FMT_AUTO) {
		f = doc_detect(path, buf, n < 65536 ? n : 65536);
		/* a text file sniffed on its head only: the full reader decides md vs layout */
		if (f == FMT_MD || f == FMT_LAYOUT)
			f = FMT_AUTO;
	}
	l->format = f;
	if (f == FMT_CSV) {
		l->code = facts_csv_read_buffer(path, buf, n, &l->docs, &l->ndocs, &l->diag, &l->err);
		if (l->code == YS_OK && ctx)
			summarise(l, ctx);
		return;
	}
	if (n > DOC_MAX_BYTES) {
		free(buf);
		ys_error_set(&l->err, path, 0,
			     "file is larger than the input limit of %zu bytes for a document; skipped",
			     (size_t)DOC_MAX_BYTES);
		l->code = YS_ELIMIT;
		return;
	}
	l->docs = calloc(1, sizeof *l->docs);
	if (!l->docs) {
		free(buf);
		l->code = YS_ENOMEM;
		return;
	}
	l->code = doc_read_buffer(path, buf, n, f, &l->docs[0], &l->err);
	if (l->code != YS_OK) {
		doc_free(&l->docs[0]);
		free(l->docs);
		l->docs = NULL;
		return;
	}
	l->format = l->docs[0].format;
	l->ndocs = 1;
	if (within_budget(l, ctx, t0) != 0)
		return;
	if (ctx) {
		summarise(l, ctx);
		within_budget(l, ctx, t0);
	}
}

void loaded_free(struct loaded *l)
{
	for (size_t i = 0; l->sums && i < l->nsums; i++)
		docsum_free(&l->sums[i]);
	free(l->sums);
	for (size_t i = 0; l->reader && i < l->nreader; i++)
		findings_free(&l->reader[i]);
	free(l->reader);
	free(l->rows);
	if (l->rows_fp)
		fclose(l->rows_fp);
	free(l->blob);
	if (l->pool)
		strpool_free(l->pool);
	for (size_t i = 0; i < l->ndocs; i++)
		doc_free(&l->docs[i]);
	free(l->docs);
	doc_free(&l->diag);
	free(l->path);
	free(l->key);
	memset(l, 0, sizeof *l);
}

struct stream {
	char **files;
	size_t n, ahead;
	enum doc_format fmt;
	const struct load_ctx *ctx;
	struct loaded *slot;        /* file i in slot[i % ahead] */
	unsigned char *done;
	size_t next, taken;         /* the next file to read; the files taken so far */
	pthread_mutex_t mu;
	pthread_cond_t ready, room; /* a file was read; a slot was freed */
};

/* With s->mu held: reads the next file when its slot is free (letting the lock go meanwhile).
 * 1 when it read one. */
static int read_next(struct stream *s)
{
	if (s->next >= s->n || s->next >= s->taken + s->ahead)
		return 0;
	size_t i = s->next++;
	pthread_mutex_unlock(&s->mu);
	load_file(&s->slot[i % s->ahead], s->files[i], s->fmt, s->ctx);
	pthread_mutex_lock(&s->mu);
	s->done[i % s->ahead] = 1;
	pthread_cond_broadcast(&s->ready);
	return 1;
}

static void *stream_worker(void *arg)
{
	struct stream *s = arg;
	pthread_mutex_lock(&s->mu);
	while (s->next < s->n)
		if (!read_next(s))
			pthread_cond_wait(&s->room, &s->mu);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

void load_stream(char **files, size_t n, enum doc_format fmt, int jobs, size_t ahead,
		 const struct load_ctx *ctx, void (*take)(void *arg, size_t i, struct loaded *l),
		 void *arg)
{
	if (jobs > 64)
		jobs = 64;
	struct stream s = { .files = files, .n = n, .ahead = ahead ? ahead : 1, .fmt = fmt, .ctx = ctx };
	s.slot = calloc(s.ahead, sizeof *s.slot);
	s.done = calloc(s.ahead, 1);
	pthread_t th[64];
	int started = 0;
	if (s.slot && s.done && jobs > 1) {
		pthread_mutex_init(&s.mu, NULL);
		pthread_cond_init(&s.ready, NULL);
		pthread_cond_init(&s.room, NULL);
		/* (the calling thread is one of the jobs: it reads too while the file it takes next is
		 * not ready, so -j 2 is two threads on two cores, not three) */
		for (int t = 0; t < jobs - 1; t++)
			if (pthread_create(&th[started], NULL, stream_worker, &s) == 0)
				started++;
	}
	if (!started) { /* one thread (or none could start): read and take in turn */
		struct loaded one;
		for (size_t i = 0; i < n; i++) {
			memset(&one, 0, sizeof one);
			load_file(&one, files[i], fmt, ctx);
			take(arg, i, &one);
			loaded_free(&one);
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			pthread_mutex_lock(&s.mu);
			while (!s.done[i % s.ahead]) /* (it reads i itself when no thread has) */
				if (!read_next(&s))
					pthread_cond_wait(&s.ready, &s.mu);
			pthread_mutex_unlock(&s.mu);
			take(arg, i, &s.slot[i % s.ahead]);
			loaded_free(&s.slot[i % s.ahead]);
			pthread_mutex_lock(&s.mu);
			s.done[i % s.ahead] = 0;
			s.taken++;
			pthread_cond_broadcast(&s.room);
			pthread_mutex_unlock(&s.mu);
		}
		for (int t = 0; t < started; t++)
			pthread_join(th[t], NULL);
		pthread_cond_destroy(&s.room);
		pthread_cond_destroy(&s.ready);
		pthread_mutex_destroy(&s.mu);
	}
	free(s.slot);
	free(s.done);
}

