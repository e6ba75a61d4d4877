/* tests/conformance/shm_counter.c: two processes increment one counter in a shared memory segment N times
 * each. Under a semaphore (semop -1 / +1 around each increment) the total is exactly 2N: the pages really
 * are shared, and the semaphore serializes. Without it the total is at most 2N (on a preemptive kernel
 * updates get lost, how many depends on timing, so only the bound is checked; user/demo/shm_counter.c shows
 * the loss). */
#include <stdbool.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "conf.h"
#include "trace_mark.h"

#define N 20000

union semun {
	int val;
};

static int semid;

static void lock(int op)
{
	struct sembuf b = { 0, (short)op, SEM_UNDO };
	while (semop(semid, &b, 1) < 0 && errno == EINTR)
		;
}

/* bump: read, add (in a call, so QEMU can take the timer interrupt in between), write. */
__attribute__((noinline)) static long bump(long v)
{
	__asm__ volatile("" ::: "memory");
	return v + 1;
}

static void worker(volatile long *counter, bool use_sem)
{
	for (int i = 0; i < N; i++) {
		if (use_sem)
			lock(-1);
		long v = *counter;
		*counter = bump(v);
		if (use_sem)
			lock(1);
	}
}

/* run: two children increment; returns the final count. */
static long run(volatile long *counter, bool use_sem)
{
	*counter = 0;
	pid_t c[2];
	for (int i = 0; i < 2; i++) {
		c[i] = fork();
		if (c[i] == 0) {
			worker(counter, use_sem);
			_exit(0);
		}
	}
	for (int i = 0; i < 2; i++)
		waitpid(c[i], NULL, 0);
	trace_mark("counter=%ld (%s semaphore)", *counter, use_sem ? "with" : "without");
	return *counter;
}

int main(void)
{
	int shmid = shmget(IPC_PRIVATE, sizeof(long), 0600);
	semid = semget(IPC_PRIVATE, 1, 0600);
	semctl(semid, 0, SETVAL, (union semun){ .val = 1 });
	volatile long *counter = shmat(shmid, NULL, 0);
	check(counter != (void *)-1, "shmat");
	shmctl(shmid, IPC_RMID, NULL); /* destroyed when the last process detaches */

	long with = run(counter, true);
	printf("with the semaphore: %ld of %d\n", with, 2 * N);
	check(with == 2 * N, "no update lost under the semaphore");
	long without = run(counter, false);
	check(without <= 2 * N && without >= N, "without it: between N and 2N");
	check(semctl(semid, 0, GETVAL) == 1, "the semaphore is back at 1");
	semctl(semid, 0, IPC_RMID);
	shmdt((void *)counter);
	return done();
}
