/* pipe_flags: pipe2 flags and fcntl F_GETFL/F_SETFL/F_GETFD/F_SETFD on pipe ends: access modes, O_NONBLOCK,
 * O_CLOEXEC (checked across execve: this program re-executes itself to look at the descriptor), bad flags. */
#define _GNU_SOURCE /* pipe2: a GNU extension, declared by glibc only with it */
#include <fcntl.h>
#include <sys/wait.h>
#include "conf.h"

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "probe") == 0) {
		/* Re-executed: report whether the descriptor survived execve. */
		int fd = atoi(argv[2]);
		int r = fcntl(fd, F_GETFD);
		printf("after execve, fd %s: %s\n", argv[2], r < 0 ? errname(errno) : "open");
		return 0;
	}
	int p[2];
	check(pipe2(p, 0) == 0, "pipe2(0)");
	check((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY, "read end is O_RDONLY");
	check((fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "write end is O_WRONLY");
	check(fcntl(p[0], F_GETFD) == 0, "no FD_CLOEXEC by default");
	int r = pipe2(p, 0x1234);
	check(r == -1 && errno == EINVAL, "pipe2 with unknown flags: %d %s", r, err_of(r));

	int q[2];
	check(pipe2(q, O_CLOEXEC) == 0, "pipe2(O_CLOEXEC)");
	check(fcntl(q[0], F_GETFD) == FD_CLOEXEC && fcntl(q[1], F_GETFD) == FD_CLOEXEC, "both ends have FD_CLOEXEC");
	check((fcntl(q[0], F_GETFL) & O_NONBLOCK) == 0, "and are blocking");
	check(fcntl(p[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC, "F_SETFD sets FD_CLOEXEC");
	check(fcntl(p[0], F_SETFD, 0) == 0 && fcntl(p[0], F_GETFD) == 0, "F_SETFD clears it");

	fflush(stdout);
	char fdq[16], fdp[16];
	snprintf(fdq, sizeof fdq, "%d", q[1]);
	snprintf(fdp, sizeof fdp, "%d", p[1]);
	char *const argq[] = { argv[0], "probe", fdq, NULL };
	char *const argp[] = { argv[0], "probe", fdp, NULL };
	for (int i = 0; i < 2; i++) {
		pid_t c = fork();
		if (c == 0) {
			execve(argv[0], i == 0 ? argq : argp, (char *[]){ NULL });
			_exit(127);
		}
		int st;
		check(waitpid(c, &st, 0) == c && st == 0, "%s child exited 0", i == 0 ? "O_CLOEXEC" : "plain");
	}
	r = fcntl(p[0], 9999);
	check(r == -1 && errno == EINVAL, "unknown fcntl command: %d %s", r, err_of(r));
	return done();
}
