/* sig_rt: real-time signals queue (signal(7) "Real-time signals", sigqueue(3), sigwaitinfo(2),
 * rt_sigqueueinfo(2), POSIX XSH 2.4.2 "Realtime Signal Generation and Delivery"):
 * - every sigqueue of a blocked real-time signal is delivered once, with its own value, in the order sent; the
 *   lowest-numbered signal goes first; a standard signal sent twice while blocked is delivered once;
 * - the siginfo says SI_QUEUE, the sender's pid and real uid, and the value;
 * - sigtimedwait takes a queued signal without a handler; a zero timeout gives EAGAIN at once, a short one after
 *   the time; a handled signal outside the set interrupts it (EINTR); sigwaitinfo gets a signal another process
 *   queues while it waits;
 * - RLIMIT_SIGPENDING: past the limit sigqueue gives EAGAIN, and kill() of that signal succeeds but adds no
 *   instance;
 * - rt_sigqueueinfo may not claim SI_USER for another process (EPERM), ESRCH for no process, EINVAL for a bad sig;
 * - setting SIG_IGN discards every queued instance; a forked child starts with nothing pending. */
#define _GNU_SOURCE
#include "conf.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define MAXREC 32
static int rec_sig[MAXREC], rec_val[MAXREC], rec_code[MAXREC], rec_pid[MAXREC], rec_uid[MAXREC];
static volatile int nrec;

static void record(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (nrec < MAXREC) {
		rec_sig[nrec] = sig;
		rec_val[nrec] = si->si_value.sival_int;
		rec_code[nrec] = si->si_code;
		rec_pid[nrec] = si->si_pid;
		rec_uid[nrec] = (int)si->si_uid;
		nrec++;
	}
}

static void on_alarm(int sig) { (void)sig; }

/* signame: "USR1", "RTMIN", "RTMIN+1": the real-time numbers differ between C libraries, the offsets do not. */
static const char *signame(int sig)
{
	static char buf[16];
	if (sig == SIGUSR1)
		return "USR1";
	if (sig == SIGRTMIN)
		return "RTMIN";
	snprintf(buf, sizeof buf, "RTMIN+%d", sig - SIGRTMIN);
	return buf;
}

static void block(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

static void unblock(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void queue_order(void)
{
	struct sigaction sa = { .sa_sigaction = record, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	int sigs[] = { SIGUSR1, SIGRTMIN, SIGRTMIN + 1 };
	for (int i = 0; i < 3; i++) {
		sigaddset(&sa.sa_mask, sigs[i]); /* handlers do not nest: the order is the delivery order */
		block(sigs[i]);
	}
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, NULL);
	int ok = 1;
	for (int v = 1; v <= 3; v++)
		ok &= sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = v }) == 0;
	ok &= sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 10 }) == 0;
	ok &= sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 20 }) == 0;
	ok &= kill(getpid(), SIGUSR1) == 0 && kill(getpid(), SIGUSR1) == 0;
	check(ok, "three sigqueue of RTMIN+1, two of RTMIN and two kill of USR1, all blocked, succeed");
	sigset_t pend;
	sigpending(&pend);
	check(sigismember(&pend, SIGRTMIN) && sigismember(&pend, SIGRTMIN + 1) && sigismember(&pend, SIGUSR1),
	      "sigpending shows the three");
	check(nrec == 0, "nothing is delivered while blocked");
	sigset_t all;
	sigemptyset(&all);
	for (int i = 0; i < 3; i++)
		sigaddset(&all, sigs[i]);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	printf("delivered %d:", nrec);
	for (int i = 0; i < nrec; i++)
		printf(" %s=%d", signame(rec_sig[i]), rec_sig[i] == SIGUSR1 ? 0 : rec_val[i]);
	printf("\n");
	int info_ok = nrec > 1;
	for (int i = 1; i < nrec; i++)
		info_ok &= rec_code[i] == SI_QUEUE && rec_pid[i] == getpid() && rec_uid[i] == (int)getuid();
	check(info_ok, "each queued one says SI_QUEUE, the sender's pid and uid");
	check(rec_code[0] == SI_USER && rec_pid[0] == getpid(), "USR1 says SI_USER and the sender's pid");
	for (int i = 0; i < 3; i++)
		signal(sigs[i], SIG_DFL);
}

static void timed_wait(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 2);
	block(SIGRTMIN + 2);
	siginfo_t si;
	struct timespec zero = { 0, 0 }, t50 = { 0, 50 * 1000000 }, t0;
	errno = 0;
	int r = sigtimedwait(&set, &si, &zero);
	check(r < 0 && errno == EAGAIN, "sigtimedwait with a zero timeout and nothing pending: EAGAIN (%s)",
	      errname(errno));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	r = sigtimedwait(&set, &si, &t50);
	long ms = ms_since(&t0);
	check(r < 0 && errno == EAGAIN && ms >= 50, "sigtimedwait of 50 ms: EAGAIN after the time (%s)", errname(errno));

	sigqueue(getpid(), SIGRTMIN + 2, (union sigval){ .sival_int = 7 });
	sigqueue(getpid(), SIGRTMIN + 2, (union sigval){ .sival_int = 8 });
	r = sigtimedwait(&set, &si, &zero);
	int r2 = sigwaitinfo(&set, NULL);
	check(r == SIGRTMIN + 2 && si.si_value.sival_int == 7 && si.si_code == SI_QUEUE && r2 == SIGRTMIN + 2,
	      "sigtimedwait and sigwaitinfo take the two queued instances, the first with its value");
	sigset_t pend;
	sigpending(&pend);
	check(!sigismember(&pend, SIGRTMIN + 2), "then nothing is pending");

	/* A handled signal outside the set interrupts the wait: a child sends SIGUSR2 every 20 ms until the wait
	 * ends (one sent before the wait began would only run the handler). */
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGUSR2, &sa, NULL);
	pid_t pester = fork();
	if (pester == 0) {
		for (;;) {
			usleep(20000);
			kill(getppid(), SIGUSR2);
		}
	}
	errno = 0; /* the system call itself: musl's sigtimedwait calls it again after EINTR */
	r = (int)syscall(SYS_rt_sigtimedwait, &set, &si, NULL, 8);
	int e = errno;
	kill(pester, SIGKILL);
	waitpid(pester, NULL, 0);
	check(r < 0 && e == EINTR, "rt_sigtimedwait interrupted by a handled SIGUSR2: EINTR (%s)", errname(e));

	/* Another process queues the signal while we wait. */
	pid_t child = fork();
	if (child == 0) {
		usleep(30000);
		sigqueue(getppid(), SIGRTMIN + 2, (union sigval){ .sival_int = 42 });
		_exit(0);
	}
	r = sigwaitinfo(&set, &si);
	check(r == SIGRTMIN + 2 && si.si_pid == child && si.si_value.sival_int == 42 && si.si_uid == getuid(),
	      "sigwaitinfo gets the value a child queued, with the child's pid");
	waitpid(child, NULL, 0);
	unblock(SIGRTMIN + 2);
}

static void limit(void)
{
	int sig = SIGRTMIN + 3;
	block(sig);
	struct rlimit old, rl;
	getrlimit(RLIMIT_SIGPENDING, &old);
	check(old.rlim_cur > 64 && old.rlim_cur != RLIM_INFINITY, "RLIMIT_SIGPENDING is a finite number above 64");
	rl = (struct rlimit){ 5, old.rlim_max };
	setrlimit(RLIMIT_SIGPENDING, &rl);
	int n = 0;
	while (n < 10 && sigqueue(getpid(), sig, (union sigval){ .sival_int = n }) == 0)
		n++;
	int e = errno;
	printf("queued under a limit of 5: %d, then %s\n", n, errname(e));
	check(kill(getpid(), sig) == 0, "kill() of the same signal past the limit still succeeds");
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec zero = { 0, 0 };
	int got = 0;
	siginfo_t si;
	while (sigtimedwait(&set, &si, &zero) == sig)
		got++;
	printf("instances taken: %d\n", got);
	setrlimit(RLIMIT_SIGPENDING, &old);
	check(sigqueue(getpid(), sig, (union sigval){ 0 }) == 0 && sigtimedwait(&set, &si, &zero) == sig,
	      "with the limit back, sigqueue works again");
	unblock(sig);
}

static long rt_sigqueueinfo(pid_t pid, int sig, siginfo_t *si) { return syscall(SYS_rt_sigqueueinfo, pid, sig, si); }

static void sigqueueinfo_rules(void)
{
	pid_t child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_code = SI_USER;
	si.si_pid = getpid();
	errno = 0;
	check(rt_sigqueueinfo(child, SIGTERM, &si) < 0 && errno == EPERM,
	      "rt_sigqueueinfo with si_code SI_USER to another process: EPERM (%s)", errname(errno));
	si.si_code = SI_TKILL;
	errno = 0;
	check(rt_sigqueueinfo(child, SIGTERM, &si) < 0 && errno == EPERM, "with SI_TKILL: EPERM (%s)", errname(errno));
	si.si_code = SI_QUEUE;
	errno = 0;
	check(rt_sigqueueinfo(child, 65, &si) < 0 && errno == EINVAL, "signal 65: EINVAL (%s)", errname(errno));
	errno = 0;
	check(rt_sigqueueinfo(99999, SIGTERM, &si) < 0 && errno == ESRCH, "no such process: ESRCH (%s)", errname(errno));
	errno = 0;
	check(rt_sigqueueinfo(child, SIGTERM, (siginfo_t *)8) < 0 && errno == EFAULT, "a bad siginfo: EFAULT (%s)",
	      errname(errno));
	check(rt_sigqueueinfo(child, 0, &si) == 0, "signal 0 checks only");
	check(rt_sigqueueinfo(child, SIGTERM, &si) == 0, "SI_QUEUE to another process succeeds");
	int st;
	check(waitpid(child, &st, 0) == child && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "and it kills the child");
	errno = 0;
	check(syscall(SYS_rt_tgsigqueueinfo, getpid(), 0, SIGTERM, &si) < 0 && errno == EINVAL,
	      "rt_tgsigqueueinfo with tid 0: EINVAL (%s)", errname(errno));
}

static void ignore_and_fork(void)
{
	int sig = SIGRTMIN + 4;
	block(sig);
	sigqueue(getpid(), sig, (union sigval){ 1 });
	sigqueue(getpid(), sig, (union sigval){ 2 });
	pid_t child = fork();
	if (child == 0) {
		sigset_t pend;
		sigpending(&pend);
		_exit(sigismember(&pend, sig) ? 1 : 0);
	}
	int st;
	waitpid(child, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a forked child has nothing pending");
	signal(sig, SIG_IGN);
	sigset_t pend;
	sigpending(&pend);
	check(!sigismember(&pend, sig), "SIG_IGN discards the queued instances");
	signal(sig, SIG_DFL);
	sigpending(&pend);
	check(!sigismember(&pend, sig), "and they do not come back with SIG_DFL");
	unblock(sig);
}

int main(void)
{
	queue_order();
	timed_wait();
	limit();
	sigqueueinfo_rules();
	ignore_and_fork();
	return done();
}
