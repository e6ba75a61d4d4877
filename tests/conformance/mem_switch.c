/* mem_switch: processes that take turns on the CPU see only their own pages at the same addresses
 * (fork(2): "The child process and the parent process run in separate memory spaces"; mmap(2), munmap(2)).
 * Three processes pass a token around a ring of pipes. At each turn a process writes its own mark into the next
 * page of a private mapping made before fork, then checks every page it has written so far still holds its own
 * marks, not another's. The mapping has 96 pages, so each address space grows, turn by turn, past the point where
 * ipclab stops listing its pages one by one and gives it an ASID of its own (MM_TLB_PAGES, kernel/vm.c) while the
 * others keep running. Then one process unmaps its copy and maps a new one at the same address, and another moves
 * its copy with mremap(2): each still reads only what it wrote. */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "conf.h"

#define NPROC 3
#define NPAGES 96

static long pg;
static int ring[NPROC][2]; /* ring[i]: process i waits for the token on ring[i][0] */

/* pass: give the token to the next process, and unless last, wait for it to come back; 0 on a pipe error. */
static int pass(int me, int last)
{
	char t = 'x';
	if (write(ring[(me + 1) % NPROC][1], &t, 1) != 1)
		return 0;
	return last || read(ring[me][0], &t, 1) == 1;
}

static uint32_t mark(int me, int page) { return 0x10000u * (uint32_t)(me + 1) + (uint32_t)page; }

/* pages_wrong: how many of pages [0, n) of m do not start with process me's mark. */
static int pages_wrong(volatile uint32_t *m, int me, int n)
{
	int wrong = 0;
	for (int p = 0; p < n; p++)
		wrong += m[p * pg / 4] != mark(me, p);
	return wrong;
}

/* run: process me's part; returns the number of turns at which it saw a page that was not its own. */
static int run(int me, volatile uint32_t *m)
{
	int bad = 0;
	char t;
	if (me != 0 && read(ring[me][0], &t, 1) != 1)
		return -1;
	for (int i = 0; i < NPAGES; i++) {
		m[i * pg / 4] = mark(me, i);
		bad += pages_wrong(m, me, i + 1) != 0;
		if (!pass(me, i == NPAGES - 1))
			return -1;
	}
	return bad;
}

int main(void)
{
	pg = sysconf(_SC_PAGESIZE);
	volatile uint32_t *m = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return perror("mmap"), 1;
	for (int i = 0; i < NPROC; i++)
		if (pipe(ring[i]))
			return perror("pipe"), 1;

	/* 1. the ring */
	pid_t kids[NPROC];
	for (int i = 1; i < NPROC; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			_exit(run(i, m) == 0 ? 0 : 1);
	}
	int bad = run(0, m);
	int kids_ok = 1;
	for (int i = 1; i < NPROC; i++) {
		int st;
		kids_ok &= waitpid(kids[i], &st, 0) == kids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	check(bad == 0, "the parent saw only its own marks in %d pages over %d turns", NPAGES, NPAGES);
	check(kids_ok, "each of the %d children saw only its own marks", NPROC - 1);

	/* 2. a new mapping at the same address in the child; the parent keeps its pages */
	int tok[2], back[2];
	if (pipe(tok) || pipe(back))
		return perror("pipe"), 1;
	pid_t c = fork();
	char t = 0;
	if (c == 0) {
		int ok = munmap((void *)m, NPAGES * pg) == 0;
		volatile uint32_t *n = mmap((void *)m, NPAGES * pg, PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		ok &= n == m;
		ok &= n[0] == 0 && n[(NPAGES - 1) * pg / 4] == 0; /* a new mapping reads as zeros */
		for (int p = 0; p < NPAGES; p++)
			n[p * pg / 4] = mark(7, p);
		ok &= write(back[1], &t, 1) == 1 && read(tok[0], &t, 1) == 1;
		ok &= pages_wrong(n, 7, NPAGES) == 0;
		/* 3. move the pages away with mremap: the old address is unmapped, the new one holds them */
		volatile uint32_t *r = mremap((void *)n, NPAGES * pg, NPAGES * pg, MREMAP_MAYMOVE | MREMAP_FIXED,
					      (char *)n + 2 * NPAGES * pg);
		ok &= r != MAP_FAILED && pages_wrong(r, 7, NPAGES) == 0;
		ok &= write(back[1], &t, 1) == 1 && read(tok[0], &t, 1) == 1;
		ok &= pages_wrong(r, 7, NPAGES) == 0;
		_exit(ok ? 0 : 1);
	}
	int ok = read(back[0], &t, 1) == 1;
	ok &= pages_wrong(m, 0, NPAGES) == 0;
	ok &= write(tok[1], &t, 1) == 1 && read(back[0], &t, 1) == 1;
	/* the child's new address is free here: map something else there and write it */
	volatile uint32_t *o = mmap((char *)m + 2 * NPAGES * pg, NPAGES * pg, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ok &= o != MAP_FAILED;
	if (o != MAP_FAILED)
		for (int p = 0; p < NPAGES; p++)
			o[p * pg / 4] = mark(9, p);
	ok &= pages_wrong(m, 0, NPAGES) == 0;
	ok &= write(tok[1], &t, 1) == 1;
	int st;
	int child_ok = waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	check(ok, "the parent kept its pages while the child mapped, wrote and moved its own at the same addresses");
	check(o == MAP_FAILED || pages_wrong(o, 9, NPAGES) == 0, "the parent's new mapping holds what it wrote");
	check(child_ok, "the child saw a fresh zeroed mapping, then only its own marks, before and after mremap");
	return done();
}
