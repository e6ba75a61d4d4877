/* fs_proc: the /proc filesystem as ps, top, free and mount read it: /proc/self, PID/stat (its 52 fields), status
 * (its keys in order and the fields that are not machine-specific), cmdline, comm, fd/ (links to paths,
 * "(deleted)", "pipe:[ino]", opened through), meminfo (its keys), mounts, uptime, loadavg, stat, a process's
 * state as it sleeps, stops and dies, its directory going when it is reaped, and what cannot be changed in
 * /proc (Linux proc(5), fs/proc/array.c, base.c, meminfo.c). Values that differ between machines are checked for
 * their shape, not printed. */
#define _GNU_SOURCE
#include "conf.h"
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define D "/tmp/fs_proc.d"

extern char **environ;

/* slurp: the text of path ("" when it cannot be read). */
static char *slurp(const char *path)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, k;
	while (fd >= 0 && (k = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += k;
	buf[n] = 0;
	close(fd);
	return buf;
}

/* stat_fields: /proc/PID/stat split into fields (field 2, the name, without its parentheses); their count. */
static int stat_fields(int pid, char f[60][64])
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	char *s = slurp(path), *open_p = strchr(s, '('), *close_p = strrchr(s, ')');
	if (!open_p || !close_p)
		return 0;
	int n = 0;
	snprintf(f[n++], 64, "%.*s", (int)(open_p - s - 1), s);
	snprintf(f[n++], 64, "%.*s", (int)(close_p - open_p - 1), open_p + 1);
	for (char *t = strtok(close_p + 1, " \n"); t && n < 60; t = strtok(NULL, " \n"))
		snprintf(f[n++], 64, "%s", t);
	return n;
}

/* status_value: the value of key in /proc/PID/status ("" when absent). */
static const char *status_value(int pid, const char *key)
{
	static char val[256];
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	char *s = slurp(path);
	val[0] = 0;
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		char *colon = strchr(line, ':');
		if (colon && (size_t)(colon - line) == strlen(key) && strncmp(line, key, strlen(key)) == 0) {
			snprintf(val, sizeof val, "%s", colon + 2);
			break;
		}
	}
	return val;
}

static const char *link_of(const char *path)
{
	static char buf[256];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	return n < 0 ? errname(errno) : buf;
}

static void on_int(int s) { (void)s; }

int main(int argc, char **argv)
{
	if (argc > 1) { /* the child whose cmdline is read */
		pause();
		return 0;
	}
	char path[128], want[128];
	struct stat st;
	int r;
	mkdir("/proc", 0555);
	r = mount("proc", "/proc", "proc", 0, NULL);
	check(r == 0, "mount proc: %s", err_of(r));
	mkdir("/tmp", 0777);
	mkdir(D, 0755);
	int me = getpid();

	/* /proc/self and the mount table. */
	snprintf(want, sizeof want, "%d", me);
	check(strcmp(link_of("/proc/self"), want) == 0, "/proc/self is the reader's pid");
	check(strcmp(link_of("/proc/mounts"), "self/mounts") == 0, "/proc/mounts -> self/mounts");
	check(strstr(slurp("/proc/mounts"), "\nproc /proc proc rw,relatime 0 0\n") != NULL, "the proc line of /proc/mounts");
	check(strstr(slurp("/proc/self/mounts"), "proc /proc proc rw,relatime 0 0\n") != NULL, "the same in self/mounts");
	check(stat("/proc", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0555, "/proc: dr-xr-xr-x");
	struct stat root;
	stat("/", &root);
	check(st.st_dev != root.st_dev, "its own st_dev");
	snprintf(path, sizeof path, "/proc/%d", me);
	check(stat(path, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0555 && st.st_uid == geteuid(),
	      "/proc/PID: dr-xr-xr-x, owned by the process's euid");
	check(stat("/proc/self/stat", &st) == 0 && (st.st_mode & 07777) == 0444 && st.st_size == 0 &&
	      st.st_blksize == 1024, "PID/stat: 0444, size 0, blksize 1024");

	/* stat: its fields. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGINT, on_int);
	char f[60][64];
	int n = stat_fields(me, f);
	check(n == 52, "52 fields: %d", n);
	check(atoi(f[0]) == me && strcmp(f[1], "fs_proc") == 0 && strcmp(f[2], "R") == 0, "pid, (fs_proc), R");
	check(atoi(f[3]) == getppid() && atoi(f[4]) == getpgrp(), "ppid and pgrp");
	printf("threads %s itrealvalue %s exit_signal %s\n", f[19], f[20], f[37]);
	check(atoi(f[5]) == getsid(0), "session is getsid(0)");
	int ctty = open("/dev/tty", O_RDONLY);
	check(ctty >= 0 ? atoi(f[6]) != 0 && atoi(f[7]) == tcgetpgrp(ctty) : atoi(f[6]) == 0 && atoi(f[7]) == -1,
	      "tty_nr and tpgid: the controlling terminal, if /dev/tty opens");
	if (ctty >= 0)
		close(ctty);
	long long t0 = now_ns();
	while (now_ns() - t0 < 300000000LL) /* 300 ms of CPU */
		;
	check(stat_fields(me, f) == 52 && atol(f[13]) + atol(f[14]) >= 15, "utime + stime after 300 ms of work: >= 15 ticks");
	printf("signal %s blocked %s sigignore %s sigcatch %s\n", f[30], f[31], f[32], f[33]);
	check(strtoul(f[22], NULL, 10) > 0 && atol(f[23]) > 0, "vsize and rss are not zero");
	check(strcmp(f[24], "18446744073709551615") == 0, "rsslim unlimited");
	unsigned long arg_start = strtoul(f[47], NULL, 10), arg_end = strtoul(f[48], NULL, 10);
	check(arg_start == (unsigned long)argv[0] && arg_end > arg_start, "arg_start is argv[0]");

	/* status. */
	char *s = slurp("/proc/self/status");
	printf("status keys:");
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		char *colon = strchr(line, ':');
		printf(" %.*s", colon ? (int)(colon - line) : 0, line);
	}
	printf("\n");
	check(atoi(status_value(me, "NSsid")) == getsid(0), "NSsid is getsid(0)");
	const char *keys[] = { "Name", "Umask", "State", "Ngid", "TracerPid", "Uid", "Gid", "Groups",
			       "Threads", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "CapInh", "CapPrm",
			       "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		printf("%s: [%s]\n", keys[i], status_value(me, keys[i]));
	check(atoi(status_value(me, "Pid")) == me && atoi(status_value(me, "Tgid")) == me &&
	      atoi(status_value(me, "PPid")) == getppid(), "Pid, Tgid, PPid");
	check(strstr(status_value(me, "VmSize"), " kB") != NULL, "VmSize in kB");
	umask(027);
	check(strcmp(status_value(me, "Umask"), "0027") == 0, "Umask follows umask(2)");
	umask(022);

	/* comm and cmdline. */
	check(strcmp(slurp("/proc/self/comm"), "fs_proc\n") == 0, "comm");
	int fd = open("/proc/self/comm", O_WRONLY);
	check(fd >= 0 && write(fd, "renamed", 7) == 7, "write comm");
	close(fd);
	check(strcmp(slurp("/proc/self/comm"), "renamed\n") == 0 && stat_fields(me, f) == 52 &&
	      strcmp(f[1], "renamed") == 0, "the new name in comm and stat");
	pid_t child = fork();
	if (child == 0) {
		char *av[] = { "/tests/fs_proc", "one", "two words", "", NULL };
		execve(av[0], av, environ);
		_exit(127);
	}
	sleep_ms(200);
	snprintf(path, sizeof path, "/proc/%d/cmdline", child);
	fd = open(path, O_RDONLY);
	char cmd[256];
	ssize_t k = read(fd, cmd, sizeof cmd);
	close(fd);
	printf("child cmdline (%ld bytes):", (long)k);
	for (ssize_t i = 0; i < k; i++)
		printf(cmd[i] ? "%c" : "\\0", cmd[i]);
	printf("\n");

	/* A process's state: sleeping, stopped, a zombie, gone. */
	check(stat_fields(child, f) == 52 && strcmp(f[2], "S") == 0, "the paused child: S");
	check(strcmp(status_value(child, "State"), "S (sleeping)") == 0, "State: S (sleeping)");
	kill(child, SIGSTOP);
	sleep_ms(100);
	check(stat_fields(child, f) == 52 && strcmp(f[2], "T") == 0, "stopped: T");
	kill(child, SIGKILL);
	sleep_ms(100);
	check(stat_fields(child, f) == 52 && strcmp(f[2], "Z") == 0, "killed, not reaped: Z");
	check(strcmp(status_value(child, "State"), "Z (zombie)") == 0 && status_value(child, "VmSize")[0] == 0 &&
	      status_value(child, "Umask")[0] == 0, "a zombie's status: no Umask, no Vm lines");
	check(strcmp(slurp(path), "") == 0, "a zombie's cmdline is empty");
	snprintf(path, sizeof path, "/proc/%d/stat", child);
	int zfd = open(path, O_RDONLY);
	waitpid(child, NULL, 0);
	snprintf(path, sizeof path, "/proc/%d", child);
	check(stat(path, &st) < 0 && errno == ENOENT, "reaped: /proc/PID is gone: %s", errname(errno));
	char tmp[64];
	r = (int)read(zfd, tmp, sizeof tmp);
	check(r < 0 && errno == ESRCH, "reading stat opened before: %s", err_of(r));
	close(zfd);

	/* fd/. */
	int ffd = open(D "/file", O_CREAT | O_RDWR, 0644);
	write(ffd, "hello", 5);
	snprintf(path, sizeof path, "/proc/self/fd/%d", ffd);
	check(strcmp(link_of(path), D "/file") == 0, "fd link: %s", link_of(path));
	check(lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (st.st_mode & 0777) == 0700 && st.st_size == 64,
	      "lr-x------ of size 64");
	check(strcmp(link_of("/proc/self/fd/0"), "/dev/console") == 0, "fd 0: /dev/console");
	unlink(D "/file");
	check(strcmp(link_of(path), D "/file (deleted)") == 0, "after unlink: %s", link_of(path));
	fd = open(path, O_RDONLY);
	char five[6] = { 0 };
	check(fd >= 0 && read(fd, five, 5) == 5 && strcmp(five, "hello") == 0, "opened through the link: the file");
	close(fd);
	int p[2];
	pipe(p);
	fstat(p[0], &st);
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
	snprintf(want, sizeof want, "pipe:[%lu]", (unsigned long)st.st_ino);
	check(strcmp(link_of(path), want) == 0, "a pipe: pipe:[its st_ino]");
	DIR *dir = opendir("/proc/self/fd");
	int count = 0, dots = 0;
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			dots++;
		else if (e->d_type == DT_LNK)
			count++;
	}
	closedir(dir);
	check(dots == 2 && count == 7, "fd/ lists . .. and 7 links (0-2, the file, the pipe's ends, the listing): %d",
	      count);
	close(p[0]);
	close(p[1]);
	close(ffd);
	snprintf(path, sizeof path, "/proc/self/fd/%d", ffd);
	check(strcmp(link_of(path), "ENOENT") == 0, "a closed fd: ENOENT");
	check(strcmp(link_of("/dev/stdin"), "/proc/self/fd/0") == 0 && open("/dev/stdin", O_RDONLY) >= 0,
	      "/dev/stdin opens through /proc/self/fd/0");

	/* exe and cwd: the program and the working directory. */
	check(strcmp(link_of("/proc/self/exe"), "/tests/fs_proc") == 0, "/proc/self/exe is the program (%s)",
	      link_of("/proc/self/exe"));
	char cwd[256];
	check(getcwd(cwd, sizeof cwd) && strcmp(link_of("/proc/self/cwd"), cwd) == 0, "/proc/self/cwd is the working directory");
	struct stat exe_st, prog_st;
	check(stat("/proc/self/exe", &exe_st) == 0 && stat("/tests/fs_proc", &prog_st) == 0 && exe_st.st_ino == prog_st.st_ino,
	      "following /proc/self/exe lands on the program's file");

	/* /proc itself. */
	dir = opendir("/proc");
	int self_seen = 0, meminfo_seen = 0, me_seen = 0, dead = 0;
	while (dir && (e = readdir(dir))) {
		if (strcmp(e->d_name, "self") == 0)
			self_seen = e->d_type == DT_LNK;
		else if (strcmp(e->d_name, "meminfo") == 0)
			meminfo_seen = e->d_type == DT_REG;
		else if (atoi(e->d_name) == me)
			me_seen = e->d_type == DT_DIR;
		else if (atoi(e->d_name) > 0 && kill(atoi(e->d_name), 0) < 0)
			dead++;
	}
	closedir(dir);
	check(self_seen && meminfo_seen && me_seen && !dead, "/proc lists self, meminfo and this process, no dead pid");
	s = slurp("/proc/meminfo");
	printf("meminfo keys:");
	unsigned long total = 0, mfree = 0;
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		char *colon = strchr(line, ':');
		printf(" %.*s", colon ? (int)(colon - line) : 0, line);
		if (strncmp(line, "MemTotal:", 9) == 0)
			total = strtoul(line + 9, NULL, 10);
		if (strncmp(line, "MemFree:", 8) == 0)
			mfree = strtoul(line + 8, NULL, 10);
	}
	printf("\n");
	check(total > mfree && mfree > 1024, "MemTotal > MemFree > 1 MiB");
	double up, idle;
	check(sscanf(slurp("/proc/uptime"), "%lf %lf", &up, &idle) == 2 && up > 0, "uptime: two numbers");
	int running, all, last;
	check(sscanf(slurp("/proc/loadavg"), "%*f %*f %*f %d/%d %d", &running, &all, &last) == 3 && running >= 1 &&
	      all >= running && last >= me, "loadavg: running/all last-pid");
	s = slurp("/proc/stat");
	check(strncmp(s, "cpu  ", 5) == 0 && strstr(s, "\nbtime ") && strstr(s, "\nprocesses "), "stat: cpu, btime, processes");

	/* Nothing in /proc can be made, removed or renamed. */
	r = mkdir("/proc/x", 0755);
	printf("mkdir in /proc: %s\n", err_of(r));
	r = open("/proc/x", O_CREAT | O_WRONLY, 0644);
	printf("create in /proc: %s\n", err_of(r));
	r = unlink("/proc/meminfo");
	printf("unlink in /proc: %s\n", err_of(r));
	r = rename("/proc/meminfo", "/proc/m2");
	printf("rename in /proc: %s\n", err_of(r));
	r = open("/proc/999999/stat", O_RDONLY);
	check(r < 0 && errno == ENOENT, "a pid that does not exist: %s", err_of(r));
	r = open("/proc/self/nosuch", O_RDONLY);
	check(r < 0 && errno == ENOENT, "a name that does not exist: %s", err_of(r));
	check(chdir("/proc/self/fd") == 0 && getcwd(path, sizeof path), "chdir /proc/self/fd");
	snprintf(want, sizeof want, "/proc/%d/fd", me);
	check(strcmp(path, want) == 0, "getcwd there: /proc/PID/fd");
	chdir("/");

	r = umount("/proc");
	check(r == 0, "umount /proc: %s", err_of(r));
	rmdir(D);
	return done();
}
