/* tests/conformance/msg_block.c: message queues that wait: a receiver sleeps until a matching message comes
 * (handed straight to it), a sender sleeps while the queue is full, a waiting receiver with a small buffer
 * gets E2BIG while the message stays, receivers by type are each served their own, IPC_RMID wakes senders and
 * receivers with EIDRM, a signal gives EINTR. msgsnd(2), msgrcv(2). */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "conf.h"

struct msg {
	long mtype;
	char mtext[2000];
};

static int q;

/* child_rcv: a child receiving (msgtyp, size, flags) that prints what it got. */
static pid_t child_rcv(const char *name, long msgtyp, size_t size, int flg)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct msg m;
		ssize_t n = msgrcv(q, &m, size, msgtyp, flg);
		if (n < 0)
			printf("%s: -1 %s\n", name, errname(errno));
		else
			printf("%s: %zd bytes type %ld \"%.*s\"\n", name, n, m.mtype, (int)n, m.mtext);
		_exit(0);
	}
	return pid;
}

static int snd(long type, const char *text, int flg)
{
	struct msg m;
	m.mtype = type;
	size_t n = strlen(text);
	memcpy(m.mtext, text, n);
	return msgsnd(q, &m, n, flg);
}

static void reap(pid_t pid) { waitpid(pid, NULL, 0); }

static void qnum(const char *what)
{
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	printf("%s: qnum %lu\n", what, (unsigned long)ds.msg_qnum);
}

static void on_alarm(int sig) { (void)sig; }

int main(void)
{
	q = msgget(IPC_PRIVATE, 0600);

	/* A receiver waits; a send hands the message to it. */
	pid_t r1 = child_rcv("receiver any", 0, 100, 0);
	sleep_ms(100);
	snd(4, "hello", 0);
	reap(r1);
	qnum("after the handoff");
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	printf("lrpid is the receiver: %d, lspid is me: %d\n", ds.msg_lrpid == r1, ds.msg_lspid == getpid());

	/* Receivers by type each get their own, whatever the order of sending. */
	pid_t a = child_rcv("receiver type 1", 1, 100, 0);
	sleep_ms(50);
	pid_t b = child_rcv("receiver type 2", 2, 100, 0);
	sleep_ms(50);
	pid_t c = child_rcv("receiver type <= 3", -3, 100, 0);
	sleep_ms(50);
	snd(2, "for two", 0);
	sleep_ms(50);
	snd(3, "for three", 0);
	sleep_ms(50);
	snd(1, "for one", 0);
	reap(a);
	reap(b);
	reap(c);
	qnum("all served");

	/* A waiting receiver with a small buffer: E2BIG, and the message stays queued. */
	a = child_rcv("small receiver", 0, 3, 0);
	sleep_ms(100);
	snd(9, "too long for it", 0);
	reap(a);
	qnum("message kept");
	a = child_rcv("big receiver", 0, 100, 0);
	reap(a);

	/* A sender waits while the queue is full; a receive makes room. */
	struct msg m = { 1, { 0 } };
	memset(m.mtext, 'x', sizeof m.mtext);
	for (int i = 0; i < 8; i++)
		msgsnd(q, &m, 2000, 0);
	msgsnd(q, &m, 384, 0);
	qnum("full (8 x 2000 + 384 bytes)");
	pid_t s = fork();
	if (s == 0) {
		struct msg t = { 5, "late" };
		int r = msgsnd(q, &t, 4, 0);
		printf("blocked sender: %d %s\n", r, err_of(r));
		_exit(0);
	}
	sleep_ms(100);
	qnum("sender waiting");
	msgrcv(q, &m, sizeof m.mtext, 1, 0);
	reap(s);
	qnum("after one receive");
	struct msg t;
	ssize_t n = msgrcv(q, &t, 100, 5, IPC_NOWAIT);
	printf("the late message: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, t.mtext);
	msgsnd(q, &m, 2000, 0);
	qnum("full again");

	/* A signal interrupts a waiting msgrcv and msgsnd: EINTR, even with SA_RESTART. */
	struct sigaction sa = { 0 };
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	a = child_rcv("receiver hit by a signal", 42, 100, 0);
	sleep_ms(100);
	kill(a, SIGALRM);
	reap(a);
	s = fork();
	if (s == 0) {
		int r = msgsnd(q, &m, 2000, 0);
		printf("sender hit by a signal: %d %s\n", r, err_of(r));
		_exit(0);
	}
	sleep_ms(100);
	kill(s, SIGALRM);
	reap(s);

	/* IPC_RMID wakes a waiting sender and a waiting receiver with EIDRM. */
	/* (The children report through their exit codes: who prints first after a wake-up is the scheduler's.) */
	s = fork();
	if (s == 0)
		_exit(msgsnd(q, &m, 2000, 0) < 0 ? errno : 0);
	a = fork();
	if (a == 0)
		_exit(msgrcv(q, &t, 100, 42, 0) < 0 ? errno : 0);
	sleep_ms(100);
	check(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID");
	int st1, st2;
	waitpid(s, &st1, 0);
	waitpid(a, &st2, 0);
	printf("waiting sender at IPC_RMID: %s, waiting receiver: %s\n", errname(WEXITSTATUS(st1)),
	       errname(WEXITSTATUS(st2)));
	return done();
}
