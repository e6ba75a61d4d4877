	/* TODO(semaphores lab): sma's values just changed (a V, an undo at exit, SETVAL...): complete every waiting
	 * semop that can now proceed, on its sleeper's behalf.
	 *
	 * The rules (Linux's update_queue / do_smart_update; seed 001, slide 15: after the operation, update_queue):
	 *  - The waiters are struct sem_queue entries on two lists, in arrival order: sma->pending_const (they only
	 *    wait for zeros) and sma->pending_alter (they change values). Walk them with list_for_each_safe
	 *    (complete() takes the entry off its list) and list_entry(pos, struct sem_queue, list).
	 *  - Try each with perform_atomic_semop(sma, q): 1 means it still cannot proceed, leave it queued; 0 (done) or
	 *    an error (-EAGAIN, -ERANGE): complete(q, r, woken, nwoken) records the result for the sleeper, adds its
	 *    pid to woken[] (the trace's sem.wake) and wakes it.
	 *  - Zero-waiters first, then the altering ones. When an altering waiter succeeded, the values changed again:
	 *    start over from the beginning (a waiter skipped earlier may proceed now).
	 *  - Return true when at least one waiter's operations were done (result 0).
	 *
	 * Without this, a P that had to wait sleeps for ever: the bounded buffer's producer after the consumer's
	 * V(empty), B after A's exit undid its P (`undo` scenario). The caller holds sem_ids.lock. */
	return false;
