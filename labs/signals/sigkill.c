/* labs/signals/sigkill.c: SIGKILL cannot be caught, blocked or ignored. The child ignores SIGTERM and blocks every
 * signal it can, then waits; the parent's SIGTERM stays pending (blocked: Linux keeps even an ignored signal pending
 * while it is blocked, since the handler may change before it is unblocked), its SIGKILL ends the child anyway. */
#include <signal.h>
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int ready[2];
	if (pipe(ready) < 0)
		lab_die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL); /* SIGKILL and SIGSTOP stay unblocked whatever we ask */
		signal(SIGKILL, SIG_IGN);           /* fails with EINVAL */
		write(ready[1], "r", 1);
		for (;;)
			sigsuspend(&all); /* wait for a signal with everything still blocked */
	}
	char c;
	read(ready[0], &c, 1); /* the child is set up */
	kill(pid, SIGTERM);
	lab_sleep_ms(10);
	say(1, "parent: sent SIGTERM (ignored and blocked by the child), now SIGKILL\n");
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	say(1, "parent: child %s %d\n", WIFSIGNALED(st) ? "killed by signal" : "exited with", WIFSIGNALED(st) ?
		WTERMSIG(st) : WEXITSTATUS(st));
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? 0 : 1;
}
