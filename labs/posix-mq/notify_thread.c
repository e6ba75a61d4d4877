/* labs/posix-mq/notify_thread.c [late]: mq_notify(3) with SIGEV_THREAD. The parent asks for its function
 * on_message to be called with the value 42 when a message arrives in its empty queue; a child sends "first" and
 * "second". The C library (musl, glibc) does this with a netlink socket and a thread of its own blocked in recv on it;
 * the kernel sends that socket a 32-byte cookie at "first", and the thread calls on_message once, on a thread that
 * is not the parent's main thread; "second" calls nothing (the registration was used). The queue's file shows
 * NOTIFY:2 (SIGEV_THREAD) and NOTIFY_PID (the registered process) before, and 0 after.
 *   late: a mistake: the parent sends a message of its own before it registers. The queue is never empty when the
 *         child's messages arrive: the kernel never sends the cookie and on_message never runs; the library's
 *         thread sleeps on its socket until the parent's mq_close ends the registration. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <sys/syscall.h>
#include "mqlab.h"

#define NAME "/lab-thread"

static sem_t called;
static volatile int ncalls, value, tid;

/* on_message: the function mq_notify runs (sigev_notify_function): what it got and on which thread, for main. */
static void on_message(union sigval v)
{
	ncalls++;
	value = v.sival_int;
	tid = syscall(SYS_gettid);
	trace_mark("on_message value=%d", v.sival_int);
	sem_post(&called);
}

/* wait_called: whether on_message has run, waiting for it up to ms milliseconds. */
static int wait_called(long ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	while (sem_timedwait(&called, &t) < 0)
		if (errno != EINTR)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	int late = argc > 1 && strcmp(argv[1], "late") == 0;
	sem_init(&called, 0, 0);
	mqd_t q = mq_fresh(NAME, 4, 32);
	if (late && mq_send(q, "mine", 4, 0) < 0)
		lab_die("mq_send");
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_message };
	sev.sigev_value.sival_int = 42;
	if (mq_notify(q, &sev) < 0)
		lab_die("mq_notify");
	mq_show(NAME, "registered", q);
	lab_sleep_ms(50); /* the C library's thread reaches its recv and sleeps there */

	pid_t child = fork();
	if (child == 0) {
		if (mq_send(q, "first", 5, 0) < 0 || mq_send(q, "second", 6, 0) < 0)
			_exit(1);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	if (wait_called(1000))
		lab_sleep_ms(100); /* room for a second call, which must not come */
	mq_show(NAME, "after the child's two sends", q);
	if (ncalls)
		say(1, "on_message x%d: value %d, on %s\n", (int)ncalls, (int)value,
		    tid != getpid() ? "another thread (not main's)" : "the main thread");
	else
		say(1, "on_message never ran: no message arrived in an empty queue\n");
	trace_mark("calls=%d", (int)ncalls);
	mq_drain(q);
	mq_close(q);      /* ends a registration still in place: the library's thread gets the cookie, "removed" */
	lab_sleep_ms(20); /* and wakes, and ends without calling on_message */
	mq_unlink(NAME);
	return ncalls == 1 && value == 42 && tid != getpid() ? 0 : 1;
}
