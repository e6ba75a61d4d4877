/* labs/semaphores/rollback.c: a semop that cannot complete changes nothing, its SEM_UNDO adjustments included
 * (semop(2): "the operations are performed atomically"; Linux ipc/sem.c perform_atomic_semop undoes the
 * operations before the one that would block, and their semadj with them).
 * Semaphore 0 is at 5, semaphore 1 at 0. A child calls semtimedop({V on 0, SEM_UNDO}, {P on 1, SEM_UNDO}) with a
 * 100 ms limit: the P cannot go, so neither may the V; after 100 ms it fails with EAGAIN. While it waits, and after
 * it has exited (its exit applies its SEM_UNDO adjustments: there must be none), semaphore 0 is still 5. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	unsigned short init[2] = { 5, 0 };
	if (semid < 0 || semctl(semid, 0, SETALL, init) < 0)
		lab_die("semget/SETALL");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		struct sembuf ops[2] = { { 0, 1, SEM_UNDO }, { 1, -1, SEM_UNDO } };
		struct timespec limit = { 0, 100 * 1000000L };
		int r = semtimedop(semid, ops, 2, &limit);
		say(1, "child: semtimedop returned %d (%s)\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : r < 0 ? strerror(errno) : "ok");
		_exit(0);
	}
	lab_sleep_ms(50);
	int during = semctl(semid, 0, GETVAL);
	say(1, "while the child waits: semaphore 0 is %d\n", during);
	int st;
	waitpid(pid, &st, 0);
	int after = semctl(semid, 0, GETVAL);
	say(1, "after the child exited: semaphore 0 is %d\n", after);
	semctl(semid, 0, IPC_RMID);
	return during == 5 && after == 5 ? 0 : 1;
}
