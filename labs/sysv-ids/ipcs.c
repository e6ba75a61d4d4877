/* labs/sysv-ids/ipcs.c: list the System V objects, as `ipcs` does (util-linux ipcs(1); busybox has no ipcs, and this
 * kernel has no /proc/sysvipc). usage: ipcs. The *_INFO commands return the highest slot index in use; *_STAT of a
 * slot index (not an id) fills the object's ds and returns its id (shmctl(2), msgctl(2), semctl(2): "Linux-specific
 * commands"). A slot that is empty, or whose object the caller may not read, fails and is skipped. */
#define _GNU_SOURCE /* MSG_INFO, SHM_INFO, SEM_INFO and their structs */
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include "lab.h"

int main(void)
{
	struct msginfo mi;
	int max = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi);
	say(1, "------ Message Queues --------\n%-10s %-10s %-10s %-10s %-12s %s\n", "key", "msqid", "owner", "perms",
	    "used-bytes", "messages");
	for (int i = 0; i <= max; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT, &ds);
		if (id >= 0)
			say(1, "0x%08x %-10d %-10u %-10o %-12lu %lu\n", (unsigned)ds.msg_perm.__key, id,
			    (unsigned)ds.msg_perm.uid, (unsigned)ds.msg_perm.mode & 0777, (unsigned long)ds.msg_cbytes,
			    (unsigned long)ds.msg_qnum);
	}
	struct shm_info si;
	max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si);
	say(1, "------ Shared Memory Segments --------\n%-10s %-10s %-10s %-10s %-10s %-10s %s\n", "key", "shmid",
	    "owner", "perms", "bytes", "nattch", "status");
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		int id = shmctl(i, SHM_STAT, &ds);
		if (id >= 0)
			say(1, "0x%08x %-10d %-10u %-10o %-10lu %-10lu %s\n", (unsigned)ds.shm_perm.__key, id,
			    (unsigned)ds.shm_perm.uid, (unsigned)ds.shm_perm.mode & 0777, (unsigned long)ds.shm_segsz,
			    (unsigned long)ds.shm_nattch, ds.shm_perm.mode & SHM_DEST ? "dest" : "");
	}
	struct seminfo smi;
	max = semctl(0, 0, SEM_INFO, &smi);
	say(1, "------ Semaphore Arrays --------\n%-10s %-10s %-10s %-10s %s\n", "key", "semid", "owner", "perms",
	    "nsems");
	for (int i = 0; i <= max; i++) {
		struct semid_ds ds;
		int id = semctl(i, 0, SEM_STAT, &ds);
		if (id >= 0)
			say(1, "0x%08x %-10d %-10u %-10o %lu\n", (unsigned)ds.sem_perm.__key, id, (unsigned)ds.sem_perm.uid,
			    (unsigned)ds.sem_perm.mode & 0777, (unsigned long)ds.sem_nsems);
	}
	return 0;
}
