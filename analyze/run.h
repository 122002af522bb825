/* The batch: what each command does with its inputs, from reading to the results folder. */
#ifndef YS_RUN_H
#define YS_RUN_H

#include <stdio.h>

#include "compute/rules.h"
#include "read/doc.h"

#define RUN_MAX_INPUTS 1024

enum run_cmd { CMD_RUN, CMD_IMPORT, CMD_AUDIT, CMD_SHOW };
enum run_charts { CHARTS_NONE, CHARTS_SVG, CHARTS_PNG, CHARTS_BOTH };
enum run_failon { FAIL_ERROR, FAIL_WARNING, FAIL_NEVER };

struct config;
struct known;

struct run_opts {
	enum run_cmd cmd;
	const char *inputs[RUN_MAX_INPUTS];
	int ninputs;
	const char *show_inputs[RUN_MAX_INPUTS];
	int nshow_inputs;
	const char *output;
	const char *config;
	int jobs, set_jobs;
	enum run_charts charts;
	int set_charts;
	int excel;
	enum run_failon fail_on;
	int set_fail_on;
	enum doc_format format;
	int verbosity;        /* -1 quiet, 0 normal, 1 verbose */
	struct rules_config rules;
	int has_rules;
	const char *registry; /* a units.csv named by the configuration */
	const struct config *groups; /* [groups] of the configuration, or NULL */
	const char *known_path;      /* --known FILE, or the configuration's known = FILE */
	struct known *known;         /* read from it (cli.c), or NULL */
	long max_facts;       /* a document's budget (0: none) */
	double max_seconds;
	double chart_seconds; /* gnuplot's time for all the charts of a run (0: none) */
	int set_max_facts, set_max_seconds, set_chart_seconds;
	int argc;
	char **argv;
};

void run_opts_defaults(struct run_opts *o);
int run_charts_from_name(const char *s, enum run_charts *c);
int run_failon_from_name(const char *s, enum run_failon *f);

/* Runs the command; returns the exit status of SPEC §7 (base/report.h). */
int run_command(struct run_opts *o, FILE *out, FILE *err);

#endif
