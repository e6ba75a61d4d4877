/* mem_mremap: mremap(2) as Linux 6.1 does it (mm/mremap.c): growing in place when the pages after a mapping are
 * free, moving (MREMAP_MAYMOVE) with the contents when they are not, shrinking, MREMAP_FIXED, MREMAP_DONTUNMAP,
 * shared memory and file mappings that stay shared where they move, SIGBUS past the end of shared memory made
 * longer, SysV shared memory attachments moved, the "duplicate" of a shared mapping (old_len 0), realloc of large
 * blocks (musl and glibc use mremap for them), and the errors in Linux's order. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "conf.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#define PG 4096UL

/* mapped: whether the page at p is mapped (msync gives ENOMEM for an unmapped range). */
static int mapped(void *p)
{
	return msync(p, PG, MS_ASYNC) == 0;
}

static char *anon(size_t pages, int flags)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static int pattern_ok(const char *p, size_t pages, char base)
{
	for (size_t i = 0; i < pages; i++)
		if (p[i * PG] != (char)(base + i) || p[i * PG + PG - 1] != (char)(base + i))
			return 0;
	return 1;
}

static void pattern(char *p, size_t pages, char base)
{
	for (size_t i = 0; i < pages; i++)
		p[i * PG] = p[i * PG + PG - 1] = (char)(base + i);
}

static sigjmp_buf jb;
static void on_bus(int sig)
{
	siglongjmp(jb, sig);
}

static const char *err(void *r)
{
	return r == MAP_FAILED ? errname(errno) : "a mapping";
}

static void errors(void)
{
	char *p = anon(2, MAP_PRIVATE), *hole = anon(1, MAP_PRIVATE);
	munmap(hole, PG);
	errno = 0;
	check(mremap(p, PG, 2 * PG, 8) == MAP_FAILED && errno == EINVAL, "unknown flags: EINVAL (%s)", errname(errno));
	errno = 0;
	check(mremap(p, PG, PG, MREMAP_FIXED, p + 8 * PG) == MAP_FAILED && errno == EINVAL,
	      "MREMAP_FIXED without MREMAP_MAYMOVE: EINVAL (%s)", errname(errno));
	errno = 0;
	check(mremap(p, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP) == MAP_FAILED && errno == EINVAL,
	      "MREMAP_DONTUNMAP with another size: EINVAL (%s)", errname(errno));
	errno = 0;
	check(mremap(p + 1, PG, PG, 0) == MAP_FAILED && errno == EINVAL, "an unaligned address: EINVAL (%s)",
	      errname(errno));
	errno = 0;
	check(mremap(p, PG, 0, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL, "new_len 0: EINVAL (%s)", errname(errno));
	errno = 0;
	check(mremap(hole, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT,
	      "nothing mapped at the address: EFAULT (%s)", errname(errno));
	errno = 0;
	check(mremap(p, 3 * PG, 4 * PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT,
	      "an old range past the end of its mapping: EFAULT (%s)", errname(errno));
	errno = 0;
	check(mremap(p, 0, PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL,
	      "old_len 0 of a private mapping: EINVAL (%s)", errname(errno));
	errno = 0;
	check(mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 1) == MAP_FAILED && errno == EINVAL,
	      "MREMAP_FIXED to an unaligned address: EINVAL (%s)", errname(errno));
	errno = 0;
	check(mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG) == MAP_FAILED && errno == EINVAL,
	      "MREMAP_FIXED onto an overlapping range: EINVAL (%s)", errname(errno));
	munmap(p, 2 * PG);
}

int main(void)
{
	/* grow in place: the pages after it are free (a PROT_NONE reservation of 8 pages: the first two mapped, the next
	 * two free, the rest a guard) */
	char *p = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mmap(p, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	munmap(p + 2 * PG, 2 * PG);
	pattern(p, 2, 'a');
	char *q = mremap(p, 2 * PG, 4 * PG, 0);
	check(q == p, "growing into free pages stays in place");
	check(q == p && pattern_ok(q, 2, 'a') && q[2 * PG] == 0 && q[4 * PG - 1] == 0,
	      "the old pages keep their contents, the new ones are zero");

	/* blocked by the guard: ENOMEM without MREMAP_MAYMOVE, a move with it */
	errno = 0;
	check(mremap(p, 4 * PG, 6 * PG, 0) == MAP_FAILED && errno == ENOMEM,
	      "growing into a mapping without MREMAP_MAYMOVE: ENOMEM (%s)", errname(errno));
	q = mremap(p, 4 * PG, 6 * PG, MREMAP_MAYMOVE);
	check(q != MAP_FAILED && q != p, "with MREMAP_MAYMOVE it moves (%s)", err(q));
	check(q != MAP_FAILED && pattern_ok(q, 2, 'a') && !mapped(p) && !mapped(p + 3 * PG),
	      "the pages moved with their contents, and the old range is unmapped");
	munmap(p + 4 * PG, 4 * PG);

	/* shrink */
	char *r = mremap(q, 6 * PG, 2 * PG, 0);
	check(r == q && mapped(q + PG) && !mapped(q + 2 * PG) && !mapped(q + 5 * PG) && pattern_ok(q, 2, 'a'),
	      "shrinking keeps the address and unmaps the end");

	/* MREMAP_FIXED over an existing mapping */
	char *target = anon(2, MAP_PRIVATE);
	pattern(target, 2, 'x');
	r = mremap(q, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	check(r == target && pattern_ok(target, 2, 'a') && !mapped(q),
	      "MREMAP_FIXED replaces what was mapped at new_addr (%s)", err(r));

	/* MREMAP_DONTUNMAP: the old range stays, empty */
	r = mremap(target, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	check(r != MAP_FAILED && r != target && pattern_ok(r, 2, 'a'), "MREMAP_DONTUNMAP moves the pages (%s)", err(r));
	check(r != MAP_FAILED && mapped(target) && target[0] == 0 && target[PG] == 0,
	      "and leaves the old private range mapped, reading zeros");

	/* copy-on-write pages move too: a child forked before sees its own copy */
	char *c = anon(2, MAP_PRIVATE);
	pattern(c, 2, 'k');
	int pfd[2], back[2];
	pipe(pfd), pipe(back);
	pid_t kid = fork();
	if (kid == 0) {
		char x;
		read(pfd[0], &x, 1);
		x = pattern_ok(c, 2, 'k') ? 'y' : 'n';
		write(back[1], &x, 1);
		_exit(0);
	}
	char *moved = mremap(c, 2 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, anon(8, MAP_PRIVATE));
	int moved_ok = moved != MAP_FAILED && pattern_ok(moved, 2, 'k');
	if (moved != MAP_FAILED)
		pattern(moved, 2, 'z');
	char x = 0;
	write(pfd[1], "g", 1);
	read(back[0], &x, 1);
	waitpid(kid, NULL, 0);
	check(moved_ok && x == 'y', "pages shared with a child since fork move; the child keeps its copy");

	/* shared anonymous memory stays shared where it moves */
	char *s = anon(2, MAP_SHARED);
	kid = fork();
	if (kid == 0) {
		char y;
		read(pfd[0], &y, 1);
		y = s[0] == 'S' && s[PG] == 'T' ? 'y' : 'n';
		write(back[1], &y, 1);
		_exit(0);
	}
	char *s2 = mremap(s, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, anon(2, MAP_PRIVATE));
	if (s2 != MAP_FAILED)
		s2[0] = 'S', s2[PG] = 'T';
	write(pfd[1], "g", 1);
	x = 0;
	read(back[0], &x, 1);
	waitpid(kid, NULL, 0);
	check(s2 != MAP_FAILED && x == 'y', "shared memory moved: the child sees the stores through the new address");

	/* the duplicate of a shared mapping (old_len 0) maps the same pages */
	char *dup = mremap(s2, 0, PG, MREMAP_MAYMOVE);
	check(dup != MAP_FAILED && dup != s2 && dup[0] == 'S' && (dup[1] = 'D', s2[1] == 'D'),
	      "old_len 0 of a shared mapping gives a second mapping of the same pages (%s)", err(dup));

	/* shared memory made longer: SIGBUS past its end */
	char *grown = mremap(s2, 2 * PG, 4 * PG, MREMAP_MAYMOVE);
	struct sigaction sa = { .sa_handler = on_bus };
	sigaction(SIGBUS, &sa, NULL);
	int sig = 0;
	if (grown != MAP_FAILED) {
		sig = sigsetjmp(jb, 1);
		if (!sig)
			grown[2 * PG] = 1;
	}
	check(grown != MAP_FAILED && grown[PG] == 'T' && sig == SIGBUS,
	      "shared anonymous memory grown by mremap: a touch past its end is SIGBUS (%s)",
	      sig == SIGBUS ? "SIGBUS" : sig ? "another signal" : "none");

	/* a file mapping moved: stores through it are the file's */
	int fd = open("/tmp/mem_mremap", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, 2 * PG);
	char *f = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *f2 = mremap(f + PG, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, anon(1, MAP_PRIVATE));
	char fb[4] = "";
	if (f2 != MAP_FAILED)
		memcpy(f2, "FIL", 3);
	pread(fd, fb, 3, PG);
	check(f2 != MAP_FAILED && !strcmp(fb, "FIL") && mapped(f) && !mapped(f + PG),
	      "the second page of a shared file mapping moved: its stores are the file's second page");
	close(fd);
	unlink("/tmp/mem_mremap");

	/* a System V shared memory attachment moved */
	int id = shmget(IPC_PRIVATE, 2 * PG, IPC_CREAT | 0600);
	char *a1 = shmat(id, NULL, 0), *a2 = shmat(id, NULL, 0);
	char *a3 = mremap(a1, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, anon(2, MAP_PRIVATE));
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	if (a3 != MAP_FAILED)
		a3[PG] = 'V';
	check(a3 != MAP_FAILED && a2[PG] == 'V' && ds.shm_nattch == 2,
	      "a SysV shared memory attachment moved still shares the segment, still one attachment (shm_nattch %lu)",
	      (unsigned long)ds.shm_nattch);
	int dt = a3 != MAP_FAILED ? shmdt(a3) : -1;
	shmctl(id, IPC_STAT, &ds);
	check(dt == 0 && ds.shm_nattch == 1, "shmdt at its new address detaches it (shm_nattch %lu)",
	      (unsigned long)ds.shm_nattch);
	shmdt(a2);
	shmctl(id, IPC_RMID, NULL);

	/* realloc of large blocks (mmapped by malloc, grown by mremap) keeps the bytes */
	size_t n = 1 << 20;
	unsigned char *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (unsigned char)(i * 13);
	int same = 1;
	for (int step = 0; step < 4 && big; step++) {
		big = realloc(big, n * (2 + step));
		for (size_t i = 0; big && i < n; i += 997)
			same &= big[i] == (unsigned char)(i * 13);
	}
	check(big && same, "realloc of a 1 MiB block to 2, 3, 4 and 5 MiB keeps its bytes");
	free(big);

	errors();
	return done();
}
