/* fifo_exec: data through a FIFO between two unrelated programs: this program execs itself twice, as a writer
 * and as a reader that find each other only by the FIFO's name (POSIX mkfifo(), fifo(7)).
 *   fifo_exec                 make the FIFO, start the two, report
 *   fifo_exec writer PATH     open PATH for writing, write 100 numbered lines, exit
 *   fifo_exec reader PATH     open PATH for reading, read to end of file, check and print a summary */
#include "conf.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define F "/tmp/fifo_exec.f"
#define LINES 100

static int writer(const char *path)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return 2;
	for (int i = 0; i < LINES; i++) {
		char line[64];
		int n = snprintf(line, sizeof line, "line %03d of the writer\n", i);
		if (write(fd, line, n) != n)
			return 3;
	}
	return 0;
}

static int reader(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 2;
	static char all[LINES * 64];
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, all + got, sizeof all - got - 1)) > 0)
		got += n;
	all[got] = 0;
	int lines = 0, good = 1;
	char *s = all;
	for (char *nl; (nl = strchr(s, '\n')); s = nl + 1, lines++) {
		char want[64];
		snprintf(want, sizeof want, "line %03d of the writer", lines);
		if ((size_t)(nl - s) != strlen(want) || strncmp(s, want, nl - s) != 0)
			good = 0;
	}
	printf("reader: %zu bytes, %d lines, %s\n", got, lines, good ? "in order" : "garbled");
	return good && lines == LINES ? 0 : 1;
}

static pid_t spawn(const char *role)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "/tests/fifo_exec", (char *)role, F, NULL };
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "writer") == 0)
		return writer(argv[2]);
	if (argc == 3 && strcmp(argv[1], "reader") == 0)
		return reader(argv[2]);
	mkdir("/tmp", 0777);
	unlink(F);
	check(mkfifo(F, 0644) == 0, "mkfifo " F);
	pid_t r = spawn("reader");
	sleep_ms(100);
	pid_t w = spawn("writer");
	int st;
	check(waitpid(r, &st, 0) == r && WIFEXITED(st) && WEXITSTATUS(st) == 0, "reader exited 0");
	check(waitpid(w, &st, 0) == w && WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer exited 0");
	check(unlink(F) == 0, "unlink");
	return done();
}
