/* PDF → layout text through poppler's pdftotext, run with an argument vector (never a shell
 * string), its output read from a pipe; the text is then read by the layout reader. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "doc.h"
#include "base/children.h"

extern char **environ;

#define PDF_TIMEOUT_S 120

static int grow(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 65536;
	while (nc < need)
		nc *= 2;
	char *nb = realloc(*buf, nc);
	if (!nb)
		return -1;
	*buf = nb;
	*cap = nc;
	return 0;
}

enum ys_err doc_pdf_to_text(const char *path, size_t max_bytes, char **out, size_t *outn,
			    struct ys_error *err)
{
	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) != 0) /* (another thread's pdftotext must not hold its ends) */
		return YS_EIO;
	if (pipe2(pe, O_CLOEXEC) != 0) {
		close(po[0]);
		close(po[1]);
		return YS_EIO;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawn_file_actions_addclose(&fa, po[0]);
	posix_spawn_file_actions_addclose(&fa, pe[0]);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	/* a name starting with '-' would be read as an option */
	char *arg = malloc(strlen(path) + 3);
	if (!arg) {
		posix_spawn_file_actions_destroy(&fa);
		return YS_ENOMEM;
	}
	sprintf(arg, "%s%s", path[0] == '-' ? "./" : "", path);
	char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", "-q", arg, "-", NULL };
	pid_t pid;
	int rc = posix_spawnp(&pid, "pdftotext", &fa, ys_spawnattr(), argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(arg);
	close(po[1]);
	close(pe[1]);
	if (rc == 0)
		ys_child_started(pid); /* (ended with the run on SIGTERM/SIGINT) */
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		ys_error_set(err, path, 0,
			     "cannot read PDF: pdftotext (Debian package poppler-utils) is not installed");
		return YS_EIO;
	}
	char *buf = NULL, ebuf[2048];
	size_t cap = 0, n = 0, en = 0;
	int open_n = 2, too_big = 0, timed_out = 0;
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	time_t start = time(NULL);
	while (open_n > 0) {
		int pr = poll(fds, 2, 1000);
		if (time(NULL) - start > PDF_TIMEOUT_S) {
			timed_out = 1;
			break;
		}
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t r;
			if (i == 0) {
				if (grow(&buf, &cap, n + 65536 + 1) != 0) {
					too_big = 1;
					break;
				}
				r = read(fds[i].fd, buf + n, cap - n - 1);
				if (r > 0) {
					n += (size_t)r;
					if (max_bytes && n > max_bytes)
						too_big = 1;
				}
			} else {
				char tmp[1024];
				r = read(fds[i].fd, tmp, sizeof tmp);
				if (r > 0 && en + (size_t)r < sizeof ebuf) {
					memcpy(ebuf + en, tmp, (size_t)r);
					en += (size_t)r;
				}
			}
			if (r <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_n--;
			}
		}
		if (too_big)
			break;
	}
	if (timed_out || too_big)
		kill(pid, SIGKILL);
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	int st = 0;
	ys_child_wait(pid, &st);
	ebuf[en] = '\0';
	if (timed_out || too_big) {
		free(buf);
		ys_error_set(err, path, 0, timed_out ? "PDF conversion took longer than %d s; skipped" :
						     "PDF text is larger than the input limit; skipped",
			     PDF_TIMEOUT_S);
		return YS_ELIMIT;
	}
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (code != 0) {
		free(buf);
		const char *why = code == 1 ? "the file is damaged or not a PDF" :
				  code == 3 ? "the PDF is encrypted or forbids copying text" :
				  code == 127 ? "pdftotext (poppler-utils) is not installed" :
						"pdftotext failed";
		char first[300] = "";
		char *nl = strchr(ebuf, '\n');
		if (nl)
			*nl = '\0';
		if (ebuf[0])
			snprintf(first, sizeof first, " (%.250s)", ebuf);
		ys_error_set(err, path, 0, "cannot read PDF: %s%s", why, first);
		return YS_EPARSE;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return YS_ENOMEM;
	}
	buf[n] = '\0';
	size_t text = 0;
	for (size_t i = 0; i < n; i++)
		text += buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\f';
	if (text == 0) {
		free(buf);
		ys_error_set(err, path, 0, "the PDF has no text layer (a scan?): nothing to read");
		return YS_EEMPTY;
	}
	*out = buf;
	*outn = n;
	return YS_OK;
}
