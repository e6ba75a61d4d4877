/* tests/conformance/ipc_perm.c: credentials and System V permissions. The setuid family (setuid(2),
 * setresuid(2), setreuid(2), setgroups(2)) with Linux's rules for root and for others; then, after a child drops
 * root, the permission checks of semaphores, queues and segments: EACCES from the mode bits (owner, group,
 * supplementary group, others), EPERM for IPC_SET/IPC_RMID by a non-owner and for raising msg_qbytes, the
 * owner's rights after IPC_SET gives it away, and objects created by the unprivileged user. */
#define _GNU_SOURCE
#include <grp.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "conf.h"

union semun {
	int val;
	struct semid_ds *buf;
};

static void ids(const char *what)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("%s: uid %u %u %u gid %u %u %u (getuid %u geteuid %u getgid %u getegid %u)\n", what, r, e, s, gr, ge,
	       gs, getuid(), geteuid(), getgid(), getegid());
}

#define TRY(what, call)                                                                                           \
	do {                                                                                                      \
		long r_ = (long)(call);                                                                           \
		printf("%s: %s\n", what, r_ < 0 ? errname(errno) : "ok");                                         \
	} while (0)

static void in_child(void (*fn)(void))
{
	pid_t c = fork();
	if (c == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(c, NULL, 0);
}

static void creds_root(void)
{
	ids("root");
	gid_t g[3] = { 50, 7, 20 }, out[8];
	TRY("setgroups 50 7 20", setgroups(3, g));
	int n = getgroups(8, out);
	printf("getgroups: %d:", n);
	for (int i = 0; i < n; i++)
		printf(" %u", out[i]);
	printf("\ngetgroups size 0: %d, size 1: %s\n", getgroups(0, NULL), getgroups(1, out) < 0 ? errname(errno) : "ok");
	TRY("seteuid 1000 (setresuid -1 1000 -1)", setresuid(-1, 1000, -1));
	ids("euid 1000");
	TRY("setgroups as euid 1000", setgroups(0, NULL));
	TRY("back to euid 0", setresuid(-1, 0, -1));
	TRY("setreuid 1000 2000", setreuid(1000, 2000));
	ids("after setreuid");
	TRY("setreuid -1 1000 (the real uid)", setreuid(-1, 1000));
	ids("after");
	TRY("setreuid -1 0 (only the saved one... is 2000)", setreuid(-1, 0));
}

static void creds_drop(void)
{
	TRY("setgid 1000", setgid(1000));
	TRY("setuid 1000 as root", setuid(1000));
	ids("dropped");
	TRY("setuid 0", setuid(0));
	TRY("setuid 1000 (own)", setuid(1000));
	TRY("setresuid 0 -1 -1", setresuid(0, -1, -1));
	TRY("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	TRY("setgid 0", setgid(0));
	TRY("setgroups", setgroups(0, NULL));
	TRY("setreuid 1000 1000", setreuid(1000, 1000));
	TRY("setuid -1", setuid(-1));
}

static int sem600, sem604, sem060, msg600, shm600, shm604, semgive;

/* as_user: drop to uid/gid 1000 keeping supplementary group 2000. */
static void as_user(void)
{
	gid_t g = 2000;
	setgroups(1, &g);
	setgid(1000);
	setuid(1000);
}

static void objects_as_user(void)
{
	as_user();
	union semun arg = { .val = 1 };
	struct semid_ds sds;
	struct sembuf dec = { 0, -1, IPC_NOWAIT }, zero = { 0, 0, IPC_NOWAIT };

	TRY("semget 0600 set, flags 0", semget(0x7e570001, 0, 0));
	TRY("semget 0600 set, flags 0600", semget(0x7e570001, 0, 0600));
	TRY("semget 0600 set, flags 0400", semget(0x7e570001, 0, 0400));
	TRY("0600 GETVAL", semctl(sem600, 0, GETVAL));
	TRY("0600 SETVAL", semctl(sem600, 0, SETVAL, arg));
	TRY("0600 IPC_STAT", semctl(sem600, 0, IPC_STAT, (union semun){ .buf = &sds }));
	TRY("0600 semop -1", semop(sem600, &dec, 1));
	TRY("0600 semop wait-for-zero", semop(sem600, &zero, 1));
	TRY("0600 IPC_SET", semctl(sem600, 0, IPC_SET, (union semun){ .buf = &sds }));
	TRY("0600 IPC_RMID", semctl(sem600, 0, IPC_RMID));
	TRY("0604 GETVAL", semctl(sem604, 0, GETVAL));
	TRY("0604 semop wait-for-zero", semop(sem604, &zero, 1));
	TRY("0604 semop -1", semop(sem604, &dec, 1));
	TRY("0604 SETVAL", semctl(sem604, 0, SETVAL, arg));
	TRY("0060 group 2000 (supplementary) SETVAL", semctl(sem060, 0, SETVAL, arg));
	TRY("0060 group 2000 GETVAL", semctl(sem060, 0, GETVAL));
	TRY("given away (uid 1000, mode 0) IPC_STAT", semctl(semgive, 0, IPC_STAT, (union semun){ .buf = &sds }));
	TRY("given away IPC_SET", semctl(semgive, 0, IPC_SET, (union semun){ .buf = &sds }));
	TRY("given away IPC_RMID", semctl(semgive, 0, IPC_RMID));

	struct { long t; char c[8]; } m = { 1, "x" };
	struct msqid_ds mds;
	TRY("msg 0600 msgsnd", msgsnd(msg600, &m, 1, IPC_NOWAIT));
	TRY("msg 0600 msgrcv", msgrcv(msg600, &m, 8, 0, IPC_NOWAIT));
	TRY("msg 0600 IPC_STAT", msgctl(msg600, IPC_STAT, &mds));
	TRY("msg 0600 IPC_RMID", msgctl(msg600, IPC_RMID, NULL));

	TRY("shm 0600 shmat", shmat(shm600, NULL, 0));
	TRY("shm 0600 shmat read-only", shmat(shm600, NULL, SHM_RDONLY));
	TRY("shm 0604 shmat read-only", shmat(shm604, NULL, SHM_RDONLY));
	TRY("shm 0604 shmat read-write", shmat(shm604, NULL, 0));
	TRY("shm 0604 IPC_RMID", shmctl(shm604, IPC_RMID, NULL));

	/* Objects the user creates are its own. */
	int q = msgget(IPC_PRIVATE, 0600);
	msgctl(q, IPC_STAT, &mds);
	printf("own queue: uid %u gid %u cuid %u cgid %u\n", mds.msg_perm.uid, mds.msg_perm.gid, mds.msg_perm.cuid,
	       mds.msg_perm.cgid);
	mds.msg_qbytes = 16385;
	TRY("own queue: raise msg_qbytes above 16384", msgctl(q, IPC_SET, &mds));
	mds.msg_qbytes = 100;
	TRY("own queue: lower msg_qbytes", msgctl(q, IPC_SET, &mds));
	mds.msg_qbytes = 16384;
	TRY("own queue: back to 16384", msgctl(q, IPC_SET, &mds));
	mds.msg_perm.uid = 0;
	TRY("own queue: give it to root", msgctl(q, IPC_SET, &mds));
	TRY("own queue: IPC_RMID after giving it away (creator)", msgctl(q, IPC_RMID, NULL));
}

int main(void)
{
	in_child(creds_root);
	in_child(creds_drop);

	sem600 = semget(0x7e570001, 1, IPC_CREAT | 0600);
	sem604 = semget(IPC_PRIVATE, 1, 0604);
	sem060 = semget(IPC_PRIVATE, 1, 0060);
	semgive = semget(IPC_PRIVATE, 1, 0);
	struct semid_ds sds;
	semctl(sem060, 0, IPC_STAT, (union semun){ .buf = &sds });
	sds.sem_perm.gid = 2000;
	semctl(sem060, 0, IPC_SET, (union semun){ .buf = &sds });
	semctl(semgive, 0, IPC_STAT, (union semun){ .buf = &sds });
	sds.sem_perm.uid = 1000;
	semctl(semgive, 0, IPC_SET, (union semun){ .buf = &sds });
	msg600 = msgget(IPC_PRIVATE, 0600);
	shm600 = shmget(IPC_PRIVATE, 4096, 0600);
	shm604 = shmget(IPC_PRIVATE, 4096, 0604);
	in_child(objects_as_user);

	TRY("root: IPC_RMID sem600", semctl(sem600, 0, IPC_RMID));
	TRY("root: IPC_RMID sem604", semctl(sem604, 0, IPC_RMID));
	TRY("root: IPC_RMID sem060", semctl(sem060, 0, IPC_RMID));
	TRY("root: IPC_RMID the set given to uid 1000 and back", semctl(semgive, 0, IPC_RMID));
	TRY("root: IPC_RMID msg600", msgctl(msg600, IPC_RMID, NULL));
	TRY("root: IPC_RMID shm600", shmctl(shm600, IPC_RMID, NULL));
	TRY("root: IPC_RMID shm604", shmctl(shm604, IPC_RMID, NULL));
	return done();
}
