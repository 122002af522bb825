/* One input document read into facts: metadata, the tables found, the facts, and what the reader
 * could not place. The formats (seed markdown/TSV, layout text, PDF, facts CSV) all land here. */
#ifndef YS_DOC_H
#define YS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "../base/facts.h"
#include "../base/text.h"

enum doc_format { FMT_AUTO, FMT_MD, FMT_LAYOUT, FMT_PDF, FMT_CSV };
const char *doc_format_name(enum doc_format f);
int doc_format_from_name(const char *s, enum doc_format *f);

struct doc_table {
	const char *key;        /* DOMAIN table key */
	const char *title;      /* as printed (interned) */
	int line, page;
	enum money_unit unit;
	int stated_empty;       /* a note says the table has no data */
	int note_line, note_page; /* where that note is */
	int rows;               /* data rows placed */
};

struct doc {
	const char *path;       /* as given (interned) */
	enum doc_format format;
	enum text_enc enc;
	const char *unit_code, *unit_name, *doc_kind, *title; /* interned; "" when unknown */
	int year;               /* 0 when unknown */
	int name_line, name_page; /* where the unit name was read (0: not from a line) */
	const char *name_from;  /* which source named the unit: ident.h's IDENT_COVER … IDENT_NONE */
	struct ident_state *ident; /* what read/ident.c keeps while the readers run */
	struct facts facts;     /* owns the pool all strings of this doc live in */
	struct findings findings;
	struct doc_table *tables;
	size_t ntables;
	/* facts by table and column (doc_build_index): a hash of groups, each group's facts in order */
	struct doc_group *groups;
	size_t nslots;          /* a power of two; 0: no index */
	uint32_t *members;
	size_t indexed;         /* facts.n when the index was built (more facts since: not used) */
};

struct doc_group {
	const char *table, *column; /* NULL: a free slot */
	uint64_t h;                 /* of table and column */
	uint32_t start, n;          /* members[start .. start + n) */
};

/* Indexes the facts by table and column, so that doc_find and doc_total look at one group instead
 * of every fact (a document has hundreds; the metrics and the audit ask a hundred questions).
 * Without it, or with facts added since, they scan. Returns -1 when out of memory (no index). */
int doc_build_index(struct doc *d);

/* The facts of one table and column, in document order:
 *   struct doc_iter it;
 *   doc_iter_init(&it, d, "expenditure", "total");
 *   for (const struct fact *f; (f = doc_iter_next(&it));) …
 * (through the index when there is one, else by a scan; the same facts either way) */
struct doc_iter {
	const struct doc *d;
	const char *table, *column;
	const uint32_t *grp;
	size_t n, i;
};
void doc_iter_init(struct doc_iter *it, const struct doc *d, const char *table, const char *column);
const struct fact *doc_iter_next(struct doc_iter *it);

/* Reads a whole file's bytes (limit: max_bytes, 0 = none). *buf malloc'd. */
enum ys_err doc_slurp(const char *path, size_t max_bytes, unsigned char **buf, size_t *n,
		      struct ys_error *err);

/* Detects the format of a file from its name and first bytes. */
enum doc_format doc_detect(const char *path, const unsigned char *buf, size_t n);

enum ys_err doc_init(struct doc *d, const char *path);
void doc_free(struct doc *d);

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

/* The first fact of table in column, with row code (NULL: any) and normalised row name (NULL:
 * any). NULL when there is none. */
const struct fact *doc_find(const struct doc *d, const char *table, const char *code,
			    const char *name, const char *column);

/* The fact of a table's total row (合计/总计, no code) in column, or NULL. */
const struct fact *doc_total(const struct doc *d, const char *table, const char *column);

/* Marks table i stated empty by a note at line/page. */
void doc_table_empty(struct doc *d, size_t i, int line, int page);

/* Adds a table record; returns its index. */
size_t doc_add_table(struct doc *d, const char *key, const char *title, int line, int page,
		     enum money_unit unit);

/* Whether a line (as text_norm leaves it) is the document's identity rather than narrative: a
 * label line (`单位名称：…`, `预算主管部门：…`) or a line of the cover title. The unit, year and
 * kind themselves are read from the whole text before the readers run (read/ident.h). */
int doc_meta_line(struct doc *d, const char *norm, int lineno);

/* Adds a finding to the document (message is copied). */
void doc_finding(struct doc *d, const char *check, enum severity sev, int line, int page,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A template fact with the document's identity filled in. */
struct fact doc_fact_template(const struct doc *d, const char *table);

/* The seed's format: markdown-like text with tab-separated tables. */
enum ys_err doc_md_parse(struct doc *d, char *text, size_t len, struct ys_error *err);

/* PDF → layout text with poppler's pdftotext (-layout, UTF-8). *out malloc'd. Errors: poppler
 * missing, damaged or encrypted PDF, no text layer, over max_bytes or the time limit. */
enum ys_err doc_pdf_to_text(const char *path, size_t max_bytes, char **out, size_t *outn,
			    struct ys_error *err);

/* Space-aligned layout text (pdftotext -layout). */
enum ys_err doc_layout_parse(struct doc *d, char *text, size_t len, struct ys_error *err);

#endif
