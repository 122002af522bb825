/* Space-aligned layout text (`pdftotext -layout`): columns inferred from positions. */
#include "doc.h"

enum ys_err doc_layout_parse(struct doc *d, char *text, size_t len, struct ys_error *err)
{
	(void)text;
	(void)len;
	ys_error_set(err, d->path, 0, "layout text (space-aligned tables) is not read yet; "
		     "use --format md if the tables are tab-separated");
	return YS_EPARSE;
}
