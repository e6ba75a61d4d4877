/* labs/pipes/readers.c [MESSAGES]: two readers share one pipe. The writer sends MESSAGES (default 12) messages
 * of 8 bytes, one every 5 ms, so both readers are asleep in read on the empty pipe each time a message comes;
 * one write wakes both, and only one of them finds bytes: the other must go back to sleep. Each reader prints
 * how many bytes it read and when it saw end of file; every byte is read by exactly one reader, and end of file
 * comes only after the writer has closed its end. */
#include <stdio.h>
#include <sys/wait.h>
#include "lab.h"

static void reader(int fd, char name)
{
	char buf[64];
	int got = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		got += (int)n;
	if (n < 0)
		lab_die("read");
	trace_mark("reader %c eof after %d bytes", name, got);
	say(1, "reader %c: %d bytes, then end of file\n", name, got);
	_exit(0);
}

int main(int argc, char **argv)
{
	int messages = argc > 1 ? atoi(argv[1]) : 12;
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	pid_t a = fork();
	if (a == 0)
		close(fd[1]), reader(fd[0], 'A');
	pid_t b = fork();
	if (b == 0)
		close(fd[1]), reader(fd[0], 'B');
	close(fd[0]);
	for (int i = 0; i < messages; i++) {
		lab_sleep_ms(5); /* both readers asleep on the empty pipe again */
		char msg[16];
		snprintf(msg, sizeof msg, "msg %4d", i);
		if (write(fd[1], msg, 8) != 8)
			lab_die("write");
	}
	lab_sleep_ms(5);
	trace_mark("writer closes");
	close(fd[1]);
	int sa, sb;
	waitpid(a, &sa, 0);
	waitpid(b, &sb, 0);
	say(1, "writer: sent %d bytes to two readers\n", messages * 8);
	return 0;
}
