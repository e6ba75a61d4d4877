/* sig_flags: SA_NODEFER and SA_RESETHAND. Without SA_NODEFER a signal raised inside its own handler waits until
 * the handler returns; with it the handler is entered again, nested. SA_RESETHAND puts the action back to
 * SIG_DFL as the handler is entered (so a second one takes the default action); on Linux it does not imply
 * SA_NODEFER. The sa_flags read back by sigaction are printed. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static char trail[64];
static volatile int ntrail, depth, raised;

static void h(int s)
{
	(void)s;
	int d = ++depth;
	trail[ntrail++] = '0' + d; /* entered at depth d */
	if (!raised) {
		raised = 1; /* once per experiment */
		raise(SIGUSR1);
	}
	trail[ntrail++] = 'a' + d - 1; /* leaving depth d */
	depth--;
}

static void install(int flags)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

static const char *disp(int s)
{
	struct sigaction q;
	sigaction(s, NULL, &q);
	return q.sa_handler == SIG_DFL ? "SIG_DFL" : q.sa_handler == SIG_IGN ? "SIG_IGN" : "handler";
}

int main(void)
{
	alarm(20);
	struct sigaction q;

	install(0);
	ntrail = raised = 0;
	raise(SIGUSR1);
	trail[ntrail] = 0;
	/* digits: entered at that depth; letters: left depth a=1, b=2 */
	printf("no flags: %s\n", trail);

	install(SA_NODEFER);
	sigaction(SIGUSR1, NULL, &q);
	printf("SA_NODEFER read back: %d\n", (q.sa_flags & SA_NODEFER) != 0);
	ntrail = raised = 0;
	raise(SIGUSR1);
	trail[ntrail] = 0;
	printf("SA_NODEFER: %s\n", trail);

	/* SA_RESETHAND in a child: the nested raise is blocked until the handler returns, then the default kills */
	pid_t c = fork();
	if (c == 0) {
		install(SA_RESETHAND);
		ntrail = raised = 0;
		raise(SIGUSR1);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "SA_RESETHAND: the second SIGUSR1 took the default action (status 0x%x)", st);

	/* SA_RESETHAND with SA_NODEFER: the nested raise finds SIG_DFL at once */
	install(SA_RESETHAND | SA_NODEFER);
	sigaction(SIGUSR1, NULL, &q);
	printf("SA_RESETHAND|SA_NODEFER read back: resethand %d nodefer %d, action %s\n",
	       (q.sa_flags & SA_RESETHAND) != 0, (q.sa_flags & SA_NODEFER) != 0, disp(SIGUSR1));
	c = fork();
	if (c == 0) {
		ntrail = raised = 0;
		raise(SIGUSR1); /* handler, then the nested raise kills at once */
		_exit(0);
	}
	waitpid(c, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "SA_RESETHAND|SA_NODEFER: the nested SIGUSR1 killed (status 0x%x)", st);

	/* one delivery of a SA_RESETHAND handler that does not raise again: then the action reads SIG_DFL
	 * (the handler's raise(SIGUSR1) is harmless: SIGUSR1 is ignored here) */
	struct sigaction sa = { 0 };
	sa.sa_handler = h;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	printf("SIGUSR2 before: %s\n", disp(SIGUSR2));
	signal(SIGUSR1, SIG_IGN);
	ntrail = raised = 0;
	raise(SIGUSR2);
	trail[ntrail] = 0;
	sigaction(SIGUSR2, NULL, &q);
	printf("SIGUSR2 after one delivery (%s): %s, SA_RESETHAND %d\n", trail, disp(SIGUSR2),
	       (q.sa_flags & SA_RESETHAND) != 0);
	return done();
}
