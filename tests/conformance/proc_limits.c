/* proc_limits: how many processes there may be (fork(2) EAGAIN, getrlimit(2) RLIMIT_NPROC). The default
 * RLIMIT_NPROC comes from the memory (Linux: half of threads-max), far above the 128 slots ipclab once had: 300
 * children live at once. An unprivileged user at RLIMIT_NPROC gets EAGAIN, counting every process of its real
 * uid, the parent included; root is not held to it. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "conf.h"

/* spawn: fork up to n children that wait until the pipe closes; returns how many were made, errno set by the
 * fork that failed (0 when all were made). */
static int spawn(int n, int *pipefd)
{
	int made = 0;
	errno = 0;
	for (; made < n; made++) {
		pid_t pid = fork();
		if (pid < 0)
			return made;
		if (pid == 0) {
			char c;
			close(pipefd[1]);
			read(pipefd[0], &c, 1); /* end of file when the parent closes its write end */
			_exit(0);
		}
	}
	errno = 0;
	return made;
}

static void reap(int *pipefd)
{
	close(pipefd[1]);
	while (wait(NULL) > 0)
		;
	close(pipefd[0]);
}

int main(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NPROC, &rl);
	check(rl.rlim_cur == rl.rlim_max, "RLIMIT_NPROC's soft and hard limits start equal");
	check(rl.rlim_cur >= 1000 && rl.rlim_cur != RLIM_INFINITY, "RLIMIT_NPROC comes from the memory: at least 1000");

	int p[2];
	pipe(p);
	int made = spawn(300, p);
	check(made == 300, "300 children live at once (made %d, %s)", made, errname(errno));
	reap(p);

	/* root is not held to RLIMIT_NPROC */
	struct rlimit low = { 10, 10 };
	setrlimit(RLIMIT_NPROC, &low);
	pipe(p);
	made = spawn(20, p);
	check(made == 20, "root makes 20 children under RLIMIT_NPROC 10 (made %d)", made);
	reap(p);

	/* uid 1000 with RLIMIT_NPROC 50: itself and 49 children */
	pid_t pid = fork();
	if (pid == 0) {
		low = (struct rlimit){ 50, 50 };
		setrlimit(RLIMIT_NPROC, &low);
		if (setgid(1000) || setuid(1000))
			_exit(2);
		pipe(p);
		made = spawn(100, p);
		int e = errno;
		reap(p);
		printf("uid 1000 at RLIMIT_NPROC 50: %d children, then %s\n", made, errname(e));
		errno = 0;
		low = (struct rlimit){ 60, 60 };
		printf("raising the hard limit unprivileged: %s\n", setrlimit(RLIMIT_NPROC, &low) ? errname(errno) : "ok");
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the unprivileged child ran");
	return done();
}
