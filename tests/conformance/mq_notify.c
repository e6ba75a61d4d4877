/* tests/conformance/mq_notify.c: mq_notify(3): a process registers to be told when a message arrives in an empty
 * queue. SIGEV_SIGNAL sends the signal once, with si_code SI_MESGQ, the sender's pid and uid and the sigev_value,
 * and the registration ends; nothing comes for a message into a queue that was not empty, nor for one a waiting
 * mq_receive takes (the registration stays); another process's registration gives EBUSY and its mq_notify(NULL)
 * changes nothing; the owner's mq_notify(NULL), its close of any descriptor of the queue, or its exit ends it;
 * SIGEV_NONE registers without a signal; the queue's file shows NOTIFY, SIGNO and NOTIFY_PID; the registration
 * belongs to the process, not the thread (another thread's send notifies with the process's id, its register is
 * EBUSY, its mq_notify(NULL) ends it); the errors, and SIGEV_THREAD's checks of the netlink socket it names (raw
 * mq_notify: EFAULT, EBADF, ENOTSOCK, and EINVAL for a socket of another family). A SIGEV_THREAD notification
 * that runs, through the C library's mq_notify and its netlink socket: mq_notify_thread.c. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

#define NAME "/mq_notify"

static mqd_t q;
static volatile int nsig, last_signo, last_code, last_pid, last_uid, last_int;
static void *volatile last_ptr;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	nsig++;
	last_signo = sig;
	last_code = si->si_code;
	last_pid = si->si_pid;
	last_uid = si->si_uid;
	last_int = si->si_value.sival_int;
	last_ptr = si->si_value.sival_ptr;
}

/* status: what the queue's file says about its notification, the registered pid as "self", "none" or "other". */
static void status(const char *what)
{
	char buf[128] = "";
	ssize_t n = pread(q, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	char *s = strstr(buf, "NOTIFY:"), *g = strstr(buf, "SIGNO:"), *p = strstr(buf, "NOTIFY_PID:");
	int pid = p ? atoi(p + 11) : -1;
	printf("%s: NOTIFY %d SIGNO %d NOTIFY_PID %s\n", what, s ? atoi(s + 7) : -1, g ? atoi(g + 6) : -1,
	       pid == getpid() ? "self" : pid == 0 ? "none" : "other");
}

static int notify_signal(int signo, int value)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = signo };
	sev.sigev_value.sival_int = value;
	return mq_notify(q, &sev);
}

/* send_from_child: a child sends text; returns its pid once it exited. */
static pid_t send_from_child(const char *text)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(mq_send(q, text, strlen(text), 1) == 0 ? 0 : 1);
	waitpid(pid, NULL, 0);
	return pid;
}

static void drain(void)
{
	char buf[32];
	struct timespec past = { 0, 0 };
	while (mq_timedreceive(q, buf, sizeof buf, NULL, &past) >= 0)
		;
}

static long raw_notify(int mqd, const void *sev) { return syscall(SYS_mq_notify, mqd, sev); }

/* The threads' work: send a message; register (the result); take the process's registration back. */
static void *thread_send(void *arg)
{
	(void)arg;
	mq_send(q, "t", 1, 1);
	return NULL;
}

static void *thread_register(void *arg)
{
	(void)arg;
	return (void *)(long)(notify_signal(SIGUSR1, 79) == 0 ? 0 : errno);
}

static void *thread_unregister(void *arg)
{
	(void)arg;
	return (void *)(long)(mq_notify(q, NULL) == 0 ? 0 : errno);
}

/* in_thread: run f in a new thread of this process and wait for it; its result. */
static long in_thread(void *(*f)(void *))
{
	pthread_t t;
	void *res = NULL;
	if (pthread_create(&t, NULL, f, NULL) == 0)
		pthread_join(t, &res);
	return (long)res;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGRTMIN + 1, &sa, NULL);
	mq_unlink(NAME);
	q = mq_open(NAME, O_CREAT | O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 4, .mq_msgsize = 32 });
	check(q >= 0, "mq_open " NAME ": %s", err_of(q));
	status("new queue");

	/* SIGEV_SIGNAL, once. */
	int r = notify_signal(SIGUSR1, 42);
	check(r == 0, "mq_notify SIGEV_SIGNAL SIGUSR1 value 42: %s", err_of(r));
	status("registered");
	pid_t sender = send_from_child("first");
	printf("signals: %d, signo %s, si_code SI_MESGQ %d, si_pid the sender %d, si_uid %d, sival_int %d\n", nsig,
	       last_signo == SIGUSR1 ? "SIGUSR1" : "?", last_code == SI_MESGQ, last_pid == sender, last_uid, last_int);
	status("after the notification");
	send_from_child("second");
	printf("another message, not registered: signals %d\n", nsig);
	drain();

	/* Only a message into an empty queue notifies. */
	mq_send(q, "there", 5, 1);
	notify_signal(SIGUSR1, 7);
	mq_send(q, "more", 4, 1);
	printf("into a queue that was not empty: signals %d\n", nsig);
	status("  still");
	drain();
	mq_send(q, "now", 3, 1);
	printf("into the emptied queue, sent by the owner: signals %d, sival_int %d, si_pid is self %d\n", nsig,
	       last_int, last_pid == getpid());
	drain();

	/* A waiting receiver takes the message: no notification, the registration stays. */
	notify_signal(SIGUSR1, 8);
	pid_t rcv = fork();
	if (rcv == 0) {
		char buf[32];
		ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
		printf("waiting receiver got %.*s\n", (int)(n > 0 ? n : 0), buf);
		_exit(0);
	}
	sleep_ms(100);
	mq_send(q, "taken", 5, 1);
	waitpid(rcv, NULL, 0);
	printf("a receiver was waiting: signals %d\n", nsig);
	status("  still");
	mq_send(q, "next", 4, 1);
	printf("the next message notifies: signals %d, sival_int %d\n", nsig, last_int);
	drain();

	/* One registration per queue. */
	notify_signal(SIGUSR1, 9);
	pid_t other = fork();
	if (other == 0) {
		int a = notify_signal(SIGUSR1, 1);
		printf("another process registers: %d %s\n", a, err_of(a));
		a = mq_notify(q, NULL);
		printf("another process's mq_notify(NULL): %d %s\n", a, err_of(a));
		_exit(0);
	}
	waitpid(other, NULL, 0);
	status("after the other process (which closed its descriptors at exit)");
	r = mq_notify(q, NULL);
	printf("the owner's mq_notify(NULL): %d %s\n", r, err_of(r));
	status("  then");
	r = mq_notify(q, NULL);
	printf("mq_notify(NULL) again: %d %s\n", r, err_of(r));
	notify_signal(SIGUSR1, 10);
	close(dup(q));
	status("after the owner closed a duplicate descriptor");
	other = fork();
	if (other == 0)
		_exit(notify_signal(SIGUSR1, 11) == 0 ? 0 : 1);
	int st;
	waitpid(other, &st, 0);
	printf("a child registered and exited: %d\n", WEXITSTATUS(st));
	status("  then");
	r = notify_signal(SIGUSR1, 12);
	printf("the parent registers now: %d %s\n", r, err_of(r));
	mq_notify(q, NULL);

	/* SIGEV_NONE; signal 0; a real-time signal with a pointer. */
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	r = mq_notify(q, &sev);
	status("SIGEV_NONE");
	int before = nsig;
	mq_send(q, "quiet", 5, 1);
	printf("SIGEV_NONE: %d, signals %d\n", r, nsig - before);
	status("  then");
	drain();
	r = notify_signal(0, 0);
	status("SIGEV_SIGNAL with signal 0");
	mq_send(q, "zero", 4, 1);
	printf("signal 0: %d, signals %d\n", r, nsig - before);
	status("  then");
	drain();
	static int cookie;
	sev = (struct sigevent){ .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 1 };
	sev.sigev_value.sival_ptr = &cookie;
	mq_notify(q, &sev);
	mq_send(q, "rt", 2, 1);
	printf("SIGRTMIN+1: signals %d, signo right %d, sival_ptr right %d\n", nsig - before, last_signo == SIGRTMIN + 1,
	       last_ptr == &cookie);
	drain();

	/* Errors. */
	sev = (struct sigevent){ .sigev_notify = 7 };
	r = mq_notify(q, &sev);
	printf("sigev_notify 7: %d %s\n", r, err_of(r));
	r = notify_signal(65, 0);
	printf("signal 65: %d %s\n", r, err_of(r));
	r = notify_signal(-1, 0);
	printf("signal -1: %d %s\n", r, err_of(r));
	r = (int)raw_notify(q, (void *)8);
	printf("a bad sigevent pointer: %d %s\n", r, err_of(r));
	int p[2];
	pipe(p);
	r = notify_signal(SIGUSR1, 0);
	mq_notify(q, NULL);
	sev = (struct sigevent){ .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	r = (int)raw_notify(p[0], &sev);
	printf("a pipe: %d %s\n", r, err_of(r));
	r = (int)raw_notify(99, &sev);
	printf("a closed descriptor: %d %s\n", r, err_of(r));

	/* SIGEV_THREAD names a netlink socket in sigev_signo and a 32-byte cookie in sigev_value. */
	static char thread_cookie[32];
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	sev = (struct sigevent){ .sigev_notify = SIGEV_THREAD, .sigev_signo = p[0] };
	sev.sigev_value.sival_ptr = (void *)8;
	r = (int)raw_notify(q, &sev);
	printf("SIGEV_THREAD, a bad cookie: %d %s\n", r, err_of(r));
	sev.sigev_value.sival_ptr = thread_cookie;
	sev.sigev_signo = 99;
	r = (int)raw_notify(q, &sev);
	printf("SIGEV_THREAD, a closed descriptor: %d %s\n", r, err_of(r));
	sev.sigev_signo = p[0];
	r = (int)raw_notify(q, &sev);
	printf("SIGEV_THREAD, a pipe: %d %s\n", r, err_of(r));
	sev.sigev_signo = sv[0];
	r = (int)raw_notify(q, &sev);
	printf("SIGEV_THREAD, an AF_UNIX socket: %d %s\n", r, err_of(r));
	status("after the failures");

	/* Threads: the registration is the process's (Linux's notify_owner is its tgid). */
	int before_threads = nsig;
	notify_signal(SIGUSR1, 77);
	in_thread(thread_send);
	printf("a thread of the owner sends: signals %d, si_pid the process %d, sival_int %d\n", nsig - before_threads,
	       last_pid == getpid(), last_int);
	drain();
	notify_signal(SIGUSR1, 78);
	status("the main thread registered");
	printf("another thread registers: %s\n", errname((int)in_thread(thread_register)));
	printf("another thread's mq_notify(NULL): %s\n", errname((int)in_thread(thread_unregister)));
	status("  then");

	mq_close(q);
	mq_unlink(NAME);
	return done();
}
