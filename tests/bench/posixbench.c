/* posixbench: POSIX message queue and Unix domain socket figures, timed in the guest with CLOCK_MONOTONIC
 * (scripts/bench runs it on ipclab and Linux, like sysvbench).
 *   mq round trip:          two queues; the parent mq_send 64 bytes on one and mq_receive on the other, the child
 *                           answers: ROUNDS round trips after 100 warm-ups.
 *   unix stream round trip: a SOCK_STREAM socketpair, 1 byte each way.
 *   unix dgram round trip:  a SOCK_DGRAM socketpair, 64 bytes each way.
 *   unix stream bandwidth:  64 KiB writes through a SOCK_STREAM socketpair, 64 MiB in all (MB/s).
 *   shared page fault:      the first store to each page of a new MAP_SHARED|MAP_ANONYMOUS mapping of FAULT_PAGES
 *                           pages: the fault that gives it its shared page (us per page).
 * Round trips are timed in BATCHES batches; the figure is the median batch, NAME_min the fastest.
 * Prints one parseable line per figure: "bench NAME VALUE UNIT". Every queue is unlinked before exit.
 * usage: posixbench [ROUNDS per batch (5000)] */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench_batches.h"

#define WARMUP 100

static int rounds = 5000;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void mq_round_trip(void)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	mq_unlink("/posixbench_a");
	mq_unlink("/posixbench_b");
	mqd_t q1 = mq_open("/posixbench_a", O_CREAT | O_RDWR, 0600, &a);
	mqd_t q2 = mq_open("/posixbench_b", O_CREAT | O_RDWR, 0600, &a);
	if (q1 == (mqd_t)-1 || q2 == (mqd_t)-1)
		die("mq_open");
	char m[64] = "ping";
	pid_t c = fork();
	if (c == 0) {
		for (int i = 0; i < WARMUP + BATCHES * rounds; i++)
			if (mq_receive(q1, m, sizeof m, NULL) < 0 || mq_send(q2, m, sizeof m, 0) < 0)
				_exit(1);
		_exit(0);
	}
	for (int i = 0; i < WARMUP; i++)
		if (mq_send(q1, m, sizeof m, 0) < 0 || mq_receive(q2, m, sizeof m, NULL) < 0)
			die("mq round trip");
	double b[BATCHES];
	for (int k = 0; k < BATCHES; k++) {
		double t0 = now();
		for (int i = 0; i < rounds; i++)
			if (mq_send(q1, m, sizeof m, 0) < 0 || mq_receive(q2, m, sizeof m, NULL) < 0)
				die("mq round trip");
		b[k] = now() - t0;
	}
	waitpid(c, NULL, 0);
	mq_close(q1);
	mq_close(q2);
	mq_unlink("/posixbench_a");
	mq_unlink("/posixbench_b");
	report("mq_round_trip_64B", b, rounds);
}

/* sock_round_trip: n bytes each way through a socketpair of type. */
static void sock_round_trip(int type, size_t n, const char *name)
{
	int sv[2];
	if (socketpair(AF_UNIX, type, 0, sv) < 0)
		die("socketpair");
	char buf[64] = { 0 };
	pid_t c = fork();
	if (c == 0) {
		close(sv[0]);
		for (int i = 0; i < WARMUP + BATCHES * rounds; i++)
			if (read(sv[1], buf, n) != (ssize_t)n || write(sv[1], buf, n) != (ssize_t)n)
				_exit(1);
		_exit(0);
	}
	close(sv[1]);
	for (int i = 0; i < WARMUP; i++)
		if (write(sv[0], buf, n) != (ssize_t)n || read(sv[0], buf, n) != (ssize_t)n)
			die("socket round trip");
	double b[BATCHES];
	for (int k = 0; k < BATCHES; k++) {
		double t0 = now();
		for (int i = 0; i < rounds; i++)
			if (write(sv[0], buf, n) != (ssize_t)n || read(sv[0], buf, n) != (ssize_t)n)
				die("socket round trip");
		b[k] = now() - t0;
	}
	waitpid(c, NULL, 0);
	close(sv[0]);
	report(name, b, rounds);
}

static void stream_bandwidth(void)
{
	enum { CHUNK = 64 * 1024, TOTAL = 64 << 20 };
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	static char buf[CHUNK];
	pid_t c = fork();
	if (c == 0) {
		close(sv[0]);
		long got = 0;
		for (ssize_t n; got < TOTAL && (n = read(sv[1], buf, sizeof buf)) > 0;)
			got += n;
		_exit(got == TOTAL ? 0 : 1);
	}
	close(sv[1]);
	double t0 = now();
	for (long sent = 0; sent < TOTAL;) {
		ssize_t w = write(sv[0], buf, CHUNK);
		if (w <= 0)
			die("write");
		sent += w;
	}
	int st;
	waitpid(c, &st, 0);
	double t = now() - t0;
	close(sv[0]);
	printf("bench unix_stream_bandwidth_64KiB %.1f MB/s\n", TOTAL / t / 1e6);
}

/* shared_fault: BATCHES new shared anonymous mappings, each page stored to once; the time per page. */
static void shared_fault(void)
{
	enum { FAULT_PAGES = 2048 };
	long pg = sysconf(_SC_PAGESIZE);
	double b[BATCHES];
	for (int i = 0; i < BATCHES; i++) {
		volatile char *m = mmap(NULL, FAULT_PAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			die("mmap");
		double t0 = now();
		for (long p = 0; p < FAULT_PAGES; p++)
			m[p * pg] = 1;
		b[i] = now() - t0;
		munmap((void *)m, FAULT_PAGES * pg);
	}
	report("shared_fault", b, FAULT_PAGES);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		rounds = atoi(argv[1]);
	mq_round_trip();
	sock_round_trip(SOCK_STREAM, 1, "unix_stream_round_trip_1B");
	sock_round_trip(SOCK_DGRAM, 64, "unix_dgram_round_trip_64B");
	stream_bandwidth();
	shared_fault();
	return 0;
}
