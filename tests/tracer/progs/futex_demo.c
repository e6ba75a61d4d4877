/* futex_demo: the futex pictures of the tracer's tests (tests/tracer/futex-demo.jsonl): three threads asleep on
 * one word, one woken, the others requeued to a second word (FUTEX_CMP_REQUEUE, as a condition variable's
 * broadcast does), then woken there; and a thread joined (pthread_join sleeps on the thread's tid word, which its
 * exit clears and wakes). Same on Linux. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FUTEX_WAIT_PRIVATE 128            /* FUTEX_WAIT | FUTEX_PRIVATE_FLAG (linux/futex.h) */
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_CMP_REQUEUE_PRIVATE 132

static int word, other;
static atomic_int asleep;

static long futex(int *uaddr, int op, int val, long val2, int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

static void *sleeper(void *arg)
{
	atomic_fetch_add(&asleep, 1);
	futex(&word, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
	return arg;
}

int main(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, sleeper, NULL);
	while (atomic_load(&asleep) < 3)
		usleep(1000);
	usleep(20000);   /* all three in FUTEX_WAIT */
	long r = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &other, 0);   /* wake one, move two */
	usleep(10000);
	long w = futex(&other, FUTEX_WAKE_PRIVATE, 2, 0, NULL, 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("futex_demo done %ld %ld\n", r, w);
	return 0;
}
