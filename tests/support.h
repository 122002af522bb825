/* Helpers shared by the tests: running the yusuan binary, files in a scratch folder, reading
 * documents through the library, finding facts, and the ../shared documents (skipped when
 * absent). */
#ifndef YS_TEST_SUPPORT_H
#define YS_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "read/doc.h"

struct proc {
	int status;      /* exit status, or 128+signal */
	char *out, *err; /* NUL-terminated captures */
	size_t nout, nerr;
};

/* Runs the yusuan binary with argv (NULL-terminated, without argv[0]) in dir (NULL = source
 * folder), environment LC_ALL=C plus extra env entries (NULL-terminated, may be NULL). */
int ys_exec(struct proc *p, const char *dir, const char *const *env, const char *const *argv);
void ys_proc_free(struct proc *p);

/* A fresh scratch folder under /tmp, removed by ys_cleanup. Returns a static path. */
const char *ys_scratch(void);
void ys_cleanup(void);

/* Whole file; NULL when missing. *n may be NULL. Caller frees. */
char *ys_slurp(const char *path, size_t *n);
int ys_spit(const char *path, const void *data, size_t n);
/* ys_spit of a C string into scratch/name; returns the full path (static ring of buffers). */
const char *ys_fixture(const char *name, const char *text);

/* Path of a file in ../shared (seeds/…, corpus/…), or NULL when ../shared is absent. */
const char *ys_shared(const char *rel);
#define YS_SEED "seeds/000_e4936f904fceff2c.txt"

/* The amount of the first fact matching (table, row_code, column) and, when row_name is not NULL,
 * the row name; formatted as facts.csv prints it, or NULL when there is none. Static buffer. */
const char *ys_fact(const struct doc *d, const char *table, const char *row_code,
		    const char *row_name, const char *column);
/* How many facts match (NULL fields match anything). */
size_t ys_count(const struct doc *d, const char *table, const char *row_code, const char *column);
/* Findings of a check (NULL: all) at a severity (-1: any). */
size_t ys_findings(const struct doc *d, const char *check, int severity);

#endif
