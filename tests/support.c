/* Test helpers: process runner, scratch files, fact lookup. */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void drain(int fd_out, int fd_err, struct proc *p)
{
	size_t cap_o = 4096, cap_e = 4096;
	p->out = malloc(cap_o);
	p->err = malloc(cap_e);
	p->nout = p->nerr = 0;
	struct pollfd fds[2] = { { fd_out, POLLIN, 0 }, { fd_err, POLLIN, 0 } };
	int open_n = 2;
	while (open_n > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char **buf = i == 0 ? &p->out : &p->err;
			size_t *n = i == 0 ? &p->nout : &p->nerr;
			size_t *cap = i == 0 ? &cap_o : &cap_e;
			if (*cap - *n < 65536) {
				*cap = (*cap + 65536) * 2;
				*buf = realloc(*buf, *cap);
			}
			ssize_t r = read(fds[i].fd, *buf + *n, *cap - *n - 1);
			if (r <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_n--;
			} else {
				*n += (size_t)r;
			}
		}
	}
	p->out[p->nout] = '\0';
	p->err[p->nerr] = '\0';
}

int ys_exec(struct proc *p, const char *dir, const char *const *env, const char *const *argv)
{
	int po[2], pe[2];
	memset(p, 0, sizeof *p);
	if (pipe(po) || pipe(pe))
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		if (chdir(dir ? dir : YS_SOURCE_DIR) != 0)
			_exit(126);
		setenv("LC_ALL", "C", 1);
		for (size_t i = 0; env && env[i]; i++)
			putenv((char *)(uintptr_t)env[i]);
		const char *args[64];
		size_t k = 0;
		args[k++] = YS_BINARY;
		for (size_t i = 0; argv[i] && k < 63; i++)
			args[k++] = argv[i];
		args[k] = NULL;
		execv(YS_BINARY, (char *const *)(uintptr_t)args);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	drain(po[0], pe[0], p);
	int st;
	waitpid(pid, &st, 0);
	p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

void ys_proc_free(struct proc *p)
{
	free(p->out);
	free(p->err);
	memset(p, 0, sizeof *p);
}

static char scratch[256];

const char *ys_scratch(void)
{
	if (!scratch[0]) {
		snprintf(scratch, sizeof scratch, "/tmp/yusuan-test-XXXXXX");
		if (!mkdtemp(scratch))
			scratch[0] = '\0';
	}
	return scratch;
}

void ys_cleanup(void)
{
	if (scratch[0]) {
		char cmd[400];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
		if (system(cmd) != 0)
			fprintf(stderr, "cleanup of %s failed\n", scratch);
		scratch[0] = '\0';
	}
}

char *ys_slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 65536, len = 0;
	char *b = malloc(cap + 1);
	size_t r;
	while ((r = fread(b + len, 1, cap - len, fp)) > 0) {
		len += r;
		if (len == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
		}
	}
	fclose(fp);
	b[len] = '\0';
	if (n)
		*n = len;
	return b;
}

int ys_spit(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	size_t w = fwrite(data, 1, n, fp);
	return fclose(fp) == 0 && w == n ? 0 : -1;
}

const char *ys_fixture(const char *name, const char *text)
{
	static char ring[8][512];
	static int k;
	char *p = ring[k++ % 8];
	snprintf(p, 512, "%s/%s", ys_scratch(), name);
	if (ys_spit(p, text, strlen(text)) != 0)
		return NULL;
	return p;
}

const char *ys_shared(const char *rel)
{
	static char ring[4][1024];
	static int k;
	char *p = ring[k++ % 4];
	snprintf(p, 1024, "%s/../shared/%s", YS_SOURCE_DIR, rel);
	struct stat st;
	return stat(p, &st) == 0 ? p : NULL;
}

static int eq(const char *a, const char *b)
{
	return !b || strcmp(a, b) == 0;
}

const char *ys_fact(const struct doc *d, const char *table, const char *row_code,
		    const char *row_name, const char *column)
{
	static char buf[64];
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (eq(f->table, table) && eq(f->row_code, row_code) && eq(f->column, column) &&
		    eq(f->row_name, row_name))
			return money_format(f->amount, f->unit_note == MU_COUNT ? 0 : 2, buf);
	}
	return NULL;
}

size_t ys_count(const struct doc *d, const char *table, const char *row_code, const char *column)
{
	size_t n = 0;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		n += eq(f->table, table) && eq(f->row_code, row_code) && eq(f->column, column);
	}
	return n;
}

size_t ys_findings(const struct doc *d, const char *check, int severity)
{
	size_t n = 0;
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct finding *f = &d->findings.v[i];
		n += eq(f->check, check) && (severity < 0 || (int)f->severity == severity);
	}
	return n;
}
