/* labs/threads/bbuf.c MODE [ITEMS [CONSUMERS]]: a bounded buffer shared by threads of one process, guarded by a
 * pthread mutex with two condition variables (Operating Systems: Three Easy Pieces, chapter "Condition Variables",
 * the producer/consumer solution). One producer thread puts ITEMS numbers (default 12) into a buffer of SLOTS (4),
 * then one "stop" item (-1) per consumer, all in one critical section; CONSUMERS threads (default 2) take items
 * until they take a stop, and add up what they took. The main thread checks that every item was taken exactly once.
 *   MODE ok:    the textbook solution: each wait in a `while` that re-tests its condition, the producer signals
 *               `notempty` after every put, a consumer signals `notfull` after every take.
 *   MODE lost:  the lab's bug to find: one small change to the producer, made as an optimisation, loses a wake-up
 *               (the handout, labs/threads/README.md, says how to hunt for it).
 *   MODE if:    another classic mistake: the consumer waits in an `if`, not a `while`, so it takes from the buffer
 *               whatever its condition is when it wakes.
 * Every put and take marks the trace ("put ITEM count=N", "take ITEM count=N", N the items in the buffer after), and
 * so does each wait ("wait notempty", "wait notfull") just before pthread_cond_wait: the trace's futex events then
 * say who sleeps, the marks why. The addresses of the mutex and the condition variables are marked first
 * ("mutex=0x... notempty=0x... notfull=0x..."). Exit status 0 when every item was taken once. */
#include <pthread.h>
#include "lab.h"

#define SLOTS 4
#define STOP (-1)

static int buf[SLOTS], fill, use, count; /* the ring and how many items it holds */
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t notempty = PTHREAD_COND_INITIALIZER, notfull = PTHREAD_COND_INITIALIZER;
static int items = 12, consumers = 2;
static enum { OK, LOST, IF } mode;
static int taken[64];	     /* how many times each item was taken */
static int bad_take;	     /* a take from an empty buffer (MODE if) */

/* put: the producer's half, called with mutex held. */
static void put(int v)
{
	buf[fill] = v;
	fill = (fill + 1) % SLOTS;
	count++;
	trace_mark("put %d count=%d", v, count);
}

/* get: the consumer's half, called with mutex held; -2 when the buffer was empty (the caller did not re-test). */
static int get(void)
{
	if (count == 0) {
		bad_take = 1;
		trace_mark("take from an empty buffer count=0");
		return -2;
	}
	int v = buf[use];
	use = (use + 1) % SLOTS;
	count--;
	trace_mark("take %d count=%d", v, count);
	return v;
}

/* put_signal: put v (mutex held) and tell a consumer waiting for an item. */
static void put_signal(int v)
{
	put(v);
	if (mode != LOST || count == 1) /* LOST: saves a system call when no consumer can be waiting */
		pthread_cond_signal(&notempty);
}

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 0; i < items; i++) {
		pthread_mutex_lock(&mutex);
		while (count == SLOTS) {
			trace_mark("wait notfull");
			pthread_cond_wait(&notfull, &mutex);
		}
		put_signal(i);
		pthread_mutex_unlock(&mutex);
	}
	pthread_mutex_lock(&mutex); /* the stops, one per consumer, put together */
	while (SLOTS - count < consumers) {
		trace_mark("wait notfull");
		pthread_cond_wait(&notfull, &mutex);
	}
	for (int i = 0; i < consumers; i++)
		put_signal(STOP);
	pthread_mutex_unlock(&mutex);
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;
	for (;;) {
		pthread_mutex_lock(&mutex);
		if (mode == IF) {
			if (count == 0) { /* the mistake: woken, it does not look again */
				trace_mark("wait notempty");
				pthread_cond_wait(&notempty, &mutex);
			}
		} else {
			while (count == 0) {
				trace_mark("wait notempty");
				pthread_cond_wait(&notempty, &mutex);
			}
		}
		int v = get();
		pthread_cond_signal(&notfull);
		pthread_mutex_unlock(&mutex);
		if (v == STOP || v == -2)
			break;
		taken[v]++;
		sum += v;
	}
	*(long *)arg = sum;
	return NULL;
}

int main(int argc, char **argv)
{
	mode = argc > 1 && strcmp(argv[1], "lost") == 0 ? LOST : argc > 1 && strcmp(argv[1], "if") == 0 ? IF : OK;
	if (argc > 2)
		items = atoi(argv[2]);
	if (argc > 3)
		consumers = atoi(argv[3]);
	if (items < 0 || items > 64 || consumers < 1 || consumers > SLOTS) {
		say(2, "usage: bbuf ok|lost|if [ITEMS (0..64) [CONSUMERS (1..4)]]\n");
		return 2;
	}
	trace_mark("mutex=%p notempty=%p notfull=%p", (void *)&mutex, (void *)&notempty, (void *)&notfull);
	pthread_t c[8], p;
	long sums[8] = { 0 };
	for (int i = 0; i < consumers; i++)
		if ((errno = pthread_create(&c[i], NULL, consumer, &sums[i])) != 0)
			lab_die("pthread_create");
	lab_sleep_ms(50); /* the consumers find the buffer empty and wait first */
	if ((errno = pthread_create(&p, NULL, producer, NULL)) != 0)
		lab_die("pthread_create");
	pthread_join(p, NULL);
	long total = 0;
	for (int i = 0; i < consumers; i++) {
		pthread_join(c[i], NULL);
		total += sums[i];
		say(1, "consumer %d: sum %ld\n", i + 1, sums[i]);
	}
	int once = 1;
	for (int i = 0; i < items; i++)
		once &= taken[i] == 1;
	trace_mark("total=%ld", total);
	say(1, "%d items, sum %ld (expected %ld): %s\n", items, total, (long)items * (items - 1) / 2,
	    once && !bad_take ? "every item taken once" : bad_take ? "a consumer took from an empty buffer" :
	    "items lost or taken twice");
	return once && !bad_take ? 0 : 1;
}
