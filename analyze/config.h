/* The configuration file (-c FILE, INI through inih): inputs, output folder, registry, peer
 * groups, which rules run and their thresholds, chart formats, fail-on level. Command-line
 * options override it. An unknown section or key is an error with file:line. */
#ifndef YS_CONFIG_H
#define YS_CONFIG_H

#include "base/err.h"
#include "compute/rules.h"
#include "run.h"

#define CONFIG_MAX_GROUPS 1024

struct config {
	char *inputs[RUN_MAX_INPUTS];
	int ninputs;
	char *output;
	char *registry;
	int jobs, has_jobs;
	enum run_charts charts;
	int has_charts;
	enum run_failon fail_on;
	int has_fail_on;
	int excel, has_excel;
	char *known;                 /* the acknowledgement file */
	long max_facts;
	double max_seconds, chart_seconds;
	int has_max_facts, has_max_seconds, has_chart_seconds;
	struct rules_config rules;
	/* [groups]: unit code or name = group */
	char *group_unit[CONFIG_MAX_GROUPS];
	char *group_name[CONFIG_MAX_GROUPS];
	int ngroups;
};

/* Reads path into c (defaults first). Returns YS_OK, YS_EIO, or YS_EPARSE with err at the line
 * of the first problem. */
enum ys_err config_load(const char *path, struct config *c, struct ys_error *err);
void config_free(struct config *c);

/* Applies c to o where the command line did not say otherwise. */
void config_apply(const struct config *c, struct run_opts *o);

#endif
