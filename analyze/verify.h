/* The results of a run checked before they replace the previous ones (issue 14, item 2): each
 * CSV parses (strictly, every row as wide as its header, ending with a line end), the
 * workbook's parts inflate with their CRCs and its XML parts are well formed, every chart is
 * non-empty and complete (an SVG well formed up to </svg>, a PNG up to its IEND chunk), pages
 * end with </html> or a line end, manifest.json with `}`. Files whose names start with `.` (the
 * cache, temporary parts) are not checked. */
#ifndef YS_VERIFY_H
#define YS_VERIFY_H

#include <stddef.h>

#include "base/err.h"

/* YS_OK, or YS_EIO with err naming the first file found incomplete and why. */
enum ys_err verify_results(const char *dir, struct ys_error *err);

/* Whether s[0..n) is well-formed XML (one root, tags balanced, quotes closed) in UTF-8. */
int verify_xml(const char *s, size_t n);

#endif
