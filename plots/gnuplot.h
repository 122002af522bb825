/* The gnuplot driver: one gnuplot process for every chart of a run, fed through a pipe. User
 * text (unit names, titles from documents) only ever enters as a single-quoted string with `'`
 * doubled and control characters removed, so no document can end a string and run a command.
 * gnuplot's errors are captured and attributed to the chart that caused them.
 *
 * Charts are incremental: the commands of a chart are collected, and when the previous run drew
 * a chart from exactly the same commands (its hash is in .cache/charts.idx) the old file is
 * linked instead of drawn again — only when it still has the size and XXH3 the index gives
 * (a damaged or edited chart is drawn again). Output paths are relative to the folder gnuplot works in, so the
 * commands do not depend on the temporary folder's name. */
#ifndef YS_GNUPLOT_H
#define YS_GNUPLOT_H

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct gp_chart {
	char *id;
	uint64_t hash;
	int buffered;        /* drawn from collected commands (has a hash) */
	int sent;            /* given to gnuplot (not reused) */
	int failed;
	uint64_t fhash;      /* the file's XXH3 and size, for the next run's check before reuse */
	long long fsize;
};

struct gp_old {
	char *id;
	uint64_t hash;       /* of the commands */
	uint64_t fhash;      /* of the file drawn */
	long long fsize;
};

struct gp {
	FILE *in;            /* gnuplot's stdin; NULL when gnuplot is not available */
	int pid;
	char workdir[4096];  /* where gnuplot works (the run's temporary folder) */
	char reuse[4096];    /* the previous results, or "" */
	char errpath[4200];  /* gnuplot's stderr, read at the end */
	int charts;          /* charts given to gnuplot */
	int reused;          /* charts linked from the previous run */
	char **ids;          /* ids of the charts given to gnuplot, in order */
	struct gp_chart *all;/* every chart, for the index */
	size_t nall;
	struct gp_old *old;  /* the previous run's index, sorted by id */
	size_t nold;
	FILE *mem;           /* the chart being collected */
	char *buf;
	size_t nbuf;
	char why[256];       /* why gnuplot is not available */
	int part;            /* which of the run's gnuplot processes (-j N: 0 … N-1) */
	/* the time limit of the batch: a watchdog thread kills a gnuplot that is still running
	 * (drawing, or no longer reading its pipe) when it passes */
	pthread_t dog;
	int dog_on;
	pthread_mutex_t dog_mu;
	pthread_cond_t dog_cv;
	int dog_stop;
	_Atomic int killed;  /* the watchdog ended gnuplot */
	double limit;        /* seconds */
};

/* The time limit of every later batch of charts (default 600 s; <= 0: none). */
void gp_set_time_limit(double seconds);

/* Starts gnuplot in workdir (errors go to a file there). reuse: the previous results folder, or
 * NULL. Returns 0, or -1 when gnuplot cannot be run (g->why says why; later calls are no-ops). */
int gp_open(struct gp *g, const char *workdir, const char *reuse);

/* The same for the part-th gnuplot process of a run that draws with several (-j N): its errors
 * go to a file of its own and it writes an index of its own (.cache/charts.idx.PART; part 0 is
 * gp_open's charts.idx); each reads every index of the previous run. */
int gp_open_part(struct gp *g, const char *workdir, const char *reuse, int part);

/* A single-quoted gnuplot string of s: `'` doubled, control characters dropped. Returns buf. */
char *gp_quote(const char *s, char *buf, size_t n);

/* The same for text gnuplot takes as a format (explicit tic labels): `%` doubled too, so a
 * name like `100%保障` is drawn as written instead of failing the chart. */
char *gp_quote_label(const char *s, char *buf, size_t n);

/* Starts collecting the commands of chart `id` (its file: charts/<id> under workdir). */
void gp_begin_chart(struct gp *g, const char *id);

/* Commands; printf-style: user text must go through gp_quote. */
void gp_cmd(struct gp *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Ends chart `id`: reused from the previous run when its commands are the same, else drawn
 * (errors before its mark belong to it). Without gp_begin_chart, only the mark. */
void gp_end_chart(struct gp *g, const char *id);

/* Ends gnuplot; for each chart gnuplot said something about calls report(ctx, id, message,
 * error): error 0 when it only warned (the chart was drawn). Writes workdir/.cache/charts.idx
 * (charts drawn without error) when that folder exists. Returns the number of charts that
 * failed, or -1 when gnuplot did not run. */
int gp_close(struct gp *g, void (*report)(void *ctx, const char *id, const char *msg, int error),
	     void *ctx);

#endif
