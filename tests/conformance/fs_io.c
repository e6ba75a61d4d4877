/* fs_io: a file's size and its bytes at given offsets: truncate and ftruncate (grow with zeros, shrink),
 * pread64/pwrite64 and preadv/pwritev (the file offset untouched; ESPIPE on a pipe; O_APPEND), sendfile (file to
 * pipe, file to file, with and without an offset), files far past the 2 MiB a page table of one page could
 * hold, sparse files with holes at gigabyte and terabyte offsets, and ENOSPC when the filesystem is full
 * (POSIX truncate(), pread(); Linux sendfile(2), fs/read_write.c, mm/shmem.c). */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <sys/sendfile.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define D "/tmp/fs_io.d"

static long size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : (long)st.st_size;
}

/* all_zero: n bytes of fd at off read as zeros. */
static int all_zero(int fd, off_t off, size_t n)
{
	static char buf[8192];
	while (n) {
		size_t k = n < sizeof buf ? n : sizeof buf;
		if (pread(fd, buf, k, off) != (ssize_t)k)
			return 0;
		for (size_t i = 0; i < k; i++)
			if (buf[i])
				return 0;
		off += k;
		n -= k;
	}
	return 1;
}

/* pattern: byte i of the big file. */
static char pattern(unsigned long i) { return (char)(i * 131 + (i >> 12) * 7 + 1); }

int main(void)
{
	char buf[256];
	int r;
	mkdir("/tmp", 0777);
	check(mkdir(D, 0755) == 0, "mkdir " D);

	/* truncate and ftruncate. */
	int fd = open(D "/t", O_RDWR | O_CREAT, 0644);
	check(write(fd, "0123456789", 10) == 10, "write 10 bytes");
	check(ftruncate(fd, 4) == 0 && size_of(D "/t") == 4, "ftruncate to 4");
	check(pread(fd, buf, 10, 0) == 4 && memcmp(buf, "0123", 4) == 0, "4 bytes left");
	check(ftruncate(fd, 10000) == 0 && size_of(D "/t") == 10000, "ftruncate to 10000");
	check(all_zero(fd, 4, 9996), "the new bytes read as zeros (not the old 456789)");
	check(lseek(fd, 0, SEEK_CUR) == 10, "the offset stays at 10");
	check(truncate(D "/t", 5000) == 0 && size_of(D "/t") == 5000, "truncate by name to 5000");
	check(truncate(D "/t", 5000) == 0, "truncate to the same size");
	struct stat st;
	fstat(fd, &st);
	check(st.st_blocks == 8, "5000 bytes, the second page a hole: %ld blocks", (long)st.st_blocks);
	r = ftruncate(fd, -1);
	check(r < 0 && errno == EINVAL, "ftruncate to -1: %s", err_of(r));
	r = truncate(D "/t", -1);
	check(r < 0 && errno == EINVAL, "truncate to -1: %s", err_of(r));
	r = truncate(D, 0);
	check(r < 0 && errno == EISDIR, "truncate of a directory: %s", err_of(r));
	r = truncate(D "/none", 0);
	check(r < 0 && errno == ENOENT, "truncate of a missing file: %s", err_of(r));
	int ro = open(D "/t", O_RDONLY);
	r = ftruncate(ro, 0);
	check(r < 0 && errno == EINVAL, "ftruncate of a read-only fd: %s", err_of(r));
	close(ro);
	int p[2];
	pipe(p);
	r = ftruncate(p[1], 0);
	check(r < 0 && errno == EINVAL, "ftruncate of a pipe: %s", err_of(r));
	r = ftruncate(99, 0);
	check(r < 0 && errno == EBADF, "ftruncate of a bad fd: %s", err_of(r));
	symlink("t", D "/tl");
	check(truncate(D "/tl", 3) == 0 && size_of(D "/t") == 3, "truncate follows a link");

	/* pread64 and pwrite64. */
	check(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0, "empty again");
	check(pwrite(fd, "abcdef", 6, 100) == 6, "pwrite 6 bytes at 100");
	check(lseek(fd, 0, SEEK_CUR) == 0 && size_of(D "/t") == 106, "the offset stays 0, the size is 106");
	memset(buf, 0, sizeof buf);
	check(pread(fd, buf, 3, 102) == 3 && strcmp(buf, "cde") == 0, "pread 3 bytes at 102");
	check(pread(fd, buf, 10, 106) == 0, "pread at the end: 0");
	check(pread(fd, buf, 10, 1000) == 0, "pread past the end: 0");
	check(lseek(fd, 0, SEEK_CUR) == 0, "the offset still 0");
	r = (int)pread(fd, buf, 1, -1);
	check(r < 0 && errno == EINVAL, "pread at -1: %s", err_of(r));
	r = (int)pwrite(fd, buf, 1, -5);
	check(r < 0 && errno == EINVAL, "pwrite at -5: %s", err_of(r));
	r = (int)pread(p[0], buf, 1, 0);
	check(r < 0 && errno == ESPIPE, "pread of a pipe: %s", err_of(r));
	r = (int)pwrite(p[1], buf, 1, 0);
	check(r < 0 && errno == ESPIPE, "pwrite of a pipe: %s", err_of(r));
	r = (int)pread(fd, (char *)1, 10, 0);
	check(r < 0 && errno == EFAULT, "pread into a bad buffer: %s", err_of(r));
	r = (int)pread(99, buf, 1, 0);
	check(r < 0 && errno == EBADF, "pread of a bad fd: %s", err_of(r));
	int dfd = open(D, O_RDONLY | O_DIRECTORY);
	r = (int)pread(dfd, buf, 1, 0);
	check(r < 0 && errno == EISDIR, "pread of a directory: %s", err_of(r));
	close(dfd);
	int ap = open(D "/t", O_WRONLY | O_APPEND);
	check(pwrite(ap, "Z", 1, 0) == 1 && size_of(D "/t") == 107, "pwrite with O_APPEND appends (Linux)");
	close(ap);

	/* preadv and pwritev. */
	struct iovec iov[3] = { { "12", 2 }, { "", 0 }, { "345", 3 } };
	check(pwritev(fd, iov, 3, 10) == 5 && lseek(fd, 0, SEEK_CUR) == 0, "pwritev 5 bytes at 10, offset unchanged");
	char a[2], b[4];
	struct iovec rv[2] = { { a, 2 }, { b, 4 } };
	check(preadv(fd, rv, 2, 10) == 6 && memcmp(a, "12", 2) == 0 && memcmp(b, "345\0", 4) == 0,
	      "preadv at 10: 12 345 and a zero");
	r = (int)preadv(fd, rv, 2, -1);
	check(r < 0 && errno == EINVAL, "preadv at -1: %s", err_of(r));
	r = (int)preadv(p[0], rv, 2, 0);
	check(r < 0 && errno == ESPIPE, "preadv of a pipe: %s", err_of(r));

	/* sendfile. */
	check(ftruncate(fd, 0) == 0, "empty again");
	static char text[20000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i % 26);
	check(pwrite(fd, text, sizeof text, 0) == (ssize_t)sizeof text, "20000 bytes of text");
	lseek(fd, 5, SEEK_SET);
	check(sendfile(p[1], fd, NULL, 10) == 10 && lseek(fd, 0, SEEK_CUR) == 15, "sendfile 10 bytes to a pipe");
	memset(buf, 0, sizeof buf);
	check(read(p[0], buf, sizeof buf) == 10 && memcmp(buf, text + 5, 10) == 0, "the pipe has bytes 5..14");
	off_t off = 100;
	check(sendfile(p[1], fd, &off, 26) == 26 && off == 126 && lseek(fd, 0, SEEK_CUR) == 15,
	      "with an offset: it moves, the file offset does not");
	check(read(p[0], buf, sizeof buf) == 26 && memcmp(buf, text + 100, 26) == 0, "bytes 100..125");
	int out = open(D "/copy", O_RDWR | O_CREAT | O_TRUNC, 0644);
	off = 0;
	check(sendfile(out, fd, &off, 1 << 20) == (ssize_t)sizeof text && off == sizeof text,
	      "sendfile of the whole file to a file (count past the end)");
	check(size_of(D "/copy") == (long)sizeof text && lseek(out, 0, SEEK_CUR) == (off_t)sizeof text,
	      "the copy is 20000 bytes, its offset at the end");
	static char back[20000];
	check(pread(out, back, sizeof back, 0) == (ssize_t)sizeof back && memcmp(back, text, sizeof text) == 0,
	      "and identical");
	off = sizeof text;
	check(sendfile(out, fd, &off, 10) == 0, "sendfile at the end: 0");
	check(sendfile(out, fd, NULL, 0) == 0, "sendfile of 0 bytes");
	r = (int)sendfile(out, p[0], NULL, 10);
	check(r < 0 && errno == EINVAL, "sendfile from a pipe: %s", err_of(r));
	off = -1;
	r = (int)sendfile(out, fd, &off, 10);
	check(r < 0 && errno == EINVAL, "sendfile from -1: %s", err_of(r));
	r = (int)sendfile(out, fd, (off_t *)1, 10);
	check(r < 0 && errno == EFAULT, "sendfile with a bad offset pointer: %s", err_of(r));
	r = (int)sendfile(99, fd, NULL, 10);
	check(r < 0 && errno == EBADF, "sendfile to a bad fd: %s", err_of(r));
	r = (int)sendfile(out, 99, NULL, 10);
	check(r < 0 && errno == EBADF, "sendfile from a bad fd: %s", err_of(r));
	ro = open(D "/t", O_RDONLY);
	r = (int)sendfile(ro, fd, NULL, 10);
	check(r < 0 && errno == EBADF, "sendfile to a read-only fd: %s", err_of(r));
	close(ro);
	ap = open(D "/copy", O_WRONLY | O_APPEND);
	r = (int)sendfile(ap, fd, NULL, 10);
	check(r < 0 && errno == EINVAL, "sendfile to an O_APPEND fd: %s", err_of(r));
	close(ap);
	close(out);
	close(p[0]);
	close(p[1]);

	/* A file of 24 MiB, far past 2 MiB, written in odd pieces and read back. */
	int big = open(D "/big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	static char chunk[65536 + 17];
	unsigned long total = 24UL << 20, done_w = 0;
	while (done_w < total) {
		size_t k = total - done_w < sizeof chunk ? total - done_w : sizeof chunk;
		for (size_t i = 0; i < k; i++)
			chunk[i] = pattern(done_w + i);
		if (write(big, chunk, k) != (ssize_t)k)
			break;
		done_w += k;
	}
	check(done_w == total && size_of(D "/big") == (long)total, "wrote 24 MiB");
	int same = 1;
	for (unsigned long at = 0; at < total && same; at += 3 << 20) {
		size_t k = 4096 + 13;
		if (pread(big, chunk, k, at) != (ssize_t)k)
			same = 0;
		for (size_t i = 0; i < k && same; i++)
			same = chunk[i] == pattern(at + i);
	}
	check(same, "read back at every 3 MiB: the same bytes");
	check(ftruncate(big, 3 << 20) == 0 && pread(big, chunk, 100, (3 << 20) - 50) == 50 &&
	      chunk[49] == pattern((3 << 20) - 1), "cut to 3 MiB");
	fstat(big, &st);
	check(st.st_blocks == (3 << 20) / 512, "its blocks: %ld", (long)st.st_blocks);
	close(big);
	check(unlink(D "/big") == 0, "unlink it");

	/* Sparse files: holes at 4 GiB and 1 TiB cost nothing and read as zeros. */
	int sp = open(D "/sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check(pwrite(sp, "G", 1, 4LL << 30) == 1 && size_of(D "/sparse") == (4L << 30) + 1, "one byte at 4 GiB");
	check(pwrite(sp, "T", 1, 1LL << 40) == 1 && size_of(D "/sparse") == (1L << 40) + 1, "one byte at 1 TiB");
	fstat(sp, &st);
	check(st.st_blocks == 16, "two pages allocated: %ld blocks", (long)st.st_blocks);
	check(all_zero(sp, (4LL << 30) - 4096, 4096) && all_zero(sp, (1LL << 40) - 100, 100), "the holes read as zeros");
	check(pread(sp, buf, 1, 4LL << 30) == 1 && buf[0] == 'G' && pread(sp, buf, 5, 1LL << 40) == 1 && buf[0] == 'T',
	      "the bytes are there");
	check(ftruncate(sp, 10) == 0 && pread(sp, buf, 5, 1LL << 40) == 0, "ftruncate to 10 drops them");
	fstat(sp, &st);
	check(st.st_blocks == 0 && st.st_size == 10, "no block left: %ld", (long)st.st_blocks);
	check(lseek(sp, 0x7fffffffffffffffLL, SEEK_SET) == 0x7fffffffffffffffLL, "lseek to the largest offset");
	r = (int)write(sp, "x", 1);
	check(r < 0 && errno == EINVAL, "a write there: %s", err_of(r));
	r = (int)pwrite(sp, "xy", 2, 0x7ffffffffffffffeLL);
	check(r < 0 && errno == EINVAL, "a pwrite past it: %s", err_of(r));
	close(sp);

	/* Filling the filesystem: ENOSPC at its size (half of RAM by default), and the space comes back. */
	int fill = open(D "/fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	static char mib[1 << 20];
	long filled = 0;
	ssize_t w;
	while ((w = write(fill, mib, sizeof mib)) > 0)
		filled += w;
	check(w < 0 && errno == ENOSPC, "writing until it fails: %s", err_of(w));
	check(filled >= (100L << 20), "after more than 100 MiB");
	close(fill);
	check(unlink(D "/fill") == 0, "unlink it");
	fill = open(D "/fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check(write(fill, mib, sizeof mib) == sizeof mib, "the space is free again");
	close(fill);
	unlink(D "/fill");

	/* RLIMIT_FSIZE: a write is cut at the limit; at it, EFBIG and SIGXFSZ (ignored here); truncate past it too. */
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit rl = { 10000, RLIM_INFINITY };
	check(setrlimit(RLIMIT_FSIZE, &rl) == 0, "setrlimit RLIMIT_FSIZE 10000");
	int lim = open(D "/lim", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check(write(lim, chunk, 6000) == 6000 && write(lim, chunk, 6000) == 4000, "6000 bytes, then 4000 of 6000");
	r = (int)write(lim, chunk, 1);
	check(r < 0 && errno == EFBIG, "at the limit: %s", err_of(r));
	r = ftruncate(lim, 10001);
	check(r < 0 && errno == EFBIG, "ftruncate past it: %s", err_of(r));
	check(ftruncate(lim, 10000) == 0 && pwrite(lim, "x", 1, 9999) == 1, "up to it is fine");
	signal(SIGXFSZ, SIG_DFL);
	pid_t pid = fork();
	if (pid == 0) {
		write(lim, "x", 1); /* SIGXFSZ: the default action kills with a core */
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ, "past it without a handler: killed by SIGXFSZ");
	close(lim);
	rl.rlim_cur = RLIM_INFINITY;
	setrlimit(RLIMIT_FSIZE, &rl);
	unlink(D "/lim");

	close(fd);
	unlink(D "/tl");
	unlink(D "/t");
	unlink(D "/copy");
	unlink(D "/sparse");
	check(rmdir(D) == 0, "rmdir " D);
	return done();
}
