/* tests/conformance/ipc_tools.c: /bin/ipcs and /bin/ipcrm on a few objects: the listing (keys, ids shown
 * relative to the ones created, perms, sizes, nattch, dest) and removal by id and by key. */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "conf.h"

/* run: run argv with stdout into a pipe; print its lines with the ids of this test replaced by names. */
static void run(char *const argv[], int ids[3])
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	char buf[4096];
	int n = 0, r;
	while (n < (int)sizeof buf - 1 && (r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	close(p[0]);
	int st;
	waitpid(c, &st, 0);
	/* Print lines; in a listing, the id column becomes "@id" when it is this test's object of that section
	 * (ids depend on what ran before). */
	int sect = -1;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (strstr(line, "Message Queues"))
			sect = 0;
		else if (strstr(line, "Shared Memory"))
			sect = 1;
		else if (strstr(line, "Semaphore Arrays"))
			sect = 2;
		char *sp = strchr(line, ' ');
		if (sect >= 0 && !strncmp(line, "0x", 2) && sp) {
			char *e;
			long v = strtol(sp, &e, 10);
			if (v == ids[sect]) {
				while (*e == ' ')
					e++; /* the id's column is as wide as the id: the spaces after it vary too */
				printf("| %.*s @id %s\n", (int)(sp - line), line, e);
				continue;
			}
		}
		printf("| %s\n", line);
	}
	printf("[%s exited %d]\n", argv[0], WEXITSTATUS(st));
}

int main(void)
{
	int ids[3];
	ids[0] = msgget(0x1234, IPC_CREAT | IPC_EXCL | 0640);
	ids[1] = shmget(0x2345, 10000, IPC_CREAT | IPC_EXCL | 0600);
	ids[2] = semget(0x3456, 3, IPC_CREAT | IPC_EXCL | 0666);
	check(ids[0] >= 0 && ids[1] >= 0 && ids[2] >= 0, "three objects");
	struct { long t; char c[10]; } m = { 1, "123456789" };
	msgsnd(ids[0], &m, 9, 0);
	msgsnd(ids[0], &m, 5, 0);
	char *p = shmat(ids[1], NULL, 0);
	shmctl(ids[1], IPC_RMID, NULL); /* attached: dest */
	run((char *const[]){ "/bin/ipcs", NULL }, ids);
	run((char *const[]){ "/bin/ipcrm", "-q", "999999", NULL }, ids);
	char sid[16];
	snprintf(sid, sizeof sid, "%d", ids[2]);
	run((char *const[]){ "/bin/ipcrm", "-s", sid, "-Q", "0x1234", NULL }, ids);
	run((char *const[]){ "/bin/ipcs", "-q", "-s", NULL }, ids);
	shmdt(p);
	run((char *const[]){ "/bin/ipcs", "-m", NULL }, ids);
	return done();
}
