/* labs/pipes/forgot.c: the classic pipe bug, for the handout's exercise (not one of the graded scenarios): the
 * parent reads until end of file but never closed its own copy of the write end, so a writer always remains and
 * read blocks forever once the child's data is consumed. Predict it, then run it with
 * `scripts/lab pipes forgot=/labs/pipes/forgot` and find the reader asleep in the tracer (the runner kills it after
 * 60 s of guest time; tests/labs/test-labs uses it to test the grader's hang detector). */
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		close(fd[0]);
		write(fd[1], "data", 4);
		_exit(0);
	}
	/* BUG: close(fd[1]) is missing here. */
	char buf[16];
	ssize_t n;
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		say(1, "parent: read %zd bytes\n", n);
	say(1, "parent: end of file (never printed)\n");
	waitpid(pid, NULL, 0);
	return 0;
}
