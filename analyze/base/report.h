/* Reporting: the one format of every message yusuan prints (`yusuan: FILE:LINE: message`) and
 * the exit statuses of SPEC §7. Here, in the base layer next to err.h, so that the batch, the
 * commands and the command line report the same way without calling up into cli.c. */
#ifndef YS_REPORT_H
#define YS_REPORT_H

#include <stdio.h>

enum ys_exit {
	EXIT_DONE = 0,       /* done */
	EXIT_FINDINGS = 1,   /* done, but findings at or above --fail-on */
	EXIT_USAGE = 2,      /* bad arguments */
	EXIT_NOINPUT = 3,    /* input could not be read: nothing written */
	EXIT_PARTIAL = 4     /* done for the readable inputs; some could not be read */
};

/* `yusuan: FILE:LINE: message` (FILE:PAGE:LINE for PDFs; no line when 0). (Still named after
 * the command line it came from: the callers in run.c keep their lines while others edit it.) */
void cli_report(FILE *err, const char *file, int page, long line, const char *msg);

#endif
