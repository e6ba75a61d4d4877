/* labs/shm-lifecycle/attach.c: attach and detach, counted. One process makes a segment with a key, attaches it
 * twice (two addresses, one set of pages: what it writes through one it reads through the other), and prints
 * shm_nattch (shmctl IPC_STAT) after each step. Detaching both leaves the segment alive with nattch 0: it belongs to
 * the system, not to a process, and shmget with the same key finds it again. Only IPC_RMID ends it. */
#include <sys/shm.h>
#include "lab.h"

#define KEY 0x1ab5

/* nattch: the segment's attach count, from IPC_STAT. */
static long nattch(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		lab_die("shmctl IPC_STAT");
	return (long)ds.shm_nattch;
}

int main(void)
{
	int id = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		lab_die("shmget");
	say(1, "attach: made segment %d with key 0x%x: nattch %ld\n", id, KEY, nattch(id));
	char *a = shmat(id, NULL, 0);
	if (a == (void *)-1)
		lab_die("shmat a");
	say(1, "attach: first attach: nattch %ld\n", nattch(id));
	char *b = shmat(id, NULL, 0);
	if (b == (void *)-1)
		lab_die("shmat b");
	say(1, "attach: second attach at another address: nattch %ld\n", nattch(id));
	strcpy(a, "written through a");
	say(1, "attach: read through b: \"%s\" (%s addresses, same pages)\n", b, a != b ? "two" : "one");
	shmdt(a);
	say(1, "attach: detached a: nattch %ld\n", nattch(id));
	shmdt(b);
	say(1, "attach: detached b: nattch %ld, the segment still exists\n", nattch(id));
	int again = shmget(KEY, 0, 0);
	say(1, "attach: shmget(0x%x) finds it again: id %d%s\n", KEY, again, again == id ? " (the same)" : "");
	char *c = shmat(id, NULL, 0);
	say(1, "attach: attached again, the text is still there: \"%s\"\n", c);
	shmdt(c);
	if (shmctl(id, IPC_RMID, NULL) < 0)
		lab_die("shmctl IPC_RMID");
	say(1, "attach: IPC_RMID with nattch 0: destroyed at once\n");
	return 0;
}
