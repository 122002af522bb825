/* One gnuplot process through a pipe; errors attributed by markers printed after each chart. */
#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <xxhash.h>
#include <unistd.h>

extern char **environ;

#define MARK "YS-CHART-END "

static int cmp_old(const void *a, const void *b)
{
	return strcmp(((const struct gp_old *)a)->id, ((const struct gp_old *)b)->id);
}

/* The previous run's index: `<16 hex> <id>` lines. A damaged line is skipped (its chart is
 * drawn again). */
static void load_index(struct gp *g)
{
	char path[4300];
	snprintf(path, sizeof path, "%s/.cache/charts.idx", g->reuse);
	FILE *fp = fopen(path, "r");
	if (!fp)
		return;
	char line[1200];
	size_t cap = 0;
	while (fgets(line, sizeof line, fp)) {
		size_t n = strcspn(line, "\n");
		line[n] = '\0';
		if (n < 18 || line[16] != ' ' || strspn(line, "0123456789abcdef") != 16)
			continue;
		if (g->nold == cap) {
			cap = cap ? cap * 2 : 256;
			struct gp_old *nv = realloc(g->old, cap * sizeof *nv);
			if (!nv)
				break;
			g->old = nv;
		}
		g->old[g->nold].hash = strtoull(line, NULL, 16);
		g->old[g->nold].id = strdup(line + 17);
		if (g->old[g->nold].id)
			g->nold++;
	}
	fclose(fp);
	if (g->nold > 1)
		qsort(g->old, g->nold, sizeof *g->old, cmp_old);
}

int gp_open(struct gp *g, const char *workdir, const char *reuse)
{
	memset(g, 0, sizeof *g);
	/* gnuplot works in workdir and writes relative names: a folder name gp_quote would change
	 * (control characters) could send the charts elsewhere, so there are none */
	for (const unsigned char *p = (const unsigned char *)workdir; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(g->why, sizeof g->why,
				 "the output folder's name has control characters: charts skipped");
			return -1;
		}
	snprintf(g->workdir, sizeof g->workdir, "%s", workdir);
	snprintf(g->reuse, sizeof g->reuse, "%s", reuse ? reuse : "");
	snprintf(g->errpath, sizeof g->errpath, "%.4000s/.gnuplot-errors", workdir);
	int efd = open(g->errpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int p[2];
	if (efd < 0 || pipe2(p, O_CLOEXEC) != 0) { /* (no other child inherits its ends) */
		snprintf(g->why, sizeof g->why, "cannot set up gnuplot: %s", strerror(errno));
		if (efd >= 0)
			close(efd);
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawn_file_actions_adddup2(&fa, efd, 1);
	posix_spawn_file_actions_adddup2(&fa, efd, 2);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	char *argv[] = { "gnuplot", NULL };
	/* gnuplot converts text by the locale: under LC_ALL=C (cron, CI) it warns on every chart.
	 * The charts are UTF-8 whatever our locale is, so gnuplot gets C.UTF-8. */
	size_t ne = 0;
	while (environ[ne])
		ne++;
	char **env = calloc(ne + 2, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; env && i < ne; i++)
		if (strncmp(environ[i], "LC_", 3) && strncmp(environ[i], "LANG=", 5) &&
		    strncmp(environ[i], "LANGUAGE=", 9))
			env[k++] = environ[i];
	if (env)
		env[k++] = "LC_ALL=C.UTF-8";
	pid_t pid;
	int rc = env ? posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, env) : ENOMEM;
	free(env);
	posix_spawn_file_actions_destroy(&fa);
	close(p[0]);
	close(efd);
	if (rc != 0) {
		close(p[1]);
		snprintf(g->why, sizeof g->why,
			 "gnuplot is not installed (Debian package gnuplot-nox): charts skipped");
		return -1;
	}
	g->pid = pid;
	g->in = fdopen(p[1], "w");
	if (!g->in) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		snprintf(g->why, sizeof g->why, "cannot write to gnuplot");
		return -1;
	}
	/* a crash or exit of gnuplot must not kill us with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	char q[4200];
	gp_cmd(g, "cd %s", gp_quote(workdir, q, sizeof q));
	if (g->reuse[0])
		load_index(g);
	return 0;
}

char *gp_quote(const char *s, char *buf, size_t n)
{
	size_t w = 0;
	if (n < 3)
		return buf;
	buf[w++] = '\'';
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && w + 3 < n; p++) {
		if (*p < 0x20 || *p == 0x7f)
			continue; /* a newline would end the string and start a command */
		if (*p == '\'')
			buf[w++] = '\'';
		buf[w++] = (char)*p;
	}
	/* never cut a UTF-8 character in half */
	while (w > 1 && ((unsigned char)buf[w - 1] & 0xC0) == 0x80) {
		size_t b = w - 1;
		while (b > 1 && ((unsigned char)buf[b] & 0xC0) == 0x80)
			b--;
		unsigned char lead = (unsigned char)buf[b];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (w - b >= need)
			break;
		w = b;
	}
	buf[w++] = '\'';
	buf[w] = '\0';
	return buf;
}

void gp_cmd(struct gp *g, const char *fmt, ...)
{
	if (!g->in)
		return;
	FILE *to = g->mem ? g->mem : g->in;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(to, fmt, ap);
	va_end(ap);
	fputc('\n', to);
}

void gp_begin_chart(struct gp *g, const char *id)
{
	(void)id;
	if (!g->in || g->mem)
		return;
	g->buf = NULL;
	g->nbuf = 0;
	g->mem = open_memstream(&g->buf, &g->nbuf);
}

/* Links the previous run's drawing of this chart when its commands hash the same. */
static int reuse_chart(struct gp *g, const char *id, uint64_t hash)
{
	if (!g->nold)
		return 0;
	struct gp_old key = { (char *)(uintptr_t)id, 0 };
	const struct gp_old *o = bsearch(&key, g->old, g->nold, sizeof *g->old, cmp_old);
	if (!o || o->hash != hash)
		return 0;
	char from[8400], to[8400];
	snprintf(from, sizeof from, "%s/charts/%s", g->reuse, id);
	snprintf(to, sizeof to, "%s/charts/%s", g->workdir, id);
	return link(from, to) == 0;
}

static void record(struct gp *g, const char *id, uint64_t hash, int buffered, int sent)
{
	struct gp_chart *nv = realloc(g->all, (g->nall + 1) * sizeof *nv);
	if (!nv)
		return;
	g->all = nv;
	nv[g->nall++] = (struct gp_chart){ strdup(id), hash, buffered, sent, 0 };
}

void gp_end_chart(struct gp *g, const char *id)
{
	if (!g->in)
		return;
	if (g->mem) {
		int bad = fclose(g->mem) != 0;
		g->mem = NULL;
		uint64_t h = bad ? 0 : XXH3_64bits(g->buf, g->nbuf);
		if (!bad && reuse_chart(g, id, h)) {
			free(g->buf);
			g->buf = NULL;
			g->reused++;
			record(g, id, h, 1, 0);
			return;
		}
		if (g->buf)
			fwrite(g->buf, 1, g->nbuf, g->in);
		free(g->buf);
		g->buf = NULL;
		record(g, id, h, !bad, 1);
	}
	char q[600];
	char **ni = realloc(g->ids, (size_t)(g->charts + 1) * sizeof *ni);
	if (ni) {
		g->ids = ni;
		ni[g->charts] = strdup(id);
	}
	g->charts++;
	gp_cmd(g, "unset output");
	gp_cmd(g, "print %s", gp_quote(MARK, q, sizeof q));
	gp_cmd(g, "print %s", gp_quote(id, q, sizeof q));
	gp_cmd(g, "reset session");
}

static void mark_failed(struct gp *g, const char *id)
{
	for (size_t i = 0; i < g->nall; i++)
		if (g->all[i].sent && !strcmp(g->all[i].id, id))
			g->all[i].failed = 1;
}

/* The index of this run's charts, for the next: only charts drawn without error. */
static void write_index(struct gp *g)
{
	char path[4300], part[4400];
	struct stat st;
	snprintf(path, sizeof path, "%s/.cache", g->workdir);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	snprintf(path, sizeof path, "%s/.cache/charts.idx", g->workdir);
	snprintf(part, sizeof part, "%s.part", path);
	FILE *fp = fopen(part, "w");
	if (!fp)
		return;
	for (size_t i = 0; i < g->nall; i++)
		if (g->all[i].buffered && !g->all[i].failed && g->all[i].id)
			fprintf(fp, "%016llx %s\n", (unsigned long long)g->all[i].hash, g->all[i].id);
	if (fclose(fp) != 0 || rename(part, path) != 0)
		unlink(part);
}

static void free_lists(struct gp *g)
{
	for (int i = 0; g->ids && i < g->charts; i++)
		free(g->ids[i]);
	free(g->ids);
	g->ids = NULL;
	for (size_t i = 0; i < g->nall; i++)
		free(g->all[i].id);
	free(g->all);
	g->all = NULL;
	for (size_t i = 0; i < g->nold; i++)
		free(g->old[i].id);
	free(g->old);
	g->old = NULL;
}

int gp_close(struct gp *g, void (*report)(void *ctx, const char *id, const char *msg, int error),
	     void *ctx)
{
	if (!g->in)
		return -1;
	if (g->mem) { /* a chart begun and never ended: drop it */
		fclose(g->mem);
		g->mem = NULL;
		free(g->buf);
		g->buf = NULL;
	}
	gp_cmd(g, "exit");
	fclose(g->in);
	g->in = NULL;
	int st;
	while (waitpid(g->pid, &st, 0) < 0 && errno == EINTR)
		;
	/* errors, then `YS-CHART-END ` and the chart's id, chart after chart */
	FILE *fp = fopen(g->errpath, "r");
	int failed = 0, marks = 0;
	if (fp) {
		char line[2048], pending[4096] = "";
		int expect_id = 0, is_error = 0;
		while (fgets(line, sizeof line, fp)) {
			line[strcspn(line, "\n")] = '\0';
			if (expect_id) {
				marks++;
				if (pending[0]) {
					if (report)
						report(ctx, line, pending, is_error);
					failed += is_error;
					if (is_error)
						mark_failed(g, line);
				}
				pending[0] = '\0';
				is_error = 0;
				expect_id = 0;
			} else if (!strncmp(line, MARK, strlen(MARK))) {
				expect_id = 1;
			} else if (line[0] && !strstr(line, "^")) {
				/* `line N: warning: …` drew the chart; anything else did not */
				const char *t = line + strspn(line, " \t");
				is_error |= !strstr(t, "warning:");
				if (strlen(pending) + strlen(t) + 3 < sizeof pending) {
					if (pending[0])
						strcat(pending, " | ");
					strcat(pending, t);
				}
			}
		}
		fclose(fp);
		if (marks < g->charts) {
			/* gnuplot died on chart `marks`: that one failed and the rest were never drawn */
			char msg[4400];
			if (WIFSIGNALED(st))
				snprintf(msg, sizeof msg, "gnuplot crashed (signal %d) on this chart%s%s; %d later "
					 "charts were not drawn", WTERMSIG(st), pending[0] ? ": " : "", pending,
					 g->charts - marks - 1);
			else
				snprintf(msg, sizeof msg, "gnuplot stopped on this chart%s%s; %d later charts were "
					 "not drawn", pending[0] ? ": " : "", pending, g->charts - marks - 1);
			if (report)
				report(ctx, g->ids && g->ids[marks] ? g->ids[marks] : "?", msg, 1);
			failed += g->charts - marks;
			for (int i = marks; g->ids && i < g->charts; i++)
				mark_failed(g, g->ids[i]);
		} else if (pending[0] && report) {
			report(ctx, "(after the last chart)", pending, is_error);
			failed += is_error;
		}
	}
	unlink(g->errpath);
	write_index(g);
	free_lists(g);
	return failed;
}
