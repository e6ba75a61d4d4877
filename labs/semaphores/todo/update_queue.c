	/* TODO(semaphores lab): sma's values just changed (a V, an undo at exit, SETVAL...): finish every waiting
	 * semop that can now proceed, on its sleeper's behalf, and return true when at least one did (result 0).
	 *
	 * What it must guarantee (semop(2); Linux's update_queue; the handout's "Who wakes a waiting semop"):
	 *  - The waiters are struct sem_queue entries on sma->pending_const (they only wait for zeros) and
	 *    sma->pending_alter (they change values), each in arrival order.
	 *  - A waiter whose operations can be performed now (perform_atomic_semop returns 0) has them performed, leaves
	 *    its list and is woken with that result: wake_waiter(q, result) above does both. One whose operations now
	 *    fail (a negative result) leaves and is woken with it. One that still cannot proceed stays.
	 *  - Every waiter that can proceed does, even if it is not the first, and even if it became possible only
	 *    because another waiter's operations were performed in this same call: a waiter's V can let the ones
	 *    before it through.
	 *  - Wait-for-zero waiters are tried before the altering ones (Linux's order).
	 * Without this, a P that had to wait sleeps for ever. The caller holds the set's lock. */
	return false;
