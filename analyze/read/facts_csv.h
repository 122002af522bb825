/* The facts CSV (SPEC §3) as an input: the canonical exchange format and the round trip of
 * `yusuan import`. One file may hold many documents; rows are grouped back into them by
 * (unit_code, unit_name, year, doc_kind, source file). */
#ifndef YS_FACTS_CSV_H
#define YS_FACTS_CSV_H

#include "doc.h"

/* Appends the documents of a facts CSV to *docs (realloc'd; each to be doc_free'd). Rows that
 * cannot be read become findings in *diag (an initialised doc standing for the file) with the
 * CSV's physical line; the rest is kept. Returns YS_EIO/YS_EPARSE (bad header, broken quoting)
 * when nothing of the file can be trusted. */
enum ys_err facts_csv_read(const char *path, struct doc **docs, size_t *ndocs, struct doc *diag,
			   struct ys_error *err);

/* The same from the file's bytes (buf is taken: freed here). */
enum ys_err facts_csv_read_buffer(const char *path, unsigned char *buf, size_t n, struct doc **docs,
				  size_t *ndocs, struct doc *diag, struct ys_error *err);

/* The same read from fd a chunk at a time (issue 17: a facts CSV of 8,000 documents is read in
 * flat memory, as the documents themselves are): each document is handed to emit (which takes
 * it: doc_free is its business) as soon as a row of the next one arrives, so the rows of one
 * document must be together, as yusuan writes them. A row of a document handed out already sets
 * *interleaved and stops (the caller reads the file whole instead). emit returns 0, or -1 to
 * stop. On an error the documents handed out are not to be trusted, as with the above. */
enum ys_err facts_csv_stream(const char *path, int fd, struct doc *diag,
			     int (*emit)(struct doc *d, void *arg), void *arg, int *interleaved,
			     struct ys_error *err);

/* Splits `file:line` or `file:page:line`; returns 0 on success. file is copied into buf. */
int facts_csv_source(const char *src, char *file, size_t n, int *page, int *line);

#endif
