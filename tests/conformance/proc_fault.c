/* proc_fault: a process that faults is killed with the signal Linux uses, seen by its parent through wait4:
 * NULL dereference, write to its own code, jump to an unmapped address and access to freed mmap memory give
 * SIGSEGV; an undefined instruction gives SIGILL. The parent goes on. */
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "conf.h"

static void null_read(void) { printf("%d\n", *(volatile int *)0); }
static void text_write(void) { *(volatile unsigned *)(void *)&null_read = 0; }
static void kernel_read(void) { printf("%d\n", *(volatile int *)0xffffff8000000000ull); }
static void bad_jump(void) { ((void (*)(void))0x1000)(); }
static void undefined(void) { __asm__ volatile("udf #0"); }
static void after_munmap(void)
{
	volatile char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	munmap((void *)m, 8192);
	m[0] = 2;
}

static const struct { const char *what; void (*fn)(void); } cases[] = {
	{ "NULL read", null_read },
	{ "write to own code", text_write },
	{ "read of a kernel address", kernel_read },
	{ "jump to an unmapped address", bad_jump },
	{ "write after munmap", after_munmap },
	{ "undefined instruction", undefined },
};

int main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pid_t c = fork();
		if (c == 0) {
			cases[i].fn();
			_exit(0);
		}
		int st;
		pid_t w = waitpid(c, &st, 0);
		const char *sig = !WIFSIGNALED(st) ? "none" : WTERMSIG(st) == SIGSEGV ? "SIGSEGV"
			: WTERMSIG(st) == SIGILL ? "SIGILL" : WTERMSIG(st) == SIGBUS ? "SIGBUS" : "other";
		check(w == c && WIFSIGNALED(st), "%s: killed by %s (status 0x%x)", cases[i].what, sig, st);
	}
	printf("parent still running\n");
	return done();
}
