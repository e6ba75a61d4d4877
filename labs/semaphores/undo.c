/* labs/semaphores/undo.c MODE: a process killed while it holds a mutex (semop(2), SEM_UNDO).
 * A System V semaphore used as a mutex starts at 1. Process A takes it (P) and is killed by SIGKILL inside its
 * critical section, while B and C wait for it.
 *   MODE undo:   everyone's P has SEM_UNDO: the kernel records -1 for A (semadj +1) and gives it back when A exits
 *                (trace: sem.undo), so B, then C, get the mutex.
 *   MODE noundo: plain P: the mutex stays 0 for ever, held by a dead process; B and C would wait for ever, so they
 *                wait at most one second (semtimedop) and report EAGAIN and the dead holder's pid (GETPID).
 * Exits 0 when what happened is what the mode predicts. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include "lab.h"

static int semid, flg;

/* holder: A: take the mutex and sit in the critical section until killed. */
static void holder(void)
{
	struct sembuf p = { 0, -1, (short)flg };
	if (semop(semid, &p, 1) < 0)
		lab_die("A: semop");
	say(1, "A (pid %d) holds the mutex\n", getpid());
	for (;;)
		lab_sleep_ms(1000);
}

/* waiter: B or C: P with a one-second limit; in the critical section briefly, then V. Exit 0 when it got the
 * mutex, 3 when it gave up. */
static void waiter(const char *name)
{
	struct sembuf p = { 0, -1, (short)flg }, v = { 0, 1, (short)flg };
	struct timespec limit = { 1, 0 };
	if (semtimedop(semid, &p, 1, &limit) < 0) {
		if (errno != EAGAIN)
			lab_die("semtimedop");
		say(1, "%s: gave up after 1 s: the mutex is %d, last changed by pid %d (A, dead)\n", name,
			semctl(semid, 0, GETVAL), semctl(semid, 0, GETPID));
		_exit(3);
	}
	say(1, "%s got the mutex\n", name);
	lab_sleep_ms(10);
	semop(semid, &v, 1);
	_exit(0);
}

int main(int argc, char **argv)
{
	int undo = !(argc > 1 && !strcmp(argv[1], "noundo"));
	flg = undo ? SEM_UNDO : 0;
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (semid < 0 || semctl(semid, 0, SETVAL, 1) < 0)
		lab_die("semget/SETVAL");
	say(1, "a mutex (semaphore at 1), P and V %s SEM_UNDO\n", undo ? "with" : "without");
	pid_t a = fork();
	if (a == 0)
		holder();
	lab_sleep_ms(20);
	pid_t b = fork();
	if (b == 0)
		waiter("B");
	pid_t c = fork();
	if (c == 0)
		waiter("C");
	lab_sleep_ms(50); /* B and C are waiting now */
	say(1, "killing A inside its critical section\n");
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
	int sb, sc;
	waitpid(b, &sb, 0);
	waitpid(c, &sc, 0);
	int want = undo ? 0 : 3;
	int ok = WIFEXITED(sb) && WEXITSTATUS(sb) == want && WIFEXITED(sc) && WEXITSTATUS(sc) == want;
	say(1, "%s\n", undo ? (ok ? "with SEM_UNDO, A's exit gave the mutex back: B and C went on"
				     : "B and C did not both get the mutex")
				: (ok ? "without SEM_UNDO, the mutex died with A: B and C would have waited for ever"
				      : "unexpected: someone got the mutex"));
	semctl(semid, 0, IPC_RMID);
	return !ok;
}
