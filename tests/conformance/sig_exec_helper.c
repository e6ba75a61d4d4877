/* sig_exec_helper: run by sig_exec after execve (and alone as a test of its own): reports the signal state it
 * inherited: each signal's action (default, ignored, or a handler), the blocked mask, the pending set, the
 * alternate stack. */
#include <signal.h>
#include "conf.h"

int main(int argc, char **argv)
{
	printf("helper: %s\n", argc > 1 ? argv[1] : "run alone");
	for (int s = 1; s < 32; s++) {
		if (s == SIGKILL || s == SIGSTOP)
			continue;
		struct sigaction q;
		if (sigaction(s, NULL, &q) != 0) {
			printf("sig %d: sigaction failed %s\n", s, errname(errno));
			continue;
		}
		if (q.sa_handler == SIG_DFL && q.sa_flags == 0)
			continue; /* the common case: only differences are shown */
		printf("sig %d: %s flags 0x%x\n", s,
		       q.sa_handler == SIG_DFL ? "default" : q.sa_handler == SIG_IGN ? "ignored" : "handler",
		       (unsigned)q.sa_flags);
	}
	sigset_t m, pend;
	sigprocmask(SIG_BLOCK, NULL, &m);
	sigpending(&pend);
	printf("blocked:");
	for (int s = 1; s < 65; s++)
		if (sigismember(&m, s) == 1)
			printf(" %d", s);
	printf("\npending:");
	for (int s = 1; s < 65; s++)
		if (sigismember(&pend, s) == 1)
			printf(" %d", s);
	printf("\n");
	stack_t ss;
	sigaltstack(NULL, &ss);
	printf("altstack: %s\n", (ss.ss_flags & SS_DISABLE) ? "disabled" : "enabled");
	return 0;
}
