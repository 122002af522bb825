/* The incremental cache (issue 6): what reading one input file gave — its facts.csv rows, the
 * reader's findings and each document's summary — stored under the output folder, keyed by the
 * file's path and the XXH3 of its bytes, and valid only for the same yusuan version, registry,
 * peer groups and --format (the context hash). A rerun reads only new or changed files.
 *
 * Entries live in DIR/.cache/; a run reads the previous run's entries and writes the entries of
 * this run's inputs into its temporary folder (unchanged ones hard-linked), so removed inputs drop
 * out and the cache is swapped in with the results. An entry that does not verify (truncated,
 * checksum, version, context, path) is never used: the file is read again. */
#ifndef YS_CACHE_H
#define YS_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/facts.h"
#include "base/strpool.h"
#include "compute/metrics.h"
#include "read/doc.h"

struct cache {
	char old[4200];       /* the previous run's DIR/.cache ("" when none) */
	char neu[4200];       /* this run's TMP/.cache */
	uint64_t ctx;         /* what else the entries depend on */
	size_t hits, stored, rejected;
};

/* What one input gave. The strings of sums, diag and reader are interned in the run's pool. */
struct cache_entry {
	enum doc_format format;
	char *facts;              /* facts.csv rows of the file, header excluded (malloc'd) */
	size_t facts_len, nfacts;
	struct findings diag;     /* about the file (bad CSV rows) */
	struct findings *reader;  /* per document: the reader's findings, reported on stderr */
	struct docsum *sums;      /* per document: the summary before peer groups are applied */
	size_t ndocs;
};

/* Sets up the cache of output folder out, writing into tmp. Returns 0, or -1 when tmp/.cache
 * cannot be made (then nothing is cached and nothing is read from it). */
int cache_init(struct cache *c, const char *out, const char *tmp, uint64_t ctx);

/* Whether the previous run left an entry for this file (a stat; safe from reading threads). */
int cache_probe(const struct cache *c, const char *path, uint64_t hash);

/* Loads the entry into e and keeps it for the next run. YS_OK, or YS_EPARSE / YS_EIO with err
 * saying why (the caller reads the file instead). */
enum ys_err cache_load(struct cache *c, const char *path, uint64_t hash, struct strpool *pool,
		       struct cache_entry *e, struct ys_error *err);

/* Stores an entry for the next run (written whole or not at all). */
enum ys_err cache_store(struct cache *c, const char *path, uint64_t hash, const struct cache_entry *e);

/* Frees facts, diag and reader (not sums, which the caller takes over). */
void cache_entry_free(struct cache_entry *e);

#endif
