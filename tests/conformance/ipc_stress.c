/* ipc_stress: a producer and a consumer process through every mechanism, every message checked, and many threads
 * and processes contending one mutex.
 * For each mechanism the producer sends NMSG messages of pseudo-random lengths (1 to MAXLEN bytes) and contents,
 * as fast as it can, so that each side fills the channel and sleeps and is woken by the other. The consumer makes
 * the same stream again and checks each message in order: its length (where the mechanism keeps message
 * boundaries) and every byte. It prints the count, the bytes and an FNV-1a hash of what it received, which must
 * be the hash of what was sent. Mechanisms: pipe(2), a FIFO (mkfifo(3)), a System V message queue (msgsnd(2)),
 * a POSIX message queue (mq_send(3)), Unix stream and datagram socket pairs (unix(7)), and three rings in shared
 * memory: System V shm with System V semaphores (shmget(2), semop(2)), POSIX shm_open(3) with unnamed
 * process-shared semaphores (sem_init(3)), and MAP_SHARED|MAP_ANONYMOUS memory with a process-shared mutex and
 * condition variables (pthread_mutexattr_setpshared(3p)).
 * Then 16 threads, and 4 processes through a process-shared mutex, each add to one counter under the mutex: the
 * sum must be exact. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "conf.h"

#define NMSG 2000
#define MAXLEN 200
#define RING 8 /* slots of the shared-memory rings */

/* The message stream: lengths and bytes from a xorshift generator, the same on both sides. */
static uint32_t next(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13; x ^= x >> 17; x ^= x << 5;
	return *s = x;
}

static size_t make_msg(uint32_t *s, unsigned char *buf)
{
	size_t n = 1 + next(s) % MAXLEN;
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)next(s);
	return n;
}

static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* One mechanism: its channel is made by setup in the parent, then used by a producer and a consumer child. */
struct mech {
	const char *name;
	int keeps_boundaries;                   /* one recv gives one whole message */
	int (*setup)(void);                     /* 0 or -1 */
	int (*send)(const void *buf, size_t n); /* 0 or -1 */
	ssize_t (*recv)(void *buf, size_t max); /* bytes, 0 at the end of a stream, -1 */
	void (*producer_done)(void);            /* the producer's end of a stream closes */
	void (*consumer_start)(void);           /* the consumer drops the producer's end */
	void (*teardown)(void);
};

/* ---- pipe, FIFO, stream and datagram sockets: file descriptors ---- */
static int fds[2]; /* [0] the consumer's end, [1] the producer's */

static int fd_send(const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fds[1], p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
static ssize_t fd_recv(void *buf, size_t max) { return read(fds[0], buf, max); }
static void fd_producer_done(void) { close(fds[1]); }
static void fd_consumer_start(void) { close(fds[1]); }
static void fd_teardown(void) { close(fds[0]); close(fds[1]); }

static int pipe_setup(void) { return pipe(fds); }

static char fifo_path[64];
static int fifo_setup(void)
{
	snprintf(fifo_path, sizeof fifo_path, "/tmp/ipc_stress.%d", (int)getpid());
	unlink(fifo_path);
	if (mkfifo(fifo_path, 0600))
		return -1;
	fds[0] = fds[1] = -1; /* each child opens its end: the opens wait for each other */
	return 0;
}
static int fifo_send(const void *buf, size_t n)
{
	if (fds[1] < 0 && (fds[1] = open(fifo_path, O_WRONLY)) < 0)
		return -1;
	return fd_send(buf, n);
}
static void fifo_consumer_start(void) { fds[0] = open(fifo_path, O_RDONLY); }
static void fifo_teardown(void) { unlink(fifo_path); }

static int stream_setup(void) { return socketpair(AF_UNIX, SOCK_STREAM, 0, fds); }
static int dgram_setup(void) { return socketpair(AF_UNIX, SOCK_DGRAM, 0, fds); }
static int dgram_send(const void *buf, size_t n) { return send(fds[1], buf, n, 0) == (ssize_t)n ? 0 : -1; }
static ssize_t dgram_recv(void *buf, size_t max) { return recv(fds[0], buf, max, 0); }

/* ---- System V message queue ---- */
static int msqid;
static struct { long mtype; char mtext[MAXLEN]; } mbuf;
static int msg_setup(void) { return (msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) < 0 ? -1 : 0; }
static int msg_send(const void *buf, size_t n)
{
	mbuf.mtype = 1;
	memcpy(mbuf.mtext, buf, n);
	return msgsnd(msqid, &mbuf, n, 0);
}
static ssize_t msg_recv(void *buf, size_t max)
{
	ssize_t r = msgrcv(msqid, &mbuf, MAXLEN, 0, 0);
	if (r > 0)
		memcpy(buf, mbuf.mtext, (size_t)r < max ? (size_t)r : max);
	return r;
}
static void msg_teardown(void) { msgctl(msqid, IPC_RMID, NULL); }

/* ---- POSIX message queue ---- */
static char mq_name[64];
static mqd_t mqd;
static int mq_setup(void)
{
	struct mq_attr a = { .mq_maxmsg = 8, .mq_msgsize = MAXLEN };
	snprintf(mq_name, sizeof mq_name, "/ipc_stress.%d", (int)getpid());
	mq_unlink(mq_name);
	mqd = mq_open(mq_name, O_CREAT | O_EXCL | O_RDWR, 0600, &a);
	return mqd == (mqd_t)-1 ? -1 : 0;
}
static int mq_send_one(const void *buf, size_t n) { return mq_send(mqd, buf, n, 0); }
static ssize_t mq_recv_one(void *buf, size_t max) { return mq_receive(mqd, buf, max, NULL); }
static void mq_teardown(void) { mq_close(mqd); mq_unlink(mq_name); }

/* ---- rings in shared memory: RING slots, a producer index and a consumer index of their own ---- */
struct slot { uint32_t len; unsigned char data[MAXLEN]; };
struct ring {
	struct slot slot[RING];
	uint32_t head, tail;       /* the next slot to fill (producer's) and to empty (consumer's) */
	sem_t empty, full;         /* POSIX ring: free and used slots */
	pthread_mutex_t lock;      /* mutex ring */
	pthread_cond_t not_full, not_empty;
	uint32_t count;            /* mutex ring: used slots */
};
static struct ring *ring;

static void ring_put(const void *buf, size_t n)
{
	struct slot *s = &ring->slot[ring->head];
	s->len = (uint32_t)n;
	memcpy(s->data, buf, n);
	ring->head = (ring->head + 1) % RING;
}
static ssize_t ring_take(void *buf, size_t max)
{
	struct slot *s = &ring->slot[ring->tail];
	size_t n = s->len < max ? s->len : max;
	memcpy(buf, s->data, n);
	ring->tail = (ring->tail + 1) % RING;
	return (ssize_t)n;
}

/* System V: shmget + a set of two semaphores, 0 the free slots and 1 the used ones. */
static int shmid, semid;
static int semop1(int num, int op)
{
	struct sembuf b = { .sem_num = (unsigned short)num, .sem_op = (short)op };
	return semop(semid, &b, 1);
}
static int sysv_setup(void)
{
	shmid = shmget(IPC_PRIVATE, sizeof(struct ring), IPC_CREAT | 0600);
	semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	if (shmid < 0 || semid < 0)
		return -1;
	ring = shmat(shmid, NULL, 0);
	unsigned short init[2] = { RING, 0 };
	return ring == (void *)-1 || semctl(semid, 0, SETALL, init) ? -1 : 0;
}
static int sysv_send(const void *buf, size_t n)
{
	if (semop1(0, -1))
		return -1;
	ring_put(buf, n);
	return semop1(1, 1);
}
static ssize_t sysv_recv(void *buf, size_t max)
{
	if (semop1(1, -1))
		return -1;
	ssize_t r = ring_take(buf, max);
	return semop1(0, 1) ? -1 : r;
}
static void sysv_teardown(void)
{
	shmdt(ring);
	shmctl(shmid, IPC_RMID, NULL);
	semctl(semid, 0, IPC_RMID);
}

/* POSIX: shm_open + ftruncate + mmap, unnamed semaphores with pshared 1 in the mapping. */
static char shm_name[64];
static int posix_setup(void)
{
	snprintf(shm_name, sizeof shm_name, "/ipc_stress.%d", (int)getpid());
	shm_unlink(shm_name);
	int fd = shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600);
	if (fd < 0 || ftruncate(fd, sizeof(struct ring)))
		return -1;
	ring = mmap(NULL, sizeof(struct ring), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (ring == MAP_FAILED)
		return -1;
	return sem_init(&ring->empty, 1, RING) || sem_init(&ring->full, 1, 0) ? -1 : 0;
}
static int posix_send(const void *buf, size_t n)
{
	while (sem_wait(&ring->empty))
		if (errno != EINTR)
			return -1;
	ring_put(buf, n);
	return sem_post(&ring->full);
}
static ssize_t posix_recv(void *buf, size_t max)
{
	while (sem_wait(&ring->full))
		if (errno != EINTR)
			return -1;
	ssize_t r = ring_take(buf, max);
	return sem_post(&ring->empty) ? -1 : r;
}
static void posix_teardown(void)
{
	sem_destroy(&ring->empty);
	sem_destroy(&ring->full);
	munmap(ring, sizeof(struct ring));
	shm_unlink(shm_name);
}

/* MAP_SHARED anonymous memory with a process-shared mutex and two condition variables. */
static int cond_setup(void)
{
	ring = mmap(NULL, sizeof(struct ring), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ring == MAP_FAILED)
		return -1;
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	return pthread_mutex_init(&ring->lock, &ma) || pthread_cond_init(&ring->not_full, &ca) ||
			       pthread_cond_init(&ring->not_empty, &ca)
		       ? -1
		       : 0;
}
static int cond_send(const void *buf, size_t n)
{
	pthread_mutex_lock(&ring->lock);
	while (ring->count == RING)
		pthread_cond_wait(&ring->not_full, &ring->lock);
	ring_put(buf, n);
	ring->count++;
	pthread_cond_signal(&ring->not_empty);
	pthread_mutex_unlock(&ring->lock);
	return 0;
}
static ssize_t cond_recv(void *buf, size_t max)
{
	pthread_mutex_lock(&ring->lock);
	while (ring->count == 0)
		pthread_cond_wait(&ring->not_empty, &ring->lock);
	ssize_t r = ring_take(buf, max);
	ring->count--;
	pthread_cond_signal(&ring->not_full);
	pthread_mutex_unlock(&ring->lock);
	return r;
}
static void cond_teardown(void) { munmap(ring, sizeof(struct ring)); }

static void nothing(void) {}

static const struct mech mechs[] = {
	{ "pipe", 0, pipe_setup, fd_send, fd_recv, fd_producer_done, fd_consumer_start, fd_teardown },
	{ "FIFO", 0, fifo_setup, fifo_send, fd_recv, fd_producer_done, fifo_consumer_start, fifo_teardown },
	{ "System V message queue", 1, msg_setup, msg_send, msg_recv, nothing, nothing, msg_teardown },
	{ "POSIX message queue", 1, mq_setup, mq_send_one, mq_recv_one, nothing, nothing, mq_teardown },
	{ "Unix stream socket", 0, stream_setup, fd_send, fd_recv, fd_producer_done, fd_consumer_start, fd_teardown },
	{ "Unix datagram socket", 1, dgram_setup, dgram_send, dgram_recv, nothing, nothing, fd_teardown },
	{ "System V shm and semaphores", 1, sysv_setup, sysv_send, sysv_recv, nothing, nothing, sysv_teardown },
	{ "POSIX shm and sem_t", 1, posix_setup, posix_send, posix_recv, nothing, nothing, posix_teardown },
	{ "MAP_SHARED, mutex and condition variables", 1, cond_setup, cond_send, cond_recv, nothing, nothing,
	  cond_teardown },
};

/* produce: the producer child's part. Exit status 0 when every message went. */
static int produce(const struct mech *m)
{
	uint32_t s = 2024;
	unsigned char buf[MAXLEN];
	for (int i = 0; i < NMSG; i++)
		if (m->send(buf, make_msg(&s, buf)))
			return 1;
	m->producer_done();
	return 0;
}

/* consume: the consumer child's part: checks the stream and writes "count bytes hash" to out (a pipe). */
static int consume(const struct mech *m, int out)
{
	m->consumer_start();
	uint32_t s = 2024, hash = 2166136261u;
	unsigned char want[MAXLEN], got[MAXLEN];
	size_t wlen = 0, woff = 0, bytes = 0; /* the message being matched, and how much of it has come */
	int count = 0, bad = 0;
	while (count < NMSG) {
		if (woff == wlen) {
			wlen = make_msg(&s, want);
			woff = 0;
		}
		ssize_t r = m->recv(got, m->keeps_boundaries ? MAXLEN : wlen - woff);
		if (r <= 0)
			break;
		if (m->keeps_boundaries && (size_t)r != wlen)
			bad++;
		size_t n = (size_t)r < wlen - woff ? (size_t)r : wlen - woff;
		bad += memcmp(got, want + woff, n) != 0;
		hash = fnv1a(hash, got, (size_t)r);
		bytes += (size_t)r;
		woff = m->keeps_boundaries ? wlen : woff + n;
		if (woff == wlen)
			count++;
	}
	dprintf(out, "%d %zu %08x %d\n", count, bytes, hash, bad);
	return 0;
}

static void run(const struct mech *m, uint32_t want_hash, size_t want_bytes)
{
	if (m->setup()) {
		check(0, "%s: setup (%s)", m->name, errname(errno));
		return;
	}
	int res[2];
	if (pipe(res))
		exit(2);
	pid_t prod = fork();
	if (prod == 0)
		_exit(produce(m));
	pid_t cons = fork();
	if (cons == 0)
		_exit(consume(m, res[1]));
	close(res[1]);
	char line[128] = "";
	ssize_t n = read(res[0], line, sizeof line - 1);
	line[n > 0 ? n : 0] = 0;
	close(res[0]);
	int count = -1, bad = -1;
	size_t bytes = 0;
	unsigned hash = 0;
	sscanf(line, "%d %zu %x %d", &count, &bytes, &hash, &bad);
	int st_p, st_c;
	waitpid(prod, &st_p, 0);
	waitpid(cons, &st_c, 0);
	if (m->producer_done == fd_producer_done)
		close(fds[1]), fds[1] = -1; /* the parent's copy too */
	m->teardown();
	check(count == NMSG && bytes == want_bytes && hash == want_hash && bad == 0 && WIFEXITED(st_p) &&
		      WEXITSTATUS(st_p) == 0,
	      "%s: %d messages, %zu bytes in order, FNV-1a %08x (sent %08x), %d wrong", m->name, count, bytes, hash,
	      want_hash, bad);
}

/* ---- contention: one counter, one mutex ---- */
#define NTHREADS 16
#define ADDS 5000
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < ADDS; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;
		if (i % 64 == 0)
			sched_yield(); /* give the others a turn while holding it: they must wait */
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

int main(void)
{
	/* the expected stream */
	uint32_t s = 2024, hash = 2166136261u;
	size_t total = 0;
	unsigned char buf[MAXLEN];
	for (int i = 0; i < NMSG; i++) {
		size_t n = make_msg(&s, buf);
		hash = fnv1a(hash, buf, n);
		total += n;
	}
	for (size_t i = 0; i < sizeof mechs / sizeof mechs[0]; i++)
		run(&mechs[i], hash, total);

	pthread_t t[NTHREADS];
	int made = 0;
	for (int i = 0; i < NTHREADS; i++)
		made += pthread_create(&t[i], NULL, adder, NULL) == 0;
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	check(made == NTHREADS && counter == (long)NTHREADS * ADDS, "%d threads adding %d each under one mutex: %ld",
	      NTHREADS, ADDS, counter);

	/* 4 processes through a process-shared mutex in MAP_SHARED memory */
	struct shared { pthread_mutex_t lock; long counter; } *sh =
		mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->lock, &ma);
	for (int p = 0; p < 4; p++)
		if (fork() == 0) {
			for (int i = 0; i < ADDS; i++) {
				pthread_mutex_lock(&sh->lock);
				long v = sh->counter;
				if (i % 64 == 0)
					sched_yield();
				sh->counter = v + 1;
				pthread_mutex_unlock(&sh->lock);
			}
			_exit(0);
		}
	int ok = 1;
	for (int p = 0; p < 4; p++) {
		int st;
		ok &= wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	check(ok && sh->counter == 4L * ADDS, "4 processes adding %d each under a process-shared mutex: %ld", ADDS,
	      sh->counter);
	return done();
}
