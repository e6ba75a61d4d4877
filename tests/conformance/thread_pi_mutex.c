/* tests/conformance/thread_pi_mutex.c: priority-inheritance mutexes (pthread_mutexattr_setprotocol(3)
 * PTHREAD_PRIO_INHERIT), which glibc and musl build on futex(2)'s FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI and
 * FUTEX_UNLOCK_PI (Linux's kernel/futex/pi.c): mutual exclusion under contention, a timed lock that times out,
 * a robust one handed to a waiter when its owner exits holding it (EOWNERDEAD); then the raw
 * operations on a word: the owner's thread id in it, FUTEX_WAITERS once someone asks the kernel, EDEADLK, EPERM,
 * ESRCH, EAGAIN, ETIMEDOUT, EINVAL. */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "conf.h"

/* futex(2)'s operations (linux/futex.h, which musl's headers lack) */
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_LOCK_PI_PRIVATE (FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_UNLOCK_PI_PRIVATE (FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_TRYLOCK_PI_PRIVATE (FUTEX_TRYLOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u

#define THREADS 4
#define ROUNDS 2000

static pthread_mutex_t m;
static long counter;

static void pi_init(pthread_mutex_t *mu, int robust)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	if (robust)
		pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(mu, &a);
	pthread_mutexattr_destroy(&a);
}

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&m);
		long c = counter;
		if (i % 64 == 0)
			sched_yield(); /* let the others find it held */
		counter = c + 1;
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

static void *holder(void *arg)
{
	pthread_mutex_lock(arg);
	usleep(100000);
	return NULL; /* exits holding it */
}

static void *timed(void *arg)
{
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += 50000000;
	if (at.tv_nsec >= 1000000000) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000;
	}
	return (void *)(intptr_t)pthread_mutex_timedlock(arg, &at);
}

/* ename: errname, with the errors of mutexes that conf.h does not name */
static const char *ename(int e)
{
	return e == EDEADLK ? "EDEADLK" : e == EOWNERDEAD ? "EOWNERDEAD" : errname(e);
}

static long futex(uint32_t *w, int op, const struct timespec *ts)
{
	return syscall(SYS_futex, w, op, 0, ts, NULL, 0);
}

static void raw(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? ename(errno) : "ok");
}

int main(void)
{
	int prot;
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	pthread_mutexattr_getprotocol(&a, &prot);
	printf("protocol: %s\n", prot == PTHREAD_PRIO_INHERIT ? "PTHREAD_PRIO_INHERIT" : "other");

	/* contention */
	pi_init(&m, 0);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, adder, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	check(counter == THREADS * ROUNDS, "%d threads, %d locked increments each: %ld", THREADS, ROUNDS, counter);
	printf("trylock of a free one: %s\n", ename(pthread_mutex_trylock(&m)));
	pthread_t timer;
	pthread_create(&timer, NULL, timed, &m);
	void *res;
	pthread_join(timer, &res);
	printf("another thread's timedlock of it, 50 ms: %s\n", ename((int)(intptr_t)res));
	pthread_mutex_unlock(&m);

	/* a robust one's owner exits holding it: the waiter gets it, EOWNERDEAD (a plain one's waiter would wait
	 * for ever, on Linux as here: musl's exiting thread marks the word and wakes with FUTEX_WAKE, which a PI
	 * lock's sleepers do not hear) */
	int r;
	pthread_t other;
	pthread_mutex_t rb;
	pi_init(&rb, 1);
	pthread_create(&other, NULL, holder, &rb);
	usleep(20000);
	r = pthread_mutex_lock(&rb);
	printf("robust: %s\n", ename(r));
	if (r == EOWNERDEAD) {
		pthread_mutex_consistent(&rb);
		pthread_mutex_unlock(&rb);
	}
	pthread_join(other, NULL);

	/* the raw operations */
	uint32_t tid = (uint32_t)syscall(SYS_gettid);
	static uint32_t w[2];
	raw("TRYLOCK_PI of 0", futex(&w[0], FUTEX_TRYLOCK_PI_PRIVATE, NULL));
	printf("word is the caller's id: %s\n", w[0] == tid ? "yes" : "no");
	raw("LOCK_PI of its own", futex(&w[0], FUTEX_LOCK_PI_PRIVATE, NULL));
	raw("TRYLOCK_PI of its own", futex(&w[0], FUTEX_TRYLOCK_PI_PRIVATE, NULL));
	raw("UNLOCK_PI", futex(&w[0], FUTEX_UNLOCK_PI_PRIVATE, NULL));
	printf("word: %#x\n", w[0]);
	raw("UNLOCK_PI of 0", futex(&w[0], FUTEX_UNLOCK_PI_PRIVATE, NULL));
	w[0] = 1; /* init's */
	raw("UNLOCK_PI of init's", futex(&w[0], FUTEX_UNLOCK_PI_PRIVATE, NULL));
	raw("TRYLOCK_PI of init's", futex(&w[0], FUTEX_TRYLOCK_PI_PRIVATE, NULL));
	printf("word: %#x\n", w[0]);
	struct timespec past = { 1, 0 }, bad = { 0, 1000000000 };
	raw("LOCK_PI of init's until 1970", futex(&w[0], FUTEX_LOCK_PI_PRIVATE, &past));
	raw("LOCK_PI, bad timeout", futex(&w[0], FUTEX_LOCK_PI_PRIVATE, &bad));
	raw("LOCK_PI, unmapped timeout", futex(&w[0], FUTEX_LOCK_PI_PRIVATE, (void *)8));
	w[0] = 0x3ffffff0; /* nobody's */
	raw("LOCK_PI of a thread that does not exist", futex(&w[0], FUTEX_LOCK_PI_PRIVATE, NULL));
	raw("TRYLOCK_PI of it", futex(&w[0], FUTEX_TRYLOCK_PI_PRIVATE, NULL));
	w[0] = FUTEX_OWNER_DIED | FUTEX_WAITERS;
	raw("TRYLOCK_PI of a dead owner's (no id)", futex(&w[0], FUTEX_TRYLOCK_PI_PRIVATE, NULL));
	printf("word: %s\n", w[0] == (FUTEX_OWNER_DIED | tid) ? "OWNER_DIED | caller" : "other");
	raw("UNLOCK_PI", futex(&w[0], FUTEX_UNLOCK_PI_PRIVATE, NULL));
	printf("word: %#x\n", w[0]);
	raw("LOCK_PI, unaligned", futex((uint32_t *)((char *)w + 1), FUTEX_LOCK_PI_PRIVATE, NULL));
	raw("LOCK_PI, NULL", futex(NULL, FUTEX_LOCK_PI_PRIVATE, NULL));
	raw("LOCK_PI|CLOCK_REALTIME", futex(&w[0], FUTEX_LOCK_PI_PRIVATE | FUTEX_CLOCK_REALTIME, NULL));
	raw("TRYLOCK_PI, shared", futex(&w[1], FUTEX_TRYLOCK_PI, NULL));
	raw("UNLOCK_PI, shared", futex(&w[1], FUTEX_UNLOCK_PI, NULL));
	return done();
}
