/* proc_cow_share: fork shares memory copy-on-write (fork(2): "the child's memory is a copy"; Linux mm/memory.c
 * do_wp_page). What a program can see of it:
 *   - a process with 32 MiB of written heap forks 12 children that all stay alive: twelve copies would not fit in
 *     memory, shared pages do (each child then writes one page of it, getting its own copy);
 *   - each page the child writes after fork is a page fault (ru_minflt grows by at least one per page written);
 *   - writes the kernel makes for the child (read(2) into a buffer, an atomic add) are the child's only;
 *   - a page made read-only before fork, and writable again by the child's mprotect, is copied on the child's write;
 *   - a child whose parent has exited, so that nobody else maps its pages, writes them as usual;
 *   - a write to a page that stays read-only (PROT_READ) is still SIGSEGV. */
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "conf.h"

#define HEAP (32 << 20)
#define KIDS 12
#define PAGE 4096

static volatile long counter = 100;
static char buf[3 * PAGE] = { 1 };

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* big_fork: 12 children of a 32 MiB process alive at once, each writing its own page of the heap. */
static void big_fork(void)
{
	unsigned char *h = malloc(HEAP);
	if (!h) {
		check(0, "malloc of 32 MiB");
		return;
	}
	for (size_t i = 0; i < HEAP; i += PAGE)
		h[i] = (unsigned char)(i / PAGE);
	int go[2], ready[2];
	if (pipe(go) < 0 || pipe(ready) < 0) {
		check(0, "pipe");
		return;
	}
	pid_t kids[KIDS];
	int forked = 0;
	for (int k = 0; k < KIDS; k++) {
		kids[k] = fork();
		if (kids[k] < 0)
			break;
		if (kids[k] == 0) {
			close(go[1]);
			h[(size_t)k * PAGE * 100] = 0xee; /* this child's own page */
			int same = 1;
			for (size_t i = 0; i < HEAP; i += PAGE)
				if (i != (size_t)k * PAGE * 100 && h[i] != (unsigned char)(i / PAGE))
					same = 0;
			char c = same ? 'y' : 'n';
			write(ready[1], &c, 1);
			read(go[0], &c, 1); /* stay alive until the parent says go */
			_exit(h[(size_t)k * PAGE * 100] == 0xee ? 0 : 1);
		}
		forked++;
	}
	check(forked == KIDS, "a process with 32 MiB of written heap forks %d children that all stay alive (%d did)", KIDS,
	      forked);
	int saw = 0;
	for (int k = 0; k < forked; k++) {
		char c = 0;
		read(ready[0], &c, 1);
		saw += c == 'y';
	}
	check(saw == forked, "each child saw the heap as it was, but for the page it wrote itself (%d of %d)", saw, forked);
	close(go[1]);
	int good = 0;
	for (int k = 0; k < forked; k++) {
		int st;
		waitpid(kids[k], &st, 0);
		good += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	check(good == forked, "every child kept its own write (%d of %d)", good, forked);
	int intact = 1;
	for (size_t i = 0; i < HEAP; i += PAGE)
		if (h[i] != (unsigned char)(i / PAGE))
			intact = 0;
	check(intact, "the parent's heap is as it wrote it");
	close(go[0]), close(ready[0]), close(ready[1]);
	free(h);
}

/* child_status: fork, run fn in the child, return its wait status. */
static int child_status(int (*fn)(void))
{
	pid_t c = fork();
	if (c == 0)
		_exit(fn());
	int st = 0;
	waitpid(c, &st, 0);
	return st;
}

static char pagesrc[64 * PAGE];

static int write_shared_faults(void)
{
	long before = minflt();
	for (int i = 0; i < 64; i++)
		((volatile char *)pagesrc)[i * PAGE] = 2;
	return minflt() - before >= 64 ? 0 : 1;
}

static int kernel_writes(void)
{
	int p[2];
	if (pipe(p) < 0)
		return 2;
	write(p[1], "child!", 6);
	if (read(p[0], buf + PAGE, 6) != 6) /* the kernel writes into a page shared with the parent */
		return 3;
	__atomic_fetch_add(&counter, 5, __ATOMIC_SEQ_CST); /* an atomic read-and-write of a shared page */
	return memcmp(buf + PAGE, "child!", 6) == 0 && counter == 105 ? 0 : 1;
}

static char *ro_page;

static int mprotect_then_write(void)
{
	if (mprotect(ro_page, PAGE, PROT_READ | PROT_WRITE) < 0)
		return 2;
	ro_page[0] = 'C';
	return ro_page[0] == 'C' ? 0 : 1;
}

static int write_read_only(void)
{
	ro_page[1] = 'x'; /* PROT_READ: SIGSEGV */
	return 0;
}

static void orphan(void)
{
	int p[2];
	pipe(p);
	pid_t mid = fork();
	if (mid == 0) {
		pid_t c = fork();
		if (c == 0) {
			char x;
			close(p[1]);
			read(p[0], &x, 1); /* end of file: the middle process has exited */
			for (int i = 0; i < 3; i++)
				buf[i * PAGE] = 'o';
			counter = 7;
			check(buf[0] == 'o' && buf[2 * PAGE] == 'o' && counter == 7,
			      "a child whose parent has exited writes the pages nobody else maps now");
			_exit(0);
		}
		_exit(0);
	}
	close(p[0]);
	waitpid(mid, NULL, 0);
	close(p[1]);
	usleep(200000); /* the grandchild writes its line */
}

int main(void)
{
	big_fork();

	memset(pagesrc, 1, sizeof pagesrc);
	int st = child_status(write_shared_faults);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "each page a child writes after fork is a minor fault (getrusage ru_minflt: 64 pages, 64 faults or more)");

	memcpy(buf + PAGE, "parent", 6);
	st = child_status(kernel_writes);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "read(2) and an atomic add in the child change the child's memory");
	check(memcmp(buf + PAGE, "parent", 6) == 0 && counter == 100, "and not the parent's (\"%.6s\", %ld)", buf + PAGE,
	      counter);

	ro_page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro_page[0] = 'P';
	mprotect(ro_page, PAGE, PROT_READ);
	st = child_status(mprotect_then_write);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a page read-only at fork, made writable by the child, takes its write");
	check(ro_page[0] == 'P', "and the parent's page keeps its byte ('%c')", ro_page[0]);
	st = child_status(write_read_only);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a write to a page that stays PROT_READ is SIGSEGV");

	orphan();
	return done();
}
