/* What each chart shows (issue 5). Per unit: the multi-year lines of its totals and of 三公 and
 * 机关运行经费 (a prior year known only from a narrative drawn hollow), its structure in the last two
 * years, its spending by function class. Across units, per latest year: rankings of growth, 三公
 * and 机关运行经费, box plots of the shares by peer group, small multiples on one scale. Colours are
 * fixed per category across all charts; bars start at zero; axes say 万元 or %. */
#ifndef YS_CHARTS_H
#define YS_CHARTS_H

#include "compute/corpus.h"
#include "compute/execution.h"
#include "compute/growth.h"

enum chart_formats { CH_SVG = 1, CH_PNG = 2 };

struct chart_result {
	int charts;          /* chart files asked of gnuplot */
	int failed;          /* charts gnuplot reported errors for */
	int reused;          /* charts linked from the previous run (same commands) */
	int available;       /* gnuplot ran */
	char why[256];       /* when it did not */
};

/* The file-safe id of a unit (its code, or `n` and a hash of its name): used by the briefing
 * pages to find the charts. buf of 40 bytes. */
char *charts_unit_id(const struct docsum *s, char *buf);

/* The chart folder (under charts/) of the run of documents of one unit and kind that starts at
 * ss->order[a]: `<id>` for the unit's first budget kind (else its first kind), `<id>/<kind>`
 * with `/` as `-` for the others (`u101/final`). buf of 80 bytes. */
char *charts_run_dir(const struct sumset *ss, size_t a, char *buf);

/* Writes dir/charts/<unit>/<chart>.svg|png and dir/charts/all/… for the chosen documents;
 * a chart the previous results (reuse, may be NULL) drew from the same commands is linked.
 * jobs: the number of gnuplot processes (-j), chart k drawn by process k mod jobs; the files are
 * the same whatever it is, and so is the order of the reports.
 * report(ctx, id, msg, error) is called for each chart gnuplot failed on (error 1) or warned
 * about (error 0). */
void charts_render(const char *dir, const char *reuse, const struct sumset *ss, const struct growth *g,
		   const struct execution *ex, int formats, int jobs,
		   struct chart_result *out, void (*report)(void *ctx, const char *id, const char *msg, int error),
		   void *ctx);

#endif
