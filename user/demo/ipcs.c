/* user/demo/ipcs.c: /bin/ipcs: list the System V IPC objects as util-linux's ipcs does (its default
 * format). There is no /proc/sysvipc here, so it asks the kernel as ipcs's fallback does: IPC_INFO for the
 * highest index in use, then MSG_STAT/SHM_STAT/SEM_STAT for each index (unused ones fail with EINVAL).
 *   usage: ipcs [-q] [-m] [-s] [-a]      (no option, or -a: all three kinds) */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

union semun {
	int val;
	struct semid_ds *buf;
	struct seminfo *__buf;
};

/* owner: "root" for uid 0 (there is no /etc/passwd to ask), else the number. */
static const char *owner(uid_t uid)
{
	static char buf[16];
	if (uid == 0)
		return "root";
	snprintf(buf, sizeof buf, "%u", uid);
	return buf;
}

static void queues(void)
{
	struct msginfo mi;
	struct msqid_ds ds;
	printf("\n------ Message Queues --------\n");
	printf("%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid", "owner", "perms", "used-bytes", "messages");
	int max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	for (int i = 0; i <= max; i++) {
		int id = msgctl(i, MSG_STAT, &ds);
		if (id < 0)
			continue;
		printf("0x%08x %-10d %-10s %-10o %-12lu %-12lu\n", (unsigned)ds.msg_perm.__key, id,
		       owner(ds.msg_perm.uid), ds.msg_perm.mode & 0777, (unsigned long)ds.__msg_cbytes,
		       (unsigned long)ds.msg_qnum);
	}
}

static void segments(void)
{
	struct shm_info si;
	struct shmid_ds ds;
	printf("\n------ Shared Memory Segments --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner", "perms", "bytes", "nattch",
	       "status");
	int max = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	for (int i = 0; i <= max; i++) {
		int id = shmctl(i, SHM_STAT, &ds);
		if (id < 0)
			continue;
		printf("0x%08x %-10d %-10s %-10o %-10lu %-10lu %-6s %-6s\n", (unsigned)ds.shm_perm.__key, id,
		       owner(ds.shm_perm.uid), ds.shm_perm.mode & 0777, (unsigned long)ds.shm_segsz,
		       (unsigned long)ds.shm_nattch, ds.shm_perm.mode & SHM_DEST ? "dest" : " ",
		       ds.shm_perm.mode & SHM_LOCKED ? "locked" : " ");
	}
}

static void sets(void)
{
	struct seminfo si;
	struct semid_ds ds;
	printf("\n------ Semaphore Arrays --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms", "nsems");
	int max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	for (int i = 0; i <= max; i++) {
		int id = semctl(i, 0, SEM_STAT, (union semun){ .buf = &ds });
		if (id < 0)
			continue;
		printf("0x%08x %-10d %-10s %-10o %-10lu\n", (unsigned)ds.sem_perm.__key, id, owner(ds.sem_perm.uid),
		       ds.sem_perm.mode & 0777, (unsigned long)ds.sem_nsems);
	}
}

int main(int argc, char **argv)
{
	int q = 0, m = 0, s = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-q"))
			q = 1;
		else if (!strcmp(argv[i], "-m"))
			m = 1;
		else if (!strcmp(argv[i], "-s"))
			s = 1;
		else if (!strcmp(argv[i], "-a"))
			q = m = s = 1;
		else {
			fprintf(stderr, "usage: ipcs [-q] [-m] [-s] [-a]\n");
			return 1;
		}
	}
	if (!q && !m && !s)
		q = m = s = 1;
	if (q)
		queues();
	if (m)
		segments();
	if (s)
		sets();
	printf("\n");
	return 0;
}
