/* fs_dev: the character devices of /dev with Linux's numbers (devices.txt): null (1,3), zero (1,5), full (1,7:
 * every write ENOSPC), random (1,8) and urandom (1,9), tty (5,0) and console (5,1), and /dev/shm, as stat shows
 * them (S_IFCHR, st_rdev) and as they read, write, seek and poll; a device is found by its number, not its
 * name (a node made with mknod works the same); a number without a driver gives ENXIO (Linux
 * drivers/char/mem.c, drivers/char/random.c, fs/char_dev.c). /dev/tty is not opened: it is the console here
 * but ENXIO under Linux, whose init has no controlling terminal. */
#include "conf.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define D "/tmp/fs_dev.d"

/* node: "c M,m mode" for a character device, "d mode" for a directory, else the error. */
static const char *node(const char *path)
{
	static char buf[64];
	struct stat st;
	if (stat(path, &st) < 0)
		return errname(errno);
	if (S_ISCHR(st.st_mode))
		snprintf(buf, sizeof buf, "c %u,%u %o", major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777);
	else if (S_ISDIR(st.st_mode))
		snprintf(buf, sizeof buf, "d %o", st.st_mode & 07777);
	else
		snprintf(buf, sizeof buf, "mode %o", st.st_mode);
	return buf;
}

static int all_zero(const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

int main(void)
{
	const char *names[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
				"/dev/console", "/dev/shm" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		printf("%s: %s\n", names[i], node(names[i]));
	static char buf[1 << 20];
	int r;

	/* /dev/null. */
	int fd = open("/dev/null", O_RDWR);
	check(fd >= 0, "open /dev/null");
	check(read(fd, buf, 100) == 0, "read: end of file");
	check(write(fd, "hello", 5) == 5, "write: all taken");
	check(write(fd, (char *)0x1000, 100) == 100, "write from an unmapped buffer: taken unread");
	check(lseek(fd, 100, SEEK_SET) == 0 && lseek(fd, 0, SEEK_CUR) == 0, "lseek: the offset stays 0");
	check(pread(fd, buf, 10, 50) == 0 && pwrite(fd, "x", 1, 50) == 1, "pread and pwrite work");
	struct stat st;
	check(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3), "fstat: S_IFCHR 1,3");
	struct pollfd pfd = { fd, POLLIN | POLLOUT, 0 };
	check(poll(&pfd, 1, 0) == 1 && pfd.revents == (POLLIN | POLLOUT), "poll: readable and writable");
	close(fd);
	fd = open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check(fd >= 0 && write(fd, "x", 1) == 1, "> /dev/null: O_CREAT|O_TRUNC on a device");
	close(fd);

	/* /dev/zero. */
	fd = open("/dev/zero", O_RDWR);
	memset(buf, 'x', sizeof buf);
	check(read(fd, buf, sizeof buf) == (ssize_t)sizeof buf && all_zero(buf, sizeof buf), "read 1 MiB of zeros");
	check(write(fd, buf, 1000) == 1000, "write: taken");
	memset(buf, 'x', 100);
	check(pread(fd, buf, 100, 12345) == 100 && all_zero(buf, 100), "pread: zeros");
	r = (int)read(fd, (char *)1, 10);
	check(r < 0 && errno == EFAULT, "read into a bad buffer: %s", err_of(r));
	check(lseek(fd, 5, SEEK_SET) == 0, "lseek: 0");
	close(fd);

	/* /dev/full. */
	fd = open("/dev/full", O_RDWR);
	memset(buf, 'x', 100);
	check(read(fd, buf, 100) == 100 && all_zero(buf, 100), "full reads as zeros");
	r = (int)write(fd, "x", 1);
	check(r < 0 && errno == ENOSPC, "and every write fails: %s", err_of(r));
	close(fd);

	/* /dev/urandom and /dev/random. */
	fd = open("/dev/urandom", O_RDONLY);
	char a[64], b[64];
	check(read(fd, a, sizeof a) == sizeof a && read(fd, b, sizeof b) == sizeof b, "urandom: two reads of 64");
	check(!all_zero(a, sizeof a) && memcmp(a, b, sizeof a) != 0, "not zeros, and not the same");
	int counts[256] = { 0 };
	check(read(fd, buf, 65536) == 65536, "read 64 KiB");
	for (int i = 0; i < 65536; i++)
		counts[(unsigned char)buf[i]]++;
	int lo = 65536, hi = 0;
	for (int i = 0; i < 256; i++) {
		lo = counts[i] < lo ? counts[i] : lo;
		hi = counts[i] > hi ? counts[i] : hi;
	}
	check(lo > 128 && hi < 384, "every byte value about 256 times in 64 KiB");
	r = (int)read(fd, (char *)1, 10);
	check(r < 0 && errno == EFAULT, "read into a bad buffer: %s", err_of(r));
	close(fd);
	fd = open("/dev/random", O_RDWR);
	check(read(fd, a, 16) == 16 && write(fd, "seed", 4) == 4, "random: read, and a write is taken");
	close(fd);

	/* /dev/console and /dev/shm. */
	fd = open("/dev/console", O_WRONLY);
	check(fd >= 0 && fstat(fd, &st) == 0 && st.st_rdev == makedev(5, 1), "open /dev/console: 5,1");
	close(fd);
	int sh = open("/dev/shm/fs_dev", O_RDWR | O_CREAT | O_EXCL, 0600);
	check(sh >= 0 && unlink("/dev/shm/fs_dev") == 0, "a file in /dev/shm");
	close(sh);

	/* A device is its number: a node made elsewhere works the same; a number without a driver is ENXIO. */
	mkdir("/tmp", 0777);
	mkdir(D, 0755);
	check(mknod(D "/mynull", S_IFCHR | 0666, makedev(1, 3)) == 0, "mknod c 1 3");
	fd = open(D "/mynull", O_RDWR);
	check(fd >= 0 && read(fd, buf, 10) == 0 && write(fd, "x", 1) == 1, "it is a /dev/null");
	close(fd);
	check(mknod(D "/nodev", S_IFCHR | 0666, makedev(42, 42)) == 0, "mknod c 42 42");
	r = open(D "/nodev", O_RDWR);
	check(r < 0 && errno == ENXIO, "opening it: %s", err_of(r));
	check(stat(D "/nodev", &st) == 0 && st.st_rdev == makedev(42, 42), "stat shows 42,42");
	unlink(D "/mynull");
	unlink(D "/nodev");
	rmdir(D);
	return done();
}
