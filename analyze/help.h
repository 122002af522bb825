/* The help text of one command (see help.c). */
#ifndef YS_HELP_H
#define YS_HELP_H

/* The synopsis, description and options of CMD ("run", "import", "audit", "show"); NULL for
 * another name. */
const char *help_for(const char *cmd);

#endif
