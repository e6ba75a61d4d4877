/* labs/shm-counter/counter.c MODE [N [WORK]]: the classic shared counter (Operating Systems: Three Easy Pieces,
 * chapter "Concurrency: An Introduction"): two processes increment
 * a counter in a System V shared memory segment N times each (default 10000), with WORK loop iterations (default
 * 500) between the load and the store of each increment.
 *   MODE race: no synchronisation. Each increment is load, (a little work), store: when the timer preempts a
 *              process between its load and its store, the other's increments in between are lost.
 *   MODE sem:  the increment is a critical section between P and V on a System V semaphore (initial value 1),
 *              so the result is exactly 2N.
 * The final value goes to the console and to the trace (trace.mark "counter=V"). */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "lab.h"

static int semid = -1;

/* sem_add: semop of delta on semaphore 0, retried after a signal. */
static void sem_add(int delta)
{
	struct sembuf op = { 0, (short)delta, 0 };
	while (semop(semid, &op, 1) < 0)
		if (errno != EINTR)
			lab_die("semop");
}

static void worker(volatile int *counter, int n, int work, int locked)
{
	for (int i = 0; i < n; i++) {
		if (locked)
			sem_add(-1); /* P */
		int v = *counter;
		for (volatile int k = 0; k < work; k++) /* the window between load and store */
			;
		*counter = v + 1;
		if (locked)
			sem_add(1); /* V */
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	int locked = argc > 1 && strcmp(argv[1], "sem") == 0;
	int n = argc > 2 ? atoi(argv[2]) : 10000;
	int work = argc > 3 ? atoi(argv[3]) : 500;
	int shmid = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600);
	if (shmid < 0)
		lab_die("shmget");
	volatile int *counter = shmat(shmid, NULL, 0);
	if (counter == (void *)-1)
		lab_die("shmat");
	*counter = 0;
	if (locked) {
		semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
		if (semid < 0 || semctl(semid, 0, SETVAL, 1) < 0)
			lab_die("semget/SETVAL");
	}
	pid_t a = fork();
	if (a == 0)
		worker(counter, n, work, locked);
	pid_t b = fork();
	if (b == 0)
		worker(counter, n, work, locked);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	int v = *counter;
	trace_mark("counter=%d", v);
	say(1, "%s: counter = %d (expected %d): %s\n", locked ? "with a semaphore" : "no synchronisation", v, 2 * n,
		v == 2 * n ? "exact" : "updates were lost");
	shmdt((void *)counter);
	shmctl(shmid, IPC_RMID, NULL);
	if (locked)
		semctl(semid, 0, IPC_RMID);
	return locked ? v != 2 * n : 0;
}
