/* Inputs: expanding files and folders (recursive, sorted) and reading each into documents.
 * Every command (run, import, audit, show) starts here. */
#ifndef YS_LOAD_H
#define YS_LOAD_H

#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "compute/metrics.h"
#include "read/doc.h"

/* What one input file gave. */
struct loaded {
	char *path;
	char *key;              /* the canonical path, the cache's key (NULL without a cache) */
	enum doc_format format;
	struct doc *docs;       /* a document file gives one; a facts CSV many */
	size_t ndocs;
	struct doc diag;        /* findings about the file itself (bad CSV rows) */
	enum ys_err code;       /* YS_OK, or why the file could not be read */
	struct ys_error err;
	uint64_t hash;          /* XXH3 of the file's bytes (0 when it could not be read) */
	size_t size;
	/* with a load_ctx that summarises (run, audit, show): the work done in the reading thread */
	struct strpool *pool;   /* owns the strings of sums and reader; the caller adopts it */
	struct docsum *sums;    /* per document (docs may be empty when it came from the cache) */
	struct findings *reader;/* per document: the reader's findings */
	size_t nsums, nreader;
	char *rows;             /* the facts.csv rows of the file (when asked for) */
	FILE *rows_fp;          /* or, for a facts CSV streamed, in this temporary file (rows_len) */
	int streamed;           /* a facts CSV read a document at a time: docs is empty, sums hold
				 * them (nsums, nfacts) */
	size_t rows_len, nfacts;
	int cached;             /* everything above came from the cache */
	int cache_rejected;     /* an entry was there but did not verify (why: cache_why) */
	char *blob;             /* the cache entry's bytes, until load_file appends them to the pack */
	size_t blob_len;
	size_t cache_slot;      /* its number in the pack, for cache_place (SIZE_MAX: none) */
	char cache_why[600];
};

struct registry;
struct cache;

/* What the reading threads do besides reading. */
struct load_ctx {
	int summarise;                /* summaries (metrics, audit) per document */
	const struct registry *reg;   /* for summaries; may be NULL */
	int rows;                     /* facts.csv rows per file */
	struct cache *cache;          /* take from and store to the cache; may be NULL */
	_Atomic long long *summarise_ns; /* CPU time of the summaries, all threads; may be NULL */
	_Atomic long long *audit_ns;     /* … of which the audit */
	/* the budget of a document (not of a facts CSV): more facts, or more seconds of reading,
	 * summarising and auditing, and it is left out with an error naming the limit (0: none) */
	long max_facts;
	double max_seconds;
};

/* What the listing of an input folder did not read, and why. Hidden files and folders (a name
 * starting with '.'), README* files and units.csv (the registry) are not documents and are not
 * listed here, nor are yusuan's own lock and temporary files (NAME.lock, NAME.tmp.PID). */
enum load_skip_why {
	SKIP_FORMAT,     /* a regular file that is not *.txt *.md *.csv *.pdf (.xlsx, .docx, .zip…) */
	SKIP_SPECIAL,    /* not a regular file: a FIFO, socket or device */
	SKIP_RESULTS,    /* a folder holding a yusuan results manifest */
	SKIP_LOOP,       /* a folder symlink to a folder it lies in */
	SKIP_SAME,       /* a folder reached a second time (another symlink to it): read once */
	SKIP_BROKEN,     /* a symlink to nothing */
	SKIP_DENIED,     /* permission denied (the folder cannot be listed, or the entry not seen) */
	SKIP_DEPTH,      /* more than LOAD_MAX_DEPTH folders deep */
	SKIP_UNREADABLE, /* any other error listing a folder or looking at an entry */
	SKIP_NWHY
};
#define LOAD_MAX_DEPTH 32

struct load_skipped {
	char *path;
	enum load_skip_why why;
	char kind; /* 'f' a file, 'd' a folder, 'l' a symlink, '?' not known (not looked at) */
};

struct load_skips {
	struct load_skipped *v;
	size_t n, cap;
};

/* The manifest's reason ("format", "special", "results", "loop", "same_folder",
 * "broken_link", "permission", "depth", "unreadable") and the words of the warning line. */
const char *load_skip_code(enum load_skip_why why);
const char *load_skip_text(enum load_skip_why why);
/* 1 when documents may have been in what was not read (permission, depth, other errors): the
 * run then counts it as an input that could not be read (exit status 4); the others are
 * warnings (they count for --fail-on warning). */
int load_skip_unread(enum load_skip_why why);
void load_skips_free(struct load_skips *sk);

/* Expands inputs: a file stays; a folder gives its *.txt *.md *.csv *.pdf files, recursively,
 * sorted by byte order, leaving out hidden files, README* and units.csv (the registry, whose
 * path is returned in *registry when found; may be NULL) and the folders in skip (the run's own
 * output and temporary folders, when they lie inside an input). Folder symlinks are followed,
 * each folder read once (device and inode). Everything else not read goes to *skipped (may be
 * NULL), sorted by path. Returns YS_EIO when an input does not exist (err says which). */
enum ys_err load_expand(const char *const *inputs, size_t n, char ***files, size_t *nfiles,
			char **registry, const char *const *skip, size_t nskip,
			struct load_skips *skipped, struct ys_error *err);

/* Reads files[0..n) with jobs threads and hands each, in input order, to take(arg, i, l) on the
 * calling thread while the threads read the files after it; at most `ahead` read files wait.
 * The calling thread is one of the jobs: while the file it takes next is not ready, it reads.
 * take may keep what it moves out of l; l is freed after it. jobs 1: read and take in turn.
 * ctx may be NULL (only read: no summaries, rows or cache). */
void load_stream(char **files, size_t n, enum doc_format fmt, int jobs, size_t ahead,
		 const struct load_ctx *ctx, void (*take)(void *arg, size_t i, struct loaded *l),
		 void *arg);

/* Reads one file into l (ctx as for load_stream), and puts its cache entry in the run's pack. */
void load_file(struct loaded *l, const char *path, enum doc_format fmt, const struct load_ctx *ctx);
void loaded_free(struct loaded *l);

#endif
