/* futex_ops: the futex(2) operations as the man page gives them, with their errors:
 * - FUTEX_WAIT sleeps only while *uaddr == val (else EAGAIN), until a FUTEX_WAKE, a timeout (relative, ETIMEDOUT)
 *   or a signal (EINTR for a handler without SA_RESTART); EINVAL for a bad timeout or an unaligned address,
 *   EFAULT for an unmapped one;
 * - FUTEX_WAKE returns how many it woke, at most val;
 * - FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET: a wake reaches the waiters whose bitset shares a bit; bitset 0 EINVAL;
 *   the timeout is absolute, on CLOCK_MONOTONIC or with FUTEX_CLOCK_REALTIME on CLOCK_REALTIME;
 * - FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: wake some, move the others to a second word (EAGAIN when *uaddr != val3);
 * - FUTEX_WAKE_OP: changes the second word, wakes on the first, and on the second if the old value compares;
 * - a shared futex (no FUTEX_PRIVATE_FLAG) in a MAP_SHARED page is one futex for every process mapping it; a
 *   private one is not seen from another process;
 * - an unknown operation: ENOSYS. */
#define _GNU_SOURCE
#include "conf.h"
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* The operations and flags of <linux/futex.h> (Linux include/uapi/linux/futex.h), spelled out: the musl
 * toolchain has no kernel headers. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts, uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

/* result: "0", or the errno's name after a failed call. */
static const char *result(long r)
{
	return r == 0 ? "0" : r < 0 ? errname(errno) : "positive";
}

static uint64_t clock_ns(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Waiter threads: each waits on its word with its bitset and records how its wait ended. */
struct waiter {
	pthread_t thread;
	uint32_t *word;
	uint32_t bitset; /* 0: plain FUTEX_WAIT */
	volatile int started, woken;
	long r;
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	w->started = 1;
	if (w->bitset)
		w->r = futex(w->word, FUTEX_WAIT_BITSET_PRIVATE, *w->word, NULL, NULL, w->bitset);
	else
		w->r = futex(w->word, FUTEX_WAIT_PRIVATE, *w->word, NULL, NULL, 0);
	w->woken = 1;
	return NULL;
}

/* start: n waiters on word, then time for them all to be asleep in the kernel. */
static void start(struct waiter *w, int n, uint32_t *word, const uint32_t *bitsets)
{
	for (int i = 0; i < n; i++) {
		w[i] = (struct waiter){ .word = word, .bitset = bitsets ? bitsets[i] : 0 };
		pthread_create(&w[i].thread, NULL, waiter_main, &w[i]);
	}
	for (int i = 0; i < n; i++)
		while (!w[i].started)
			usleep(1000);
	usleep(50000);
}

static int count_woken(struct waiter *w, int n)
{
	usleep(30000);
	int k = 0;
	for (int i = 0; i < n; i++)
		k += w[i].woken;
	return k;
}

static void finish(struct waiter *w, int n)
{
	for (int i = 0; i < n; i++)
		pthread_join(w[i].thread, NULL);
}

static void errors(void)
{
	static uint32_t word = 5;
	errno = 0;
	long r = futex(&word, FUTEX_WAIT, 4, NULL, NULL, 0);
	check(r < 0 && errno == EAGAIN, "FUTEX_WAIT when the word is not val: EAGAIN (%s)", result(r));
	struct timespec bad = { 0, 1000000000 };
	r = futex(&word, FUTEX_WAIT, 5, &bad, NULL, 0);
	check(r < 0 && errno == EINVAL, "FUTEX_WAIT with tv_nsec 1000000000: EINVAL (%s)", result(r));
	struct timespec neg = { -1, 0 };
	r = futex(&word, FUTEX_WAIT, 5, &neg, NULL, 0);
	check(r < 0 && errno == EINVAL, "FUTEX_WAIT with a negative tv_sec: EINVAL (%s)", result(r));
	r = futex((uint32_t *)((char *)&word + 1), FUTEX_WAKE, 1, NULL, NULL, 0);
	check(r < 0 && errno == EINVAL, "FUTEX_WAKE at an unaligned address: EINVAL (%s)", result(r));
	r = futex((uint32_t *)16, FUTEX_WAIT, 0, NULL, NULL, 0);
	check(r < 0 && errno == EFAULT, "FUTEX_WAIT on an unmapped address: EFAULT (%s)", result(r));
	r = futex(&word, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0);
	check(r < 0 && errno == EINVAL, "FUTEX_WAIT_BITSET with bitset 0: EINVAL (%s)", result(r));
	r = futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0);
	check(r < 0 && errno == EINVAL, "FUTEX_WAKE_BITSET with bitset 0: EINVAL (%s)", result(r));
	r = futex(&word, 99, 0, NULL, NULL, 0);
	check(r < 0 && errno == ENOSYS, "an unknown operation: ENOSYS (%s)", result(r));
	r = futex(&word, FUTEX_WAKE, 10, NULL, NULL, 0);
	check(r == 0, "FUTEX_WAKE with nobody waiting: 0 (%ld)", r);
	static uint32_t other = 1;
	r = futex(&word, FUTEX_CMP_REQUEUE, 1, (struct timespec *)(long)INT_MAX, &other, 4);
	check(r < 0 && errno == EAGAIN, "FUTEX_CMP_REQUEUE when the word is not val3: EAGAIN (%s)", result(r));
	r = futex(&word, FUTEX_CMP_REQUEUE, 1, (struct timespec *)-1L, &other, 5);
	check(r < 0 && errno == EINVAL, "FUTEX_CMP_REQUEUE with a negative count to requeue: EINVAL (%s)", result(r));
}

static void timeouts(void)
{
	static uint32_t word = 0;
	struct timespec rel = { 0, 50000000 };
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
	long r = futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0);
	uint64_t ms = (clock_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	check(r < 0 && errno == ETIMEDOUT && ms >= 50, "a relative 50 ms FUTEX_WAIT times out: ETIMEDOUT (%s)%s",
	      result(r), ms >= 50 ? "" : ", too early");

	uint64_t dl = clock_ns(CLOCK_MONOTONIC) + 40000000;
	struct timespec abs = { (time_t)(dl / 1000000000), (long)(dl % 1000000000) };
	r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
	check(r < 0 && errno == ETIMEDOUT && clock_ns(CLOCK_MONOTONIC) >= dl,
	      "FUTEX_WAIT_BITSET's timeout is an absolute CLOCK_MONOTONIC time (%s)", result(r));

	dl = clock_ns(CLOCK_REALTIME) + 40000000;
	abs = (struct timespec){ (time_t)(dl / 1000000000), (long)(dl % 1000000000) };
	r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
	check(r < 0 && errno == ETIMEDOUT && clock_ns(CLOCK_REALTIME) >= dl,
	      "with FUTEX_CLOCK_REALTIME it is a CLOCK_REALTIME time (%s)", result(r));

	struct timespec past = { 1, 0 };
	r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &past, NULL, FUTEX_BITSET_MATCH_ANY);
	check(r < 0 && errno == ETIMEDOUT, "an absolute time already past: ETIMEDOUT at once (%s)", result(r));
}

static void wakes(void)
{
	static uint32_t word = 0;
	struct waiter w[4];
	start(w, 4, &word, NULL);
	long r = futex(&word, FUTEX_WAKE_PRIVATE, 3, NULL, NULL, 0);
	int k = count_woken(w, 4);
	check(r == 3 && k == 3, "FUTEX_WAKE 3 of 4 waiters returns 3 and wakes 3 (%ld, %d)", r, k);
	r = futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	finish(w, 4);
	check(r == 1, "FUTEX_WAKE INT_MAX wakes the last one (%ld)", r);
	int zero = 1;
	for (int i = 0; i < 4; i++)
		zero &= w[i].r == 0;
	check(zero, "a woken FUTEX_WAIT returns 0");

	/* Bitsets: waiters on bits 1, 2, 4 and 1|4; a wake with bitset 4 reaches the third and fourth. */
	static uint32_t bword = 0;
	const uint32_t bits[4] = { 1, 2, 4, 5 };
	start(w, 4, &bword, bits);
	r = futex(&bword, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 4);
	k = count_woken(w, 4);
	check(r == 2 && k == 2 && w[2].woken && w[3].woken, "FUTEX_WAKE_BITSET 4 wakes the waiters with bit 4 (%ld)", r);
	r = futex(&bword, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	finish(w, 4);
	check(r == 2, "plain FUTEX_WAKE reaches every bitset (%ld)", r);
}

static void requeues(void)
{
	static uint32_t a = 0, b = 0;
	struct waiter w[5];
	start(w, 5, &a, NULL);
	long r = futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, (struct timespec *)2L, &b, 0);
	int k = count_woken(w, 5);
	check(r == 3 && k == 1, "FUTEX_CMP_REQUEUE wake 1, requeue 2: returns 3, wakes 1 (%ld, %d)", r, k);
	r = futex(&a, FUTEX_REQUEUE_PRIVATE, 0, (struct timespec *)(long)INT_MAX, &b, 0);
	check(r == 2, "FUTEX_REQUEUE moves the 2 left on the first word: returns 2 (%ld)", r);
	r = futex(&a, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	check(r == 0, "nobody waits on the first word any more (%ld)", r);
	r = futex(&b, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	finish(w, 5);
	check(r == 4, "the 4 requeued ones are woken on the second (%ld)", r);

	/* FUTEX_WAKE_OP: *b = *b + 1 (old 0); wake 1 on a, and 1 on b if old == 0. */
	static uint32_t c = 0, d = 0;
	struct waiter x[2], y[2];
	start(x, 2, &c, NULL);
	start(y, 2, &d, NULL);
	r = futex(&c, FUTEX_WAKE_OP_PRIVATE, 1, (struct timespec *)1L, &d,
		  FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0));
	check(r == 2 && d == 1, "FUTEX_WAKE_OP ADD 1 / CMP_EQ 0: one woken on each word, the second is 1 (%ld, %u)", r, d);
	r = futex(&c, FUTEX_WAKE_OP_PRIVATE, 1, (struct timespec *)1L, &d,
		  FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 0));
	check(r == 1 && d == 7, "FUTEX_WAKE_OP SET 7, old value 1 is not 0: only the first word's waiter (%ld, %u)", r, d);
	r = futex(&d, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	check(r == 1, "the second word's other waiter is still there (%ld)", r);
	finish(x, 2);
	finish(y, 2);
}

static void on_usr1(int sig) { (void)sig; }

static void interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 }; /* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	static uint32_t word = 0;
	pid_t me = getpid();
	pid_t c = fork();
	if (c == 0) {
		usleep(50000);
		kill(me, SIGUSR1);
		_exit(0);
	}
	long r = futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	check(r < 0 && errno == EINTR, "a signal with a handler ends FUTEX_WAIT: EINTR (%s)", result(r));
	waitpid(c, NULL, 0);
}

static void shared(void)
{
	uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*w = 0;
	w[1] = 0;
	pid_t c = fork();
	if (c == 0) {
		w[1] = 1;
		long r = futex(w, FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(r == 0 ? 0 : 1);
	}
	while (!w[1])
		usleep(1000);
	usleep(50000);
	long r = futex(w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	check(r == 0, "a private wake does not reach another process's waiter (%ld)", r);
	r = futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
	int st;
	waitpid(c, &st, 0);
	check(r == 1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a shared futex in a MAP_SHARED page: the parent's wake ends the child's wait (%ld)", r);

	/* A MAP_PRIVATE page after fork is two pages: the child's wake finds no waiter of the parent. */
	uint32_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*p = 0;
	c = fork();
	if (c == 0) {
		usleep(50000);
		_exit((int)futex(p, FUTEX_WAKE, 1, NULL, NULL, 0));
	}
	struct timespec rel = { 0, 200000000 };
	r = futex(p, FUTEX_WAIT, 0, &rel, NULL, 0);
	waitpid(c, &st, 0);
	check(r < 0 && errno == ETIMEDOUT && WEXITSTATUS(st) == 0,
	      "a MAP_PRIVATE page after fork: the child's wake is not the parent's futex (%s, %d)", result(r),
	      WEXITSTATUS(st));
}

int main(void)
{
	errors();
	timeouts();
	wakes();
	requeues();
	interrupted();
	shared();
	return done();
}
