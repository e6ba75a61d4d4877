/* sig_sigkill: SIGKILL and SIGSTOP cannot be caught, ignored or blocked. sigaction with a handler or SIG_IGN
 * gives EINVAL (querying is allowed); sigprocmask silently leaves them out of the mask; a process that blocks and
 * ignores everything it can still dies of SIGKILL with status 9. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static void h(int s) { (void)s; }

int main(void)
{
	alarm(20);
	struct sigaction sa = { 0 }, old;
	sa.sa_handler = h;
	int sigs[] = { SIGKILL, SIGSTOP };
	for (int i = 0; i < 2; i++) {
		int s = sigs[i];
		sa.sa_handler = h;
		int r = sigaction(s, &sa, NULL);
		check(r == -1 && errno == EINVAL, "sigaction(%d, handler): %d %s", s, r, err_of(r));
		sa.sa_handler = SIG_IGN;
		r = sigaction(s, &sa, NULL);
		check(r == -1 && errno == EINVAL, "sigaction(%d, SIG_IGN): %d %s", s, r, err_of(r));
		sa.sa_handler = SIG_DFL;
		r = sigaction(s, &sa, NULL);
		check(r == -1 && errno == EINVAL, "sigaction(%d, SIG_DFL): %d %s", s, r, err_of(r));
		r = sigaction(s, NULL, &old);
		check(r == 0 && old.sa_handler == SIG_DFL, "sigaction(%d, NULL, &old): %d, SIG_DFL", s, r);
	}

	sigset_t all, cur;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	check(!sigismember(&cur, SIGKILL) && !sigismember(&cur, SIGSTOP), "blocking everything leaves SIGKILL and SIGSTOP out");
	check(sigismember(&cur, SIGTERM) && sigismember(&cur, SIGUSR1), "SIGTERM and SIGUSR1 are blocked");
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);

	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		/* block and ignore everything that can be */
		sigset_t m;
		sigfillset(&m);
		sigprocmask(SIG_SETMASK, &m, NULL);
		struct sigaction ig = { 0 };
		ig.sa_handler = SIG_IGN;
		for (int s = 1; s < 32; s++)
			if (s != SIGKILL && s != SIGSTOP)
				sigaction(s, &ig, NULL);
		write(p[1], "r", 1);
		for (;;)
			sleep_ms(1000);
	}
	char b;
	check(read(p[0], &b, 1) == 1, "child blocked and ignored everything");
	kill(c, SIGTERM);
	kill(c, SIGINT);
	kill(c, SIGKILL);
	int st;
	check(waitpid(c, &st, 0) == c, "waitpid");
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child killed by SIGKILL (status 0x%x)", st);

	/* SIGKILL also ends a child blocked in a pipe read, with handlers for everything else */
	int q[2];
	pipe(q);
	c = fork();
	if (c == 0) {
		struct sigaction hs = { 0 };
		hs.sa_handler = h;
		for (int s = 1; s < 32; s++)
			if (s != SIGKILL && s != SIGSTOP)
				sigaction(s, &hs, NULL);
		write(p[1], "r", 1);
		char x;
		read(q[0], &x, 1); /* nobody writes: blocks */
		_exit(3);
	}
	check(read(p[0], &b, 1) == 1, "second child has handlers");
	sleep_ms(50);
	kill(c, SIGKILL);
	check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "child in a pipe read killed by SIGKILL (status 0x%x)", st);
	return done();
}
