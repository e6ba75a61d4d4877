/* sysvbench: System V IPC figures, timed in the guest with CLOCK_MONOTONIC (scripts/bench runs it on ipclab and
 * Linux, like pipebench).
 *   semaphore round trip: a set of two semaphores, both 0; the parent does semop(+1 on 0) then semop(-1 on 1),
 *                         the child semop(-1 on 0) then semop(+1 on 1): each side waits on its own semaphore
 *                         and posts the other's. ROUNDS times after 100 warm-up rounds.
 *   message round trip:   one queue; the parent msgsnd 64 bytes of type 1 and msgrcv type 2, the child msgrcv
 *                         type 1 and answers with the same 64 bytes as type 2. ROUNDS times after 100 warm-ups.
 * The ROUNDS are timed in BATCHES batches; the figure is the median batch (a busy host disturbs some batches),
 * NAME_min the fastest batch.
 * Prints one parseable line per figure: "bench NAME VALUE UNIT". Every object is removed before exit.
 * usage: sysvbench [ROUNDS per batch (5000)] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "trace_mark.h"

#define WARMUP 100
#define MSGSZ 64
#define BATCHES 5

struct fig {
	double median, min; /* microseconds per round trip */
};

/* summarize: median and minimum of the batches' times (seconds for `per` round trips each), in us per round trip. */
static struct fig summarize(double *t, int n, int per)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
			double x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	return (struct fig){ t[n / 2] / per * 1e6, t[0] / per * 1e6 };
}

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

/* sem_post_wait: +1 on semaphore post, then -1 on semaphore wait (two semop calls, as a ping-pong does). */
static int sem_post_wait(int id, unsigned short post, unsigned short wait)
{
	struct sembuf p = { post, 1, 0 }, w = { wait, -1, 0 };
	return semop(id, &p, 1) == 0 && semop(id, &w, 1) == 0 ? 0 : -1;
}

/* sem_round_trip: microseconds per round trip over two semaphores. */
static struct fig sem_round_trip(int rounds)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	if (id < 0)
		die("semget");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		struct sembuf w = { 0, -1, 0 }, p = { 1, 1, 0 };
		for (int i = 0; i < WARMUP + BATCHES * rounds; i++)
			if (semop(id, &w, 1) < 0 || semop(id, &p, 1) < 0)
				_exit(1);
		_exit(0);
	}
	for (int i = 0; i < WARMUP; i++)
		if (sem_post_wait(id, 0, 1) < 0)
			die("semop warm-up");
	double t[BATCHES];
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now();
		for (int i = 0; i < rounds; i++)
			if (sem_post_wait(id, 0, 1) < 0)
				die("semop round trip");
		t[b] = now() - t0;
	}
	int st;
	waitpid(pid, &st, 0);
	if (semctl(id, 0, IPC_RMID) < 0)
		die("semctl IPC_RMID");
	if (st != 0) {
		fprintf(stderr, "sysvbench: semaphore child status %d\n", st);
		exit(1);
	}
	return summarize(t, BATCHES, rounds);
}

struct msg {
	long type;
	char text[MSGSZ];
};

/* msg_round_trip: microseconds per round trip of a 64-byte message (type 1 out, type 2 back) over one queue. */
static struct fig msg_round_trip(int rounds)
{
	int q = msgget(IPC_PRIVATE, 0600);
	if (q < 0)
		die("msgget");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		struct msg m;
		for (int i = 0; i < WARMUP + BATCHES * rounds; i++) {
			if (msgrcv(q, &m, MSGSZ, 1, 0) != MSGSZ)
				_exit(1);
			m.type = 2;
			if (msgsnd(q, &m, MSGSZ, 0) < 0)
				_exit(1);
		}
		_exit(0);
	}
	struct msg out = { 1, { 0 } }, in;
	memset(out.text, 'm', MSGSZ);
	for (int i = 0; i < WARMUP; i++)
		if (msgsnd(q, &out, MSGSZ, 0) < 0 || msgrcv(q, &in, MSGSZ, 2, 0) != MSGSZ)
			die("message warm-up");
	double t[BATCHES];
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now();
		for (int i = 0; i < rounds; i++)
			if (msgsnd(q, &out, MSGSZ, 0) < 0 || msgrcv(q, &in, MSGSZ, 2, 0) != MSGSZ)
				die("message round trip");
		t[b] = now() - t0;
	}
	int st;
	waitpid(pid, &st, 0);
	if (msgctl(q, IPC_RMID, NULL) < 0)
		die("msgctl IPC_RMID");
	if (st != 0 || memcmp(in.text, out.text, MSGSZ) != 0) {
		fprintf(stderr, "sysvbench: message child status %d\n", st);
		exit(1);
	}
	return summarize(t, BATCHES, rounds);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5000;
	if (rounds < 1)
		rounds = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	trace_mark("sysvbench: semaphore round trip, %d batches of %d", BATCHES, rounds);
	struct fig f = sem_round_trip(rounds);
	printf("bench sem_round_trip %.2f us\nbench sem_round_trip_min %.2f us\n", f.median, f.min);
	trace_mark("sysvbench: message round trip, %d bytes, %d batches of %d", MSGSZ, BATCHES, rounds);
	f = msg_round_trip(rounds);
	printf("bench msg_round_trip_64B %.2f us\nbench msg_round_trip_64B_min %.2f us\n", f.median, f.min);
	return 0;
}
