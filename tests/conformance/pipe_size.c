/* pipe_size: F_GETPIPE_SZ and F_SETPIPE_SZ: 64 KiB by default, sizes round up to a power-of-two number of
 * pages, a size below the bytes in the pipe gives EBUSY, the new capacity is what a non-blocking writer can fill. */
#define _GNU_SOURCE
#include <fcntl.h>
#include "conf.h"

static char buf[1 << 20];

/* fill_count: how many bytes a non-blocking writer gets into the pipe, 1 KiB at a time; drains it after. */
static long fill_count(int p[2])
{
	long total = 0;
	ssize_t n;
	while ((n = write(p[1], buf, 1024)) > 0)
		total += n;
	while (read(p[0], buf, sizeof buf) > 0)
		;
	return total;
}

int main(void)
{
	int p[2];
	check(pipe2(p, O_NONBLOCK) == 0, "pipe2");
	printf("default size: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	printf("size seen from the write end: %d\n", fcntl(p[1], F_GETPIPE_SZ));
	printf("capacity filled: %ld\n", fill_count(p));
	int r = fcntl(p[1], F_SETPIPE_SZ, 4096);
	printf("F_SETPIPE_SZ 4096: %d\n", r);
	printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	printf("capacity filled: %ld\n", fill_count(p));
	r = fcntl(p[0], F_SETPIPE_SZ, 100000);
	printf("F_SETPIPE_SZ 100000: %d\n", r);
	printf("capacity filled: %ld\n", fill_count(p));
	r = fcntl(p[0], F_SETPIPE_SZ, 5000);
	printf("F_SETPIPE_SZ 5000: %d\n", r);
	r = fcntl(p[0], F_SETPIPE_SZ, 1);
	printf("F_SETPIPE_SZ 1: %d\n", r);
	r = fcntl(p[0], F_SETPIPE_SZ, 1 << 20);
	printf("F_SETPIPE_SZ 1 MiB: %d\n", r);
	printf("capacity filled: %ld\n", fill_count(p));

	/* Shrinking below what is in the pipe fails and leaves the size. */
	r = fcntl(p[0], F_SETPIPE_SZ, 65536);
	printf("F_SETPIPE_SZ 65536: %d\n", r);
	memset(buf, 'z', 20000);
	printf("wrote: %zd\n", write(p[1], buf, 20000));
	r = fcntl(p[0], F_SETPIPE_SZ, 4096);
	printf("F_SETPIPE_SZ 4096 with 20000 bytes inside: %d %s\n", r, err_of(r));
	printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	printf("read back: %zd\n", read(p[0], buf, sizeof buf));
	r = fcntl(p[0], F_SETPIPE_SZ, -1);
	printf("F_SETPIPE_SZ -1: %d %s\n", r, err_of(r));
	r = fcntl(1 << 20, F_GETPIPE_SZ);
	printf("F_GETPIPE_SZ on a bad fd: %d %s\n", r, err_of(r));
	close(p[0]);
	close(p[1]);
	return done();
}
