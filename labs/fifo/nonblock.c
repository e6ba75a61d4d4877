/* labs/fifo/nonblock.c: opening a FIFO with O_NONBLOCK (POSIX open()): for reading it succeeds at once even with no
 * writer; for writing with no reader it fails with ENXIO; with a reader open, it succeeds. */
#include <fcntl.h>
#include <sys/stat.h>
#include "lab.h"

int main(void)
{
	int made_tmp = mkdir("/tmp", 0777) == 0; /* remove what we make: the kernel counts leftovers at halt */
	unlink("/tmp/lab2.fifo");
	if (mkfifo("/tmp/lab2.fifo", 0666) < 0)
		lab_die("mkfifo");
	int w1 = open("/tmp/lab2.fifo", O_WRONLY | O_NONBLOCK);
	int e1 = errno;
	int r = open("/tmp/lab2.fifo", O_RDONLY | O_NONBLOCK);
	int w2 = open("/tmp/lab2.fifo", O_WRONLY | O_NONBLOCK);
	say(1, "write-only, no reader: %s\n", w1 < 0 && e1 == ENXIO ? "ENXIO" : "opened (wrong)");
	say(1, "read-only, no writer: %s\n", r >= 0 ? "opened" : strerror(errno));
	say(1, "write-only, with a reader: %s\n", w2 >= 0 ? "opened" : strerror(errno));
	unlink("/tmp/lab2.fifo");
	if (made_tmp)
		rmdir("/tmp");
	return w1 < 0 && e1 == ENXIO && r >= 0 && w2 >= 0 ? 0 : 1;
}
