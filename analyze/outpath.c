/* The output contract: canonical paths, the inputs an output must stay clear of, and what an
 * existing output folder must be before a run may replace it. */
#include "outpath.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* given without trailing slashes ("/" stays "/"). */
static void strip_slashes(const char *given, char *out, size_t n)
{
	snprintf(out, n, "%s", given);
	size_t len = strlen(out);
	while (len > 1 && out[len - 1] == '/')
		out[--len] = '\0';
}

/* The canonical absolute path of given, which need not exist (its parent must): symlinks
 * resolved (a dangling one to where it points), `.`/`..` and repeated slashes gone. 0, or -1
 * with errno. */
static int canon(const char *given, char *out, size_t n, int depth)
{
	char g[OUTPATH_MAX];
	strip_slashes(given, g, sizeof g);
	if (!g[0]) {
		errno = ENOENT;
		return -1;
	}
	char buf[PATH_MAX];
	struct stat st;
	if (stat(g, &st) == 0) {
		if (!realpath(g, buf))
			return -1;
		snprintf(out, n, "%s", buf);
		return 0;
	}
	if (errno != ENOENT)
		return -1;
	if (lstat(g, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* a link to nothing yet: the output goes where it points */
		if (depth > 16) {
			errno = ELOOP;
			return -1;
		}
		char to[PATH_MAX];
		ssize_t k = readlink(g, to, sizeof to - 1);
		if (k < 0)
			return -1;
		to[k] = '\0';
		char next[2 * OUTPATH_MAX + 2];
		const char *slash = strrchr(g, '/');
		if (to[0] == '/' || !slash)
			snprintf(next, sizeof next, "%s", to);
		else
			snprintf(next, sizeof next, "%.*s/%s", (int)(slash - g), g, to);
		return canon(next, out, n, depth + 1);
	}
	/* absent: the parent's canonical path and the last name */
	const char *slash = strrchr(g, '/');
	char parent[OUTPATH_MAX];
	const char *base = slash ? slash + 1 : g;
	if (!slash)
		snprintf(parent, sizeof parent, ".");
	else if (slash == g)
		snprintf(parent, sizeof parent, "/");
	else
		snprintf(parent, sizeof parent, "%.*s", (int)(slash - g), g);
	if (!strcmp(base, ".") || !strcmp(base, "..")) {
		errno = ENOENT;
		return -1;
	}
	if (!realpath(parent, buf))
		return -1;
	if ((size_t)snprintf(out, n, "%s%s%s", buf, strcmp(buf, "/") ? "/" : "", base) >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* a is b or lies under it (canonical paths). */
static int under(const char *a, const char *b)
{
	size_t nb = strlen(b);
	if (!strcmp(b, "/"))
		return 1;
	return !strncmp(a, b, nb) && (a[nb] == '\0' || a[nb] == '/');
}

/* Whether path, or one of its parent folders, is the file (dev, ino). Canonical paths already
 * compare names; this catches the same folder reached another way (a bind mount). */
static int has_ancestor(const char *path, dev_t dev, ino_t ino)
{
	char p[OUTPATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	for (;;) {
		struct stat st;
		if (stat(p, &st) == 0 && st.st_dev == dev && st.st_ino == ino)
			return 1;
		char *slash = strrchr(p, '/');
		if (!slash || slash == p) {
			if (strcmp(p, "/") && stat("/", &st) == 0 && st.st_dev == dev && st.st_ino == ino)
				return 1;
			return 0;
		}
		*slash = '\0';
	}
}

int outpath_is_results(const char *path)
{
	char m[OUTPATH_MAX + 32];
	snprintf(m, sizeof m, "%s/manifest.json", path);
	int fd = open(m, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	char head[4097];
	ssize_t k = read(fd, head, sizeof head - 1);
	close(fd);
	if (k <= 0)
		return 0;
	head[k] = '\0';
	/* (what manifest_write puts first) */
	return !strncmp(head, "{\n  \"tool\": \"yusuan\",", 21) && strstr(head, "\"command\": \"run\"");
}

/* 1 when the folder has no entries, 0 when it has, -1 when it cannot be listed (errno). */
static int is_empty(const char *path)
{
	DIR *dp = opendir(path);
	if (!dp)
		return -1;
	struct dirent *de;
	int empty = 1;
	while (empty && (de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = 0;
	closedir(dp);
	return empty;
}

enum ys_err outpath_dir(const char *given, const char *const *inputs, size_t nin, struct outdir *od,
			struct ys_error *err)
{
	strip_slashes(given, od->shown, sizeof od->shown);
	if (canon(given, od->path, sizeof od->path, 0) != 0) {
		ys_error_set(err, od->shown, 0, "cannot use as the output folder: %s%s", strerror(errno),
			     errno == ENOENT ? " (its parent folder must exist)" : "");
		return YS_EUSAGE;
	}
	if (!strcmp(od->path, "/")) {
		ys_error_set(err, od->shown, 0, "the root folder cannot be the output folder; nothing written");
		return YS_EUSAGE;
	}
	struct stat ost;
	int exists = stat(od->path, &ost) == 0;
	for (size_t i = 0; i < nin; i++) {
		char in[OUTPATH_MAX];
		struct stat ist;
		if (canon(inputs[i], in, sizeof in, 0) != 0 || stat(in, &ist) != 0)
			continue; /* (a missing input is the reader's message) */
		const char *why = NULL;
		if (!strcmp(od->path, in) || (exists && ost.st_dev == ist.st_dev && ost.st_ino == ist.st_ino))
			why = "is the input";
		else if (under(od->path, in) || has_ancestor(od->path, ist.st_dev, ist.st_ino))
			why = "lies inside the input";
		else if (under(in, od->path) || (exists && has_ancestor(in, ost.st_dev, ost.st_ino)))
			why = "contains the input";
		if (why) {
			ys_error_set(err, od->shown, 0,
				     "the output folder %s %s; results replace the whole folder, so it must "
				     "stay apart from the inputs; nothing written", why, inputs[i]);
			return YS_EUSAGE;
		}
	}
	if (!exists)
		return YS_OK;
	if (!S_ISDIR(ost.st_mode)) {
		ys_error_set(err, od->shown, 0,
			     "is a file, not a folder of yusuan results; refusing to replace it; nothing written");
		return YS_EUSAGE;
	}
	int empty = is_empty(od->path);
	if (empty < 0) {
		ys_error_set(err, od->shown, 0, "cannot list the output folder: %s; nothing written",
			     strerror(errno));
		return YS_EUSAGE;
	}
	if (!empty && !outpath_is_results(od->path)) {
		ys_error_set(err, od->shown, 0,
			     "is a folder that does not hold yusuan results (no manifest.json of a yusuan "
			     "run); a run replaces the whole folder, so only an absent or empty folder or "
			     "earlier results can be the output; nothing written");
		return YS_EUSAGE;
	}
	return YS_OK;
}

enum ys_err outpath_file(const char *given, const char *const *inputs, size_t nin, struct outfile *of,
			 struct ys_error *err)
{
	memset(of, 0, sizeof *of);
	size_t gl = strlen(given);
	if (gl && given[gl - 1] == '/') {
		ys_error_set(err, given, 0, "names a folder; -o takes a file here; nothing written");
		return YS_EUSAGE;
	}
	if (canon(given, of->path, sizeof of->path, 0) != 0) {
		ys_error_set(err, given, 0, "cannot write: %s", strerror(errno));
		return YS_EUSAGE;
	}
	struct stat st;
	if (stat(of->path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			ys_error_set(err, given, 0, "is a folder; -o takes a file here; nothing written");
			return YS_EUSAGE;
		}
		of->exists = 1;
		of->in_place = !S_ISREG(st.st_mode);
		of->dev = st.st_dev;
		of->ino = st.st_ino;
	}
	for (size_t i = 0; i < nin; i++)
		if (outpath_same_file(of, inputs[i])) {
			ys_error_set(err, given, 0, "is the input %s; it would be overwritten; nothing written",
				     inputs[i]);
			return YS_EUSAGE;
		}
	return YS_OK;
}

int outpath_same_file(const struct outfile *of, const char *path)
{
	struct stat st;
	return of->exists && stat(path, &st) == 0 && (unsigned long long)st.st_dev == of->dev &&
	       (unsigned long long)st.st_ino == of->ino;
}
