/* labs/pipes/eof.c: end of file. The child writes "abc" and exits (closing the last write end); the parent,
 * which closed its own copy of the write end, reads the 3 bytes and then read returns 0: end of file. */
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		close(fd[0]);
		lab_sleep_ms(10);
		if (write(fd[1], "abc", 3) != 3)
			lab_die("write");
		_exit(0); /* exit closes fd[1]: the last writer is gone */
	}
	close(fd[1]); /* essential: our own write end would keep the pipe open forever */
	char buf[16];
	ssize_t n;
	int reads = 0;
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		say(1, "parent: read %zd bytes \"%.*s\"\n", n, (int)n, buf), reads++;
	say(1, "parent: read returned %zd: end of file after %d reads\n", n, reads);
	waitpid(pid, NULL, 0);
	return n == 0 ? 0 : 1;
}
