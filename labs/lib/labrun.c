/* labs/lib/labrun.c: /labs/run, the guest side of a lab run. The host (scripts/lab, scripts/grade, make traces)
 * boots ipclab with `/init /labs/run [OPTIONS] SCENARIO...`, one argument per scenario:
 *
 *   NAME=PROGRAM[,ARG...]      run PROGRAM (a path in the initramfs) with ARGs, as scenario NAME
 *
 * Each scenario runs in turn as a child (in its own process group), between markers on the console and in the
 * trace, so the grader can cut one boot's trace into scenarios:
 *   console: "@@lab begin NAME" ... "@@lab end NAME status N"       (N: exit code, or 128 + signal)
 *   trace:   trace.mark "lab.begin NAME" ... trace.mark "lab.end NAME status N"
 * Options:
 *   --seed N      before each scenario, spin a number of loop iterations derived from N, so the timer ticks fall
 *                 elsewhere in the scenario: another interleaving, reproducible under QEMU -icount
 *   --tick S      every S seconds of guest time (default 1; 0: never) emit trace.mark "lab.tick": the host's hang
 *                 detector sees guest time pass even when every scenario process sleeps
 *   --limit S     kill a scenario (SIGKILL to its process group) after S seconds of guest time (default 30), and
 *                 mark it "lab.timeout NAME"; a backstop for runs without the host's detector (Linux)
 * Exits 0 when every scenario could be started (the grader judges the statuses), 1 otherwise.
 * The same binary runs on Linux (trace marks then fail with ENOSYS and do nothing). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lab.h"

extern char **environ;

static volatile sig_atomic_t ticked;

/* on_alarm: the guest-time tick; the main loop notices it when wait4 returns EINTR. */
static void on_alarm(int sig)
{
	(void)sig;
	ticked = 1;
}

/* spin: burn about n loop iterations the compiler cannot remove. */
static void spin(unsigned long n)
{
	for (volatile unsigned long i = 0; i < n; i++)
		;
}

/* run_one: run scenario spec "NAME=PROG,ARG,..." and return its status the shell's way (127: not started). */
static int run_one(char *spec, unsigned long seed, int tick, int limit)
{
	char *eq = strchr(spec, '=');
	if (!eq) {
		say(2, "labrun: bad scenario '%s' (want NAME=PROGRAM[,ARG...])\n", spec);
		return 127;
	}
	*eq = '\0';
	const char *name = spec;
	char *argv[32];
	int argc = 0;
	for (char *tok = strtok(eq + 1, ","); tok && argc < 31; tok = strtok(NULL, ","))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (!argc)
		return 127;

	if (seed) {
		/* A different, reproducible phase for every scenario and seed (xorshift). */
		unsigned long x = seed * 2654435761ul + (unsigned long)strlen(name) * 40503ul;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		spin(x % 2000000);
	}
	say(1, "@@lab begin %s\n", name);
	trace_mark("lab.begin %s", name);
	pid_t pid = fork();
	if (pid < 0) {
		say(2, "labrun: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		setpgid(0, 0);
		execve(argv[0], argv, environ);
		say(2, "labrun: cannot exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	int elapsed = 0, status = 0, timed_out = 0;
	struct itimerval it = { { tick ? tick : 1, 0 }, { tick ? tick : 1, 0 } };
	if (tick || limit)
		setitimer(ITIMER_REAL, &it, NULL);
	for (;;) {
		pid_t w = waitpid(pid, &status, 0);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			say(2, "labrun: wait4: %s\n", strerror(errno));
			status = 127 << 8;
			break;
		}
		if (ticked) {
			ticked = 0;
			elapsed += tick ? tick : 1;
			if (tick)
				trace_mark("lab.tick %s %d", name, elapsed);
			if (limit && elapsed >= limit && !timed_out) {
				timed_out = 1;
				trace_mark("lab.timeout %s", name);
				say(1, "@@lab timeout %s after %d s\n", name, elapsed);
				kill(-pid, SIGKILL);
			}
		}
	}
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	/* Whatever the scenario left behind in its process group goes too, so the next one starts clean. */
	kill(-pid, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	int st = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 127;
	trace_mark("lab.end %s status %d", name, st);
	say(1, "@@lab end %s status %d\n", name, st);
	return st;
}

int main(int argc, char **argv)
{
	unsigned long seed = 0;
	int tick = 1, limit = 30, i = 1, failed = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--tick") && i + 1 < argc)
			tick = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
			limit = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			say(2, "labrun: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = on_alarm; /* no SA_RESTART: wait4 returns EINTR at each tick */
	sigaction(SIGALRM, &sa, NULL);
	for (; i < argc; i++)
		failed |= run_one(argv[i], seed, tick, limit) == 127;
	return failed;
}
