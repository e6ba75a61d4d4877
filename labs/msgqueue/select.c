/* labs/msgqueue/select.c MODE: the finer rules of msgrcv(2) and of the hand-off to a waiting receiver (Linux
 * ipc/msg.c: find_msg, pipelined_send).
 *   ties:   the queue holds types 3 2 3 2 1 (texts a b c d e). msgrcv(msgtyp -3) takes the lowest type <= 3, and
 *           among equal types the first that arrived: e (type 1), then b, then d (type 2, in arrival order), then
 *           a, then c.
 *   copy:   MSG_COPY | IPC_NOWAIT takes a copy of message number msgtyp, counted from 0 in queue order, and
 *           leaves the queue as it was (Linux >= 3.8 with CONFIG_CHECKPOINT_RESTORE).
 *   e2big:  two receivers wait for any message: R1 with a 4-byte buffer (no MSG_NOERROR), then R2 with a large
 *           one. A 100-byte message fails R1 with E2BIG and goes to R2: a receiver too small for a message does
 *           not stop it from reaching the next one.
 *   lrpid:  after a message is handed to a waiting receiver, msgctl(IPC_STAT) gives that receiver's pid in
 *           msg_lrpid and the sender's in msg_lspid.
 * Exits 0 when every answer is the one msgrcv(2) promises. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "lab.h"

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

struct msg {
	long mtype;
	char mtext[128];
};

static int q, bad;

static void send(long t, const char *s, size_t len)
{
	struct msg m = { t, "" };
	memcpy(m.mtext, s, len < sizeof m.mtext ? len : sizeof m.mtext);
	if (msgsnd(q, &m, len, 0) < 0)
		lab_die("msgsnd");
}

/* take: msgrcv(msgtyp, flags | IPC_NOWAIT) and compare the text with want. */
static void take(long msgtyp, int flags, const char *want)
{
	struct msg m;
	ssize_t n = msgrcv(q, &m, sizeof m.mtext, msgtyp, flags | IPC_NOWAIT);
	const char *how = flags & MSG_COPY ? " MSG_COPY" : "";
	if (n < 0) {
		say(1, "msgrcv(msgtyp %ld%s) -> %s (expected \"%s\")\n", msgtyp, how, strerror(errno), want);
		bad = 1;
		return;
	}
	m.mtext[n < (ssize_t)sizeof m.mtext ? n : (ssize_t)sizeof m.mtext - 1] = 0;
	int ok = !strcmp(m.mtext, want);
	say(1, "msgrcv(msgtyp %ld%s) -> type %ld \"%s\"%s\n", msgtyp, how, m.mtype, m.mtext,
	    ok ? "" : " (expected another)");
	bad |= !ok;
}

/* receiver: a child that waits in msgrcv(0) with a buffer of size bytes and reports what it got. */
static pid_t receiver(const char *name, size_t size)
{
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		struct msg m;
		ssize_t n = msgrcv(q, &m, size, 0, 0);
		if (n < 0)
			say(1, "%s: msgrcv failed: %s\n", name, errno == E2BIG ? "E2BIG" : strerror(errno));
		else
			say(1, "%s: got a message of %zd bytes\n", name, n);
		_exit(n < 0 ? errno : 0);
	}
	lab_sleep_ms(20); /* asleep in msgrcv before the next one */
	return pid;
}

static int status_of(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ties";
	q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (q < 0)
		lab_die("msgget");
	if (!strcmp(mode, "ties")) {
		send(3, "a", 2), send(2, "b", 2), send(3, "c", 2), send(2, "d", 2), send(1, "e", 2);
		take(-3, 0, "e"), take(-3, 0, "b"), take(-3, 0, "d"), take(-3, 0, "a"), take(-3, 0, "c");
	} else if (!strcmp(mode, "copy")) {
		send(5, "m0", 3), send(6, "m1", 3), send(7, "m2", 3);
		take(0, MSG_COPY, "m0"), take(2, MSG_COPY, "m2"), take(1, MSG_COPY, "m1");
		take(0, 0, "m0"); /* the copies took nothing away */
	} else if (!strcmp(mode, "e2big")) {
		pid_t r1 = receiver("R1", 4), r2 = receiver("R2", sizeof(struct msg) - sizeof(long));
		char text[100];
		memset(text, 'x', sizeof text);
		send(1, text, sizeof text);
		int s1 = status_of(r1), st = lab_wait_ms(r2, 2000);
		if (st == -1)
			say(1, "R2: got nothing within 2 s (the message stayed queued?); it was killed\n");
		bad = s1 != E2BIG || st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	} else if (!strcmp(mode, "lrpid")) {
		pid_t r = receiver("R", sizeof(struct msg) - sizeof(long));
		send(4, "hi", 3);
		status_of(r);
		struct msqid_ds ds;
		if (msgctl(q, IPC_STAT, &ds) < 0)
			lab_die("msgctl");
		int ok = ds.msg_lrpid == r && ds.msg_lspid == getpid();
		say(1, "IPC_STAT: msg_lspid is %s, msg_lrpid is %s\n", ds.msg_lspid == getpid() ? "the sender" : "wrong",
		    ds.msg_lrpid == r ? "the receiver" : "wrong");
		bad = !ok;
	} else {
		say(2, "select: unknown mode %s (ties, copy, e2big, lrpid)\n", mode);
		return 2;
	}
	msgctl(q, IPC_RMID, NULL);
	say(1, "%s: %s\n", mode, bad ? "some answers were wrong" : "every answer as msgrcv(2) says");
	return bad;
}
