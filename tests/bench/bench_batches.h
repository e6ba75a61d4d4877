/* tests/bench/bench_batches.h: what the round-trip benchmarks (threadbench, posixbench) share: the clock, and the
 * report of BATCHES timed batches as their median and fastest, one parseable "bench NAME VALUE us" line each. */
#ifndef BENCH_BATCHES_H
#define BENCH_BATCHES_H
#include <stdio.h>
#include <time.h>

#define BATCHES 5

/* now: CLOCK_MONOTONIC in seconds. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* report: the median and fastest of the batches' times t[0..BATCHES) (seconds for `per` operations each), in us
 * per operation; t is sorted in place. */
static void report(const char *name, double *t, int per)
{
	for (int i = 1; i < BATCHES; i++)
		for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
			double x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	printf("bench %s %.3f us\n", name, t[BATCHES / 2] / per * 1e6);
	printf("bench %s_min %.3f us\n", name, t[0] / per * 1e6);
}
#endif
