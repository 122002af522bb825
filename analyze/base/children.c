/* A fixed table of slots: a run has few helpers at a time (one gnuplot, one pdftotext per
 * reading thread, one workbook half). */
#include "children.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

#define SLOTS 128

static _Atomic int slots[SLOTS];

void ys_child_started(pid_t pid)
{
	for (int i = 0; i < SLOTS; i++) {
		int zero = 0;
		if (atomic_compare_exchange_strong(&slots[i], &zero, (int)pid))
			return;
	}
	/* (more than SLOTS at once: this one is not ended with the run) */
}

void ys_child_ended(pid_t pid)
{
	for (int i = 0; i < SLOTS; i++) {
		int p = (int)pid;
		if (atomic_compare_exchange_strong(&slots[i], &p, 0))
			return;
	}
}

void ys_children_signal(int sig)
{
	for (int i = 0; i < SLOTS; i++) {
		int p = atomic_load(&slots[i]);
		if (p > 0)
			kill((pid_t)p, sig);
	}
}

int ys_child_wait_exit(pid_t pid)
{
	siginfo_t si;
	int rc;
	while ((rc = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT)) < 0 && errno == EINTR)
		;
	return rc;
}

int ys_child_wait(pid_t pid, int *status)
{
	int st = 0;
	ys_child_wait_exit(pid);
	ys_child_ended(pid);
	pid_t w;
	while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (status)
		*status = st;
	return w == pid ? 0 : -1;
}

static posix_spawnattr_t attr;
static pthread_once_t attr_once = PTHREAD_ONCE_INIT;

static void attr_init(void)
{
	sigset_t none;
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
}

const posix_spawnattr_t *ys_spawnattr(void)
{
	pthread_once(&attr_once, attr_init);
	return &attr;
}
