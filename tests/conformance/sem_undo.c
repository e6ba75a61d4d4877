/* tests/conformance/sem_undo.c: SEM_UNDO: a process's adjustments are applied when it exits (also when it is
 * killed), and wake waiters; they survive exec? (kept, not tested); fork does not inherit them; SETVAL clears
 * them; values are clamped to 0 at exit; IPC_RMID of the set drops them. semop(2) "SEM_UNDO". */
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

static int sop(int num, int op, int flg)
{
	struct sembuf b = { (unsigned short)num, (short)op, (short)flg };
	return semop(semid, &b, 1);
}

static int val(int num) { return semctl(semid, num, GETVAL); }

static int reap(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return st;
}

int main(void)
{
	semid = semget(IPC_PRIVATE, 3, 0600);
	semctl(semid, 0, SETVAL, (union semun){ .val = 1 });

	/* A child takes the "lock" with SEM_UNDO and exits without giving it back. */
	pid_t c = fork();
	if (c == 0) {
		sop(0, -1, SEM_UNDO);
		sop(1, 3, SEM_UNDO);
		_exit(0);
	}
	reap(c);
	printf("after the child exited: sem0 %d sem1 %d, sempid is the child: %d\n", val(0), val(1),
	       semctl(semid, 0, GETPID) == c);

	/* Killed by a signal: undone all the same. */
	c = fork();
	if (c == 0) {
		sop(0, -1, SEM_UNDO);
		for (;;)
			pause();
	}
	sleep_ms(100);
	printf("held by the child: sem0 %d\n", val(0));
	kill(c, SIGKILL);
	reap(c);
	printf("after SIGKILL: sem0 %d\n", val(0));

	/* The undo at exit wakes a waiter. */
	c = fork();
	if (c == 0) {
		sop(0, -1, SEM_UNDO);
		sleep_ms(200);
		_exit(0);
	}
	sleep_ms(50);
	long long t0 = now_ns();
	int r = sop(0, -1, 0);
	printf("waiter got it when the holder exited: %d %s (waited: %d)\n", r, err_of(r), now_ns() - t0 > 50000000);
	reap(c);
	sop(0, 1, 0);

	/* A forked child does not inherit the parent's adjustments. */
	sop(2, 2, SEM_UNDO);
	c = fork();
	if (c == 0)
		_exit(0);
	reap(c);
	printf("parent's adjustment kept over a child's exit: sem2 %d\n", val(2));

	/* SETVAL clears every process's adjustment for that semaphore. */
	c = fork();
	if (c == 0) {
		sop(1, 5, SEM_UNDO);
		sleep_ms(200);
		_exit(0);
	}
	sleep_ms(100);
	semctl(semid, 1, SETVAL, (union semun){ .val = 1 });
	reap(c);
	printf("SETVAL while a child held +5: sem1 %d after its exit\n", val(1));

	/* Clamped at zero: the child adds 2 with undo, someone else takes them. */
	semctl(semid, 1, SETVAL, (union semun){ .val = 0 });
	c = fork();
	if (c == 0) {
		sop(1, 2, SEM_UNDO);
		sleep_ms(200);
		_exit(0);
	}
	sleep_ms(100);
	sop(1, -2, 0);
	reap(c);
	printf("undo of +2 after the value was taken: sem1 %d\n", val(1));

	/* The adjustment range: SEMAEM. */
	semctl(semid, 1, SETVAL, (union semun){ .val = 0 });
	r = sop(1, 32767, SEM_UNDO);
	printf("+32767 with SEM_UNDO: %d %s\n", r, err_of(r));
	r = sop(1, -32767, SEM_UNDO);
	printf("-32767 with SEM_UNDO: %d %s\n", r, err_of(r));

	/* IPC_RMID in a child, while the parent holds adjustments: nothing to undo at exit. */
	int other = semget(IPC_PRIVATE, 1, 0600);
	struct sembuf b = { 0, 1, SEM_UNDO };
	semop(other, &b, 1);
	check(semctl(other, 0, IPC_RMID) == 0, "IPC_RMID of a set with adjustments");
	check(semctl(semid, 0, IPC_RMID) == 0, "IPC_RMID");
	return done();
}
