/* mem_shared: mmap(MAP_SHARED | MAP_ANONYMOUS) memory is shared with the children forked afterwards (mmap(2)): a
 * store of either is seen by the other, on pages touched before the fork and on pages first touched after it, in
 * a piece left by munmap of part of the mapping and after mprotect of a part; MAP_PRIVATE memory is copied. */
#include "conf.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096

static void run_child(void (*fn)(char *), char *p)
{
	pid_t c = fork();
	if (c == 0) {
		fn(p);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
}

static void store(char *p)
{
	p[0] = 'c';        /* a page the parent touched before the fork */
	p[PG + 7] = 'd';   /* a page nobody touched yet */
}

static void store_last(char *p) { p[3 * PG] = 'z'; }

static void unmap_middle_then_store(char *p)
{
	munmap(p + PG, PG);    /* the child's own mapping splits; the memory stays shared */
	p[2 * PG] = 'u';
	p[3 * PG + 1] = 'v';
}

static void store_first(char *p) { p[0] = 'c'; }

static void protect_then_store(char *p)
{
	mprotect(p + 2 * PG, PG, PROT_READ); /* a part read-only: the rest still writable and shared */
	p[3 * PG + 2] = 'w';
}

int main(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	check(p != MAP_FAILED, "mmap MAP_SHARED | MAP_ANONYMOUS");
	p[0] = 'a';
	check(p[PG + 7] == 0 && p[3 * PG] == 0, "new shared memory reads as zeros");
	run_child(store, p);
	check(p[0] == 'c', "the child's store to a page touched before the fork is seen by the parent");
	check(p[PG + 7] == 'd', "and to a page first touched in the child");
	p[3 * PG] = 'x';
	run_child(store_last, p);
	check(p[3 * PG] == 'z', "the parent's store was the child's to overwrite");
	run_child(unmap_middle_then_store, p);
	check(p[2 * PG] == 'u' && p[3 * PG + 1] == 'v', "after the child unmapped a middle page, both pieces still share");
	check(p[PG + 7] == 'd', "the parent's mapping of that page is untouched");
	run_child(protect_then_store, p);
	check(p[3 * PG + 2] == 'w', "after mprotect of a part, the rest is still shared");

	char *q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q[0] = 'a';
	run_child(store_first, q);
	check(q[0] == 'a', "MAP_PRIVATE: the child's store is its own copy's");
	check(munmap(p, 4 * PG) == 0 && munmap(q, PG) == 0, "munmap");
	return done();
}
