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
	a->shp = shp;
	list_add_tail(&a->link, &shp->attaches);
	shp->shm_nattch++;
	shp->shm_atim = ktime_get_real_seconds();
	shp->shm_lprid = current->tgid;
}

bool shm_may_destroy(const struct shmid_kernel *shp)
{
	return shp->shm_nattch == 0 && (shp->shm_perm.mode & SHM_DEST);
}

bool shm_close(struct shm_attach *a)
{
	struct shmid_kernel *shp = a->shp;
	list_del(&a->link);
	shp->shm_nattch--;
	shp->shm_dtim = ktime_get_real_seconds();
	shp->shm_lprid = current->tgid;
	return shm_may_destroy(shp);
}

bool do_shm_rmid(struct shmid_kernel *shp)
{
	shp->shm_perm.mode |= SHM_DEST;
	shp->shm_perm.key = IPC_PRIVATE; /* a new shmget with the key no longer finds it */
	return shp->shm_nattch == 0;
}
