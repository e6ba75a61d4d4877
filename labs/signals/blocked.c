/* labs/signals/blocked.c: what the mask means for delivery. SIGUSR1 is blocked and sent: it stays pending while
 * SIGUSR2, sent next and not blocked, is delivered to its handler (delivery takes the next signal of pending &
 * ~blocked, not the next pending one). Unblocking SIGUSR1 delivers it; its handler sends SIGUSR1 once more, which is
 * blocked while the handler runs: that one waits, pending, and is delivered as soon as the handler returns and
 * rt_sigreturn puts the old mask back (POSIX sigaction(): the signal is added to the mask during its handler). */
#include <signal.h>
#include "lab.h"

static volatile sig_atomic_t usr1, usr2, usr1_seen_by_usr2 = -1;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
	if (usr1 == 1)
		kill(getpid(), SIGUSR1); /* blocked during its own handler: pending until the handler returns */
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2++;
	usr1_seen_by_usr2 = usr1;
}

int main(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t usr1set;
	sigemptyset(&usr1set);
	sigaddset(&usr1set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1set, NULL);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR2);
	say(1, "SIGUSR1 blocked and pending, SIGUSR2 sent: SIGUSR2 handled %d time(s), SIGUSR1 %d (expected 1 and 0)\n",
	    (int)usr2, (int)usr1_seen_by_usr2);
	sigprocmask(SIG_UNBLOCK, &usr1set, NULL);
	say(1, "SIGUSR1 unblocked: handled %d time(s) (expected 2: once, and once for the one sent during its handler)\n",
	    (int)usr1);
	return usr2 == 1 && usr1_seen_by_usr2 == 0 && usr1 == 2 ? 0 : 1;
}
