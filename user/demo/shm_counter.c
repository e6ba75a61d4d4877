/* user/demo/shm_counter.c: the shared counter lab: NPROC processes increment one counter in a System V shared
 * memory segment N times each, with or without a semaphore around the increment, and print the total against
 * the expected NPROC * N. Without the semaphore, increments are lost whenever a process is preempted between
 * its load and its store (at a timer tick); each process's progress goes to the trace as marks.
 *   usage: shm_counter [--nosem] [N] [NPROC]     (default: with the semaphore, N 100000, 2 processes) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "trace_mark.h"

union semun {
	int val;
};

/* think: a little work between reading and writing the counter. Being a call, it also ends QEMU's
 * translation block, where TCG takes interrupts: a timer tick can land between the load and the store. */
__attribute__((noinline)) static long think(long v)
{
	__asm__ volatile("" ::: "memory");
	return v + 1;
}

int main(int argc, char **argv)
{
	int use_sem = 1, a = 1;
	if (argc > 1 && !strcmp(argv[1], "--nosem")) {
		use_sem = 0;
		a++;
	}
	long n = argc > a ? atol(argv[a]) : 100000;
	int nproc = argc > a + 1 ? atoi(argv[a + 1]) : 2;
	int shmid = shmget(IPC_PRIVATE, sizeof(long), 0600);
	int semid = semget(IPC_PRIVATE, 1, 0600);
	if (shmid < 0 || semid < 0) {
		perror("shmget/semget");
		return 1;
	}
	semctl(semid, 0, SETVAL, (union semun){ .val = 1 });
	volatile long *counter = shmat(shmid, NULL, 0);
	shmctl(shmid, IPC_RMID, NULL);
	*counter = 0;
	struct sembuf down = { 0, -1, SEM_UNDO }, up = { 0, 1, SEM_UNDO };
	for (int p = 0; p < nproc; p++) {
		if (fork() == 0) {
			for (long i = 0; i < n; i++) {
				if (use_sem)
					while (semop(semid, &down, 1) < 0 && errno == EINTR)
						;
				long v = *counter; /* read, */
				*counter = think(v); /* modify, write: not atomic */
				if (use_sem)
					semop(semid, &up, 1);
				if ((i + 1) % (n / 4 ? n / 4 : 1) == 0)
					trace_mark("pid %d: %ld increments, counter=%ld", getpid(), i + 1, *counter);
			}
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	long want = n * nproc;
	printf("%s semaphore: counter = %ld, expected %ld, lost %ld\n", use_sem ? "with" : "without", *counter, want,
	       want - *counter);
	trace_mark("final counter=%ld expected=%ld", *counter, want);
	semctl(semid, 0, IPC_RMID);
	shmdt((void *)counter);
	return 0;
}
