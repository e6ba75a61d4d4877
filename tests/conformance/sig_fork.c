/* sig_fork: fork keeps the parent's actions (handlers, SIG_IGN, flags, sa_mask) and blocked mask; the child
 * starts with nothing pending (a signal pending in the parent stays the parent's). */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t usr1, hup;
static void h_usr1(int s) { (void)s; usr1++; }
static void h_hup(int s) { (void)s; hup++; }

int main(void)
{
	alarm(20);
	struct sigaction sa = { 0 };
	sa.sa_handler = h_usr1;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGHUP, h_hup);
	sigset_t b;
	sigemptyset(&b);
	sigaddset(&b, SIGHUP);
	sigaddset(&b, SIGQUIT);
	sigprocmask(SIG_BLOCK, &b, NULL);
	raise(SIGHUP); /* pending in the parent */

	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		struct sigaction q;
		sigaction(SIGUSR1, NULL, &q);
		check(q.sa_handler == h_usr1, "child: SIGUSR1 handler kept");
		check((q.sa_flags & SA_RESTART) != 0, "child: SA_RESTART kept");
		check(sigismember(&q.sa_mask, SIGINT) == 1 && sigismember(&q.sa_mask, SIGTERM) == 0, "child: sa_mask kept");
		sigaction(SIGUSR2, NULL, &q);
		check(q.sa_handler == SIG_IGN, "child: SIGUSR2 still ignored");
		sigaction(SIGTERM, NULL, &q);
		check(q.sa_handler == SIG_DFL, "child: SIGTERM still default");
		sigset_t m, pend;
		sigprocmask(SIG_BLOCK, NULL, &m);
		check(sigismember(&m, SIGHUP) == 1 && sigismember(&m, SIGQUIT) == 1 && sigismember(&m, SIGUSR1) == 0,
		      "child: mask kept (SIGHUP, SIGQUIT blocked)");
		sigpending(&pend);
		check(sigismember(&pend, SIGHUP) == 0, "child: the parent's pending SIGHUP is not inherited");
		raise(SIGUSR1);
		check(usr1 == 1, "child: raise(SIGUSR1) runs the inherited handler");
		raise(SIGUSR2);
		check(1, "child: raise(SIGUSR2) ignored");
		sigprocmask(SIG_UNBLOCK, &b, NULL);
		check(hup == 0, "child: unblocking SIGHUP delivers nothing");
		fflush(stdout);
		write(p[1], "d", 1);
		_exit(conf_failures ? 1 : 0);
	}
	char x;
	read(p[0], &x, 1);
	int st;
	check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exited 0 (status 0x%x)", st);
	check(usr1 == 0, "parent: its handler did not run");
	sigprocmask(SIG_UNBLOCK, &b, NULL);
	check(hup == 1, "parent: its pending SIGHUP is delivered on unblock");
	return done();
}
