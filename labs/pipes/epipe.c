/* labs/pipes/epipe.c: writing to a pipe nobody reads. First with SIGPIPE ignored: write fails with EPIPE. Then a
 * child writes with SIGPIPE's default action: the signal kills it (wait status: signal 13). */
#include <signal.h>
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	close(fd[0]); /* no reader left */
	signal(SIGPIPE, SIG_IGN);
	ssize_t w = write(fd[1], "x", 1);
	say(1, "ignored SIGPIPE: write returned %zd, errno %s\n", w, w < 0 && errno == EPIPE ? "EPIPE" : "?");

	signal(SIGPIPE, SIG_DFL);
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		write(fd[1], "y", 1); /* SIGPIPE: the default action terminates us here */
		say(1, "child: still alive after writing (wrong)\n");
		_exit(0);
	}
	close(fd[1]);
	int st;
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		say(1, "default SIGPIPE: child killed by signal %d\n", WTERMSIG(st));
	else
		say(1, "default SIGPIPE: child exited with %d (expected a signal)\n", WEXITSTATUS(st));
	return w < 0 && errno == EPIPE && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE ? 0 : 1;
}
