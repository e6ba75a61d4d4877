/* labs/posix-mq/mqlab.h: what the posix-mq lab's programs share: opening a fresh queue and showing its file in the
 * mqueue filesystem (mq_overview(7): /dev/mqueue/NAME reads "QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:..."). */
#ifndef LABS_POSIX_MQ_MQLAB_H
#define LABS_POSIX_MQ_MQLAB_H
#include <fcntl.h>
#include <mqueue.h>
#include <sys/mount.h>
#include "lab.h"

/* mq_fresh: create the queue name (a leftover of an earlier run is unlinked first) with maxmsg messages of at most
 * msgsize bytes, opened O_RDWR; exits through lab_die when it cannot. */
static inline mqd_t mq_fresh(const char *name, long maxmsg, long msgsize)
{
	struct mq_attr attr = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
	mq_unlink(name);
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1)
		lab_die("mq_open");
	return q;
}

/* mq_show: print /dev/mqueue/NAME (name without its '/') after "what: ", spaces squeezed, and mark it in the trace
 * ("file QSIZE:..."). The mqueue filesystem is mounted there first when it is not yet (as root: mount -t mqueue
 * none /dev/mqueue, mq_overview(7)), and unmounted after. q >= 0: read the same text through that queue descriptor
 * instead (on Linux an mqd_t is a descriptor of that very file), for a process registered with mq_notify: its
 * close(2) of any descriptor of the queue would end the registration (Linux 6.1 ipc/mqueue.c, mqueue_flush_file). */
static inline void mq_show(const char *name, const char *what, mqd_t q)
{
	char path[64], raw[160] = "", text[160];
	snprintf(path, sizeof path, "/dev/mqueue/%s", name + 1);
	int fd = q, mounted = 0;
	if (q < 0) {
		fd = open(path, O_RDONLY);
		if (fd < 0 && errno == ENOENT && mount("none", "/dev/mqueue", "mqueue", 0, NULL) == 0) {
			mounted = 1;
			fd = open(path, O_RDONLY);
		}
		if (fd < 0)
			lab_die("open /dev/mqueue/NAME");
	}
	ssize_t n = pread(fd, raw, sizeof raw - 1, 0);
	if (q < 0)
		close(fd);
	if (mounted) /* leave the system as it was */
		umount("/dev/mqueue");
	raw[n > 0 ? n : 0] = 0;
	size_t j = 0;
	for (size_t i = 0; raw[i] && j < sizeof text - 1; i++)
		if (!(raw[i] == ' ' && (j == 0 || text[j - 1] == ' ')) && raw[i] != '\n')
			text[j++] = raw[i];
	while (j > 0 && text[j - 1] == ' ')
		j--;
	text[j] = 0;
	trace_mark("file %s", text);
	say(1, "%s: %s: %s\n", what, path, text);
}

/* mq_drain: receive and print ("received \"TEXT\"") every message the queue holds now (mq_getattr's mq_curmsgs),
 * without waiting for more; the messages are at most 32 bytes (the lab's queues' mq_msgsize). */
static inline void mq_drain(mqd_t q)
{
	char buf[32];
	ssize_t n;
	struct mq_attr a;
	mq_getattr(q, &a);
	while (a.mq_curmsgs-- > 0 && (n = mq_receive(q, buf, sizeof buf, NULL)) >= 0)
		say(1, "received \"%.*s\"\n", (int)n, buf);
}
#endif
