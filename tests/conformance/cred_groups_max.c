/* tests/conformance/cred_groups_max.c: supplementary groups up to Linux's NGROUPS_MAX (65,536; setgroups(2),
 * getgroups(2), kernel/groups.c): a list of every size up to the limit is kept, returned sorted ascending and
 * inherited by fork; one entry more is EINVAL; the list is read in order, so a gid -1 before an unreadable entry
 * is EINVAL and an unreadable entry before it EFAULT, and a refused list leaves the old one. Permission checks
 * find a file's group anywhere in a long list (first, last, middle), and not a gid just outside it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

#define NG 65536
#define DIR "/tmp/cgm"

static gid_t list[NG + 1], out[NG + 1];

/* raw_setgroups: the system call itself (a libc may check the size first or reach other threads). */
static long raw_setgroups(long n, const void *l) { return syscall(SYS_setgroups, n, l); }

static void show(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? errname(errno) : "ok");
}

/* fill: list[i] for i < n, a permutation of gid 10 .. 10+n-1 (multiplying by an odd number modulo a power of two),
 * so the kernel has to sort it. */
static void fill(int n)
{
	for (int i = 0; i < n; i++)
		list[i] = (gid_t)(((unsigned long)i * 40503u) % (unsigned)n + 10);
}

/* sorted_run: out[0..n) is exactly 10, 11, ..., 10+n-1. */
static int sorted_run(int n)
{
	for (int i = 0; i < n; i++)
		if (out[i] != (gid_t)(10 + i))
			return 0;
	return 1;
}

static void mkfile(const char *name, gid_t g)
{
	char path[64];
	snprintf(path, sizeof path, DIR "/%s", name);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0040);
	write(fd, "x", 1);
	close(fd);
	chown(path, 0, g);
	chmod(path, 0040); /* the group may read, nobody else */
}

static void try_read(const char *name)
{
	char path[64];
	snprintf(path, sizeof path, DIR "/%s", name);
	int fd = open(path, O_RDONLY);
	printf("uid 1000 reads %s: %s\n", name, fd < 0 ? errname(errno) : "ok");
	if (fd >= 0)
		close(fd);
}

/* status_groups: /proc/self/status's Groups line (proc(5)) with every group: how many, the first and the last, and
 * whether the lines after it (NStgid) are there, i.e. the text was not cut. */
static char status[1 << 20];
static void status_groups(void)
{
	int mounted = mount("proc", "/proc", "proc", 0, NULL) == 0; /* where nobody mounted it */
	int fd = open("/proc/self/status", O_RDONLY);
	size_t len = 0;
	ssize_t got;
	while (fd >= 0 && len < sizeof status - 1 && (got = read(fd, status + len, sizeof status - 1 - len)) > 0)
		len += (size_t)got;
	if (fd >= 0)
		close(fd);
	if (mounted)
		umount("/proc");
	status[len] = 0;
	char *g = strstr(status, "\nGroups:\t");
	if (!g) {
		printf("/proc/self/status: no Groups line\n");
		return;
	}
	g += 9;
	unsigned long count = 0, first = 0, last = 0;
	while (*g >= '0' && *g <= '9') {
		unsigned long v = strtoul(g, &g, 10);
		if (!count++)
			first = v;
		last = v;
		while (*g == ' ')
			g++;
	}
	printf("/proc/self/status Groups: %lu groups, first %lu, last %lu, NStgid follows: %s\n", count, first, last,
	       strncmp(g, "\nNStgid:", 8) == 0 ? "yes" : "no");
}

int main(void)
{
	/* sizes around the limit */
	fill(NG);
	show("setgroups 65537", raw_setgroups(NG + 1, list));
	show("setgroups -1", raw_setgroups(-1, list));
	show("setgroups 33", raw_setgroups(33, list));
	printf("getgroups 0: %d\n", getgroups(0, NULL));
	show("setgroups 65536", raw_setgroups(NG, list));
	printf("getgroups 0: %d\n", getgroups(0, NULL));
	int n = getgroups(NG - 1, out);
	printf("getgroups 65535: %s\n", n < 0 ? errname(errno) : "ok");
	n = getgroups(NG, out);
	printf("getgroups 65536: %d, sorted 10..65545: %s, first %u, last %u\n", n, sorted_run(NG) ? "yes" : "no",
	       out[0], out[NG - 1]);
	n = getgroups(NG + 1, out);
	printf("getgroups 65537: %d\n", n);
	status_groups();

	/* the list is read in order; a refused list changes nothing */
	fill(NG);
	list[40000] = (gid_t)-1;
	show("setgroups 65536 with -1 at 40000", raw_setgroups(NG, list));
	printf("getgroups 0: %d\n", getgroups(0, NULL));
	char *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 4096, 4096);
	gid_t *tail = (gid_t *)(m + 4096) - 4; /* four entries, then an unmapped page */
	for (int i = 0; i < 4; i++)
		tail[i] = 100 + i;
	show("setgroups 8 running into an unmapped page", raw_setgroups(8, tail));
	tail[2] = (gid_t)-1;
	show("setgroups 8, -1 before the unmapped page", raw_setgroups(8, tail));
	tail[2] = 102;
	show("setgroups 3 just before the unmapped page", raw_setgroups(3, tail + 1));
	n = getgroups(3, out);
	printf("getgroups: %d: %u %u %u\n", n, out[0], out[1], out[2]);
	show("setgroups 0", raw_setgroups(0, NULL));
	printf("getgroups 0: %d\n", getgroups(0, NULL));

	/* fork inherits a long list; the child's change is its own */
	fill(1000);
	raw_setgroups(1000, list);
	pid_t c = fork();
	if (c == 0) {
		printf("child: getgroups 0: %d\n", getgroups(0, NULL));
		raw_setgroups(0, NULL);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	printf("parent after the child's setgroups 0: getgroups 0: %d\n", getgroups(0, NULL));

	/* permissions through a long list */
	mkdir(DIR, 0755);
	mkfile("g10", 10);       /* the smallest in the list */
	mkfile("g65545", 65545); /* the largest */
	mkfile("g33333", 33333); /* the middle */
	mkfile("g9", 9);         /* just below */
	mkfile("g65546", 65546); /* just above */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		fill(NG);
		if (raw_setgroups(NG, list) || setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000)) {
			printf("dropping root: %s\n", errname(errno));
			_exit(1);
		}
		try_read("g10");
		try_read("g65545");
		try_read("g33333");
		try_read("g9");
		try_read("g65546");
		show("setgroups as uid 1000", raw_setgroups(1, list));
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	const char *names[] = { "g10", "g65545", "g33333", "g9", "g65546" };
	for (int i = 0; i < 5; i++) {
		char path[64];
		snprintf(path, sizeof path, DIR "/%s", names[i]);
		unlink(path);
	}
	rmdir(DIR);
	raw_setgroups(0, NULL);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
