/* tests/conformance/mem_mmap_order.c: three error orders of Linux 6.1 that scripts/fuzz-diff --seed 6007 found:
 * mmap(2) of a file checks the offset's end (EOVERFLOW, file_mmap_ok: a socket's end is a regular file's, found
 * by --seed 7321) before the mapping's type (EINVAL);
 * MAP_FIXED removes what was mapped before the memory is accounted, so a private writable mapping larger than
 * RAM fails with ENOMEM and leaves a hole where the old mapping was (mmap_region); opening a FIFO with access
 * mode 3 (neither reading nor writing) is EINVAL (fifo_open). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "conf.h"

#define GIB (1UL << 30)

static void result(const char *what, long r)
{
	printf("%s: %s\n", what, r == -1 ? errname(errno) : "ok");
}

int main(void)
{
	int fd = open("/tmp/mmo", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(fd, "x", 1);
	long off = (long)0xffffffff80000000UL; /* page-aligned, past the largest file offset */
	result("mmap of a file, no type, a huge offset", syscall(SYS_mmap, 0, 8, PROT_READ, 0, fd, off));
	result("mmap of a file, no type, offset 0", syscall(SYS_mmap, 0, 8, PROT_READ, 0, fd, 0));
	result("mmap of a file, MAP_PRIVATE, a huge offset", syscall(SYS_mmap, 0, 8, PROT_READ, MAP_PRIVATE, fd, off));
	close(fd);
	unlink("/tmp/mmo");
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	result("mmap of a socket, MAP_SHARED_VALIDATE, a huge offset",
	       syscall(SYS_mmap, 0, 8, PROT_READ, MAP_SHARED_VALIDATE, sv[0], off));
	result("mmap of a socket, MAP_SHARED, offset 0", syscall(SYS_mmap, 0, 8, PROT_READ, MAP_SHARED, sv[0], 0));
	close(sv[0]);
	close(sv[1]);

	/* a reservation (PROT_NONE: no memory accounted), one page of it made writable, then MAP_FIXED over it with
	 * more private writable memory than either machine has */
	char *r = mmap(NULL, GIB + 2 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *p = mmap(r, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(p == r, "a page at the reservation's start");
	p[0] = 1;
	char *q = mmap(r, GIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED of 1 GiB over it: %s\n", q == MAP_FAILED ? errname(errno) : "ok");
	result("msync of the old page", msync(r, 4096, MS_ASYNC));
	result("msync of the reservation past 1 GiB", msync(r + GIB, 4096, MS_ASYNC));
	munmap(r, GIB + 2 * 4096);

	/* a FIFO opened with access mode 3 */
	mkfifo("/tmp/mmo_fifo", 0666);
	result("open of a FIFO, access mode 3", open("/tmp/mmo_fifo", 3 | O_NONBLOCK));
	result("open of a FIFO, O_RDWR", fd = open("/tmp/mmo_fifo", O_RDWR | O_NONBLOCK));
	close(fd);
	unlink("/tmp/mmo_fifo");
	return done();
}
