	/* TODO(semaphores lab): try q's operations, q->sops[0..q->nsops-1], on the set sma: all of them or none.
	 *
	 * The rules (semop(2); Linux 2.4's try_atomic_semop in seed 001, slides 14-15; the handbook's sem_wait and
	 * sem_signal in seed 000, 29.2, are the one-operation case):
	 *  - Go through the operations in order. For struct sembuf *sop, the semaphore is sma->sems[sop->sem_num]:
	 *      sem_op > 0   add it (V);
	 *      sem_op < 0   subtract it (P), but only if the value stays >= 0;
	 *      sem_op == 0  wait for zero: proceed only if the value is 0.
	 *    A value above SEMVMX is -ERANGE. With SEM_UNDO in sop->sem_flg, also record the opposite in
	 *    q->undo->semadj[sop->sem_num] (semadj -= sem_op), -ERANGE if it would leave -(SEMAEM+1)..SEMAEM.
	 *  - When operation i cannot proceed: UNDO operations 0..i-1 (values and semadj) so that nothing changed,
	 *    set q->blocking = i (the trace's ncnt/zcnt and GETNCNT/GETZCNT count the waiter by that operation) and
	 *    return -EAGAIN if that operation has IPC_NOWAIT, else 1 (the caller queues q and sleeps).
	 *    On -ERANGE undo in the same way.
	 *  - When all proceeded: set sempid = q->pid for every semaphore touched, return 0.
	 *
	 * Atomicity is what makes the philosophers' two-fork semop safe (the `atomic` scenario): a philosopher whose
	 * second fork is taken must not keep the first. The caller holds sem_ids.lock; never sleep here. */
	return -ENOSYS;
