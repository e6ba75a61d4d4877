/* labs/shm-lifecycle/after_exec.c: run by forkexec's child. usage: after_exec SHMID. The exec detached the
 * segment the child had from fork; nattch shows it. It attaches again by id, adds its line, and exits (which
 * detaches). */
#include <sys/shm.h>
#include "lab.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		return say(2, "usage: after_exec SHMID\n"), 2;
	int id = atoi(argv[1]);
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		lab_die("shmctl IPC_STAT");
	say(1, "after_exec: exec dropped the child's attachment: nattch %ld\n", (long)ds.shm_nattch);
	char *p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		lab_die("shmat");
	say(1, "after_exec: attached again by id, reads \"%s\"\n", p);
	strcat(p, "after_exec;");
	return 0; /* exit detaches */
}
