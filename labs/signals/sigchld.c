/* labs/signals/sigchld.c: SIGCHLD. Three children exit with codes 1, 2, 3; each exit sends the parent SIGCHLD,
 * whose handler reaps every child that is ready (waitpid WNOHANG in a loop: several exits may have coalesced into
 * one pending SIGCHLD). The parent waits in sigsuspend with SIGCHLD blocked outside it, so no signal is missed. */
#include <signal.h>
#include <sys/wait.h>
#include "lab.h"

static volatile sig_atomic_t reaped, codes;

static void on_chld(int sig)
{
	(void)sig;
	int st, saved = errno;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		reaped++;
		codes += WEXITSTATUS(st);
	}
	errno = saved;
}

int main(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	for (int i = 1; i <= 3; i++) {
		pid_t pid = fork();
		if (pid < 0)
			lab_die("fork");
		if (pid == 0) {
			lab_sleep_ms(5 * i);
			_exit(i);
		}
	}
	while (reaped < 3)
		sigsuspend(&old); /* SIGCHLD unblocked only while we wait */
	say(1, "parent: reaped %d children in the SIGCHLD handler, exit codes add up to %d\n", (int)reaped,
		(int)codes);
	return reaped == 3 && codes == 6 ? 0 : 1;
}
