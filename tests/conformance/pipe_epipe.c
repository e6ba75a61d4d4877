/* pipe_epipe: writing to a pipe without readers. By default the writer is killed by SIGPIPE; with SIGPIPE
 * ignored the write fails with EPIPE. Needs signals (rt_sigaction); expected to fail on ipclab before them. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

int main(void)
{
	int p[2], st;
	check(pipe(p) == 0, "pipe");
	close(p[0]);
	pid_t c = fork();
	if (c == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	check(waitpid(c, &st, 0) == c, "wait4");
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writer without readers was killed by SIGPIPE (status 0x%x)", st);

	signal(SIGPIPE, SIG_IGN);
	ssize_t n = write(p[1], "x", 1);
	check(n == -1 && errno == EPIPE, "with SIGPIPE ignored: write returns %zd %s", n, err_of(n));
	close(p[1]);
	return done();
}
