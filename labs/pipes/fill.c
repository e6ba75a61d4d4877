/* labs/pipes/fill.c [BYTES]: a writer that fills the pipe and blocks. The parent writes BYTES (default 70000) in
 * 4096-byte writes while the child sleeps; at 65536 bytes (the capacity, F_GETPIPE_SZ) the ring is full and the
 * next write blocks (pipe.block write). The child then drains the pipe; each read makes room and wakes the
 * writer (pipe.wake write). */
#include <fcntl.h>
#include <sys/wait.h>
#include "lab.h"

int main(int argc, char **argv)
{
	long total = argc > 1 ? atol(argv[1]) : 70000;
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	int cap = fcntl(fd[0], F_GETPIPE_SZ);
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		close(fd[1]);
		lab_sleep_ms(50); /* the writer fills the pipe meanwhile */
		static char buf[8192];
		long got = 0;
		ssize_t n;
		while ((n = read(fd[0], buf, sizeof buf)) > 0)
			got += n;
		say(1, "reader: read %ld bytes\n", got);
		_exit(got == total ? 0 : 1);
	}
	close(fd[0]);
	say(1, "writer: capacity %d bytes, writing %ld\n", cap, total);
	static char chunk[4096];
	memset(chunk, 'x', sizeof chunk);
	long done = 0;
	while (done < total) {
		size_t n = total - done < (long)sizeof chunk ? (size_t)(total - done) : sizeof chunk;
		ssize_t w = write(fd[1], chunk, n);
		if (w < 0)
			lab_die("write");
		done += w;
	}
	say(1, "writer: wrote %ld bytes\n", done);
	close(fd[1]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
