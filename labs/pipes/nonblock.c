/* labs/pipes/nonblock.c: a pipe made with pipe2(O_NONBLOCK), where nothing ever waits (POSIX XSH read() and
 * write(), O_NONBLOCK; pipe(7) "I/O on pipes and FIFOs"). A read of the empty pipe fails with EAGAIN at once; a
 * 70000-byte write into the empty 64 KiB pipe writes what fits and returns that count (a partial write, not an
 * error); the next write finds no room and fails with EAGAIN; a PIPE_BUF-sized write after the reader took
 * 1000 bytes fails too (all or nothing: only 1000 bytes of room); once 4096 are free it goes in whole. */
#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include "lab.h"

static char buf[70000];

/* show: print what a call returned, "N" or "-1 EAGAIN". */
static void show(const char *what, ssize_t n)
{
	if (n < 0)
		say(1, "%s: -1 %s\n", what, errno == EAGAIN ? "EAGAIN" : strerror(errno));
	else
		say(1, "%s: %zd\n", what, n);
}

int main(void)
{
	int fd[2];
	if (pipe2(fd, O_NONBLOCK) < 0)
		lab_die("pipe2");
	memset(buf, 'n', sizeof buf);
	show("read of the empty pipe", read(fd[0], buf, 100));
	show("write of 70000 bytes", write(fd[1], buf, 70000));
	show("write of 1 byte to the full pipe", write(fd[1], buf, 1));
	show("read of 1000 bytes", read(fd[0], buf, 1000));
	show("write of 4096 bytes into 1000 bytes of room", write(fd[1], buf, 4096));
	show("read of 4000 bytes", read(fd[0], buf, 4000));
	show("write of 4096 bytes into 5000 bytes of room", write(fd[1], buf, 4096));
	return 0;
}
