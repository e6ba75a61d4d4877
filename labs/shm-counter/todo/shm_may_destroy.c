	/* TODO(shm-counter lab): must shp be destroyed now? (Linux's shm_may_destroy; shmctl(2) IPC_RMID: "The
	 * segment will actually be destroyed only after the last process detaches it".) True exactly when IPC_RMID
	 * marked it (SHM_DEST in shp->shm_perm.mode) and no attachment is left. */
	return false;
