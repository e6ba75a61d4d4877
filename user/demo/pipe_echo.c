/* user/demo/pipe_echo.c: the default demonstration. The parent makes a pipe and forks; the parent writes a few
 * newline-terminated messages into it and closes its end; the child reads until end of file and prints every
 * message it got; the parent waits for the child and reports its status.
 * Output is deterministic: the child prints while the parent is silent, and the parent prints after wait4. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "trace_mark.h"

static const char *const messages[] = { "hello", "how are you?", "pipes keep order", "bye" };
#define NMSG (sizeof messages / sizeof messages[0])

/* child: read the pipe until EOF, print each complete line; return the number of lines. */
static int child(int rfd)
{
	char buf[256], line[256];
	size_t len = 0;
	int lines = 0;
	ssize_t n;
	while ((n = read(rfd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				line[len] = 0;
				printf("child: got \"%s\"\n", line);
				fflush(stdout);
				lines++;
				len = 0;
			} else if (len < sizeof line - 1) {
				line[len++] = buf[i];
			}
		}
	}
	if (n < 0)
		perror("child: read");
	printf("child: end of file after %d messages\n", lines);
	return lines;
}

int main(void)
{
	int fds[2];
	if (pipe(fds) < 0) {
		perror("pipe");
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(fds[1]);
		int got = child(fds[0]);
		close(fds[0]);
		return got == (int)NMSG ? 0 : 1;
	}
	close(fds[0]);
	for (size_t i = 0; i < NMSG; i++) {
		char msg[64];
		int len = snprintf(msg, sizeof msg, "%s\n", messages[i]);
		trace_mark("parent sends message %zu", i + 1);
		if (write(fds[1], msg, len) != len) {
			perror("parent: write");
			return 1;
		}
		/* Give the child a chance to run between messages, so the trace shows it blocking and waking. */
		struct timespec ts = { 0, 2 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	close(fds[1]);
	int status;
	if (waitpid(pid, &status, 0) != pid) {
		perror("parent: wait");
		return 1;
	}
	printf("parent: sent %zu messages, child exited with status %d\n", NMSG,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
