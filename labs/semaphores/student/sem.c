/* semaphores lab skeleton of ipc/sem.c (reference blob dd3a062dcf6683e54894289125177d8304494cd9), made by
 * scripts/lab-skeleton: the bodies of perform_atomic_semop, update_queue are TODO blocks for you to write;
 * everything else is the reference kernel's. Build and grade it with `make grade LAB=semaphores IMPL=student`. */
/* ipc/sem.c: System V semaphores, semget(2), semop(2), semtimedop(2), semctl(2), after Linux's ipc/sem.c.
 *
 * A set (struct sem_array) holds nsems semaphores, each a semval (0..SEMVMX) and the pid of the last process
 * that changed it (sempid). semop applies all its operations or none: perform_atomic_semop applies them in
 * order and rolls back when one would block or go out of range. A caller that must wait queues a struct
 * sem_queue carrying its operations and sleeps on the queue entry's own wait queue; whoever changes the set
 * later retries the queued operations (update_queue: wait-for-zero ones first, then the others in arrival
 * order, FIFO per semaphore as Linux) and completes them on the sleeper's behalf, so a woken sleeper finds its
 * operations already done (q->status). IPC_RMID completes every waiter with EIDRM.
 *
 * SEM_UNDO: a struct sem_undo per (process, set) keeps semadj, minus the sum of the process's SEM_UNDO
 * operations; exit_sem adds it back when the process exits. SETVAL/SETALL clear the adjustments of what they
 * set; IPC_RMID frees the undo structures of the set. */
#include "ipc/sysv.h"
#include "ipc/util.h"
#include "kernel/errno.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/uaccess.h"

/* Limits: Linux 6.1's defaults (include/uapi/linux/sem.h), as IPC_INFO reports them. */
#define SEMMNI 32000
#define SEMMSL 32000
#define SEMMNS (SEMMNI * SEMMSL)
#define SEMOPM 500
#define SEMVMX 32767
#define SEMAEM SEMVMX
#define SEMUME SEMOPM
#define SEMMNU SEMMNS
#define SEMMAP SEMMNS
#define SEMUSZ 20

/* semop flags and semctl commands (Linux include/uapi/linux/sem.h) */
#define SEM_UNDO 0x1000
#define GETPID 11
#define GETVAL 12
#define GETALL 13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL 16
#define SETALL 17
#define SEM_STAT 18
#define SEM_INFO 19
#define SEM_STAT_ANY 20

#define TRACE_SEMS_MAX 64 /* semaphores listed in a trace event's "sems" */

/* struct sembuf: one operation (user layout). */
struct sembuf {
	u16 sem_num;
	int16_t sem_op;
	int16_t sem_flg;
};

/* struct semid64_ds: IPC_STAT's answer (Linux arm64, asm-generic/sembuf.h). */
struct semid64_ds {
	struct ipc64_perm sem_perm;
	s64 sem_otime, sem_ctime;
	u64 sem_nsems;
	u64 __unused3, __unused4;
};

/* struct seminfo: IPC_INFO/SEM_INFO's answer. */
struct seminfo {
	int semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
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

/* struct sem_undo: one process's adjustments for one set. list_proc: on undo_list (all of them);
 * list_id: on the set's list_id. */
struct sem_undo {
	struct list_head list_proc;
	struct list_head list_id;
	int pid;
	int semid;
	int nsems;
	short *semadj;
};

/* struct sem_queue: a sleeping semop. status: 1 while pending, else the result the sleeper returns.
 * blocking: index of the operation that could not proceed (GETNCNT/GETZCNT count by it). */
struct sem_queue {
	struct list_head list;
	int pid;
	struct sembuf *sops;
	int nsops;
	struct sem_undo *undo;
	bool alter;
	int blocking;
	int status;
	struct wait_queue wq;
	char wchan[24];
};

static struct ipc_ids sem_ids = IPC_IDS_INIT("sem");
static struct list_head undo_list = LIST_HEAD_INIT(undo_list);
static int used_sems; /* semaphores in all sets (SEM_INFO's semaem) */

int sem_sets_live(void) { return sem_ids.in_use; }

static struct sem_array *sem_obtain(int semid)
{
	return (struct sem_array *)ipc_obtain_check(&sem_ids, semid);
}

/* ---- trace ---- */

static void trace_sems(struct jw *w, struct sem_array *sma)
{
	int n = MIN(sma->sem_nsems, TRACE_SEMS_MAX);
	jw_arr_begin(w, "sems");
	for (int i = 0; i < n; i++) {
		jw_obj_begin(w, NULL);
		jw_int(w, "val", sma->sems[i].semval);
		jw_int(w, "pid", sma->sems[i].sempid);
		for (int zero = 0; zero < 2; zero++) {
			jw_arr_begin(w, zero ? "zcnt" : "ncnt");
			struct list_head *l = zero ? &sma->pending_const : &sma->pending_alter, *pos;
			for (int pass = 0; pass < 2; pass++) {
				list_for_each(pos, l) {
					struct sem_queue *q = list_entry(pos, struct sem_queue, list);
					struct sembuf *b = &q->sops[q->blocking];
					if (b->sem_num == i && (zero ? b->sem_op == 0 : b->sem_op < 0))
						jw_int(w, NULL, q->pid);
				}
				if (!zero)
					break;
				l = &sma->pending_alter; /* a complex waiter may block on a zero in pending_alter */
			}
			jw_arr_end(w);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if (sma->sem_nsems > n)
		jw_int(w, "sems_more", sma->sem_nsems - n);
}

static void trace_sops(struct jw *w, struct sembuf *sops, int nsops)
{
	jw_arr_begin(w, "sops");
	for (int i = 0; i < nsops && i < 32; i++) {
		jw_arr_begin(w, NULL);
		jw_int(w, NULL, sops[i].sem_num);
		jw_int(w, NULL, sops[i].sem_op);
		jw_int(w, NULL, sops[i].sem_flg);
		jw_arr_end(w);
	}
	jw_arr_end(w);
}

static void trace_pids(struct jw *w, const char *key, int *pids, int n)
{
	jw_arr_begin(w, key);
	for (int i = 0; i < n; i++)
		jw_int(w, NULL, pids[i]);
	jw_arr_end(w);
}

/* ---- the operations ---- */

/* perform_atomic_semop: try q's operations on sma (Linux perform_atomic_semop_slow): all of them, in order,
 * or none. Returns 0 when done (sempid set for each), 1 when the caller must wait (q->blocking says on
 * which), -EAGAIN when that operation has IPC_NOWAIT, -ERANGE when a value would pass SEMVMX or an
 * adjustment would leave -(SEMAEM+1)..SEMAEM. */
static int perform_atomic_semop(struct sem_array *sma, struct sem_queue *q)
{
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
}

/* complete: q is done with result `status`: off the pending list, its sleeper woken. */
static void complete(struct sem_queue *q, int status, int *woken, int *nwoken)
{
	list_del(&q->list);
	q->status = status;
	if (*nwoken < 64)
		woken[(*nwoken)++] = q->pid;
	wake_up(&q->wq, NULL, 0);
}

/* update_queue: after sma changed, complete every waiter that can now proceed (Linux do_smart_update):
 * wait-for-zero waiters first, then the altering ones in arrival order; after an altering one succeeds,
 * start again, since it changed the values. Returns true when some operation completed successfully. */
static bool update_queue(struct sem_array *sma, int *woken, int *nwoken)
{
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
}

/* smart_update: update_queue, then the trace's sem.wake when someone was woken; sets sem_otime when an
 * operation completed. */
static void smart_update(struct sem_array *sma)
{
	int woken[64], nwoken = 0;
	if (update_queue(sma, woken, &nwoken))
		sma->sem_otime = ipc_time();
	if (!nwoken)
		return;
	struct jw *w = trace_begin("sem.wake", current->pid);
	if (w) {
		jw_int(w, "semid", sma->sem_perm.id);
		trace_pids(w, "woken", woken, nwoken);
		trace_sems(w, sma);
		trace_end(w);
	}
}

/* find_alloc_undo: the current process's undo structure for semid, made when missing (Linux
 * find_alloc_undo). Caller holds the lock. -EINVAL for a bad semid, -ENOMEM. */
static struct sem_undo *find_alloc_undo(int semid, int *err)
{
	struct sem_array *sma = sem_obtain(semid);
	if (!sma) {
		*err = -EINVAL;
		return NULL;
	}
	struct list_head *pos;
	list_for_each(pos, &undo_list) {
		struct sem_undo *un = list_entry(pos, struct sem_undo, list_proc);
		if (un->pid == current->pid && un->semid == semid)
			return un;
	}
	struct sem_undo *un = kmalloc(sizeof *un);
	short *adj = un ? ipc_alloc(sma->sem_nsems * sizeof(short)) : NULL;
	if (!adj) {
		kfree(un);
		*err = -ENOMEM;
		return NULL;
	}
	un->pid = current->pid;
	un->semid = semid;
	un->nsems = sma->sem_nsems;
	un->semadj = adj;
	list_add_tail(&un->list_proc, &undo_list);
	list_add_tail(&un->list_id, &sma->list_id);
	return un;
}

static void free_undo(struct sem_undo *un)
{
	list_del(&un->list_proc);
	list_del(&un->list_id);
	ipc_free(un->semadj, un->nsems * sizeof(short));
	kfree(un);
}

/* ---- semget ---- */

static int newary(struct ipc_params *params)
{
	int nsems = (int)params->arg;
	if (!nsems)
		return -EINVAL;
	if (used_sems + nsems > SEMMNS)
		return -ENOSPC;
	struct sem_array *sma = kmalloc(sizeof *sma);
	struct sem *sems = sma ? ipc_alloc(nsems * sizeof(struct sem)) : NULL;
	if (!sems) {
		kfree(sma);
		return -ENOMEM;
	}
	sma->sems = sems;
	sma->sem_nsems = nsems;
	list_init(&sma->pending_alter);
	list_init(&sma->pending_const);
	list_init(&sma->list_id);
	sma->sem_ctime = ipc_time();
	int id = ipc_addid(&sem_ids, &sma->sem_perm, params->key, params->flg);
	if (id < 0) {
		ipc_free(sems, nsems * sizeof(struct sem));
		kfree(sma);
		return id;
	}
	used_sems += nsems;
	struct jw *w = trace_begin("sem.create", current->pid);
	if (w) {
		jw_int(w, "semid", id);
		jw_int(w, "key", params->key);
		jw_int(w, "nsems", nsems);
		jw_int(w, "mode", sma->sem_perm.mode);
		trace_sems(w, sma);
		trace_end(w);
	}
	return id;
}

static int sem_more_checks(struct kern_ipc_perm *ipcp, struct ipc_params *params)
{
	return (int)params->arg > ((struct sem_array *)ipcp)->sem_nsems ? -EINVAL : 0;
}

static const struct ipc_ops sem_ops = { newary, sem_more_checks };

/* semget(key, nsems, semflg): -EINVAL for nsems < 0 or > SEMMSL (or 0 when creating, or more than an
 * existing set has), -ENOENT, -EEXIST, -EACCES, -ENOSPC (ipc/util.h ipcget). */
SYSCALL_DEFINE(semget)
{
	int nsems = (int)a1;
	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	struct ipc_params params = { (int)a0, (int)a2, (u64)nsems };
	return ipcget(&sem_ids, &sem_ops, &params);
}

/* ---- semop / semtimedop ---- */

struct timespec_k {
	s64 tv_sec, tv_nsec;
};

/* do_semtimedop: semop with an optional relative timeout (NULL: none). Errors (semop(2)), in
 * Linux's order: -EINVAL (nsops < 1, semid < 0 or not a set), -E2BIG (nsops > SEMOPM), -EFAULT, -EFBIG
 * (sem_num >= nsems), -EACCES, -EAGAIN (IPC_NOWAIT, or the timeout passed), -ERANGE, -EIDRM (removed while
 * waiting), -ENOMEM, -ERESTARTNOHAND (a signal: EINTR). */
static long do_semtimedop(int semid, u64 usops, unsigned nsops, struct timespec_k *timeout)
{
	struct sembuf sops_small[16], *sops = sops_small;
	if ((int)nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > SEMOPM)
		return -E2BIG;
	if (nsops > ARRAY_SIZE(sops_small)) {
		sops = kmalloc(nsops * sizeof *sops);
		if (!sops)
			return -ENOMEM;
	}
	long error;
	struct jw *w;
	if (copy_from_user(sops, usops, nsops * sizeof *sops)) {
		error = -EFAULT;
		goto out_free;
	}
	s64 timeout_ns = -1;
	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000L) {
			error = -EINVAL;
			goto out_free;
		}
		timeout_ns = timeout->tv_sec > 1000000000L ? (s64)1000000000L * 1000000000L
							   : timeout->tv_sec * 1000000000L + timeout->tv_nsec;
	}
	int max = 0;
	bool undos = false, alter = false;
	for (unsigned i = 0; i < nsops; i++) {
		max = MAX(max, sops[i].sem_num);
		if (sops[i].sem_flg & SEM_UNDO)
			undos = true;
		if (sops[i].sem_op != 0)
			alter = true;
	}

	u64 f = spin_lock_irqsave(&sem_ids.lock);
	struct sem_queue q = { .pid = current->pid, .sops = sops, .nsops = (int)nsops, .alter = alter, .status = 1 };
	int err = 0;
	if (undos) {
		q.undo = find_alloc_undo(semid, &err);
		if (!q.undo) {
			error = err;
			goto out_unlock;
		}
	}
	struct sem_array *sma = sem_obtain(semid);
	if (!sma) {
		error = -EINVAL;
		goto out_unlock;
	}
	if (max >= sma->sem_nsems) {
		error = -EFBIG;
		goto out_unlock;
	}
	if (ipcperms(&sma->sem_perm, alter ? S_IWUGO : S_IRUGO)) {
		error = -EACCES;
		goto out_unlock;
	}
	error = perform_atomic_semop(sma, &q);
	if (error == 1 && timeout_ns == 0)
		error = -EAGAIN; /* a zero timeout: it would have to wait, and may not */
	if (error == 0) {
		if (alter)
			smart_update(sma);
		sma->sem_otime = ipc_time();
	}
	if (error <= 0)
		goto out_trace;

	/* Wait: queue the operations; whoever makes them possible completes them and wakes us. */
	wait_queue_init(&q.wq);
	k_snprintf(q.wchan, sizeof q.wchan, "semop %d", semid);
	list_add_tail(&q.list, alter ? &sma->pending_alter : &sma->pending_const);
	w = trace_begin("sem.block", current->pid);
	if (w) {
		jw_int(w, "semid", semid);
		trace_sops(w, sops, (int)nsops);
		trace_sems(w, sma);
		trace_end(w);
	}
	u64 deadline = timeout_ns > 0 ? time_ns() + (u64)timeout_ns : 0;
	for (;;) {
		int r = sleep_on(&q.wq, &sem_ids.lock, q.wchan, deadline);
		if (q.status != 1) {
			error = q.status;
			break;
		}
		if (r == -ERESTARTSYS || r == -ETIMEDOUT) {
			list_del(&q.list);
			error = r == -ETIMEDOUT ? -EAGAIN : -ERESTARTNOHAND;
			break;
		}
	}
	/* The set may be gone (EIDRM): look it up again for the trace. */
	sma = sem_obtain(semid);
	if (!sma)
		goto out_unlock;
out_trace:
	w = trace_begin("sem.op", current->pid);
	if (w) {
		jw_int(w, "semid", semid);
		trace_sops(w, sops, (int)nsops);
		trace_sems(w, sma);
		if (error < 0)
			jw_str(w, "err", errno_name(error == -ERESTARTNOHAND ? EINTR : (int)-error));
		trace_end(w);
	}
out_unlock:
	spin_unlock_irqrestore(&sem_ids.lock, f);
out_free:
	if (sops != sops_small)
		kfree(sops);
	return error;
}

/* semop(semid, sops, nsops) */
SYSCALL_DEFINE(semop) { return do_semtimedop((int)a0, a1, (unsigned)a2, NULL); }

/* semtimedop(semid, sops, nsops, timeout): timeout NULL waits forever; -EFAULT for a bad timeout (checked
 * first, as Linux's ksys_semtimedop), -EINVAL for tv_sec < 0 or tv_nsec outside 0..999999999. */
SYSCALL_DEFINE(semtimedop)
{
	struct timespec_k ts;
	if (!a3)
		return do_semtimedop((int)a0, a1, (unsigned)a2, NULL);
	if (copy_from_user(&ts, a3, sizeof ts))
		return -EFAULT;
	return do_semtimedop((int)a0, a1, (unsigned)a2, &ts);
}

/* ---- exit ---- */

void exit_sem(int pid)
{
	u64 f = spin_lock_irqsave(&sem_ids.lock);
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &undo_list) {
		struct sem_undo *un = list_entry(pos, struct sem_undo, list_proc);
		if (un->pid != pid)
			continue;
		struct sem_array *sma = sem_obtain(un->semid);
		if (sma) {
			bool any = false;
			for (int i = 0; i < sma->sem_nsems; i++) {
				if (!un->semadj[i])
					continue;
				any = true;
				struct sem *s = &sma->sems[i];
				s->semval += un->semadj[i];
				if (s->semval < 0)
					s->semval = 0;
				if (s->semval > SEMVMX)
					s->semval = SEMVMX;
				s->sempid = pid;
			}
			if (any) {
				struct jw *w = trace_begin("sem.undo", pid);
				if (w) {
					jw_int(w, "semid", un->semid);
					jw_arr_begin(w, "adj");
					for (int i = 0; i < sma->sem_nsems && i < TRACE_SEMS_MAX; i++)
						jw_int(w, NULL, un->semadj[i]);
					jw_arr_end(w);
					trace_sems(w, sma);
					trace_end(w);
				}
			}
			free_undo(un);
			smart_update(sma);
		} else {
			free_undo(un);
		}
	}
	spin_unlock_irqrestore(&sem_ids.lock, f);
}

/* ---- semctl ---- */

/* freeary: IPC_RMID: every waiter gets EIDRM, the undo structures go, the set is freed. */
static void freeary(struct sem_array *sma)
{
	int woken[64], nwoken = 0;
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &sma->list_id)
		free_undo(list_entry(pos, struct sem_undo, list_id));
	list_for_each_safe(pos, n, &sma->pending_const)
		complete(list_entry(pos, struct sem_queue, list), -EIDRM, woken, &nwoken);
	list_for_each_safe(pos, n, &sma->pending_alter)
		complete(list_entry(pos, struct sem_queue, list), -EIDRM, woken, &nwoken);
	int id = sma->sem_perm.id;
	ipc_rmid(&sem_ids, &sma->sem_perm);
	used_sems -= sma->sem_nsems;
	struct jw *w = trace_begin("sem.rmid", current->pid);
	if (w) {
		jw_int(w, "semid", id);
		trace_pids(w, "woken", woken, nwoken);
		trace_sems(w, sma);
		trace_end(w);
	}
	ipc_free(sma->sems, sma->sem_nsems * sizeof(struct sem));
	kfree(sma);
}

static void trace_ctl(struct sem_array *sma, const char *cmd)
{
	struct jw *w = trace_begin("sem.ctl", current->pid);
	if (w) {
		jw_int(w, "semid", sma->sem_perm.id);
		jw_str(w, "cmd", cmd);
		trace_sems(w, sma);
		trace_end(w);
	}
}

/* count_semcnt: waiters whose blocking operation is on semnum: decrements (semncnt) or waits for zero
 * (semzcnt). Linux counts a waiter only for the operation it blocks on (SUS). */
static int count_semcnt(struct sem_array *sma, int semnum, bool zero)
{
	int n = 0;
	struct list_head *lists[2] = { &sma->pending_alter, &sma->pending_const }, *pos;
	for (int l = 0; l < 2; l++)
		list_for_each(pos, lists[l]) {
			struct sem_queue *q = list_entry(pos, struct sem_queue, list);
			struct sembuf *b = &q->sops[q->blocking];
			if (b->sem_num == semnum && (zero ? b->sem_op == 0 : b->sem_op < 0))
				n++;
		}
	return n;
}

static long semctl_info(int cmd, u64 ubuf)
{
	struct seminfo si = { SEMMAP, SEMMNI, SEMMNS, SEMMNU, SEMMSL, SEMOPM, SEMUME, SEMUSZ, SEMVMX, SEMAEM };
	u64 f = spin_lock_irqsave(&sem_ids.lock);
	if (cmd == SEM_INFO) {
		si.semusz = sem_ids.in_use;
		si.semaem = used_sems;
	}
	int max = ipc_get_maxidx(&sem_ids);
	spin_unlock_irqrestore(&sem_ids.lock, f);
	return copy_to_user(ubuf, &si, sizeof si) ? -EFAULT : max;
}

static long semctl_stat(int semid, int cmd, u64 ubuf)
{
	struct semid64_ds ds;
	memset(&ds, 0, sizeof ds);
	u64 f = spin_lock_irqsave(&sem_ids.lock);
	struct sem_array *sma = cmd == IPC_STAT ? sem_obtain(semid)
						 : (struct sem_array *)ipc_obtain_idx(&sem_ids, semid);
	long r = 0;
	if (!sma)
		r = -EINVAL;
	else if (cmd != SEM_STAT_ANY && ipcperms(&sma->sem_perm, S_IRUGO))
		r = -EACCES;
	if (!r) {
		kernel_to_ipc64_perm(&sma->sem_perm, &ds.sem_perm);
		ds.sem_otime = sma->sem_otime;
		ds.sem_ctime = sma->sem_ctime;
		ds.sem_nsems = sma->sem_nsems;
		if (cmd != IPC_STAT)
			r = sma->sem_perm.id;
	}
	spin_unlock_irqrestore(&sem_ids.lock, f);
	if (r >= 0 && copy_to_user(ubuf, &ds, sizeof ds))
		return -EFAULT;
	return r;
}

/* semctl_main: GETVAL, GETPID, GETNCNT, GETZCNT, GETALL, SETALL (Linux semctl_main). */
static long semctl_main(int semid, int semnum, int cmd, u64 ubuf)
{
	u16 small[64], *vals = NULL;
	size_t vsize = 0;
	long r;
	u64 f = spin_lock_irqsave(&sem_ids.lock);
	struct sem_array *sma = sem_obtain(semid);
	if (!sma) {
		r = -EINVAL;
		goto out;
	}
	if (ipcperms(&sma->sem_perm, cmd == SETALL ? S_IWUGO : S_IRUGO)) {
		r = -EACCES;
		goto out;
	}
	int nsems = sma->sem_nsems;
	if (cmd == GETALL || cmd == SETALL) {
		vsize = nsems * sizeof(u16);
		vals = vsize <= sizeof small ? small : ipc_alloc(vsize);
		if (!vals) {
			r = -ENOMEM;
			goto out;
		}
	}
	switch (cmd) {
	case GETALL:
		for (int i = 0; i < nsems; i++)
			vals[i] = (u16)sma->sems[i].semval;
		spin_unlock_irqrestore(&sem_ids.lock, f);
		r = copy_to_user(ubuf, vals, vsize) ? -EFAULT : 0;
		goto out_free;
	case SETALL:
		/* Copy in without the lock, then look the set up again (it may be gone: EIDRM, as Linux). */
		spin_unlock_irqrestore(&sem_ids.lock, f);
		if (copy_from_user(vals, ubuf, vsize)) {
			r = -EFAULT;
			goto out_free;
		}
		for (int i = 0; i < nsems; i++)
			if (vals[i] > SEMVMX) {
				r = -ERANGE;
				goto out_free;
			}
		f = spin_lock_irqsave(&sem_ids.lock);
		if (sem_obtain(semid) != sma) {
			r = -EIDRM;
			goto out;
		}
		for (int i = 0; i < nsems; i++) {
			sma->sems[i].semval = vals[i];
			sma->sems[i].sempid = current->pid;
		}
		struct list_head *pos;
		list_for_each(pos, &sma->list_id) {
			struct sem_undo *un = list_entry(pos, struct sem_undo, list_id);
			memset(un->semadj, 0, un->nsems * sizeof(short));
		}
		sma->sem_ctime = ipc_time();
		trace_ctl(sma, "SETALL");
		smart_update(sma);
		r = 0;
		goto out;
	}
	if (semnum < 0 || semnum >= nsems) {
		r = -EINVAL;
		goto out;
	}
	switch (cmd) {
	case GETVAL: r = sma->sems[semnum].semval; break;
	case GETPID: r = sma->sems[semnum].sempid; break;
	case GETNCNT: r = count_semcnt(sma, semnum, false); break;
	default: r = count_semcnt(sma, semnum, true); break;
	}
out:
	spin_unlock_irqrestore(&sem_ids.lock, f);
out_free:
	if (vals && vals != small)
		ipc_free(vals, vsize);
	return r;
}

/* semctl_setval: SETVAL: -ERANGE for val outside 0..SEMVMX (checked first), -EINVAL, -EACCES. Clears every
 * process's adjustment for this semaphore. */
static long semctl_setval(int semid, int semnum, int val)
{
	if (val > SEMVMX || val < 0)
		return -ERANGE;
	long r = 0;
	u64 f = spin_lock_irqsave(&sem_ids.lock);
	struct sem_array *sma = sem_obtain(semid);
	if (!sma || semnum < 0 || semnum >= sma->sem_nsems)
		r = -EINVAL;
	else if (ipcperms(&sma->sem_perm, S_IWUGO))
		r = -EACCES;
	if (!r) {
		struct list_head *pos;
		list_for_each(pos, &sma->list_id)
			list_entry(pos, struct sem_undo, list_id)->semadj[semnum] = 0;
		sma->sems[semnum].semval = val;
		sma->sems[semnum].sempid = current->pid;
		sma->sem_ctime = ipc_time();
		trace_ctl(sma, "SETVAL");
		smart_update(sma);
	}
	spin_unlock_irqrestore(&sem_ids.lock, f);
	return r;
}

/* semctl_down: IPC_SET and IPC_RMID: -EINVAL, -EPERM unless the owner, the creator or root. */
static long semctl_down(int semid, int cmd, struct semid64_ds *in)
{
	long r = 0;
	u64 f = spin_lock_irqsave(&sem_ids.lock);
	struct sem_array *sma = sem_obtain(semid);
	if (!sma)
		r = -EINVAL;
	else
		r = ipc_owner_check(&sma->sem_perm);
	if (!r) {
		if (cmd == IPC_RMID) {
			freeary(sma);
		} else if (!(r = ipc_update_perm(&in->sem_perm, &sma->sem_perm))) {
			sma->sem_ctime = ipc_time();
			trace_ctl(sma, "IPC_SET");
		}
	}
	spin_unlock_irqrestore(&sem_ids.lock, f);
	return r;
}

/* semctl(semid, semnum, cmd, arg): commands as Linux arm64 receives them (no IPC_64 bit from musl;
 * with it, -EINVAL as on Linux arm64). -EINVAL for a negative semid or an unknown command. */
SYSCALL_DEFINE(semctl)
{
	int semid = (int)a0, semnum = (int)a1, cmd = (int)a2;
	if (semid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return semctl_info(cmd, a3);
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		return semctl_stat(semid, cmd, a3);
	case GETALL:
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETALL:
		return semctl_main(semid, semnum, cmd, a3);
	case SETVAL:
		return semctl_setval(semid, semnum, (int)a3);
	case IPC_SET: {
		struct semid64_ds in;
		if (copy_from_user(&in, a3, sizeof in))
			return -EFAULT;
		return semctl_down(semid, cmd, &in);
	}
	case IPC_RMID:
		return semctl_down(semid, cmd, NULL);
	default:
		return -EINVAL;
	}
}
