/* time_itimer_cpu: the CPU-time interval timers (setitimer(2), getitimer(2)) and CPU-time clocks:
 * - ITIMER_VIRTUAL counts the process's user CPU time and sends SIGVTALRM; ITIMER_PROF counts user and system
 *   time and sends SIGPROF, again every interval when it has one;
 * - a sleeping process uses no CPU time: its ITIMER_VIRTUAL does not move;
 * - getitimer reads what is left; a forked child starts with its timers disarmed (fork(2));
 * - EINVAL for an unknown timer or microseconds past 999999;
 * - CLOCK_PROCESS_CPUTIME_ID counts every thread, CLOCK_THREAD_CPUTIME_ID only the caller. */
#define _GNU_SOURCE
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

static volatile int vtalrm, prof;
static void on_vtalrm(int s) { (void)s; vtalrm++; }
static void on_prof(int s) { (void)s; prof++; }

static long long cpu_ns(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long ms(const struct timeval *t) { return t->tv_sec * 1000LL + t->tv_usec / 1000; }

/* spin_until: burn user CPU time until *flag reaches n or 5 s of CPU time pass; returns the CPU time used (ms). */
static long long spin_until(volatile int *flag, int n)
{
	long long t0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	volatile unsigned long x = 0;
	while (*flag < n && cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - t0 < 5000000000LL)
		for (int i = 0; i < 10000; i++)
			x += (unsigned long)i;
	return (cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - t0) / 1000000;
}

static volatile int stop_spinning;
static void *spinner(void *arg)
{
	(void)arg;
	volatile unsigned long x = 0;
	while (!stop_spinning)
		x++;
	return NULL;
}

int main(void)
{
	signal(SIGVTALRM, on_vtalrm);
	signal(SIGPROF, on_prof);
	struct itimerval v;
	check(getitimer(ITIMER_VIRTUAL, &v) == 0 && !v.it_value.tv_sec && !v.it_value.tv_usec,
	      "ITIMER_VIRTUAL starts disarmed");

	struct itimerval one = { { 0, 0 }, { 0, 60000 } };
	check(setitimer(ITIMER_VIRTUAL, &one, NULL) == 0, "setitimer ITIMER_VIRTUAL 60 ms");
	getitimer(ITIMER_VIRTUAL, &v);
	check(ms(&v.it_value) > 0 && ms(&v.it_value) <= 70 && !v.it_interval.tv_sec && !v.it_interval.tv_usec,
	      "getitimer: about 60 ms left (a tick's rounding), no interval");
	long long used = spin_until(&vtalrm, 1);
	check(vtalrm == 1 && used >= 40, "SIGVTALRM after about 60 ms of CPU time (%s)", used >= 40 ? "yes" : "too soon");
	getitimer(ITIMER_VIRTUAL, &v);
	check(!v.it_value.tv_sec && !v.it_value.tv_usec, "a one-shot timer is disarmed after it fires");

	struct itimerval every = { { 0, 20000 }, { 0, 20000 } };
	setitimer(ITIMER_PROF, &every, NULL);
	used = spin_until(&prof, 3);
	struct itimerval off = { { 0, 0 }, { 0, 0 } }, old;
	setitimer(ITIMER_PROF, &off, &old);
	check(prof >= 3 && used >= 40, "ITIMER_PROF every 20 ms: SIGPROF again each interval (3 in %s)",
	      used >= 40 ? "60 ms or so" : "too little time");
	check(ms(&old.it_interval) == 20, "setitimer's old value shows the 20 ms interval (%lld)", ms(&old.it_interval));

	struct itimerval sleepy = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_VIRTUAL, &sleepy, NULL);
	usleep(150000);
	getitimer(ITIMER_VIRTUAL, &v);
	check(vtalrm == 1 && ms(&v.it_value) >= 30, "150 ms asleep: ITIMER_VIRTUAL hardly moves (%s)",
	      ms(&v.it_value) >= 30 ? "ok" : "it ran down");

	pid_t c = fork();
	if (c == 0) {
		struct itimerval w;
		getitimer(ITIMER_VIRTUAL, &w);
		_exit(!w.it_value.tv_sec && !w.it_value.tv_usec ? 0 : 1);
	}
	int st;
	waitpid(c, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a forked child's timers are disarmed");
	setitimer(ITIMER_VIRTUAL, &off, NULL);

	errno = 0;
	int r = setitimer(3, &one, NULL);
	check(r < 0 && errno == EINVAL, "setitimer of timer 3: EINVAL (%s)", err_of(r));
	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
	errno = 0;
	r = setitimer(ITIMER_PROF, &bad, NULL);
	check(r < 0 && errno == EINVAL, "tv_usec 1000000: EINVAL (%s)", err_of(r));
	errno = 0;
	r = getitimer(-1, &v);
	check(r < 0 && errno == EINVAL, "getitimer of timer -1: EINVAL (%s)", err_of(r));

	/* A second thread spins for 100 ms of wall time while the main one sleeps: the process's CPU clock counts
	 * its time, the main thread's does not. */
	long long p0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = cpu_ns(CLOCK_THREAD_CPUTIME_ID);
	pthread_t t;
	pthread_create(&t, NULL, spinner, NULL);
	usleep(100000);
	stop_spinning = 1;
	pthread_join(t, NULL);
	long long pd = (cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - p0) / 1000000, td = (cpu_ns(CLOCK_THREAD_CPUTIME_ID) - t0) / 1000000;
	check(pd >= 50 && td < 40, "CLOCK_PROCESS_CPUTIME_ID counts the spinning thread, CLOCK_THREAD_CPUTIME_ID not (%s)",
	      pd >= 50 && td < 40 ? "ok" : "no");
	return done();
}
