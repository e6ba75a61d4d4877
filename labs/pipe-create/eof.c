/* labs/pipe-create/eof.c: end of file needs every write reference closed, in every process. After fork the child
 * has copies of both descriptors, referring to the same two open files (fork does not open anything: the pipe
 * still has one reader and one writer file, each referenced twice). The parent writes and closes its write end;
 * the child closes its own copy of the write end before it reads, so that when the parent's is closed too, no
 * writer is left and read returns 0 (POSIX XSH read(): "If no process has the pipe open for writing, read() shall
 * return 0 to indicate end-of-file"). */
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int p[2];
	if (pipe(p) < 0)
		lab_die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		close(p[1]); /* our copy of the write end: keeping it, we would wait for ourselves */
		char buf[64];
		ssize_t n, total = 0;
		while ((n = read(p[0], buf, sizeof buf)) > 0)
			total += n;
		say(1, "eof: child read %d bytes, then end of file\n", (int)total);
		close(p[0]);
		_exit(total == 12 ? 0 : 1);
	}
	close(p[0]);
	lab_sleep_ms(10); /* let the child block in read first */
	if (write(p[1], "twelve bytes", 12) != 12)
		lab_die("write");
	close(p[1]);
	int st;
	waitpid(pid, &st, 0);
	say(1, "eof: child exited with %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
