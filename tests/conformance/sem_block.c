/* tests/conformance/sem_block.c: semop that waits: a decrement below zero and a wait for zero sleep until
 * another process makes them possible; GETNCNT/GETZCNT count the sleepers; waiters on one semaphore are
 * served in arrival order; IPC_RMID wakes them with EIDRM; semtimedop gives EAGAIN at its timeout; a signal
 * interrupts semop with EINTR even with SA_RESTART (signal(7)). semop(2), semctl(2). */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include "conf.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int semid;

/* sop: one operation on semaphore num; returns semop's result (errno kept). */
static int sop(int num, int op, int flg)
{
	struct sembuf b = { (unsigned short)num, (short)op, (short)flg };
	return semop(semid, &b, 1);
}

/* child_op: fork a child that does sop(num, op) and reports through its exit code: 0 done, else errno. */
static pid_t child_op(int num, int op, int out_fd, char tag)
{
	pid_t pid = fork();
	if (pid == 0) {
		int r = sop(num, op, 0);
		if (out_fd >= 0 && r == 0)
			write(out_fd, &tag, 1);
		_exit(r == 0 ? 0 : errno);
	}
	return pid;
}

/* reap: wait for pid, return its exit code. */
static int reap(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void on_alarm(int sig) { (void)sig; }

int main(void)
{
	semid = semget(IPC_PRIVATE, 2, 0600);
	check(semid >= 0, "semget");

	/* A decrement waits until an increment makes it possible. */
	pid_t c = child_op(0, -1, -1, 0);
	sleep_ms(100);
	printf("GETNCNT with one waiter: %d, GETZCNT: %d\n", semctl(semid, 0, GETNCNT), semctl(semid, 0, GETZCNT));
	check(sop(0, 1, 0) == 0, "increment");
	printf("decrementer: %s\n", errname(reap(c)));
	printf("value after: %d, GETNCNT: %d, sempid is the child: %d\n", semctl(semid, 0, GETVAL),
	       semctl(semid, 0, GETNCNT), semctl(semid, 0, GETPID) == c);

	/* A wait for zero sleeps while the value is not zero. */
	semctl(semid, 1, SETVAL, (union semun){ .val = 2 });
	c = child_op(1, 0, -1, 0);
	sleep_ms(100);
	printf("GETZCNT with one waiter: %d\n", semctl(semid, 1, GETZCNT));
	check(sop(1, -1, 0) == 0, "2 -> 1");
	sleep_ms(50);
	printf("still waiting at 1: GETZCNT %d\n", semctl(semid, 1, GETZCNT));
	check(sop(1, -1, 0) == 0, "1 -> 0");
	printf("zero-waiter: %s\n", errname(reap(c)));

	/* Arrival order: three decrementers, released one at a time. */
	int p[2];
	pipe(p);
	pid_t w[3];
	for (int i = 0; i < 3; i++) {
		w[i] = child_op(0, -1, p[1], (char)('A' + i));
		sleep_ms(50);
	}
	printf("GETNCNT with three waiters: %d\n", semctl(semid, 0, GETNCNT));
	for (int i = 0; i < 3; i++) {
		sop(0, 1, 0);
		sleep_ms(50);
	}
	char order[4] = { 0 };
	read(p[0], order, 3);
	printf("served in order: %s\n", order);
	for (int i = 0; i < 3; i++)
		reap(w[i]);

	/* A larger decrement does not hold back a smaller one behind it. */
	w[0] = child_op(0, -2, p[1], 'B'); /* big */
	sleep_ms(50);
	w[1] = child_op(0, -1, p[1], 'S'); /* small */
	sleep_ms(50);
	sop(0, 1, 0);
	sleep_ms(50);
	char got = 0;
	read(p[0], &got, 1);
	printf("after +1: %c went first, GETNCNT %d\n", got, semctl(semid, 0, GETNCNT));
	sop(0, 2, 0);
	read(p[0], &got, 1);
	printf("after +2: %c\n", got);
	reap(w[0]);
	reap(w[1]);

	/* semtimedop: EAGAIN when the timeout passes; a zero timeout does not wait. */
	struct sembuf b = { 0, -1, 0 };
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	long long t0 = now_ns();
	int r = semtimedop(semid, &b, 1, &ts);
	long long ms = (now_ns() - t0) / 1000000;
	printf("semtimedop 100 ms: %d %s, waited at least 90 ms: %d\n", r, err_of(r), ms >= 90);
	ts.tv_nsec = 0;
	r = semtimedop(semid, &b, 1, &ts);
	printf("semtimedop 0: %d %s\n", r, err_of(r));
	ts.tv_nsec = 1000000000;
	r = semtimedop(semid, &b, 1, &ts);
	printf("semtimedop tv_nsec 1e9: %d %s\n", r, err_of(r));
	r = semtimedop(semid, &b, 1, (struct timespec *)8);
	printf("semtimedop bad timeout pointer: %d %s\n", r, err_of(r));

	/* A signal interrupts semop: EINTR, with or without SA_RESTART. */
	for (int restart = 0; restart < 2; restart++) {
		struct sigaction sa = { 0 };
		sa.sa_handler = on_alarm;
		sa.sa_flags = restart ? SA_RESTART : 0;
		sigaction(SIGALRM, &sa, NULL);
		pid_t k = fork();
		if (k == 0) {
			r = sop(0, -1, 0);
			_exit(r == 0 ? 0 : errno);
		}
		sleep_ms(100);
		kill(k, SIGALRM);
		printf("semop interrupted by a handled signal (SA_RESTART %d): %s\n", restart, errname(reap(k)));
	}
	printf("GETNCNT after the interrupted waiters left: %d\n", semctl(semid, 0, GETNCNT));

	/* IPC_RMID wakes every waiter with EIDRM. */
	semctl(semid, 1, SETVAL, (union semun){ .val = 1 });
	w[0] = child_op(0, -1, -1, 0);
	w[1] = child_op(1, 0, -1, 0);
	sleep_ms(100);
	printf("waiting: ncnt %d zcnt %d\n", semctl(semid, 0, GETNCNT), semctl(semid, 1, GETZCNT));
	check(semctl(semid, 0, IPC_RMID) == 0, "IPC_RMID with waiters");
	printf("decrementer: %s, zero-waiter: %s\n", errname(reap(w[0])), errname(reap(w[1])));
	return done();
}
