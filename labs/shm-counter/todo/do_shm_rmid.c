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
