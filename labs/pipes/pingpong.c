/* labs/pipes/pingpong.c [ROUNDS]: a request and its answer, ROUNDS times (default 20), over two pipes. The parent
 * writes "ping I" into the first pipe and reads the answer from the second; the child reads each request and
 * answers "pong I". Nobody closes anything until the last round, so a write that does not wake the reader waiting
 * for it is not rescued by a close's wake-up: both processes then sleep for ever (a lost wake-up). Nothing
 * sleeps on a timer either: both processes are runnable at once, so under schedule exploration (the grader's
 * preempt=SEED boots) their system calls interleave at every pipe lock. */
#include <stdio.h>
#include <sys/wait.h>
#include "lab.h"

/* get: read one message (at most len - 1 bytes) from fd into buf, NUL-terminated; 0 at end of file. */
static ssize_t get(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len - 1);
	if (n < 0)
		lab_die("read");
	buf[n] = 0;
	return n;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	int req[2], ans[2];
	if (pipe(req) < 0 || pipe(ans) < 0)
		lab_die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	char buf[32], want[32];
	if (pid == 0) {
		close(req[1]);
		close(ans[0]);
		int i = 0;
		while (get(req[0], buf, sizeof buf) > 0) {
			snprintf(want, sizeof want, "ping %d", i);
			if (strcmp(buf, want))
				say(1, "child: expected \"%s\", read \"%s\"\n", want, buf);
			int len = snprintf(buf, sizeof buf, "pong %d", i++);
			if (write(ans[1], buf, len) != len)
				lab_die("write");
		}
		say(1, "child: answered %d requests, then end of file\n", i);
		_exit(0);
	}
	close(req[0]);
	close(ans[1]);
	int ok = 0;
	for (int i = 0; i < rounds; i++) {
		int len = snprintf(buf, sizeof buf, "ping %d", i);
		if (write(req[1], buf, len) != len)
			lab_die("write");
		if (get(ans[0], buf, sizeof buf) == 0) {
			say(1, "parent: end of file after %d answers\n", i);
			break;
		}
		snprintf(want, sizeof want, "pong %d", i);
		ok += !strcmp(buf, want);
		if (strcmp(buf, want))
			say(1, "parent: expected \"%s\", read \"%s\"\n", want, buf);
	}
	close(req[1]);
	int st;
	waitpid(pid, &st, 0);
	say(1, "parent: %d of %d round trips answered correctly\n", ok, rounds);
	return ok == rounds && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
