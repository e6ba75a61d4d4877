/* sig_pipe: SIGPIPE when writing a pipe with no readers. Default: the writer dies of SIGPIPE. Ignored: write fails
 * with EPIPE. Handled: the handler runs, then write fails with EPIPE. Blocked: EPIPE, and SIGPIPE stays pending.
 * A writer blocked on a full pipe gets the same when the last reader closes. */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t hits;
static void h(int s) { (void)s; hits++; }

int main(void)
{
	alarm(20);
	int p[2], st;
	pipe(p);
	close(p[0]);

	pid_t c = fork();
	if (c == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	waitpid(c, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "default: writer killed by SIGPIPE (status 0x%x)", st);

	signal(SIGPIPE, SIG_IGN);
	ssize_t n = write(p[1], "x", 1);
	check(n == -1 && errno == EPIPE, "ignored: write %zd %s", n, err_of(n));

	signal(SIGPIPE, h);
	n = write(p[1], "x", 1);
	int e = errno;
	check(hits == 1, "handled: the handler ran once (%d)", (int)hits);
	check(n == -1 && e == EPIPE, "handled: write %zd %s", n, errname(n < 0 ? e : 0));

	sigset_t b, pend;
	sigemptyset(&b);
	sigaddset(&b, SIGPIPE);
	sigprocmask(SIG_BLOCK, &b, NULL);
	n = write(p[1], "x", 1);
	check(n == -1 && errno == EPIPE, "blocked: write %zd %s", n, err_of(n));
	sigpending(&pend);
	check(sigismember(&pend, SIGPIPE) == 1, "blocked: SIGPIPE pending");
	check(hits == 1, "blocked: handler not run yet");
	sigprocmask(SIG_UNBLOCK, &b, NULL);
	check(hits == 2, "unblocked: handler ran (%d)", (int)hits);
	close(p[1]);

	/* a writer blocked on a full pipe: the reader's close wakes it with EPIPE (and SIGPIPE) */
	pipe(p);
	int q[2];
	pipe(q);
	c = fork();
	if (c == 0) {
		close(p[1]);
		char x;
		read(q[0], &x, 1); /* wait until the parent has filled the pipe */
		sleep_ms(100);
		_exit(0); /* closes the last read end */
	}
	close(p[0]);
	char buf[4096] = { 0 };
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	long total = 0;
	while ((n = write(p[1], buf, sizeof buf)) > 0)
		total += n;
	fcntl(p[1], F_SETFL, 0);
	write(q[1], "g", 1);
	hits = 0;
	n = write(p[1], buf, 1);
	e = errno;
	check(n == -1 && e == EPIPE, "writer blocked on a full pipe, reader exits: write %zd %s", n, errname(n < 0 ? e : 0));
	check(hits == 1, "and the SIGPIPE handler ran (%d)", (int)hits);
	waitpid(c, &st, 0);
	return done();
}
