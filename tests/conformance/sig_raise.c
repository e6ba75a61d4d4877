/* sig_raise: raise() delivers before it returns when the signal is not blocked; a blocked one stays pending;
 * an ignored one does nothing; raise of a default-terminate signal kills; signal() returns the old handler and
 * installs with SA_RESTART (musl); the handler gets the signal number. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t last, count;
static void h(int s) { last = s; count++; }
static void h2(int s) { (void)s; count += 100; }

int main(void)
{
	alarm(20);
	check(signal(SIGUSR1, h) == SIG_DFL, "signal() returns the old action SIG_DFL");
	struct sigaction q;
	sigaction(SIGUSR1, NULL, &q);
	check((q.sa_flags & SA_RESTART) != 0, "signal() installs with SA_RESTART");
	int r = raise(SIGUSR1);
	check(r == 0 && count == 1 && last == SIGUSR1, "raise(SIGUSR1): handler ran before raise returned");
	check(signal(SIGUSR1, h2) == h, "signal() returns the old handler");
	raise(SIGUSR1);
	check(count == 101, "the new handler ran");
	signal(SIGUSR2, h);
	raise(SIGUSR2);
	check(last == SIGUSR2 && count == 102, "handler got signal number %d", (int)last);

	sigset_t b, pend;
	sigemptyset(&b);
	sigaddset(&b, SIGUSR2);
	sigprocmask(SIG_BLOCK, &b, NULL);
	raise(SIGUSR2);
	check(count == 102, "raise of a blocked signal: not delivered");
	sigpending(&pend);
	check(sigismember(&pend, SIGUSR2) == 1, "it is pending");
	sigprocmask(SIG_UNBLOCK, &b, NULL);
	check(count == 103, "delivered on unblock");

	signal(SIGTERM, SIG_IGN);
	r = raise(SIGTERM);
	check(r == 0, "raise of an ignored SIGTERM: returns 0, nothing happens");
	r = raise(0);
	check(r == 0, "raise(0): %d", r);
	r = raise(65);
	check(r == -1 && errno == EINVAL, "raise(65): %d %s", r, err_of(r));

	int sigs[] = { SIGTERM, SIGUSR1, SIGHUP, SIGINT, SIGQUIT, SIGCHLD, SIGURG, SIGWINCH };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		pid_t c = fork();
		if (c == 0) {
			signal(sigs[i], SIG_DFL);
			raise(sigs[i]);
			_exit(0);
		}
		int st;
		waitpid(c, &st, 0);
		if (WIFSIGNALED(st))
			printf("raise(%d) with SIG_DFL: killed by %d\n", sigs[i], WTERMSIG(st));
		else
			printf("raise(%d) with SIG_DFL: ignored, exit %d\n", sigs[i], WEXITSTATUS(st));
	}
	return done();
}
