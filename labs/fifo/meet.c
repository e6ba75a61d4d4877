/* labs/fifo/meet.c: two unrelated programs meeting at a named pipe. meet makes the FIFO /tmp/lab.fifo (mkfifo is
 * mknodat with S_IFIFO), then starts /labs/fifo/fifo_reader and /labs/fifo/fifo_writer, which share no descriptor:
 * only the path. The reader opens first and blocks in open until a writer opens the other end (Linux 6.1
 * fs/pipe.c: fifo_open and wait_for_partner). */
#include <sys/stat.h>
#include <sys/wait.h>
#include "lab.h"

int main(void)
{
	int made_tmp = mkdir("/tmp", 0777) == 0; /* remove what we make: the kernel counts leftovers at halt */
	unlink("/tmp/lab.fifo");
	if (mkfifo("/tmp/lab.fifo", 0666) < 0)
		lab_die("mkfifo");
	char *rd[] = { "/labs/fifo/fifo_reader", "/tmp/lab.fifo", NULL };
	char *wr[] = { "/labs/fifo/fifo_writer", "/tmp/lab.fifo", NULL };
	pid_t r = fork();
	if (r == 0)
		execv(rd[0], rd);
	if (r == 0)
		lab_die("exec reader");
	pid_t w = fork();
	if (w == 0)
		execv(wr[0], wr);
	if (w == 0)
		lab_die("exec writer");
	int st, bad = 0;
	waitpid(r, &st, 0);
	bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	waitpid(w, &st, 0);
	bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	unlink("/tmp/lab.fifo");
	if (made_tmp)
		rmdir("/tmp");
	say(1, "meet: reader and writer done%s\n", bad ? " (one failed)" : "");
	return bad;
}
