/* labs/semaphores/bbuf.c [N [ITEMS]]: the bounded buffer built from three semaphores (Operating Systems: Three Easy
 * Pieces, chapter "Semaphores": empty, full and mutex; a put does P(empty), P(mutex), ..., V(mutex), V(full)),
 * here as a bounded buffer of N slots (default 4) in a System V shared memory segment, with a producer putting the
 * numbers 0..ITEMS-1 (default 12) and a consumer taking them. One System V set holds the three semaphores:
 *   0 empty (starts at N): free slots; the producer's P(empty) blocks when the buffer is full
 *   1 full  (starts at 0): filled slots; the consumer's P(full) blocks when it is empty
 *   2 mutex (starts at 1): one process at a time moves the indexes
 * The consumer starts first and finds the buffer empty; then the producer, fast, fills the buffer and blocks on
 * empty while the consumer, slow (a sleep per item), takes one item at a time. Both check what they see: the count
 * of items in the buffer (kept under the mutex) stays within 0..N and the items arrive in order. */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "lab.h"

enum { EMPTY, FULL, MUTEX };

/* struct ring: the bounded buffer in the shared segment. */
struct ring {
	int in, out, count, maxcount;
	int slot[64];
};

static int semid;

/* P: wait (semop -1) on semaphore num, retried after a signal. */
static void P(int num)
{
	struct sembuf op = { (unsigned short)num, -1, 0 };
	while (semop(semid, &op, 1) < 0)
		if (errno != EINTR)
			lab_die("semop P");
}

/* V: signal (semop +1) semaphore num. */
static void V(int num)
{
	struct sembuf op = { (unsigned short)num, 1, 0 };
	if (semop(semid, &op, 1) < 0)
		lab_die("semop V");
}

/* producer: put 0..items-1 into the ring: P(empty), P(mutex), put, V(mutex), V(full). */
static void producer(struct ring *r, int n, int items)
{
	lab_sleep_ms(20); /* let the consumer find the buffer empty first */
	for (int i = 0; i < items; i++) {
		P(EMPTY);
		P(MUTEX);
		r->slot[r->in] = i;
		r->in = (r->in + 1) % n;
		if (++r->count > r->maxcount)
			r->maxcount = r->count;
		V(MUTEX);
		V(FULL);
	}
	say(1, "producer: put %d items\n", items);
	_exit(0);
}

/* consumer: take items items, checking order and the count: P(full), P(mutex), take, V(mutex), V(empty). */
static void consumer(struct ring *r, int n, int items)
{
	int bad = 0;
	for (int i = 0; i < items; i++) {
		P(FULL);
		P(MUTEX);
		int v = r->slot[r->out];
		r->out = (r->out + 1) % n;
		int c = --r->count;
		V(MUTEX);
		V(EMPTY);
		if (v != i || c < 0 || c > n) {
			say(1, "consumer: item %d is %d, count %d: the buffer broke\n", i, v, c);
			bad = 1;
		}
		lab_sleep_ms(10); /* a slow consumer: the producer fills the buffer and waits */
	}
	say(1, "consumer: took %d items in order\n", items);
	_exit(bad);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	int items = argc > 2 ? atoi(argv[2]) : 12;
	if (n < 1 || n > 64)
		n = 4;
	int shmid = shmget(IPC_PRIVATE, sizeof(struct ring), IPC_CREAT | 0600);
	struct ring *r = shmid < 0 ? (void *)-1 : shmat(shmid, NULL, 0);
	if (r == (void *)-1)
		lab_die("shmget/shmat");
	memset(r, 0, sizeof *r);
	semid = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	unsigned short init[3] = { (unsigned short)n, 0, 1 };
	if (semid < 0 || semctl(semid, 0, SETALL, init) < 0)
		lab_die("semget/SETALL");
	say(1, "bounded buffer of %d slots: empty=%d full=0 mutex=1\n", n, n);
	pid_t c = fork();
	if (c == 0)
		consumer(r, n, items);
	pid_t p = fork();
	if (p == 0)
		producer(r, n, items);
	int sc, sp;
	waitpid(c, &sc, 0);
	waitpid(p, &sp, 0);
	say(1, "at most %d of %d slots were full\n", r->maxcount, n);
	trace_mark("maxcount=%d", r->maxcount);
	int ok = WIFEXITED(sc) && !WEXITSTATUS(sc) && WIFEXITED(sp) && !WEXITSTATUS(sp) && r->maxcount <= n;
	shmdt(r);
	shmctl(shmid, IPC_RMID, NULL);
	semctl(semid, 0, IPC_RMID);
	return !ok;
}
