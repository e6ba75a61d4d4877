/* tests/conformance/ipc_robust.c: System V calls with bad pointers (EFAULT, never a crash), bad ids (EINVAL:
 * negative, never used, stale after removal, of another kind), and bad commands; the objects stay usable
 * afterwards. A msgrcv into a bad buffer loses the message, as on Linux. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include "conf.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

#define BAD ((void *)8)               /* unmapped */
#define KBAD ((void *)0xffffff8000000000UL) /* kernel half */

#define TRY(what, call)                                                                                           \
	do {                                                                                                      \
		long r_ = (long)(call);                                                                           \
		printf("%s: %s\n", what, r_ < 0 ? errname(errno) : "ok");                                         \
	} while (0)

int main(void)
{
	int sem = semget(IPC_PRIVATE, 2, 0600);
	int q = msgget(IPC_PRIVATE, 0600);
	int shm = shmget(IPC_PRIVATE, 4096, 0600);

	/* Semaphores */
	TRY("semop sops NULL", semop(sem, NULL, 1));
	TRY("semop sops unmapped", semop(sem, BAD, 1));
	TRY("semop sops kernel address", semop(sem, KBAD, 1));
	struct sembuf b = { 0, 1, 0 };
	TRY("semtimedop timeout unmapped", semtimedop(sem, &b, 1, BAD));
	TRY("semctl IPC_STAT buf NULL", semctl(sem, 0, IPC_STAT, (union semun){ .buf = NULL }));
	TRY("semctl IPC_STAT buf kernel", semctl(sem, 0, IPC_STAT, (union semun){ .buf = KBAD }));
	TRY("semctl IPC_SET buf NULL", semctl(sem, 0, IPC_SET, (union semun){ .buf = NULL }));
	TRY("semctl GETALL array NULL", semctl(sem, 0, GETALL, (union semun){ .array = NULL }));
	TRY("semctl SETALL array unmapped", semctl(sem, 0, SETALL, (union semun){ .array = BAD }));
	TRY("semctl IPC_INFO buf NULL", semctl(sem, 0, IPC_INFO, (union semun){ .buf = NULL }));
	TRY("semctl GETVAL still works", semctl(sem, 0, GETVAL));
	TRY("semop still works", semop(sem, &b, 1));
	TRY("semget ids of another kind: semctl on a msqid", semctl(q == sem ? q + 1 : q, 0, GETVAL));
	TRY("semctl id 0x7fff", semctl(0x7fff, 0, GETVAL));
	TRY("semctl id INT_MAX", semctl(0x7fffffff, 0, GETVAL));
	TRY("semctl id -5 IPC_INFO", semctl(-5, 0, IPC_INFO, (union semun){ .buf = NULL }));
	TRY("semctl SEM_STAT index 32767", semctl(32767, 0, SEM_STAT, (union semun){ .buf = NULL }));
	TRY("semctl cmd -1", semctl(sem, 0, -1));
	TRY("semctl IPC_STAT|IPC_64", semctl(sem, 0, IPC_STAT | 0x100, (union semun){ .buf = NULL }));

	/* Message queues */
	TRY("msgsnd msgp NULL", msgsnd(q, NULL, 1, 0));
	TRY("msgsnd msgp kernel", msgsnd(q, KBAD, 1, 0));
	struct { long t; char c[16]; } m = { 1, "hello" };
	TRY("msgsnd text beyond the mapping", msgsnd(q, (char *)BAD - 8 + 4096 * 0, 1, 0));
	TRY("msgsnd ok", msgsnd(q, &m, 5, 0));
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	printf("queued: %lu\n", (unsigned long)ds.msg_qnum);
	TRY("msgrcv into NULL", msgrcv(q, NULL, 16, 0, IPC_NOWAIT));
	msgctl(q, IPC_STAT, &ds);
	printf("queued after a failed msgrcv (the message is lost): %lu\n", (unsigned long)ds.msg_qnum);
	TRY("msgctl IPC_STAT NULL", msgctl(q, IPC_STAT, NULL));
	TRY("msgctl IPC_SET NULL", msgctl(q, IPC_SET, NULL));
	TRY("msgctl IPC_INFO NULL", msgctl(q, IPC_INFO, NULL));
	TRY("msgctl id 0x7fff", msgctl(0x7fff, IPC_STAT, &ds));
	TRY("msgsnd id -1", msgsnd(-1, &m, 1, 0));
	TRY("msgrcv id -1", msgrcv(-1, &m, 1, 0, 0));
	TRY("msgctl cmd -1", msgctl(q, -1, &ds));
	TRY("msgsnd still works", msgsnd(q, &m, 5, 0));
	TRY("msgrcv still works", msgrcv(q, &m, 16, 0, IPC_NOWAIT));

	/* Shared memory */
	TRY("shmctl IPC_STAT NULL", shmctl(shm, IPC_STAT, NULL));
	TRY("shmctl IPC_SET NULL", shmctl(shm, IPC_SET, NULL));
	TRY("shmctl IPC_INFO NULL", shmctl(shm, IPC_INFO, NULL));
	TRY("shmctl SHM_INFO kernel", shmctl(shm, SHM_INFO, KBAD));
	TRY("shmctl id 0x7fff", shmctl(0x7fff, IPC_STAT, NULL));
	TRY("shmat id 0x7fff", shmat(0x7fff, NULL, 0));
	TRY("shmat at a kernel address", shmat(shm, KBAD, 0));
	TRY("shmdt NULL", shmdt(NULL));
	TRY("shmdt unmapped", shmdt((void *)0x10000000));
	TRY("shmget size huge", shmget(IPC_PRIVATE, (size_t)-1, 0600));
	char *p = shmat(shm, NULL, 0);
	TRY("shmat still works", p);
	struct sembuf *sb = (struct sembuf *)p;
	sb->sem_num = 1;
	sb->sem_op = 0;
	sb->sem_flg = IPC_NOWAIT;
	TRY("semop with its sops in the segment", semop(sem, sb, 1));
	TRY("shmdt", shmdt(p));

	/* Stale ids */
	semctl(sem, 0, IPC_RMID);
	msgctl(q, IPC_RMID, NULL);
	shmctl(shm, IPC_RMID, NULL);
	TRY("stale semid", semctl(sem, 0, GETVAL));
	TRY("stale msqid", msgsnd(q, &m, 1, IPC_NOWAIT));
	TRY("stale shmid", shmat(shm, NULL, 0));
	int sem2 = semget(IPC_PRIVATE, 1, 0600);
	TRY("a new set works", semctl(sem2, 0, GETVAL));
	TRY("and the stale id still fails", semctl(sem, 0, GETVAL));
	semctl(sem2, 0, IPC_RMID);
	return done();
}
