/* tests/conformance/mq_basic.c: POSIX message queues in one process (mq_overview(7)): mq_open's creation and
 * attributes (the defaults, 10 messages of 8192 bytes, or those given; mq_getattr, mq_setattr's O_NONBLOCK),
 * messages received by priority and in order within one (mq_send(3), mq_receive(3)), EAGAIN on a full or empty
 * queue without blocking, a descriptor shared with a child, the queue as a file of the mqueue filesystem (mount -t
 * mqueue lists it, read gives its QSIZE line, stat its mode and size; open(2) with O_CREAT makes one, unlink(2)
 * removes one, mkdir gives EPERM), a queue that lives on after mq_unlink while open, poll, and the limits in
 * /proc/sys/fs/mqueue: their bounds, and how Linux's sysctl files read and parse (only from offset 0; blanks, one
 * number in C's bases, what follows it left unread; a write past offset 0 taken and ignored). */
#include <dirent.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include "mq_conf.h"

static void show_attr(const char *what, mqd_t q)
{
	struct mq_attr a;
	int r = mq_getattr(q, &a);
	printf("%s: %s flags %s maxmsg %ld msgsize %ld curmsgs %ld\n", what, err_of(r),
	       a.mq_flags & O_NONBLOCK ? "O_NONBLOCK" : "0", a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
}

/* status: the text read(2) gives for queue descriptor q, from offset 0, its newline cut. */
static const char *status(int q)
{
	static char buf[128];
	ssize_t n = pread(q, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static const char *poll_of(mqd_t q)
{
	struct pollfd p = { q, POLLIN | POLLOUT, 0 };
	int r = poll(&p, 1, 0);
	static char buf[32];
	snprintf(buf, sizeof buf, "%d:%s%s", r, p.revents & POLLIN ? " POLLIN" : "", p.revents & POLLOUT ? " POLLOUT" : "");
	return buf;
}

int main(void)
{
	char buf[8192];
	unsigned prio;
	umask(022);
	mq_unlink("/mqb");
	mq_unlink("/mqb2");
	mqd_t q = mq_open("/mqb", O_CREAT | O_EXCL | O_RDWR, 0640, NULL);
	check(q >= 0, "mq_open /mqb O_CREAT|O_EXCL: %s", err_of(q));
	show_attr("new queue, no attributes", q);
	mqd_t q2 = mq_open("/mqb", O_CREAT | O_EXCL | O_RDWR, 0640, NULL);
	printf("again with O_EXCL: %d %s\n", q2, err_of(q2));
	q2 = mq_open("/mqb", O_CREAT | O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 1, .mq_msgsize = 1 });
	printf("again with O_CREAT: a descriptor %d, attributes ignored\n", q2 >= 0);
	show_attr("  its attributes", q2);
	mq_close(q2);
	int fdflags = fcntl(q, F_GETFD);
	printf("close-on-exec: %d\n", fdflags >= 0 && (fdflags & FD_CLOEXEC));

	/* Priorities: the highest first, FIFO within one. */
	const struct { const char *text; unsigned prio; } sends[] = {
		{ "low", 1 }, { "high", 9 }, { "mid", 5 }, { "high2", 9 }, { "zero", 0 }, { "mid2", 5 }, { "max", 32767 },
	};
	for (size_t i = 0; i < sizeof sends / sizeof *sends; i++) {
		int r = mq_send(q, sends[i].text, strlen(sends[i].text), sends[i].prio);
		check(r == 0, "mq_send \"%s\" priority %u: %s", sends[i].text, sends[i].prio, err_of(r));
	}
	show_attr("after 7 sends", q);
	printf("status: %s\n", status(q));
	ssize_t n = mq_receive(q, buf, 8191, &prio);
	printf("receive with an 8191-byte buffer: %zd %s\n", n, err_of(n));
	while ((n = mq_timedreceive(q, buf, sizeof buf, &prio, &(struct timespec){ 0, 0 })) >= 0)
		printf("received %zd bytes, priority %u: %.*s\n", n, prio, (int)n, buf);
	printf("then: %s (a timeout already passed)\n", errname(errno));
	n = mq_send(q, "", 0, 3);
	n = mq_receive(q, buf, sizeof buf, NULL);
	printf("an empty message, no priority wanted: %zd\n", n);

	/* O_NONBLOCK through mq_setattr. */
	struct mq_attr old;
	int r = mq_setattr(q, &(struct mq_attr){ .mq_flags = O_NONBLOCK, .mq_maxmsg = 99 }, &old);
	printf("mq_setattr O_NONBLOCK: %s, old flags %ld maxmsg %ld\n", err_of(r), old.mq_flags, old.mq_maxmsg);
	show_attr("now", q);
	printf("descriptor flags have O_NONBLOCK: %d\n", (fcntl(q, F_GETFL) & O_NONBLOCK) != 0);
	n = mq_receive(q, buf, sizeof buf, NULL);
	printf("receive from the empty queue: %zd %s\n", n, err_of(n));
	printf("poll empty: %s\n", poll_of(q));
	for (int i = 0; i < 10; i++)
		mq_send(q, "fill", 4, (unsigned)i);
	printf("poll full: %s\n", poll_of(q));
	r = mq_send(q, "one too many", 12, 0);
	printf("send to the full queue: %d %s\n", r, err_of(r));
	show_attr("full", q);
	printf("status: %s\n", status(q));
	mq_receive(q, buf, sizeof buf, &prio);
	printf("first out of the full queue: priority %u\n", prio);
	printf("poll with 9: %s\n", poll_of(q));
	while (mq_receive(q, buf, sizeof buf, NULL) >= 0)
		;
	mq_setattr(q, &(struct mq_attr){ .mq_flags = 0 }, NULL);

	/* A child sends through its own descriptor; the parent's inherited one works in the child too. */
	pid_t pid = fork();
	if (pid == 0) {
		mqd_t w = mq_open("/mqb", O_WRONLY);
		int a = mq_send(w, "from the child", 14, 7);
		int b = mq_send(q, "inherited", 9, 2);
		_exit(a == 0 && b == 0 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child exit %d\n", WEXITSTATUS(st));
	n = mq_receive(q, buf, sizeof buf, &prio);
	printf("received %.*s (priority %u)\n", (int)n, buf, prio);
	n = mq_receive(q, buf, sizeof buf, &prio);
	printf("received %.*s (priority %u)\n", (int)n, buf, prio);

	/* The mqueue filesystem. */
	mkdir("/proc", 0555);
	if (access("/proc/self", F_OK) != 0)
		mount("proc", "/proc", "proc", 0, NULL);
	r = mount("mqueue", "/dev/mqueue", "mqueue", 0, NULL);
	check(r == 0, "mount -t mqueue mqueue /dev/mqueue: %s", err_of(r));
	FILE *mf = fopen("/proc/mounts", "r");
	while (mf && fgets(buf, sizeof buf, mf))
		if (strstr(buf, "mqueue"))
			printf("/proc/mounts: %s", buf);
	if (mf)
		fclose(mf);
	struct statfs sfs;
	r = statfs("/dev/mqueue", &sfs);
	printf("statfs: %s f_type %#lx\n", err_of(r), (unsigned long)sfs.f_type);
	struct stat s;
	stat("/dev/mqueue", &s);
	printf("/dev/mqueue: mode %o uid %d\n", s.st_mode, (int)s.st_uid);
	mq_send(q, "12345", 5, 1);
	DIR *d = opendir("/dev/mqueue");
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, "mqb", 3) == 0)
			printf("listed: %s (%s)\n", e->d_name, e->d_type == DT_REG ? "DT_REG" : "other");
	if (d)
		closedir(d);
	r = stat("/dev/mqueue/mqb", &s);
	printf("stat /dev/mqueue/mqb: %s mode %o size %lld nlink %d uid %d\n", err_of(r), s.st_mode, (long long)s.st_size,
	       (int)s.st_nlink, (int)s.st_uid);
	int fd = open("/dev/mqueue/mqb", O_RDONLY);
	n = read(fd, buf, sizeof buf);
	printf("cat /dev/mqueue/mqb: %zd bytes: %.*s", n, (int)(n > 0 ? n : 0), buf);
	n = read(fd, buf, sizeof buf);
	printf("read again: %zd\n", n);
	n = write(q, "x", 1);
	printf("write(2) to a queue: %zd %s\n", n, err_of(n));
	n = mq_receive(fd, buf, sizeof buf, NULL);
	printf("mq_receive through a descriptor open(2) made: %zd \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buf);
	close(fd);
	fd = open("/dev/mqueue/mqb2", O_CREAT | O_RDWR, 0600);
	check(fd >= 0, "open /dev/mqueue/mqb2 O_CREAT makes a queue: %s", err_of(fd));
	show_attr("  with the default attributes", fd);
	close(fd);
	q2 = mq_open("/mqb2", O_RDWR);
	check(q2 >= 0, "mq_open /mqb2 finds it: %s", err_of(q2));
	mq_close(q2);
	r = unlink("/dev/mqueue/mqb2");
	check(r == 0, "unlink /dev/mqueue/mqb2: %s", err_of(r));
	q2 = mq_open("/mqb2", O_RDWR);
	printf("mq_open /mqb2 after the unlink: %d %s\n", q2, err_of(q2));
	r = mkdir("/dev/mqueue/dir", 0755);
	printf("mkdir in /dev/mqueue: %d %s\n", r, err_of(r));
	r = symlink("mqb", "/dev/mqueue/link");
	printf("symlink in /dev/mqueue: %d %s\n", r, err_of(r));
	r = rename("/dev/mqueue/mqb", "/dev/mqueue/mqc");
	printf("rename in /dev/mqueue: %d %s\n", r, err_of(r));

	/* mq_unlink: the name goes, the open queue stays. */
	r = mq_unlink("/mqb");
	check(r == 0, "mq_unlink /mqb: %s", err_of(r));
	r = mq_unlink("/mqb");
	printf("mq_unlink again: %d %s\n", r, err_of(r));
	q2 = mq_open("/mqb", O_RDWR);
	printf("mq_open after mq_unlink: %d %s\n", q2, err_of(q2));
	r = stat("/dev/mqueue/mqb", &s);
	printf("stat after mq_unlink: %d %s\n", r, err_of(r));
	fstat(q, &s);
	printf("fstat of the open queue: nlink %d\n", (int)s.st_nlink);
	r = mq_send(q, "still here", 10, 4);
	n = mq_receive(q, buf, sizeof buf, &prio);
	printf("the unlinked queue still works: %d, %.*s\n", r, (int)(n > 0 ? n : 0), buf);
	mq_close(q);
	r = umount("/dev/mqueue");
	check(r == 0, "umount /dev/mqueue: %s", err_of(r));

	/* /proc/sys/fs/mqueue. */
	d = opendir("/proc/sys/fs/mqueue");
	printf("/proc/sys/fs/mqueue:");
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			printf(" %s=%ld", e->d_name, mq_sysctl(e->d_name));
	printf("\n");
	if (d)
		closedir(d);
	stat("/proc/sys/fs/mqueue/msg_max", &s);
	printf("msg_max: mode %o\n", s.st_mode);
	printf("write msg_default 5: %s\n", mq_sysctl_set("msg_default", "5\n"));
	printf("write msg_max 0: %s\n", mq_sysctl_set("msg_max", "0"));
	printf("write msg_max abc: %s\n", mq_sysctl_set("msg_max", "abc"));
	printf("write msgsize_max 127: %s\n", mq_sysctl_set("msgsize_max", "127"));
	printf("write msgsize_default 200: %s\n", mq_sysctl_set("msgsize_default", "  200  "));
	printf("msg_default %ld, msg_max %ld, msgsize_default %ld\n", mq_sysctl("msg_default"), mq_sysctl("msg_max"),
	       mq_sysctl("msgsize_default"));
	q = mq_open("/mqb", O_CREAT | O_RDWR, 0600, NULL);
	show_attr("a queue made now, no attributes", q);
	mq_close(q);
	mq_unlink("/mqb");
	printf("write msg_max 3: %s\n", mq_sysctl_set("msg_max", "3"));
	q = mq_open("/mqb", O_CREAT | O_RDWR, 0600, NULL);
	show_attr("with msg_max 3 (the default is the smaller)", q);
	mq_close(q);
	mq_unlink("/mqb");
	fd = open("/proc/sys/fs/mqueue/msg_default", O_RDWR);
	ssize_t w1 = write(fd, "6", 1), w2 = write(fd, "7", 1);
	printf("two writes on one descriptor: %zd, %zd; msg_default %ld\n", w1, w2, mq_sysctl("msg_default"));
	n = pread(fd, buf, sizeof buf, 0);
	printf("pread from 0: %zd \"%.*s\"\n", n, (int)(n > 1 ? n - 1 : 0), buf);
	n = pread(fd, buf, sizeof buf, 1);
	printf("pread from 1: %zd\n", n);
	n = pwrite(fd, "8", 1, 0);
	printf("pwrite at 0: %zd; msg_default %ld\n", n, mq_sysctl("msg_default"));
	n = pwrite(fd, "", 0, 0);
	printf("a write of 0 bytes: %zd %s\n", n, err_of(n));
	n = pwrite(fd, (const char *)8, 2, 0);
	printf("a write from a bad pointer: %zd %s\n", n, err_of(n));
	n = pwrite(fd, "12345678901234567890123456789", 29, 0);
	printf("a write of 29 digits: %zd %s\n", n, err_of(n));
	n = pwrite(fd, "9 9", 3, 0);
	printf("a write of \"9 9\": %zd %s; msg_default %ld\n", n, err_of(n), mq_sysctl("msg_default"));
	n = pwrite(fd, "-0", 2, 0);
	printf("a write of -0: %zd %s\n", n, err_of(n));
	const char *texts[] = { "0x10", "010", "08", "0x", " \t\n12\n\n", "1x", "+3", "000000000000000000004" };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		n = pwrite(fd, texts[i], strlen(texts[i]), 0);
		printf("a write of text %zu: %zd %s; msg_default %ld\n", i, n, err_of(n), mq_sysctl("msg_default"));
	}
	close(fd);
	printf("write queues_max -1: %s\n", mq_sysctl_set("queues_max", "-1"));
	printf("write queues_max 2147483648: %s; queues_max %ld\n", mq_sysctl_set("queues_max", "2147483648"),
	       mq_sysctl("queues_max"));
	mq_sysctl_set("queues_max", "256");
	mq_sysctl_set("msg_default", "10");
	mq_sysctl_set("msg_max", "10");
	mq_sysctl_set("msgsize_default", "8192");
	printf("restored: msg_default %ld, msg_max %ld, msgsize_default %ld\n", mq_sysctl("msg_default"), mq_sysctl("msg_max"),
	       mq_sysctl("msgsize_default"));
	return done();
}
