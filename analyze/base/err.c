/* Error records: filled by modules, printed by the command layer as `yusuan: FILE:LINE: message`. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ys_error_set(struct ys_error *e, const char *file, long line, const char *fmt, ...)
{
	if (!e)
		return;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

const char *ys_strerror(enum ys_err code)
{
	switch (code) {
	case YS_OK: return "ok";
	case YS_ENOMEM: return "out of memory";
	case YS_EIO: return "input/output error";
	case YS_EPARSE: return "malformed input";
	case YS_ERANGE: return "number out of range";
	case YS_EENC: return "unknown text encoding";
	case YS_EBINARY: return "binary file";
	case YS_EEMPTY: return "empty input";
	case YS_ELIMIT: return "input over size limit";
	case YS_ELOCK: return "output folder locked";
	case YS_EUSAGE: return "usage error";
	}
	return "unknown error";
}
