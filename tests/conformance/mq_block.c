/* tests/conformance/mq_block.c: POSIX message queues that wait (mq_send(3), mq_receive(3)): a receiver sleeps until
 * a sender hands it a message, receivers are served in the order they came, senders sleep on a full queue until a
 * receive makes room (their message then goes in by its priority; waiting senders are let in in the order they
 * came), mq_timedreceive and mq_timedsend give ETIMEDOUT at an absolute CLOCK_REALTIME time (an invalid timeout
 * is EINVAL even when no wait is needed), O_NONBLOCK wins over a timeout, a signal gives EINTR, or restarts
 * the call with SA_RESTART (signal(7)), and poll(2) and select(2) wait on a queue descriptor until a message
 * arrives (POLLIN, readable) or room is made (POLLOUT, writable). */
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "conf.h"

#define NAME "/mq_block"

static mqd_t q;

/* receive: mq_receive from the queue; print what came (or the error) after what. */
static void receive(const char *what)
{
	char buf[64];
	unsigned prio;
	ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
	if (n < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: \"%.*s\" priority %u\n", what, (int)n, buf, prio);
}

/* child_receive: a child that receives (printing what, as receive does) and exits. */
static pid_t child_receive(const char *who)
{
	pid_t pid = fork();
	if (pid == 0) {
		receive(who);
		_exit(0);
	}
	return pid;
}

/* child_send: a child that sends text with prio (waiting while the queue is full), its exit status 0 or the
 * errno. It prints nothing: its send ends while the parent prints what it received. */
static pid_t child_send(const char *text, unsigned prio)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(mq_send(q, text, strlen(text), prio) == 0 ? 0 : errno);
	return pid;
}

static void reap(pid_t pid) { waitpid(pid, NULL, 0); }

/* reap_send: wait for child_send's child and say how its send ended. */
static void reap_send(pid_t pid, const char *who, const char *text)
{
	int st = 0;
	waitpid(pid, &st, 0);
	printf("%s: sent \"%s\": %s\n", who, text, WIFEXITED(st) ? errname(WEXITSTATUS(st)) : "killed");
}

static long curmsgs(void)
{
	struct mq_attr a;
	mq_getattr(q, &a);
	return a.mq_curmsgs;
}


/* in_ms: the CLOCK_REALTIME time ms milliseconds from now. */
static struct timespec in_ms(long ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += (ms % 1000) * 1000000L;
	t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void alarm_in_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { 0, ms * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

static void handler(int flags)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

int main(void)
{
	mq_unlink(NAME);
	q = mq_open(NAME, O_CREAT | O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 2, .mq_msgsize = 64 });
	check(q >= 0, "mq_open " NAME " (2 messages of 64 bytes): %s", err_of(q));

	/* A receiver waits; the send hands it the message. */
	pid_t a = child_receive("receiver");
	sleep_ms(100);
	mq_send(q, "hello", 5, 3);
	reap(a);
	printf("after the hand-off the queue holds %ld\n", curmsgs());

	/* Receivers are served in the order they came. */
	a = child_receive("first receiver");
	sleep_ms(50);
	pid_t b = child_receive("second receiver");
	sleep_ms(50);
	mq_send(q, "one", 3, 1);
	reap(a); /* the first receiver got "one" and printed it before "two" is sent */
	mq_send(q, "two", 3, 8);
	reap(b);

	/* A sender waits on a full queue; a receive lets its message in, by priority. */
	mq_send(q, "old1", 4, 1);
	mq_send(q, "old2", 4, 1);
	a = child_send("urgent", 9);
	sleep_ms(100);
	printf("the sender waits; the queue holds %ld\n", curmsgs());
	receive("receive 1");
	reap_send(a, "urgent sender", "urgent");
	receive("receive 2");
	receive("receive 3");

	/* Two waiting senders go in in the order they came, not by priority. */
	mq_send(q, "x", 1, 0);
	mq_send(q, "y", 1, 0);
	a = child_send("A", 2);
	sleep_ms(50);
	b = child_send("B", 7);
	sleep_ms(50);
	receive("receive x");
	sleep_ms(50);
	receive("receive next");
	reap_send(a, "sender A", "A");
	reap_send(b, "sender B", "B");
	receive("receive next");
	receive("receive next");

	/* Timeouts: absolute, on CLOCK_REALTIME. */
	struct timespec t = in_ms(200);
	long long t0 = now_ns();
	char buf[64];
	ssize_t n = mq_timedreceive(q, buf, sizeof buf, NULL, &t);
	long long waited = (now_ns() - t0) / 1000000;
	printf("mq_timedreceive on the empty queue: %zd %s, waited at least 190 ms: %d\n", n, err_of(n), waited >= 190);
	mq_send(q, "a", 1, 0);
	mq_send(q, "b", 1, 0);
	t = in_ms(200);
	t0 = now_ns();
	int r = mq_timedsend(q, "c", 1, 0, &t);
	waited = (now_ns() - t0) / 1000000;
	printf("mq_timedsend on the full queue: %d %s, waited at least 190 ms: %d\n", r, err_of(r), waited >= 190);
	t = (struct timespec){ 1, 0 };
	n = mq_timedreceive(q, buf, sizeof buf, NULL, &t);
	printf("mq_timedreceive with a timeout long past, a message there: %zd %s\n", n, err_of(n));
	t = (struct timespec){ 0, 1000000000L };
	n = mq_timedreceive(q, buf, sizeof buf, NULL, &t);
	printf("tv_nsec 1000000000, a message there: %zd %s\n", n, err_of(n));
	t = (struct timespec){ -1, 0 };
	r = mq_timedsend(q, "c", 1, 0, &t);
	printf("tv_sec -1, room there: %d %s\n", r, err_of(r));
	mq_setattr(q, &(struct mq_attr){ .mq_flags = O_NONBLOCK }, NULL);
	mq_send(q, "c", 1, 0);
	t = in_ms(200);
	t0 = now_ns();
	r = mq_timedsend(q, "d", 1, 0, &t);
	printf("O_NONBLOCK and a timeout, full: %d %s, at once: %d\n", r, err_of(r), now_ns() - t0 < 150000000LL);
	mq_setattr(q, &(struct mq_attr){ .mq_flags = 0 }, NULL);
	receive("drain");
	receive("drain");

	/* A signal: EINTR without SA_RESTART. */
	handler(0);
	alarm_in_ms(100);
	receive("mq_receive interrupted by a handler");
	printf("handler ran %d time(s)\n", alarms);
	mq_send(q, "e", 1, 0);
	mq_send(q, "f", 1, 0);
	alarm_in_ms(100);
	r = mq_send(q, "g", 1, 0);
	printf("mq_send on the full queue interrupted: %d %s\n", r, err_of(r));
	receive("drain");
	receive("drain");

	/* With SA_RESTART the call goes on after the handler and gets the message sent later. */
	handler(SA_RESTART);
	alarms = 0;
	pid_t w = fork();
	if (w == 0) {
		sleep_ms(300);
		mqd_t s = mq_open(NAME, O_WRONLY);
		_exit(mq_send(s, "late", 4, 6) == 0 ? 0 : 1);
	}
	alarm_in_ms(100);
	receive("mq_receive with SA_RESTART");
	printf("handler ran %d time(s)\n", alarms);
	reap(w);

	/* poll and select sleep on the queue until another process sends or receives. */
	pid_t c = fork();
	if (c == 0) {
		sleep_ms(150);
		mqd_t s = mq_open(NAME, O_WRONLY);
		_exit(mq_send(s, "polled", 6, 5) == 0 ? 0 : 1);
	}
	struct pollfd pfd = { q, POLLIN, 0 };
	t0 = now_ns();
	r = poll(&pfd, 1, 5000);
	printf("poll POLLIN on the empty queue, a child sends later: %d%s, waited for it: %d\n", r,
	       pfd.revents & POLLIN ? " POLLIN" : "", now_ns() - t0 >= 100000000LL);
	reap(c);
	pfd.revents = 0;
	r = poll(&pfd, 1, 0);
	printf("poll again: %d%s\n", r, pfd.revents & POLLIN ? " POLLIN" : "");
	receive("then");
	r = poll(&pfd, 1, 100);
	printf("poll POLLIN for 100 ms on the empty queue: %d\n", r);
	mq_send(q, "p", 1, 0);
	mq_send(q, "q", 1, 0);
	c = fork();
	if (c == 0) {
		sleep_ms(150);
		char b[64];
		mqd_t s = mq_open(NAME, O_RDONLY);
		_exit(mq_receive(s, b, sizeof b, NULL) >= 0 ? 0 : 1);
	}
	fd_set rd, wr;
	FD_ZERO(&wr);
	FD_SET(q, &wr);
	t0 = now_ns();
	r = select(q + 1, NULL, &wr, NULL, &(struct timeval){ 5, 0 });
	printf("select for writing on the full queue, a child receives later: %d, writable %d, waited for it: %d\n", r,
	       FD_ISSET(q, &wr) != 0, now_ns() - t0 >= 100000000LL);
	reap(c);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(q, &rd);
	FD_SET(q, &wr);
	r = select(q + 1, &rd, &wr, NULL, &(struct timeval){ 0, 0 });
	printf("select with one message: %d, readable %d, writable %d\n", r, FD_ISSET(q, &rd) != 0, FD_ISSET(q, &wr) != 0);
	receive("drain");
	FD_ZERO(&rd);
	FD_SET(q, &rd);
	r = select(q + 1, &rd, NULL, NULL, &(struct timeval){ 0, 100000 });
	printf("select for reading for 100 ms on the empty queue: %d, readable %d\n", r, FD_ISSET(q, &rd) != 0);

	mq_close(q);
	mq_unlink(NAME);
	return done();
}
