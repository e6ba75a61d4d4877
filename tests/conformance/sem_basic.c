/* tests/conformance/sem_basic.c: semget keys and flags, semctl GETVAL/SETVAL/GETALL/SETALL/GETPID/IPC_STAT/
 * IPC_SET/IPC_RMID/IPC_INFO/SEM_INFO, semop without blocking (IPC_NOWAIT, EAGAIN, ERANGE, E2BIG, EFBIG,
 * atomicity), stale ids. semget(2), semop(2), semctl(2). */
#define _GNU_SOURCE /* IPC_INFO, SEM_INFO: GNU extensions, declared by glibc only with it */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/types.h>
#include "conf.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

#define KEY 0x5e3a0001

static void show(int id, int n, const char *what)
{
	unsigned short v[8];
	union semun u = { .array = v };
	int r = semctl(id, 0, GETALL, u);
	printf("%s: GETALL %s:", what, err_of(r));
	for (int i = 0; i < n && r == 0; i++)
		printf(" %d", v[i]);
	putchar('\n');
}

int main(void)
{
	/* Keys and flags */
	int r = semget(KEY, 3, 0600);
	printf("semget absent key without IPC_CREAT: %d %s\n", r, err_of(r));
	int id = semget(KEY, 3, IPC_CREAT | IPC_EXCL | 0600);
	check(id >= 0, "semget IPC_CREAT|IPC_EXCL creates a set");
	r = semget(KEY, 3, IPC_CREAT | IPC_EXCL | 0600);
	printf("semget again with IPC_EXCL: %d %s\n", r, err_of(r));
	check(semget(KEY, 2, 0) == id, "semget existing key with fewer nsems finds it");
	check(semget(KEY, 0, 0) == id, "semget existing key with nsems 0 finds it");
	r = semget(KEY, 4, 0);
	printf("semget existing key, more nsems: %d %s\n", r, err_of(r));
	r = semget(IPC_PRIVATE, 0, 0600);
	printf("semget nsems 0 creating: %d %s\n", r, err_of(r));
	r = semget(IPC_PRIVATE, -1, 0600);
	printf("semget nsems -1: %d %s\n", r, err_of(r));
	r = semget(IPC_PRIVATE, 32001, 0600);
	printf("semget nsems 32001: %d %s\n", r, err_of(r));
	int p1 = semget(IPC_PRIVATE, 1, 0600), p2 = semget(IPC_PRIVATE, 1, 0600);
	check(p1 >= 0 && p2 >= 0 && p1 != p2, "IPC_PRIVATE gives a new set each time");

	/* Values */
	show(id, 3, "new set");
	check(semctl(id, 1, SETVAL, (union semun){ .val = 5 }) == 0, "SETVAL 5");
	check(semctl(id, 1, GETVAL) == 5, "GETVAL 5");
	check(semctl(id, 1, GETPID) == getpid(), "GETPID is the setter");
	r = semctl(id, 1, SETVAL, (union semun){ .val = 32768 });
	printf("SETVAL 32768: %d %s\n", r, err_of(r));
	r = semctl(id, 1, SETVAL, (union semun){ .val = -1 });
	printf("SETVAL -1: %d %s\n", r, err_of(r));
	r = semctl(id, 3, SETVAL, (union semun){ .val = 1 });
	printf("SETVAL semnum 3 of 3: %d %s\n", r, err_of(r));
	r = semctl(id, 3, GETVAL);
	printf("GETVAL semnum 3 of 3: %d %s\n", r, err_of(r));
	r = semctl(id, -1, GETVAL);
	printf("GETVAL semnum -1: %d %s\n", r, err_of(r));
	unsigned short all[3] = { 1, 2, 3 };
	check(semctl(id, 0, SETALL, (union semun){ .array = all }) == 0, "SETALL 1 2 3");
	show(id, 3, "after SETALL");
	unsigned short bad[3] = { 1, 40000, 3 };
	r = semctl(id, 0, SETALL, (union semun){ .array = bad });
	printf("SETALL with 40000: %d %s\n", r, err_of(r));
	show(id, 3, "unchanged");
	r = semctl(id, 0, 99);
	printf("semctl unknown cmd: %d %s\n", r, err_of(r));

	/* semop without blocking */
	struct sembuf ops[3] = { { 0, -1, IPC_NOWAIT }, { 1, -3, IPC_NOWAIT }, { 2, 1, 0 } };
	r = semop(id, ops, 3);
	printf("semop -1,-3(would block),+1 NOWAIT: %d %s\n", r, err_of(r));
	show(id, 3, "atomic: nothing applied");
	ops[1].sem_op = -2;
	r = semop(id, ops, 3);
	printf("semop -1,-2,+1: %d %s\n", r, err_of(r));
	show(id, 3, "applied");
	check(semctl(id, 2, GETPID) == getpid(), "sempid set by semop");
	struct sembuf z = { 0, 0, IPC_NOWAIT };
	r = semop(id, &z, 1);
	printf("wait-for-zero on 0: %d %s\n", r, err_of(r));
	z.sem_num = 2;
	r = semop(id, &z, 1);
	printf("wait-for-zero on 4, IPC_NOWAIT: %d %s\n", r, err_of(r));
	struct sembuf big = { 2, 32767, 0 };
	r = semop(id, &big, 1);
	printf("semop beyond SEMVMX: %d %s\n", r, err_of(r));
	struct sembuf twice[2] = { { 2, 1, 0 }, { 2, -5, IPC_NOWAIT } };
	r = semop(id, twice, 2);
	printf("same semaphore twice (+1 then -5): %d %s\n", r, err_of(r));
	show(id, 3, "after");
	struct sembuf far = { 3, 1, 0 };
	r = semop(id, &far, 1);
	printf("semop sem_num 3 of 3: %d %s\n", r, err_of(r));
	r = semop(id, ops, 0);
	printf("semop nsops 0: %d %s\n", r, err_of(r));
	static struct sembuf many[501];
	r = semop(id, many, 501);
	printf("semop nsops 501: %d %s\n", r, err_of(r));
	r = semop(-1, ops, 1);
	printf("semop semid -1: %d %s\n", r, err_of(r));

	/* IPC_STAT / IPC_SET */
	struct semid_ds ds;
	check(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0, "IPC_STAT");
	printf("stat: nsems %lu mode %o key_ok %d uid %u gid %u cuid %u cgid %u otime_set %d ctime_set %d\n",
	       (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777, ds.sem_perm.__key == KEY, ds.sem_perm.uid,
	       ds.sem_perm.gid, ds.sem_perm.cuid, ds.sem_perm.cgid, ds.sem_otime != 0, ds.sem_ctime != 0);
	ds.sem_perm.mode = 0640;
	ds.sem_perm.uid = 1234;
	check(semctl(id, 0, IPC_SET, (union semun){ .buf = &ds }) == 0, "IPC_SET mode 0640 uid 1234");
	semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds });
	printf("stat: mode %o uid %u cuid %u\n", ds.sem_perm.mode & 0777, ds.sem_perm.uid, ds.sem_perm.cuid);
	ds.sem_perm.uid = (uid_t)-1;
	r = semctl(id, 0, IPC_SET, (union semun){ .buf = &ds });
	printf("IPC_SET uid -1: %d %s\n", r, err_of(r));

	/* IPC_INFO / SEM_INFO */
	struct seminfo si;
	r = semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
	check(r >= 0, "IPC_INFO returns the highest index");
	printf("IPC_INFO: semmni %d semmsl %d semmns %d semopm %d semvmx %d semaem %d semume %d semusz %d\n",
	       si.semmni, si.semmsl, si.semmns, si.semopm, si.semvmx, si.semaem, si.semume, si.semusz);
	r = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	check(r >= 0, "SEM_INFO");
	printf("SEM_INFO: sets %d semaphores %d\n", si.semusz, si.semaem);

	/* Removal and stale ids */
	check(semctl(id, 0, IPC_RMID) == 0, "IPC_RMID");
	r = semctl(id, 0, GETVAL);
	printf("GETVAL after IPC_RMID: %d %s\n", r, err_of(r));
	r = semop(id, ops, 1);
	printf("semop after IPC_RMID: %d %s\n", r, err_of(r));
	r = semctl(id, 0, IPC_RMID);
	printf("IPC_RMID again: %d %s\n", r, err_of(r));
	int id2 = semget(KEY, 3, IPC_CREAT | 0600);
	check(id2 >= 0 && id2 != id, "the key makes a new set with a new id");
	semctl(id2, 0, IPC_RMID);
	semctl(p1, 0, IPC_RMID);
	semctl(p2, 0, IPC_RMID);
	r = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	printf("SEM_INFO at the end: sets %d semaphores %d\n", si.semusz, si.semaem);
	return done();
}
