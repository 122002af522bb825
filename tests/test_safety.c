/* Never destroy or corrupt what users have (issue 14): each case of the issue reproduced. The
 * output contract (what -o may replace), whole results or none, bounded time, text that stays
 * text, nothing skipped silently. Tests that need root (a tmpfs, a device node, a bind mount)
 * say so and are skipped otherwise. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
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

TestSuite(safety, .fini = teardown);

#define RUN_IN(p, dir, ...) \
	cr_assert_eq(ys_exec(p, dir, NULL, (const char *const[]){ __VA_ARGS__, NULL }), 0)

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* What a shell command prints (caller frees). */
static char *capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *capture(const char *fmt, ...)
{
	char cmd[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	FILE *fp = popen(cmd, "r");
	cr_assert_not_null(fp, "%s", cmd);
	size_t cap = 1 << 16, n = 0, r;
	char *b = malloc(cap);
	while ((r = fread(b + n, 1, cap - n - 1, fp)) > 0) {
		n += r;
		if (cap - n < 2)
			b = realloc(b, cap *= 2);
	}
	b[n] = '\0';
	pclose(fp);
	return b;
}

/* Every path under dir with its type, size, permissions and content hash: equal strings mean
 * nothing was touched. */
static char *snapshot(const char *dir)
{
	return capture("cd '%s' && find . -printf '%%p %%y %%s %%m\\n' | LC_ALL=C sort && "
		       "find . -type f -print0 | LC_ALL=C sort -z | xargs -0r md5sum", dir);
}

static int is_root(void)
{
	return geteuid() == 0;
}

/* The demo region copied to dir/name. */
static void demo_into(const char *dir, const char *name)
{
	sh("mkdir -p \"$(dirname '%s/%s')\" && cp -r datasets/demo '%s/%s'", dir, name, dir, name);
}

static int exists(const char *dir, const char *rel)
{
	char p[1200];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return lstat(p, &st) == 0;
}

/* ---- 1. the output contract ---- */

Test(safety, run_into_its_own_input_folder_is_refused_and_touches_nothing, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "docs", "--charts", "none");
	cr_assert_eq(p.status, 2, "%s", p.err);
	cr_assert_str_eq(p.err, "yusuan: docs: the output folder is the input docs; results replace the "
				"whole folder, so it must stay apart from the inputs; nothing written\n");
	ys_proc_free(&p);
	/* the same folder named another way */
	RUN_IN(&p, dir, "run", "./docs/", "-o", "docs/../docs", "--charts", "none");
	cr_assert_eq(p.status, 2, "%s", p.err);
	cr_assert(strstr(p.err, "the output folder is the input ./docs/"), "%s", p.err);
	ys_proc_free(&p);
	sh("ln -s docs '%s/alias'", dir);
	RUN_IN(&p, dir, "run", "alias", "-o", "docs", "--charts", "none");
	cr_assert_eq(p.status, 2, "%s", p.err);
	ys_proc_free(&p);
	sh("rm '%s/alias'", dir);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after, "the inputs were touched");
	free(before);
	free(after);
}

Test(safety, run_into_a_folder_above_or_inside_the_inputs_is_refused, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "tree/docs");
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "tree/docs", "-o", "tree", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: tree: the output folder contains the input tree/docs; results "
				"replace the whole folder, so it must stay apart from the inputs; nothing written\n");
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "tree/docs", "-o", "tree/docs/results", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "lies inside the input tree/docs"), "%s", p.err);
	ys_proc_free(&p);
	/* an input file counts as much as a folder */
	RUN_IN(&p, dir, "run", "tree/docs/801001-2021-budget.txt", "-o", "tree", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "contains the input tree/docs/801001-2021-budget.txt"), "%s", p.err);
	ys_proc_free(&p);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after, "the inputs were touched");
	free(before);
	free(after);
}

Test(safety, a_file_or_a_folder_of_other_things_is_never_replaced, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("cd '%s' && echo 'my notes' > notes.txt && mkdir thesis && echo chapter > thesis/ch1.tex", dir);
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "notes.txt", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: notes.txt: is a file, not a folder of yusuan results; refusing "
				"to replace it; nothing written\n");
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "docs", "-o", "thesis/", "--charts", "none");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: thesis: is a folder that does not hold yusuan results (no "
				"manifest.json of a yusuan run); a run replaces the whole folder, so only an "
				"absent or empty folder or earlier results can be the output; nothing written\n");
	ys_proc_free(&p);
	/* a manifest.json of something else is not yusuan's */
	sh("echo '{\"tool\": \"other\"}' > '%s/thesis/manifest.json'", dir);
	free(before);
	before = snapshot(dir);
	RUN_IN(&p, dir, "run", "docs", "-o", "thesis", "--charts", "none");
	cr_assert_eq(p.status, 2);
	ys_proc_free(&p);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after, "something was touched");
	cr_assert(!exists(dir, "thesis.lock") && !exists(dir, "notes.txt.lock"), "not even a lock file");
	free(before);
	free(after);
	/* an empty folder and earlier results are replaced */
	sh("mkdir '%s/empty'", dir);
	RUN_IN(&p, dir, "run", "docs", "-o", "empty", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "run", "docs", "-o", "empty", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "earlier results: %s", p.err);
	ys_proc_free(&p);
	cr_assert(exists(dir, "empty/manifest.json"));
}

Test(safety, a_bind_mount_of_the_input_is_the_input, .timeout = 60)
{
	if (!is_root())
		cr_skip_test("needs root (mount --bind); not root here");
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("mkdir '%s/view'", dir);
	char c[1200];
	snprintf(c, sizeof c, "mount --bind '%s/docs' '%s/view' 2>/dev/null", dir, dir);
	if (system(c) != 0)
		cr_skip_test("mount --bind is not allowed here");
	struct proc p;
	/* view/results is not under docs by name, but view is docs */
	ys_exec(&p, dir, NULL, (const char *const[]){ "run", "docs", "-o", "view/results", "--charts", "none", NULL });
	snprintf(c, sizeof c, "umount '%s/view'", dir);
	int um = system(c);
	cr_assert_eq(p.status, 2, "%s", p.err);
	cr_assert(strstr(p.err, "lies inside the input docs"), "%s", p.err);
	cr_assert_eq(um, 0);
	cr_assert(!exists(dir, "docs/results"));
	ys_proc_free(&p);
}

Test(safety, trailing_slashes_and_dot_work_and_the_lock_stays_outside, .timeout = 90)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	for (int night = 0; night < 2; night++) {
		RUN_IN(&p, dir, "run", "docs", "-o", "res//", "--charts", "none", "-q");
		cr_assert(p.status == 0 || p.status == 1, "night %d: %s", night, p.err);
		ys_proc_free(&p);
		cr_assert(!exists(dir, "res/.lock"), "the lock is beside the folder, not in it");
		cr_assert(exists(dir, "res.lock") && exists(dir, "res/manifest.json"));
	}
	/* `-o .` from inside the folder (the results are exchanged into place: a shell that stood in
	 * the folder stands in the old one until it changes directory again) */
	sh("mkdir '%s/here'", dir);
	char here[700];
	snprintf(here, sizeof here, "%s/here", dir);
	RUN_IN(&p, here, "run", "../docs", "-o", ".", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	cr_assert(exists(dir, "here/manifest.json") && exists(dir, "here.lock"));
	RUN_IN(&p, here, "run", "../docs", "-o", ".", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "again into earlier results: %s", p.err);
	ys_proc_free(&p);
}

Test(safety, a_symlink_is_resolved_once_and_locked_on_its_target, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("mkdir '%s/target' && ln -s target '%s/link'", dir, dir);
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "flock -n '%s/target.lock' -c 'sleep 3' & sleep 0.5", dir);
	if (system(cmd) != 0)
		cr_skip_test("flock(1) unavailable");
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "link", "--charts", "none", "-q");
	cr_assert_eq(p.status, 3);
	cr_assert(strstr(p.err, "yusuan: link: another run is writing this output folder (lock "), "%s", p.err);
	cr_assert(strstr(p.err, "/target.lock held); nothing written"), "%s", p.err);
	ys_proc_free(&p);
	cr_assert(!exists(dir, "link.lock"));
	sleep(3);
	RUN_IN(&p, dir, "run", "docs", "-o", "link", "--charts", "none", "-q");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	struct stat st;
	char l[700];
	snprintf(l, sizeof l, "%s/link", dir);
	cr_assert(lstat(l, &st) == 0 && S_ISLNK(st.st_mode), "the link is still a link");
	cr_assert(exists(dir, "target/manifest.json"));
}

Test(safety, a_lock_file_that_cannot_be_opened_is_reported_as_such)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("mkdir '%s/res.lock'", dir);
	struct proc p;
	RUN_IN(&p, dir, "run", "docs", "-o", "res", "--charts", "none");
	cr_assert_eq(p.status, 3);
	cr_assert(strstr(p.err, "/res.lock: cannot open the lock file: Is a directory; nothing written"),
		  "%s", p.err);
	cr_assert_null(strstr(p.err, "another run"), "%s", p.err);
	ys_proc_free(&p);
	cr_assert(!exists(dir, "res"));
}

Test(safety, import_and_audit_never_overwrite_an_input, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("cp '%s/docs/801001-2021-budget.txt' '%s/x.txt'", dir, dir);
	char *before = snapshot(dir);
	struct proc p;
	RUN_IN(&p, dir, "import", "x.txt", "-o", "x.txt");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: x.txt: is the input x.txt; it would be overwritten; nothing written\n");
	ys_proc_free(&p);
	RUN_IN(&p, dir, "audit", "x.txt", "-o", "./x.txt");
	cr_assert_eq(p.status, 2);
	ys_proc_free(&p);
	/* a hard link is the same file */
	sh("ln '%s/x.txt' '%s/docs/hard.txt'", dir, dir);
	free(before);
	before = snapshot(dir);
	RUN_IN(&p, dir, "import", "docs", "-o", "x.txt");
	cr_assert_eq(p.status, 2);
	cr_assert(strstr(p.err, "docs/hard.txt: is the -o file as well; it would be overwritten; "
				"nothing written"), "%s", p.err);
	ys_proc_free(&p);
	RUN_IN(&p, dir, "import", "x.txt", "-o", "docs");
	cr_assert_eq(p.status, 2);
	cr_assert_str_eq(p.err, "yusuan: docs: is a folder; -o takes a file here; nothing written\n");
	ys_proc_free(&p);
	char *after = snapshot(dir);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
}

Test(safety, import_writes_into_a_fifo_a_device_and_through_a_symlink, .timeout = 60)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	struct proc p;
	/* a FIFO: read by another process, still a FIFO afterwards */
	sh("cd '%s' && mkfifo pipe && (cat pipe > from-pipe.csv &)", dir);
	RUN_IN(&p, dir, "import", "docs/801001-2021-budget.txt", "-o", "pipe");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	usleep(300000);
	char path[700];
	struct stat st;
	snprintf(path, sizeof path, "%s/pipe", dir);
	cr_assert(lstat(path, &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO was replaced");
	snprintf(path, sizeof path, "%s/from-pipe.csv", dir);
	char *csv = ys_slurp(path, NULL);
	cr_assert(csv && !strncmp(csv, "unit_code,unit_name,year,", 25), "%s", csv ? csv : "(none)");
	free(csv);
	/* a symlink: the file it points to gets the facts, the link stays */
	sh("cd '%s' && ln -s real.csv link.csv", dir);
	RUN_IN(&p, dir, "import", "docs/801001-2021-budget.txt", "-o", "link.csv");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	snprintf(path, sizeof path, "%s/link.csv", dir);
	cr_assert(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
	cr_assert(exists(dir, "real.csv"));
	/* a character device like /dev/null (made here: the real one is not put at risk) */
	if (!is_root()) {
		cr_log_warn("not root: the device-node case (mknod) is skipped");
		return;
	}
	sh("mknod '%s/null' c 1 3", dir);
	RUN_IN(&p, dir, "import", "docs/801001-2021-budget.txt", "-o", "null");
	cr_assert_eq(p.status, 0, "%s", p.err);
	ys_proc_free(&p);
	snprintf(path, sizeof path, "%s/null", dir);
	cr_assert(lstat(path, &st) == 0 && S_ISCHR(st.st_mode), "the device was replaced by a file");
	RUN_IN(&p, dir, "audit", "docs/801001-2021-budget.txt", "-o", "null");
	cr_assert(p.status == 0 || p.status == 1, "%s", p.err);
	ys_proc_free(&p);
	cr_assert(lstat(path, &st) == 0 && S_ISCHR(st.st_mode));
}

Test(safety, nightly_takes_the_configured_output, .timeout = 120)
{
	const char *dir = ys_scratch();
	demo_into(dir, "docs");
	sh("cd '%s' && printf '[run]\\ninputs = docs\\noutput = nightly-res   ; the results\\n"
	   "charts = none\\nfail_on = never\\n' > y.ini", dir);
	sh("cd '%s' && YUSUAN='%s' '%s/scripts/nightly.sh' -c y.ini >/dev/null", dir, YS_BINARY,
	   YS_SOURCE_DIR);
	cr_assert(exists(dir, "nightly-res/manifest.json"), "the configured output");
	cr_assert(!exists(dir, "results"), "not ./results");
	cr_assert(exists(dir, "logs/nightly.log"));
	/* -o still wins */
	sh("cd '%s' && YUSUAN='%s' '%s/scripts/nightly.sh' -c y.ini -o other >/dev/null", dir, YS_BINARY,
	   YS_SOURCE_DIR);
	cr_assert(exists(dir, "other/manifest.json"));
}
