/* ipc/sem_core.c: what a semop means, after Linux's ipc/sem.c (perform_atomic_semop_slow, update_queue,
 * count_semncnt): the all-or-nothing application of a semop's operations, and the retry of the waiting ones
 * after every change. The system calls around it (locking, copying, sleeping) are in ipc/sem.c.
 * This file uses nothing of the kernel but lists and complete(), so it also builds on the host, where
 * tests/unit/test_sem_core.c checks it (and a student's version of it) in well under a second. */
#include "ipc/sem.h"
#include "kernel/errno.h"

int perform_atomic_semop(struct sem_array *sma, struct sem_queue *q)
{
	struct sembuf *sops = q->sops;
	int i, result;
	for (i = 0; i < q->nsops; i++) {
		struct sembuf *sop = &sops[i];
		struct sem *curr = &sma->sems[sop->sem_num];
		int sem_op = sop->sem_op;
		result = curr->semval;
		if (!sem_op && result)
			goto would_block;
		result += sem_op;
		if (result < 0)
			goto would_block;
		if (result > SEMVMX)
			goto out_of_range;
		if (sop->sem_flg & SEM_UNDO) {
			int undo = q->undo->semadj[sop->sem_num] - sem_op;
			if (undo < (-SEMAEM - 1) || undo > SEMAEM)
				goto out_of_range;
			q->undo->semadj[sop->sem_num] = (short)undo;
		}
		curr->semval = result;
	}
	for (i = 0; i < q->nsops; i++)
		sma->sems[sops[i].sem_num].sempid = q->pid;
	return 0;

out_of_range:
	result = -ERANGE;
	goto undo;
would_block:
	q->blocking = i;
	result = (sops[i].sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
undo:
	while (--i >= 0) {
		sma->sems[sops[i].sem_num].semval -= sops[i].sem_op;
		if (sops[i].sem_flg & SEM_UNDO)
			q->undo->semadj[sops[i].sem_num] += sops[i].sem_op;
	}
	return result;
}

/* wake_waiter: q is finished with result: off its list, its sleeper woken with it. */
static void wake_waiter(struct sem_queue *q, int result)
{
	list_del(&q->list);
	complete(&q->done, result);
}

bool update_queue(struct sem_array *sma)
{
	bool done = false;
	struct list_head *pos, *n;
again:
	list_for_each_safe(pos, n, &sma->pending_const) {
		struct sem_queue *q = list_entry(pos, struct sem_queue, list);
		int r = perform_atomic_semop(sma, q);
		if (r > 0)
			continue;
		wake_waiter(q, r);
		done |= r == 0;
	}
	list_for_each_safe(pos, n, &sma->pending_alter) {
		struct sem_queue *q = list_entry(pos, struct sem_queue, list);
		int r = perform_atomic_semop(sma, q);
		if (r > 0)
			continue;
		wake_waiter(q, r);
		if (r == 0) {
			done = true;
			goto again;
		}
	}
	return done;
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
