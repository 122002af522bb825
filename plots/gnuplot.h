/* The gnuplot driver: one gnuplot process for every chart of a run, fed through a pipe. User
 * text (unit names, titles from documents) only ever enters as a single-quoted string with `'`
 * doubled and control characters removed, so no document can end a string and run a command.
 * gnuplot's errors are captured and attributed to the chart that caused them. */
#ifndef YS_GNUPLOT_H
#define YS_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

struct gp {
	FILE *in;            /* gnuplot's stdin; NULL when gnuplot is not available */
	int pid;
	char errpath[4096];  /* gnuplot's stderr, read at the end */
	int charts;          /* charts asked for */
	char **ids;          /* their ids, in order: a crash is pinned on the first without a mark */
	char why[256];       /* why gnuplot is not available */
};

/* Starts gnuplot (errors go to a file in tmpdir). Returns 0, or -1 when gnuplot cannot be run
 * (g->why says why; every later call is then a no-op). */
int gp_open(struct gp *g, const char *tmpdir);

/* A single-quoted gnuplot string of s: `'` doubled, control characters dropped. Returns buf. */
char *gp_quote(const char *s, char *buf, size_t n);

/* Commands; printf-style: user text must go through gp_quote. */
void gp_cmd(struct gp *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Marks the end of chart `id` (errors before the mark belong to it). */
void gp_end_chart(struct gp *g, const char *id);

/* Ends gnuplot; for each chart gnuplot said something about calls report(ctx, id, message,
 * error): error 0 when it only warned (the chart was drawn). Returns the number of charts that
 * failed, or -1 when gnuplot did not run. */
int gp_close(struct gp *g, void (*report)(void *ctx, const char *id, const char *msg, int error),
	     void *ctx);

#endif
