/* tests/conformance/mq_errors.c: the errors of the POSIX message queue calls, in Linux's order (mq_open(2),
 * mq_unlink(2), mq_send(3), mq_receive(3), mq_getattr(3), mq_notify(3) are tested in mq_notify): names (raw system
 * calls, which take the name without the C library's leading '/'), attributes and the limits on them, the
 * RLIMIT_MSGQUEUE formula of mq_overview(7) to the byte, the descriptor (not a queue, or open the other way),
 * sizes, priorities and bad pointers (a receive into a bad buffer loses the message). */
#include <fcntl.h>
#include <mqueue.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include "mq_conf.h"

static long mq_open_raw(const char *name, int oflag, int mode, const void *attr)
{
	return syscall(SYS_mq_open, name, oflag, mode, attr);
}

static long mq_unlink_raw(const char *name) { return syscall(SYS_mq_unlink, name); }

static long curmsgs(mqd_t q)
{
	struct mq_attr a;
	return mq_getattr(q, &a) == 0 ? a.mq_curmsgs : -1;
}

/* try_create: mq_open O_CREAT of name with maxmsg x msgsize: "ok" (then unlinked) or the error. */
static void try_create(const char *what, long maxmsg, long msgsize)
{
	mqd_t q = mq_open("/mqe_attr", O_CREAT | O_EXCL | O_RDWR, 0600,
			  &(struct mq_attr){ .mq_maxmsg = maxmsg, .mq_msgsize = msgsize });
	printf("%s (maxmsg %ld, msgsize %ld): %s\n", what, maxmsg, msgsize, q >= 0 ? "ok" : errname(errno));
	if (q >= 0) {
		mq_close(q);
		mq_unlink("/mqe_attr");
	}
}

int main(void)
{
	char big[300], name255[256], buf[200];
	memset(big, 'n', sizeof big - 1);
	big[sizeof big - 1] = 0;
	memset(name255, 'n', 255);
	name255[255] = 0;
	name255[0] = 'e';
	mq_unlink("/mqe");

	/* Names. */
	SHOW("\"\"", mq_open_raw("", O_CREAT | O_RDWR, 0600, NULL));
	SHOW("\".\"", mq_open_raw(".", O_CREAT | O_RDWR, 0600, NULL));
	SHOW("\"..\"", mq_open_raw("..", O_CREAT | O_RDWR, 0600, NULL));
	SHOW("\"a/b\"", mq_open_raw("a/b", O_CREAT | O_RDWR, 0600, NULL));
	SHOW("\"/x\" to the system call", mq_open_raw("/x", O_CREAT | O_RDWR, 0600, NULL));
	SHOW("299 bytes", mq_open_raw(big, O_CREAT | O_RDWR, 0600, NULL));
	SHOW("+255 bytes", mq_open_raw(name255, O_CREAT | O_RDWR, 0600, NULL));
	SHOW("mq_unlink 255 bytes", mq_unlink_raw(name255));
	SHOW("mq_unlink 299 bytes", mq_unlink_raw(big));
	SHOW("mq_unlink \"\"", mq_unlink_raw(""));
	SHOW("mq_unlink \"a/b\"", mq_unlink_raw("a/b"));
	SHOW("mq_unlink a bad pointer", mq_unlink_raw((const char *)8));
	SHOW("mq_unlink a missing queue", mq_unlink_raw("mqe_none"));
	SHOW("a bad name pointer", mq_open_raw((const char *)8, O_RDWR, 0, NULL));
	SHOW("a bad attr pointer, no O_CREAT", mq_open_raw("mqe_none", O_RDWR, 0, (void *)8));
	SHOW("missing, no O_CREAT", mq_open_raw("mqe_none", O_RDWR, 0, NULL));

	/* Attributes (root: up to the hard limits; RLIMIT_MSGQUEUE 819200 bytes, and no other queue of
	 * root's exists to count against it). */
	try_create("maxmsg 0", 0, 16);
	try_create("maxmsg -1", -1, 16);
	try_create("msgsize 0", 10, 0);
	try_create("above msg_max, as root", 11, 16);
	try_create("HARD_MSGMAX", 65536, 1);
	try_create("above HARD_MSGMAX", 65537, 1);
	try_create("above HARD_MSGSIZEMAX", 1, 16 * 1024 * 1024 + 1);
	try_create("one message, 819104 bytes + 96 of overhead = RLIMIT_MSGQUEUE", 1, 819104);
	try_create("one byte more", 1, 819105);
	mqd_t many[12];
	int fail, fail_errno;
	int made = mq_make_many("/mqe_d", many, 12, &fail, &fail_errno);
	printf("queue %d of the default size (10 x 8192 + 960 bytes): %s\n", fail + 1, errname(fail_errno));
	printf("default queues made: %d\n", made);
	mq_remove_many("/mqe_d", many, 12);
	struct rlimit old;
	getrlimit(RLIMIT_MSGQUEUE, &old);
	setrlimit(RLIMIT_MSGQUEUE, &(struct rlimit){ 100000, old.rlim_max });
	try_create("RLIMIT_MSGQUEUE 100000, 10 x 9904", 10, 9904);
	try_create("RLIMIT_MSGQUEUE 100000, 10 x 9905", 10, 9905);
	setrlimit(RLIMIT_MSGQUEUE, &old);
	struct rlimit nofile;
	getrlimit(RLIMIT_NOFILE, &nofile);
	int top = dup(0);
	close(top);
	setrlimit(RLIMIT_NOFILE, &(struct rlimit){ top, nofile.rlim_max });
	SHOW("no descriptor free, O_CREAT", mq_open("/mqe_nofd", O_CREAT | O_RDWR, 0600, NULL));
	setrlimit(RLIMIT_NOFILE, &nofile);
	SHOW("  and nothing was made", mq_open("/mqe_nofd", O_RDWR));

	/* Existing queues. */
	mqd_t q = mq_open("/mqe", O_CREAT | O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 3, .mq_msgsize = 16 });
	check(q >= 0, "mq_open /mqe: %s", err_of(q));
	SHOW("O_CREAT|O_EXCL of an existing queue", mq_open_raw("mqe", O_CREAT | O_EXCL | O_RDWR, 0600, NULL));
	SHOW("O_ACCMODE 3 of an existing queue", mq_open_raw("mqe", 3, 0, NULL));
	SHOW("O_ACCMODE 3 | O_CREAT of an existing queue", mq_open_raw("mqe", 3 | O_CREAT, 0600, NULL));
	int neither = (int)mq_open_raw("mqe_3", 3 | O_CREAT, 0600, NULL);
	printf("O_ACCMODE 3 | O_CREAT makes a queue: %s\n", neither >= 0 ? "ok" : errname(errno));
	SHOW("  its descriptor sends", mq_send(neither, "x", 1, 0));
	SHOW("  its descriptor receives", mq_receive(neither, buf, sizeof buf, NULL));
	close(neither);
	mq_unlink("/mqe_3");

	/* Sends and receives. */
	mqd_t ro = mq_open("/mqe", O_RDONLY), wo = mq_open("/mqe", O_WRONLY);
	int p[2];
	pipe(p);
	SHOW("mq_send priority 32768 to a closed descriptor", mq_send(99, "x", 1, 32768));
	SHOW("mq_send to a closed descriptor", mq_send(99, "x", 1, 0));
	SHOW("mq_send to a pipe", mq_send(p[1], "x", 1, 0));
	SHOW("mq_send on O_RDONLY", mq_send(ro, "x", 1, 0));
	SHOW("mq_send of 17 bytes (msgsize 16)", mq_send(wo, "12345678901234567", 17, 0));
	SHOW("mq_send of 16 bytes", mq_send(wo, "1234567890123456", 16, 0));
	SHOW("mq_send from a bad pointer", mq_send(wo, (const char *)8, 4, 0));
	SHOW("mq_send of 0 bytes from a bad pointer", mq_send(wo, (const char *)8, 0, 0));
	SHOW("mq_timedsend, a bad timeout pointer, closed descriptor", mq_timedsend(99, "x", 1, 0, (void *)8));
	SHOW("mq_receive on O_WRONLY", mq_receive(wo, buf, sizeof buf, NULL));
	SHOW("mq_receive from a pipe", mq_receive(p[0], buf, sizeof buf, NULL));
	SHOW("mq_receive into 15 bytes", mq_receive(ro, buf, 15, NULL));
	printf("messages: %ld\n", curmsgs(q));
	SHOW("mq_receive into a bad buffer", mq_receive(ro, (char *)8, 16, NULL));
	printf("messages: %ld (the message is lost)\n", curmsgs(q));
	SHOW("mq_receive with a bad priority pointer", mq_receive(ro, buf, sizeof buf, (unsigned *)8));
	printf("messages: %ld\n", curmsgs(q));
	SHOW("mq_timedreceive, a bad timeout pointer", mq_timedreceive(ro, buf, sizeof buf, NULL, (void *)8));
	SHOW("mq_receive, a message of 0 bytes", (mq_send(wo, "", 0, 0), mq_receive(ro, buf, sizeof buf, NULL)));

	/* mq_getattr and mq_setattr. */
	SHOW("mq_getattr of a closed descriptor", mq_getattr(99, &(struct mq_attr){ 0 }));
	SHOW("mq_getattr of a pipe", mq_getattr(p[0], &(struct mq_attr){ 0 }));
	SHOW("mq_setattr mq_flags 1", mq_setattr(q, &(struct mq_attr){ .mq_flags = 1 }, NULL));
	SHOW("mq_setattr mq_flags O_NONBLOCK|O_APPEND", mq_setattr(q, &(struct mq_attr){ .mq_flags = O_NONBLOCK | O_APPEND }, NULL));
	SHOW("mq_getsetattr from a bad pointer", syscall(SYS_mq_getsetattr, q, (void *)8, NULL));
	SHOW("mq_getsetattr O_NONBLOCK into a bad pointer",
	     syscall(SYS_mq_getsetattr, q, &(struct mq_attr){ .mq_flags = O_NONBLOCK }, (void *)8));
	struct mq_attr a;
	mq_getattr(q, &a);
	printf("  O_NONBLOCK was set all the same: %d\n", (a.mq_flags & O_NONBLOCK) != 0);
	SHOW("mq_getsetattr with neither", syscall(SYS_mq_getsetattr, q, NULL, NULL));
	SHOW("mq_close of a closed descriptor", mq_close(99));

	mq_close(q);
	mq_close(ro);
	mq_close(wo);
	mq_unlink("/mqe");
	return done();
}
