/* labs/fifo/fifo_writer.c PATH: wait a little (so the reader is already blocked in open), open the FIFO for
 * writing, write one message, close. */
#include <fcntl.h>
#include "lab.h"

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp/lab.fifo";
	lab_sleep_ms(20);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		lab_die("open");
	const char msg[] = "hello through a FIFO";
	if (write(fd, msg, sizeof msg - 1) != (ssize_t)sizeof msg - 1)
		lab_die("write");
	close(fd);
	return 0;
}
