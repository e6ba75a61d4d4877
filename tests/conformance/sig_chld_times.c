/* sig_chld_times: the SIGCHLD of an exiting child carries its CPU time (sigaction(2): si_utime and si_stime, in
 * clock ticks, sysconf(_SC_CLK_TCK) a second): a child that spins for 300 ms of CPU time reports at least that. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile long got_utime = -1, got_stime = -1;
static volatile int got_code;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_utime = si->si_utime;
	got_stime = si->si_stime;
	got_code = si->si_code;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec t;
		do
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
		while (t.tv_sec * 1000 + t.tv_nsec / 1000000 < 300);
		_exit(3);
	}
	sigsuspend(&old); /* until the SIGCHLD handler ran */
	long hz = sysconf(_SC_CLK_TCK);
	check(got_code == CLD_EXITED, "si_code CLD_EXITED");
	check(hz == 100, "clock ticks a second: 100");
	check(got_utime + got_stime >= 25 * hz / 100, "si_utime + si_stime: the child's 300 ms (at least 250: Linux samples the split at its ticks)");
	check(got_utime + got_stime < 30 * hz, "and under 30 s");
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 3, "the child's status after");
	return done();
}
