/* perm_files: file permissions as Linux checks them (path_resolution(7), open(2), access(2), unlink(2),
 * rename(2), link(2), execve(2), inode(7) "The sticky bit"):
 * root makes files and directories with closed and open modes; a child that becomes uid 1000 (gid 1000, no
 * supplementary groups) then tries to read, write, create, remove, rename, link, truncate, search and execute
 * them. Owner, group and other bits; search (x) permission on every directory of a path; write and search on a
 * directory to make or remove a name in it; the sticky bit; access(2) with the real ids; set-user-ID execution;
 * root's override, which still needs some x bit to execute. */
#define _GNU_SOURCE
#include "conf.h"
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define D "/tmp/permtest"

static const char *res(int r) { return r < 0 ? errname(errno) : "ok"; }

/* try_open: open(path, flags) as the caller; "ok" or the errno's name. */
static const char *try_open(const char *path, int flags)
{
	errno = 0;
	int fd = open(path, flags, 0644);
	if (fd >= 0)
		close(fd);
	return res(fd);
}

static void make_file(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	write(fd, "data\n", 5);
	close(fd);
	chown(path, uid, gid);
	chmod(path, mode);
}

/* copy_self: this program copied to path with mode and owner (to execute it under other ids). */
static void copy_self(const char *self, const char *path, mode_t mode, uid_t uid)
{
	int in = open(self, O_RDONLY), out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0700);
	char buf[8192];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, (size_t)n);
	close(in);
	close(out);
	chown(path, uid, 0);
	chmod(path, mode); /* after chown, which drops S_ISUID */
}

/* run: execute path with "--ids" and return what it printed ("" when the exec failed: then *err is its errno). */
static const char *run(const char *path, int *err)
{
	static char out[128];
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		dup2(p[1], 1);
		close(p[0]);
		execl(path, path, "--ids", (char *)NULL);
		_exit(100 + errno);
	}
	close(p[1]);
	ssize_t n = read(p[0], out, sizeof out - 1);
	out[n > 0 ? n : 0] = 0;
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = 0;
	close(p[0]);
	int st;
	waitpid(c, &st, 0);
	*err = WIFEXITED(st) && WEXITSTATUS(st) >= 100 ? WEXITSTATUS(st) - 100 : 0;
	return out;
}

static void as_user(void)
{
	check(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0, "the child is uid 1000, gid 1000 now");

	check(!strcmp(try_open(D "/secret", O_RDONLY), "EACCES"), "read root's 0600 file: EACCES");
	check(!strcmp(try_open(D "/public", O_RDONLY), "ok"), "read root's 0644 file: ok");
	check(!strcmp(try_open(D "/public", O_WRONLY), "EACCES"), "open it for writing: EACCES");
	check(!strcmp(try_open(D "/public", O_RDWR), "EACCES"), "for reading and writing: EACCES");
	check(!strcmp(try_open(D "/public", O_RDONLY | O_TRUNC), "EACCES"), "O_RDONLY | O_TRUNC: EACCES");
	check(!strcmp(try_open(D "/groupfile", O_RDONLY), "ok"), "read a 0640 file of its group: ok");
	check(!strcmp(try_open(D "/groupfile", O_WRONLY), "EACCES"), "write it: EACCES");
	check(!strcmp(try_open(D "/ownerless", O_RDONLY), "EACCES"),
	      "a 0604 file of its group: the group's bits apply, not the others' (EACCES)");
	check(!strcmp(try_open(D "/new", O_CREAT | O_WRONLY), "EACCES"), "create in root's 0755 directory: EACCES");
	errno = 0;
	check(!strcmp(res(mkdir(D "/newdir", 0755)), "EACCES"), "mkdir there: EACCES");
	errno = 0;
	check(!strcmp(res(mkdir(D "/public", 0755)), "EEXIST"), "mkdir of a name that exists: EEXIST before EACCES");
	errno = 0;
	check(!strcmp(res(unlink(D "/public")), "EACCES"), "unlink there: EACCES");
	errno = 0;
	check(!strcmp(res(rename(D "/public", D "/moved")), "EACCES"), "rename there: EACCES");
	errno = 0;
	check(!strcmp(res(truncate(D "/public", 0)), "EACCES"), "truncate root's 0644 file: EACCES");
	errno = 0;
	check(!strcmp(res(chmod(D "/public", 0666)), "EPERM"), "chmod it: EPERM");
	errno = 0;
	check(!strcmp(res(utimensat(AT_FDCWD, D "/public", NULL, 0)), "EACCES"), "touch it (times now): EACCES");

	struct stat st;
	check(!strcmp(try_open(D "/priv/inner", O_RDONLY), "EACCES"), "open a 0644 file inside a 0700 directory: EACCES");
	errno = 0;
	check(!strcmp(res(stat(D "/priv/inner", &st)), "EACCES"), "even stat it: EACCES (no search permission)");
	errno = 0;
	check(!strcmp(res(chdir(D "/priv")), "EACCES"), "chdir into it: EACCES");
	DIR *dir = opendir(D "/noexec");
	check(dir != NULL, "opendir of a 0644 directory: ok (read permission)");
	if (dir)
		closedir(dir);
	errno = 0;
	check(!strcmp(res(stat(D "/noexec/file", &st)), "EACCES"), "stat of a name in it: EACCES (no x)");
	errno = 0;
	check(!strcmp(res(access(D "/secret", R_OK)), "EACCES"), "access(R_OK) of the 0600 file: EACCES");
	check(access(D "/public", R_OK) == 0, "access(R_OK) of the 0644 one: 0");
	errno = 0;
	check(!strcmp(res(access(D "/public", W_OK)), "EACCES"), "access(W_OK) of it: EACCES");
	check(access(D "/public", F_OK) == 0, "access(F_OK): 0");

	/* The sticky /tmp-like directory. */
	check(!strcmp(try_open(D "/sticky/mine", O_CREAT | O_WRONLY), "ok"), "create in a 01777 directory: ok");
	errno = 0;
	check(!strcmp(res(unlink(D "/sticky/rootfile")), "EPERM"), "unlink root's 0666 file there: EPERM (sticky)");
	errno = 0;
	check(!strcmp(res(rename(D "/sticky/rootfile", D "/sticky/taken")), "EPERM"), "rename it: EPERM");
	check(!strcmp(try_open(D "/sticky/rootfile", O_WRONLY), "ok"), "but writing it (0666) is fine");
	check(unlink(D "/sticky/mine") == 0, "unlink its own file there: ok");

	errno = 0;
	check(!strcmp(res(link(D "/public", D "/sticky/hardlink")), "EPERM"),
	      "hard link to root's file it may not write: EPERM (protected_hardlinks)");
	check(link(D "/sticky/rootfile", D "/sticky/hardlink2") == 0, "to one it may read and write: ok");
	errno = 0;
	check(!strcmp(res(unlink(D "/sticky/hardlink2")), "EPERM"),
	      "but that new name is root's file's: the sticky bit keeps it from unlinking it (EPERM)");

	check(!strcmp(try_open(D "/fifo", O_RDONLY | O_NONBLOCK), "EACCES"), "open root's 0600 FIFO: EACCES");

	int err;
	run(D "/prog-0700", &err);
	check(err == EACCES, "execute root's 0700 program: EACCES (%s)", errname(err));
	const char *ids = run(D "/prog-0755", &err);
	check(err == 0 && !strcmp(ids, "uid 1000 euid 1000 suid 1000"), "its 0755 copy runs as uid 1000: %s", ids);
	ids = run(D "/prog-suid", &err);
	check(err == 0 && !strcmp(ids, "uid 1000 euid 2000 suid 2000"),
	      "a set-user-ID program of uid 2000 runs with euid and saved uid 2000: %s", ids);
	check(!strcmp(try_open("/proc/1/fd", O_RDONLY | O_DIRECTORY), "EACCES"), "init's /proc/1/fd: EACCES");
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--ids")) {
		uid_t r, e, s;
		getresuid(&r, &e, &s);
		printf("uid %d euid %d suid %d\n", (int)r, (int)e, (int)s);
		return 0;
	}
	struct stat st;
	if (stat("/proc/1", &st) != 0)
		mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 01777);
	mkdir(D, 0755);
	make_file(D "/secret", 0600, 0, 0);
	make_file(D "/public", 0644, 0, 0);
	make_file(D "/groupfile", 0640, 0, 1000);
	make_file(D "/ownerless", 0604, 0, 1000);
	mkdir(D "/priv", 0700);
	make_file(D "/priv/inner", 0644, 0, 0);
	mkdir(D "/noexec", 0755);
	make_file(D "/noexec/file", 0644, 0, 0);
	chmod(D "/noexec", 0644);
	mkdir(D "/sticky", 0777);
	chmod(D "/sticky", 01777);
	make_file(D "/sticky/rootfile", 0666, 0, 0);
	mkfifo(D "/fifo", 0600);
	copy_self(argv[0], D "/prog-0700", 0700, 0);
	copy_self(argv[0], D "/prog-0755", 0755, 0);
	copy_self(argv[0], D "/prog-suid", 04755, 2000);
	copy_self(argv[0], D "/prog-0644", 0644, 0);

	pid_t c = fork();
	if (c == 0) {
		as_user();
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(c, &status, 0);

	/* Root again: its override reads and removes anything, but executes only what has an x bit. */
	check(!strcmp(try_open(D "/secret", O_RDWR), "ok"), "root opens the 0600 file for writing: ok");
	check(!strcmp(try_open(D "/priv/inner", O_RDONLY), "ok"), "root searches the 0700 directory: ok");
	int err;
	run(D "/prog-0644", &err);
	check(err == EACCES, "root executing a file with no x bit: EACCES (%s)", errname(err));
	check(access(D "/prog-0644", X_OK) < 0 && errno == EACCES, "access(X_OK) says the same for root");
	check(access(D "/secret", R_OK | W_OK) == 0, "access(R_OK|W_OK) of the 0600 file for root: 0");

	const char *all[] = { "secret", "public", "groupfile", "ownerless", "priv/inner", "noexec/file", "sticky/rootfile",
			      "sticky/hardlink2", "fifo", "prog-0700", "prog-0755", "prog-suid", "prog-0644" };
	chmod(D "/noexec", 0755);
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		char p[64];
		snprintf(p, sizeof p, D "/%s", all[i]);
		unlink(p);
	}
	rmdir(D "/priv");
	rmdir(D "/noexec");
	rmdir(D "/sticky");
	int gone = rmdir(D) == 0;
	if (!gone) {
		DIR *left = opendir(D);
		for (struct dirent *e; left && (e = readdir(left));)
			printf("left: %s\n", e->d_name);
		if (left)
			closedir(left);
	}
	check(gone, "everything removed again");
	return done();
}
