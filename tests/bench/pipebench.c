/* pipebench: pipe figures, timed in the guest with CLOCK_MONOTONIC (scripts/bench runs it on ipclab and Linux).
 *   round trip: parent and child bounce 1 byte over two pipes ROUNDS times
 *   bandwidth:  a child writes MiB of data in 4 KiB (then 64 KiB) writes, the parent reads it with 64 KiB reads
 * Prints one parseable line per figure: "bench NAME VALUE UNIT".
 * usage: pipebench [ROUNDS (5000)] [MiB at 4 KiB (32)] [MiB at 64 KiB (128)] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "trace_mark.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* round_trip: microseconds per 1-byte round trip between two processes. */
static double round_trip(int rounds)
{
	int ab[2], ba[2];
	char c = 'x';
	if (pipe(ab) < 0 || pipe(ba) < 0)
		die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(ab[1]);
		close(ba[0]);
		while (read(ab[0], &c, 1) == 1)
			if (write(ba[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(ab[0]);
	close(ba[1]);
	for (int i = 0; i < 100; i++) /* warm up */
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			die("warm-up");
	double t0 = now();
	for (int i = 0; i < rounds; i++)
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			die("round trip");
	double t = now() - t0;
	close(ab[1]);
	close(ba[0]);
	waitpid(pid, NULL, 0);
	return t / rounds * 1e6;
}

/* bandwidth: MB/s (10^6 bytes) moving mib MiB through a pipe in writes of wsize bytes. */
static double bandwidth(size_t wsize, size_t mib)
{
	static char buf[65536];
	int p[2], go[2];
	size_t total = mib << 20;
	if (pipe(p) < 0 || pipe(go) < 0)
		die("pipe");
	memset(buf, 'b', sizeof buf);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(p[0]);
		char c;
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		for (size_t sent = 0; sent < total; sent += wsize)
			if (write(p[1], buf, wsize) != (ssize_t)wsize)
				_exit(1);
		_exit(0);
	}
	close(p[1]);
	double t0 = now();
	if (write(go[1], "g", 1) != 1)
		die("write");
	size_t got = 0;
	ssize_t n;
	while ((n = read(p[0], buf, sizeof buf)) > 0)
		got += n;
	double t = now() - t0;
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	if (got != total || st != 0) {
		fprintf(stderr, "pipebench: moved %zu of %zu bytes, writer status %d\n", got, total, st);
		exit(1);
	}
	return total / t / 1e6;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5000;
	size_t mib4 = argc > 2 ? (size_t)atoi(argv[2]) : 32;
	size_t mib64 = argc > 3 ? (size_t)atoi(argv[3]) : 128;
	setvbuf(stdout, NULL, _IOLBF, 0);
	trace_mark("pipebench: round trip x%d", rounds);
	printf("bench pipe_round_trip_1B %.2f us\n", round_trip(rounds));
	trace_mark("pipebench: bandwidth 4 KiB writes, %zu MiB", mib4);
	printf("bench pipe_bandwidth_4KiB %.1f MB/s\n", bandwidth(4096, mib4));
	trace_mark("pipebench: bandwidth 64 KiB writes, %zu MiB", mib64);
	printf("bench pipe_bandwidth_64KiB %.1f MB/s\n", bandwidth(65536, mib64));
	return 0;
}
