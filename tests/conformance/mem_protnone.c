/* mem_protnone: mprotect(PROT_NONE) on a page already in use: the kernel refuses to read it for write(2)
 * (EFAULT), a read at EL0 is SIGSEGV, and PROT_READ brings the same contents back. */
#include <sys/mman.h>
#include <stdio.h>
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
	return 0;
}
