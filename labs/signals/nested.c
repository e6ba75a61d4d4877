/* labs/signals/nested.c: handler frames. The SIGUSR1 handler sends SIGUSR2 to its own process; SIGUSR2 is not
 * blocked inside it, so its handler runs on top, in a second frame on the user stack; each handler returns through
 * rt_sigreturn (sig.return) to the frame below: deliver 10, deliver 12, return 12, return 10. */
#include <signal.h>
#include "lab.h"

static volatile sig_atomic_t depth, max_depth;

static void on_usr2(int sig)
{
	(void)sig;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	say(1, "  SIGUSR2 handler, depth %d\n", (int)depth);
	depth--;
}

static void on_usr1(int sig)
{
	(void)sig;
	depth++;
	say(1, " SIGUSR1 handler, depth %d: sending SIGUSR2\n", (int)depth);
	kill(getpid(), SIGUSR2);
	say(1, " SIGUSR1 handler again, depth %d\n", (int)depth);
	depth--;
}

int main(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	say(1, "main: sending SIGUSR1\n");
	kill(getpid(), SIGUSR1);
	say(1, "main: back, deepest nesting %d\n", (int)max_depth);
	return max_depth == 2 ? 0 : 1;
}
