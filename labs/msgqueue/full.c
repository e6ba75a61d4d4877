/* labs/msgqueue/full.c [COUNT [SIZE]]: a full queue blocks its sender (msgsnd(2)). The queue holds at most msg_qbytes
 * bytes (MSGMNB, 16384, by default). The parent sends COUNT messages (default 6) of SIZE bytes (default 4096): the
 * first four fill the queue and the fifth sleeps in msgsnd until a receive makes room. The child, the receiver,
 * starts late and takes one message at a time, slowly; each receive wakes the sleeping sender.
 * Exits 0 when the receiver got every message, in order. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "lab.h"

struct msg {
	long mtype;
	char mtext[8192];
};

static struct msg m;

int main(int argc, char **argv)
{
	int count = argc > 1 ? atoi(argv[1]) : 6;
	int size = argc > 2 ? atoi(argv[2]) : 4096;
	if (size < 16 || size > 8192)
		size = 4096;
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (q < 0)
		lab_die("msgget");
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	say(1, "queue limit %lu bytes, messages of %d bytes\n", (unsigned long)ds.msg_qbytes, size);
	pid_t c = fork();
	if (c == 0) { /* the receiver */
		int bad = 0;
		lab_sleep_ms(50);
		for (int i = 0; i < count; i++) {
			ssize_t n = msgrcv(q, &m, sizeof m.mtext, 0, 0);
			int k = -1;
			if (n < 0)
				lab_die("msgrcv");
			sscanf(m.mtext, "message %d", &k);
			bad |= k != i || n != size;
			say(1, "receiver: message %d, %zd bytes\n", k, n);
			lab_sleep_ms(20);
		}
		_exit(bad);
	}
	for (int i = 0; i < count; i++) {
		m.mtype = 1;
		memset(m.mtext, '.', size);
		snprintf(m.mtext, 32, "message %d", i);
		if (msgsnd(q, &m, size, 0) < 0)
			lab_die("msgsnd");
		msgctl(q, IPC_STAT, &ds);
		say(1, "sender: message %d queued (%lu messages, %lu bytes in the queue)\n", i,
			(unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes);
	}
	int st;
	waitpid(c, &st, 0);
	msgctl(q, IPC_RMID, NULL);
	return !WIFEXITED(st) || WEXITSTATUS(st);
}
