/* What each fuzz target feeds to the library: the money parser, the seed-format (md) reader, the
 * layout reader, the narrative extractor and the facts CSV reader. Compiled into the libFuzzer
 * harnesses (entry.c) and into the regression test (test_fuzz_regress.c), which replays every
 * input kept in tests/fuzz/regress/ and tests/fuzz/seeds/ under the sanitizers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "read/doc.h"
#include "read/facts_csv.h"
#include "read/narrative.h"

/* money_parse on the bytes (the first byte picks the unit); what parses must print and parse back
 * to the same value. */
int ys_fuzz_money(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	enum money_unit u = (enum money_unit)(data[0] % 5);
	int64_t v;
	int blank;
	if (money_parse((const char *)data + 1, size - 1, u, &v, &blank) != YS_OK)
		return 0;
	if (u == MU_YUAN || u == MU_QIAN)
		return 0; /* printed in 万元: another unit's text */
	char b[32];
	money_format(v, 0, b);
	int64_t w;
	if (money_parse(b, strlen(b), u, &w, NULL) != YS_OK || w != v)
		abort();
	return 0;
}

static int parse_as(const uint8_t *data, size_t size, enum doc_format fmt)
{
	if (size > ((size_t)1 << 20))
		return 0;
	char *t = malloc(size + 1);
	if (!t)
		return 0;
	memcpy(t, data, size);
	t[size] = '\0';
	struct doc d;
	struct ys_error e;
	doc_init(&d, "fuzz.txt");
	doc_parse_text(&d, fmt, t, size, &e);
	doc_free(&d);
	free(t);
	return 0;
}

int ys_fuzz_md(const uint8_t *data, size_t size)
{
	return parse_as(data, size, FMT_MD);
}

int ys_fuzz_layout(const uint8_t *data, size_t size)
{
	return parse_as(data, size, FMT_LAYOUT);
}

/* Lines of narrative text; a line starting with '#' is a heading, an empty one a blank, one
 * starting with a space a break. */
int ys_fuzz_narrative(const uint8_t *data, size_t size)
{
	if (size > ((size_t)1 << 18))
		return 0;
	char *t = malloc(size + 1);
	struct nline *lines = calloc(size + 1, sizeof *lines);
	if (!t || !lines) {
		free(t);
		free(lines);
		return 0;
	}
	memcpy(t, data, size);
	t[size] = '\0';
	size_t n = 0;
	char *save = NULL;
	int lineno = 0;
	for (char *l = strtok_r(t, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		lines[n].s = l;
		lines[n].line = ++lineno;
		lines[n].page = 1 + lineno / 50;
		lines[n].kind = l[0] == '#' ? NL_HEADING : l[0] == '\0' ? NL_BLANK : l[0] == ' ' ? NL_BREAK : NL_TEXT;
		n++;
	}
	struct doc d;
	doc_init(&d, "fuzz.txt");
	narrative_extract(&d, lines, n);
	doc_free(&d);
	free(lines);
	free(t);
	return 0;
}

int ys_fuzz_facts_csv(const uint8_t *data, size_t size)
{
	unsigned char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	struct doc *docs = NULL, diag;
	size_t nd = 0;
	struct ys_error e;
	doc_init(&diag, "fuzz.csv");
	/* the reader takes buf */
	facts_csv_read_buffer("fuzz.csv", buf, size, &docs, &nd, &diag, &e);
	for (size_t i = 0; i < nd; i++)
		doc_free(&docs[i]);
	free(docs);
	doc_free(&diag);
	return 0;
}
