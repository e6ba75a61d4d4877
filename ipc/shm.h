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

/* ---- ipc/shm_core.c: attach, detach and destroy (the shm-counter lab's implementation track). Each is called
 * with the segments' lock held; the caller allocates and frees the struct shm_attach and frees the segment. ---- */

/* shm_open: a new attachment a (a->base and a->pid filled) of shp: shmat, a fork copying an attachment, or a
 * split of one (munmap or mprotect of part). Links a into shp->attaches and counts it in shm_nattch; records the
 * time (shm_atime) and the current process (shm_lpid) (shmat(2); Linux's shm_open). */
void shm_open(struct shmid_kernel *shp, struct shm_attach *a);
/* shm_close: attachment a goes away: shmdt, munmap, exit or exec. Unlinks a and uncounts it; records shm_dtime
 * and shm_lpid. Returns true when its segment must now be destroyed: shm_may_destroy (shmdt(2); Linux's
 * shm_close). */
bool shm_close(struct shm_attach *a);
/* shm_may_destroy: shp is to be destroyed now: IPC_RMID marked it (SHM_DEST) and no attachment is left. */
bool shm_may_destroy(const struct shmid_kernel *shp);
/* do_shm_rmid: IPC_RMID of shp: marks it SHM_DEST and makes its key IPC_PRIVATE (a shmget with the key creates
 * a new segment); returns true when it must be destroyed at once (nothing attached), false when the last
 * shm_close will (shmctl(2) IPC_RMID; Linux's do_shm_rmid). */
bool do_shm_rmid(struct shmid_kernel *shp);
#endif
