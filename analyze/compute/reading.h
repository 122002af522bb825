/* How well a document was read (SPEC §6 reading.csv): which standard table kinds it prints, which
 * it states empty and which are missing, how many of its tables' own identities hold, which tables
 * look misread, and where its unit's name came from — so that a document read badly says so. */
#ifndef YS_READING_H
#define YS_READING_H

#include <stddef.h>
#include <stdint.h>

#include "base/doc.h"

struct reading {
	uint16_t found;            /* bit k: tables_keys[k] printed with rows */
	uint16_t empty;            /* bit k: stated empty (and printing no values) */
	uint16_t suspect;          /* bit k: failed its own identities (reading_suspect) */
	unsigned char name_from;   /* 'c' cover, 'l' label, 'h' header, 'f' file name, 'n' nothing
				    * (named after the file), 0 not known (a facts CSV) */
	unsigned char identities;  /* 1: the counts below were evaluated */
	uint32_t checked, held, failed;
};

/* Fills r from the document's facts (the same for a document and for its facts read back from a
 * facts CSV, the name's source aside). */
void reading_of(const struct doc *d, struct reading *r);

/* `cover`, `label`, `header`, `file`, `none`, or "" (not known). */
const char *reading_name_from(const struct reading *r);

/* The keys of the kinds in mask, in tables_keys order, separated by sep, into buf. Returns buf. */
char *reading_kinds(uint16_t mask, const char *sep, char *buf, size_t n);

/* The missing kinds: neither printed nor stated empty. */
uint16_t reading_missing(const struct reading *r);

/* The one line `import` and `run` print for a document: `UNIT YEAR KIND: N of 12 table kinds
 * read; stated empty: …; missing: …; identities H of C hold; suspect: …`. Returns buf. */
char *reading_line(const struct reading *r, const char *unit, int year, const char *kind, char *buf,
		   size_t n);

/* Whether the document was read badly: no table kind at all, no unit name, or a table that
 * failed its own identities. */
int reading_bad(const struct reading *r);

#endif
