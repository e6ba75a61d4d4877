/* time_cpu_sleep: clock_nanosleep(2) on CLOCK_PROCESS_CPUTIME_ID sleeps until the process has used that much CPU
 * time: a lone thread never uses any while it sleeps (a signal ends the wait, EINTR), a second thread that spins
 * brings the end; an absolute target already passed returns at once; the thread clock has no sleep (EOPNOTSUPP,
 * as the system call returns it). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include "conf.h"

static volatile int stop;

static void on_alarm(int sig) { (void)sig; }

static void *spin(void *arg)
{
	(void)arg;
	while (!stop)
		;
	return NULL;
}

static long cpu_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);

	/* one thread: nothing uses the CPU while it sleeps, so only the alarm ends it */
	struct itimerval it = { { 0, 0 }, { 0, 200000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec req = { 1, 0 }, rem = { 0, 0 };
	int r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &req, &rem);
	check(r == EINTR, "a lone thread's CPU-time sleep ends only by a signal: %s", errname(r));
	/* what is left of the second asked for: all of it when the clock did not move while the thread slept */
	check((rem.tv_sec == 0 && rem.tv_nsec > 0) || (rem.tv_sec == 1 && rem.tv_nsec == 0),
	      "the CPU time left is written back (at most the second asked for, more than nothing)");

	/* a spinning thread spends the CPU time the sleeper waits for */
	pthread_t t;
	pthread_create(&t, NULL, spin, NULL);
	long before = cpu_ns();
	req = (struct timespec){ 0, 50000000 };
	r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &req, NULL);
	long used = cpu_ns() - before;
	stop = 1;
	pthread_join(t, NULL);
	check(r == 0, "with a spinning thread the sleep ends: %s", errname(r));
	check(used >= 50000000, "after at least 50 ms of the process's CPU time");

	/* an absolute target in the past */
	struct timespec now;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &(struct timespec){ 0, 1 }, NULL);
	check(r == 0, "an absolute CPU time already passed returns at once: %s", errname(r));

	long e = syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL);
	check(e == -1 && errno == EOPNOTSUPP, "the thread clock cannot be slept on: %s", errname(errno));
	return done();
}
