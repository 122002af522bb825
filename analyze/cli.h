/* The command line (SPEC §7): subcommands, options, messages and exit codes. Only this layer
 * prints to the terminal and chooses the exit status. */
#ifndef YS_CLI_H
#define YS_CLI_H

#include <stdio.h>

#include "base/facts.h"

#define YS_VERSION "0.1.0"

enum ys_exit {
	EXIT_DONE = 0,       /* done */
	EXIT_FINDINGS = 1,   /* done, but findings at or above --fail-on */
	EXIT_USAGE = 2,      /* bad arguments */
	EXIT_NOINPUT = 3,    /* input could not be read: nothing written */
	EXIT_PARTIAL = 4     /* done for the readable inputs; some could not be read */
};

/* Runs the command line; returns the exit status. out/err are stdout/stderr in production. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

/* `yusuan: FILE:LINE: message` (FILE:PAGE:LINE for PDFs; no line when 0). */
void cli_report(FILE *err, const char *file, int page, long line, const char *msg);

#endif
