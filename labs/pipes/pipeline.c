/* labs/pipes/pipeline.c [N]: what a shell does for `producer N | filter | consumer`: two pipes, three children,
 * each child's stdin/stdout redirected with dup2 before exec, and every unused end closed (or the consumer would
 * never see end of file). */
#include <sys/wait.h>
#include "lab.h"

/* spawn: fork a child with stdin = in and stdout = out (-1: unchanged) that execs argv; close all of fds. */
static pid_t spawn(char *const argv[], int in, int out, const int *fds, int nfds)
{
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0)
			dup2(out, 1);
		for (int i = 0; i < nfds; i++)
			close(fds[i]);
		execv(argv[0], argv);
		lab_die("exec");
	}
	return pid;
}

int main(int argc, char **argv)
{
	char *n = argc > 1 ? argv[1] : "10";
	int p1[2], p2[2];
	if (pipe(p1) < 0 || pipe(p2) < 0)
		lab_die("pipe");
	int all[4] = { p1[0], p1[1], p2[0], p2[1] };
	char *prod[] = { "/labs/pipes/producer", n, NULL };
	char *filt[] = { "/labs/pipes/filter", NULL };
	char *cons[] = { "/labs/pipes/consumer", NULL };
	pid_t pids[3];
	pids[0] = spawn(prod, -1, p1[1], all, 4);
	pids[1] = spawn(filt, p1[0], p2[1], all, 4);
	pids[2] = spawn(cons, p2[0], -1, all, 4);
	for (int i = 0; i < 4; i++)
		close(all[i]);
	int bad = 0;
	for (int i = 0; i < 3; i++) {
		int st;
		waitpid(pids[i], &st, 0);
		bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	}
	say(1, "pipeline: all three exited%s\n", bad ? " (one failed)" : " with status 0");
	return bad;
}
