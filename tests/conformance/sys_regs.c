/* sys_regs: the kernel keeps every user register but x0 across a system call (musl's syscall wrappers declare
 * no other clobbers), also when the call blocks and other processes run meanwhile, across fork in parent and
 * child, and across timer preemption in a busy loop. */
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

#define NREGS 28 /* x0..x7, x9..x28 (x8 is the syscall number, x29/x30 the frame) */

/* regs_syscall(nr, in, out): load x0..x7 and x9..x28 from in[0..27], make system call nr, store the same
 * registers into out[0..27]; returns x0. Written in assembly: no register is left for the compiler. */
long regs_syscall(long nr, const uint64_t in[NREGS], uint64_t out[NREGS]);
__asm__(
	".text\n.global regs_syscall\n.type regs_syscall, %function\nregs_syscall:\n"
	"stp x29, x30, [sp, #-112]!\n mov x29, sp\n"
	"stp x19, x20, [sp, #16]\n stp x21, x22, [sp, #32]\n stp x23, x24, [sp, #48]\n"
	"stp x25, x26, [sp, #64]\n stp x27, x28, [sp, #80]\n str x2, [sp, #96]\n"
	"mov x8, x0\n mov x30, x1\n"
	"ldp x0, x1, [x30, #0]\n ldp x2, x3, [x30, #16]\n ldp x4, x5, [x30, #32]\n ldp x6, x7, [x30, #48]\n"
	"ldp x9, x10, [x30, #64]\n ldp x11, x12, [x30, #80]\n ldp x13, x14, [x30, #96]\n ldp x15, x16, [x30, #112]\n"
	"ldp x17, x18, [x30, #128]\n ldp x19, x20, [x30, #144]\n ldp x21, x22, [x30, #160]\n ldp x23, x24, [x30, #176]\n"
	"ldp x25, x26, [x30, #192]\n ldp x27, x28, [x30, #208]\n"
	"svc #0\n"
	"ldr x30, [sp, #96]\n"
	"stp x0, x1, [x30, #0]\n stp x2, x3, [x30, #16]\n stp x4, x5, [x30, #32]\n stp x6, x7, [x30, #48]\n"
	"stp x9, x10, [x30, #64]\n stp x11, x12, [x30, #80]\n stp x13, x14, [x30, #96]\n stp x15, x16, [x30, #112]\n"
	"stp x17, x18, [x30, #128]\n stp x19, x20, [x30, #144]\n stp x21, x22, [x30, #160]\n stp x23, x24, [x30, #176]\n"
	"stp x25, x26, [x30, #192]\n stp x27, x28, [x30, #208]\n"
	"ldp x19, x20, [sp, #16]\n ldp x21, x22, [sp, #32]\n ldp x23, x24, [sp, #48]\n"
	"ldp x25, x26, [sp, #64]\n ldp x27, x28, [sp, #80]\n"
	"ldp x29, x30, [sp], #112\n ret\n"
	".size regs_syscall, . - regs_syscall\n");

/* sys: make system call nr with args[0..6] in x0..x6 and seed-derived values in x7, x9..x28; out gets the
 * registers after the call. Returns x0. */
static long sys(long nr, const long args[7], uint64_t seed, uint64_t out[NREGS])
{
	uint64_t in[NREGS];
	for (int i = 0; i < NREGS; i++)
		in[i] = i < 7 ? (uint64_t)args[i] : seed * 0x100000001ull + i;
	return regs_syscall(nr, in, out);
}

/* changed: how many of x1..x7, x9..x28 differ from what sys() loaded; the first one's number in *first_bad. */
static int changed(const long args[7], uint64_t seed, const uint64_t out[NREGS], int *first_bad)
{
	int n = 0;
	for (int i = 1; i < NREGS; i++) {
		uint64_t want = i < 7 ? (uint64_t)args[i] : seed * 0x100000001ull + i;
		if (out[i] != want && n++ == 0)
			*first_bad = i < 8 ? i : i + 1;
	}
	return n;
}

/* regs_ok: report one case: every register kept, or how many changed and the first. */
static void regs_ok(int n, int bad, const char *what)
{
	if (n == 0)
		check(1, "%s keeps every register", what);
	else
		check(0, "%s changed %d registers, the first x%d", what, n, bad);
}

/* busy: a child that keeps its own register values live in a loop and exits. */
static void busy(int loops)
{
	uint64_t out[NREGS];
	long args[7] = { 0 };
	for (int i = 0; i < loops; i++)
		sys(SYS_getpid, args, 0xdead0000 + i, out);
	_exit(0);
}

static uint64_t get_tp(void)
{
	uint64_t tp;
	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
	return tp;
}

/* tp_child: set a different thread pointer and spin in sched_yield for a while without touching TLS,
 * then exit through the raw system call (errno, in TLS, is not usable any more). */
static void tp_child(void)
{
	__asm__ volatile("msr tpidr_el0, %0" ::"r"(0x5a5a5a5a000ull));
	for (int i = 0; i < 2000; i++) {
		register long x8 __asm__("x8") = SYS_sched_yield;
		register long x0 __asm__("x0");
		__asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
	}
	register long x8 __asm__("x8") = SYS_exit_group;
	register long x0 __asm__("x0") = 0;
	__asm__ volatile("svc #0" ::"r"(x0), "r"(x8) : "memory");
	for (;;)
		;
}

int main(void)
{
	uint64_t out[NREGS];
	int bad = -1;
	long args[7] = { 0, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666 };

	long r = sys(SYS_getpid, args, 1, out);
	check(r == getpid(), "getpid through the test stub");
	regs_ok(changed(args, 1, out, &bad), bad, "getpid");

	/* fork: both sides keep their registers */
	args[0] = 17; /* SIGCHLD */
	args[1] = 0;
	bad = -1;
	r = sys(SYS_clone, args, 2, out);
	if (r == 0)
		_exit(changed(args, 2, out, &bad) == 0 ? 0 : 10 + bad);
	int st;
	waitpid(r, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the forked child kept every register (status 0x%x)", st);
	regs_ok(changed(args, 2, out, &bad), bad, "clone, in the parent,");

	/* a wait4 that blocks while a busy child runs */
	pid_t c = fork();
	if (c == 0)
		busy(20000);
	long wargs[7] = { c, (long)&st, 0, 0, 0x4444, 0x5555, 0x6666 };
	bad = -1;
	r = sys(SYS_wait4, wargs, 3, out);
	check(r == c, "wait4 through the stub returned the child");
	regs_ok(changed(wargs, 3, out, &bad), bad, "a blocking wait4");

	/* a nanosleep while another process runs */
	c = fork();
	if (c == 0)
		busy(20000);
	struct timespec ts = { 0, 20 * 1000000 };
	long nargs[7] = { (long)&ts, 0, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666 };
	bad = -1;
	r = sys(SYS_nanosleep, nargs, 4, out);
	check(r == 0, "nanosleep through the stub returned 0");
	regs_ok(changed(nargs, 4, out, &bad), bad, "a nanosleep while another process runs");
	waitpid(c, &st, 0);

	/* preemption: two processes spin with live registers, each checks its own after every call */
	int failed = 0;
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			long a[7] = { 0 };
			long long end = now_ns() + 200 * 1000000LL;
			for (uint64_t i = 0; now_ns() < end; i++) {
				sys(SYS_sched_yield, a, (k + 1) * 0x1000000 + i, out);
				if (changed(a, (k + 1) * 0x1000000 + i, out, &bad))
					_exit(1);
			}
			_exit(0);
		}
	}
	for (int k = 0; k < 2; k++) {
		waitpid(kids[k], &st, 0);
		failed += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	check(failed == 0, "two processes yielding to each other for 200 ms kept their registers (%d failed)", failed);
	/* The thread pointer (TPIDR_EL0, musl's TLS and errno) is per process. */
	uint64_t tp = get_tp();
	c = fork();
	if (c == 0)
		tp_child();
	waitpid(c, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child with another thread pointer ran and exited 0");
	check(get_tp() == tp, "TPIDR_EL0 is the parent's own after the child ran (%s)", get_tp() == tp ? "same" : "changed");
	return done();
}
