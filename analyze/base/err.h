/* Status codes and the error record that modules fill; only the command layer prints them.
 * A module returns an enum ys_err and, on failure, says where and why in a struct ys_error. */
#ifndef YS_ERR_H
#define YS_ERR_H

#include <stddef.h>

enum ys_err {
	YS_OK = 0,
	YS_ENOMEM,   /* out of memory */
	YS_EIO,      /* file could not be opened, read or written */
	YS_EPARSE,   /* malformed input */
	YS_ERANGE,   /* a number too large for int64 分, or too precise */
	YS_EENC,     /* not UTF-8, not GB18030 */
	YS_EBINARY,  /* binary data, not a text document */
	YS_EEMPTY,   /* nothing usable in the input */
	YS_ELIMIT,   /* over a configured size limit */
	YS_ELOCK,    /* output folder locked by another run */
	YS_EUSAGE    /* bad arguments */
};

struct ys_error {
	char file[512];
	long line;        /* 0 = no line */
	char msg[512];
};

/* printf-style; file may be NULL. */
void ys_error_set(struct ys_error *e, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *ys_strerror(enum ys_err code);

#endif
