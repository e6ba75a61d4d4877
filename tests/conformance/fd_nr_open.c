/* tests/conformance/fd_nr_open.c: RLIMIT_NOFILE above its default hard limit (4096), up to fs.nr_open (1,048,576
 * on Linux: getrlimit(2) "RLIMIT_NOFILE", fs/file.c sysctl_nr_open): root may raise the limit that far and no
 * further (EPERM), and the descriptor table then grows on demand to hold the highest descriptor: dup2 and
 * F_DUPFD at the top, select and poll over a table of a million, fork copying it; lowering the limit keeps what is
 * open; an unprivileged process may not raise its hard limit. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

#define NR_OPEN (1024 * 1024)

static void setlim(const char *what, rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max };
	printf("setrlimit %s: %s\n", what, setrlimit(RLIMIT_NOFILE, &r) ? errname(errno) : "ok");
}

static void result(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

/* fdsize: the FDSize line of /proc/self/status: how many descriptors the table holds now (main mounts /proc). */
static long fdsize(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long n = -1;

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "FDSize: %ld", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

static unsigned long setbits[NR_OPEN / (8 * sizeof(unsigned long))];

int main(void)
{
	mkdir("/proc", 0555);
	int mounted = mount("proc", "/proc", "proc", 0, NULL) == 0;
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	printf("default: soft %lu, hard %lu\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);
	setlim("1048577 1048577", NR_OPEN + 1, NR_OPEN + 1);
	setlim("1024 2000000", 1024, 2000000);
	setlim("5000 4096 (soft above hard)", 5000, 4096);
	setlim("1048576 1048576", NR_OPEN, NR_OPEN);
	getrlimit(RLIMIT_NOFILE, &r);
	printf("now: soft %lu, hard %lu\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);

	int p[2];
	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK); /* a kernel that lost a write fails here rather than hanging */
	result("dup2 to 1048575", dup2(p[1], NR_OPEN - 1));
	result("dup2 to 1048576", dup2(p[1], NR_OPEN));
	printf("FDSize: %ld\n", fdsize());
	result("F_DUPFD from 1048576", fcntl(p[1], F_DUPFD, NR_OPEN));
	result("F_DUPFD from 1048570", fcntl(p[1], F_DUPFD, NR_OPEN - 6));
	result("F_DUPFD from 1048574", fcntl(p[1], F_DUPFD, NR_OPEN - 2));
	result("F_DUPFD from 1048574 again", fcntl(p[1], F_DUPFD, NR_OPEN - 2));
	result("write on 1048575", write(NR_OPEN - 1, "top", 3));
	char buf[8] = { 0 };
	result("read it from the pipe", read(p[0], buf, sizeof buf));
	printf("read: %s\n", buf);

	/* select and poll over the whole table: the pipe's read end moved to 1048573, with a byte waiting */
	result("dup2 the read end to 1048573", dup2(p[0], NR_OPEN - 3));
	write(p[1], "x", 1);
	setbits[(NR_OPEN - 3) / (8 * sizeof(unsigned long))] |= 1UL << ((NR_OPEN - 3) % (8 * sizeof(unsigned long)));
	struct timespec zero = { 0, 0 };
	long n = syscall(SYS_pselect6, NR_OPEN, setbits, NULL, NULL, &zero, NULL);
	result("pselect6 over 1048576 descriptors", n);
	printf("its bit: %s\n",
	       setbits[(NR_OPEN - 3) / (8 * sizeof(unsigned long))] >> ((NR_OPEN - 3) % (8 * sizeof(unsigned long))) & 1
		       ? "set"
		       : "clear");
	struct pollfd pf = { NR_OPEN - 3, POLLIN, 0 };
	result("poll on 1048573", poll(&pf, 1, 0));
	printf("revents: %#x\n", pf.revents);
	read(p[0], buf, 1);

	/* fork copies the table */
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(write(NR_OPEN - 1, "child", 5) == 5 ? 0 : 1);
	int st;
	waitpid(c, &st, 0);
	memset(buf, 0, sizeof buf);
	read(p[0], buf, sizeof buf);
	printf("the child wrote on 1048575: %s (exit %d)\n", buf, WEXITSTATUS(st));

	/* a lower limit keeps what is open */
	setlim("1024 1048576", 1024, NR_OPEN);
	result("dup2 to 2000", dup2(p[1], 2000));
	result("write on 1048575 still", write(NR_OPEN - 1, "y", 1));
	read(p[0], buf, 1);
	for (int fd = NR_OPEN - 6; fd < NR_OPEN; fd++)
		close(fd);

	/* descriptors up to the soft limit, one at a time */
	setlim("6000 1048576", 6000, NR_OPEN);
	int last = -1, fd;
	while ((fd = dup(0)) >= 0)
		last = fd;
	printf("dup until it fails: %s, the last was %d\n", errname(errno), last);
	for (fd = 3; fd <= last; fd++)
		if (fd != p[0] && fd != p[1])
			close(fd);

	/* an unprivileged process may lower its hard limit, not raise it */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		setlim("4096 4096", 4096, 4096);
		if (setgid(1000) || setuid(1000))
			_exit(2);
		setlim("4096 8192 as uid 1000", 4096, 8192);
		setlim("1024 2048 as uid 1000", 1024, 2048);
		fflush(stdout);
		_exit(0);
	}
	waitpid(c, &st, 0);
	if (mounted)
		umount("/proc");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
