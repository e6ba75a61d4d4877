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
