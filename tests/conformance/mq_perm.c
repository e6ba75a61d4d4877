/* tests/conformance/mq_perm.c: POSIX message queues and credentials (mq_open(3), mq_overview(7)): a queue belongs to
 * its creator's fs uid and gid with mode & ~umask; another user opens it only as the owner's, group's or others'
 * bits allow (root always); the mqueue directory is sticky, so only a queue's owner or root may mq_unlink it (EPERM
 * from the system call; glibc's mq_unlink turns it into EACCES, so it is called raw); an unprivileged user's
 * attributes are bounded by msg_max and msgsize_max and its queues by queues_max (ENOSPC; root is not), the
 * limits of /proc/sys/fs/mqueue everyone may read and only root may write (EACCES at open(2), EPERM at write(2)
 * through a descriptor root opened: Linux checks both), RLIMIT_MSGQUEUE counts all the queues of a real user; a
 * notification reaches the registered process whoever sends the message, even a sender kill(2) would refuse
 * (Linux's __do_notify sends it as the kernel), and is used up. */
#include <fcntl.h>
#include <grp.h>
#include <mqueue.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "mq_conf.h"

static void become(uid_t uid)
{
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
		printf("cannot become %d: %s\n", (int)uid, errname(errno));
}

/* as_user: run f in a child with uid and gid uid; wait for it. */
static void as_user(uid_t uid, void (*f)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		become(uid);
		f();
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static const char *owner_of(mqd_t q)
{
	static char buf[64];
	struct stat s;
	fstat(q, &s);
	snprintf(buf, sizeof buf, "uid %d gid %d mode %o", (int)s.st_uid, (int)s.st_gid, s.st_mode & 07777);
	return buf;
}

static void user_opens(void)
{
	SHOW("+1000 opens 0600 O_RDONLY", mq_open("/mqp_600", O_RDONLY));
	SHOW("+1000 opens 0644 O_RDONLY", mq_open("/mqp_644", O_RDONLY));
	SHOW("+1000 opens 0644 O_WRONLY", mq_open("/mqp_644", O_WRONLY));
	SHOW("+1000 opens 0644 O_RDWR", mq_open("/mqp_644", O_RDWR));
	SHOW("+1000 opens 0666 O_RDWR", mq_open("/mqp_666", O_RDWR));
	SHOW("+1000 opens 0640 (group 1000) O_RDWR", mq_open("/mqp_grp", O_RDWR));
	SHOW("+1000 opens 0460 (group 1000) O_RDWR", mq_open("/mqp_grp2", O_RDWR));
	SHOW("+1000 opens 0460 (group 1000) O_RDONLY", mq_open("/mqp_grp2", O_RDONLY));
	SHOW("+1000 opens 0600 with O_CREAT (it exists)", mq_open("/mqp_600", O_CREAT | O_RDONLY, 0666, NULL));
	SHOW("1000 mq_unlinks root's queue", syscall(SYS_mq_unlink, "mqp_666"));
	mqd_t own = mq_open("/mqp_user", O_CREAT | O_RDWR, 0200, NULL);
	printf("1000 makes a queue of mode 0200: %s, %s\n", err_of(own), owner_of(own));
	SHOW("+1000 opens its own 0200 queue O_RDONLY", mq_open("/mqp_user", O_RDONLY));
	SHOW("+1000 opens its own 0200 queue O_WRONLY", mq_open("/mqp_user", O_WRONLY));
	mq_close(own);
	SHOW("+maxmsg 11 (msg_max 10)",
	     mq_open("/mqp_big", O_CREAT | O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 11, .mq_msgsize = 16 }));
	SHOW("+msgsize 8193 (msgsize_max 8192)",
	     mq_open("/mqp_big", O_CREAT | O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 1, .mq_msgsize = 8193 }));
	printf("1000 writes msg_max: %s\n", mq_sysctl_set("msg_max", "20"));
	printf("1000 reads msg_max: %ld\n", mq_sysctl("msg_max"));
}

static int root_fd; /* /proc/sys/fs/mqueue/msg_max, opened O_WRONLY by root */

static void user_writes_roots_fd(void)
{
	ssize_t r = write(root_fd, "20", 2);
	printf("1000 writes msg_max through root's descriptor: %s\n", r < 0 ? errname(errno) : "ok");
}

static void user_unlinks(void)
{
	SHOW("1000 mq_unlinks its own queue", syscall(SYS_mq_unlink, "mqp_user"));
}

static void other_opens(void)
{
	SHOW("+1001 opens 0640 (group 1000) O_RDONLY", mq_open("/mqp_grp", O_RDONLY));
	SHOW("+1001 opens 0644 (root's) O_RDONLY", mq_open("/mqp_644", O_RDONLY));
	SHOW("1001 mq_unlinks 1000's queue", syscall(SYS_mq_unlink, "mqp_user"));
}

static void user_creates(void)
{
	SHOW("+1000 makes a queue, queues_max 0", mq_open("/mqp_q", O_CREAT | O_RDWR, 0600, NULL));
}

/* user_rlimit: 9 queues of the default size fit in 819200 bytes, and the 10th does not, in this process or another
 * of the same user. */
static void user_rlimit(void)
{
	mqd_t q[9];
	int fail, fail_errno;
	int made = mq_make_many("/mqp_r", q, 9, &fail, &fail_errno);
	printf("1000 made %d queues of the default size\n", made);
	SHOW("+1000 makes a 10th", mq_open("/mqp_r9", O_CREAT | O_RDWR, 0600, NULL));
	pid_t pid = fork();
	if (pid == 0) {
		SHOW("+another process of 1000 makes one", mq_open("/mqp_r9", O_CREAT | O_RDWR, 0600, NULL));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	mq_remove_many("/mqp_r", q, 9);
	SHOW("+after removing them, 1000 makes one", mq_open("/mqp_r9", O_CREAT | O_RDWR, 0600, NULL));
	mq_unlink("/mqp_r9");
}

static void user_sends(void)
{
	mqd_t q = mq_open("/mqp_666", O_WRONLY);
	SHOW("1000 sends to the queue root registered on", mq_send(q, "hi", 2, 0));
}

static volatile int nsig;
static void on_usr1(int sig) { (void)sig; nsig++; }

static const char *notify_pid(mqd_t q)
{
	char buf[128] = "";
	ssize_t n = pread(q, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	char *p = strstr(buf, "NOTIFY_PID:");
	int pid = p ? atoi(p + 11) : -1;
	return pid == getpid() ? "self" : pid == 0 ? "none" : "other";
}

int main(void)
{
	const char *names[] = { "/mqp_600", "/mqp_644", "/mqp_666", "/mqp_grp", "/mqp_grp2", "/mqp_user", "/mqp_q" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		mq_unlink(names[i]);
	mkdir("/proc", 0555);
	if (access("/proc/self", F_OK) != 0)
		mount("proc", "/proc", "proc", 0, NULL);

	umask(027);
	mqd_t u = mq_open("/mqp_600", O_CREAT | O_RDWR, 0666, NULL);
	printf("root makes /mqp_600 with mode 0666 and umask 027: %s\n", owner_of(u));
	fchmod(u, 0600);
	printf("fchmod 0600: %s\n", owner_of(u));
	umask(0);
	mqd_t q644 = mq_open("/mqp_644", O_CREAT | O_RDWR, 0644, NULL);
	mqd_t q666 = mq_open("/mqp_666", O_CREAT | O_RDWR, 0666, NULL);
	setegid(1000);
	mqd_t grp = mq_open("/mqp_grp", O_CREAT | O_RDWR, 0640, NULL);
	mqd_t grp2 = mq_open("/mqp_grp2", O_CREAT | O_RDWR, 0460, NULL);
	setegid(0);
	printf("made with egid 1000: %s\n", owner_of(grp));
	SHOW("+root opens 0460 O_RDWR", mq_open("/mqp_grp2", O_RDWR));

	as_user(1000, user_opens);
	as_user(1001, other_opens);
	as_user(1000, user_unlinks);
	root_fd = open("/proc/sys/fs/mqueue/msg_max", O_WRONLY);
	as_user(1000, user_writes_roots_fd);
	close(root_fd);
	printf("msg_max now: %ld\n", mq_sysctl("msg_max"));
	printf("root writes queues_max 0: %s\n", mq_sysctl_set("queues_max", "0"));
	as_user(1000, user_creates);
	SHOW("+root makes a queue, queues_max 0", mq_open("/mqp_q", O_CREAT | O_RDWR, 0600, NULL));
	mq_unlink("/mqp_q");
	printf("root writes queues_max 256: %s\n", mq_sysctl_set("queues_max", "256"));
	as_user(1000, user_rlimit);

	/* A notification from a sender that may not signal root. */
	signal(SIGUSR1, on_usr1);
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	int r = mq_notify(q666, &sev);
	printf("root registers: %s, NOTIFY_PID %s\n", err_of(r), notify_pid(q666));
	as_user(1000, user_sends);
	sleep_ms(50);
	printf("signals: %d, NOTIFY_PID %s\n", nsig, notify_pid(q666));
	char buf[8192];
	mq_receive(q666, buf, sizeof buf, NULL);
	mq_notify(q666, &sev);
	pid_t pid = fork();
	if (pid == 0)
		_exit(mq_send(q666, "root", 4, 0) == 0 ? 0 : 1);
	waitpid(pid, NULL, 0);
	printf("a child of root sends: signals %d, NOTIFY_PID %s\n", nsig, notify_pid(q666));

	mq_close(u);
	mq_close(q644);
	mq_close(q666);
	mq_close(grp);
	mq_close(grp2);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		mq_unlink(names[i]);
	return done();
}
