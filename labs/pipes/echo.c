/* labs/pipes/echo.c: the first pipe program: fork and pipe, the parent sends "hello", the
 * child prints it. The parent waits a little before writing, so the child is already reading an empty pipe: it
 * blocks (pipe.block read), and the parent's write wakes it (pipe.wake read). */
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
		close(fd[1]); /* the child only reads: without this close it would never see end of file */
		char buf[64];
		ssize_t n;
		while ((n = read(fd[0], buf, sizeof buf)) > 0)
			say(1, "child: got \"%.*s\" (%zd bytes)\n", (int)n, buf, n);
		if (n < 0)
			lab_die("read");
		say(1, "child: end of file\n");
		_exit(0);
	}
	close(fd[0]);
	lab_sleep_ms(20); /* let the child reach its read first */
	if (write(fd[1], "hello", 5) != 5)
		lab_die("write");
	close(fd[1]);
	int st;
	waitpid(pid, &st, 0);
	say(1, "parent: sent \"hello\", child exited with status %d\n", WEXITSTATUS(st));
	return 0;
}
