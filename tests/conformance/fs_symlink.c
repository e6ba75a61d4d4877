/* fs_symlink: symbolic links: symlinkat, readlinkat, lstat against stat (newfstatat's AT_SYMLINK_NOFOLLOW),
 * links followed in the middle and at the end of a path, relative and absolute bodies, dangling links and
 * O_CREAT through them, O_NOFOLLOW, trailing slashes, ELOOP for loops and after 40 links, execve and chdir
 * through links, the links the initramfs brings (/dev/fd, /dev/stdin), and bad input (POSIX symlink(),
 * readlink(); Linux symlink(7), path_resolution(7), fs/namei.c). */
#include "conf.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define D "/tmp/fs_symlink.d"

extern char **environ;

/* rl: readlink of path as a string ("" when it fails). */
static const char *rl(const char *path)
{
	static char buf[512];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

/* type: "link", "dir", "file" or the errno of lstat/stat (nofollow selects lstat). */
static const char *type(const char *path, int nofollow)
{
	struct stat st;
	if ((nofollow ? lstat(path, &st) : stat(path, &st)) < 0)
		return errname(errno);
	return S_ISLNK(st.st_mode) ? "link" : S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other";
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* run again through a symbolic link */
		printf("exec through a link: argv[0] %s\n", argv[0]);
		return 0;
	}
	struct stat st;
	char buf[300];
	int r, fd;
	mkdir("/tmp", 0777);
	check(mkdir(D, 0755) == 0 && mkdir(D "/dir", 0755) == 0, "mkdir " D " and " D "/dir");
	fd = open(D "/dir/file", O_WRONLY | O_CREAT, 0644);
	check(fd >= 0 && write(fd, "content\n", 8) == 8, "a file with 8 bytes");
	close(fd);

	/* Creating and reading links. */
	check(symlink("dir/file", D "/flink") == 0, "symlink flink -> dir/file (relative)");
	check(symlink(D "/dir", D "/dlink") == 0, "symlink dlink -> " D "/dir (absolute)");
	check(lstat(D "/flink", &st) == 0 && S_ISLNK(st.st_mode), "lstat: S_IFLNK");
	check((st.st_mode & 07777) == 0777, "a link's mode is 0777 whatever the umask: %o", st.st_mode & 07777);
	check(st.st_size == 8 && st.st_nlink == 1, "its size is the body's length (8), nlink 1: %ld",
	      (long)st.st_size);
	check(stat(D "/flink", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 8, "stat follows it to the file");
	r = fstatat(AT_FDCWD, D "/flink", &st, AT_SYMLINK_NOFOLLOW);
	check(r == 0 && S_ISLNK(st.st_mode), "fstatat AT_SYMLINK_NOFOLLOW: the link itself");
	check(strcmp(rl(D "/flink"), "dir/file") == 0, "readlink: %s", rl(D "/flink"));
	memset(buf, 'x', sizeof buf);
	r = (int)readlink(D "/flink", buf, 3);
	check(r == 3 && memcmp(buf, "dirx", 4) == 0, "readlink into 3 bytes: 3, cut, no NUL added");
	int dfd = open(D, O_RDONLY | O_DIRECTORY);
	r = (int)readlinkat(dfd, "dlink", buf, sizeof buf);
	check(r == (int)strlen(D "/dir"), "readlinkat relative to a directory fd: %d", r);
	fd = open(D "/flink", O_RDONLY);
	memset(buf, 0, sizeof buf);
	check(fd >= 0 && read(fd, buf, sizeof buf) == 8 && strcmp(buf, "content\n") == 0, "open follows the link");
	close(fd);

	/* Links in the middle of a path. */
	check(strcmp(type(D "/dlink/file", 0), "file") == 0, "dlink/file: %s", type(D "/dlink/file", 0));
	check(mkdir(D "/dlink/sub", 0755) == 0 && strcmp(type(D "/dir/sub", 0), "dir") == 0, "mkdir through a link");
	check(rmdir(D "/dlink/sub") == 0, "rmdir through a link");
	check(strcmp(type(D "/dlink/", 1), "dir") == 0, "lstat of dlink/ follows it (trailing slash): %s",
	      type(D "/dlink/", 1));
	check(strcmp(type(D "/dlink/.", 1), "dir") == 0, "lstat of dlink/. is the directory");
	check(strcmp(type(D "/flink/", 0), "ENOTDIR") == 0, "flink/: %s", type(D "/flink/", 0));
	check(strcmp(type(D "/flink/x", 0), "ENOTDIR") == 0, "flink/x: %s", type(D "/flink/x", 0));
	check(symlink("../dir", D "/dir/up") == 0, "symlink dir/up -> ../dir");
	check(strcmp(type(D "/dir/up/up/up/file", 0), "file") == 0, "dir/up/up/up/file: %s",
	      type(D "/dir/up/up/up/file", 0));
	check(symlink("/", D "/root") == 0 && strcmp(type(D "/root/tmp", 0), "dir") == 0, "a link to / then tmp");

	/* Dangling links, O_CREAT, O_EXCL, O_NOFOLLOW. */
	check(symlink("made", D "/dangling") == 0, "symlink dangling -> made");
	check(strcmp(type(D "/dangling", 0), "ENOENT") == 0, "stat of a dangling link: %s", type(D "/dangling", 0));
	check(strcmp(type(D "/dangling", 1), "link") == 0, "lstat of a dangling link: link");
	fd = open(D "/dangling", O_RDWR | O_CREAT | O_EXCL, 0600);
	check(fd < 0 && errno == EEXIST, "O_CREAT|O_EXCL on a dangling link: %s", err_of(fd));
	fd = open(D "/dangling", O_RDWR | O_CREAT, 0600);
	check(fd >= 0 && strcmp(type(D "/made", 1), "file") == 0, "O_CREAT through a dangling link creates made");
	close(fd);
	fd = open(D "/flink", O_RDONLY | O_NOFOLLOW);
	check(fd < 0 && errno == ELOOP, "O_NOFOLLOW on a link: %s", err_of(fd));
	fd = open(D "/dlink/", O_RDONLY | O_NOFOLLOW);
	check(fd >= 0, "O_NOFOLLOW with a trailing slash follows: %s", err_of(fd));
	close(fd);
	fd = open(D "/dlink/file", O_RDONLY | O_NOFOLLOW);
	check(fd >= 0, "O_NOFOLLOW only concerns the last component: %s", err_of(fd));
	close(fd);
	fd = open(D "/flink", O_RDONLY | O_DIRECTORY);
	check(fd < 0 && errno == ENOTDIR, "O_DIRECTORY through a link to a file: %s", err_of(fd));
	fd = open(D "/dangling2/", O_RDWR | O_CREAT, 0600);
	check(fd < 0 && errno == EISDIR, "O_CREAT of x/: %s", err_of(fd));

	/* Loops and the limit of 40 links. */
	check(symlink("loop2", D "/loop1") == 0 && symlink("loop1", D "/loop2") == 0, "loop1 <-> loop2");
	check(strcmp(type(D "/loop1", 0), "ELOOP") == 0, "stat of a loop: %s", type(D "/loop1", 0));
	check(strcmp(type(D "/loop1", 1), "link") == 0, "lstat of a loop: link");
	check(strcmp(type(D "/loop1/x", 1), "ELOOP") == 0, "loop1/x: %s", type(D "/loop1/x", 1));
	fd = open(D "/loop1", O_RDONLY | O_CREAT, 0600);
	check(fd < 0 && errno == ELOOP, "open O_CREAT of a loop: %s", err_of(fd));
	check(symlink("self", D "/self") == 0 && strcmp(type(D "/self", 0), "ELOOP") == 0, "a link to itself: ELOOP");
	/* chain/c0 -> file, c1 -> c0, ..., c40 -> c39: c39 takes 40 links to resolve, c40 takes 41. */
	check(mkdir(D "/chain", 0755) == 0, "mkdir chain");
	check(symlink("../dir/file", D "/chain/c0") == 0, "chain/c0");
	for (int i = 1; i <= 40; i++) {
		char from[32], to[80];
		snprintf(from, sizeof from, "c%d", i - 1);
		snprintf(to, sizeof to, D "/chain/c%d", i);
		if (symlink(from, to) < 0)
			check(0, "symlink %s", to);
	}
	check(strcmp(type(D "/chain/c39", 0), "file") == 0, "40 links: %s", type(D "/chain/c39", 0));
	check(strcmp(type(D "/chain/c40", 0), "ELOOP") == 0, "41 links: %s", type(D "/chain/c40", 0));

	/* Removing and replacing. */
	r = rmdir(D "/dlink");
	check(r < 0 && errno == ENOTDIR, "rmdir of a link to a directory: %s", err_of(r));
	r = unlink(D "/dlink/");
	check(r < 0 && errno == ENOTDIR, "unlink of dlink/: %s", err_of(r));
	r = symlink("x", D "/flink");
	check(r < 0 && errno == EEXIST, "symlink over an existing name: %s", err_of(r));
	r = symlink("x", D "/dlink");
	check(r < 0 && errno == EEXIST, "symlink over a link to a directory: %s", err_of(r));
	r = symlink("x", D "/new/");
	check(r < 0 && errno == ENOENT, "symlink to new/: %s", err_of(r));
	r = mkdir(D "/dangling", 0755);
	check(r < 0 && errno == EEXIST, "mkdir over a link: %s", err_of(r));
	check(unlink(D "/flink") == 0 && strcmp(type(D "/dir/file", 0), "file") == 0,
	      "unlink removes the link, not the file");

	/* Through links: chdir (getcwd shows the real path), faccessat, execve. */
	check(chdir(D "/dlink") == 0, "chdir through a link");
	check(getcwd(buf, sizeof buf) && strcmp(buf, D "/dir") == 0, "getcwd: %s", buf);
	check(chdir("up/up") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, D "/dir") == 0, "chdir up/up: %s", buf);
	chdir("/");
	check(access(D "/dlink/file", R_OK) == 0, "access through a link");
	check(symlink("/tests/fs_symlink", D "/prog") == 0, "symlink prog -> /tests/fs_symlink");
	pid_t pid = fork();
	if (pid == 0) {
		char *av[] = { D "/prog", "again", NULL };
		execve(av[0], av, environ);
		printf("execve: %s\n", errname(errno));
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "execve through a link");
	pid = fork();
	if (pid == 0) {
		char *av[] = { D "/loop1", NULL };
		execve(av[0], av, environ);
		printf("execve of a loop: %s\n", errname(errno));
		_exit(0);
	}
	waitpid(pid, &status, 0);

	/* The links the initramfs brings. */
	check(strcmp(type("/dev/fd", 1), "link") == 0, "/dev/fd is a link");
	check(strcmp(rl("/dev/stdin"), "/proc/self/fd/0") == 0, "/dev/stdin -> %s", rl("/dev/stdin"));

	/* Bad input. */
	r = symlink("", D "/empty");
	check(r < 0 && errno == ENOENT, "an empty body: %s", err_of(r));
	r = symlink((char *)1, D "/bad");
	check(r < 0 && errno == EFAULT, "a bad body pointer: %s", err_of(r));
	r = symlink("x", (char *)1);
	check(r < 0 && errno == EFAULT, "a bad path pointer: %s", err_of(r));
	r = (int)readlink(D "/dangling", (char *)1, 10);
	check(r < 0 && errno == EFAULT, "readlink into a bad buffer: %s", err_of(r));
	r = (int)readlink((char *)1, buf, 10);
	check(r < 0 && errno == EFAULT, "readlink of a bad path pointer: %s", err_of(r));
	r = (int)syscall(SYS_readlinkat, AT_FDCWD, D "/dangling", buf, 0); /* musl's readlink hides size 0 */
	check(r < 0 && errno == EINVAL, "readlinkat with size 0: %s", err_of(r));
	r = (int)readlink(D "/dir", buf, sizeof buf);
	check(r < 0 && errno == EINVAL, "readlink of a directory: %s", err_of(r));
	r = (int)readlink(D "/none", buf, sizeof buf);
	check(r < 0 && errno == ENOENT, "readlink of a missing name: %s", err_of(r));
	r = (int)readlink("", buf, sizeof buf);
	check(r < 0 && errno == ENOENT, "readlink of \"\": %s", err_of(r));
	static char big[5000];
	memset(big, 'b', sizeof big);
	big[4095] = 0;
	r = symlink(big, D "/long");
	check(r == 0, "a body of 4095 bytes: %s", err_of(r));
	check(lstat(D "/long", &st) == 0 && st.st_size == 4095, "its size: %ld", (long)st.st_size);
	check(strcmp(type(D "/long", 0), "ENAMETOOLONG") == 0, "following it: %s", type(D "/long", 0));
	big[4095] = 'b';
	big[4096] = 0;
	r = symlink(big, D "/long2");
	check(r < 0 && errno == ENAMETOOLONG, "a body of 4096 bytes: %s", err_of(r));

	/* Clean up. */
	const char *names[] = { "dangling", "made", "loop1", "loop2", "self", "root", "dlink", "prog", "long",
				"dir/up", "dir/file" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(buf, sizeof buf, D "/%s", names[i]);
		if (unlink(buf) < 0)
			check(0, "unlink %s: %s", buf, errname(errno));
	}
	for (int i = 0; i <= 40; i++) {
		snprintf(buf, sizeof buf, D "/chain/c%d", i);
		unlink(buf);
	}
	check(rmdir(D "/chain") == 0 && rmdir(D "/dir") == 0 && rmdir(D) == 0, "rmdir all");
	close(dfd);
	return done();
}
