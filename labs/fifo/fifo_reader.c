/* labs/fifo/fifo_reader.c PATH: open the FIFO for reading (this blocks until a writer opens it), read to EOF. */
#include <fcntl.h>
#include "lab.h"

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp/lab.fifo";
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		lab_die("open");
	say(1, "reader: open returned: a writer is there\n");
	char buf[128];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		say(1, "reader: got \"%.*s\"\n", (int)n, buf);
	say(1, "reader: end of file\n");
	return n == 0 ? 0 : 1;
}
