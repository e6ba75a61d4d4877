/* mem_oom: running out of memory (proc(5) /proc/PID/oom_score; Linux mm/oom_kill.c): a child that keeps touching
 * new anonymous pages after memory is gone is killed with SIGKILL by the kernel's out-of-memory killer (not a
 * SIGSEGV, not a panic); its parent, which holds little, goes on, and the memory is free again after it: the
 * same amount can be touched once more, by a second child. */
#define _GNU_SOURCE
#include "conf.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define CHUNK (8UL << 20)
#define MAX_CHUNKS 512 /* 4 GiB: more than either machine has */

/* hog: map and touch 8 MiB chunks until killed; reports through fd how many chunks it touched. */
static void hog(int fd, long limit)
{
	for (long i = 0; i < MAX_CHUNKS && (limit < 0 || i < limit); i++) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		for (unsigned long off = 0; off < CHUNK; off += 4096)
			p[off] = 1;
		write(fd, "c", 1);
	}
	_exit(0);
}

/* run_hog: a child hog; returns its wait status and in *chunks how many chunks it touched. */
static int run_hog(long limit, long *chunks)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		hog(p[1], limit);
	}
	close(p[1]);
	char buf[64];
	ssize_t n;
	*chunks = 0;
	while ((n = read(p[0], buf, sizeof buf)) > 0)
		*chunks += n;
	close(p[0]);
	int st;
	waitpid(c, &st, 0);
	return st;
}

int main(void)
{
	long first, second;
	int st = run_hog(-1, &first);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "a child touching memory without end is killed with SIGKILL (%s)",
	      WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "it exited");
	check(first >= 8, "after it had touched a good part of memory (%s)", first >= 8 ? "yes" : "no");
	long again = first > 4 ? first - 4 : 1; /* what it got, less some slack for what the kernel holds meanwhile */
	st = run_hog(again, &second);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0 && second == again,
	      "its memory is free again: a second child touches nearly as much and exits normally");
	return done();
}
