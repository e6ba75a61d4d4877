/* labs/pipe-create/create.c: what pipe(2) makes. pipe(fds) allocates one pipe (its buffer, behind an inode of the
 * pipe file system), two open files on it (one O_RDONLY, one O_WRONLY) and two descriptors, the lowest free numbers
 * in the caller's table, in that order (POSIX XSH pipe(): "the lowest numbered ... available"; Linux 6.1
 * fs/pipe.c, do_pipe2 -> __do_pipe_flags -> create_pipe_files, then get_unused_fd_flags twice and fd_install).
 * The program opens /dev/null twice (descriptors 3 and 4) and closes 3 first, so the pipe gets 3 and 5. */
#include <fcntl.h>
#include <sys/stat.h>
#include "lab.h"

/* show: one line about descriptor fd: free, or its type, access mode and inode number. */
static void show(int fd)
{
	struct stat st;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fstat(fd, &st) < 0) {
		say(1, "create:   fd %d: free\n", fd);
		return;
	}
	const char *acc = (fl & O_ACCMODE) == O_RDONLY ? "read-only" : (fl & O_ACCMODE) == O_WRONLY ? "write-only" : "read-write";
	say(1, "create:   fd %d: %s, %s\n", fd, S_ISFIFO(st.st_mode) ? "pipe" : S_ISCHR(st.st_mode) ? "character device" : "other", acc);
}

int main(void)
{
	int a = open("/dev/null", O_RDONLY), b = open("/dev/null", O_RDONLY);
	if (a != 3 || b != 4)
		return say(2, "create: expected /dev/null as 3 and 4, got %d and %d\n", a, b), 1;
	close(a);
	say(1, "create: before pipe (3 closed):\n");
	for (int fd = 3; fd <= 5; fd++)
		show(fd);
	int p[2];
	if (pipe(p) < 0)
		lab_die("pipe");
	say(1, "create: pipe gave read end %d, write end %d\n", p[0], p[1]);
	for (int fd = 3; fd <= 5; fd++)
		show(fd);
	struct stat r, w;
	fstat(p[0], &r);
	fstat(p[1], &w);
	say(1, "create: both ends are the same inode: %s\n", r.st_ino == w.st_ino && r.st_dev == w.st_dev ? "yes" : "no");
	if (write(p[1], "x", 1) != 1)
		lab_die("write");
	char c;
	ssize_t n = read(p[0], &c, 1);
	say(1, "create: a byte written into %d is read from %d: %s\n", p[1], p[0], n == 1 && c == 'x' ? "yes" : "no");
	say(1, "create: read from the write end: %s\n", read(p[1], &c, 1) < 0 ? strerror(errno) : "ok?");
	close(p[0]);
	close(p[1]);
	close(b);
	return 0;
}
