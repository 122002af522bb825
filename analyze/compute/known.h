/* Acknowledged findings (known.csv): audit findings and policy flags that a reviewer has seen and
 * accepted — an error printed in a published PDF that nobody can correct — so that a nightly run
 * stops failing and mailing about them, while the outputs still show them, marked.
 *
 *   unit,year,kind,check,value,reason,who,date
 *
 * unit: a unit code or name (as in the outputs), `*` for every unit; year and kind: empty for any, a kind without
 * `/unit` or `/department` for both; check: an audit check or a flags rule id; value: the
 * finding's `actual` (a flag's `value`), empty for any value — given, a finding whose value
 * changed no longer matches and is news again; reason (required), who, date (YYYY-MM-DD): for the
 * record, shown beside the finding. Lines starting with `#` are comments. */
#ifndef YS_KNOWN_H
#define YS_KNOWN_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "compute/metrics.h"
#include "compute/rules.h"

struct known_entry {
	char *unit, *kind, *check, *reason, *who, *date;
	char *note;          /* what the outputs show: reason（who date） */
	int year;            /* 0: any */
	int has_value;
	int64_t value;       /* fixed point, as findings carry it */
	long line;           /* in the file, for messages */
	size_t used;         /* findings and flags it matched in this run */
};

struct known {
	const char *path;
	struct known_entry *v;
	size_t n, cap;
};

/* Reads path; a malformed line is an error naming FILE:LINE (the caller stops: exit 2, like a
 * bad configuration), so that a typo never leaves a finding failing the night unnoticed. */
enum ys_err known_load(const char *path, struct known *k, struct ys_error *err);
void known_free(struct known *k);

/* The entry acknowledging a finding or flag of this document, or NULL. */
struct known_entry *known_match(const struct known *k, const struct docsum *s, const char *check,
				int has_value, int64_t value);

/* Marks every document's findings and every flag that an entry matches (their `ack` is the
 * entry's note); counts matches per entry. k may be NULL (nothing acknowledged). */
void known_apply(const struct known *k, struct sumset *ss, struct flags *f);

#endif
