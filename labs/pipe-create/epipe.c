/* labs/pipe-create/epipe.c: writing to a pipe nobody can read. With no read reference left, write sends the writer
 * SIGPIPE and fails with EPIPE (POSIX XSH write(): "An attempt is made to write to a pipe or FIFO that is not open for
 * reading by any process ... A SIGPIPE signal shall also be sent to the thread"; Linux 6.1 fs/pipe.c, pipe_write).
 * SIGPIPE's default action kills the writer; ignoring it leaves the EPIPE error. A child shows the default, the
 * parent the ignored case. */
#include <signal.h>
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int p[2];
	if (pipe(p) < 0)
		lab_die("pipe");
	close(p[0]); /* no reader left */
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		write(p[1], "lost", 4); /* SIGPIPE, default action: terminate */
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	say(1, "epipe: the child %s\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE ? "was killed by SIGPIPE" : "survived?");
	signal(SIGPIPE, SIG_IGN);
	ssize_t n = write(p[1], "lost", 4);
	say(1, "epipe: with SIGPIPE ignored, write returns %d: %s\n", (int)n, n < 0 ? strerror(errno) : "?");
	close(p[1]);
	return n < 0 && errno == EPIPE ? 0 : 1;
}
