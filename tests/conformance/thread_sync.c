/* thread_sync: the POSIX thread synchronisation objects, which the C libraries build on futex(2), under load:
 * - a mutex keeps a shared counter exact under 4 threads (no lost update);
 * - condition variables carry a bounded buffer from 3 producers to 3 consumers, every item exactly once;
 * - a barrier holds each round until all arrive, and names one serial thread a round;
 * - a read-write lock lets readers share and keeps writers alone;
 * - unnamed semaphores count (sem_post / sem_wait / sem_trywait EAGAIN / sem_timedwait ETIMEDOUT);
 * - process-shared mutex, condition and semaphore in a MAP_SHARED page work across fork;
 * - a robust mutex whose owner process died: the next locker gets EOWNERDEAD (the kernel walks the dead
 *   thread's robust list), makes it consistent, and it is usable again;
 * - pthread_mutex_timedlock and pthread_cond_timedwait time out with ETIMEDOUT;
 * - pthread_cancel ends a thread blocked in read(2) and one in pthread_cond_wait (both cancellation points).
 * pthread_mutex_lock(3p), pthread_cond_wait(3p), pthread_barrier_wait(3p), pthread_rwlock_rdlock(3p),
 * sem_wait(3p), pthread_mutexattr_setrobust(3p), pthread_cancel(3p). */
#define _GNU_SOURCE
#include "conf.h"
#include <pthread.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define NT 4
#define ROUNDS 20000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

static void *add_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;
		if ((i & 255) == 0)
			sched_yield(); /* give another thread the chance to find the lock held */
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void mutex_counter(void)
{
	pthread_t t[NT];
	for (int i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, add_many, NULL);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	check(counter == (long)NT * ROUNDS, "a mutex keeps a counter exact: %d threads x %d increments = %ld", NT, ROUNDS,
	      counter);
}

/* The bounded buffer: 3 producers put 1..ITEMS of their own, 3 consumers take until they see the end marks. */
#define SLOTS 4
#define ITEMS 3000
#define NPROD 3
static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	long buf[SLOTS];
	int head, count;
} bb = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, { 0 }, 0, 0 };

static void bb_put(long v)
{
	pthread_mutex_lock(&bb.lock);
	while (bb.count == SLOTS)
		pthread_cond_wait(&bb.not_full, &bb.lock);
	bb.buf[(bb.head + bb.count++) % SLOTS] = v;
	pthread_cond_signal(&bb.not_empty);
	pthread_mutex_unlock(&bb.lock);
}

static long bb_get(void)
{
	pthread_mutex_lock(&bb.lock);
	while (bb.count == 0)
		pthread_cond_wait(&bb.not_empty, &bb.lock);
	long v = bb.buf[bb.head];
	bb.head = (bb.head + 1) % SLOTS;
	bb.count--;
	pthread_cond_signal(&bb.not_full);
	pthread_mutex_unlock(&bb.lock);
	return v;
}

static void *producer(void *arg)
{
	long id = (long)arg;
	for (long i = 1; i <= ITEMS; i++)
		bb_put(id * 100000 + i);
	bb_put(-1);
	return NULL;
}

struct consumed {
	long sum, n;
};

static void *consumer(void *arg)
{
	struct consumed *c = arg;
	for (long v; (v = bb_get()) != -1;) {
		c->sum += v;
		c->n++;
	}
	return NULL;
}

static void condvar_buffer(void)
{
	pthread_t p[NPROD], c[NPROD];
	struct consumed got[NPROD] = { { 0, 0 } };
	for (long i = 0; i < NPROD; i++) {
		pthread_create(&c[i], NULL, consumer, &got[i]);
		pthread_create(&p[i], NULL, producer, (void *)(i + 1));
	}
	for (int i = 0; i < NPROD; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	long sum = 0, n = 0, want = 0;
	for (long i = 0; i < NPROD; i++) {
		sum += got[i].sum;
		n += got[i].n;
		want += (i + 1) * 100000 * ITEMS + (long)ITEMS * (ITEMS + 1) / 2;
	}
	check(n == NPROD * ITEMS && sum == want, "condition variables: %d items through a %d-slot buffer, each once (sum %ld)",
	      NPROD * ITEMS, SLOTS, sum);
}

static pthread_barrier_t barrier;
static volatile int arrived[50];
static volatile int serials, early;

static void *barrier_rounds(void *arg)
{
	(void)arg;
	for (int r = 0; r < 50; r++) {
		__atomic_add_fetch(&arrived[r], 1, __ATOMIC_SEQ_CST);
		int s = pthread_barrier_wait(&barrier);
		if (arrived[r] != NT)
			early = 1;
		if (s == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serials, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void barriers(void)
{
	pthread_barrier_init(&barrier, NULL, NT);
	pthread_t t[NT];
	for (int i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, barrier_rounds, NULL);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	check(!early && serials == 50, "a barrier of %d: nobody leaves a round early, one serial thread a round (%d)", NT,
	      serials);
	pthread_barrier_destroy(&barrier);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int readers_in, max_readers, writer_in, overlap;

static void *reader(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		pthread_rwlock_rdlock(&rw);
		int n = __atomic_add_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
		if (n > max_readers)
			max_readers = n;
		if (writer_in)
			overlap = 1;
		usleep(100);
		__atomic_sub_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 50; i++) {
		pthread_rwlock_wrlock(&rw);
		writer_in++;
		if (readers_in || writer_in != 1)
			overlap = 1;
		usleep(100);
		writer_in--;
		pthread_rwlock_unlock(&rw);
		usleep(200);
	}
	return NULL;
}

static void rwlocks(void)
{
	pthread_t t[5];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, reader, NULL);
	for (int i = 3; i < 5; i++)
		pthread_create(&t[i], NULL, writer, NULL);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	check(!overlap, "a read-write lock keeps a writer alone");
	check(max_readers >= 2, "and lets readers in together");
	errno = pthread_rwlock_trywrlock(&rw);
	check(errno == 0, "trywrlock on a free lock (%s)", errname(errno));
	int e = pthread_rwlock_tryrdlock(&rw);
	check(e == EBUSY, "tryrdlock while it is written: EBUSY (%s)", errname(e));
	pthread_rwlock_unlock(&rw);
}

static sem_t sem;
static void *post_later(void *arg)
{
	(void)arg;
	usleep(20000);
	sem_post(&sem);
	return NULL;
}

static struct timespec in_ms(int ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += (long)ms * 1000000;
	t.tv_sec += t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return t;
}

static void semaphores(void)
{
	sem_init(&sem, 0, 2);
	int ok = sem_trywait(&sem) == 0 && sem_trywait(&sem) == 0;
	errno = 0;
	int r = sem_trywait(&sem);
	check(ok && r < 0 && errno == EAGAIN, "sem_trywait takes the 2 there are, then EAGAIN (%s)", errname(errno));
	pthread_t t;
	pthread_create(&t, NULL, post_later, NULL);
	check(sem_wait(&sem) == 0, "sem_wait sleeps until a post");
	pthread_join(t, NULL);
	struct timespec dl = in_ms(30);
	errno = 0;
	r = sem_timedwait(&sem, &dl);
	check(r < 0 && errno == ETIMEDOUT, "sem_timedwait with nothing posted: ETIMEDOUT (%s)", errname(errno));
	int v = -1;
	sem_post(&sem);
	sem_post(&sem);
	sem_getvalue(&sem, &v);
	check(v == 2, "sem_getvalue after two posts: 2 (%d)", v);
	sem_destroy(&sem);
}

/* Process-shared objects: a mutex, a condition variable and a semaphore in one MAP_SHARED page. */
struct shared_page {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	sem_t sem;
	long counter;
	int ready;
	pthread_mutex_t robust;
};

static void process_shared(void)
{
	struct shared_page *sp = mmap(NULL, sizeof *sp, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sp->lock, &ma);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&sp->cond, &ca);
	sem_init(&sp->sem, 1, 0);

	pid_t kids[3];
	for (int k = 0; k < 3; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			for (int i = 0; i < 5000; i++) {
				pthread_mutex_lock(&sp->lock);
				long v = sp->counter;
				if ((i & 127) == 0)
					sched_yield();
				sp->counter = v + 1;
				pthread_mutex_unlock(&sp->lock);
			}
			pthread_mutex_lock(&sp->lock);
			while (!sp->ready)
				pthread_cond_wait(&sp->cond, &sp->lock);
			pthread_mutex_unlock(&sp->lock);
			sem_post(&sp->sem);
			_exit(0);
		}
	}
	usleep(20000);
	pthread_mutex_lock(&sp->lock);
	sp->ready = 1;
	pthread_cond_broadcast(&sp->cond);
	pthread_mutex_unlock(&sp->lock);
	int posts = 0;
	for (int k = 0; k < 3; k++)
		posts += sem_wait(&sp->sem) == 0;
	int clean = 1;
	for (int k = 0; k < 3; k++) {
		int st;
		clean &= waitpid(kids[k], &st, 0) == kids[k] && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	check(sp->counter == 15000, "a process-shared mutex keeps 3 processes' counter exact (%ld)", sp->counter);
	check(posts == 3 && clean, "a process-shared condition variable wakes them, a process-shared semaphore counts them");

	/* A robust mutex held by a process that dies. */
	pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&sp->robust, &ma);
	pid_t c = fork();
	if (c == 0) {
		pthread_mutex_lock(&sp->robust);
		_exit(0); /* dies holding it */
	}
	waitpid(c, NULL, 0);
	int e = pthread_mutex_lock(&sp->robust);
	check(e == EOWNERDEAD, "the next locker of a robust mutex whose owner died: EOWNERDEAD (%s)", errname(e));
	if (e == EOWNERDEAD)
		pthread_mutex_consistent(&sp->robust);
	pthread_mutex_unlock(&sp->robust);
	e = pthread_mutex_lock(&sp->robust);
	check(e == 0, "made consistent, it locks again (%s)", errname(e));
	pthread_mutex_unlock(&sp->robust);
	munmap(sp, sizeof *sp);
}

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static void *hold(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&held);
	usleep(100000);
	pthread_mutex_unlock(&held);
	return NULL;
}

static void timed(void)
{
	pthread_t t;
	pthread_create(&t, NULL, hold, NULL);
	usleep(20000);
	struct timespec dl = in_ms(20);
	int e = pthread_mutex_timedlock(&held, &dl);
	check(e == ETIMEDOUT, "pthread_mutex_timedlock on a held mutex: ETIMEDOUT (%s)", errname(e));
	pthread_join(t, NULL);
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_mutex_lock(&m);
	dl = in_ms(20);
	e = pthread_cond_timedwait(&c, &m, &dl);
	check(e == ETIMEDOUT, "pthread_cond_timedwait with no signal: ETIMEDOUT (%s)", errname(e));
	pthread_mutex_unlock(&m);
}

static int cancel_pipe[2];
static void *block_in_read(void *arg)
{
	(void)arg;
	char b;
	read(cancel_pipe[0], &b, 1);
	return (void *)1;
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cc = PTHREAD_COND_INITIALIZER;
static void unlock_cm(void *arg) { pthread_mutex_unlock(arg); }
static void *block_in_cond(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cm);
	pthread_cleanup_push(unlock_cm, &cm);
	for (;;)
		pthread_cond_wait(&cc, &cm);
	pthread_cleanup_pop(1);
	return (void *)1;
}

static void cancels(void)
{
	pipe(cancel_pipe);
	pthread_t t;
	void *r = NULL;
	pthread_create(&t, NULL, block_in_read, NULL);
	usleep(30000);
	pthread_cancel(t);
	pthread_join(t, &r);
	check(r == PTHREAD_CANCELED, "pthread_cancel ends a thread blocked in read");
	pthread_create(&t, NULL, block_in_cond, NULL);
	usleep(30000);
	pthread_cancel(t);
	pthread_join(t, &r);
	int e = pthread_mutex_trylock(&cm);
	check(r == PTHREAD_CANCELED && e == 0, "and one in pthread_cond_wait, which gives back the mutex (%s)", errname(e));
	pthread_mutex_unlock(&cm);
}

int main(void)
{
	mutex_counter();
	condvar_buffer();
	barriers();
	rwlocks();
	semaphores();
	process_shared();
	timed();
	cancels();
	return done();
}
