/* Reporting (report.h): messages in one format, with what a document could smuggle into a
 * terminal taken out. Moved here from cli.c unchanged. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

void cli_report(FILE *err, const char *file, int page, long line, const char *msg)
{
	/* a message quotes names and cells from documents: their control characters (an escape
	 * sequence, a carriage return that hides the line) never reach the terminal or the log */
	char *of = NULL; /* (a file name keeps bytes that are not UTF-8: a GBK name stays findable) */
	for (const char *q = file; q && *q && !of; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f) {
			of = strdup(file);
			size_t w = 0;
			for (const char *r = file; of && *r; r++)
				if ((unsigned char)*r >= 0x20 && *r != 0x7f)
					of[w++] = *r;
			if (of)
				of[w] = '\0';
		}
	char *om = msg && !text_is_clean(msg, strlen(msg)) ? text_clean_dup(msg) : NULL;
	if (of || om) {
		cli_report(err, of ? of : file, page, line, om ? om : msg);
		free(of);
		free(om);
		return;
	}
	if (file && *file && line > 0 && page > 0)
		fprintf(err, "yusuan: %s:%d:%ld: %s\n", file, page, line, msg);
	else if (file && *file && line > 0)
		fprintf(err, "yusuan: %s:%ld: %s\n", file, line, msg);
	else if (file && *file)
		fprintf(err, "yusuan: %s: %s\n", file, msg);
	else
		fprintf(err, "yusuan: %s\n", msg);
}
