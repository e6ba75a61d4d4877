/* sig_errors: bad arguments to the signal calls, made with raw system calls where musl would check first.
 * rt_sigprocmask: bad how (ignored when set is NULL), bad sigsetsize. rt_sigaction: signal 0, 65, SIGKILL,
 * bad sigsetsize. kill: bad signal, no such pid, a zombie (exists), signal 0. tgkill/tkill: bad tid, wrong tgid.
 * sigaltstack: bad flags, too small. setpgid/getpgid: no such process. */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

struct ksa {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static void h(int s) { (void)s; }

#define SYS(what, expect, ...)                                                                                     \
	do {                                                                                                       \
		long r_ = syscall(__VA_ARGS__);                                                                    \
		const char *e_ = r_ < 0 ? errname(errno) : "0";                                                    \
		check(strcmp(e_, expect) == 0, "%s: %ld %s", what, r_, e_);                                        \
	} while (0)

int main(void)
{
	alarm(20);
	unsigned long set = 1UL << (SIGUSR1 - 1), old = 0;
	SYS("rt_sigprocmask(how 3)", "EINVAL", SYS_rt_sigprocmask, 3, &set, &old, 8);
	SYS("rt_sigprocmask(how -1)", "EINVAL", SYS_rt_sigprocmask, -1, &set, &old, 8);
	SYS("rt_sigprocmask(how 3, set NULL)", "0", SYS_rt_sigprocmask, 3, NULL, &old, 8);
	SYS("rt_sigprocmask(sigsetsize 4)", "EINVAL", SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 4);
	SYS("rt_sigprocmask(sigsetsize 16)", "EINVAL", SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 16);
	SYS("rt_sigprocmask(set bad pointer)", "EFAULT", SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, &old, 8);
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	check(sigismember(&m, SIGUSR1) == 0, "none of these changed the mask");
	/* Linux changes the mask first and then fails to write the old one */
	SYS("rt_sigprocmask(oldset bad pointer)", "EFAULT", SYS_rt_sigprocmask, SIG_BLOCK, &set, (void *)8, 8);
	sigprocmask(SIG_BLOCK, NULL, &m);
	printf("after the oldset EFAULT: SIGUSR1 blocked %d\n", sigismember(&m, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &m, NULL);
	int r = sigprocmask(42, &m, NULL);
	check(r == -1 && errno == EINVAL, "sigprocmask(42) (musl): %d %s", r, err_of(r));

	struct ksa ka = { h, 0, 0, 0 }, ko;
	SYS("rt_sigaction(0)", "EINVAL", SYS_rt_sigaction, 0, &ka, &ko, 8);
	SYS("rt_sigaction(65)", "EINVAL", SYS_rt_sigaction, 65, &ka, &ko, 8);
	SYS("rt_sigaction(-1)", "EINVAL", SYS_rt_sigaction, -1, &ka, &ko, 8);
	SYS("rt_sigaction(64, NULL, &old)", "0", SYS_rt_sigaction, 64, NULL, &ko, 8);
	SYS("rt_sigaction(SIGKILL, act)", "EINVAL", SYS_rt_sigaction, SIGKILL, &ka, &ko, 8);
	SYS("rt_sigaction(SIGSTOP, NULL, &old)", "0", SYS_rt_sigaction, SIGSTOP, NULL, &ko, 8);
	SYS("rt_sigaction(sigsetsize 4)", "EINVAL", SYS_rt_sigaction, SIGUSR1, &ka, &ko, 4);
	SYS("rt_sigaction(act bad pointer)", "EFAULT", SYS_rt_sigaction, SIGUSR1, (void *)8, &ko, 8);
	struct sigaction q;
	sigaction(SIGUSR1, NULL, &q);
	check(q.sa_handler == SIG_DFL, "none of these changed SIGUSR1's action");
	/* Linux changes the action first and then fails to write the old one */
	SYS("rt_sigaction(oldact bad pointer)", "EFAULT", SYS_rt_sigaction, SIGUSR1, &ka, (void *)8, 8);
	sigaction(SIGUSR1, NULL, &q);
	printf("after the oldact EFAULT: SIGUSR1 action is the handler %d\n", q.sa_handler == h);
	signal(SIGUSR1, SIG_DFL);
	SYS("rt_sigpending(sigsetsize 16)", "EINVAL", SYS_rt_sigpending, &set, 16);
	SYS("rt_sigpending(bad pointer)", "EFAULT", SYS_rt_sigpending, (void *)8, 8);
	SYS("rt_sigsuspend(sigsetsize 4)", "EINVAL", SYS_rt_sigsuspend, &set, 4);
	SYS("rt_sigsuspend(bad pointer)", "EFAULT", SYS_rt_sigsuspend, (void *)8, 8);

	SYS("kill(self, 0)", "0", SYS_kill, getpid(), 0);
	SYS("kill(self, 65)", "EINVAL", SYS_kill, getpid(), 65);
	SYS("kill(self, -1)", "EINVAL", SYS_kill, getpid(), -1);
	SYS("kill(no such pid 30000, SIGUSR1)", "ESRCH", SYS_kill, 30000, SIGUSR1);
	SYS("kill(no such pid 30000, 0)", "ESRCH", SYS_kill, 30000, 0);
	SYS("kill(no such group -30000, SIGUSR1)", "ESRCH", SYS_kill, -30000, SIGUSR1);
	SYS("kill(INT_MIN, SIGUSR1)", "ESRCH", SYS_kill, (int)0x80000000, SIGUSR1);
	/* a zombie: the child has exited (SIGCHLD came) and is not reaped yet */
	struct sigaction cs = { 0 };
	cs.sa_handler = h;
	sigaction(SIGCHLD, &cs, NULL);
	sigset_t cb, none;
	sigemptyset(&cb);
	sigemptyset(&none);
	sigaddset(&cb, SIGCHLD);
	sigprocmask(SIG_BLOCK, &cb, NULL);
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	sigsuspend(&none);
	sigprocmask(SIG_UNBLOCK, &cb, NULL);
	SYS("kill(zombie, 0)", "0", SYS_kill, c, 0);
	SYS("kill(zombie, SIGTERM)", "0", SYS_kill, c, SIGTERM);
	int st;
	waitpid(c, &st, 0);
	check(WIFEXITED(st), "the zombie's status is still its exit (0x%x)", st);
	SYS("kill(reaped child, 0)", "ESRCH", SYS_kill, c, 0);

	SYS("tkill(0, SIGUSR1)", "EINVAL", SYS_tkill, 0, SIGUSR1);
	SYS("tkill(-5, SIGUSR1)", "EINVAL", SYS_tkill, -5, SIGUSR1);
	SYS("tkill(self, 65)", "EINVAL", SYS_tkill, getpid(), 65);
	SYS("tkill(30000, 0)", "ESRCH", SYS_tkill, 30000, 0);
	SYS("tgkill(0, self, 0)", "EINVAL", SYS_tgkill, 0, getpid(), 0);
	SYS("tgkill(self, 0, 0)", "EINVAL", SYS_tgkill, getpid(), 0, 0);
	SYS("tgkill(self, self, 65)", "EINVAL", SYS_tgkill, getpid(), getpid(), 65);
	SYS("tgkill(self, self, 0)", "0", SYS_tgkill, getpid(), getpid(), 0);
	SYS("tgkill(1, self, 0) (wrong tgid)", "ESRCH", SYS_tgkill, 1, getpid(), 0);
	SYS("tgkill(self, 30000, 0)", "ESRCH", SYS_tgkill, getpid(), 30000, 0);

	static char stk[65536];
	stack_t ss = { .ss_sp = stk, .ss_size = sizeof stk, .ss_flags = 42 };
	SYS("sigaltstack(flags 42)", "EINVAL", SYS_sigaltstack, &ss, NULL);
	ss.ss_flags = 0;
	ss.ss_size = 512;
	SYS("sigaltstack(size 512)", "ENOMEM", SYS_sigaltstack, &ss, NULL);
	SYS("sigaltstack(bad pointer)", "EFAULT", SYS_sigaltstack, (void *)8, NULL);
	ss.ss_size = sizeof stk;
	SYS("sigaltstack(64 KiB)", "0", SYS_sigaltstack, &ss, NULL);
	ss.ss_flags = SS_DISABLE;
	SYS("sigaltstack(SS_DISABLE)", "0", SYS_sigaltstack, &ss, NULL);

	SYS("getpgid(30000)", "ESRCH", SYS_getpgid, 30000);
	SYS("setpgid(30000, 0)", "ESRCH", SYS_setpgid, 30000, 0);
	SYS("setpgid(0, -1)", "EINVAL", SYS_setpgid, 0, -1);
	SYS("setpgid(1, 1) (init is not our child)", "ESRCH", SYS_setpgid, 1, 1);
	return done();
}
