/* The seed's format: markdown-like text (headings, **bold**, <b> tags, page markers) with
 * tab-separated tables under their titles. Tables may continue after a page break, with their
 * header repeated; a note under a table may state it empty. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "narrative.h"
#include "tables.h"

#define MAX_HDR 8
#define MAX_CELLS 256

struct md_table {
	int open;
	size_t idx;                  /* in d->tables */
	const char *kind;
	struct table_shape shape;
	int shaped;
	/* header rows as copied text, for the shape and to spot a repeated header */
	char *hdr_text[MAX_HDR];
	struct cell *hdr_cells[MAX_HDR];
	size_t hdr_w[MAX_HDR];
	size_t nhdr;
	int skipping_header;         /* inside a repeated header after a page break */
	int printed_zero, blank_zero;
	struct row_state rs;
	int header_line;
};

struct md_state {
	struct doc *d;
	struct md_table t;
	const char *pending_kind;    /* a title seen, its table not yet started */
	char pending_title[256];
	int pending_line;
	enum money_unit unit;
	int have_unit;
	int page;
	int orphan_reported;         /* the current block of untitled rows was reported */
	struct nline *nl;
	size_t nnl, capnl;
};

static size_t split_tabs(char *s, struct cell *cells, size_t max)
{
	size_t n = 0;
	char *p = s;
	for (;;) {
		char *tab = strchr(p, '\t');
		if (n < max) {
			cells[n].s = p;
			cells[n].len = tab ? (size_t)(tab - p) : strlen(p);
			n++;
		}
		if (!tab)
			break;
		p = tab + 1;
	}
	return n;
}

static void table_close(struct md_state *st)
{
	struct md_table *t = &st->t;
	if (t->open && !t->shaped && t->nhdr > 0) {
		struct doc_table *dt = &st->d->tables[t->idx];
		if (!dt->stated_empty)
			doc_finding(st->d, "empty_table", SEV_WARNING, t->header_line, 0,
				    "%s: table has a header but no rows and is not stated empty",
				    t->kind);
	}
	for (size_t i = 0; i < t->nhdr; i++) {
		free(t->hdr_text[i]);
		free(t->hdr_cells[i]);
	}
	tables_shape_free(&t->shape);
	memset(t, 0, sizeof *t);
}

static int table_open(struct md_state *st, int line)
{
	table_close(st);
	struct md_table *t = &st->t;
	if (!st->have_unit) {
		doc_finding(st->d, "no_unit", SEV_WARNING, line, 0,
			    "%s: no amount unit (单位：万元/元) stated before the table; assuming 万元",
			    st->pending_kind);
		st->unit = MU_WAN;
		st->have_unit = 1;
	}
	size_t idx = doc_add_table(st->d, st->pending_kind, st->pending_title, st->pending_line, 0,
				   st->unit);
	if (idx == (size_t)-1)
		return -1;
	t->open = 1;
	t->idx = idx;
	t->kind = st->d->tables[idx].key;
	t->header_line = line;
	st->pending_kind = NULL;
	return 0;
}

/* A data row has an amount, or 合计/总计 in its first label cells (a stated-empty table's
 * total row may have blank amounts). Column-number rows (1 2 3 …) are header. */
static int row_is_data(const struct cell *cells, size_t n)
{
	if (tables_is_colnum_row(cells, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (money_looks_numeric(cells[i].s, cells[i].len))
			return 1;
	for (size_t i = 0; i < n && i < 2; i++) {
		char t[64];
		text_norm(cells[i].s, cells[i].len, t, sizeof t);
		if (!strcmp(t, "合计") || !strcmp(t, "总计"))
			return 1;
	}
	return 0;
}

static int same_as_header(const struct md_table *t, const char *line)
{
	for (size_t i = 0; i < t->nhdr; i++)
		if (strcmp(t->hdr_text[i], line) == 0)
			return 1;
	return 0;
}

static void data_row(struct md_state *st, struct cell *cells, size_t n, int line)
{
	struct md_table *t = &st->t;
	struct doc *d = st->d;
	if (!t->shaped) {
		const struct cell *rows[MAX_HDR];
		size_t nh = 0, widths[MAX_HDR];
		for (size_t i = 0; i < t->nhdr; i++) {
			rows[nh] = t->hdr_cells[i];
			widths[nh++] = t->hdr_w[i];
		}
		if (nh == 0 || tables_shape_build(t->kind, rows, widths, nh, &t->shape) != YS_OK) {
			doc_finding(d, "unplaced_row", SEV_WARNING, line, 0,
				    "%s: rows without a usable header; table left out", t->kind);
			t->open = 0;
			return;
		}
		t->shaped = 1;
	}
	/* how this table writes zero: printed (0.00) or blank; see tables_emit_row */
	size_t last = 0;
	for (size_t c = 0; c < n; c++) {
		size_t len = cells[c].len;
		text_trim(cells[c].s, &len);
		if (len)
			last = c + 1;
	}
	for (size_t c = 0; c < n && c < t->shape.ncols; c++) {
		if (t->shape.cols[c].role != COL_AMOUNT)
			continue;
		size_t len = cells[c].len;
		const char *s = text_trim(cells[c].s, &len);
		int64_t v;
		int blank;
		if (len == 0 && c + 1 < last)
			t->blank_zero = 1;
		else if (len && money_parse(s, len, st->unit, &v, &blank) == YS_OK && v == 0 && !blank)
			t->printed_zero = 1;
	}
	struct row_sink sink = { 0 };
	sink.facts = &d->facts;
	sink.findings = &d->findings;
	sink.tmpl = doc_fact_template(d, t->kind);
	sink.unit = d->tables[t->idx].unit;
	sink.zero_printed = t->printed_zero && !t->blank_zero;
	if (tables_emit_row(&t->shape, &t->rs, cells, n, line, 0, &sink) >= 0)
		d->tables[t->idx].rows++;
}

static void tsv_line(struct md_state *st, char *line, int lineno)
{
	struct md_table *t = &st->t;
	char *copy = NULL;
	struct cell cells[MAX_CELLS];

	if (!t->open) {
		if (!st->pending_kind) {
			/* rows under no recognisable title: reported once per block, never guessed */
			if (!st->orphan_reported)
				doc_finding(st->d, "unplaced_row", SEV_WARNING, lineno, 0,
					    "tab-separated rows without a table title this reader knows; "
					    "the block is left out");
			st->orphan_reported = 1;
			return;
		}
		if (table_open(st, lineno) != 0)
			return;
	}
	if (t->shaped && same_as_header(t, line)) {
		t->skipping_header = 1;
		return;
	}
	copy = strdup(line);
	if (!copy)
		return;
	size_t n = split_tabs(copy, cells, MAX_CELLS);
	if (!t->shaped && !row_is_data(cells, n)) {
		if (t->nhdr < MAX_HDR) {
			t->hdr_text[t->nhdr] = strdup(line);
			t->hdr_cells[t->nhdr] = malloc(n * sizeof *cells);
			if (t->hdr_cells[t->nhdr] && t->hdr_text[t->nhdr]) {
				/* cells point into copy, which the header keeps */
				memcpy(t->hdr_cells[t->nhdr], cells, n * sizeof *cells);
				t->hdr_w[t->nhdr] = n;
				free(t->hdr_text[t->nhdr]);
				t->hdr_text[t->nhdr] = copy;
				t->nhdr++;
				return;
			}
			free(t->hdr_cells[t->nhdr]);
			free(t->hdr_text[t->nhdr]);
		}
		free(copy);
		return;
	}
	if (t->skipping_header) {
		if (!row_is_data(cells, n)) {
			free(copy);
			return;
		}
		t->skipping_header = 0;
	}
	data_row(st, cells, n, lineno);
	free(copy);
}

static void add_nline(struct md_state *st, const char *s, int line, enum nline_kind k)
{
	if (st->nnl == st->capnl) {
		size_t cap = st->capnl ? st->capnl * 2 : 256;
		struct nline *nv = realloc(st->nl, cap * sizeof *nv);
		if (!nv)
			return;
		st->nl = nv;
		st->capnl = cap;
	}
	st->nl[st->nnl].s = s;
	st->nl[st->nnl].line = line;
	st->nl[st->nnl].page = 0;
	st->nl[st->nnl].kind = k;
	st->nnl++;
}

enum ys_err doc_md_parse(struct doc *d, char *text, size_t len, struct ys_error *err)
{
	struct md_state st;
	memset(&st, 0, sizeof st);
	st.d = d;
	int lineno = 0;
	char *p = text, *end = text + len;
	size_t textlines = 0;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		*e = '\0';
		lineno++;
		char *line = p;
		p = e + 1;
		size_t l = (size_t)(e - line);
		int marker = text_page_marker(line, l);
		if (marker) {
			st.page = marker;
			continue; /* a page break does not end a table */
		}
		while (*line == '\f') {
			line++;
			l--;
		}
		int heading = line[0] == '#';
		l = text_strip_markup(line, l);
		if (memchr(line, '\t', l)) {
			tsv_line(&st, line, lineno);
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		size_t tl = l;
		const char *tr = text_trim(line, &tl);
		if (tl == 0) {
			add_nline(&st, "", lineno, NL_BLANK);
			continue;
		}
		textlines++;
		st.orphan_reported = 0;
		char norm[600];
		text_norm(tr, tl, norm, sizeof norm);
		if (st.t.open) {
			if (tables_stated_empty(norm))
				doc_table_empty(d, st.t.idx, lineno, 0);
			table_close(&st);
			if (tables_stated_empty(norm))
				continue;
		} else if (st.pending_kind && tables_stated_empty(norm)) {
			/* a title, its unit, and straight away: `故本表为空表` */
			size_t idx = doc_add_table(d, st.pending_kind, st.pending_title, st.pending_line,
						   0, st.have_unit ? st.unit : MU_WAN);
			if (idx != (size_t)-1)
				doc_table_empty(d, idx, lineno, 0);
			st.pending_kind = NULL;
			continue;
		} else if (d->ntables && tables_stated_empty(norm)) {
			/* the note after a table that ended at a blank line */
			struct doc_table *last = &d->tables[d->ntables - 1];
			if (lineno - last->line < 400)
				doc_table_empty(d, d->ntables - 1, lineno, 0);
			continue;
		}
		enum money_unit u;
		if (tables_unit_line(norm, &u)) {
			st.unit = u;
			st.have_unit = 1;
		}
		if (doc_meta_line(d, norm, lineno) || tables_unit_line(norm, &u)) {
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		const char *kind = tables_kind_from_title(norm);
		if (kind) {
			st.pending_kind = kind;
			size_t n = tl < sizeof st.pending_title - 1 ? tl : sizeof st.pending_title - 1;
			memcpy(st.pending_title, tr, n);
			st.pending_title[n] = '\0';
			st.pending_line = lineno;
			add_nline(&st, "", lineno, NL_BREAK);
			continue;
		}
		/* any other text: narrative (a title without its table is forgotten) */
		if (!strstr(tr, "预算公开") || strstr(tr, "万元"))
			st.pending_kind = NULL;
		add_nline(&st, tr, lineno, heading ? NL_HEADING : NL_TEXT);
	}
	table_close(&st);

	enum ys_err e = YS_OK;
	if (d->ntables == 0 && textlines == 0) {
		ys_error_set(err, d->path, lineno, "no text in the document");
		e = YS_EEMPTY;
	} else {
		e = narrative_extract(d, st.nl, st.nnl);
	}
	if (e == YS_OK && d->ntables == 0 && !d->year) {
		ys_error_set(err, d->path, 1,
			     "not a budget disclosure: no title with a year and no table found");
		e = YS_EPARSE;
	}
	free(st.nl);
	return e;
}
