/* One gnuplot process through a pipe; errors attributed by markers printed after each chart. */
#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MARK "YS-CHART-END "

int gp_open(struct gp *g, const char *tmpdir)
{
	memset(g, 0, sizeof *g);
	snprintf(g->errpath, sizeof g->errpath, "%.4000s/.gnuplot-errors", tmpdir);
	int efd = open(g->errpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int p[2];
	if (efd < 0 || pipe(p) != 0) {
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
	va_list ap;
	va_start(ap, fmt);
	vfprintf(g->in, fmt, ap);
	va_end(ap);
	fputc('\n', g->in);
}

void gp_end_chart(struct gp *g, const char *id)
{
	if (!g->in)
		return;
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

int gp_close(struct gp *g, void (*report)(void *ctx, const char *id, const char *msg, int error),
	     void *ctx)
{
	if (!g->in)
		return -1;
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
		} else if (pending[0] && report) {
			report(ctx, "(after the last chart)", pending, is_error);
			failed += is_error;
		}
	}
	unlink(g->errpath);
	for (int i = 0; g->ids && i < g->charts; i++)
		free(g->ids[i]);
	free(g->ids);
	g->ids = NULL;
	return failed;
}
