/* clockbench: what clock_gettime(CLOCK_MONOTONIC) costs through the vDSO (the C library's clock_gettime, which
 * calls __kernel_clock_gettime when the aux vector announces a vDSO: musl and glibc both do) and as a system
 * call (syscall(SYS_clock_gettime)), timed in the guest with the vDSO's own clock (scripts/bench runs it on ipclab
 * and Linux). ROUNDS calls a batch, BATCHES batches; each figure is the median batch, NAME_min the fastest.
 * Prints "bench NAME VALUE UNIT" lines, and "bench vdso 0 none" when there is no vDSO (both figures are then
 * system calls).
 * usage: clockbench [ROUNDS per batch (100000)] */
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 5

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* batch: seconds for rounds calls, through the C library (sys 0) or the system call (sys 1). */
static double batch(int rounds, int sys)
{
	struct timespec t;
	double t0 = now();
	if (sys)
		for (int i = 0; i < rounds; i++)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
	else
		for (int i = 0; i < rounds; i++)
			clock_gettime(CLOCK_MONOTONIC, &t);
	return now() - t0;
}

/* report: median and fastest of the batches of one way, in ns per call. */
static void report(const char *name, int rounds, int sys)
{
	double t[BATCHES];
	batch(rounds / 10, sys); /* warm-up */
	for (int i = 0; i < BATCHES; i++) {
		double x = batch(rounds, sys);
		int j = i;
		for (; j > 0 && t[j - 1] > x; j--) /* insertion: t stays sorted */
			t[j] = t[j - 1];
		t[j] = x;
	}
	printf("bench %s %.1f ns\n", name, t[BATCHES / 2] / rounds * 1e9);
	printf("bench %s_min %.1f ns\n", name, t[0] / rounds * 1e9);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 100000;
	if (rounds < 10)
		rounds = 10;
	if (!getauxval(AT_SYSINFO_EHDR))
		printf("bench vdso 0 none\n");
	report("clock_gettime_vdso", rounds, 0);
	report("clock_gettime_syscall", rounds, 1);
	return 0;
}
