/* sig_info: SA_SIGINFO handlers get a siginfo_t and a ucontext_t. si_signo, si_code and si_pid for kill from
 * another process (SI_USER), raise/tgkill (SI_TKILL), ITIMER_REAL (SI_KERNEL), SIGPIPE; faults give si_addr and
 * a SEGV_MAPERR/SEGV_ACCERR/ILL_ILLOPC code, with uc_mcontext.pc at the faulting instruction; a handler that moves
 * pc past it resumes there; one that adds to uc_sigmask leaves that signal blocked after sigreturn. */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include "conf.h"

static volatile int g_signo, g_code, g_errno, hits;
static volatile pid_t g_pid;
static volatile uid_t g_uid;
static void *volatile g_addr;
static volatile unsigned long g_pc;

static void h(int s, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	hits++;
	g_signo = si->si_signo;
	g_code = si->si_code;
	g_errno = si->si_errno;
	g_pid = si->si_pid;
	g_uid = si->si_uid;
	g_addr = si->si_addr;
	g_pc = uc->uc_mcontext.pc;
	if (s == SIGSEGV || s == SIGILL)
		uc->uc_mcontext.pc += 4; /* skip the faulting instruction */
	if (s == SIGUSR2)
		sigaddset(&uc->uc_sigmask, SIGHUP); /* blocked after sigreturn */
}

static void on(int s)
{
	struct sigaction sa = { 0 };
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(s, &sa, NULL);
}

static void reset(void) { g_signo = g_code = g_errno = hits = 0, g_pid = -1, g_uid = -1, g_addr = (void *)1, g_pc = 0; }

extern char fault_store[], fault_rodata[], fault_udf[];
__attribute__((noinline)) static void do_store_null(void)
{
	__asm__ volatile(".globl fault_store\nfault_store: str wzr, [%0]" ::"r"(0L) : "memory");
}
static const int ro_const = 5;
__attribute__((noinline)) static void do_store_rodata(void)
{
	__asm__ volatile(".globl fault_rodata\nfault_rodata: str wzr, [%0]" ::"r"(&ro_const) : "memory");
}
__attribute__((noinline)) static void do_udf(void)
{
	__asm__ volatile(".globl fault_udf\nfault_udf: .inst 0x00000000" ::: "memory");
}

int main(void)
{
	alarm(20);
	pid_t me = getpid();
	int sigs[] = { SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGSEGV, SIGILL, SIGTERM };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		on(sigs[i]);

	/* kill from a child: SI_USER with the child's pid; SIGUSR1 blocked so it waits for us */
	sigset_t b, old;
	sigemptyset(&b);
	sigaddset(&b, SIGUSR1);
	sigprocmask(SIG_BLOCK, &b, &old);
	reset();
	pid_t c = fork();
	if (c == 0) {
		kill(me, SIGUSR1);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	check(hits == 1 && g_signo == SIGUSR1, "kill from a child: si_signo SIGUSR1");
	check(g_code == SI_USER, "kill: si_code SI_USER (%d)", g_code);
	check(g_pid == c, "kill: si_pid is the sender");
	check(g_uid == getuid(), "kill: si_uid is the sender's uid");
	check(g_errno == 0, "kill: si_errno 0");

	reset();
	kill(me, SIGTERM);
	check(hits == 1 && g_signo == SIGTERM && g_code == SI_USER && g_pid == me, "kill to self: SI_USER, si_pid self (code %d)", g_code);

	reset();
	raise(SIGUSR1);
	check(hits == 1 && g_code == SI_TKILL && g_pid == me, "raise: si_code SI_TKILL (%d), si_pid self", g_code);

	reset();
	syscall(SYS_tgkill, me, me, SIGUSR1);
	check(hits == 1 && g_code == SI_TKILL && g_pid == me, "tgkill: si_code SI_TKILL (%d), si_pid self", g_code);

	/* ITIMER_REAL: sent by the kernel */
	reset();
	struct itimerval it = { { 0, 0 }, { 0, 10000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	sigset_t none;
	sigemptyset(&none);
	while (!hits)
		sigsuspend(&none);
	check(g_signo == SIGALRM, "itimer: SIGALRM");
	printf("itimer: si_code %d si_pid %d\n", g_code, (int)g_pid);
	alarm(20);

	/* SIGPIPE from a write: sent by the kernel on behalf of the writer */
	int p[2];
	pipe(p);
	close(p[0]);
	reset();
	ssize_t n = write(p[1], "x", 1);
	check(n == -1 && errno == EPIPE && hits == 1 && g_signo == SIGPIPE, "SIGPIPE handled, write EPIPE");
	printf("SIGPIPE: si_code %d si_pid is self %d\n", g_code, g_pid == me);

	/* faults */
	reset();
	do_store_null();
	check(hits == 1 && g_signo == SIGSEGV, "store to NULL: SIGSEGV, resumed after it");
	printf("store to NULL: si_code %d si_addr %#lx pc at the store %d\n", g_code, (unsigned long)g_addr, g_pc == (unsigned long)fault_store);

	reset();
	do_store_rodata();
	check(hits == 1 && g_signo == SIGSEGV, "store to a read-only page: SIGSEGV");
	printf("store to rodata: si_code %d si_addr is the constant %d pc at the store %d\n", g_code,
	       g_addr == (void *)&ro_const, g_pc == (unsigned long)fault_rodata);

	reset();
	do_udf();
	check(hits == 1 && g_signo == SIGILL, "udf: SIGILL");
	printf("udf: si_code %d si_addr at the instruction %d pc at it %d\n", g_code, g_addr == (void *)fault_udf,
	       g_pc == (unsigned long)fault_udf);

	/* the handler adds SIGHUP to uc_sigmask: blocked after it returns */
	reset();
	raise(SIGUSR2);
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	check(hits == 1 && sigismember(&m, SIGHUP) == 1, "uc_sigmask edited in the handler: SIGHUP blocked after return");
	check(sigismember(&m, SIGUSR2) == 0, "SIGUSR2 itself unblocked again");
	return done();
}
