/* time_clock: clock_gettime (CLOCK_MONOTONIC never goes back, CLOCK_REALTIME works), nanosleep sleeps at least
 * as long as asked, bad arguments give EINVAL/EFAULT. */
#include <sys/syscall.h>
#include "conf.h"

int main(void)
{
	struct timespec a, b;
	check(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime(CLOCK_MONOTONIC)");
	check(a.tv_nsec >= 0 && a.tv_nsec < 1000000000, "tv_nsec is in range");
	int back = 0;
	for (int i = 0; i < 10000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
			back++;
		a = b;
	}
	check(back == 0, "CLOCK_MONOTONIC never went back in 10000 readings");
	check(clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000,
	      "clock_gettime(CLOCK_REALTIME)");

	static const long ms[] = { 1, 10, 50 };
	for (int i = 0; i < 3; i++) {
		long long t0 = now_ns();
		struct timespec req = { 0, ms[i] * 1000000L };
		int r = nanosleep(&req, NULL);
		long long took = now_ns() - t0;
		check(r == 0 && took >= ms[i] * 1000000LL, "nanosleep(%ld ms) slept at least that long", ms[i]);
		check(took < ms[i] * 1000000LL + 500000000LL, "and not half a second longer");
	}
	struct timespec zero = { 0, 0 };
	check(nanosleep(&zero, NULL) == 0, "nanosleep(0) returns 0");
	struct timespec bad = { 0, 1000000000 };
	int r = nanosleep(&bad, NULL);
	check(r == -1 && errno == EINVAL, "nanosleep with tv_nsec = 1e9: %s", err_of(r));
	struct timespec neg = { -1, 0 };
	r = nanosleep(&neg, NULL);
	check(r == -1 && errno == EINVAL, "nanosleep with a negative tv_sec: %s", err_of(r));
	r = syscall(SYS_clock_gettime, 12345, &a);
	check(r == -1 && errno == EINVAL, "clock_gettime of an unknown clock: %s", err_of(r));
	r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8);
	check(r == -1 && errno == EFAULT, "clock_gettime into a bad pointer: %s", err_of(r));
	return done();
}
