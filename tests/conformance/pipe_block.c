/* pipe_block: a reader blocks on an empty pipe until a writer writes later; a writer blocks on a full pipe until
 * a reader makes room. */
#include <sys/wait.h>
#include "conf.h"

int main(void)
{
	int p[2];
	check(pipe(p) == 0, "pipe");

	/* Reader waits for a child that writes after 50 ms. */
	long long t0 = now_ns();
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		sleep_ms(50);
		_exit(write(p[1], "late", 4) == 4 ? 0 : 1);
	}
	char buf[16] = { 0 };
	ssize_t n = read(p[0], buf, sizeof buf);
	long long waited = (now_ns() - t0) / 1000000;
	check(n == 4 && memcmp(buf, "late", 4) == 0, "read blocked until the writer wrote \"late\" (got %zd bytes)", n);
	check(waited >= 45, "the read waited for the writer (at least 45 ms)");
	int st;
	check(waitpid(c, &st, 0) == c && st == 0, "writer child exited 0");

	/* Writer fills the pipe (64 KiB) and blocks on the next write until the parent reads. */
	c = fork();
	if (c == 0) {
		close(p[0]);
		static char big[65536 + 4096];
		memset(big, 'w', sizeof big);
		ssize_t w = write(p[1], big, sizeof big);
		_exit(w == (ssize_t)sizeof big ? 0 : 1);
	}
	sleep_ms(50);
	/* The child is now blocked with 64 KiB in the pipe and 4 KiB to go. */
	static char rbuf[65536 + 4096];
	size_t got = 0;
	while (got < sizeof rbuf) {
		n = read(p[0], rbuf + got, sizeof rbuf - got);
		if (n <= 0)
			break;
		got += n;
	}
	check(got == sizeof rbuf, "read all %zu bytes of the blocked writer", got);
	size_t bad = 0;
	for (size_t i = 0; i < got; i++)
		bad += rbuf[i] != 'w';
	check(bad == 0, "every byte arrived intact");
	check(waitpid(c, &st, 0) == c && st == 0, "the blocked writer completed its whole write and exited 0");
	close(p[0]);
	close(p[1]);
	return done();
}
