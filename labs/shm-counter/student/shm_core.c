/* shm-counter lab skeleton of ipc/shm_core.c (reference blob d632c9299f4f404550644dc365d6db48fa647369), made by
 * scripts/lab-skeleton: the bodies of shm_open, shm_close, shm_may_destroy, do_shm_rmid are TODO blocks for you to
 * write; everything else is the reference kernel's. Check it on the host first with `make test-core LAB=shm-
 * counter IMPL=student` (under a second), then build and grade it with `make grade LAB=shm-counter IMPL=student`. */
/* ipc/shm_core.c: the life of a System V shared memory segment, after Linux's ipc/shm.c (shm_open, shm_close,
 * shm_may_destroy, do_shm_rmid): shm_nattch counts the attachments, IPC_RMID of an attached segment only marks
 * it (SHM_DEST), and the last detach of a marked one destroys it. The system calls around them (finding the
 * segment, mapping and unmapping it, freeing its pages) are in ipc/shm.c.
 *
 * Every function is called with the segments' lock held, and uses nothing of the kernel but lists, current and
 * the clock, so this file also builds on the host, where tests/unit/test_shm_core.c checks it (and a student's
 * version of it). */
#include "ipc/shm.h"
#include "kernel/proc.h"
#include "kernel/time.h"

void shm_open(struct shmid_kernel *shp, struct shm_attach *a)
{
	/* TODO(shm-counter lab): a is a new attachment of segment shp, its base and pid already filled: shmat made
	 * it, or fork copied one of the parent's (the child is attached too), or munmap/mprotect split one in two.
	 *
	 * What it must guarantee (shmat(2), shmctl(2) "shm_nattch"; Linux's shm_open; the handout's "Attachments
	 * and deferred destruction"):
	 *  - shm_nattch counts the attachments that exist: every one that ipc/shm.c will later close with
	 *    shm_close is counted here once.
	 *  - a points at shp (a->shp) and is on shp->attaches, after the ones made before it (the tracer draws them
	 *    in that order).
	 *  - shm_atime is now (ktime_get_real_seconds) and shm_lpid the current process (current->tgid).
	 * The caller holds the segments' lock. */
}

bool shm_may_destroy(const struct shmid_kernel *shp)
{
	/* TODO(shm-counter lab): must shp be destroyed now? (Linux's shm_may_destroy; shmctl(2) IPC_RMID: "The
	 * segment will actually be destroyed only after the last process detaches it".) True exactly when IPC_RMID
	 * marked it (SHM_DEST in shp->shm_perm.mode) and no attachment is left. */
	return false;
}

bool shm_close(struct shm_attach *a)
{
	/* TODO(shm-counter lab): attachment a goes away: shmdt, munmap of it, or its process's exit or exec. Return
	 * true when its segment must be destroyed now (the caller frees a, then the segment).
	 *
	 * What it must guarantee (shmdt(2), shmctl(2); Linux's shm_close; the handout's "Attachments and deferred
	 * destruction"):
	 *  - a leaves a->shp->attaches and is no longer counted in shm_nattch. Exit and exec detach through here
	 *    too: a count that is not given back keeps a removed segment (and its memory) for ever.
	 *  - shm_dtime is now (ktime_get_real_seconds) and shm_lpid the current process (current->tgid).
	 *  - The segment is destroyed only when shm_may_destroy says so: a segment nobody removed outlives its last
	 *    detach (another process may attach it later).
	 * The caller holds the segments' lock. */
	return false;
}

bool do_shm_rmid(struct shmid_kernel *shp)
{
	/* TODO(shm-counter lab): shmctl(IPC_RMID) of shp, permission already checked. Return true when it must be
	 * destroyed at once (the caller does it), false when the last detach will.
	 *
	 * What it must guarantee (shmctl(2) IPC_RMID; Linux's do_shm_rmid; the handout's "Attachments and deferred
	 * destruction"):
	 *  - A segment that is still attached is not destroyed: the processes attached go on using its memory,
	 *    IPC_STAT shows it with SHM_DEST in its mode, and it is destroyed after the last detach (shm_close).
	 *  - It is marked SHM_DEST (shp->shm_perm.mode) and its key becomes IPC_PRIVATE: a shmget with the old key
	 *    no longer finds it (it creates a new segment, or fails with ENOENT without IPC_CREAT).
	 *  - With nothing attached it goes at once.
	 * The caller holds the segments' lock. */
	return false;
}
