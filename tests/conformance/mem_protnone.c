/* mem_protnone: mprotect(PROT_NONE) on a page already in use: the kernel refuses to read it for write(2)
 * (EFAULT), a read at EL0 is SIGSEGV, and PROT_READ brings the same contents back. */
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
int main(void) {
	char *p = mmap(0, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
	p[0] = 'x';
	mprotect(p, 4096, PROT_NONE);
	int r = write(1, p, 1);
	printf("write from PROT_NONE: %d %s\n", r, r < 0 && errno == EFAULT ? "EFAULT" : "?");
	pid_t c = fork();
	if (c == 0) { volatile char v = p[0]; (void)v; _exit(0); }
	int st; waitpid(c, &st, 0);
	printf("read in child: %s\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "no signal");
	mprotect(p, 4096, PROT_READ);
	printf("back to PROT_READ: %c\n", p[0]);

	/* A large reservation (as allocators and language runtimes make): changing the protection of 64 GiB that hold
	 * two touched pages costs what is mapped, not the size (Linux: about a millisecond). */
	size_t big = 64UL << 30;
	char *res = mmap(0, big, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED) {
		printf("64 GiB reservation: %s\n", strerror(errno));
		return 1;
	}
	mprotect(res, 4096, PROT_READ | PROT_WRITE);
	mprotect(res + big - 4096, 4096, PROT_READ | PROT_WRITE);
	res[0] = 1;
	res[big - 1] = 2;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int ok = mprotect(res, big, PROT_READ) == 0 && mprotect(res, big, PROT_NONE) == 0 && mprotect(res, big, PROT_READ) == 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("three mprotects of 64 GiB: %s, %s, contents kept: %s\n", ok ? "ok" : strerror(errno),
	       ms < 100 ? "under 100 ms" : "too slow", res[0] == 1 && res[big - 1] == 2 ? "yes" : "no");
	printf("munmap of it: %s\n", munmap(res, big) == 0 ? "ok" : strerror(errno));
	return 0;
}
