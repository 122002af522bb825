/* Unit identity across years: by code when a document or the registry gives one, else by the
 * normalised name; the registry (units.csv: unit_code,unit_name,aliases,parent_code,group) maps
 * names and aliases to codes and gives parents and peer groups. */
#ifndef YS_UNITS_H
#define YS_UNITS_H

#include <stddef.h>

#include "err.h"
#include "facts.h"

struct unit_entry {
	char code[32];
	char name[256];      /* normalised */
	char **aliases;      /* normalised */
	size_t naliases;
	char parent[32];
	char group[128];
	int line;
};

struct registry {
	struct unit_entry *v;
	size_t n;
	char path[512];
};

/* Reads units.csv. Bad rows become findings (check `bad_registry`) with the file's line; the
 * rest is kept. A missing header or broken CSV: YS_EPARSE with err. */
enum ys_err registry_load(const char *path, struct registry *r, struct findings *fl,
			  struct strpool *pool, struct ys_error *err);
void registry_free(struct registry *r);

struct unit_id {
	char key[300];       /* code, or `name:` + normalised name */
	char code[32];
	char name[256];
	char parent[32];
	char group[128];
};

/* Normalises a unit name for identity: no spaces or quotes, full-width forms folded, a trailing
 * `（本级）` kept (a department's own office is a unit of its own). */
void units_norm_name(const char *name, char *out, size_t n);

/* The registry's entry of a unit: by code when code is not empty, else by (normalised) name or
 * alias; NULL when the registry (may be NULL) does not know it. */
const struct unit_entry *units_lookup(const struct registry *r, const char *code, const char *name);

/* The identity of a document's unit (registry may be NULL). */
void units_resolve(const struct registry *r, const char *code, const char *name,
		   struct unit_id *out);

#endif
