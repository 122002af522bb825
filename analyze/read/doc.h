/* Reading one input document into facts: its bytes, its format, and the readers of each format
 * (seed markdown/TSV, layout text, PDF). What they fill, struct doc with its facts and their
 * index, is the fact store's (base/doc.h). */
#ifndef YS_DOC_H
#define YS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "../base/doc.h"
#include "../base/facts.h"
#include "../base/text.h"

/* Reads a whole file's bytes (limit: max_bytes, 0 = none). *buf malloc'd. */
enum ys_err doc_slurp(const char *path, size_t max_bytes, unsigned char **buf, size_t *n,
		      struct ys_error *err);

/* Detects the format of a file from its name and first bytes. */
enum doc_format doc_detect(const char *path, const unsigned char *buf, size_t n);

/* Reads one document file (not a facts CSV, which may hold many documents: see facts_csv).
 * On failure nothing usable was read and err says why; d must still be freed. */
enum ys_err doc_read(const char *path, enum doc_format fmt, struct doc *d, struct ys_error *err);

/* The same from the file's bytes, already read (buf is taken: freed here). */
enum ys_err doc_read_buffer(const char *path, unsigned char *buf, size_t n, enum doc_format fmt,
			    struct doc *d, struct ys_error *err);

/* Documents and their PDF text are refused above this size (a clear error, not exhaustion). */
#define DOC_MAX_BYTES ((size_t)64 << 20)

/* Reads already-decoded text of one document in the given format. text is modified. */
enum ys_err doc_parse_text(struct doc *d, enum doc_format fmt, char *text, size_t len,
			   struct ys_error *err);

/* Whether a line (as text_norm leaves it) is the document's identity rather than narrative: a
 * label line (`单位名称：…`, `预算主管部门：…`) or a line of the cover title. The unit, year and
 * kind themselves are read from the whole text before the readers run (read/ident.h). */
int doc_meta_line(struct doc *d, const char *norm, int lineno);

/* The seed's format: markdown-like text with tab-separated tables. */
enum ys_err doc_md_parse(struct doc *d, char *text, size_t len, struct ys_error *err);

/* PDF → layout text with poppler's pdftotext (-layout, UTF-8). *out malloc'd. Errors: poppler
 * missing, damaged or encrypted PDF, no text layer, over max_bytes or the time limit. */
enum ys_err doc_pdf_to_text(const char *path, size_t max_bytes, char **out, size_t *outn,
			    struct ys_error *err);

/* Space-aligned layout text (pdftotext -layout). */
enum ys_err doc_layout_parse(struct doc *d, char *text, size_t len, struct ys_error *err);

#endif
