/* tests/bench/cmdtime: /bench/cmdtime NAME RUNS PROG ARGS...: run PROG with ARGS RUNS times (fork, execve,
 * wait), each timed with CLOCK_MONOTONIC in the guest, and print "bench NAME MS ms" with the median of the runs
 * (scripts/bench reads it; the busybox pipeline figure of make bench). PROG's output goes to /dev/null.
 * /bench/cmdtime NAME RUNS --sh WORDS...: the command is /bin/sh -c "WORDS joined by spaces" (the kernel command
 * line that starts it has no quoting). */
#include <string.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: cmdtime NAME RUNS PROG ARGS...\n");
		return 2;
	}
	int runs = atoi(argv[2]);
	if (runs < 1 || runs > 100)
		runs = 3;
	static char line[4096], *sh[] = { "/bin/sh", "-c", line, NULL };
	char **cmd = argv + 3;
	if (!strcmp(argv[3], "--sh")) {
		for (int i = 4; i < argc; i++) {
			strncat(line, argv[i], sizeof line - strlen(line) - 2);
			strcat(line, " ");
		}
		cmd = sh;
	}
	double ms[100];
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		pid_t c = fork();
		if (c == 0) {
			int null = open("/dev/null", O_WRONLY);
			if (null >= 0)
				dup2(null, 1);
			execv(cmd[0], cmd);
			_exit(127);
		}
		int st;
		waitpid(c, &st, 0);
		ms[i] = now_ms() - t0;
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "cmdtime: %s failed (status %#x)\n", cmd[0], st);
			return 1;
		}
	}
	qsort(ms, runs, sizeof ms[0], cmp);
	printf("bench %s %.2f ms\n", argv[1], ms[runs / 2]);
	return 0;
}
