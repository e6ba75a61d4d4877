/* ipc/sem.c: System V semaphores, semget(2), semop(2), semtimedop(2), semctl(2), after Linux's ipc/sem.c.
 *
 * The data structures are in ipc/sem.h, what an operation means (perform_atomic_semop, update_queue) in
 * ipc/sem_core.c. Here: creating sets, the semop system call around them (a caller that must wait queues its
 * operations and waits for whoever makes them possible to complete them, so a woken sleeper finds its work
 * done), the semctl commands, and SEM_UNDO.
 *
 * SEM_UNDO: a struct sem_undo per (process, set) keeps semadj, minus the sum of the process's SEM_UNDO
 * operations; exit_sem adds it back when the process exits. SETVAL/SETALL clear the adjustments of what they
 * set; IPC_RMID frees the undo structures of the set and completes every waiter with EIDRM. */
#include "ipc/sem.h"
#include "ipc/sysv.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"

/* semctl commands (Linux include/uapi/linux/sem.h) */
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

static struct ipc_ids sem_ids = IPC_IDS_INIT("sem", SEMMNI);
static struct list_head undo_list = LIST_HEAD_INIT(undo_list);
static int used_sems; /* semaphores in all sets (SEM_INFO's semaem) */

int sem_sets_live(void) { return sem_ids.in_use; }

static struct sem_array *sem_obtain(int semid)
{
	return (struct sem_array *)ipc_obtain_check(&sem_ids, semid);
}

/* do_smart_update: after sma changed, complete the waiters that can now proceed (ipc/sem_core.c). */
static void do_smart_update(struct sem_array *sma)
{
	if (update_queue(sma))
		sma->sem_otime = ktime_get_real_seconds();
}

/* find_alloc_undo: the current process's undo structure for semid, made when missing (Linux
 * find_alloc_undo). Caller holds the lock. -EINVAL for a bad semid, -ENOMEM. */
static struct sem_undo *find_alloc_undo(int semid)
{
	struct sem_array *sma = sem_obtain(semid);
	if (!sma)
		return ERR_PTR(-EINVAL);
	struct list_head *pos;
	list_for_each(pos, &undo_list) {
		struct sem_undo *un = list_entry(pos, struct sem_undo, list_proc);
		if (un->pid == current->tgid && un->semid == semid)
			return un;
	}
	struct sem_undo *un = kmalloc(sizeof *un);
	short *adj = un ? ipc_alloc(sma->sem_nsems * sizeof(short)) : NULL;
	if (!adj) {
		kfree(un);
		return ERR_PTR(-ENOMEM);
	}
	un->pid = current->tgid;
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
	sma->sem_otime = 0;
	sma->sem_ctime = ktime_get_real_seconds();
	int id = ipc_addid(&sem_ids, &sma->sem_perm, params->key, params->flg);
	if (id < 0) {
		ipc_free(sems, nsems * sizeof(struct sem));
		kfree(sma);
		return id;
	}
	used_sems += nsems;
	trace_sem_create(sma, params->key);
	return id;
}

static int sem_more_checks(struct kern_ipc_perm *ipcp, struct ipc_params *params)
{
	return (int)params->arg > ((struct sem_array *)ipcp)->sem_nsems ? -EINVAL : 0;
}

static const struct ipc_ops sem_ops = { newary, sem_more_checks };

/* semget(key, nsems, semflg): -EINVAL for nsems < 0 or > SEMMSL (or 0 when creating, or more than an
 * existing set has), -ENOENT, -EEXIST, -EACCES, -ENOSPC (ipc/util.h ipcget). */
SYSCALL_DEFINE3(semget, int, key, int, nsems, int, semflg)
{
	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	struct ipc_params params = { key, semflg, (u64)nsems };
	return ipcget(&sem_ids, &sem_ops, &params);
}

/* ---- semop / semtimedop ---- */

/* do_semtimedop: semop with an optional relative timeout (NULL: none). Errors (semop(2)), in Linux's order
 * (ipc/sem.c do_semtimedop, then __do_semtimedop): -E2BIG (nsops > SEMOPM), -EINVAL (nsops < 1), -EFAULT,
 * -EINVAL (semid < 0, a bad timeout, not a set), -EFBIG
 * (sem_num >= nsems), -EACCES, -EAGAIN (IPC_NOWAIT, or the timeout passed), -ERANGE, -EIDRM (removed while
 * waiting), -ENOMEM, -ERESTARTNOHAND (a signal: EINTR, never restarted, as Linux). */
static long do_semtimedop(int semid, u64 usops, unsigned nsops, const struct timespec64 *timeout)
{
	struct sembuf sops_small[16], *sops = sops_small;
	if (nsops > SEMOPM) /* nsops is unsigned: -1 is too big, not too small */
		return -E2BIG;
	if (nsops < 1)
		return -EINVAL;
	if (nsops > ARRAY_SIZE(sops_small)) {
		sops = kmalloc(nsops * sizeof *sops);
		if (!sops)
			return -ENOMEM;
	}
	long error;
	if (copy_from_user(sops, usops, nsops * sizeof *sops)) {
		error = -EFAULT;
		goto out_free;
	}
	if (semid < 0) {
		error = -EINVAL;
		goto out_free;
	}
	s64 timeout_ns = -1;
	if (timeout) {
		if (!timespec64_valid(timeout)) {
			error = -EINVAL;
			goto out_free;
		}
		timeout_ns = (s64)timespec64_to_ns(timeout);
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
	struct sem_queue q = { .pid = current->tgid, .sops = sops, .nsops = (int)nsops, .alter = alter };
	if (undos) {
		q.undo = find_alloc_undo(semid);
		if (IS_ERR(q.undo)) {
			error = PTR_ERR(q.undo);
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
			do_smart_update(sma);
		sma->sem_otime = ktime_get_real_seconds();
	}
	if (error == 1) {
		/* Wait: queue the operations; whoever makes them possible completes them on our behalf. */
		init_completion(&q.done, &wchan_semop, sma);
		list_add_tail(&q.list, alter ? &sma->pending_alter : &sma->pending_const);
		u64 deadline = timeout_ns > 0 ? time_ns() + (u64)timeout_ns : 0;
		error = wait_for_completion(&q.done, &sem_ids.lock, deadline);
		if (error == -ERESTARTSYS || error == -ETIMEDOUT) {
			list_del(&q.list); /* still queued: withdraw */
			error = error == -ETIMEDOUT ? -EAGAIN : -ERESTARTNOHAND;
		}
	}
	trace_sem_op(semid, sem_obtain(semid), sops, (int)nsops, error); /* the set may be gone (EIDRM) */
out_unlock:
	spin_unlock_irqrestore(&sem_ids.lock, f);
out_free:
	if (sops != sops_small)
		kfree(sops);
	return error;
}

/* semop(semid, sops, nsops) */
SYSCALL_DEFINE3(semop, int, semid, u64, sops, unsigned, nsops)
{
	return do_semtimedop(semid, sops, nsops, NULL);
}

/* semtimedop(semid, sops, nsops, timeout): timeout NULL waits forever; -EFAULT for a bad timeout (checked
 * first, as Linux's ksys_semtimedop), -EINVAL for tv_sec < 0 or tv_nsec outside 0..999999999. */
SYSCALL_DEFINE4(semtimedop, int, semid, u64, sops, unsigned, nsops, u64, timeout)
{
	struct timespec64 ts;
	if (!timeout)
		return do_semtimedop(semid, sops, nsops, NULL);
	if (copy_from_user(&ts, timeout, sizeof ts))
		return -EFAULT;
	return do_semtimedop(semid, sops, nsops, &ts);
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
		if (!sma) {
			free_undo(un);
			continue;
		}
		bool any = false;
		for (int i = 0; i < sma->sem_nsems; i++) {
			if (!un->semadj[i])
				continue;
			any = true;
			struct sem *s = &sma->sems[i];
			s->semval = CLAMP(s->semval + un->semadj[i], 0, SEMVMX);
			s->sempid = pid;
		}
		if (any)
			trace_sem_undo(sma, un, pid);
		free_undo(un);
		do_smart_update(sma);
	}
	spin_unlock_irqrestore(&sem_ids.lock, f);
}

/* ---- semctl ---- */

/* freeary: IPC_RMID: every waiter gets EIDRM, the undo structures go, the set is freed. */
static void freeary(struct sem_array *sma)
{
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &sma->list_id)
		free_undo(list_entry(pos, struct sem_undo, list_id));
	struct list_head *lists[2] = { &sma->pending_const, &sma->pending_alter };
	for (int l = 0; l < 2; l++)
		list_for_each_safe(pos, n, lists[l]) {
			struct sem_queue *q = list_entry(pos, struct sem_queue, list);
			list_del(&q->list);
			complete(&q->done, -EIDRM);
		}
	ipc_rmid(&sem_ids, &sma->sem_perm);
	used_sems -= sma->sem_nsems;
	trace_sem_rmid(sma);
	ipc_free(sma->sems, sma->sem_nsems * sizeof(struct sem));
	kfree(sma);
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

/* sem_fill_stat: IPC_STAT's answer for sma (ipcctl_stat fills sem_perm). */
static void sem_fill_stat(struct kern_ipc_perm *ipcp, void *out)
{
	struct sem_array *sma = (struct sem_array *)ipcp;
	struct semid64_ds *ds = out;
	ds->sem_otime = sma->sem_otime;
	ds->sem_ctime = sma->sem_ctime;
	ds->sem_nsems = sma->sem_nsems;
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
			sma->sems[i].sempid = current->tgid;
		}
		struct list_head *pos;
		list_for_each(pos, &sma->list_id) {
			struct sem_undo *un = list_entry(pos, struct sem_undo, list_id);
			memset(un->semadj, 0, un->nsems * sizeof(short));
		}
		sma->sem_ctime = ktime_get_real_seconds();
		trace_sem_ctl(sma, "SETALL");
		do_smart_update(sma);
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
		sma->sems[semnum].sempid = current->tgid;
		sma->sem_ctime = ktime_get_real_seconds();
		trace_sem_ctl(sma, "SETVAL");
		do_smart_update(sma);
	}
	spin_unlock_irqrestore(&sem_ids.lock, f);
	return r;
}

/* semctl_down: IPC_SET and IPC_RMID (ipcctl_obtain_check's errors: -EINVAL, -EPERM). */
static long semctl_down(int semid, int cmd, struct semid64_ds *in)
{
	long r = 0;
	u64 f = spin_lock_irqsave(&sem_ids.lock);
	struct sem_array *sma = (struct sem_array *)ipcctl_obtain_check(&sem_ids, semid);
	if (IS_ERR(sma)) {
		r = PTR_ERR(sma);
	} else if (cmd == IPC_RMID) {
		freeary(sma);
	} else if (!(r = ipc_update_perm(&in->sem_perm, &sma->sem_perm))) {
		sma->sem_ctime = ktime_get_real_seconds();
		trace_sem_ctl(sma, "IPC_SET");
	}
	spin_unlock_irqrestore(&sem_ids.lock, f);
	return r;
}

/* semctl(semid, semnum, cmd, arg): commands as Linux arm64 receives them (no IPC_64 bit from musl;
 * with it, -EINVAL as on Linux arm64). -EINVAL for a negative semid or an unknown command. */
SYSCALL_DEFINE4(semctl, int, semid, int, semnum, int, cmd, u64, arg)
{
	if (semid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return semctl_info(cmd, arg);
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY: {
		struct semid64_ds ds;
		return ipcctl_stat(&sem_ids, semid, cmd != IPC_STAT, cmd == SEM_STAT_ANY, sem_fill_stat, &ds,
				   sizeof ds, arg);
	}
	case GETALL:
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETALL:
		return semctl_main(semid, semnum, cmd, arg);
	case SETVAL:
		return semctl_setval(semid, semnum, (int)arg);
	case IPC_SET: {
		struct semid64_ds in;
		if (copy_from_user(&in, arg, sizeof in))
			return -EFAULT;
		return semctl_down(semid, cmd, &in);
	}
	case IPC_RMID:
		return semctl_down(semid, cmd, NULL);
	default:
		return -EINVAL;
	}
}
