/* Inputs: expanding files and folders (recursive, sorted) and reading each into documents.
 * Every command (run, import, audit, show) starts here. */
#ifndef YS_LOAD_H
#define YS_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "read/doc.h"

/* What one input file gave. */
struct loaded {
	char *path;
	enum doc_format format;
	struct doc *docs;       /* a document file gives one; a facts CSV many */
	size_t ndocs;
	struct doc diag;        /* findings about the file itself (bad CSV rows) */
	enum ys_err code;       /* YS_OK, or why the file could not be read */
	struct ys_error err;
	uint64_t hash;          /* XXH3 of the file's bytes (0 when it could not be read) */
	size_t size;
	int cached;             /* the cache has it: hashed, not parsed (docs empty) */
};

/* Asked of each file once hashed: does the cache have it? (called from reading threads) */
struct load_probe {
	int (*has)(const void *ctx, const char *path, uint64_t hash);
	const void *ctx;
};

struct corpus {
	struct loaded *files;
	size_t nfiles;
	char *registry;         /* a units.csv found in an input folder, if any */
};

/* Expands inputs: a file stays; a folder gives its *.txt *.md *.csv *.pdf files, recursively,
 * sorted by byte order, leaving out hidden files, README* and units.csv (the registry, whose
 * path is returned in *registry when found; may be NULL). Returns YS_EIO when an input does not
 * exist (err says which). */
enum ys_err load_expand(const char *const *inputs, size_t n, char ***files, size_t *nfiles,
			char **registry, struct ys_error *err);

/* Reads every file (jobs threads; results do not depend on it). */
enum ys_err load_corpus(struct corpus *c, char **files, size_t nfiles, enum doc_format fmt,
			int jobs);
void load_free(struct corpus *c);

/* Reads files[from..to) into out[0..to-from) with jobs threads (results do not depend on it).
 * probe may be NULL; a file it says is cached is hashed and left unparsed. */
void load_range(struct loaded *out, char **files, size_t from, size_t to, enum doc_format fmt,
		int jobs, const struct load_probe *probe);

/* Reads one file into l (probe as above, may be NULL). */
void load_file(struct loaded *l, const char *path, enum doc_format fmt, const struct load_probe *probe);
void loaded_free(struct loaded *l);

#endif
