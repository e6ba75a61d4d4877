/* semaphores lab skeleton of ipc/sem_core.c (reference blob 980b045e7b987d7ac018d41df5cc0c37483d8e03), made by
 * scripts/lab-skeleton: the bodies of perform_atomic_semop, update_queue are TODO blocks for you to write;
 * everything else is the reference kernel's. Check it on the host first with `make test-core LAB=semaphores
 * IMPL=student` (under a second), then build and grade it with `make grade LAB=semaphores IMPL=student`. */
/* ipc/sem_core.c: what a semop means, after Linux's ipc/sem.c (perform_atomic_semop_slow, update_queue,
 * count_semncnt): the all-or-nothing application of a semop's operations, and the retry of the waiting ones
 * after every change. The system calls around it (locking, copying, sleeping) are in ipc/sem.c.
 * This file uses nothing of the kernel but lists and complete(), so it also builds on the host, where
 * tests/unit/test_sem_core.c checks it (and a student's version of it) in well under a second. */
#include "ipc/sem.h"
#include "kernel/errno.h"

int perform_atomic_semop(struct sem_array *sma, struct sem_queue *q)
{
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
}

/* wake_waiter: q is finished with result: off its list, its sleeper woken with it. */
static void wake_waiter(struct sem_queue *q, int result)
{
	list_del(&q->list);
	complete(&q->done, result);
}

bool update_queue(struct sem_array *sma)
{
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
}

int count_semcnt(const struct sem_array *sma, int semnum, bool zero)
{
	int n = 0;
	const struct list_head *lists[2] = { &sma->pending_alter, &sma->pending_const };
	struct list_head *pos;
	for (int l = 0; l < 2; l++)
		list_for_each(pos, lists[l]) {
			struct sem_queue *q = list_entry(pos, struct sem_queue, list);
			struct sembuf *b = &q->sops[q->blocking];
			if (b->sem_num == semnum && (zero ? b->sem_op == 0 : b->sem_op < 0))
				n++;
		}
	return n;
}
