/* labs/signals/eintr.c: interrupted system calls. The parent reads an empty pipe while SIGALRM (setitimer, 20 ms)
 * arrives: with a handler installed without SA_RESTART, read fails with EINTR; installed with SA_RESTART, the
 * kernel restarts the read after the handler, and it returns the child's data when it comes. */
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "lab.h"

static void on_alarm(int sig)
{
	(void)sig;
}

/* round: read from an empty pipe, SIGALRM after 20 ms, a child writing after 60 ms; flags for the handler. */
static int round_(int flags)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		lab_sleep_ms(60);
		write(fd[1], "late", 4);
		_exit(0);
	}
	close(fd[1]);
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	char buf[16];
	ssize_t n = read(fd[0], buf, sizeof buf);
	int err = errno;
	say(1, "%s: read returned %zd%s%s\n", flags ? "SA_RESTART" : "no SA_RESTART", n, n < 0 ? ", errno " : "",
		n < 0 ? (err == EINTR ? "EINTR" : strerror(err)) : "");
	waitpid(pid, NULL, 0);
	close(fd[0]);
	return flags ? n == 4 : n < 0 && err == EINTR;
}

int main(void)
{
	int ok = round_(0);
	ok &= round_(SA_RESTART);
	return ok ? 0 : 1;
}
