/* The output contract (issue 14): where `run -o DIR` and `import`/`audit -o FILE` may write, decided
 * before anything is touched. A results folder is replaced whole, so DIR must be absent, empty or
 * an earlier run's results (its manifest.json says so), and never an input, inside one, or around
 * one; a file output never replaces an input, and a device, FIFO or socket is written into, not
 * renamed over. Paths are compared canonical (symlinks resolved once, `.` and trailing slashes
 * gone) and by inode (bind mounts, hard links). */
#ifndef YS_OUTPATH_H
#define YS_OUTPATH_H

#include <stddef.h>

#include "base/err.h"

#define OUTPATH_MAX 4096

struct outdir {
	char path[OUTPATH_MAX];  /* canonical absolute folder: the lock, the temporary folder and
				  * the exchange all use it */
	char shown[OUTPATH_MAX]; /* as given, trailing slashes dropped (for messages) */
};

/* Checks `run -o given` against the inputs (files or folders; those that do not exist are left
 * to the reader) and fills od. YS_OK, or YS_EUSAGE with err saying why (nothing was touched). */
enum ys_err outpath_dir(const char *given, const char *const *inputs, size_t nin, struct outdir *od,
			struct ys_error *err);

/* Whether a results folder of yusuan is at path: a manifest.json written by `yusuan run`. */
int outpath_is_results(const char *path);

struct outfile {
	char path[OUTPATH_MAX];  /* canonical: where the file goes (a symlink's target) */
	int in_place;            /* not a regular file (device, FIFO, socket): written into */
	int exists;
	unsigned long long dev, ino; /* when it exists */
};

/* Checks `import`/`audit -o given`: not a folder, not one of the inputs named on the command
 * line (the same inode). YS_OK or YS_EUSAGE with err. outpath_same_file tells the expanded inputs
 * apart the same way. */
enum ys_err outpath_file(const char *given, const char *const *inputs, size_t nin, struct outfile *of,
			 struct ys_error *err);
int outpath_same_file(const struct outfile *of, const char *path);

#endif
