/* mem_file: mappings of files (mmap(2), msync(2), madvise(2), shm_open(3), sem_open(3)):
 * - MAP_SHARED of a file is the file: a store through the mapping is what read(2) returns, a write(2) or pwrite
 *   is seen through every mapping, in this process and in a child;
 * - MAP_PRIVATE is a copy: its stores reach neither the file nor other mappings;
 * - past the end of the file: the rest of the last page reads zeros and is not written back; a whole page past the
 *   end is SIGBUS (BUS_ADRERR), also after a truncation that shrinks the file under a mapping;
 * - errors: EACCES for a writable shared mapping of a read-only descriptor (and for mprotect to writable later),
 *   for any mapping of a write-only one; ENODEV for a pipe or a directory; EBADF; EINVAL for an unaligned offset;
 * - /dev/zero maps as anonymous memory; msync and madvise(MADV_DONTNEED) and mlock as the man pages say;
 * - shm_open + ftruncate + mmap and sem_open, which the C library builds on /dev/shm, work across fork;
 * - read(2) into, and write(2) from, a mapping of the very file being read or written. */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define PG 4096


static void shared_is_the_file(void)
{
	int fd = shm_open("/mem_file_a", O_CREAT | O_EXCL | O_RDWR, 0600);
	check(fd >= 0, "shm_open creates /mem_file_a (%s)", err_of(fd));
	check(ftruncate(fd, 2 * PG) == 0, "ftruncate gives it two pages");
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(m != MAP_FAILED, "mmap MAP_SHARED of it");
	memcpy(m + 10, "through the mapping", 19);
	char buf[32] = { 0 };
	pread(fd, buf, 19, 10);
	check(!memcmp(buf, "through the mapping", 19), "pread sees a store made through the mapping");
	pwrite(fd, "by pwrite", 9, PG + 5);
	check(!memcmp(m + PG + 5, "by pwrite", 9), "the mapping sees a pwrite");
	struct stat st;
	fstat(fd, &st);
	check(st.st_size == 2 * PG, "the file's size is still two pages (%lld)", (long long)st.st_size);

	pid_t c = fork();
	if (c == 0) {
		strcpy(m + 100, "from the child");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	check(!strcmp(m + 100, "from the child"), "a child's store through the inherited mapping is seen by its parent");

	/* A second mapping of the second page only, and a mapping of a descriptor opened again. */
	char *second = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, PG);
	check(second != MAP_FAILED && !memcmp(second + 5, "by pwrite", 9), "a mapping at offset 4096 maps the second page");
	m[PG + 5] = 'B';
	check(second[5] == 'B', "two mappings of one page are one page");

	/* read(2) into a shared mapping of the file being read, and write(2) from one, untouched pages both. */
	char *m2 = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	long r = pread(fd, m2 + PG + 200, 19, 10);
	check(r == 19 && !memcmp(m + PG + 200, "through the mapping", 19),
	      "pread into a fresh mapping of the same file (%ld)", r);
	char *m3 = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	r = pwrite(fd, m3 + 10, 19, PG + 300);
	check(r == 19 && !memcmp(m + PG + 300, "through the mapping", 19), "pwrite from one (%ld)", r);
	munmap(m2, 2 * PG);
	munmap(m3, 2 * PG);
	munmap(second, PG);

	/* Unlinked while mapped: the mapping and the descriptor keep the file. */
	check(shm_unlink("/mem_file_a") == 0, "shm_unlink while it is mapped");
	m[0] = 'Z';
	pread(fd, buf, 1, 0);
	check(buf[0] == 'Z', "the mapping still is the file");
	munmap(m, 2 * PG);
	close(fd);
}

static void private_is_a_copy(void)
{
	int fd = open("/dev/shm/mem_file_b", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(fd, "original", 8);
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	check(p != MAP_FAILED && !memcmp(p, "original", 8), "MAP_PRIVATE reads the file");
	memcpy(p, "changed!", 8);
	char buf[9] = { 0 };
	pread(fd, buf, 8, 0);
	check(!memcmp(buf, "original", 8), "its stores do not reach the file");
	char *s = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	check(!memcmp(s, "original", 8), "nor a shared mapping of it");
	check(madvise(p, PG, MADV_DONTNEED) == 0 && !memcmp(p, "original", 8),
	      "madvise(MADV_DONTNEED) drops the private copy: the file's bytes again");
	munmap(p, PG);
	munmap(s, PG);

	/* A read-only descriptor: private writable mappings are fine, shared writable ones are not. */
	int ro = open("/dev/shm/mem_file_b", O_RDONLY);
	errno = 0;
	void *w = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	check(w == MAP_FAILED && errno == EACCES, "MAP_SHARED with PROT_WRITE of an O_RDONLY descriptor: EACCES (%s)",
	      errname(errno));
	char *r = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	check(r != MAP_FAILED, "PROT_READ of it is fine");
	errno = 0;
	int e = mprotect(r, PG, PROT_READ | PROT_WRITE);
	check(e < 0 && errno == EACCES, "and mprotect cannot make it writable later: EACCES (%s)", err_of(e));
	munmap(r, PG);
	char *pw = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	check(pw != MAP_FAILED, "MAP_PRIVATE with PROT_WRITE of an O_RDONLY descriptor is fine (%s)",
	      pw == MAP_FAILED ? errname(errno) : "0");
	if (pw != MAP_FAILED)
		munmap(pw, PG);
	close(ro);
	int wo = open("/dev/shm/mem_file_b", O_WRONLY);
	errno = 0;
	w = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0);
	check(w == MAP_FAILED && errno == EACCES, "any mapping of an O_WRONLY descriptor: EACCES (%s)", errname(errno));
	close(wo);
	unlink("/dev/shm/mem_file_b");
	close(fd);
}

static sigjmp_buf jb;
static volatile int bus_code;
static void *volatile bus_addr;
static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	bus_code = si->si_code;
	bus_addr = si->si_addr;
	siglongjmp(jb, 1);
}

/* touch: read one byte at p; returns 0, or 1 when that was SIGBUS. */
static int touch(volatile char *p)
{
	bus_code = 0;
	if (sigsetjmp(jb, 1))
		return 1;
	(void)*p;
	return 0;
}

static void past_the_end(void)
{
	struct sigaction sa = { .sa_sigaction = on_bus, .sa_flags = SA_SIGINFO };
	sigaction(SIGBUS, &sa, NULL);
	int fd = open("/dev/shm/mem_file_c", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(fd, "0123456789", 10);
	char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(m[10] == 0 && m[PG - 1] == 0, "past the end of the file, the rest of its last page reads zeros");
	m[20] = 'x';
	struct stat st;
	fstat(fd, &st);
	char buf[32];
	check(st.st_size == 10 && pread(fd, buf, sizeof buf, 0) == 10, "a store there does not grow the file");
	check(touch(m + PG) == 1 && bus_code == BUS_ADRERR && bus_addr == m + PG,
	      "a page wholly past the end: SIGBUS, BUS_ADRERR, si_addr the address (code %d)", bus_code);
	ftruncate(fd, 2 * PG);
	check(touch(m + PG) == 0 && m[PG] == 0, "ftruncate grows the file: the page is there now, zeros");
	m[PG + 100] = 'y';
	ftruncate(fd, PG);
	check(touch(m + PG + 100) == 1, "ftruncate shrinks it under the mapping: SIGBUS again");
	ftruncate(fd, 2 * PG);
	check(touch(m + PG + 100) == 0 && m[PG + 100] == 0, "grown again, the page comes back as zeros, not 'y'");
	munmap(m, 3 * PG);
	close(fd);
	unlink("/dev/shm/mem_file_c");
	signal(SIGBUS, SIG_DFL);
}

static void errors(void)
{
	int p[2];
	pipe(p);
	errno = 0;
	void *m = mmap(NULL, PG, PROT_READ, MAP_SHARED, p[0], 0);
	check(m == MAP_FAILED && errno == ENODEV, "mmap of a pipe: ENODEV (%s)", errname(errno));
	close(p[0]);
	close(p[1]);
	int d = open("/dev", O_RDONLY | O_DIRECTORY);
	errno = 0;
	m = mmap(NULL, PG, PROT_READ, MAP_SHARED, d, 0);
	check(m == MAP_FAILED && errno == ENODEV, "mmap of a directory: ENODEV (%s)", errname(errno));
	close(d);
	errno = 0;
	m = mmap(NULL, PG, PROT_READ, MAP_SHARED, 99, 0);
	check(m == MAP_FAILED && errno == EBADF, "mmap of a descriptor that is not open: EBADF (%s)", errname(errno));
	int fd = open("/dev/shm/mem_file_d", O_CREAT | O_RDWR | O_TRUNC, 0600);
	ftruncate(fd, PG);
	errno = 0;
	m = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 100);
	check(m == MAP_FAILED && errno == EINVAL, "an offset that is not a multiple of the page size: EINVAL (%s)",
	      errname(errno));
	char *ok = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(msync(ok, PG, MS_SYNC) == 0 && msync(ok, PG, MS_ASYNC | MS_INVALIDATE) == 0, "msync MS_SYNC, MS_ASYNC");
	errno = 0;
	int r = msync(ok, PG, MS_SYNC | MS_ASYNC);
	check(r < 0 && errno == EINVAL, "msync with MS_SYNC and MS_ASYNC: EINVAL (%s)", err_of(r));
	errno = 0;
	r = msync(ok + 1, PG, MS_SYNC);
	check(r < 0 && errno == EINVAL, "msync at an unaligned address: EINVAL (%s)", err_of(r));
	munmap(ok, PG);
	errno = 0;
	r = msync(ok, PG, MS_SYNC);
	check(r < 0 && errno == ENOMEM, "msync of an unmapped range: ENOMEM (%s)", err_of(r));
	errno = 0;
	r = madvise(ok, PG, MADV_DONTNEED);
	check(r < 0 && errno == ENOMEM, "madvise of an unmapped range: ENOMEM (%s)", err_of(r));
	close(fd);
	unlink("/dev/shm/mem_file_d");

	char *a = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	a[0] = 1;
	a[PG] = 2;
	check(mlock(a, 2 * PG) == 0 && munlock(a, 2 * PG) == 0, "mlock and munlock of mapped memory");
	errno = 0;
	r = madvise(a, PG, 12345);
	check(r < 0 && errno == EINVAL, "madvise with an unknown advice: EINVAL (%s)", err_of(r));
	check(madvise(a, PG, MADV_DONTNEED) == 0 && a[0] == 0 && a[PG] == 2,
	      "madvise(MADV_DONTNEED) of private anonymous memory: zeros where it was applied, the rest kept");
	munmap(a, 2 * PG);
}

static void dev_zero(void)
{
	int z = open("/dev/zero", O_RDWR);
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
	check(p != MAP_FAILED && p[0] == 0 && p[PG - 1] == 0, "MAP_PRIVATE of /dev/zero: zeros");
	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
	check(s != MAP_FAILED, "MAP_SHARED of /dev/zero");
	pid_t c = fork();
	if (c == 0) {
		s[0] = 42;
		p[0] = 42;
		_exit(0);
	}
	waitpid(c, NULL, 0);
	check(s[0] == 42 && p[0] == 0, "shared with a child when MAP_SHARED, not when MAP_PRIVATE");
	munmap(p, PG);
	munmap(s, PG);
	close(z);
}

static void named_semaphore(void)
{
	sem_unlink("/mem_file_sem");
	sem_t *s = sem_open("/mem_file_sem", O_CREAT | O_EXCL, 0600, 0);
	check(s != SEM_FAILED, "sem_open creates a named semaphore (%s)", s == SEM_FAILED ? errname(errno) : "0");
	if (s == SEM_FAILED)
		return;
	struct stat st;
	check(stat("/dev/shm/sem.mem_file_sem", &st) == 0 || stat("/dev/shm/mem_file_sem", &st) == 0,
	      "it is a file in /dev/shm (glibc names it sem.mem_file_sem, musl mem_file_sem)");
	pid_t c = fork();
	if (c == 0) {
		sem_t *t = sem_open("/mem_file_sem", 0);
		usleep(20000);
		sem_post(t);
		sem_post(t);
		_exit(0);
	}
	int ok = sem_wait(s) == 0 && sem_wait(s) == 0;
	waitpid(c, NULL, 0);
	int v = -1;
	sem_getvalue(s, &v);
	check(ok && v == 0, "a child's two sem_post let its parent's two sem_wait through");
	check(sem_unlink("/mem_file_sem") == 0 && sem_close(s) == 0, "sem_unlink, sem_close");
}

int main(void)
{
	/* /dev/shm is a tmpfs on Linux; the reference's initramfs may not have mounted one. */
	struct stat st;
	if (stat("/dev/shm", &st) != 0)
		mkdir("/dev/shm", 01777);
	shared_is_the_file();
	private_is_a_copy();
	past_the_end();
	errors();
	dev_zero();
	named_semaphore();
	return done();
}
