/* One gnuplot process through a pipe; errors attributed by markers printed after each chart. */
#include "gnuplot.h"

#include "base/children.h"
#include "base/text.h"

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
#include <time.h>
#include <xxhash.h>
#include <unistd.h>

extern char **environ;

#define MARK "YS-CHART-END "

static int cmp_old(const void *a, const void *b)
{
	return strcmp(((const struct gp_old *)a)->id, ((const struct gp_old *)b)->id);
}

/* The index file of gnuplot process `part` of a run (-j N draws with N: each writes its own). */
static void index_path(char *buf, size_t n, const char *dir, int part)
{
	if (part)
		snprintf(buf, n, "%.4100s/.cache/charts.idx.%d", dir, part);
	else
		snprintf(buf, n, "%.4100s/.cache/charts.idx", dir);
}

/* The previous run's index: `<16 hex commands> <16 hex file> <size> <id>` lines, in as many
 * files as it had gnuplot processes (whatever -j this run has). A damaged line, or one of the
 * older format without the file's hash, is skipped (its chart is drawn again). */
static void load_index(struct gp *g)
{
	char path[4300];
	char line[1200];
	size_t cap = 0;
	FILE *fp;
	for (int part = 0; index_path(path, sizeof path, g->reuse, part), (fp = fopen(path, "r")) != NULL; part++) {
		while (fgets(line, sizeof line, fp)) {
			size_t n = strcspn(line, "\n");
			line[n] = '\0';
			if (n < 36 || line[16] != ' ' || line[33] != ' ' || strspn(line, "0123456789abcdef") != 16 ||
			    strspn(line + 17, "0123456789abcdef") != 16)
				continue;
			char *end;
			long long size = strtoll(line + 34, &end, 10);
			if (end == line + 34 || *end != ' ' || !end[1] || size <= 0)
				continue;
			if (g->nold == cap) {
				cap = cap ? cap * 2 : 256;
				struct gp_old *nv = realloc(g->old, cap * sizeof *nv);
				if (!nv)
					break;
				g->old = nv;
			}
			struct gp_old *o = &g->old[g->nold];
			o->hash = strtoull(line, NULL, 16);
			o->fhash = strtoull(line + 17, NULL, 16);
			o->fsize = size;
			o->id = strdup(end + 1);
			if (o->id)
				g->nold++;
		}
		fclose(fp);
	}
	if (g->nold > 1)
		qsort(g->old, g->nold, sizeof *g->old, cmp_old);
}

/* A whole file's bytes (NULL when it cannot be read); *n its length. */
static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 1 << 16, len = 0, r;
	char *b = malloc(cap);
	while (b && (r = fread(b + len, 1, cap - len, fp)) > 0) {
		len += r;
		if (len == cap) {
			char *nb = realloc(b, cap *= 2);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	if (b && ferror(fp)) {
		free(b);
		b = NULL;
	}
	fclose(fp);
	*n = len;
	return b;
}

static double time_limit = 600;

void gp_set_time_limit(double seconds)
{
	time_limit = seconds;
}

static void *watchdog(void *arg)
{
	struct gp *g = arg;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)g->limit;
	until.tv_nsec += (long)((g->limit - (double)(time_t)g->limit) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&g->dog_mu);
	int rc = 0;
	while (!g->dog_stop && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&g->dog_cv, &g->dog_mu, &until);
	if (!g->dog_stop) {
		/* gnuplot hangs, or the batch is too long: it is ended, the run goes on without the
		 * charts it did not draw (gp_close names the chart it was on) */
		atomic_store(&g->killed, 1);
		kill(g->pid, SIGKILL);
	}
	pthread_mutex_unlock(&g->dog_mu);
	return NULL;
}

static void stop_dog(struct gp *g)
{
	if (g->dog_on) {
		pthread_mutex_lock(&g->dog_mu);
		g->dog_stop = 1;
		pthread_cond_signal(&g->dog_cv);
		pthread_mutex_unlock(&g->dog_mu);
		pthread_join(g->dog, NULL);
		g->dog_on = 0;
	}
	pthread_mutex_destroy(&g->dog_mu);
	pthread_cond_destroy(&g->dog_cv);
}

int gp_open(struct gp *g, const char *workdir, const char *reuse)
{
	return gp_open_part(g, workdir, reuse, 0);
}

int gp_open_part(struct gp *g, const char *workdir, const char *reuse, int part)
{
	memset(g, 0, sizeof *g);
	g->part = part;
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
	if (part)
		snprintf(g->errpath, sizeof g->errpath, "%.4000s/.gnuplot-errors.%d", workdir, part);
	else
		snprintf(g->errpath, sizeof g->errpath, "%.4000s/.gnuplot-errors", workdir);
	int efd = open(g->errpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int p[2];
	if (efd < 0 || pipe2(p, O_CLOEXEC) != 0) { /* (no other child inherits its ends) */
		snprintf(g->why, sizeof g->why, "cannot set up gnuplot: %s", strerror(errno));
		if (efd >= 0)
			close(efd);
		return -1;
	}
	/* (a pipe of 1 MB where the system allows it: one thread feeds every gnuplot of -j N, and
	 * waits less on one that is still drawing while the others could take commands) */
	(void)fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
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
	int rc = env ? posix_spawnp(&pid, "gnuplot", &fa, ys_spawnattr(), argv, env) : ENOMEM;
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
	ys_child_started(pid); /* (ended with the run on SIGTERM/SIGINT) */
	g->limit = time_limit;
	pthread_mutex_init(&g->dog_mu, NULL);
	pthread_cond_init(&g->dog_cv, NULL);
	g->dog_on = g->limit > 0 && pthread_create(&g->dog, NULL, watchdog, g) == 0;
	g->in = fdopen(p[1], "w");
	if (!g->in) {
		kill(pid, SIGKILL);
		ys_child_wait_exit(pid);
		ys_child_ended(pid);
		stop_dog(g);
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

/* The quoting of gp_quote; pct: `%` doubled as well (tic labels are formats to gnuplot). */
static char *quote(const char *s, char *buf, size_t n, int pct)
{
	size_t w = 0;
	if (n < 3)
		return buf;
	/* control characters (a newline would end the string and start a command; C1 ones too)
	 * and bytes that are not UTF-8 (an SVG must be valid XML) are dropped first */
	const char *src = s ? s : "";
	char *own = !text_is_clean(src, strlen(src)) ? text_clean_dup(src) : NULL;
	if (own)
		src = own;
	buf[w++] = '\'';
	for (const unsigned char *p = (const unsigned char *)src; *p && w + 3 < n; p++) {
		if (*p == '\'' || (pct && *p == '%'))
			buf[w++] = (char)*p;
		buf[w++] = (char)*p;
	}
	free(own);
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
	/* (a doubled quote or % is written whole or not at all: the loop leaves room for both) */
	buf[w++] = '\'';
	buf[w] = '\0';
	return buf;
}

char *gp_quote(const char *s, char *buf, size_t n)
{
	return quote(s, buf, n, 0);
}

char *gp_quote_label(const char *s, char *buf, size_t n)
{
	return quote(s, buf, n, 1);
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

/* Links the previous run's drawing of this chart when its commands hash the same and the file
 * is still what was drawn (its size and XXH3): a chart damaged since is drawn again. */
static int reuse_chart(struct gp *g, const char *id, uint64_t hash, const struct gp_old **found)
{
	if (!g->nold)
		return 0;
	struct gp_old key = { (char *)(uintptr_t)id, 0, 0, 0 };
	const struct gp_old *o = bsearch(&key, g->old, g->nold, sizeof *g->old, cmp_old);
	if (!o || o->hash != hash)
		return 0;
	char from[8400], to[8400];
	snprintf(from, sizeof from, "%s/charts/%s", g->reuse, id);
	snprintf(to, sizeof to, "%s/charts/%s", g->workdir, id);
	struct stat st;
	if (lstat(from, &st) != 0 || !S_ISREG(st.st_mode) || (long long)st.st_size != o->fsize)
		return 0;
	size_t n;
	char *b = slurp(from, &n);
	int same = b && (long long)n == o->fsize && XXH3_64bits(b, n) == o->fhash;
	free(b);
	if (!same)
		return 0;
	*found = o;
	return link(from, to) == 0;
}

static void record(struct gp *g, const char *id, uint64_t hash, int buffered, int sent,
		   const struct gp_old *o)
{
	struct gp_chart *nv = realloc(g->all, (g->nall + 1) * sizeof *nv);
	if (!nv)
		return;
	g->all = nv;
	nv[g->nall++] = (struct gp_chart){ strdup(id), hash, buffered, sent, 0, o ? o->fhash : 0,
					   o ? o->fsize : 0 };
}

void gp_end_chart(struct gp *g, const char *id)
{
	if (!g->in)
		return;
	if (g->mem) {
		int bad = fclose(g->mem) != 0;
		g->mem = NULL;
		uint64_t h = bad ? 0 : XXH3_64bits(g->buf, g->nbuf);
		const struct gp_old *o = NULL;
		if (!bad && reuse_chart(g, id, h, &o)) {
			free(g->buf);
			g->buf = NULL;
			g->reused++;
			record(g, id, h, 1, 0, o);
			return;
		}
		if (g->buf)
			fwrite(g->buf, 1, g->nbuf, g->in);
		free(g->buf);
		g->buf = NULL;
		record(g, id, h, !bad, 1, NULL);
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

/* gnuplot's SVG terminal titles each plot's group (the tooltip) with the last multi-line text
 * it drew — in an earlier chart as often as not, since neither `reset session` nor `set
 * terminal` clears it (gnuplot 5.4). The title becomes the group's own id, so that a chart's
 * bytes depend on its own commands only (a rerun that reuses some charts draws the others
 * byte for byte as a full run does). 0, or -1 when the file cannot be rewritten. */
static int fix_svg_titles(const char *path)
{
	size_t n;
	char *b = slurp(path, &n);
	if (!b)
		return -1;
	static const char open_g[] = "<g id=\"gnuplot_plot_";
	char *out = malloc(n + 1);
	size_t w = 0, i = 0;
	int changed = 0;
	while (out && i < n) {
		char *g = memmem(b + i, n - i, open_g, sizeof open_g - 1);
		if (!g)
			break;
		size_t at = (size_t)(g - b) + sizeof open_g - 1;
		size_t d = 0;
		while (at + d < n && b[at + d] >= '0' && b[at + d] <= '9')
			d++;
		static const char mid[] = "\" ><title>", close_t[] = "</title>";
		char *t = d && n - at - d >= sizeof mid - 1 && !memcmp(b + at + d, mid, sizeof mid - 1)
				  ? b + at + d + sizeof mid - 1 : NULL;
		char *e = t ? memmem(t, n - (size_t)(t - b), close_t, sizeof close_t - 1) : NULL;
		if (!e) {
			memcpy(out + w, b + i, at - i);
			w += at - i;
			i = at;
			continue;
		}
		/* up to the title's text, then the id's own name in place of what was there */
		size_t keep = (size_t)(t - b) - i;
		memcpy(out + w, b + i, keep);
		w += keep;
		int k = snprintf(out + w, 64, "gnuplot_plot_%.*s", (int)d, b + at);
		if (k < 0 || (size_t)k >= 64 || (size_t)(e - t) < (size_t)k) {
			/* (longer than what it replaces: keep the original, there is no room) */
			memcpy(out + w, t, (size_t)(e - t));
			w += (size_t)(e - t);
		} else {
			w += (size_t)k;
			changed |= (size_t)(e - t) != (size_t)k || memcmp(t, out + w - (size_t)k, (size_t)k);
		}
		i = (size_t)(e - b);
	}
	if (!out) {
		free(b);
		return -1;
	}
	memcpy(out + w, b + i, n - i);
	w += n - i;
	free(b);
	int rc = 0;
	if (changed) {
		FILE *fp = fopen(path, "wb");
		if (!fp || fwrite(out, 1, w, fp) != w)
			rc = -1;
		if (fp && fclose(fp) != 0)
			rc = -1;
	}
	free(out);
	return rc;
}

/* The charts gnuplot drew: SVG titles put right, then each file's size and XXH3 for the index.
 * A chart that is missing or empty failed (gnuplot may say nothing about it); the file of a
 * failed chart is removed. */
static int finish_files(struct gp *g, void (*report)(void *ctx, const char *id, const char *msg, int error),
			void *ctx)
{
	int failed = 0;
	for (size_t i = 0; i < g->nall; i++) {
		struct gp_chart *c = &g->all[i];
		if (!c->sent || !c->id)
			continue;
		char path[8400];
		snprintf(path, sizeof path, "%s/charts/%s", g->workdir, c->id);
		if (c->failed) {
			/* what gnuplot left of a chart it refused (an axis and no bars, or nothing) is
			 * not a chart: no page links it */
			unlink(path);
			continue;
		}
		size_t l = strlen(c->id);
		if (l > 4 && !strcmp(c->id + l - 4, ".svg"))
			fix_svg_titles(path); /* (a file that cannot be read is found below) */
		size_t n = 0;
		char *b = slurp(path, &n);
		if (!b || n == 0) {
			c->failed = 1;
			failed++;
			if (report)
				report(ctx, c->id, b ? "gnuplot wrote an empty file; chart left out"
						     : "gnuplot wrote no file; chart left out", 1);
			unlink(path);
		} else {
			c->fhash = XXH3_64bits(b, n);
			c->fsize = (long long)n;
		}
		free(b);
	}
	return failed;
}

/* The index of this run's charts, for the next: only charts drawn without error. */
static void write_index(struct gp *g)
{
	char path[4300], part[4400];
	struct stat st;
	snprintf(path, sizeof path, "%s/.cache", g->workdir);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	index_path(path, sizeof path, g->workdir, g->part);
	snprintf(part, sizeof part, "%s.part", path);
	FILE *fp = fopen(part, "w");
	if (!fp)
		return;
	for (size_t i = 0; i < g->nall; i++)
		if (g->all[i].buffered && !g->all[i].failed && g->all[i].id && g->all[i].fsize > 0)
			fprintf(fp, "%016llx %016llx %lld %s\n", (unsigned long long)g->all[i].hash,
				(unsigned long long)g->all[i].fhash, g->all[i].fsize, g->all[i].id);
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
	int st = 0;
	/* ended but not reaped: neither the watchdog nor a signal's ys_children_signal can then hit
	 * another process given the same pid */
	ys_child_wait_exit(g->pid);
	ys_child_ended(g->pid);
	stop_dog(g);
	while (waitpid(g->pid, &st, 0) < 0 && errno == EINTR)
		;
	int killed = atomic_load(&g->killed);
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
			if (killed)
				snprintf(msg, sizeof msg, "gnuplot was still at this chart when the time limit of "
					 "%g s for the charts ran out, and was stopped; %d later charts were not "
					 "drawn", g->limit, g->charts - marks - 1);
			else if (WIFSIGNALED(st))
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
	failed += finish_files(g, report, ctx);
	write_index(g);
	free_lists(g);
	return failed;
}
