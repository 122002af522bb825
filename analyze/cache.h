/* The incremental cache (issue 6): what reading one input file gave — the reader's findings,
 * each document's summary and where its facts.csv rows are — stored under the output folder,
 * keyed by the file's path and the XXH3 of its bytes, and valid only for the same yusuan version,
 * registry, peer groups and --format (the context hash). A rerun reads only new or changed files.
 *
 * Entries live in DIR/.cache/pack (one file: thousands of small files cost more in the file
 * system than they save) with DIR/.cache/index (`pathhash hash offset length factsoffset` per
 * entry). A file's facts rows are not copied into the pack: the entry holds their length and
 * XXH3, the index where they start in DIR/facts.csv, which the run writes anyway (the rows were
 * nine tenths of the pack, and writing them twice most of a big run's reading time). A run reads
 * the previous pack and writes a new one into its temporary folder holding the entries of its own
 * inputs only, so removed inputs drop out and the cache is swapped in with the results. An entry
 * that does not verify (truncated, checksum, version, context, path, rows no longer in facts.csv)
 * is never used: the file is read again. */
#ifndef YS_CACHE_H
#define YS_CACHE_H

#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "base/facts.h"
#include "base/strpool.h"
#include "compute/metrics.h"
#include "read/doc.h"

struct cache_slot {
	uint64_t pathhash, hash;
	uint64_t off, len;      /* the entry in the pack */
	uint64_t facts_off;     /* where the file's rows start in facts.csv (CACHE_NOWHERE: not yet) */
};

#define CACHE_NOWHERE UINT64_MAX

struct cache {
	char old[4200];       /* the previous run's DIR/.cache ("" when none) */
	char neu[4200];       /* this run's TMP/.cache ("" when it could not be made) */
	uint64_t ctx;         /* what else the entries depend on */
	int oldfd;            /* the previous pack, read with pread from any thread; -1 when none */
	int oldfacts;         /* the previous DIR/facts.csv, the same way; -1 when none */
	struct cache_slot *idx;   /* its index, sorted */
	size_t nidx;
	FILE *pack;           /* this run's pack, appended to by the reading threads (under lock) */
	pthread_mutex_t lock;
	uint64_t packed;
	struct cache_slot *nidxv; /* this run's index */
	size_t nnew, capnew;
	size_t hits, rejected; /* counted by the caller */
};

/* What one input gave. The strings of sums, diag and reader are interned in the run's pool. */
struct cache_entry {
	enum doc_format format;
	char *facts;              /* facts.csv rows of the file, header excluded (malloc'd; in the
				   * pack only their length and hash, the rows stay in facts.csv) */
	size_t facts_len, nfacts;
	uint64_t facts_hash;      /* the rows' XXH3 when facts is NULL (facts_hashed): rows streamed */
	int facts_hashed;
	struct findings diag;     /* about the file (bad CSV rows) */
	struct findings *reader;  /* per document: the reader's findings, reported on stderr */
	struct docsum *sums;      /* per document: the summary before peer groups are applied */
	size_t ndocs;
	const char *path;         /* the spelling of the path it was made under (cache_load) */
};

/* Sets up the cache of output folder out, writing into tmp. Returns 0, or -1 when tmp/.cache
 * cannot be made (then nothing is cached and nothing is read from it). */
int cache_init(struct cache *c, const char *out, const char *tmp, uint64_t ctx);

/* Entries are found by key, the file's canonical path (realpath), so that the same file named
 * another way (relative, absolute, through a link) reuses its entry; cache_respell then gives the
 * entry the spelling of this run, which its sources carry. */

/* Whether the previous run left an entry for this file (safe from reading threads). */
int cache_probe(const struct cache *c, const char *key, uint64_t hash);

/* Loads the entry into e (safe from reading threads); *blob gets its bytes (malloc'd) for
 * cache_append. YS_OK, or YS_EPARSE with err saying why (the caller reads the file instead). */
enum ys_err cache_load(const struct cache *c, const char *key, uint64_t hash, struct strpool *pool,
		       struct cache_entry *e, char **blob, size_t *len, struct ys_error *err);

/* The bytes of an entry (safe from reading threads). Returns a malloc'd blob, or NULL. */
char *cache_encode(const struct cache *c, const char *key, const char *path, uint64_t hash,
		   const struct cache_entry *e, size_t *len);

/* Gives an entry made under the spelling old the spelling neu instead: the sources of its facts
 * rows, the files of its findings and figures, its summaries' paths (interned in pool). Returns
 * 0, or -1 when memory ran out (the entry is then not to be used). */
int cache_respell(struct cache_entry *e, const char *old, const char *neu, struct strpool *pool);

/* Adds an entry's bytes to this run's pack (safe from reading threads). Returns the entry's
 * number for cache_place, or SIZE_MAX when it was not stored. */
size_t cache_append(struct cache *c, const char *key, uint64_t hash, const char *blob, size_t len);

/* Records that entry slot's facts rows start at byte off of this run's facts.csv (the thread that
 * writes facts.csv, after cache_append). An entry never placed is left out of the index. */
void cache_place(struct cache *c, size_t slot, uint64_t off);

/* Writes this run's index and closes both packs. Returns 0, or -1 (then the next run reads
 * everything again: no harm but time). */
int cache_close(struct cache *c);

/* Frees facts, diag and reader (not sums, which the caller takes over). */
void cache_entry_free(struct cache_entry *e);

#endif
