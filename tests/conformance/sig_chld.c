/* sig_chld: SIGCHLD when a child exits. A handler runs with si_code CLD_EXITED, the child's pid and exit status
 * (or CLD_KILLED and the signal); the child stays a zombie for wait. SIG_DFL ignores SIGCHLD but keeps zombies.
 * SIG_IGN reaps children at once, so wait blocks until they are all gone and then fails with ECHILD. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t hits, code, status;
static volatile pid_t from;
static void h(int s, siginfo_t *si, void *uc)
{
	(void)s;
	(void)uc;
	hits++;
	code = si->si_code;
	from = si->si_pid;
	status = si->si_status;
}

static const char *cld(int c)
{
	switch (c) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	default: return "?";
	}
}

int main(void)
{
	alarm(20);
	struct sigaction sa = { 0 };
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);

	/* block SIGCHLD, fork, then sigsuspend: the handler runs exactly once, whatever the timing */
	sigset_t chld, old, none;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &chld, &old);
	pid_t c = fork();
	if (c == 0)
		_exit(42);
	int r = sigsuspend(&none);
	check(r == -1 && errno == EINTR, "sigsuspend returned %d %s", r, err_of(r));
	check(hits == 1, "SIGCHLD handler ran once (%d)", (int)hits);
	check(from == c, "si_pid is the child's pid");
	printf("si_code %s si_status %d\n", cld(code), (int)status);
	int st;
	check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 42, "the child was a zombie: wait gets status 42");

	/* killed child */
	hits = 0;
	int p[2];
	pipe(p);
	c = fork();
	if (c == 0) {
		char x;
		read(p[0], &x, 1);
		_exit(0);
	}
	kill(c, SIGTERM);
	sigsuspend(&none);
	check(hits == 1 && from == c, "SIGCHLD for a killed child");
	printf("si_code %s si_status %d\n", cld(code), (int)status);
	check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "wait: killed by SIGTERM");
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* SIG_DFL: nothing runs, the zombie stays */
	signal(SIGCHLD, SIG_DFL);
	hits = 0;
	c = fork();
	if (c == 0)
		_exit(5);
	sleep_ms(100);
	check(hits == 0, "SIG_DFL: no handler");
	check(waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 5, "SIG_DFL: wait gets status 5");

	/* SIG_IGN: children are reaped by the kernel; wait waits for them, then ECHILD */
	signal(SIGCHLD, SIG_IGN);
	pid_t a = fork();
	if (a == 0)
		_exit(1);
	pid_t b = fork();
	if (b == 0) {
		sleep_ms(200);
		_exit(2);
	}
	r = waitpid(-1, &st, 0);
	check(r == -1 && errno == ECHILD, "SIG_IGN: wait(-1) returns %d %s", r, err_of(r));
	check(kill(b, 0) == -1 && errno == ESRCH, "SIG_IGN: the slow child is gone too (kill 0: ESRCH)");
	r = waitpid(a, &st, WNOHANG);
	check(r == -1 && errno == ECHILD, "SIG_IGN: waitpid(first child, WNOHANG) %d %s", r, err_of(r));

	/* back to SIG_DFL: zombies again */
	signal(SIGCHLD, SIG_DFL);
	c = fork();
	if (c == 0)
		_exit(9);
	check(waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 9, "SIG_DFL again: wait gets status 9");
	return done();
}
