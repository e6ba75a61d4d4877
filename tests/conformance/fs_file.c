/* fs_file: a regular file written and read back: openat with O_CREAT/O_EXCL/O_TRUNC/O_APPEND, lseek (holes
 * read as zeros), fstat/stat sizes and types, unlink of an open file, and the errors of open (POSIX open(),
 * lseek(), stat(); Linux open(2)). */
#include "conf.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#define DIR "/tmp/fs_file.d"
#define F DIR "/a"

int main(void)
{
	char buf[256];
	struct stat st;
	mkdir("/tmp", 0777);
	check(mkdir(DIR, 0755) == 0, "mkdir " DIR);

	int fd = open(F, O_WRONLY | O_CREAT | O_EXCL, 0644);
	check(fd >= 0, "create with O_EXCL");
	check(write(fd, "hello, world\n", 13) == 13, "write 13 bytes");
	check(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 13, "fstat: regular, size 13");
	check((st.st_mode & 0777) == 0644, "mode 0644 (umask 022)");
	check(st.st_nlink == 1, "nlink 1");
	check(read(fd, buf, 1) < 0 && errno == EBADF, "read on O_WRONLY: EBADF");
	close(fd);

	int r = open(F, O_WRONLY | O_CREAT | O_EXCL, 0644);
	check(r < 0 && errno == EEXIST, "O_CREAT|O_EXCL on an existing file: %s", err_of(r));

	fd = open(F, O_RDWR);
	check(fd >= 0, "reopen O_RDWR");
	memset(buf, 0, sizeof buf);
	check(read(fd, buf, sizeof buf) == 13 && strcmp(buf, "hello, world\n") == 0, "read back what was written");
	check(read(fd, buf, sizeof buf) == 0, "read at the end: 0");
	check(lseek(fd, 7, SEEK_SET) == 7, "lseek SEEK_SET 7");
	check(write(fd, "WORLD", 5) == 5, "overwrite in the middle");
	check(lseek(fd, 0, SEEK_CUR) == 12, "SEEK_CUR is 12");
	check(lseek(fd, 0, SEEK_END) == 13, "SEEK_END is 13");
	r = (int)lseek(fd, -20, SEEK_CUR);
	check(r < 0 && errno == EINVAL, "lseek before the start: %s", err_of(r));
	r = (int)lseek(fd, 0, 7);
	check(r < 0 && errno == EINVAL, "lseek bad whence: %s", err_of(r));
	check(lseek(fd, 8192, SEEK_SET) == 8192 && write(fd, "Z", 1) == 1, "write past the end at 8192");
	check(fstat(fd, &st) == 0 && st.st_size == 8193, "size 8193");
	lseek(fd, 100, SEEK_SET);
	check(read(fd, buf, 4) == 4 && memcmp(buf, "\0\0\0\0", 4) == 0, "the hole reads as zeros");
	lseek(fd, 0, SEEK_SET);
	memset(buf, 0, sizeof buf);
	check(read(fd, buf, 13) == 13 && strcmp(buf, "hello, WORLD\n") == 0, "content after the overwrite");
	close(fd);

	fd = open(F, O_WRONLY | O_APPEND);
	check(fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "!", 1) == 1, "O_APPEND write");
	check(fstat(fd, &st) == 0 && st.st_size == 8194, "O_APPEND wrote at the end: size 8194");
	close(fd);

	fd = open(F, O_RDWR | O_TRUNC);
	check(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties it");
	check(write(fd, "abc", 3) == 3, "write after truncate");
	close(fd);
	check(stat(F, &st) == 0 && st.st_size == 3, "stat by name: size 3");

	/* A big file: 200 KiB in odd-sized pieces, read back and compared. */
	fd = open(DIR "/big", O_RDWR | O_CREAT | O_TRUNC, 0600);
	static char big[200 * 1024], back[200 * 1024];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7 + i / 251);
	size_t off = 0;
	while (off < sizeof big) {
		size_t k = sizeof big - off < 3000 ? sizeof big - off : 3000;
		if (write(fd, big + off, k) != (ssize_t)k)
			break;
		off += k;
	}
	check(off == sizeof big, "wrote 200 KiB");
	lseek(fd, 0, SEEK_SET);
	check(read(fd, back, sizeof back) == (ssize_t)sizeof back && memcmp(big, back, sizeof big) == 0,
	      "read 200 KiB back, identical");
	close(fd);

	/* Unlink while open: the data stays readable through the open file. */
	fd = open(F, O_RDONLY);
	check(unlink(F) == 0, "unlink while open");
	r = open(F, O_RDONLY);
	check(r < 0 && errno == ENOENT, "the name is gone: %s", err_of(r));
	memset(buf, 0, sizeof buf);
	check(read(fd, buf, sizeof buf) == 3 && strcmp(buf, "abc") == 0, "the open file still reads abc");
	check(fstat(fd, &st) == 0 && st.st_nlink == 0, "nlink 0 after unlink");
	close(fd);

	/* Errors. */
	r = open(DIR "/none", O_RDONLY);
	check(r < 0 && errno == ENOENT, "missing file: %s", err_of(r));
	r = open(DIR "/none/x", O_RDONLY | O_CREAT, 0644);
	check(r < 0 && errno == ENOENT, "missing directory: %s", err_of(r));
	r = open(DIR, O_WRONLY);
	check(r < 0 && errno == EISDIR, "directory for writing: %s", err_of(r));
	r = open(DIR "/big/x", O_RDONLY);
	check(r < 0 && errno == ENOTDIR, "file as a directory: %s", err_of(r));
	r = open(DIR "/big/", O_RDONLY);
	check(r < 0 && errno == ENOTDIR, "file with a trailing slash: %s", err_of(r));
	r = open(DIR "/big", O_RDONLY | O_DIRECTORY);
	check(r < 0 && errno == ENOTDIR, "O_DIRECTORY on a file: %s", err_of(r));
	r = open(DIR "/new/", O_RDWR | O_CREAT, 0644);
	check(r < 0 && errno == EISDIR, "O_CREAT with a trailing slash: %s", err_of(r));
	r = open((char *)1, O_RDONLY);
	check(r < 0 && errno == EFAULT, "bad path pointer: %s", err_of(r));
	r = open("", O_RDONLY);
	check(r < 0 && errno == ENOENT, "empty path: %s", err_of(r));
	char longname[300];
	memset(longname, 'n', sizeof longname);
	longname[299] = 0;
	r = open(longname, O_RDONLY | O_CREAT, 0644);
	check(r < 0 && errno == ENAMETOOLONG, "a 299-byte name: %s", err_of(r));
	static char longpath[PATH_MAX + 10];
	memset(longpath, 'p', sizeof longpath);
	longpath[sizeof longpath - 1] = 0;
	r = open(longpath, O_RDONLY);
	check(r < 0 && errno == ENAMETOOLONG, "a path over PATH_MAX: %s", err_of(r));
	r = openat(99, "x", O_RDONLY);
	check(r < 0 && errno == EBADF, "openat with a bad dirfd: %s", err_of(r));
	r = (int)lseek(99, 0, SEEK_SET);
	check(r < 0 && errno == EBADF, "lseek bad fd: %s", err_of(r));
	int p[2];
	pipe(p);
	r = (int)lseek(p[0], 0, SEEK_SET);
	check(r < 0 && errno == ESPIPE, "lseek on a pipe: %s", err_of(r));
	check(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat of a pipe: S_IFIFO");
	close(p[0]);
	close(p[1]);
	r = stat(DIR "/none", &st);
	check(r < 0 && errno == ENOENT, "stat missing: %s", err_of(r));
	check(stat(DIR, &st) == 0 && S_ISDIR(st.st_mode), "stat of a directory: S_IFDIR");
	check(stat("/tests/fs_file", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111), "this program is executable");

	check(unlink(DIR "/big") == 0, "unlink big");
	check(rmdir(DIR) == 0, "rmdir " DIR);
	return done();
}
