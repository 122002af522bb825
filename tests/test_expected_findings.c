/* Expected findings as the specification (issue 16, item 6): for every real document we have
 * (../shared/seeds, the PDFs of ../shared/corpus and their text, those of ../shared/corpus/cities) a file
 * tests/expected-findings/NAME.txt lists the `error` findings the audit must give — each checked
 * against the PDF page, which the line's note names. One audit over all of them: an error not
 * listed is a false alarm, a listed one not given a miss; both fail. Errors given today that no
 * one has checked yet are in tests/expected-findings/unverified.txt (a ratchet: tolerated; one
 * no longer given is logged, not failed, so that another helper's better reading is not blocked). Warnings and infos are not listed. Skipped when ../shared is absent.
 *
 * A line of NAME.txt: `check<TAB>expected<TAB>actual<TAB># p.N: what the page shows` (the
 * figures as audit.csv writes them; expected may be empty). unverified.txt: `NAME<TAB>check<TAB>
 * expected<TAB>actual`. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(expected_findings, .fini = teardown);

#define MAXE 4096

struct entry {
	char key[2048]; /* NAME\tcheck\texpected\tactual */
	int used;
	int verified;
};

static struct entry want[MAXE], got[MAXE];
static size_t nwant, ngot;

/* The fields of one CSV record (RFC 4180) at *p; advances *p past it. */
static size_t csv_record(const char **p, char f[][512], size_t maxf)
{
	const char *s = *p;
	size_t nf = 0, k = 0;
	int q = 0;
	f[0][0] = '\0';
	for (; *s; s++) {
		if (q) {
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"') {
				q = 0;
				continue;
			}
		} else if (*s == '"') {
			q = 1;
			continue;
		} else if (*s == ',' || *s == '\n') {
			f[nf][k] = '\0';
			if (nf + 1 < maxf)
				nf++;
			k = 0;
			f[nf][0] = '\0';
			if (*s == '\n') {
				s++;
				break;
			}
			continue;
		}
		if (k + 1 < 512)
			f[nf][k++] = *s;
	}
	f[nf][k] = '\0';
	*p = s;
	return nf;
}

/* The document's file name in a source (`…/x.pdf:21:42` → x.pdf). */
static void name_of(const char *src, char *out, size_t n)
{
	const char *b = strrchr(src, '/');
	b = b ? b + 1 : src;
	snprintf(out, n, "%s", b);
	for (char *e = out; *e; e++)
		if ((!strncmp(e, ".pdf", 4) || !strncmp(e, ".txt", 4) || !strncmp(e, ".md", 3)) &&
		    (e[e[1] == 'm' ? 3 : 4] == ':' || e[e[1] == 'm' ? 3 : 4] == '\0')) {
			e[e[1] == 'm' ? 3 : 4] = '\0';
			break;
		}
}

static void add_want(const char *name, const char *line, int verified)
{
	char c[4][300] = { { 0 } };
	size_t k = 0, j = 0;
	for (const char *s = line; *s && *s != '\n' && k < 4; s++) {
		if (*s == '\t') {
			c[k][j] = '\0';
			k++;
			j = 0;
			continue;
		}
		if (j + 1 < sizeof c[0])
			c[k][j++] = *s;
	}
	cr_assert_lt(nwant, MAXE);
	struct entry *e = &want[nwant++];
	if (name)
		snprintf(e->key, sizeof e->key, "%s\t%s\t%s\t%s", name, c[0], c[1], c[2]);
	else
		snprintf(e->key, sizeof e->key, "%s\t%s\t%s\t%s", c[0], c[1], c[2], c[3]);
	e->verified = verified;
}

static void read_list(const char *path, const char *name, int verified)
{
	char *t = ys_slurp(path, NULL);
	cr_assert_not_null(t, "every real document has its expected findings: %s is missing", path);
	for (char *l = strtok(t, "\n"); l; l = strtok(NULL, "\n"))
		if (l[0] != '#' && l[0])
			add_want(name, l, verified);
	free(t);
}

Test(expected_findings, every_real_document_gives_exactly_its_errors, .timeout = 600)
{
	const char *shared = ys_shared("corpus");
	if (!shared) {
		cr_skip_test("../shared is absent");
		return;
	}
	static const char *const pats[] = { "seeds/*", "corpus/*.pdf", "corpus/*.layout.txt", "corpus/cities/*.pdf" };
	const char *argv[256];
	size_t na = 0;
	argv[na++] = "audit";
	glob_t g[4];
	char rel[1200];
	for (size_t i = 0; i < 4; i++) {
		snprintf(rel, sizeof rel, "%s/../shared/%s", YS_SOURCE_DIR, pats[i]);
		cr_assert_eq(glob(rel, 0, NULL, &g[i]), 0, "%s", rel);
		for (size_t k = 0; k < g[i].gl_pathc && na < 250; k++) {
			argv[na++] = g[i].gl_pathv[k];
			char nm[300], path[1600];
			name_of(g[i].gl_pathv[k], nm, sizeof nm);
			snprintf(path, sizeof path, "%s/tests/expected-findings/%s.txt", YS_SOURCE_DIR, nm);
			read_list(path, nm, 1);
		}
	}
	argv[na] = NULL;
	snprintf(rel, sizeof rel, "%s/tests/expected-findings/unverified.txt", YS_SOURCE_DIR);
	read_list(rel, NULL, 0);
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL, argv), 0);
	cr_assert(p.status == 0 || p.status == 1, "%d %.2000s", p.status, p.err);
	const char *s = p.out;
	static char f[16][512];
	static char nm[300];
	csv_record(&s, f, 16); /* the header */
	while (*s) {
		size_t nf = csv_record(&s, f, 16);
		if (nf < 10 || strcmp(f[5], "error"))
			continue;
		name_of(f[9], nm, sizeof nm);
		cr_assert_lt(ngot, MAXE);
		snprintf(got[ngot++].key, sizeof got[0].key, "%s\t%s\t%s\t%s", nm, f[4], f[6], f[7]);
	}
	ys_proc_free(&p);
	for (size_t i = 0; i < 4; i++)
		globfree(&g[i]);
	/* each error given takes one listed line: a verified one first, else an unverified one */
	char report[1 << 15];
	size_t w = 0;
	report[0] = '\0';
	for (int pass = 1; pass >= 0; pass--)
		for (size_t i = 0; i < ngot; i++)
			for (size_t j = 0; !got[i].used && j < nwant; j++)
				if (!want[j].used && want[j].verified == pass && !strcmp(want[j].key, got[i].key))
					want[j].used = got[i].used = 1;
	size_t alarms = 0, misses = 0, gone = 0;
	for (size_t i = 0; i < ngot; i++)
		if (!got[i].used) {
			alarms++;
			if (w < sizeof report - 500)
				w += (size_t)snprintf(report + w, sizeof report - w, "false alarm (not listed): %s\n", got[i].key);
		}
	for (size_t j = 0; j < nwant; j++)
		if (!want[j].used && !want[j].verified) {
			/* fewer errors is no failure: said, so that the list is pruned */
			cr_log_info("no longer given (remove it from unverified.txt): %s", want[j].key);
			gone++;
		}
	for (size_t j = 0; j < nwant; j++)
		if (!want[j].used && want[j].verified) {
			misses++;
			if (w < sizeof report - 500)
				w += (size_t)snprintf(report + w, sizeof report - w, "%s: %s\n",
						      want[j].verified ? "miss (listed, not given)"
								       : "no longer given (remove it from unverified.txt)",
						      want[j].key);
		}
	cr_assert(alarms == 0 && misses == 0, "%zu false alarms, %zu misses (and %zu unverified no longer given):\n%s",
		  alarms, misses, gone, report);
}
