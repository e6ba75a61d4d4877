/* labs/signals/pending.c: the pending and blocked bitmaps, and coalescing. SIGUSR1 is blocked, then sent to
 * ourselves three times: it stays pending (one bit, however many were sent: standard signals do not queue), until
 * sigprocmask unblocks it and the handler runs once (signal(7): a standard signal is one pending bit). */
#include <signal.h>
#include "lab.h"

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

int main(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, pend;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	for (int i = 0; i < 3; i++)
		kill(getpid(), SIGUSR1);
	sigpending(&pend);
	say(1, "sent SIGUSR1 3 times while blocked: pending=%d, handled %d times so far\n",
		sigismember(&pend, SIGUSR1), (int)handled);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	say(1, "after unblocking: handled %d time(s)\n", (int)handled);
	return handled == 1 ? 0 : 1;
}
