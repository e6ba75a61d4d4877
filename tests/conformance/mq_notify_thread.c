/* tests/conformance/mq_notify_thread.c: mq_notify(3) with SIGEV_THREAD, as a program calls it: the C library
 * (musl's and glibc's alike) makes a NETLINK_ROUTE socket and a thread that waits on it, and the kernel sends that
 * socket a 32-byte cookie when a message arrives in the empty queue. The user's function then runs once, on a
 * thread other than the caller's, with the sigev_value it gave; a second registration works the same; nothing
 * runs for mq_notify(NULL), for the owner's close of a descriptor of the queue, nor for a message into a queue
 * that was not empty; another process's registration gives EBUSY, a bad descriptor EBADF. Then the kernel's side
 * as seen from a netlink socket of the program's own (raw mq_notify): the cookie it gave, its last byte
 * NOTIFY_WOKENUP (1) for a message and NOTIFY_REMOVED (2) for mq_notify(NULL) or a close, from port 0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"
#include "sockaddr_nl.h"

#define NAME "/mq_notify_thread"

static mqd_t q;
static sem_t called;
static volatile int ncalls, last_value, other_thread;
static pid_t main_tid;

/* notified: the user's function (sigev_notify_function): what it got, and on which thread. */
static void notified(union sigval v)
{
	ncalls++;
	last_value = v.sival_int;
	other_thread = syscall(SYS_gettid) != main_tid;
	sem_post(&called);
}

static int notify_thread(int value)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = notified };
	sev.sigev_value.sival_int = value;
	return mq_notify(q, &sev);
}

/* wait_called: whether the function ran within 5 s. */
static int wait_called(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 5;
	while (sem_timedwait(&called, &t) < 0)
		if (errno != EINTR)
			return 0;
	return 1;
}

/* status: the queue's NOTIFY field (2: SIGEV_THREAD, 0: nobody registered). */
static int notify_field(void)
{
	char buf[128] = "";
	ssize_t n = pread(q, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	char *s = strstr(buf, "NOTIFY:");
	return s ? atoi(s + 7) : -1;
}

static void drain(void)
{
	char buf[32];
	struct timespec past = { 0, 0 };
	while (mq_timedreceive(q, buf, sizeof buf, NULL, &past) >= 0)
		;
}

/* raw_thread: register netlink socket s with cookie, through the system call itself. */
static long raw_thread(int s, const char *cookie)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD, .sigev_signo = s };
	sev.sigev_value.sival_ptr = (void *)cookie;
	return syscall(SYS_mq_notify, q, &sev);
}

/* show_cookie: what the socket has: its length, its first bytes, its last byte and the sender's address. */
static void show_cookie(int s, const char *what)
{
	unsigned char buf[64];
	struct sockaddr_nl from;
	socklen_t len = sizeof from;
	memset(&from, 0xff, sizeof from);
	ssize_t n = recvfrom(s, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &len);
	if (n < 0) {
		printf("%s: %s\n", what, errname(errno));
		return;
	}
	printf("%s: %zd bytes \"%.6s\", last byte %d, from family %d pid %u groups %u (addrlen %u)\n", what, n, buf,
	       n > 0 ? buf[n - 1] : -1, from.nl_family, from.nl_pid, from.nl_groups, len);
}

int main(void)
{
	main_tid = (pid_t)syscall(SYS_gettid);
	sem_init(&called, 0, 0);
	mq_unlink(NAME);
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	q = mq_open(NAME, O_CREAT | O_RDWR, 0600, &attr);
	check(q >= 0, "mq_open %s: %s", NAME, err_of(q));

	/* The C library's SIGEV_THREAD. */
	int r = notify_thread(42);
	printf("mq_notify SIGEV_THREAD value 42: %d %s; NOTIFY %d\n", r, err_of(r), notify_field());
	mq_send(q, "one", 3, 0);
	int ok = wait_called();
	printf("a message into the empty queue: called %d, %d time(s), value %d, on another thread %d; NOTIFY %d\n", ok,
	       ncalls, last_value, other_thread, notify_field());
	mq_send(q, "two", 3, 0);
	sleep_ms(200);
	printf("a message into a queue that was not empty: %d call(s)\n", ncalls);
	drain();
	mq_send(q, "three", 5, 0);
	sleep_ms(200);
	printf("the registration was used: another message into the empty queue: %d call(s)\n", ncalls);
	drain();

	r = notify_thread(7);
	printf("a second registration, value 7: %d %s\n", r, err_of(r));
	mq_send(q, "four", 4, 0);
	ok = wait_called();
	printf("then a message: called %d, %d time(s), value %d, on another thread %d\n", ok, ncalls, last_value,
	       other_thread);
	drain();

	r = notify_thread(8);
	r = mq_notify(q, NULL);
	printf("registered, then mq_notify(NULL): %d %s; NOTIFY %d\n", r, err_of(r), notify_field());
	mq_send(q, "five", 4, 0);
	sleep_ms(200);
	printf("then a message: %d call(s)\n", ncalls);
	drain();

	r = notify_thread(9);
	int dup_q = dup(q);
	close(dup_q);
	printf("registered, then closed a duplicate of the queue's descriptor: NOTIFY %d\n", notify_field());
	mq_send(q, "six", 3, 0);
	sleep_ms(200);
	printf("then a message: %d call(s)\n", ncalls);
	drain();

	/* Another process's registration. */
	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		struct sigevent sev = { .sigev_notify = SIGEV_NONE };
		char c = mq_notify(q, &sev) == 0 ? 'y' : 'n';
		write(p[1], &c, 1);
		pause();
		_exit(0);
	}
	char c = 0;
	read(p[0], &c, 1);
	r = notify_thread(10);
	printf("another process registered (%c): mq_notify SIGEV_THREAD %d %s\n", c, r, err_of(r));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	r = mq_notify(-1, &(struct sigevent){ .sigev_notify = SIGEV_THREAD, .sigev_notify_function = notified });
	printf("a bad queue descriptor: %d %s\n", r, err_of(r));
	r = notify_thread(11);
	printf("once the other process is gone: %d %s\n", r, err_of(r));
	mq_send(q, "seven", 5, 0);
	ok = wait_called();
	printf("then a message: called %d, %d time(s), value %d\n", ok, ncalls, last_value);
	drain();

	/* The kernel's side, on a netlink socket of our own. */
	static const char cookie[32] = "cookie: the kernel sends it back";
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	check(s >= 0, "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE): %s", err_of(s));
	r = (int)raw_thread(s, cookie);
	printf("raw mq_notify SIGEV_THREAD on it: %d %s\n", r, err_of(r));
	show_cookie(s, "before a message");
	mq_send(q, "eight", 5, 0);
	show_cookie(s, "a message arrived");
	show_cookie(s, "and no more");
	drain();
	r = (int)raw_thread(s, cookie);
	mq_notify(q, NULL);
	show_cookie(s, "registered, then mq_notify(NULL)");
	r = (int)raw_thread(s, cookie);
	dup_q = dup(q);
	close(dup_q);
	show_cookie(s, "registered, then a close of the queue");
	r = (int)raw_thread(s, cookie);
	close(s);
	mq_send(q, "nine", 4, 0);
	printf("registered, the socket closed, then a message: NOTIFY %d\n", notify_field());
	drain();

	mq_close(q);
	mq_unlink(NAME);
	printf("function calls in all: %d\n", ncalls);
	return done();
}
