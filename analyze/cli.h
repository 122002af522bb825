/* The command line (SPEC §7): subcommands, options, messages and exit codes. Only this layer
 * prints to the terminal and chooses the exit status. */
#ifndef YS_CLI_H
#define YS_CLI_H

#include <stdio.h>

#include "base/facts.h"
#include "base/report.h"  /* the exit statuses, cli_report */
#include "base/version.h"

/* Runs the command line; returns the exit status. out/err are stdout/stderr in production. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
