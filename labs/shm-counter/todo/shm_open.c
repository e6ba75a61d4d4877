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
