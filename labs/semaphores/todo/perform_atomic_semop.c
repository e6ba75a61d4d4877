	/* TODO(semaphores lab): try q's operations, q->sops[0..q->nsops-1], on the set sma: all of them or none.
	 *
	 * What it must guarantee (semop(2); the handout's "What semop means"):
	 *  - Each operation struct sembuf *sop acts on sma->sems[sop->sem_num]: sem_op > 0 adds to semval;
	 *    sem_op < 0 subtracts, but only when semval stays >= 0; sem_op == 0 needs semval == 0.
	 *  - All or nothing: when one operation cannot proceed, every change of the operations before it is undone,
	 *    so the set is exactly as before. Then record which operation could not proceed in q->blocking (GETNCNT
	 *    and GETZCNT count the waiter by it) and return 1 (the caller sleeps) or -EAGAIN when that operation has
	 *    IPC_NOWAIT in its sem_flg.
	 *  - A semval above SEMVMX is -ERANGE, also all or nothing.
	 *  - SEM_UNDO in sem_flg: the opposite of the operation goes into q->undo->semadj[sem_num] (semadj -= sem_op);
	 *    an adjustment outside -(SEMAEM+1)..SEMAEM is -ERANGE. Undone with the rest.
	 *  - When all proceeded: every semaphore touched gets sempid = q->pid; return 0.
	 * Atomicity is what makes a philosopher's two-fork semop safe (the `atomic` scenario). The caller holds the
	 * set's lock: never sleep here. */
	return -ENOSYS;
