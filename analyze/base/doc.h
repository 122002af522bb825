/* A document in the fact store: its identity, the tables found, its facts and findings, and the
 * facts' index by table and column. The readers (read/) fill one; the analyses (compute/) and the
 * writers read it, and never a reader's files. (Moved from read/doc.h.) */
#ifndef YS_BASE_DOC_H
#define YS_BASE_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "text.h"

enum doc_format { FMT_AUTO, FMT_MD, FMT_LAYOUT, FMT_PDF, FMT_CSV };
const char *doc_format_name(enum doc_format f);
int doc_format_from_name(const char *s, enum doc_format *f);

/* Where the unit name came from (struct doc's name_from; read/ident.c decides). */
#define IDENT_COVER "cover"   /* the title on the first lines */
#define IDENT_LABEL "label"   /* `部门：X` and the like */
#define IDENT_HEADER "header" /* a running header or a title line further in */
#define IDENT_FILE "file"     /* the file's name (`附件2：X2026年度部门预算报表.pdf`) */
#define IDENT_NONE "none"     /* nothing names it: named after its file */

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
	const char *name_from;  /* which source named the unit: IDENT_COVER … IDENT_NONE */
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

enum ys_err doc_init(struct doc *d, const char *path);
void doc_free(struct doc *d);

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

/* Adds a finding to the document (message is copied). */
void doc_finding(struct doc *d, const char *check, enum severity sev, int line, int page,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A template fact with the document's identity filled in. */
struct fact doc_fact_template(const struct doc *d, const char *table);

#endif
