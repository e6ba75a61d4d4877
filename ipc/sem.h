/* ipc/sem.h: System V semaphores (ipc/sem.c: the system calls; ipc/sem_core.c: what semop means), after Linux's
 * ipc/sem.c and include/uapi/linux/sem.h.
 *
 * A set (struct sem_array) holds nsems semaphores, each a semval (0..SEMVMX) and the pid of the last process
 * that changed it (sempid). A semop that cannot complete at once queues a struct sem_queue carrying its
 * operations on the set (pending_alter when it changes values, pending_const when it only waits for zeros) and
 * waits on the queue entry's completion; whoever changes the set later retries the queued operations
 * (update_queue) and completes them on the sleeper's behalf. */
#ifndef IPC_SEM_H
#define IPC_SEM_H
#include "ipc/util.h"
#include "kernel/list.h"
#include "kernel/sched.h"

/* Limits: Linux 6.1's defaults (include/uapi/linux/sem.h), as IPC_INFO reports them. */
#define SEMMNI 32000
#define SEMMSL 32000
#define SEMMNS (SEMMNI * SEMMSL)
#define SEMOPM 500
#define SEMVMX 32767 /* the largest semval */
#define SEMAEM SEMVMX /* the largest adjustment */
#define SEMUME SEMOPM
#define SEMMNU SEMMNS
#define SEMMAP SEMMNS
#define SEMUSZ 20

#define SEM_UNDO 0x1000 /* sem_flg: undo the operation when the process exits */

/* struct sembuf: one operation, as the user passes it (semop(2)): sem_op > 0 adds, < 0 waits until it can
 * subtract, 0 waits for zero; sem_flg IPC_NOWAIT, SEM_UNDO. */
struct sembuf {
	u16 sem_num;
	int16_t sem_op;
	int16_t sem_flg;
};

/* struct sem: one semaphore. */
struct sem {
	int semval;
	int sempid;
};

/* struct sem_array: a set. pending_alter: waiters whose operations change values; pending_const: waiters
 * that only wait for zeros; both in arrival order. list_id: the sem_undo structures for this set. */
struct sem_array {
	struct kern_ipc_perm sem_perm; /* first: ipc/util.c handles it */
	s64 sem_otime, sem_ctime;
	int sem_nsems;
	struct list_head pending_alter;
	struct list_head pending_const;
	struct list_head list_id;
	struct sem *sems;
};

/* struct sem_undo: one process's adjustments (semadj, one per semaphore) for one set. list_proc: on the list
 * of all of them; list_id: on the set's list_id. */
struct sem_undo {
	struct list_head list_proc;
	struct list_head list_id;
	int pid;
	int semid;
	int nsems;
	short *semadj;
};

/* struct sem_queue: a sleeping semop, on its set's pending_alter or pending_const list. blocking: the index of
 * the operation that could not proceed (GETNCNT/GETZCNT count the waiter by it). done: completed by whoever
 * performed the operations on its behalf (result 0) or made them fail (-EIDRM, -ERANGE...). */
struct sem_queue {
	struct list_head list;
	int pid;
	struct sembuf *sops;
	int nsops;
	struct sem_undo *undo;
	bool alter;
	int blocking;
	struct completion done;
};

/* perform_atomic_semop: try q's operations on sma (Linux perform_atomic_semop_slow): all of them, in order,
 * or none. Returns 0 when done (sempid set for each), 1 when the caller must wait (q->blocking says on
 * which), -EAGAIN when that operation has IPC_NOWAIT, -ERANGE when a value would pass SEMVMX or an
 * adjustment would leave -(SEMAEM+1)..SEMAEM. (ipc/sem_core.c) */
int perform_atomic_semop(struct sem_array *sma, struct sem_queue *q);
/* update_queue: after sma changed, complete every waiter that can now proceed (Linux update_queue and
 * do_smart_update): wait-for-zero waiters first, then the altering ones in arrival order; after an altering one
 * succeeds, start again, since it changed the values. A waiter whose operations fail (-ERANGE) is completed
 * with the error. Returns true when some operation completed successfully. (ipc/sem_core.c) */
bool update_queue(struct sem_array *sma);
/* count_semcnt: waiters whose blocking operation is on semnum: decrements (semncnt) or waits for zero
 * (semzcnt, when zero). Linux counts a waiter only for the operation it blocks on (SUS). (ipc/sem_core.c) */
int count_semcnt(const struct sem_array *sma, int semnum, bool zero);
#endif
