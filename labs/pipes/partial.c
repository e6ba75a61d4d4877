/* labs/pipes/partial.c: what a write returns when it stops half-way (POSIX XSH write(): "If write() is
 * interrupted by a signal after it successfully writes some data, it shall return the number of bytes
 * written"; Linux fs/pipe.c pipe_write returns the bytes copied before a fault the same way).
 * 1. A child writes 70000 bytes into a pipe nobody reads: 65536 go in, then it sleeps for room. A SIGALRM with a
 *    handler (no SA_RESTART) interrupts the sleep: write returns 65536, the count written, not -1 EINTR.
 * 2. A write of 8192 bytes whose second page is not mapped: the first 4096 bytes go in, the copy of the second
 *    faults: write returns 4096, not -1 EFAULT (nothing that was written is taken back). */
#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "lab.h"

static char big[70000];

static void on_alarm(int sig)
{
	(void)sig;
}

int main(void)
{
	int fd[2];
	if (pipe(fd) < 0)
		lab_die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		struct sigaction sa = { 0 };
		sa.sa_handler = on_alarm; /* no SA_RESTART */
		sigaction(SIGALRM, &sa, NULL);
		struct itimerval it = { { 0, 0 }, { 0, 50000 } }; /* once, in 50 ms */
		setitimer(ITIMER_REAL, &it, NULL);
		ssize_t n = write(fd[1], big, sizeof big);
		if (n < 0)
			say(1, "interrupted write: -1 %s\n", strerror(errno));
		else
			say(1, "interrupted write: %zd\n", n);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	close(fd[0]);
	close(fd[1]);

	if (pipe(fd) < 0)
		lab_die("pipe");
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		lab_die("mmap");
	memset(p, 'f', page);
	munmap(p + page, page);
	ssize_t n = write(fd[1], p, 2 * page);
	if (n < 0)
		say(1, "faulting write: -1 %s\n", strerror(errno));
	else
		say(1, "faulting write: %zd\n", n);
	return 0;
}
