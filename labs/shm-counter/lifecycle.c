/* labs/shm-counter/lifecycle.c: a segment's attachments and its deferred destruction (shmget(2), shmat(2),
 * shmctl(2) IPC_RMID). The parent creates a segment with a key, attaches it and forks: the child inherits the
 * attachment (shm_nattch 2). The parent removes the segment with IPC_RMID while both are attached: it is only
 * marked (SHM_DEST in its mode) and its key made private (shmget with the key: ENOENT), and both still share its
 * memory. The child exits (its attachment goes with it: shm_nattch 1), the parent detaches: that last detach
 * destroys it (IPC_STAT: EINVAL). Then the other half: a segment detached by everyone but never removed lives on
 * with its contents (shm_nattch 0) until IPC_RMID, which destroys it at once. */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "lab.h"

#define KEY 0x5eed

/* nattch: the segment's shm_nattch and whether it is marked SHM_DEST, printed; -1 when IPC_STAT fails. */
static long nattch(int id, const char *when)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0) {
		say(1, "%s: IPC_STAT fails, %s (the segment is gone)\n", when, strerror(errno));
		return -1;
	}
	say(1, "%s: nattch %lu%s\n", when, (unsigned long)ds.shm_nattch, (ds.shm_perm.mode & 01000) ? ", SHM_DEST" : "");
	return (long)ds.shm_nattch;
}

int main(void)
{
	int bad = 0;
	int id = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		lab_die("shmget");
	volatile int *mem = shmat(id, NULL, 0);
	if (mem == (void *)-1)
		lab_die("shmat");
	mem[0] = 1;
	int go[2];
	if (pipe(go) < 0)
		lab_die("pipe");
	pid_t child = fork();
	if (child == 0) { /* attached through the fork; waits until the parent has removed the segment */
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		mem[1] = mem[0] + 1; /* 3 + 1: the memory is still shared after IPC_RMID */
		_exit(0); /* no shmdt: exit detaches */
	}
	close(go[0]);
	bad |= nattch(id, "after fork") != 2;
	if (shmctl(id, IPC_RMID, NULL) < 0)
		lab_die("IPC_RMID");
	bad |= nattch(id, "after IPC_RMID, both still attached") != 2;
	int again = shmget(KEY, 4096, 0600);
	say(1, "shmget with the key after IPC_RMID: %s\n", again < 0 ? strerror(errno) : "found it");
	bad |= again >= 0;
	mem[0] = 3;
	if (write(go[1], "g", 1) != 1)
		lab_die("write");
	waitpid(child, NULL, 0);
	say(1, "the child wrote %d into the removed segment\n", mem[1]);
	bad |= mem[1] != 4;
	bad |= nattch(id, "after the child's exit") != 1;
	shmdt((void *)mem);
	bad |= nattch(id, "after the parent's shmdt") != -1;

	int kept = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	volatile int *k = shmat(kept, NULL, 0);
	if (kept < 0 || k == (void *)-1)
		lab_die("shmget/shmat");
	k[0] = 42;
	shmdt((void *)k);
	bad |= nattch(kept, "never removed, detached by everyone") != 0;
	k = shmat(kept, NULL, 0);
	if (k == (void *)-1)
		lab_die("shmat again");
	say(1, "attached again, it still holds %d\n", k[0]);
	bad |= k[0] != 42;
	shmdt((void *)k);
	shmctl(kept, IPC_RMID, NULL);
	bad |= nattch(kept, "after IPC_RMID with nothing attached") != -1;
	return bad;
}
