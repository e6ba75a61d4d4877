/* pipe_nonblock: O_NONBLOCK (from pipe2 and from fcntl F_SETFL): EAGAIN on an empty pipe and on a full one,
 * a large write into a pipe with room is partial, a blocking read sees data from a non-blocking writer. */
#define _GNU_SOURCE /* pipe2: a GNU extension, declared by glibc only with it */
#include <fcntl.h>
#include "conf.h"

static char buf[65536 * 2];

int main(void)
{
	int p[2];
	check(pipe2(p, O_NONBLOCK) == 0, "pipe2(O_NONBLOCK)");
	check((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0, "read end has O_NONBLOCK");
	check((fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0, "write end has O_NONBLOCK");
	ssize_t n = read(p[0], buf, 10);
	check(n == -1 && errno == EAGAIN, "read of an empty pipe: %zd %s", n, err_of(n));

	size_t total = 0;
	memset(buf, 'a', sizeof buf);
	for (;;) {
		n = write(p[1], buf, 4096);
		if (n <= 0)
			break;
		total += n;
	}
	check(n == -1 && errno == EAGAIN, "write to a full pipe: %zd %s", n, err_of(n));
	check(total == 65536, "the pipe took %zu bytes before it was full", total);
	n = write(p[1], buf, 1);
	check(n == -1 && errno == EAGAIN, "1-byte write to a full pipe: %zd %s", n, err_of(n));

	/* Drain it, then one big write: it is cut to what fits. */
	total = 0;
	while ((n = read(p[0], buf, sizeof buf)) > 0)
		total += n;
	check(total == 65536 && n == -1 && errno == EAGAIN, "drained %zu bytes, then %s", total, err_of(n));
	n = write(p[1], buf, sizeof buf);
	check(n == 65536, "a 128 KiB non-blocking write into an empty pipe wrote %zd", n);
	n = read(p[0], buf, 100);
	check(n == 100, "read 100: %zd", n);
	n = read(p[0], buf, sizeof buf);
	check(n == 65536 - 100, "read the rest: %zd", n);

	/* Clear O_NONBLOCK on the write end only: the read end stays non-blocking. */
	int fl = fcntl(p[1], F_GETFL);
	check(fcntl(p[1], F_SETFL, fl & ~O_NONBLOCK) == 0, "F_SETFL clears O_NONBLOCK on the write end");
	check((fcntl(p[1], F_GETFL) & O_NONBLOCK) == 0, "write end is blocking now");
	check((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0, "read end is still non-blocking");
	n = write(p[1], "hi", 2);
	check(n == 2, "blocking write of 2 bytes: %zd", n);
	n = read(p[0], buf, sizeof buf);
	check(n == 2 && memcmp(buf, "hi", 2) == 0, "read them back: %zd", n);

	/* Set O_NONBLOCK with F_SETFL on a blocking pipe. */
	int q[2];
	check(pipe(q) == 0, "pipe");
	check((fcntl(q[0], F_GETFL) & O_NONBLOCK) == 0, "a new pipe is blocking");
	check(fcntl(q[0], F_SETFL, fcntl(q[0], F_GETFL) | O_NONBLOCK) == 0, "F_SETFL O_NONBLOCK on the read end");
	n = read(q[0], buf, 1);
	check(n == -1 && errno == EAGAIN, "read now gives %zd %s", n, err_of(n));
	close(p[0]); close(p[1]); close(q[0]); close(q[1]);
	return done();
}
