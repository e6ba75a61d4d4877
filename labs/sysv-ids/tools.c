/* labs/sysv-ids/tools.c: ipcs and ipcrm at work. root makes a message queue (key 0x7001, mode 0600) and a private
 * segment (mode 0640) which it attaches; uid 1000 makes a semaphore set (key 0x7003, mode 0666). ipcs lists the three
 * with their keys, ids, owners and modes; ipcrm removes them, by key or by id; the attached segment stays, listed
 * with status "dest" and key 0 until tools detaches it. */
#define _GNU_SOURCE /* setresuid, setresgid */
#include <grp.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "lab.h"

/* run: fork and exec argv, wait; its exit status (or 128 + signal). */
static int run(char **argv)
{
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		execv(argv[0], argv);
		lab_die("exec");
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
	int q = msgget(0x7001, IPC_CREAT | IPC_EXCL | 0600);
	int m = shmget(IPC_PRIVATE, 8192, 0640);
	if (q < 0 || m < 0)
		lab_die("msgget/shmget");
	char *p = shmat(m, NULL, 0);
	if (p == (void *)-1)
		lab_die("shmat");
	pid_t pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(1000, 1000, 1000) < 0 || setresuid(1000, 1000, 1000) < 0)
			lab_die("setresuid");
		_exit(semget(0x7003, 2, IPC_CREAT | IPC_EXCL | 0666) < 0);
	}
	int st;
	waitpid(pid, &st, 0);

	char *ipcs[] = { "/labs/sysv-ids/ipcs", NULL };
	run(ipcs);
	char mid[16];
	snprintf(mid, sizeof mid, "%d", m);
	char *ipcrm[] = { "/labs/sysv-ids/ipcrm", "-Q", "0x7001", "-m", mid, "-S", "0x7003", NULL };
	int r = run(ipcrm);
	say(1, "tools: ipcrm -Q 0x7001 -m %d -S 0x7003 exited %d\n", m, r);
	run(ipcs);
	shmdt(p);
	say(1, "tools: detached the segment\n");
	run(ipcs);
	return r;
}
