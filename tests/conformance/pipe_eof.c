/* pipe_eof: end of file. Data still in the pipe is read before EOF; read returns 0 once every write end is
 * closed (in every process); a read with count 0 returns 0. */
#include <sys/wait.h>
#include "conf.h"

int main(void)
{
	int p[2];
	char buf[64];
	check(pipe(p) == 0, "pipe");
	check(write(p[1], "abc", 3) == 3, "write 3 bytes");
	check(read(p[0], buf, 0) == 0, "read of 0 bytes returns 0");
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof buf);
	check(n == 3 && memcmp(buf, "abc", 3) == 0, "buffered data is read after the writer closed (%zd bytes)", n);
	n = read(p[0], buf, sizeof buf);
	check(n == 0, "then read returns 0 (end of file): %zd", n);
	n = read(p[0], buf, sizeof buf);
	check(n == 0, "and again 0: %zd", n);
	close(p[0]);

	/* A child holds the only other write end: no EOF until the child exits. */
	check(pipe(p) == 0, "pipe");
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		sleep_ms(40);
		write(p[1], "x", 1);
		sleep_ms(40);
		_exit(0); /* exit closes p[1] */
	}
	close(p[1]);
	long long t0 = now_ns();
	n = read(p[0], buf, sizeof buf);
	check(n == 1 && buf[0] == 'x', "read the child's byte: %zd", n);
	n = read(p[0], buf, sizeof buf);
	long long ms = (now_ns() - t0) / 1000000;
	check(n == 0, "EOF when the child exits: %zd", n);
	check(ms >= 70, "EOF came only after the child's exit (at least 70 ms)");
	int st;
	check(waitpid(c, &st, 0) == c && st == 0, "child exited 0");
	close(p[0]);
	return done();
}
