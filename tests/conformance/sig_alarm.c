/* sig_alarm: alarm() and setitimer(ITIMER_REAL). alarm returns the seconds left of the previous one (rounded as
 * Linux does), alarm(0) cancels; the handler runs after about the time asked; an interval timer fires again and
 * again; getitimer reads what is left; the default action of SIGALRM terminates; timers are not inherited by
 * fork. Times are only checked against wide bounds. */
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t alrm;
static void h(int s) { (void)s; alrm++; }

static pid_t watchdog(void)
{
	pid_t me = getpid(), w = fork();
	if (w == 0) {
		sleep_ms(30000);
		kill(me, SIGKILL);
		_exit(0);
	}
	return w;
}

int main(void)
{
	pid_t wd = watchdog();
	signal(SIGALRM, h);
	sigset_t none, b;
	sigemptyset(&none);
	sigemptyset(&b);
	sigaddset(&b, SIGALRM);
	sigprocmask(SIG_BLOCK, &b, NULL); /* wait for SIGALRM with sigsuspend only */

	check(alarm(5) == 0, "alarm(5): no previous alarm");
	unsigned left = alarm(1);
	check(left == 5, "alarm(1) after alarm(5): %u left", left);
	long long t0 = now_ns();
	sigsuspend(&none);
	long long ms = (now_ns() - t0) / 1000000;
	check(alrm == 1, "the handler ran once");
	check(ms >= 900 && ms < 3000, "after about 1 s (between 0.9 and 3 s)");

	alarm(10);
	left = alarm(0);
	check(left == 10, "alarm(0) cancels, %u left", left);
	left = alarm(0);
	check(left == 0, "alarm(0) again: %u left", left);

	struct itimerval it = { { 0, 50000 }, { 0, 100000 } }, cur, old;
	check(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer: first after 100 ms, then every 50 ms");
	getitimer(ITIMER_REAL, &cur);
	check(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 50000, "getitimer: interval 50 ms");
	check(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 100000, "getitimer: value in (0, 100 ms]");
	alrm = 0;
	t0 = now_ns();
	while (alrm < 5)
		sigsuspend(&none);
	ms = (now_ns() - t0) / 1000000;
	check(ms >= 250 && ms < 3000, "five expiries after at least 250 ms");
	struct itimerval zero = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &zero, &old);
	check(old.it_interval.tv_usec == 50000, "setitimer returns the old interval");
	getitimer(ITIMER_REAL, &cur);
	check(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0, "stopped: getitimer reads zero");
	sigset_t pend;
	sigpending(&pend);
	if (sigismember(&pend, SIGALRM))
		sigsuspend(&none); /* a last expiry may be pending: take it */

	/* a timer of 1 s: getitimer reads a little less; alarm() then reports it rounded */
	struct itimerval one = { { 0, 0 }, { 1, 0 } };
	setitimer(ITIMER_REAL, &one, NULL);
	getitimer(ITIMER_REAL, &cur);
	check(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 500000, "1 s timer: getitimer reads between 0.5 and 1 s");
	left = alarm(0);
	check(left == 1, "alarm(0) rounds the 0.9x s left to %u", left);

	int r = setitimer(3, &it, NULL);
	check(r == -1 && errno == EINVAL, "setitimer(3): %d %s", r, err_of(r));
	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
	r = setitimer(ITIMER_REAL, &bad, NULL);
	check(r == -1 && errno == EINVAL, "setitimer with tv_usec 1000000: %d %s", r, err_of(r));
	r = getitimer(5, &cur);
	check(r == -1 && errno == EINVAL, "getitimer(5): %d %s", r, err_of(r));

	/* fork: the child has no timer; the default action kills */
	alarm(2);
	pid_t c = fork();
	if (c == 0) {
		unsigned l = alarm(0);
		printf("child: alarm left after fork %u\n", l);
		signal(SIGALRM, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &b, NULL);
		alarm(1);
		for (;;)
			sleep_ms(1000);
	}
	int st;
	waitpid(c, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM, "child killed by SIGALRM (status 0x%x)", st);
	alarm(0);

	kill(wd, SIGKILL);
	waitpid(wd, &st, 0);
	return done();
}
