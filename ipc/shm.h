/* ipc/shm.h: System V shared memory's data structures (ipc/shm.c), after Linux's ipc/shm.c. */
#ifndef IPC_SHM_H
#define IPC_SHM_H
#include "ipc/util.h"
#include "kernel/list.h"

#define SHM_DEST 01000 /* mode bit: IPC_RMID was done; destroyed at the last detach */

/* struct shmid_kernel: a segment. pages: npages kernel addresses, NULL until first touched; rss: how many are
 * not NULL. attaches: struct shm_attach, one per attachment vma (shm_nattch of them), in attach order. */
struct shmid_kernel {
	struct kern_ipc_perm shm_perm; /* first: ipc/util.c handles it */
	u64 shm_segsz;
	s64 shm_atim, shm_dtim, shm_ctim;
	int shm_cprid, shm_lprid;
	u64 shm_nattch;
	size_t npages, rss;
	void **pages;
	struct list_head attaches;
};

/* struct shm_attach: one attachment vma. base: the address shmat returned (page i of the segment is at
 * base + i * PAGE_SIZE, also in a piece split off the vma); pid: the process it belongs to. */
struct shm_attach {
	struct list_head link;
	struct shmid_kernel *shp;
	u64 base;
	int pid;
};
#endif
