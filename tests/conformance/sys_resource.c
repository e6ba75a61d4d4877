/* sys_resource: resource limits and use and small process settings, as a C library's start-up and common
 * utilities use them: getrlimit/setrlimit/prlimit (getrlimit(2)), getrusage(2), times(2), the CPU-time clocks,
 * sysinfo(2), prctl(2) PR_SET_NAME and PR_SET_PDEATHSIG, getpriority/setpriority(2), set_robust_list(2). */
#define _GNU_SOURCE
#include "conf.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/wait.h>

static volatile unsigned long sink;

static void spin(long ms)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 10000; i++)
			sink += (unsigned long)i * 7;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

static long tv_us(struct timeval t) { return t.tv_sec * 1000000L + t.tv_usec; }

static volatile sig_atomic_t got_usr1;
static void on_usr1(int s) { got_usr1 = s; }

int main(void)
{
	struct rlimit r;
	check(getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur == 8 << 20 && r.rlim_max == RLIM_INFINITY,
	      "RLIMIT_STACK: 8 MiB, no hard limit");
	check(getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 0, "RLIMIT_CORE: 0");
	check(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur >= 64 && r.rlim_cur <= r.rlim_max, "RLIMIT_NOFILE");
	check(getrlimit(99, &r) < 0 && errno == EINVAL, "an unknown resource: EINVAL");
	struct rlimit bad = { 10, 5 };
	check(setrlimit(RLIMIT_CORE, &bad) < 0 && errno == EINVAL, "soft above hard: EINVAL");
	struct rlimit lower = { 1 << 20, RLIM_INFINITY };
	check(setrlimit(RLIMIT_STACK, &lower) == 0 && getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur == 1 << 20,
	      "setrlimit lowers the soft limit");
	struct rlimit old;
	check(prlimit(0, RLIMIT_STACK, NULL, &old) == 0 && old.rlim_cur == 1 << 20, "prlimit reads it back");
	check(prlimit(999999, RLIMIT_STACK, NULL, &old) < 0 && errno == ESRCH, "prlimit of no such process: ESRCH");

	struct timespec t0, t1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	spin(60);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	long wall = (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec);
	long cpu = (c1.tv_sec - c0.tv_sec) * 1000000000L + (c1.tv_nsec - c0.tv_nsec);
	check(cpu > wall / 4 && cpu <= wall + 10000000, "CLOCK_PROCESS_CPUTIME_ID counts the CPU time of a busy loop");
	struct rusage ru;
	check(getrusage(RUSAGE_SELF, &ru) == 0 && tv_us(ru.ru_utime) + tv_us(ru.ru_stime) >= 15000,
	      "getrusage: user + system time of the busy loop");
	check(ru.ru_utime.tv_usec < 1000000 && ru.ru_maxrss > 0 && ru.ru_minflt > 0, "getrusage: maxrss and page faults");
	check(getrusage(42, &ru) < 0 && errno == EINVAL, "getrusage(42): EINVAL");

	pid_t c = fork();
	if (c == 0) {
		spin(60);
		_exit(0);
	}
	int st;
	struct rusage cru;
	check(wait4(c, &st, 0, &cru) == c && tv_us(cru.ru_utime) + tv_us(cru.ru_stime) >= 15000,
	      "wait4 reports the child's CPU time");
	check(getrusage(RUSAGE_CHILDREN, &ru) == 0 && tv_us(ru.ru_utime) + tv_us(ru.ru_stime) >= 15000,
	      "RUSAGE_CHILDREN includes the reaped child");
	struct tms tm;
	clock_t ticks = times(&tm);
	check(ticks != (clock_t)-1 && tm.tms_utime + tm.tms_stime >= 1 && tm.tms_cutime + tm.tms_cstime >= 1,
	      "times: own and children's ticks");

	struct sysinfo si;
	check(sysinfo(&si) == 0 && si.totalram > 0 && si.freeram <= si.totalram && si.procs > 0 && si.mem_unit > 0,
	      "sysinfo: memory and processes");

	char name[16] = { 0 };
	check(prctl(PR_SET_NAME, "a-long-name-cut-here") == 0 && prctl(PR_GET_NAME, name) == 0, "PR_SET_NAME");
	printf("comm: %s\n", name);
	int sig = -1;
	check(prctl(PR_GET_PDEATHSIG, &sig) == 0 && sig == 0, "PR_GET_PDEATHSIG: none");
	check(prctl(12345, 0) < 0 && errno == EINVAL, "an unknown prctl: EINVAL");

	/* The parent-death signal: a grandchild asks for SIGUSR1 when its parent (the middle child) exits. */
	int p[2];
	pipe(p);
	pid_t mid = fork();
	if (mid == 0) {
		pid_t gc = fork();
		if (gc == 0) {
			signal(SIGUSR1, on_usr1);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(p[1], "r", 1); /* ready */
			for (int i = 0; i < 500 && !got_usr1; i++)
				usleep(2000);
			write(p[1], got_usr1 ? "y" : "n", 1);
			_exit(0);
		}
		char b;
		read(p[0], &b, 1);
		_exit(0); /* the parent dies: the grandchild gets SIGUSR1 */
	}
	waitpid(mid, &st, 0);
	char b = 0;
	read(p[0], &b, 1);
	check(b == 'y', "PR_SET_PDEATHSIG: the signal comes when the parent exits");

	errno = 0;
	check(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0, "getpriority: nice 0");
	check(setpriority(PRIO_PROCESS, 0, 5) == 0 && getpriority(PRIO_PROCESS, 0) == 5, "setpriority to 5");
	check(setpriority(PRIO_PROCESS, 999999, 1) < 0 && errno == ESRCH, "setpriority of no such process: ESRCH");
	check(setpriority(7, 0, 1) < 0 && errno == EINVAL, "setpriority with a bad which: EINVAL");
	check(syscall(SYS_set_robust_list, NULL, 7) < 0 && errno == EINVAL, "set_robust_list with a bad length: EINVAL");
	return done();
}
