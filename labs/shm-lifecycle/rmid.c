/* labs/shm-lifecycle/rmid.c: IPC_RMID while attached. IPC_RMID on an attached segment does not destroy it: Linux
 * marks it SHM_DEST and makes its key IPC_PRIVATE (Linux 6.1 ipc/shm.c, do_shm_rmid), so no shmget finds it any
 * more, and destroys it at the last detach (shm_close). The attached process goes on using it. */
#include <sys/shm.h>
#include "lab.h"

#define KEY 0x1ab6

int main(void)
{
	int id = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		lab_die("shmget");
	char *p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		lab_die("shmat");
	strcpy(p, "still here");
	if (shmctl(id, IPC_RMID, NULL) < 0)
		lab_die("shmctl IPC_RMID");
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		lab_die("shmctl IPC_STAT after IPC_RMID");
	say(1, "rmid: after IPC_RMID: nattch %ld, key 0x%x, mode 0%o (SHM_DEST 01000 %s)\n", (long)ds.shm_nattch,
	    (unsigned)ds.shm_perm.__key, (unsigned)ds.shm_perm.mode, ds.shm_perm.mode & 01000 ? "set" : "not set");
	int old = shmget(KEY, 0, 0);
	say(1, "rmid: shmget(0x%x, 0) now: %s\n", KEY, old < 0 ? strerror(errno) : "found it");
	int fresh = shmget(KEY, 4096, IPC_CREAT | 0600);
	if (fresh < 0)
		lab_die("shmget IPC_CREAT");
	say(1, "rmid: shmget(0x%x, IPC_CREAT) made a new segment: %s\n", KEY, fresh != id ? "another id" : "the same id");
	say(1, "rmid: the removed one is still readable: \"%s\"\n", p);
	shmdt(p);
	trace_mark("rmid: detached the last attachment");
	int gone = shmctl(id, IPC_STAT, &ds);
	say(1, "rmid: after the last detach, IPC_STAT of the old id: %s\n", gone < 0 ? strerror(errno) : "still there");
	shmctl(fresh, IPC_RMID, NULL);
	return 0;
}
