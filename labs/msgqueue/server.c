/* labs/msgqueue/server.c [N]: one queue, one server, N clients (default 3), a reply addressed by type = pid.
 * Each client sends a request of type 1 ("request from PID") and sleeps in msgrcv(msgtyp = its own pid): only a
 * message of that type wakes it. The server takes the N requests (msgrcv type 1), then answers them in the reverse
 * order, each reply of type = the client's pid, so replies leave in another order than the requests came, and each
 * still reaches its own client, handed straight to it (the client was already asleep waiting for it).
 * Exits 0 when every client got its own reply. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "lab.h"

#define REQUEST 1

struct msg {
	long mtype;
	char mtext[48];
};

static int q;

/* client: ask the server, wait for the reply addressed to this pid. */
static void client(int i)
{
	struct msg m = { REQUEST, "" };
	snprintf(m.mtext, sizeof m.mtext, "request from %d", getpid());
	if (msgsnd(q, &m, strlen(m.mtext) + 1, 0) < 0)
		lab_die("client msgsnd");
	if (msgrcv(q, &m, sizeof m.mtext, getpid(), 0) < 0) /* msgtyp = my pid: my reply only */
		lab_die("client msgrcv");
	char want[48];
	snprintf(want, sizeof want, "reply to %d", getpid());
	say(1, "client %d (pid %d): got type %ld \"%s\"\n", i, getpid(), m.mtype, m.mtext);
	_exit(strcmp(m.mtext, want) != 0);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	if (n < 1 || n > 16)
		n = 3;
	q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (q < 0)
		lab_die("msgget");
	pid_t pids[16];
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			client(i);
	}
	long from[16];
	for (int i = 0; i < n; i++) { /* the server: take the requests (type 1 only) */
		struct msg m;
		if (msgrcv(q, &m, sizeof m.mtext, REQUEST, 0) < 0)
			lab_die("server msgrcv");
		from[i] = atol(m.mtext + strlen("request from "));
		say(1, "server: \"%s\"\n", m.mtext);
	}
	lab_sleep_ms(20); /* every client is asleep in msgrcv now */
	for (int i = n - 1; i >= 0; i--) { /* answer, last first: type = the client's pid */
		struct msg m = { from[i], "" };
		snprintf(m.mtext, sizeof m.mtext, "reply to %ld", from[i]);
		if (msgsnd(q, &m, strlen(m.mtext) + 1, 0) < 0)
			lab_die("server msgsnd");
	}
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int st;
		waitpid(pids[i], &st, 0);
		bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	}
	msgctl(q, IPC_RMID, NULL);
	say(1, "server: %s\n", bad ? "a client got someone else's reply" : "every client got its own reply");
	return bad;
}
