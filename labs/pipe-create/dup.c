/* labs/pipe-create/dup.c: descriptors, open files and reference counts. dup(fd) makes a new descriptor (the lowest
 * free) for the same open file; dup2(fd, n) makes descriptor n refer to it (closing what n was). close(fd) removes a
 * descriptor and drops one reference to its open file; the file is released only when its last reference goes
 * (Linux 6.1 fs/file.c, close_fd -> filp_close -> fput), and only then does the pipe lose a reader or a writer
 * (fs/pipe.c, pipe_release). POSIX XSH dup(), close(): "When all file descriptors associated with a pipe ... have
 * been closed, any data remaining in the pipe ... shall be discarded." */
#include "lab.h"

int main(void)
{
	int p[2];
	if (pipe(p) < 0)
		lab_die("pipe");
	int w2 = dup(p[1]);
	say(1, "dup: pipe is %d (read), %d (write); dup(%d) = %d\n", p[0], p[1], p[1], w2);
	close(p[1]);
	trace_mark("dup: closed %d, %d still refers to the write end", p[1], w2);
	if (write(w2, "through the duplicate", 21) != 21)
		lab_die("write");
	int r10 = dup2(p[0], 10);
	say(1, "dup: dup2(%d, 10) = %d\n", p[0], r10);
	close(p[0]);
	trace_mark("dup: closed %d, 10 still refers to the read end", p[0]);
	char buf[64];
	ssize_t n = read(10, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	say(1, "dup: read %d bytes from 10: \"%s\"\n", (int)n, buf);
	close(w2); /* the last reference to the write end: the pipe has no writer now */
	n = read(10, buf, sizeof buf);
	say(1, "dup: after closing %d, read from 10 returns %d (end of file)\n", w2, (int)n);
	close(10); /* the last reference to the read end: the pipe is freed */
	trace_mark("dup: closed 10");
	return n == 0 ? 0 : 1;
}
