/* labs/pipes/atomic.c [RECORDS [SIZE [CHUNK]]]: two writers and PIPE_BUF atomicity. Two children each write
 * RECORDS (default 24) records of SIZE bytes (default PIPE_BUF, 4096), all 'A' or all 'B', yielding the CPU after
 * each record so that they take turns (as two writers on two CPUs would). 2 x 24 x 4 KiB is more than the 64 KiB
 * pipe holds, so the writers also block. The parent reads the stream back in reads of at most CHUNK bytes
 * (default SIZE), cuts it into records of SIZE bytes, and counts records that are not all one letter: a write of
 * at most PIPE_BUF bytes is atomic (POSIX XSH write(), "Pipes and FIFOs"), a larger one may be split.
 * SIZE and CHUNK decide where the free room of the ring falls: with 4096-byte records read whole, the room always
 * comes in whole records; with 3000-byte records, or reads of 1000 bytes, a writer finds room for part of its
 * record, and must wait for the rest to fit rather than write that part. */
#include <sched.h>
#include <limits.h>
#include <sys/param.h>
#include <sys/wait.h>
#include "lab.h"

static char rec[1 << 16];

static void writer(int fd, char c, int records, size_t size)
{
	memset(rec, c, size);
	for (int i = 0; i < records; i++) {
		if (write(fd, rec, size) != (ssize_t)size)
			lab_die("write");
		sched_yield();
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	int records = argc > 1 ? atoi(argv[1]) : 24;
	size_t size = argc > 2 ? (size_t)atoi(argv[2]) : PIPE_BUF;
	if (size < 1 || size > sizeof rec)
		size = PIPE_BUF;
	size_t chunk = argc > 3 ? (size_t)atoi(argv[3]) : size;
	if (chunk < 1 || chunk > size)
		chunk = size;
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	pid_t a = fork();
	if (a == 0)
		close(fd[0]), writer(fd[1], 'A', records, size);
	pid_t b = fork();
	if (b == 0)
		close(fd[0]), writer(fd[1], 'B', records, size);
	close(fd[1]);
	lab_sleep_ms(20); /* both writers fill the pipe and block */
	int count[2] = { 0, 0 }, mixed = 0, switches = 0;
	char last = 0;
	for (;;) {
		size_t got = 0;
		ssize_t n = 0;
		while (got < size && (n = read(fd[0], rec + got, MIN(chunk, size - got))) > 0)
			got += n;
		if (got == 0)
			break;
		size_t same = 0;
		while (same < got && rec[same] == rec[0])
			same++;
		if (same != size)
			mixed++;
		count[rec[0] == 'B']++;
		if (last && rec[0] != last)
			switches++;
		last = rec[0];
	}
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	say(1, "reader: %d records from A, %d from B, %d mixed, the writer changed %d times\n", count[0], count[1],
		mixed, switches);
	/* Only atomic records are promised to arrive whole; with SIZE > PIPE_BUF, mixing is allowed (exit 0). */
	if (size > PIPE_BUF)
		return 0;
	return mixed == 0 && count[0] == records && count[1] == records ? 0 : 1;
}
