/* tests/conformance/msg_basic.c: message queues without blocking: msgget keys, msgsnd/msgrcv with the three
 * msgtyp selections and MSG_EXCEPT, MSG_NOERROR truncation, E2BIG leaving the message queued, ENOMSG and
 * EAGAIN with IPC_NOWAIT, the msg_qbytes limit, IPC_STAT counters and pids, IPC_SET, IPC_INFO/MSG_INFO,
 * removal. msgget(2), msgsnd(2), msgrcv(2), msgctl(2). */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "conf.h"

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

#define KEY 0x3e5a0002

struct msg {
	long mtype;
	char mtext[8200];
};

static int q;

static int snd(long type, const char *text, int flg)
{
	struct msg m;
	m.mtype = type;
	size_t n = strlen(text);
	memcpy(m.mtext, text, n);
	return msgsnd(q, &m, n, flg);
}

/* rcv: receive with msgtyp/flags into a buffer of size bytes; prints the result. */
static void rcv(const char *what, long msgtyp, size_t size, int flg)
{
	struct msg m;
	memset(&m, 0, sizeof m);
	ssize_t n = msgrcv(q, &m, size, msgtyp, flg | IPC_NOWAIT);
	if (n < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %zd bytes type %ld \"%.*s\"\n", what, n, m.mtype, (int)n, m.mtext);
}

static void stat_line(const char *what)
{
	struct msqid_ds ds;
	if (msgctl(q, IPC_STAT, &ds) < 0) {
		printf("%s: IPC_STAT %s\n", what, errname(errno));
		return;
	}
	printf("%s: qnum %lu cbytes %lu qbytes %lu lspid_me %d lrpid_me %d stime_set %d rtime_set %d\n", what,
	       (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes,
	       ds.msg_lspid == getpid(), ds.msg_lrpid == getpid(), ds.msg_stime != 0, ds.msg_rtime != 0);
}

int main(void)
{
	int r = msgget(KEY, 0600);
	printf("msgget absent key: %d %s\n", r, err_of(r));
	q = msgget(KEY, IPC_CREAT | IPC_EXCL | 0600);
	check(q >= 0, "msgget creates");
	r = msgget(KEY, IPC_CREAT | IPC_EXCL | 0600);
	printf("msgget IPC_EXCL again: %d %s\n", r, err_of(r));
	check(msgget(KEY, 0) == q, "msgget finds the key");
	stat_line("new");

	/* Selection */
	snd(3, "three-a", 0);
	snd(1, "one", 0);
	snd(2, "two", 0);
	snd(3, "three-b", 0);
	snd(5, "five", 0);
	stat_line("five queued");
	rcv("msgtyp 3", 3, 100, 0);
	rcv("msgtyp 4 (none)", 4, 100, 0);
	rcv("msgtyp 3 MSG_EXCEPT", 3, 100, MSG_EXCEPT);
	rcv("msgtyp -4 (lowest type <= 4)", -4, 100, 0);
	rcv("msgtyp -4 again", -4, 100, 0);
	rcv("msgtyp 0", 0, 100, 0);
	rcv("msgtyp -4 (nothing <= 4)", -4, 100, 0);
	rcv("msgtyp 0", 0, 100, 0);
	rcv("empty", 0, 100, 0);
	stat_line("drained");

	/* Sizes */
	snd(7, "a longer message", 0);
	rcv("buffer 4, no MSG_NOERROR", 0, 4, 0);
	stat_line("still queued");
	rcv("buffer 4, MSG_NOERROR", 0, 4, MSG_NOERROR);
	snd(8, "", 0);
	rcv("empty message", 0, 0, 0);
	struct msg m = { 1, { 0 } };
	r = msgsnd(q, &m, 8193, 0);
	printf("msgsnd 8193 bytes: %d %s\n", r, err_of(r));
	r = msgsnd(q, &m, 8192, 0);
	printf("msgsnd 8192 bytes: %d %s\n", r, err_of(r));
	rcv("receive it into 8192", 0, 8192, 0);
	m.mtype = 0;
	r = msgsnd(q, &m, 1, 0);
	printf("msgsnd mtype 0: %d %s\n", r, err_of(r));
	m.mtype = -1;
	r = msgsnd(q, &m, 1, 0);
	printf("msgsnd mtype -1: %d %s\n", r, err_of(r));
	r = msgsnd(q, &m, (size_t)-1, 0);
	printf("msgsnd size -1: %d %s\n", r, err_of(r));
	ssize_t n = msgrcv(q, &m, (size_t)-1, 0, IPC_NOWAIT);
	printf("msgrcv size -1: %zd %s\n", n, err_of(n));

	/* The queue limit */
	int sent = 0;
	m.mtype = 1;
	while (msgsnd(q, &m, 1000, IPC_NOWAIT) == 0)
		sent++;
	printf("1000-byte messages until full: %d, then %s\n", sent, errname(errno));
	stat_line("full");
	r = msgsnd(q, &m, 384, IPC_NOWAIT);
	printf("384 more bytes (exactly the limit): %d %s\n", r, err_of(r));
	r = msgsnd(q, &m, 0, IPC_NOWAIT);
	printf("0 more bytes: %d %s\n", r, err_of(r));
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	ds.msg_qbytes = 20000;
	r = msgctl(q, IPC_SET, &ds);
	printf("IPC_SET qbytes 20000 as root: %d %s\n", r, err_of(r));
	stat_line("raised");
	r = msgsnd(q, &m, 1000, IPC_NOWAIT);
	printf("one more 1000: %d %s\n", r, err_of(r));
	ds.msg_qbytes = 3;
	msgctl(q, IPC_SET, &ds);
	rcv("receive with qbytes 3", 0, 2000, MSG_NOERROR);
	m.mtype = 1;
	r = msgsnd(q, &m, 0, IPC_NOWAIT);
	printf("send 0 bytes to a queue over its limit: %d %s\n", r, err_of(r));
	ds.msg_perm.mode = 0640;
	ds.msg_qbytes = 16384;
	msgctl(q, IPC_SET, &ds);
	msgctl(q, IPC_STAT, &ds);
	printf("after IPC_SET: mode %o qbytes %lu\n", ds.msg_perm.mode & 0777, (unsigned long)ds.msg_qbytes);

	/* MSG_COPY (Linux with CONFIG_CHECKPOINT_RESTORE) needs IPC_NOWAIT */
	n = msgrcv(q, &m, 8192, 0, MSG_COPY);
	printf("MSG_COPY without IPC_NOWAIT: %zd %s\n", n, err_of(n));

	/* Info */
	struct msginfo mi;
	r = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	check(r >= 0, "IPC_INFO");
	printf("IPC_INFO: msgmax %d msgmnb %d msgmni %d msgssz %d msgtql %d msgmap %d msgpool %d msgseg %u\n",
	       mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgtql, mi.msgmap, mi.msgpool, mi.msgseg);
	r = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	printf("MSG_INFO: queues %d messages %d bytes %d\n", mi.msgpool, mi.msgmap, mi.msgtql);
	r = msgctl(q, 99, &ds);
	printf("msgctl unknown cmd: %d %s\n", r, err_of(r));

	/* Removal */
	check(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID with messages queued");
	r = snd(1, "x", IPC_NOWAIT);
	printf("msgsnd after IPC_RMID: %d %s\n", r, err_of(r));
	rcv("msgrcv after IPC_RMID", 0, 10, 0);
	r = msgctl(q, IPC_STAT, &ds);
	printf("IPC_STAT after IPC_RMID: %d %s\n", r, err_of(r));
	r = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	printf("MSG_INFO at the end: queues %d messages %d bytes %d\n", mi.msgpool, mi.msgmap, mi.msgtql);
	return done();
}
