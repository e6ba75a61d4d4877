/* proc_vfork: vfork(2) and posix_spawn(3), which C libraries build on clone(CLONE_VM | CLONE_VFORK): the child
 * runs in the parent's address space (a store it makes is the parent's), the parent is suspended until the child
 * executes a program or exits, and posix_spawn reports a program that cannot be executed (ENOENT, EACCES) as its
 * own error with no child left running. */
#include "conf.h"
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

static volatile int shared;
static char child_stack[16384] __attribute__((aligned(16)));

#define CLONE_VM 0x100
#define CLONE_VFORK 0x4000

/* clone_vfork: clone(CLONE_VM | CLONE_VFORK | SIGCHLD) with the child on child_stack, where it calls fn and exits
 * with its value (what a C library's posix_spawn does; musl's vfork() on arm64 is a plain fork). Returns the
 * child's pid in the parent, once the child has exec'd or exited. */
static long clone_vfork(int (*fn)(void))
{
	register long x0 __asm__("x0") = CLONE_VM | CLONE_VFORK | SIGCHLD;
	register long x1 __asm__("x1") = (long)(child_stack + sizeof child_stack);
	register long x2 __asm__("x2") = 0, x3 __asm__("x3") = 0, x4 __asm__("x4") = 0;
	register long x8 __asm__("x8") = 220; /* __NR_clone */
	register long x9 __asm__("x9") = (long)fn;
	__asm__ volatile("svc #0\n"
			 "cbnz x0, 1f\n"
			 "blr x9\n"         /* the child: fn() on its own stack */
			 "mov x8, #93\n"    /* __NR_exit with fn's value */
			 "svc #0\n"
			 "1:\n"
			 : "+r"(x0)
			 : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x8), "r"(x9)
			 : "memory", "x30");
	return x0;
}

static int child_store(void)
{
	shared = 2; /* the parent's own variable: the address space is the parent's */
	return 7;
}

static int child_exec(void)
{
	shared = 3;
	char *argv[] = { "/tests/proc_vfork", "child", NULL };
	execve(argv[0], argv, environ);
	return 127;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return 42; /* the program the tests execute */
	shared = 1;
	int st;
	long c = clone_vfork(child_store);
	check(c > 0 && shared == 2, "CLONE_VM: the child's store is in the parent's memory");
	check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "the child's exit status reaches the parent");
	shared = 0;
	c = clone_vfork(child_exec);
	check(shared == 3, "CLONE_VFORK: the parent resumes after the child's execve");
	check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 42, "the exec'd child ran and exited 42");

	pid_t sp;
	char *ok_argv[] = { "/tests/proc_vfork", "child", NULL };
	int r = posix_spawn(&sp, ok_argv[0], NULL, NULL, ok_argv, environ);
	check(r == 0, "posix_spawn of a program");
	check(r == 0 && waitpid(sp, &st, 0) == sp && WIFEXITED(st) && WEXITSTATUS(st) == 42, "it ran and exited 42");

	char *bad_argv[] = { "/no/such/program", NULL };
	r = posix_spawn(&sp, bad_argv[0], NULL, NULL, bad_argv, environ);
	printf("posix_spawn of a missing program: %s\n", r ? errname(r) : "0 (reported by the child's exit status 127)");
	if (r == 0)
		check(waitpid(sp, &st, 0) == sp && WIFEXITED(st) && WEXITSTATUS(st) == 127, "the child exited 127");
	char *dir_argv[] = { "/tests", NULL };
	r = posix_spawn(&sp, dir_argv[0], NULL, NULL, dir_argv, environ);
	printf("posix_spawn of a directory: %s\n", r ? errname(r) : "0");
	if (r == 0)
		waitpid(sp, &st, 0);
	check(waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD, "no child left over");
	return done();
}
