/* sig_coalesce_sets: Linux keeps two pending sets, the process's (kill) and the thread's (tkill, tgkill, raise).
 * A standard signal is pending at most once in each, so a kill and a raise of the same blocked signal are
 * delivered twice when it is unblocked, two kills or two raises once. sigpending shows the union. */
#include <signal.h>
#include <sys/syscall.h>
#include "conf.h"

static volatile sig_atomic_t n;
static void h(int s) { (void)s; n++; }

static int run(int kills, int raises)
{
	sigset_t b, old, pend;
	sigemptyset(&b);
	sigaddset(&b, SIGUSR1);
	sigprocmask(SIG_BLOCK, &b, &old);
	n = 0;
	for (int i = 0; i < kills; i++)
		kill(getpid(), SIGUSR1);
	for (int i = 0; i < raises; i++)
		syscall(SYS_tgkill, getpid(), getpid(), SIGUSR1);
	sigpending(&pend);
	int p = sigismember(&pend, SIGUSR1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("%d kill, %d tgkill while blocked: pending %d, delivered %d\n", kills, raises, p, (int)n);
	return n;
}

int main(void)
{
	alarm(20);
	signal(SIGUSR1, h);
	run(2, 0);
	run(0, 2);
	run(1, 1);
	run(3, 3);
	return done();
}
