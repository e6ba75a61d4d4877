/* sig_coalesce: standard signals do not queue. A signal sent several times while blocked is pending once and
 * delivered once when unblocked; sigpending shows it; sends from another process coalesce the same way. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t usr1, usr2;
static void h_usr1(int s) { (void)s; usr1++; }
static void h_usr2(int s) { (void)s; usr2++; }

int main(void)
{
	alarm(20); /* watchdog */
	signal(SIGUSR1, h_usr1);
	signal(SIGUSR2, h_usr2);
	sigset_t block, old, pend;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	check(sigprocmask(SIG_BLOCK, &block, &old) == 0, "block SIGUSR1 and SIGUSR2");

	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	check(usr1 == 0, "three kills while blocked: no delivery yet (%d)", (int)usr1);
	sigpending(&pend);
	check(sigismember(&pend, SIGUSR1) == 1 && sigismember(&pend, SIGUSR2) == 0, "sigpending: SIGUSR1 only");
	sigprocmask(SIG_SETMASK, &old, NULL);
	check(usr1 == 1, "unblocked: delivered exactly once (%d)", (int)usr1);
	sigpending(&pend);
	check(sigismember(&pend, SIGUSR1) == 0, "nothing pending after delivery");

	/* the same with raise (tkill: sent to the thread rather than the process) */
	usr1 = 0;
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	check(usr1 == 1, "three raises while blocked: delivered exactly once (%d)", (int)usr1);

	/* From a child: five sends while blocked, the child exits, then unblock. */
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid_t c = fork();
	if (c == 0) {
		for (int i = 0; i < 5; i++)
			kill(getppid(), SIGUSR2);
		_exit(0);
	}
	int st;
	check(waitpid(c, &st, 0) == c && WIFEXITED(st), "child sent SIGUSR2 five times and exited");
	sigpending(&pend);
	check(sigismember(&pend, SIGUSR2) == 1, "SIGUSR2 pending");
	sigprocmask(SIG_SETMASK, &old, NULL);
	check(usr2 == 1, "unblocked: SIGUSR2 delivered exactly once (%d)", (int)usr2);

	/* Pending then ignored: setting SIG_IGN discards the pending signal. */
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	sigpending(&pend);
	check(sigismember(&pend, SIGUSR1) == 0, "SIG_IGN discards a pending SIGUSR1");
	signal(SIGUSR1, h_usr1);
	usr1 = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	check(usr1 == 0, "nothing delivered after the discard (%d)", (int)usr1);


	/* A blocked signal stays pending even when its action is SIG_IGN (the action may change before it is
	 * unblocked: Linux sig_ignored). */
	signal(SIGUSR2, SIG_IGN);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR2);
	sigpending(&pend);
	printf("blocked and ignored SIGUSR2 raised: pending %d\n", sigismember(&pend, SIGUSR2));
	sigprocmask(SIG_SETMASK, &old, NULL);
	return done();
}
