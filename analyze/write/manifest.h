/* manifest.json (SPEC §6): version, arguments, every input with its size and hash, every
 * output, counts, timings, exit status. Everything but `timings` is deterministic. */
#ifndef YS_MANIFEST_H
#define YS_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "compute/metrics.h"

struct manifest_input {
	char *path;
	size_t size;
	uint64_t hash;        /* XXH3-64 */
	const char *format;
	size_t documents;
	int readable;
	int cached;           /* facts taken from the cache (incremental run) */
};

struct manifest_skipped {
	const char *path;
	const char *reason;   /* a code: format, special, results, loop, same_folder, … */
	const char *why;      /* its words */
};

struct manifest_timing {
	const char *stage;
	double seconds;
};

struct manifest {
	const char *version, *command;
	int argc;
	char **argv;
	struct manifest_input *in;
	size_t nin;
	const struct manifest_skipped *skipped; /* what the input folders held, not read */
	size_t nskipped;
	const struct docsum *docs;       /* every document, in input order: how it was read */
	size_t ndocs;
	size_t files, unreadable, documents, units, facts, findings[3];
	struct manifest_timing t[16];
	size_t nt;
	int exit_status;
	int charts_asked, charts_failed; /* chart files asked of gnuplot, and those it failed on */
	const char *charts_skipped;      /* why there are no charts, or NULL */
	/* run-dependent, written after the timings: what the incremental cache saved */
	size_t cache_hits, cache_rejected;
	int charts_reused;
	int jobs;                        /* threads that hash the outputs (0 or 1: this one) */
};

/* Writes dir/manifest.json, listing (with size and hash, computed by m->jobs threads) every file
 * already in dir, hidden ones aside. */
enum ys_err manifest_write(const char *dir, const struct manifest *m, struct ys_error *err);

/* A JSON string (quotes included) of s into the stream. */
#include <stdio.h>
void manifest_json_string(FILE *fp, const char *s);

#endif
