/* labs/shm-lifecycle/forkexec.c: fork copies attachments, exec and exit drop them. The parent attaches a segment
 * and forks: the child has the same attachment at the same address (nattch goes up without a shmat; Linux 6.1
 * ipc/shm.c, shm_open called through the vma's open). The child writes, then execs
 * /labs/shm-lifecycle/after_exec: exec replaces the address space, which detaches (nattch goes down). after_exec
 * attaches again by id, adds its line and exits, which detaches too. */
#include <sys/shm.h>
#include <sys/wait.h>
#include "lab.h"

/* nattch: the segment's attach count, from IPC_STAT. */
static long nattch(int id)
{
	struct shmid_ds ds;
	return shmctl(id, IPC_STAT, &ds) < 0 ? -1 : (long)ds.shm_nattch;
}

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	if (id < 0)
		lab_die("shmget");
	char *p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		lab_die("shmat");
	strcpy(p, "parent;");
	say(1, "forkexec: parent attached: nattch %ld\n", nattch(id));
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		say(1, "forkexec: child after fork, same address: nattch %ld\n", nattch(id));
		strcat(p, "child;");
		char idarg[16];
		snprintf(idarg, sizeof idarg, "%d", id);
		char *argv[] = { "/labs/shm-lifecycle/after_exec", idarg, NULL };
		execv(argv[0], argv);
		lab_die("exec");
	}
	int st;
	waitpid(pid, &st, 0);
	say(1, "forkexec: parent after the child exited: nattch %ld, text \"%s\"\n", nattch(id), p);
	int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(p, "parent;child;after_exec;") == 0;
	if (shmctl(id, IPC_RMID, NULL) < 0) /* nattch 1: marked, destroyed at our detach */
		lab_die("shmctl IPC_RMID");
	shmdt(p);
	return ok ? 0 : 1;
}
