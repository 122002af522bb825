/* Documents: reading files, detecting their format, metadata from title lines; the record every
 * reader fills is base/doc.c's. */
#include "doc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "tables.h"

enum ys_err doc_slurp(const char *path, size_t max_bytes, unsigned char **buf, size_t *n,
		      struct ys_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ys_error_set(err, path, 0, "cannot open: %s", strerror(errno));
		return YS_EIO;
	}
	size_t cap = 65536, len = 0;
	unsigned char *b = malloc(cap + 1);
	if (!b) {
		fclose(fp);
		return YS_ENOMEM;
	}
	for (;;) {
		if (len == cap) {
			if (max_bytes && len > max_bytes)
				break;
			cap *= 2;
			unsigned char *nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				fclose(fp);
				return YS_ENOMEM;
			}
			b = nb;
		}
		size_t r = fread(b + len, 1, cap - len, fp);
		len += r;
		if (r == 0)
			break;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(b);
		ys_error_set(err, path, 0, "read error");
		return YS_EIO;
	}
	if (max_bytes && len > max_bytes) {
		free(b);
		ys_error_set(err, path, 0, "file is larger than the input limit of %zu bytes; skipped",
			     max_bytes);
		return YS_ELIMIT;
	}
	b[len] = '\0';
	*buf = b;
	*n = len;
	return YS_OK;
}

static int has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), m = strlen(ext);
	if (n < m)
		return 0;
	for (size_t i = 0; i < m; i++) {
		char c = path[n - m + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != ext[i])
			return 0;
	}
	return 1;
}

enum doc_format doc_detect(const char *path, const unsigned char *buf, size_t n)
{
	if (n >= 5 && memcmp(buf, "%PDF-", 5) == 0)
		return FMT_PDF;
	size_t off = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
	if (n - off >= 19 && memcmp(buf + off, "unit_code,unit_name", 19) == 0)
		return FMT_CSV;
	if (has_ext(path, ".pdf"))
		return FMT_PDF;
	/* tab-separated rows make the seed format; space-aligned columns the layout format */
	size_t tabrows = 0, spacerows = 0;
	size_t lines = 0, nonblank = 0;
	for (size_t i = 0; i < n && lines < 4000;) {
		const unsigned char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n;
		size_t tabs = 0, gaps = 0, run = 0;
		for (size_t k = i; k < e; k++) {
			if (buf[k] == '\t')
				tabs++;
			if (buf[k] == ' ') {
				if (++run == 3)
					gaps++;
			} else {
				run = 0;
			}
		}
		if (tabs >= 2 && ++tabrows >= 3)
			return FMT_MD; /* (decided: nothing below can change it) */
		if (gaps >= 2)
			spacerows++;
		nonblank += e > i;
		lines++;
		i = e + 1;
	}
	if (spacerows >= 10 || (spacerows >= 3 && spacerows * 5 >= nonblank))
		return FMT_LAYOUT;
	return FMT_MD;
}

/* A table's note that it is empty is kept as a fact (column `stated_empty`, amount 0, on the
 * note's line), so that it survives a facts CSV. */
static void empty_markers(struct doc *d)
{
	for (size_t i = 0; i < d->ntables; i++) {
		const struct doc_table *t = &d->tables[i];
		if (!t->stated_empty)
			continue;
		struct fact f = doc_fact_template(d, t->key);
		f.row_code = "";
		f.row_name = "表注：本表无数据";
		f.column = "stated_empty";
		f.amount = 0;
		f.unit_note = t->unit;
		f.line = t->note_line ? t->note_line : t->line;
		f.page = t->note_page;
		facts_add(&d->facts, &f);
	}
}

int doc_meta_line(struct doc *d, const char *norm, int lineno)
{
	(void)lineno;
	return ident_line(d, norm);
}

enum ys_err doc_parse_text(struct doc *d, enum doc_format fmt, char *text, size_t len,
			   struct ys_error *err)
{
	if (fmt != FMT_MD && fmt != FMT_LAYOUT) {
		ys_error_set(err, d->path, 0, "format %s is not a single text document",
			     doc_format_name(fmt));
		return YS_EUSAGE;
	}
	/* whose document it is, from the whole text, before the reader makes facts */
	ident_scan(d, text, len, fmt == FMT_MD);
	enum ys_err e = fmt == FMT_MD ? doc_md_parse(d, text, len, err) : doc_layout_parse(d, text, len, err);
	if (e == YS_OK)
		ident_finish(d);
	return e;
}

enum ys_err doc_read(const char *path, enum doc_format fmt, struct doc *d, struct ys_error *err)
{
	unsigned char *buf;
	size_t n;
	enum ys_err e = doc_slurp(path, DOC_MAX_BYTES, &buf, &n, err);
	if (e) {
		doc_init(d, path);
		return e;
	}
	return doc_read_buffer(path, buf, n, fmt, d, err);
}

enum ys_err doc_read_buffer(const char *path, unsigned char *buf, size_t n, enum doc_format fmt,
			    struct doc *d, struct ys_error *err)
{
	const size_t limit = DOC_MAX_BYTES;
	enum ys_err e = doc_init(d, path);
	if (e) {
		free(buf);
		return e;
	}
	if (fmt == FMT_AUTO)
		fmt = doc_detect(path, buf, n);
	d->format = fmt;
	if (fmt == FMT_CSV) {
		free(buf);
		ys_error_set(err, path, 0, "a facts CSV holds many documents: read it with facts_csv");
		return YS_EUSAGE;
	}
	if (fmt == FMT_PDF) {
		free(buf);
		char *text;
		size_t tn;
		e = doc_pdf_to_text(path, limit, &text, &tn, err);
		if (e)
			return e;
		struct text_decoded td;
		e = text_decode(path, (const unsigned char *)text, tn, &td, err);
		free(text);
		if (e)
			return e;
		e = doc_parse_text(d, FMT_LAYOUT, td.text, td.len, err);
		free(td.text);
		if (e == YS_OK)
			empty_markers(d);
		return e;
	}
	if (n == 0) {
		free(buf);
		ys_error_set(err, path, 0, "empty file");
		return YS_EEMPTY;
	}
	struct text_decoded td;
	e = text_decode(path, buf, n, &td, err);
	free(buf);
	if (e)
		return e;
	d->enc = td.enc;
	if (fmt == FMT_AUTO)
		fmt = doc_detect(path, (const unsigned char *)td.text, td.len);
	if (td.cut_char) {
		long line = 1;
		for (size_t i = 0; i < td.len; i++)
			line += td.text[i] == '\n';
		doc_finding(d, "truncated", SEV_ERROR, (int)line, 0,
			    "file ends inside a character: the document looks truncated");
	}
	e = doc_parse_text(d, fmt, td.text, td.len, err);
	free(td.text);
	if (e == YS_OK)
		empty_markers(d);
	return e;
}
