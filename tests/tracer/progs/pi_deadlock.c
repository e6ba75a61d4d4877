/* pi_deadlock: two threads take two priority-inheritance mutexes in opposite orders (tests/tracer/pi-deadlock.jsonl):
 * each holds one and sleeps in FUTEX_LOCK_PI for the other, a deadlock the tracer's wait-for graph finds through
 * the locks' owners (futex.wait's owner). The second locks are timed (1 s), so the program ends: both time out,
 * say so, and give their locks back. Same on Linux. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t a, b;
static pthread_barrier_t both_hold;

/* take: lock first, wait until the other thread holds its first lock, then try second for 1 s. */
static void take(const char *who, pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	pthread_barrier_wait(&both_hold);
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 1;
	int r = pthread_mutex_timedlock(second, &t);
	printf("%s: second lock: %s\n", who, r ? strerror(r) : "taken");
	if (!r)
		pthread_mutex_unlock(second);
	pthread_barrier_wait(&both_hold);   /* both have timed out before either lets go */
	pthread_mutex_unlock(first);
}

static void *other(void *arg)
{
	(void)arg;
	take("thread", &b, &a);
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t at;
	pthread_mutexattr_init(&at);
	pthread_mutexattr_setprotocol(&at, PTHREAD_PRIO_INHERIT);
	pthread_mutex_init(&a, &at);
	pthread_mutex_init(&b, &at);
	pthread_barrier_init(&both_hold, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, other, NULL);
	take("main", &a, &b);
	pthread_join(t, NULL);
	return 0;
}
