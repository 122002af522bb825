/* CSV writing shared by every output file. Quoting goes through libcsv's csv_write; the bytes
 * are ours to choose otherwise (LF, no quoting when not needed) so that outputs diff cleanly. */
#include "out_csv.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char facts_csv_header[] =
	"unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source";

void csvw_init(struct csvw *w, FILE *fp, int bom)
{
	w->fp = fp;
	w->col = 0;
	w->err = 0;
	if (bom && fputs("\xEF\xBB\xBF", fp) == EOF)
		w->err = 1;
}

static void sep(struct csvw *w)
{
	if (w->col++ > 0 && putc(',', w->fp) == EOF)
		w->err = 1;
}

void csvw_text(struct csvw *w, const char *s)
{
	sep(w);
	if (!s || !*s)
		return;
	size_t n = strlen(s);
	/* a cell a spreadsheet would run as a formula gets a leading apostrophe */
	int neutral = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
	char stackbuf[512];
	char *src = (char *)(uintptr_t)s;
	char *tmp = NULL;
	if (neutral) {
		tmp = malloc(n + 2);
		if (!tmp) {
			w->err = 1;
			return;
		}
		tmp[0] = '\'';
		memcpy(tmp + 1, s, n + 1);
		src = tmp;
		n++;
	}
	if (strpbrk(src, ",\"\r\n")) {
		size_t need = n * 2 + 3;
		char *q = need <= sizeof stackbuf ? stackbuf : malloc(need);
		if (!q) {
			w->err = 1;
			free(tmp);
			return;
		}
		size_t m = csv_write(q, need, src, n);
		if (fwrite(q, 1, m, w->fp) != m)
			w->err = 1;
		if (q != stackbuf)
			free(q);
	} else if (fwrite(src, 1, n, w->fp) != n) {
		w->err = 1;
	}
	free(tmp);
}

void csvw_fixed(struct csvw *w, int64_t v, int min_dec)
{
	char b[32];
	sep(w);
	money_format(v, min_dec, b);
	if (fputs(b, w->fp) == EOF)
		w->err = 1;
}

void csvw_int(struct csvw *w, long long v)
{
	sep(w);
	if (fprintf(w->fp, "%lld", v) < 0)
		w->err = 1;
}

void csvw_empty(struct csvw *w)
{
	sep(w);
}

void csvw_endrow(struct csvw *w)
{
	if (putc('\n', w->fp) == EOF)
		w->err = 1;
	w->col = 0;
}

void csvw_header(struct csvw *w, const char *names)
{
	if (fputs(names, w->fp) == EOF || putc('\n', w->fp) == EOF)
		w->err = 1;
}

void csvw_fact(struct csvw *w, const struct fact *f)
{
	char src[700];
	csvw_text(w, f->unit_code);
	csvw_text(w, f->unit_name);
	if (f->year)
		csvw_int(w, f->year);
	else
		csvw_empty(w);
	csvw_text(w, f->doc_kind);
	csvw_text(w, f->table);
	csvw_text(w, f->row_code);
	csvw_text(w, f->row_name);
	csvw_text(w, f->column);
	csvw_fixed(w, f->amount, f->unit_note == MU_COUNT ? 0 : 2);
	csvw_text(w, money_unit_name(f->unit_note));
	csvw_text(w, fact_source(f, src, sizeof src));
	csvw_endrow(w);
}

enum ys_err out_csv_facts(const char *path, const struct facts *fs, int bom, struct ys_error *err)
{
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		ys_error_set(err, path, 0, "cannot write: %s", strerror(errno));
		return YS_EIO;
	}
	struct csvw w;
	csvw_init(&w, fp, bom);
	csvw_header(&w, facts_csv_header);
	for (size_t i = 0; i < fs->n; i++)
		csvw_fact(&w, &fs->v[i]);
	if (fclose(fp) != 0)
		w.err = 1;
	if (w.err) {
		ys_error_set(err, path, 0, "write failed: %s", strerror(errno));
		return YS_EIO;
	}
	return YS_OK;
}
