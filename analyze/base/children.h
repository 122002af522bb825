/* The helper processes a run has started (gnuplot, pdftotext, the workbook's second half), so
 * that a run ended by SIGTERM or SIGINT ends them too instead of leaving them running. */
#ifndef YS_CHILDREN_H
#define YS_CHILDREN_H

#include <spawn.h>
#include <sys/types.h>

/* The attributes every helper is spawned with: no signal blocked. A run blocks SIGTERM, SIGINT
 * and SIGHUP in its working threads (one thread of its own takes them, see run.c), and a
 * spawned program would inherit that mask and could then not be interrupted. */
const posix_spawnattr_t *ys_spawnattr(void);

/* Remember pid as running / no longer running (thread-safe, lock-free). */
void ys_child_started(pid_t pid);
void ys_child_ended(pid_t pid);

/* Waits for pid to end, forgets it, then reaps it (status as waitpid's): forgotten before it is
 * reaped, so that ys_children_signal never hits another process given the same pid. 0, or -1. */
int ys_child_wait(pid_t pid, int *status);

/* Waits until pid has ended without reaping it (it stays a zombie, its pid taken). 0, or -1. */
int ys_child_wait_exit(pid_t pid);

/* sig (SIGSTOP, SIGKILL) to every child still running (async-signal-safe). */
void ys_children_signal(int sig);

#endif
