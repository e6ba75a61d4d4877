/* tests/unit/test_pipe.c: ipc/pipe.c's read and write paths (pipe_read, pipe_write and through them
 * pipe_readable and pipe_writable; pipe_close), on the host with tests/unit/kshim.c standing for the kernel.
 * `make test-core LAB=pipes IMPL=student` runs it against labs/pipes/student/pipe.c.
 *
 * Each test sets up a pipe, says what the other processes do while the caller sleeps (the kshim on_sleep hook:
 * another reader takes bytes, the last writer closes, a signal comes) or just before it takes the lock (on_lock),
 * and checks the result against the rules of POSIX read()/write() and pipe(7), as ipc/pipe.c's header and
 * labs/pipes/todo/ state them. Every sleep is also checked against the blocking idiom of kernel/sched.h: the
 * caller holds p->lock, and it only sleeps when it cannot go on (with bytes in the pipe a reader that sleeps
 * has missed them). The bytes are a numbered stream (byte i is pattern(i)), so every read checks the order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipc/pipe.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/trace_events.h"
#include "tests/unit/kshim.h"

/* What ipc/pipe.c uses of the trace: its wait channels (named as messages name them) and pipe.close. */
const struct wait_chan wchan_pipe_read = { .name = "pipe", .op = "read (p->rd_wait)" };
const struct wait_chan wchan_pipe_write = { .name = "pipe", .op = "write (p->wr_wait)" };
void __trace_pipe_close(const struct pipe *p, bool reader, bool writer, bool freed)
{
	(void)p, (void)reader, (void)writer, (void)freed;
}

#define CAP 65536u /* a new pipe's capacity */

static struct pipe *P; /* the running test's pipe */
static u64 stream_in; /* bytes written into P so far, by anyone (byte i of the stream is pattern(i)) */
static u64 stream_out; /* bytes read out of P so far */
static size_t write_n; /* the count of the pipe_write under test, for the sleep check */
static bool nonblocking; /* the call under test has O_NONBLOCK */
static int (*meanwhile)(struct wait_queue *wq, int nth); /* the test's: what others do in sleep number nth */

static unsigned char pattern(u64 i) { return (unsigned char)(i * 131 >> 3); }

static int plain_copy(void *dst, const void *src, size_t n, void *ctx)
{
	(void)ctx;
	memcpy(dst, src, n);
	return 0;
}

/* other_write / other_read: another process writes n bytes of the stream into P / reads n out of it (checking
 * them), directly on the ring, while the caller of the function under test sleeps or before it locks. */
static void other_write(size_t n)
{
	unsigned char *b = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		b[i] = pattern(stream_in + i);
	long w = pipe_ring_write(&P->ring, b, n, plain_copy, NULL);
	assert_int_equal(w, (long)n);
	stream_in += n;
	free(b);
}

static void other_read(size_t n)
{
	unsigned char *b = malloc(n + 1);
	long r = pipe_ring_read(&P->ring, b, n, plain_copy, NULL);
	assert_int_equal(r, (long)n);
	for (size_t i = 0; i < n; i++)
		expect(b[i] == pattern(stream_out + i),
		       "byte %llu of the stream is wrong in the pipe: bytes were lost, repeated or reordered",
		       (unsigned long long)(stream_out + i));
	stream_out += n;
	free(b);
}

static size_t room(void) { return pipe_ring_free(&P->ring); }
static size_t used(void) { return pipe_ring_used(&P->ring); }

/* on_sleep: every sleep of the function under test comes here: is the sleep right (kernel/sched.h's idiom)?
 * Then the test's meanwhile says what happens while it sleeps. */
static int on_sleep(struct wait_queue *wq, void *arg)
{
	(void)arg;
	int nth = kshim.sleeps;
	expect(!nonblocking,
	       "%s with O_NONBLOCK went to sleep: where it would wait it returns -EAGAIN instead (or the count written "
	       "so far)",
	       wq == &P->rd_wait ? "pipe_read" : "pipe_write");
	if (wq == &P->rd_wait) {
		expect(pipe_ring_empty(&P->ring),
		       "pipe_read went to sleep with %zu bytes in the pipe: it must take them and return. (If it "
		       "tested the pipe before taking p->lock, it missed a write that came in between, and that "
		       "write's wake-up: a lost wake-up.)",
		       used());
		expect(P->writers, "pipe_read went to sleep on an empty pipe with no writer left: nobody will ever "
				   "write; that is end of file, return 0");
	} else if (wq == &P->wr_wait) {
		expect(P->readers, "pipe_write went to sleep with no reader left: nobody will ever make room; it must "
				   "fail with EPIPE (and send SIGPIPE)");
		if (write_n <= PIPE_BUF)
			expect(room() < write_n,
			       "pipe_write of %zu bytes went to sleep with room for %zu: a write of at most PIPE_BUF "
			       "bytes goes in as soon as all of it fits. (If it tested the room before taking p->lock, "
			       "it missed a read that came in between: a lost wake-up.)",
			       write_n, room());
		else
			expect(room() == 0,
			       "pipe_write of %zu bytes (more than PIPE_BUF) went to sleep with %zu bytes of room: a "
			       "large write moves what fits, and waits only when the pipe is full",
			       write_n, room());
	} else {
		fail_msg("slept on a wait queue that is not the pipe's p->rd_wait or p->wr_wait");
	}
	expect(nth <= 20, "slept 20 times in one call where a few sleeps do: does the loop ever end?");
	expect(meanwhile, "went to sleep, but in this test it can go on without waiting");
	return meanwhile(wq, nth);
}

/* fresh: the test's pipe (one reader, one writer, empty). */
static int setup(void **state)
{
	(void)state;
	kshim_reset();
	kshim.on_sleep = on_sleep;
	P = pipe_alloc();
	stream_in = stream_out = 0;
	write_n = 0;
	nonblocking = false;
	meanwhile = NULL;
	return P ? 0 : -1;
}

static int teardown(void **state)
{
	kshim_teardown(state);
	if (P) {
		P->lock.locked = 0; /* a failed test may have left it "held" */
		pipe_free(P);
	}
	P = NULL;
	return 0;
}

/* after: what every return of the functions under test must satisfy. */
static void after(const char *fn, long r)
{
	expect(kshim.held == 0, "%s returned %s still holding p->lock: every way out must unlock it", fn,
	       kshim_result(r));
	expect(kshim.unlocked_copies == 0,
	       "%s copied user memory without holding p->lock: another reader or writer could change the ring in the "
	       "middle of it",
	       fn);
}

/* rd: pipe_read of n bytes into a fresh buffer, checked against the stream; returns its result. */
static long rd(size_t n, bool nonblock)
{
	unsigned char *b = malloc(n + 1);
	nonblocking = nonblock;
	long r = pipe_read(P, (u64)b, n, nonblock);
	after("pipe_read", r);
	expect(r <= (long)n, "pipe_read of %zu bytes returned %s: more than asked", n, kshim_result(r));
	for (long i = 0; i < r; i++)
		expect(b[i] == pattern(stream_out + (u64)i),
		       "pipe_read returned the wrong bytes: byte %ld of its buffer should be byte %llu of what was "
		       "written",
		       i, (unsigned long long)(stream_out + i));
	if (r > 0)
		stream_out += (u64)r;
	free(b);
	return r;
}

/* wr: pipe_write of the next n bytes of the stream; returns its result. */
static long wr(size_t n, bool nonblock)
{
	unsigned char *b = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		b[i] = pattern(stream_in + i);
	write_n = n;
	nonblocking = nonblock;
	long r = pipe_write(P, (u64)b, n, nonblock);
	after("pipe_write", r);
	expect(r <= (long)n, "pipe_write of %zu bytes returned %s: more than asked", n, kshim_result(r));
	if (r > 0)
		stream_in += (u64)r;
	free(b);
	return r;
}

/* ---- read ---- */

static void test_read_returns_what_is_there(void **state)
{
	(void)state;
	other_write(10);
	long r = rd(100, false);
	expect(r == 10,
	       "pipe_read of 100 bytes from a pipe holding 10 returned %s: it returns what is there, at once, without "
	       "waiting for more",
	       kshim_result(r));
	expect(kshim.sleeps == 0, "pipe_read slept though the pipe held bytes");
	expect(pipe_ring_empty(&P->ring), "pipe_read left bytes in the ring it said it read");
}

static void test_read_takes_only_n(void **state)
{
	(void)state;
	other_write(5000);
	long r = rd(3000, false);
	expect(r == 3000, "pipe_read of 3000 bytes from a pipe holding 5000 returned %s", kshim_result(r));
	expect(used() == 2000, "after reading 3000 of 5000 bytes the pipe should hold 2000, not %zu", used());
	r = rd(3000, false);
	expect(r == 2000, "pipe_read of 3000 bytes from a pipe holding 2000 returned %s", kshim_result(r));
}

static void test_read_wakes_writers(void **state)
{
	(void)state;
	other_write(CAP);
	long r = rd(100, false);
	expect(r == 100, "pipe_read of 100 bytes from a full pipe returned %s", kshim_result(r));
	expect(kshim_woken(&P->wr_wait) >= 1,
	       "pipe_read took 100 bytes from a full pipe but did not wake_up(&p->wr_wait): a writer asleep waiting "
	       "for room would sleep for ever");
}

static int meanwhile_write5(struct wait_queue *wq, int nth)
{
	expect(nth == 1, "pipe_read slept again after a write put 5 bytes in the pipe");
	expect(wq == &P->rd_wait, "pipe_read slept on the wrong queue");
	other_write(5);
	return 0;
}

static void test_read_empty_waits_for_a_write(void **state)
{
	(void)state;
	meanwhile = meanwhile_write5;
	long r = rd(100, false);
	expect(kshim.sleeps == 1,
	       "pipe_read of an empty pipe with a writer did not wait (slept %d times) and returned %s: it must wait "
	       "until there are bytes or no writer",
	       kshim.sleeps, kshim_result(r));
	expect(r == 5, "pipe_read woken by a write of 5 bytes returned %s: it returns what is there", kshim_result(r));
}

static void test_read_eof_only_without_writer(void **state)
{
	(void)state;
	meanwhile = meanwhile_write5;
	long r = rd(100, false);
	expect(r != 0, "pipe_read of an empty pipe returned 0 (end of file) while a writer is still there: it must "
		       "wait for the writer's bytes; end of file is only when no writer is left");
	P->writers = 0;
	kshim.sleeps = 0;
	r = rd(100, false);
	expect(r == 0, "pipe_read of an empty pipe with no writer left returned %s: that is end of file, 0",
	       kshim_result(r));
	expect(kshim.sleeps == 0, "pipe_read of an empty pipe with no writer slept: nobody will ever write");
}

static void test_read_bytes_before_eof(void **state)
{
	(void)state;
	other_write(10);
	P->writers = 0;
	long r = rd(100, false);
	expect(r == 10,
	       "the last writer closed after writing 10 bytes: pipe_read must return them first (got %s); end of file "
	       "comes once the pipe is empty",
	       kshim_result(r));
	r = rd(100, false);
	expect(r == 0, "the pipe is empty and has no writer: pipe_read must return 0, not %s", kshim_result(r));
}

static int meanwhile_writer_closes(struct wait_queue *wq, int nth)
{
	(void)wq, (void)nth;
	P->writers = 0;
	return 0;
}

static void test_read_writer_closes_while_asleep(void **state)
{
	(void)state;
	meanwhile = meanwhile_writer_closes;
	long r = rd(100, false);
	expect(r == 0,
	       "the last writer closed while pipe_read slept on the empty pipe: it must return 0 (end of file), not %s",
	       kshim_result(r));
}

/* A wake-up that changed nothing the reader waits for: another writer of two closed (writers 2 -> 1). */
static int meanwhile_spurious_then_write(struct wait_queue *wq, int nth)
{
	(void)wq;
	if (nth == 1) {
		P->writers--;
		return 0;
	}
	other_write(7);
	return 0;
}

static void test_read_sleeps_in_a_loop(void **state)
{
	(void)state;
	P->writers = 2;
	meanwhile = meanwhile_spurious_then_write;
	long r = rd(100, false);
	expect(kshim.sleeps >= 1, "pipe_read of an empty pipe with a writer returned %s without waiting",
	       kshim_result(r));
	expect(kshim.sleeps == 2 && r == 7,
	       "after a wake-up that changed nothing (the pipe still empty, a writer still there) pipe_read returned "
	       "%s after %d sleep(s) instead of sleeping again: a woken sleeper must test its condition again, `while "
	       "(!pipe_readable(p))`, not `if`",
	       kshim_result(r), kshim.sleeps);
}

static void test_read_nonblock(void **state)
{
	(void)state;
	long r = rd(100, true);
	expect(r == -EAGAIN,
	       "pipe_read with O_NONBLOCK of an empty pipe with a writer returned %s: it must return -EAGAIN instead "
	       "of waiting",
	       kshim_result(r));
	expect(kshim.sleeps == 0, "pipe_read with O_NONBLOCK slept");
	other_write(10);
	r = rd(100, true);
	expect(r == 10, "pipe_read with O_NONBLOCK of a pipe holding 10 bytes returned %s", kshim_result(r));
	P->writers = 0;
	r = rd(100, true);
	expect(r == 0,
	       "pipe_read with O_NONBLOCK of an empty pipe with no writer returned %s: end of file (0) comes before "
	       "EAGAIN",
	       kshim_result(r));
}

static int meanwhile_signal(struct wait_queue *wq, int nth)
{
	(void)wq, (void)nth;
	return -ERESTARTSYS;
}

static void test_read_signal(void **state)
{
	(void)state;
	meanwhile = meanwhile_signal;
	long r = rd(100, false);
	expect(r == -ERESTARTSYS,
	       "sleep_on returned -ERESTARTSYS (a signal) while pipe_read waited: it must return -ERESTARTSYS at once "
	       "(the kernel restarts the call or makes it EINTR), not %s",
	       kshim_result(r));
	expect(kshim.sleeps == 1, "pipe_read slept %d times: after a signal it must not sleep again", kshim.sleeps);
}

static void test_read_fault(void **state)
{
	(void)state;
	other_write(10);
	long r = pipe_read(P, 0x1000, 10, false); /* a bad user address (kshim: the first 64 KiB fault) */
	after("pipe_read", r);
	expect(r == -EFAULT, "pipe_read into a bad user buffer returned %s: -EFAULT", kshim_result(r));
	expect(used() == 10, "pipe_read into a bad buffer lost bytes: the pipe held 10, now %zu", used());
	expect(rd(10, false) == 10, "the 10 bytes are still to be read after the failed read");
}

/* The condition can change between a test made before taking the lock and the lock. */
static void on_lock_write10(spinlock_t *l, void *arg)
{
	(void)l, (void)arg;
	other_write(10);
	kshim.on_lock = NULL;
}

static void test_read_tests_under_the_lock(void **state)
{
	(void)state;
	kshim.on_lock = on_lock_write10; /* a writer gets p->lock just before the reader does */
	long r = rd(100, false);
	expect(r == 10, "a writer put 10 bytes in the pipe just before pipe_read took p->lock; it returned %s",
	       kshim_result(r));
}

static void on_lock_other_reader(spinlock_t *l, void *arg)
{
	(void)l, (void)arg;
	other_read(used());
	kshim.on_lock = NULL;
}

static int meanwhile_write3(struct wait_queue *wq, int nth)
{
	(void)wq, (void)nth;
	other_write(3);
	return 0;
}

static void test_read_emptied_before_the_lock(void **state)
{
	(void)state;
	other_write(10);
	kshim.on_lock = on_lock_other_reader; /* another reader empties the pipe just before this one locks */
	meanwhile = meanwhile_write3;
	long r = rd(100, false);
	expect(r == 3,
	       "another reader emptied the pipe just before pipe_read took p->lock; pipe_read returned %s instead of "
	       "waiting for the next write (3 bytes). %s",
	       kshim_result(r),
	       r == 0 ? "0 is end of file, but a writer is still there: the pipe was tested before taking the lock, "
			"and the test was out of date."
		      : "");
}

/* ---- write ---- */

static void test_write_small(void **state)
{
	(void)state;
	long r = wr(100, false);
	expect(r == 100, "pipe_write of 100 bytes into an empty pipe returned %s", kshim_result(r));
	expect(used() == 100, "after writing 100 bytes the pipe holds %zu", used());
	expect(kshim_woken(&P->rd_wait) >= 1,
	       "pipe_write put 100 bytes into an empty pipe but did not wake_up(&p->rd_wait): a reader asleep on the "
	       "empty pipe would sleep for ever");
	other_read(100);
}

/* Room for 2000 bytes; while the writer sleeps (once), nothing may have moved; then a reader empties the pipe. */
static int meanwhile_atomic(struct wait_queue *wq, int nth)
{
	(void)wq;
	expect(used() == CAP - 2000,
	       "pipe_write of %zu bytes (at most PIPE_BUF) moved %zu of them into the 2000 bytes of room before it "
	       "waited: a write of at most PIPE_BUF bytes is atomic (POSIX write()): it waits until ALL of it fits, "
	       "else its bytes could be mixed with another writer's%s",
	       write_n, used() - (CAP - 2000),
	       write_n == PIPE_BUF ? ". If smaller writes wait as they should, look at the boundary: a write of "
				     "exactly PIPE_BUF (4096) bytes is atomic too, `n <= PIPE_BUF`, not `n < PIPE_BUF`"
				   : "");
	if (nth == 1)
		other_read(used());
	return 0;
}

static void atomic_write_of(size_t n)
{
	other_write(CAP - 2000);
	meanwhile = meanwhile_atomic;
	long r = wr(n, false);
	expect(kshim.sleeps == 1,
	       "pipe_write of %zu bytes (at most PIPE_BUF) into 2000 bytes of room must wait until all of it fits (it "
	       "slept %d times and returned %s)",
	       n, kshim.sleeps, kshim_result(r));
	expect(r == (long)n, "pipe_write of %zu bytes returned %s once there was room for all of it", n,
	       kshim_result(r));
	expect(used() == n, "the pipe should hold the %zu bytes of the write in one piece, not %zu bytes", n, used());
	other_read(n);
}

static void test_write_atomic_3000(void **state)
{
	(void)state;
	atomic_write_of(3000);
}

static void test_write_atomic_exactly_pipe_buf(void **state)
{
	(void)state;
	atomic_write_of(PIPE_BUF);
}

/* A large write: by the first sleep it has filled the pipe and woken the readers; then a reader empties it. */
static int meanwhile_large(struct wait_queue *wq, int nth)
{
	(void)wq;
	expect(kshim_woken(&P->rd_wait) >= 1,
	       "pipe_write filled the pipe and went to sleep without waking the readers: a reader asleep on the empty "
	       "pipe and this writer would wait for each other for ever");
	if (nth < 10)
		other_read(used());
	return 0;
}

static void test_write_large_moves_what_fits(void **state)
{
	(void)state;
	other_write(CAP - 2000);
	meanwhile = meanwhile_large;
	long r = wr(PIPE_BUF + 1, false);
	expect(kshim.sleeps == 1,
	       "pipe_write of PIPE_BUF + 1 bytes into 2000 bytes of room: slept %d times, expected once (after moving "
	       "2000 bytes)",
	       kshim.sleeps);
	expect(r == PIPE_BUF + 1,
	       "pipe_write of PIPE_BUF + 1 bytes returned %s: it waits for room until all is written", kshim_result(r));
	other_read(used());
}

static void test_write_larger_than_the_pipe(void **state)
{
	(void)state;
	meanwhile = meanwhile_large;
	long r = wr(3 * CAP + 123, false);
	expect(r == 3 * CAP + 123,
	       "pipe_write of %u bytes, with a reader emptying the pipe whenever it waits, returned %s", 3 * CAP + 123,
	       kshim_result(r));
	expect(kshim.sleeps == 3,
	       "pipe_write of 3 pipes' worth and a bit slept %d times: expected 3 (each time the pipe is full)",
	       kshim.sleeps);
	other_read(used());
}

static void test_write_signal_after_some(void **state)
{
	(void)state;
	meanwhile = meanwhile_signal;
	long r = wr(100000, false);
	expect(r == CAP,
	       "a signal came while pipe_write of 100000 bytes waited, after %u bytes went in: it must return %u (the "
	       "count written so far; the bytes are in the pipe), not %s. -ERESTARTSYS is only for a write that moved "
	       "nothing",
	       CAP, CAP, kshim_result(r));
}

static void test_write_signal_before_any(void **state)
{
	(void)state;
	other_write(CAP - 2000);
	meanwhile = meanwhile_signal;
	long r = wr(3000, false);
	expect(r == -ERESTARTSYS,
	       "a signal came while pipe_write of 3000 bytes waited for room, with nothing written: it must return "
	       "-ERESTARTSYS, not %s",
	       kshim_result(r));
	expect(used() == CAP - 2000, "the interrupted write of 3000 bytes left %zu bytes in the pipe",
	       used() - (CAP - 2000));
}

static void test_write_nonblock(void **state)
{
	(void)state;
	other_write(CAP - 2000);
	long r = wr(3000, true);
	expect(r == -EAGAIN,
	       "pipe_write with O_NONBLOCK of 3000 bytes (at most PIPE_BUF) into 2000 bytes of room returned %s: it "
	       "must write all or nothing, so -EAGAIN",
	       kshim_result(r));
	expect(used() == CAP - 2000, "pipe_write with O_NONBLOCK of 3000 bytes that returned -EAGAIN moved bytes");
	r = wr(5000, true);
	expect(r == 2000,
	       "pipe_write with O_NONBLOCK of 5000 bytes (more than PIPE_BUF) into 2000 bytes of room returned %s: it "
	       "writes what fits and returns that count",
	       kshim_result(r));
	r = wr(10, true);
	expect(r == -EAGAIN, "pipe_write with O_NONBLOCK into a full pipe returned %s, not -EAGAIN", kshim_result(r));
	r = wr(5000, true);
	expect(r == -EAGAIN, "pipe_write with O_NONBLOCK of 5000 bytes into a full pipe returned %s, not -EAGAIN",
	       kshim_result(r));
	expect(kshim.sleeps == 0, "pipe_write with O_NONBLOCK slept");
	other_read(CAP);
	r = wr(100000, true);
	expect(r == CAP, "pipe_write with O_NONBLOCK of 100000 bytes into an empty pipe returned %s, not %u",
	       kshim_result(r), CAP);
	other_read(CAP);
}

static void test_write_no_reader(void **state)
{
	(void)state;
	other_write(CAP); /* full: it must not wait for room either */
	P->readers = 0;
	long r = wr(10, false);
	expect(r == -EPIPE, "pipe_write with no reader left returned %s: -EPIPE", kshim_result(r));
	expect(kshim.signals == 1 && kshim.sig == SIGPIPE,
	       "pipe_write with no reader returned -EPIPE without sending SIGPIPE (POSIX write(): 'A SIGPIPE signal "
	       "shall also be sent to the thread')");
	expect(kshim.sig_to == current && kshim.sig_sender == current->pid,
	       "SIGPIPE goes to the writer itself: send_signal(current, SIGPIPE, current->tgid)");
	expect(kshim.sig_held == 0, "SIGPIPE was sent holding p->lock");
}

static int meanwhile_reader_closes(struct wait_queue *wq, int nth)
{
	(void)wq, (void)nth;
	P->readers = 0;
	return 0;
}

static void test_write_reader_closes_while_asleep(void **state)
{
	(void)state;
	other_write(CAP);
	meanwhile = meanwhile_reader_closes;
	long r = wr(3000, false);
	expect(r == -EPIPE && kshim.signals == 1 && kshim.sig == SIGPIPE,
	       "the last reader closed while pipe_write waited for room: it must return -EPIPE (got %s) and send "
	       "SIGPIPE (%d signals sent)",
	       kshim_result(r), kshim.signals);
}

static void test_write_reader_closes_after_some(void **state)
{
	(void)state;
	meanwhile = meanwhile_reader_closes;
	long r = wr(100000, false);
	expect(r == CAP,
	       "pipe_write of 100000 bytes wrote %u, then the last reader closed: it returns the count written (%u), "
	       "not %s",
	       CAP, CAP, kshim_result(r));
	expect(kshim.signals == 1 && kshim.sig == SIGPIPE,
	       "pipe_write found no reader left: SIGPIPE is sent even when some bytes went in (POSIX write(); Linux "
	       "fs/pipe.c pipe_write)");
}

static int meanwhile_spurious_then_room(struct wait_queue *wq, int nth)
{
	(void)wq;
	expect(used() == CAP - 2000, "after a wake-up that changed nothing (still only 2000 bytes of room), pipe_write "
				     "of 3000 bytes moved bytes into the pipe: a woken writer must test again that all "
				     "of it fits, `while (!pipe_writable(p, n))`, not `if`");
	if (nth == 2)
		other_read(used());
	return 0;
}

static void test_write_sleeps_in_a_loop(void **state)
{
	(void)state;
	other_write(CAP - 2000);
	meanwhile = meanwhile_spurious_then_room;
	long r = wr(3000, false);
	expect(kshim.sleeps >= 1, "pipe_write of 3000 bytes into 2000 bytes of room returned %s without waiting",
	       kshim_result(r));
	expect(r == 3000 && kshim.sleeps == 2,
	       "pipe_write of 3000 bytes into 2000 bytes of room, woken once for nothing, then once with room: "
	       "returned %s after %d sleeps (expected 3000 after 2)",
	       kshim_result(r), kshim.sleeps);
	expect(used() == 3000, "the pipe should hold the 3000 bytes in one piece, not %zu", used());
}

static void on_lock_other_drains(spinlock_t *l, void *arg)
{
	(void)l, (void)arg;
	other_read(used());
	kshim.on_lock = NULL;
}

static void test_write_tests_under_the_lock(void **state)
{
	(void)state;
	other_write(CAP);
	kshim.on_lock = on_lock_other_drains; /* a reader empties the pipe just before the writer gets p->lock */
	long r = wr(3000, false);
	expect(r == 3000, "a reader emptied the pipe just before pipe_write took p->lock: it returned %s",
	       kshim_result(r));
}

static void test_write_fault(void **state)
{
	(void)state;
	long r = pipe_write(P, 0x1000, 100, false); /* a bad user address */
	after("pipe_write", r);
	expect(r == -EFAULT, "pipe_write from a bad user buffer returned %s: -EFAULT", kshim_result(r));
	expect(used() == 0, "pipe_write from a bad buffer put %zu bytes in the pipe", used());
	expect(kshim.signals == 0, "pipe_write from a bad buffer sent a signal");

	unsigned char *b = malloc(8192);
	for (size_t i = 0; i < 8192; i++)
		b[i] = pattern(i);
	kshim.bad_lo = (u64)b + 4096; /* the second page of the buffer is bad */
	kshim.bad_hi = (u64)b + 8192;
	r = pipe_write(P, (u64)b, 8192, false);
	after("pipe_write", r);
	expect(r == 4096,
	       "pipe_write of 8192 bytes whose second page is bad returned %s: it returns the count written before the "
	       "fault (4096)",
	       kshim_result(r));
	free(b);
	stream_in = 4096;
	other_read(4096);
}

/* ---- close ---- */

static void test_close(void **state)
{
	(void)state;
	P->writers = 2;
	expect(!pipe_close(P, false, true), "pipe_close of one writer of two freed the pipe");
	int woken = kshim_woken(&P->rd_wait);
	expect(!pipe_close(P, false, true), "pipe_close of the last writer, with a reader left, freed the pipe");
	expect(kshim_woken(&P->rd_wait) > woken, "the last writer closed without waking the readers: a reader asleep "
						 "on the empty pipe must wake to see end of file");
	expect(pipe_close(P, true, false),
	       "pipe_close of the last reader of a pipe with no writer: the caller frees it (true)");
	expect(kshim_woken(&P->wr_wait) >= 1, "the last reader closed without waking the writers (EPIPE)");
	expect(kshim.held == 0, "pipe_close returned holding p->lock");
	P->readers = P->writers = 1;
	P->fifo = "/tmp/f";
	expect(!pipe_close(P, true, true), "a FIFO's pipe outlives its openers (ipc/fifo.c frees it)");
	P->fifo = NULL;
}

/* ---- everything at once: random non-blocking reads and writes against a model ---- */

static void test_random_against_model(void **state)
{
	(void)state;
	srand(15);
	u64 moved = 0;
	for (int op = 0; op < 4000; op++) {
		size_t n = 1 + (size_t)rand() % (rand() % 3 ? PIPE_BUF + 1 : 3 * CAP);
		if (rand() % 2) {
			size_t fit = room();
			long want =
				n <= PIPE_BUF ? (fit >= n ? (long)n : -EAGAIN) : (fit ? (long)MIN(n, fit) : -EAGAIN);
			long r = wr(n, true);
			expect(r == want,
			       "pipe_write with O_NONBLOCK of %zu bytes with %zu bytes of room returned %s, expected "
			       "%s",
			       n, fit, kshim_result(r), kshim_result(want));
		} else {
			size_t there = used();
			long want = there ? (long)MIN(n, there) : -EAGAIN;
			long r = rd(n, true);
			expect(r == want,
			       "pipe_read with O_NONBLOCK of %zu bytes with %zu bytes in the pipe returned %s, "
			       "expected %s",
			       n, there, kshim_result(r), kshim_result(want));
			if (r > 0)
				moved += (u64)r;
		}
	}
	expect(moved > 4 * CAP, "the random test moved only %llu bytes", (unsigned long long)moved);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_read_returns_what_is_there),
		T(test_read_takes_only_n),
		T(test_read_wakes_writers),
		T(test_read_empty_waits_for_a_write),
		T(test_read_eof_only_without_writer),
		T(test_read_bytes_before_eof),
		T(test_read_writer_closes_while_asleep),
		T(test_read_sleeps_in_a_loop),
		T(test_read_nonblock),
		T(test_read_signal),
		T(test_read_fault),
		T(test_read_tests_under_the_lock),
		T(test_read_emptied_before_the_lock),
		T(test_write_small),
		T(test_write_atomic_3000),
		T(test_write_atomic_exactly_pipe_buf),
		T(test_write_large_moves_what_fits),
		T(test_write_larger_than_the_pipe),
		T(test_write_signal_after_some),
		T(test_write_signal_before_any),
		T(test_write_nonblock),
		T(test_write_no_reader),
		T(test_write_reader_closes_while_asleep),
		T(test_write_reader_closes_after_some),
		T(test_write_sleeps_in_a_loop),
		T(test_write_tests_under_the_lock),
		T(test_write_fault),
		T(test_close),
		T(test_random_against_model),
	};
	return cmocka_run_group_tests_name("pipe", tests, NULL, NULL);
}
