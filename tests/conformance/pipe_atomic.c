/* pipe_atomic: writes of at most PIPE_BUF (4096) bytes are atomic. Two children each write 256 records of
 * PIPE_BUF bytes filled with their own letter into one pipe at the same time; the reader checks that every
 * 4096-byte record of the stream is all one letter. */
#include <limits.h>
#include <sys/wait.h>
#include "conf.h"

#define RECORDS 256

static void writer(int fd, char letter)
{
	static char rec[PIPE_BUF];
	memset(rec, letter, sizeof rec);
	for (int i = 0; i < RECORDS; i++)
		if (write(fd, rec, sizeof rec) != (ssize_t)sizeof rec)
			_exit(1);
	_exit(0);
}

int main(void)
{
	int p[2];
	check(PIPE_BUF == 4096, "PIPE_BUF is 4096");
	check(pipe(p) == 0, "pipe");
	pid_t a = fork();
	if (a == 0) { close(p[0]); writer(p[1], 'A'); }
	pid_t b = fork();
	if (b == 0) { close(p[0]); writer(p[1], 'B'); }
	close(p[1]);

	static char rec[PIPE_BUF];
	int count[2] = { 0, 0 }, mixed = 0;
	size_t fill = 0;
	ssize_t n;
	/* Read in odd sizes so record boundaries and read boundaries do not line up. */
	while ((n = read(p[0], rec + fill, (sizeof rec - fill) < 1000 ? sizeof rec - fill : 1000)) > 0) {
		fill += n;
		if (fill < sizeof rec)
			continue;
		size_t same = 1;
		while (same < sizeof rec && rec[same] == rec[0])
			same++;
		if (same != sizeof rec || (rec[0] != 'A' && rec[0] != 'B'))
			mixed++;
		else
			count[rec[0] - 'A']++;
		fill = 0;
	}
	check(n == 0 && fill == 0, "stream ended on a record boundary");
	check(count[0] == RECORDS, "records from A: %d", count[0]);
	check(count[1] == RECORDS, "records from B: %d", count[1]);
	check(mixed == 0, "interleaved records: %d", mixed);
	int sa, sb;
	check(waitpid(a, &sa, 0) == a && sa == 0, "writer A exited 0");
	check(waitpid(b, &sb, 0) == b && sb == 0, "writer B exited 0");
	return done();
}
