/* Batch-grade runs (issue 6): an incremental rerun gives exactly what a full run gives (after an
 * edit, a removal, a damaged cache entry, a new registry), changes.csv says what one edit did,
 * and a run killed at any moment leaves the previous results whole. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(batch, .fini = teardown);

#define RUN_IN(p, dir, ...) \
	cr_assert_eq(ys_exec(p, dir, NULL, (const char *const[]){ __VA_ARGS__, NULL }), 0)

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[2000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* The manifest from "outputs" to the timings: every output's name, size and hash, and the
 * counts. Equal strings = byte-identical results. */
static char *outputs(const char *dir)
{
	char p[1000];
	snprintf(p, sizeof p, "%s/manifest.json", dir);
	char *m = ys_slurp(p, NULL);
	cr_assert_not_null(m, "%s missing", p);
	char *o = strstr(m, "\"outputs\"");
	char *t = strstr(m, "  \"timings\"");
	cr_assert(o && t);
	*t = '\0';
	char *r = strdup(o);
	free(m);
	return r;
}

static void drop_line(char *s, const char *needle)
{
	char *at = strstr(s, needle);
	if (!at)
		return;
	char *b = at, *e = strchr(at, '\n');
	while (b > s && b[-1] != '\n')
		b--;
	if (e)
		memmove(b, e + 1, strlen(e + 1) + 1);
	else
		*b = '\0';
}

static char *manifest(const char *dir)
{
	char p[1000];
	snprintf(p, sizeof p, "%s/manifest.json", dir);
	return ys_slurp(p, NULL);
}

/* A run of `yusuan run in -o out` in dir; returns stderr (caller frees). */
static char *run(const char *dir, const char *out, const char *extra)
{
	struct proc p;
	if (extra)
		RUN_IN(&p, dir, "run", "in", "-o", out, "-q", extra);
	else
		RUN_IN(&p, dir, "run", "in", "-o", out, "-v");
	cr_assert(p.status == 0 || p.status == 1, "status %d: %s", p.status, p.err);
	char *e = strdup(p.err);
	ys_proc_free(&p);
	return e;
}

static const char *demo(void)
{
	const char *dir = ys_scratch();
	sh("cp -r datasets/demo '%s/in'", dir);
	return dir;
}

static void same_as_full_run(const char *dir, const char *inc, const char *label)
{
	char full[700];
	snprintf(full, sizeof full, "%s/full", dir);
	sh("rm -rf '%s'", full);
	free(run(dir, "full", "--charts=none"));
	(void)full;
	char a[700];
	snprintf(a, sizeof a, "%s/%s", dir, inc);
	snprintf(full, sizeof full, "%s/full", dir);
	char *x = outputs(a), *y = outputs(full);
	/* changes.csv compares with the previous results: a fresh folder has none */
	drop_line(x, "\"changes.csv\"");
	drop_line(y, "\"changes.csv\"");
	cr_assert_str_eq(x, y, "%s: incremental and full runs differ", label);
	free(x);
	free(y);
}

/* After a run into dir/out: the manifest's cache counts hold expect, and the results are those
 * of a full run. */
static void cache_says(const char *dir, const char *out, const char *expect, const char *label)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s", dir, out);
	char *m = manifest(p);
	cr_assert(strstr(m, expect), "%s: %s", label, strstr(m, "\"cache\""));
	free(m);
	same_as_full_run(dir, out, label);
}

Test(batch, incremental_reruns_equal_full_runs, .timeout = 240)
{
	const char *dir = demo();
	char incp[700];
	snprintf(incp, sizeof incp, "%s/inc", dir);
	/* first run: nothing cached */
	free(run(dir, "inc", "--charts=none"));
	char *m = manifest(incp);
	cr_assert(strstr(m, "\"cache\": {\"files_from_cache\": 0, \"files_read\": 175,"), "%s", m);
	free(m);
	/* nothing changed: everything from the cache, the same results */
	free(run(dir, "inc", "--charts=none"));
	cache_says(dir, "inc", "\"cache\": {\"files_from_cache\": 175, \"files_read\": 0, \"entries_rejected\": 0,",
		   "unchanged");

	/* one document edited: one file read again */
	sh("sed -i 's/2024年单位一般公共预算安排的“三公”经费支出预算7.10万元/"
	   "2024年单位一般公共预算安排的“三公”经费支出预算7.30万元/' '%s/in/801001-2024-budget.txt'",
	   dir);
	free(run(dir, "inc", "--charts=none"));
	cache_says(dir, "inc", "\"files_from_cache\": 174, \"files_read\": 1,", "one edit");

	/* one document removed: it drops out */
	sh("rm '%s/in/806-2022-budget.txt'", dir);
	free(run(dir, "inc", "--charts=none"));
	same_as_full_run(dir, "inc", "one removal");
	sh("test $(wc -l < '%s/inc/.cache/index') -eq 174", dir);

	/* a damaged entry is not trusted: its file is read again */
	sh("printf 'X' | dd of='%s/inc/.cache/pack' bs=1 seek=100 conv=notrunc 2>/dev/null", dir);
	free(run(dir, "inc", "--charts=none"));
	cache_says(dir, "inc", "\"files_from_cache\": 173, \"files_read\": 1, \"entries_rejected\": 1,",
		   "damaged entry");

	/* a new registry changes what the entries depend on: all read again */
	sh("printf 'unit_code,unit_name,aliases,parent_code,group\\n801001,,,,教育\\n' >> '%s/in/units.csv'", dir);
	free(run(dir, "inc", "--charts=none"));
	cache_says(dir, "inc", "\"files_from_cache\": 0, \"files_read\": 174, \"entries_rejected\": 174,",
		   "new registry");
}

/* Three reading threads append their cache entries to the pack side by side: the rerun finds
 * every file's entry and gives the same results. */
Test(batch, cache_written_by_threads_serves_the_rerun, .timeout = 120)
{
	const char *dir = demo();
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "out", "-q", "--charts=none", "-j", "3");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	char outp[700];
	snprintf(outp, sizeof outp, "%s/out", dir);
	char *first = outputs(outp);
	RUN_IN(&p, dir, "run", "in", "-o", "out", "-q", "--charts=none", "-j", "3");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	char *m = manifest(outp);
	cr_assert(strstr(m, "\"cache\": {\"files_from_cache\": 175, \"files_read\": 0, \"entries_rejected\": 0,"),
		  "%s", strstr(m, "\"cache\""));
	free(m);
	char *second = outputs(outp);
	cr_assert_str_eq(first, second);
	free(first);
	free(second);
	sh("test $(wc -l < '%s/out/.cache/index') -eq 175", dir);
}

/* Entries are keyed on the canonical path: the same files named relative, absolute or through a
 * link are taken from the cache, and the results carry the new spelling exactly as a full run
 * with it does (the rows' sources, the findings' files). */
static void spelled(const char *dir, const char *in, const char *full, const char *label)
{
	struct proc p;
	RUN_IN(&p, dir, "run", in, "-o", "inc", "-q", "--charts=none");
	cr_assert(p.status == 0 || p.status == 1, "%s: %s", label, p.err);
	ys_proc_free(&p);
	char a[700], b[700];
	snprintf(a, sizeof a, "%s/inc", dir);
	char *m = manifest(a);
	cr_assert(strstr(m, "\"cache\": {\"files_from_cache\": 175, \"files_read\": 0, \"entries_rejected\": 0,"),
		  "%s: %s", label, strstr(m, "\"cache\""));
	free(m);
	RUN_IN(&p, dir, "run", in, "-o", full, "-q", "--charts=none");
	ys_proc_free(&p);
	snprintf(b, sizeof b, "%s/%s", dir, full);
	char *x = outputs(a), *y = outputs(b);
	drop_line(x, "\"changes.csv\"");
	drop_line(y, "\"changes.csv\"");
	cr_assert_str_eq(x, y, "%s: the rerun from the cache and a full run differ", label);
	free(x);
	free(y);
	/* the pack of entries respelled is the one a full run writes */
	sh("cmp '%s/inc/.cache/pack' '%s/%s/.cache/pack' && cmp '%s/inc/.cache/index' '%s/%s/.cache/index'", dir,
	   dir, full, dir, dir, full);
}

Test(batch, cache_keyed_on_the_canonical_path, .timeout = 180)
{
	const char *dir = demo();
	free(run(dir, "inc", "--charts=none"));
	char abs[700];
	snprintf(abs, sizeof abs, "%s/in", dir);
	spelled(dir, abs, "full_abs", "absolute");
	sh("grep -q '^801,示例市教育局(本级),2020,budget/unit,summary,,一般公共预算拨款,income,4635.00,万元,%s/801-2020-budget.txt:67$' "
	   "'%s/inc/facts.csv'", abs, dir);
	sh("grep -q ',missing_table,info,,,,%s/802-2020-budget.txt,' '%s/inc/audit.csv'", abs, dir);
	sh("! grep -q ',in/801-2020-budget.txt:' '%s/inc/facts.csv'", dir);
	sh("ln -s in '%s/lnk'", dir);
	spelled(dir, "lnk", "full_lnk", "through a link");
	sh("grep -q ',lnk/801-2020-budget.txt:[0-9]*$' '%s/inc/facts.csv'", dir);
	spelled(dir, "in", "full_rel", "relative again");
	sh("grep -q ',万元,in/801-2020-budget.txt:67$' '%s/inc/facts.csv'", dir);
	sh("grep -q ',missing_table,info,,,,in/802-2020-budget.txt,' '%s/inc/audit.csv'", dir);
}

/* A facts CSV is read a document at a time (issue 17, memory flat in the number of documents);
 * documents whose rows are not together are read as before, the file at once: the results are
 * the same either way, and a file broken after some documents were handed out gives none. */
static char *facts_run(const char *csv, const char *sub, int *status)
{
	const char *dir = ys_scratch();
	sh("mkdir -p '%s/%s/in'", dir, sub);
	char p[700];
	snprintf(p, sizeof p, "%s/%s/in/f.csv", dir, sub);
	FILE *fp = fopen(p, "w");
	cr_assert_not_null(fp);
	fputs(csv, fp);
	fclose(fp);
	snprintf(p, sizeof p, "%s/%s", dir, sub);
	struct proc pr;
	RUN_IN(&pr, p, "run", "in", "-o", "out", "-q", "--charts=none");
	*status = pr.status;
	char *e = strdup(pr.err);
	ys_proc_free(&pr);
	return e;
}

static char *facts_out(const char *sub, const char *file)
{
	char p[800];
	snprintf(p, sizeof p, "%s/%s/out/%s", ys_scratch(), sub, file);
	char *t = ys_slurp(p, NULL);
	cr_assert_not_null(t, "%s missing", p);
	return t;
}

#define FH "unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n"
#define FA1 "999021,示例市流式中心,2025,budget/unit,expenditure,,合计,total,100.00,万元,a.md:15\n"
#define FA2 "999021,示例市流式中心,2025,budget/unit,expenditure,,合计,basic,80.00,万元,a.md:15\n"
#define FB1 "999022,示例市流式二中心,2025,budget/unit,expenditure,,合计,total,50.00,万元,b.md:9\n"
#define FB2 "999022,示例市流式二中心,2025,budget/unit,expenditure,,合计,basic,50.00,万元,b.md:9\n"

Test(batch, facts_csv_streamed_or_whole_gives_the_same, .timeout = 60)
{
	int st;
	char *e = facts_run(FH FA1 FA2 FB1 FB2, "grouped", &st);
	cr_assert(st == 0 || st == 1, "status %d: %s", st, e);
	free(e);
	e = facts_run(FH FA1 FB1 FA2 FB2, "mixed", &st);
	cr_assert(st == 0 || st == 1, "status %d: %s", st, e);
	free(e);
	const char *files[] = { "facts.csv", "metrics.csv", "audit.csv", "reading.csv", "breakdown.csv" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *a = facts_out("grouped", files[i]), *b = facts_out("mixed", files[i]);
		cr_assert_str_eq(a, b, "%s differs between the grouped and the mixed file", files[i]);
		free(a);
		free(b);
	}
	/* each document's rows together, in the order documents first appear */
	char *f = facts_out("grouped", "facts.csv");
	cr_assert_str_eq(f, FH FA1 FA2 FB1 FB2);
	free(f);
	char *m = facts_out("grouped", "metrics.csv");
	cr_assert(strstr(m, "\n999021,示例市流式中心,2025,budget/unit,999,,100.00,"), "%s", m);
	cr_assert(strstr(m, "\n999022,示例市流式二中心,2025,budget/unit,999,,50.00,"), "%s", m);
	free(m);
}

Test(batch, facts_csv_broken_after_documents_gives_none, .timeout = 60)
{
	int st;
	/* the first document was handed out before the broken quote at the end was met */
	char *e = facts_run(FH FA1 FA2 FB1 "999022,\"示例市流式二中心,2025\n", "broken", &st);
	cr_assert_eq(st, 3, "status %d: %s", st, e);
	cr_assert(strstr(e, "yusuan: in/f.csv:5: broken CSV at end of file"), "%s", e);
	free(e);
}

/* The pack holds no facts rows, only where a file's rows are in facts.csv and their hash: rows
 * edited or gone there make the entry unusable, and only that file is read again. */
Test(batch, cache_rows_are_checked_in_facts_csv, .timeout = 120)
{
	const char *dir = demo();
	free(run(dir, "out", "--charts=none"));
	/* the pack is small: summaries and findings, not the rows */
	sh("test $(stat -c %%s '%s/out/.cache/pack') -lt $(stat -c %%s '%s/out/facts.csv')", dir, dir);
	/* one character of the first file's first row (the same length) */
	sh("sed -i '2s/,/;/' '%s/out/facts.csv'", dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "in", "-o", "out", "-v", "--charts=none");
	cr_assert(strstr(p.err, "cache entry not used (its rows are no longer in the previous facts.csv)"),
		  "%s", p.err);
	ys_proc_free(&p);
	cache_says(dir, "out", "\"files_from_cache\": 174, \"files_read\": 1, \"entries_rejected\": 1,",
		   "a row edited in facts.csv");
	/* facts.csv gone: every file is read again */
	sh("rm '%s/out/facts.csv'", dir);
	free(run(dir, "out", "--charts=none"));
	cache_says(dir, "out", "\"files_from_cache\": 0, \"files_read\": 175, \"entries_rejected\": 175,",
		   "facts.csv removed");
}

Test(batch, charts_are_reused_when_unchanged, .timeout = 240)
{
	if (system("command -v gnuplot >/dev/null 2>&1") != 0)
		cr_skip_test("gnuplot is not installed");
	const char *dir = demo();
	free(run(dir, "out", "--charts=png"));
	char outp[700];
	snprintf(outp, sizeof outp, "%s/out", dir);
	char *first = outputs(outp);
	free(run(dir, "out", "--charts=png"));
	char *m = manifest(outp);
	int asked = -1, reused = -2;
	cr_assert_eq(sscanf(strstr(m, "\"charts\": {"), "\"charts\": {\"asked\": %d", &asked), 1);
	cr_assert_eq(sscanf(strstr(m, "\"charts_reused\": "), "\"charts_reused\": %d", &reused), 1);
	cr_assert_gt(asked, 100);
	cr_assert_eq(reused, asked, "%d of %d charts reused", reused, asked);
	free(m);
	char *second = outputs(outp);
	cr_assert_str_eq(first, second);
	free(first);
	free(second);
}

/* -j N draws with N gnuplot processes (issue 17): the charts, and every other output, are the
 * same bytes at -j 1 and -j 3, each process writes an index of its own, and a rerun at another
 * -j reuses every chart from all of them. */
Test(batch, charts_of_n_gnuplots_are_those_of_one, .timeout = 240)
{
	if (system("command -v gnuplot >/dev/null 2>&1") != 0)
		cr_skip_test("gnuplot is not installed");
	const char *dir = demo();
	struct proc pr;
	RUN_IN(&pr, dir, "run", "in", "-o", "one", "-q", "--charts=svg", "-j", "1");
	cr_assert(pr.status == 0 || pr.status == 1, "status %d: %s", pr.status, pr.err);
	ys_proc_free(&pr);
	RUN_IN(&pr, dir, "run", "in", "-o", "three", "-q", "--charts=svg", "-j", "3");
	cr_assert(pr.status == 0 || pr.status == 1, "status %d: %s", pr.status, pr.err);
	ys_proc_free(&pr);
	char a[700], b[700];
	snprintf(a, sizeof a, "%s/one", dir);
	snprintf(b, sizeof b, "%s/three", dir);
	char *x = outputs(a), *y = outputs(b);
	cr_assert(strstr(x, "charts/all/rank_growth.svg"), "%s", x);
	cr_assert_str_eq(x, y, "-j 1 and -j 3 differ");
	free(y);
	sh("diff -r -x .cache -x manifest.json '%s' '%s'", a, b);
	/* three indexes, between them every chart once */
	sh("cd '%s/.cache' && test -s charts.idx && test -s charts.idx.1 && test -s charts.idx.2 && "
	   "! test -e charts.idx.3 && test $(cat charts.idx* | wc -l) = $(cat '%s/.cache/charts.idx' | wc -l) && "
	   "test $(cat charts.idx* | cut -d' ' -f4 | sort -u | wc -l) = $(cat charts.idx* | wc -l)", b, a);
	RUN_IN(&pr, dir, "run", "in", "-o", "three", "-q", "--charts=svg", "-j", "2");
	cr_assert(pr.status == 0 || pr.status == 1, "status %d: %s", pr.status, pr.err);
	ys_proc_free(&pr);
	char *m = manifest(b);
	int asked = -1, reused = -2;
	cr_assert_eq(sscanf(strstr(m, "\"charts\": {"), "\"charts\": {\"asked\": %d", &asked), 1);
	cr_assert_eq(sscanf(strstr(m, "\"charts_reused\": "), "\"charts_reused\": %d", &reused), 1);
	cr_assert_gt(asked, 100);
	cr_assert_eq(reused, asked, "%d of %d charts reused", reused, asked);
	free(m);
	y = outputs(b);
	cr_assert_str_eq(x, y, "the rerun at -j 2 differs");
	free(x);
	free(y);
}

static ino_t inode(const char *dir, const char *rel)
{
	char p[900];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	struct stat st;
	cr_assert_eq(stat(p, &st), 0, "%s missing", p);
	return st.st_ino;
}

/* A rerun links the pages that did not change from the previous results (no new file), writes
 * the ones that did, and the pages are the same as a full run's. */
Test(batch, unchanged_pages_are_linked, .timeout = 120)
{
	const char *dir = demo();
	free(run(dir, "out", "--charts=none"));
	char outp[700];
	snprintf(outp, sizeof outp, "%s/out", dir);
	ino_t other = inode(outp, "briefing/u806.html"), edited = inode(outp, "briefing/u801001.md");
	sh("sed -i 's/2024年单位一般公共预算安排的“三公”经费支出预算7.10万元/"
	   "2024年单位一般公共预算安排的“三公”经费支出预算7.30万元/' '%s/in/801001-2024-budget.txt'",
	   dir);
	free(run(dir, "out", "--charts=none"));
	cr_assert_eq(inode(outp, "briefing/u806.html"), other, "an unchanged page is linked");
	cr_assert_neq(inode(outp, "briefing/u801001.md"), edited, "the edited unit's page is new");
	char *md = ys_slurp(strcat(outp, "/briefing/u801001.md"), NULL);
	cr_assert(strstr(md, "7.30"), "the new page says the new figure");
	free(md);
	same_as_full_run(dir, "out", "pages after an edit");
}

Test(batch, changes_csv_shows_one_edits_consequences, .timeout = 120)
{
	const char *dir = demo();
	free(run(dir, "out", "--charts=none"));
	char p[700];
	snprintf(p, sizeof p, "%s/out/changes.csv", dir);
	char *c = ys_slurp(p, NULL);
	cr_assert_str_eq(c, "change,what,unit_code,unit_name,year,doc_kind,item,old,new,detail\n",
			 "the first run has nothing to compare with");
	free(c);
	sh("sed -i 's/2024年单位一般公共预算安排的“三公”经费支出预算7.10万元/"
	   "2024年单位一般公共预算安排的“三公”经费支出预算7.30万元/' '%s/in/801001-2024-budget.txt'",
	   dir);
	char *e = run(dir, "out", NULL);
	cr_assert(strstr(e, "; 2 changes since the previous run → out/"), "%s", e);
	free(e);
	c = ys_slurp(p, NULL);
	cr_assert_str_eq(
		c,
		"change,what,unit_code,unit_name,year,doc_kind,item,old,new,detail\n"
		"changed,metric,801001,示例市教育局第一研究院,2024,budget/unit,quality_score,100,90,\n"
		"added,finding,801001,示例市教育局第一研究院,2024,budget/unit,narrative_vs_table,,7.30,"
		"error: 情况说明称“2024年单位一般公共预算安排的三公经费支出预算”为7.30万元，“三公”经费表所列为7.10万元"
		"（第161行）（in/801001-2024-budget.txt:33）\n");
	free(c);
	/* and back: the same two, the other way round */
	sh("sed -i 's/支出预算7.30万元/支出预算7.10万元/' '%s/in/801001-2024-budget.txt'", dir);
	free(run(dir, "out", "--charts=none"));
	c = ys_slurp(p, NULL);
	cr_assert(strstr(c, "changed,metric,801001,示例市教育局第一研究院,2024,budget/unit,quality_score,90,100,\n"));
	cr_assert(strstr(c, "removed,finding,801001,示例市教育局第一研究院,2024,budget/unit,narrative_vs_table,7.30,,"));
	free(c);
}

/* Every file the manifest lists is there with its size, and nothing else is. */
static void complete(const char *out)
{
	char *m = manifest(out);
	cr_assert_not_null(m, "results folder without a manifest");
	size_t listed = 0;
	for (char *at = strstr(m, "{\"name\": \""); at; at = strstr(at + 1, "{\"name\": \"")) {
		char name[600];
		long size;
		cr_assert_eq(sscanf(at, "{\"name\": \"%599[^\"]\", \"size\": %ld", name, &size), 2);
		char p[1300];
		snprintf(p, sizeof p, "%s/%s", out, name);
		struct stat st;
		cr_assert_eq(stat(p, &st), 0, "%s listed but missing", p);
		cr_assert_eq(st.st_size, size, "%s has another size than listed", p);
		listed++;
	}
	free(m);
	char cmd[800];
	snprintf(cmd, sizeof cmd, "find '%s' -type f ! -path '*/.cache/*' ! -name manifest.json | wc -l", out);
	FILE *fp = popen(cmd, "r");
	size_t files = 0;
	cr_assert_eq(fscanf(fp, "%zu", &files), 1);
	pclose(fp);
	cr_assert_eq(files, listed, "%zu files in %s, %zu listed", files, out, listed);
}

Test(batch, killed_runs_leave_the_previous_results_whole, .timeout = 400)
{
	const char *dir = ys_scratch();
	sh("mkdir -p '%s/in' && cp datasets/demo/80[12]*.txt '%s/in/'", dir, dir);
	char out[700];
	snprintf(out, sizeof out, "%s/out", dir);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	free(run(dir, "out", "--charts=png"));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	complete(out);
	/* kills spread over the length of a full run */
	long full_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
	unsigned seed = 20261128;
	int killed = 0;
	for (int k = 0; k < 20; k++) {
		/* half the kills land in a full run (no cache), half in an incremental one */
		if (k % 2 == 0)
			sh("rm -rf '%s/.cache'", out);
		sh("sed -i '1s/$/ /' '%s/in/801-2020-budget.txt'", dir);
		pid_t pid = fork();
		cr_assert(pid >= 0);
		if (pid == 0) {
			if (chdir(dir) != 0)
				_exit(126);
			int nul = open("/dev/null", 1);
			dup2(nul, 1);
			dup2(nul, 2);
			setenv("LC_ALL", "C", 1);
			execl(YS_BINARY, YS_BINARY, "run", "in", "-o", "out", "--charts=png", (char *)NULL);
			_exit(127);
		}
		seed = seed * 1103515245u + 12345u;
		useconds_t delay = (useconds_t)((seed >> 8) % (unsigned)(full_us + 1));
		usleep(delay);
		kill(pid, SIGKILL);
		int st;
		waitpid(pid, &st, 0);
		killed += WIFSIGNALED(st);
		complete(out);
	}
	cr_assert_geq(killed, 10, "only %d of 20 kills landed while the run was going", killed);
	/* the next run cleans up after the killed ones */
	free(run(dir, "out", "--charts=png"));
	complete(out);
	sh("test -z \"$(ls -d '%s'/out.tmp.* 2>/dev/null)\"", dir);
}
