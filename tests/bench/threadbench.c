/* threadbench: thread figures, timed in the guest with CLOCK_MONOTONIC (scripts/bench runs it on ipclab and Linux,
 * like sysvbench).
 *   futex hand-off round trip: two threads and one word `turn`; each waits (FUTEX_WAIT_PRIVATE) while the word is
 *                              not its own number, and passes it (store, FUTEX_WAKE_PRIVATE) to the other: every
 *                              pass is a sleep and a wake-up, as a contended mutex's hand-off is.
 *   condvar round trip:        the same with a pthread mutex and condition variable (musl's, on futexes).
 *   thread create + join:      pthread_create of a thread that returns at once, then pthread_join.
 * ROUNDS round trips after 100 warm-ups, in BATCHES batches; the figure is the median batch, NAME_min the fastest.
 * Prints one parseable line per figure: "bench NAME VALUE UNIT".
 * usage: threadbench [ROUNDS per batch (5000)] */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "bench_batches.h"

#define WARMUP 100
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static int rounds = 5000;

static volatile uint32_t turn;

/* pass_and_wait: give the word to `other` and wake it, then sleep until it is `me`'s again. */
static void pass_and_wait(uint32_t me, uint32_t other)
{
	__atomic_store_n(&turn, other, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) != me)
		syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, other, NULL, NULL, 0);
}

static void *futex_partner(void *arg)
{
	(void)arg;
	for (int i = 0; i < WARMUP + BATCHES * rounds; i++) {
		while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) != 1)
			syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		__atomic_store_n(&turn, 0, __ATOMIC_SEQ_CST);
		syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	return NULL;
}

static void futex_round_trip(void)
{
	pthread_t t;
	turn = 0;
	pthread_create(&t, NULL, futex_partner, NULL);
	for (int i = 0; i < WARMUP; i++)
		pass_and_wait(0, 1);
	double b[BATCHES];
	for (int k = 0; k < BATCHES; k++) {
		double t0 = now();
		for (int i = 0; i < rounds; i++)
			pass_and_wait(0, 1);
		b[k] = now() - t0;
	}
	pthread_join(t, NULL);
	report("futex_round_trip", b, rounds);
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int cturn;

/* cond_pass: under the mutex, give the turn to `other`, signal, and wait until it is `me`'s again. */
static void cond_pass(int me, int other)
{
	pthread_mutex_lock(&m);
	cturn = other;
	pthread_cond_signal(&cv);
	while (cturn != me)
		pthread_cond_wait(&cv, &m);
	pthread_mutex_unlock(&m);
}

static void *cond_partner(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	for (int i = 0; i < WARMUP + BATCHES * rounds; i++) {
		while (cturn != 1)
			pthread_cond_wait(&cv, &m);
		cturn = 0;
		pthread_cond_signal(&cv);
	}
	pthread_mutex_unlock(&m);
	return NULL;
}

static void cond_round_trip(void)
{
	pthread_t t;
	cturn = 0;
	pthread_create(&t, NULL, cond_partner, NULL);
	for (int i = 0; i < WARMUP; i++)
		cond_pass(0, 1);
	double b[BATCHES];
	for (int k = 0; k < BATCHES; k++) {
		double t0 = now();
		for (int i = 0; i < rounds; i++)
			cond_pass(0, 1);
		b[k] = now() - t0;
	}
	pthread_join(t, NULL);
	report("condvar_round_trip", b, rounds);
}

static void *nothing(void *arg) { return arg; }

static void create_join(void)
{
	int n = rounds / 10 > 0 ? rounds / 10 : 1;
	double b[BATCHES];
	for (int k = 0; k < BATCHES; k++) {
		double t0 = now();
		for (int i = 0; i < n; i++) {
			pthread_t t;
			if (pthread_create(&t, NULL, nothing, NULL)) {
				perror("pthread_create");
				exit(1);
			}
			pthread_join(t, NULL);
		}
		b[k] = now() - t0;
	}
	report("thread_create_join", b, n);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		rounds = atoi(argv[1]);
	futex_round_trip();
	cond_round_trip();
	create_join();
	return 0;
}
