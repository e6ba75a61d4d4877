/* kernel/shmem.h: the memory behind shared anonymous mappings (kernel/shmem.c): mmap(MAP_SHARED | MAP_ANONYMOUS),
 * which a process shares with the children it forks afterwards (mmap(2); Linux gives such a mapping an unnamed
 * file in its shmem filesystem, mm/shmem.c shmem_zero_setup). */
#ifndef KERNEL_SHMEM_H
#define KERNEL_SHMEM_H
#include "kernel/types.h"

/* struct shmem: npages pages, each allocated zeroed on first touch (NULL until then) and shared by every vma
 * that maps it: the mapping, the pieces munmap or mprotect of a part leave, and the copies fork makes, each
 * holding a reference (refs). The last reference frees the pages. */
struct shmem {
	int id; /* its number, unique while the system runs: the trace names it by it (shmem.create, map.*) */
	int refs;
	u64 npages;
	void **pages;
};

/* shmem_create: npages of shared memory (none allocated yet), one reference; NULL when out of memory. */
struct shmem *shmem_create(u64 npages);
/* shmem_get / shmem_put: one reference more / less; the last put frees the pages. shmem_get returns s. */
struct shmem *shmem_get(struct shmem *s);
void shmem_put(struct shmem *s);
/* shmem_page: the kernel address of page index of s, allocated zeroed on first touch (then *made is set true,
 * else false: the touch of the first process to use the page); NULL past the end or when out of memory. */
void *shmem_page(struct shmem *s, u64 index, bool *made);
/* shmem_live: objects that exist (for the leak report at halt). */
int shmem_live(void);
#endif
