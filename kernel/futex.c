/* kernel/futex.c: fast user-space locking (futex(2), Linux's kernel/futex/). A futex is a 32-bit word in user
 * memory. User space does the uncontended work itself with atomic instructions; the kernel is asked only to sleep
 * while the word still holds an expected value (FUTEX_WAIT) and to wake sleepers (FUTEX_WAKE). musl's and glibc's
 * mutexes, condition variables, barriers, semaphores and pthread_join are built on these few operations.
 *
 * A sleeper is a struct futex_q on its own kernel stack, in the hash bucket of its key:
 *   - a private futex (FUTEX_PRIVATE_FLAG, or a word in memory only this address space maps) is keyed by the
 *     address space and the virtual address;
 *   - a shared one (a word in a MAP_SHARED mapping or System V shared memory, which other processes may map at
 *     other addresses) by the physical page and the offset in it, so every process that maps the page finds the
 *     same waiters.
 * Why the check of the word and the sleep cannot miss a wake-up: FUTEX_WAIT reads the word and queues the
 * sleeper under futex_lock, and a waker changes the word before it takes futex_lock to wake. Either the waker's
 * store came first (the sleeper reads the new value: -EAGAIN) or the sleeper is queued when the waker looks. */
#include "kernel/errno.h"
#include "kernel/futex.h"
#include "kernel/list.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define FUTEX_HASH_SIZE 64

static spinlock_t futex_lock = SPINLOCK_INIT("futex");
static struct list_head futex_queues[FUTEX_HASH_SIZE]; /* struct futex_q by hash of the key */
static int futex_waiters;                               /* queued now (the halt report) */

int futex_waiters_live(void) { return futex_waiters; }

static struct list_head *hash_bucket(const struct futex_key *key)
{
	u64 h = (key->word ^ (key->mm_or_page >> 4)) * 0x9e3779b97f4a7c15UL;
	struct list_head *b = &futex_queues[h >> 58]; /* 64 buckets: the top 6 bits */
	if (!b->next)
		list_init(b);
	return b;
}

static bool key_equal(const struct futex_key *a, const struct futex_key *b)
{
	return a->mm_or_page == b->mm_or_page && a->word == b->word;
}

/* get_futex_key: the key of the word at uaddr (Linux's get_futex_key): -EINVAL when it is not 4-byte aligned,
 * -EFAULT when it is past user space, or (a shared futex, whose key is its page) not mapped readable. private:
 * the caller said FUTEX_PRIVATE_FLAG; its key is only the address, so the word is not looked at here (a wake on
 * an unmapped private word wakes nobody: 0). */
static int get_futex_key(u64 uaddr, bool private, struct futex_key *key)
{
	struct mm *mm = current->mm;
	if (uaddr % 4)
		return -EINVAL;
	if (uaddr + 4 > USER_TOP)
		return -EFAULT;
	if (private) {
		*key = (struct futex_key){ .mm_or_page = (u64)mm, .word = uaddr, .shared = false };
		return 0;
	}
	struct vma *v = vma_find(mm, uaddr);
	if (!v || !(v->prot & VM_READ))
		return -EFAULT;
	if (!(v->kind == VMA_SHARED || v->kind == VMA_SHM || v->kind == VMA_FILE || v->kind == VMA_FILE_PRIVATE) &&
	    !(v->prot & VM_WRITE))
		return -EFAULT; /* a read-only private anonymous page never changes: no key (Linux get_futex_key) */
	if (v->kind == VMA_SHARED || v->kind == VMA_SHM || v->kind == VMA_FILE) {
		void *page = vm_page(mm, uaddr, VM_READ);
		if (!page)
			return -EFAULT;
		*key = (struct futex_key){ .mm_or_page = (u64)page, .word = uaddr % PAGE_SIZE, .shared = true };
	} else {
		*key = (struct futex_key){ .mm_or_page = (u64)mm, .word = uaddr, .shared = false };
	}
	return 0;
}

/* futex_wake_q: take q off its queue and wake its sleeper. futex_lock held. */
static void futex_wake_q(struct futex_q *q)
{
	list_del(&q->list);
	futex_waiters--;
	q->woken = true;
	wake_up(&q->wait);
}

/* futex_wake: wake up to nr sleepers on the word at uaddr whose bitset shares a bit with bitset. Returns how many
 * were woken, or -EINVAL / -EFAULT for the address (futex(2) FUTEX_WAKE, FUTEX_WAKE_BITSET). */
long futex_wake(u64 uaddr, bool private, int nr, u32 bitset)
{
	struct futex_key key;
	if (!bitset)
		return -EINVAL;
	int r = get_futex_key(uaddr, private, &key);
	if (r)
		return r;
	u64 f = spin_lock_irqsave(&futex_lock);
	int woken = 0;
	struct list_head *b = hash_bucket(&key), *pos, *n;
	list_for_each_safe(pos, n, b) {
		struct futex_q *q = list_entry(pos, struct futex_q, list);
		if (woken >= nr)
			break;
		if (key_equal(&q->key, &key) && q->pi) { /* a PI lock's sleepers wait for its owner (Linux: -EINVAL) */
			woken = -EINVAL;
			break;
		}
		if (key_equal(&q->key, &key) && (q->bitset & bitset)) {
			futex_wake_q(q);
			woken++;
		}
	}
	spin_unlock_irqrestore(&futex_lock, f);
	return woken;
}

/* futex_wait: sleep while the word at uaddr holds val, until a FUTEX_WAKE whose bitset meets bitset, deadline_ns
 * on CLOCK_MONOTONIC (0: none), or a signal. Returns 0 when woken; -EAGAIN when the word did not hold val;
 * -ETIMEDOUT; -ERESTARTSYS on a signal (restarted as the caller's signal action says); -EINVAL for an unaligned
 * address or a zero bitset; -EFAULT (futex(2) FUTEX_WAIT, FUTEX_WAIT_BITSET). */
static long futex_wait(u64 uaddr, bool private, u32 val, u64 deadline_ns, u32 bitset)
{
	struct futex_q q = { .bitset = bitset, .task = current, .uaddr = uaddr, .val = val };
	u32 cur;
	if (!bitset)
		return -EINVAL;
	int r = get_futex_key(uaddr, private, &q.key);
	if (r)
		return r;
	if (copy_from_user(&cur, uaddr, sizeof cur)) /* fault the page in before the lock is taken */
		return -EFAULT;
	wait_queue_init(&q.wait, &wchan_futex, &q);
	u64 f = spin_lock_irqsave(&futex_lock);
	if (copy_from_user(&cur, uaddr, sizeof cur)) {
		spin_unlock_irqrestore(&futex_lock, f);
		return -EFAULT;
	}
	if (cur != val) {
		spin_unlock_irqrestore(&futex_lock, f);
		return -EAGAIN;
	}
	list_add_tail(&q.list, hash_bucket(&q.key));
	futex_waiters++;
	r = 0;
	while (!q.woken && !r)
		r = sleep_on_timeout(&q.wait, &futex_lock, deadline_ns);
	if (!q.woken) { /* timed out or a signal: leave the queue */
		list_del(&q.list);
		futex_waiters--;
	}
	spin_unlock_irqrestore(&futex_lock, f);
	return q.woken ? 0 : r;
}

/* futex_requeue: wake up to nr_wake sleepers on uaddr1 and move up to nr_requeue of the others to uaddr2, where a
 * later wake of uaddr2 finds them (a condition variable's broadcast moves its waiters to the mutex rather than
 * waking them all to fight over it). With cmp (FUTEX_CMP_REQUEUE) only if the word at uaddr1 still holds val3,
 * else -EAGAIN. Returns the number woken plus the number moved; -EINVAL for a negative count or an unaligned
 * address; -EFAULT. */
static long futex_requeue(u64 uaddr1, u64 uaddr2, bool private, int nr_wake, int nr_requeue, bool cmp, u32 val3)
{
	struct futex_key key1, key2;
	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	int r = get_futex_key(uaddr1, private, &key1);
	if (!r)
		r = get_futex_key(uaddr2, private, &key2);
	if (r)
		return r;
	u32 cur;
	if (cmp && copy_from_user(&cur, uaddr1, sizeof cur))
		return -EFAULT;
	u64 f = spin_lock_irqsave(&futex_lock);
	if (cmp && (copy_from_user(&cur, uaddr1, sizeof cur) || cur != val3)) {
		spin_unlock_irqrestore(&futex_lock, f);
		return cur != val3 ? -EAGAIN : -EFAULT;
	}
	int woken = 0, moved = 0;
	struct list_head *b1 = hash_bucket(&key1), *b2 = hash_bucket(&key2), *pos, *n;
	list_for_each_safe(pos, n, b1) {
		struct futex_q *q = list_entry(pos, struct futex_q, list);
		if (!key_equal(&q->key, &key1))
			continue;
		if (woken < nr_wake) {
			futex_wake_q(q);
			woken++;
		} else if (moved < nr_requeue) {
			list_del(&q->list);
			q->key = key2;
			q->uaddr = uaddr2;
			list_add_tail(&q->list, b2);
			moved++;
		} else {
			break;
		}
	}
	spin_unlock_irqrestore(&futex_lock, f);
	if (moved)
		trace_futex_requeue(uaddr1, uaddr2, moved);
	return woken + moved;
}

/* futex_atomic_op: FUTEX_WAKE_OP's operation on the word at uaddr: *uaddr = old OP oparg, returning old in *oldval
 * (the kernel is not preempted between the read and the write, so no other thread's store comes between).
 * 0, -EFAULT, or -ENOSYS for an unknown op (Linux's arch_futex_atomic_op_inuser). */
static int futex_atomic_op(u32 encoded, u64 uaddr, u32 *oldval)
{
	u32 op = (encoded >> 28) & 7, oparg = (encoded >> 12) & 0xfff, old, val;
	if (encoded & (8u << 28)) /* FUTEX_OP_OPARG_SHIFT: the argument is a shift count */
		oparg = 1u << (oparg & 31);
	else
		oparg = (u32)((s32)(oparg << 20) >> 20); /* sign-extend the 12 bits */
	if (copy_from_user(&old, uaddr, sizeof old))
		return -EFAULT;
	switch (op) {
	case 0: val = oparg; break;         /* FUTEX_OP_SET */
	case 1: val = old + oparg; break;   /* FUTEX_OP_ADD */
	case 2: val = old | oparg; break;   /* FUTEX_OP_OR */
	case 3: val = old & ~oparg; break;  /* FUTEX_OP_ANDN */
	case 4: val = old ^ oparg; break;   /* FUTEX_OP_XOR */
	default: return -ENOSYS;
	}
	if (copy_to_user(uaddr, &val, sizeof val))
		return -EFAULT;
	*oldval = old;
	return 0;
}

/* futex_op_cmp: FUTEX_WAKE_OP's comparison of the old value with cmparg. */
static bool futex_op_cmp(u32 encoded, u32 old)
{
	s32 cmparg = (s32)(encoded << 20) >> 20, o = (s32)old;
	switch ((encoded >> 24) & 15) {
	case 0: return o == cmparg; /* FUTEX_OP_CMP_EQ */
	case 1: return o != cmparg; /* NE */
	case 2: return o < cmparg;  /* LT */
	case 3: return o <= cmparg; /* LE */
	case 4: return o > cmparg;  /* GT */
	case 5: return o >= cmparg; /* GE */
	default: return false;
	}
}

/* futex_wake_op: change the word at uaddr2 by op and wake up to nr_wake sleepers on uaddr; then, if the word's
 * old value passes op's comparison, up to nr_wake2 sleepers on uaddr2 (glibc's condition variables of old).
 * Returns the number woken; -EINVAL, -EFAULT, -ENOSYS for a bad op. */
static long futex_wake_op(u64 uaddr, u64 uaddr2, bool private, int nr_wake, int nr_wake2, u32 op)
{
	struct futex_key key;
	int r = get_futex_key(uaddr2, private, &key);
	if (r)
		return r;
	u32 old;
	u64 f = spin_lock_irqsave(&futex_lock);
	r = futex_atomic_op(op, uaddr2, &old);
	spin_unlock_irqrestore(&futex_lock, f);
	if (r)
		return r;
	long woken = futex_wake(uaddr, private, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (woken < 0)
		return woken;
	if (futex_op_cmp(op, old)) {
		long w2 = futex_wake(uaddr2, private, nr_wake2, FUTEX_BITSET_MATCH_ANY);
		if (w2 > 0)
			woken += w2;
	}
	return woken;
}

/* ---- priority-inheritance locks (futex(2) FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI; Linux's
 * kernel/futex/pi.c), as glibc's and musl's PTHREAD_PRIO_INHERIT mutexes use them ----
 * The word holds its owner's thread id (FUTEX_TID_MASK), FUTEX_WAITERS once someone sleeps in the kernel for it
 * (so that the owner's unlock comes here rather than just storing 0), and FUTEX_OWNER_DIED after a robust
 * owner's death. User space takes a free lock with a compare-and-swap of 0 to its id, and gives an uncontended
 * one back with a swap to 0; the kernel is asked only when there is contention. The kernel hands the lock to its
 * first sleeper, writing that thread's id into the word: at FUTEX_UNLOCK_PI, or when the owner exits holding it.
 * Every thread here has the same scheduling class (SCHED_OTHER: there are no real-time priorities to lend), so
 * what is left of priority inheritance is this ownership protocol. */

#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

/* pi_owner_check: whether thread tid may own a PI lock that the caller waits for: 0, or -ESRCH when no such
 * thread lives (Linux's attach_to_pi_owner, handle_exit_race). */
static int pi_owner_check(int tid)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(tid);
	bool alive = p && p->state != P_ZOMBIE;
	spin_unlock_irqrestore(&proc_lock, f);
	return alive ? 0 : -ESRCH;
}

/* pi_first_sleeper: the first FUTEX_LOCK_PI sleeper on key, or NULL; the others now wait for it (it is about to
 * own the lock). futex_lock held. */
static struct futex_q *pi_first_sleeper(const struct futex_key *key)
{
	struct futex_q *first = NULL;
	struct list_head *pos;
	list_for_each(pos, hash_bucket(key)) {
		struct futex_q *q = list_entry(pos, struct futex_q, list);
		if (!q->pi || !key_equal(&q->key, key))
			continue;
		if (!first)
			first = q;
		else
			q->pi_owner = first->task->pid;
	}
	return first;
}

/* futex_lock_pi: take the PI lock at uaddr (trylock: only if that needs no sleep). A free word (no owner id)
 * becomes the caller's id, keeping FUTEX_OWNER_DIED; a held one gets FUTEX_WAITERS and the caller sleeps until
 * the lock is handed to it or deadline_ns on CLOCK_MONOTONIC passes (0: none); a signal's handler runs and the
 * sleep goes on, as Linux restarts the call. Returns 0 with the lock; -EDEADLK when the caller owns it already;
 * -ESRCH when its owner is no live thread; -EAGAIN for trylock on a held lock; -ETIMEDOUT; -EINVAL for an
 * unaligned word; -EFAULT for a word the caller cannot read and write. */
static long futex_lock_pi(u64 uaddr, bool private, u64 deadline_ns, bool trylock)
{
	struct futex_q q = { .bitset = FUTEX_BITSET_MATCH_ANY, .task = current, .uaddr = uaddr, .pi = true };
	int r = get_futex_key(uaddr, private, &q.key);
	if (r)
		return r;
	u32 tid = (u32)current->pid, word;
	if (copy_from_user(&word, uaddr, sizeof word))
		return -EFAULT;
	u32 owner = word & FUTEX_TID_MASK;
	if (owner == tid)
		return -EDEADLK;
	u32 nw = owner ? word | FUTEX_WAITERS : (word & FUTEX_OWNER_DIED) | tid;
	if (copy_to_user(uaddr, &nw, sizeof nw))
		return -EFAULT;
	if (!owner)
		return 0;
	if ((r = pi_owner_check((int)owner)))
		return r;
	if (trylock)
		return -EAGAIN;
	q.pi_owner = (int)owner;
	q.val = nw;
	wait_queue_init(&q.wait, &wchan_futex, &q);
	u64 f = spin_lock_irqsave(&futex_lock);
	list_add_tail(&q.list, hash_bucket(&q.key));
	futex_waiters++;
	r = 0;
	while (!q.woken && !r)
		r = sleep_on_timeout(&q.wait, &futex_lock, deadline_ns);
	if (!q.woken) { /* timed out or a signal: leave the queue (FUTEX_WAITERS stays: the owner's unlock clears it) */
		list_del(&q.list);
		futex_waiters--;
	}
	spin_unlock_irqrestore(&futex_lock, f);
	if (!q.woken)
		return r == -ERESTARTSYS ? -ERESTARTNOINTR : r; /* after a handler, the call starts again */
	if (q.owner_exited) { /* the owner died holding it: take the word (Linux's fixup_pi_state_owner) */
		if (copy_from_user(&word, uaddr, sizeof word))
			return -EFAULT;
		nw = (word & FUTEX_OWNER_DIED) | tid | FUTEX_WAITERS;
		if (copy_to_user(uaddr, &nw, sizeof nw))
			return -EFAULT;
	}
	return 0;
}

/* futex_unlock_pi: give back the PI lock at uaddr, which the caller must own (its id in the word, else -EPERM):
 * to the first sleeper (the word becomes its id with FUTEX_WAITERS), or to nobody (0). -EFAULT, -EINVAL for an
 * unaligned word (checked after the owner, as Linux's futex_unlock_pi). */
static long futex_unlock_pi(u64 uaddr, bool private)
{
	u32 word;
	if (copy_from_user(&word, uaddr, sizeof word))
		return -EFAULT;
	if ((word & FUTEX_TID_MASK) != (u32)current->pid)
		return -EPERM;
	struct futex_key key;
	int r = get_futex_key(uaddr, private, &key);
	if (r)
		return r;
	u64 f = spin_lock_irqsave(&futex_lock);
	struct futex_q *next = pi_first_sleeper(&key);
	u32 nw = next ? (u32)next->task->pid | FUTEX_WAITERS : 0;
	if (copy_to_user(uaddr, &nw, sizeof nw)) {
		spin_unlock_irqrestore(&futex_lock, f);
		return -EFAULT;
	}
	if (next)
		futex_wake_q(next);
	spin_unlock_irqrestore(&futex_lock, f);
	return 0;
}

void exit_pi_state(struct proc *p)
{
	u64 f = spin_lock_irqsave(&futex_lock);
	for (int b = 0; b < FUTEX_HASH_SIZE; b++) {
		if (!futex_queues[b].next)
			continue;
		struct list_head *pos = futex_queues[b].next;
		while (pos != &futex_queues[b]) {
			struct futex_q *q = list_entry(pos, struct futex_q, list);
			pos = pos->next;
			if (!q->pi || q->pi_owner != p->pid)
				continue;
			struct futex_q *first = pi_first_sleeper(&q->key);
			first->owner_exited = true;
			futex_wake_q(first);
			pos = futex_queues[b].next; /* the bucket changed: look again from its start */
		}
	}
	spin_unlock_irqrestore(&futex_lock, f);
}

/* futex(uaddr, futex_op, val, timeout, uaddr2, val3) (futex(2)): the operation in futex_op's low bits, with
 * FUTEX_PRIVATE_FLAG (only this address space uses the word) and FUTEX_CLOCK_REALTIME (the timeout of
 * FUTEX_WAIT_BITSET is on CLOCK_REALTIME rather than CLOCK_MONOTONIC). FUTEX_WAIT's timeout is relative,
 * FUTEX_WAIT_BITSET's absolute; for the requeue operations and FUTEX_WAKE_OP the timeout argument is the second
 * count (val2); FUTEX_LOCK_PI's timeout is an absolute CLOCK_REALTIME time. -ENOSYS for FUTEX_FD (removed in
 * Linux 2.6.26), -EINVAL
 * for an unknown operation or a bad timeout, -EFAULT for a bad timeout pointer. */
SYSCALL_DEFINE6(futex, u64, uaddr, int, futex_op, u32, val, u64, utime, u64, uaddr2, u32, val3)
{
	int cmd = futex_op & FUTEX_CMD_MASK;
	bool private = futex_op & FUTEX_PRIVATE_FLAG, realtime = futex_op & FUTEX_CLOCK_REALTIME;
	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET: {
		u64 deadline = 0;
		if (utime) {
			struct timespec64 ts;
			if (copy_from_user(&ts, utime, sizeof ts))
				return -EFAULT;
			if (!timespec64_valid(&ts))
				return -EINVAL;
			u64 t = timespec64_to_ns(&ts);
			if (cmd == FUTEX_WAIT)
				deadline = time_ns() + t;
			else if (realtime) /* an absolute CLOCK_REALTIME time, as the monotonic time it will be then */
				deadline = t > ktime_get_real_ns() ? time_ns() + (t - ktime_get_real_ns()) : time_ns();
			else
				deadline = t;
			if (!deadline)
				deadline = 1; /* 0 means "no deadline": a time already past */
		}
		long r = futex_wait(uaddr, private, val, deadline, cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
		/* Interrupted: with no timeout it restarts after a handler with SA_RESTART (Linux's -ERESTARTSYS); with
		 * one, EINTR after any handler (Linux restarts it only when no handler runs). */
		if (r == -ERESTARTSYS && utime)
			r = -ERESTARTNOHAND;
		return r;
	}
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)MIN(val, (u32)INT32_MAX),
				  cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)utime, cmd == FUTEX_CMP_REQUEUE, val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, private, (int)val, (int)utime, val3);
	case FUTEX_LOCK_PI: {
		u64 deadline = 0;
		if (utime) { /* an absolute CLOCK_REALTIME time, read before anything else (Linux futex_init_timeout) */
			struct timespec64 ts;
			if (copy_from_user(&ts, utime, sizeof ts))
				return -EFAULT;
			if (!timespec64_valid(&ts))
				return -EINVAL;
			u64 t = timespec64_to_ns(&ts), now = ktime_get_real_ns();
			deadline = t > now ? time_ns() + (t - now) : 1;
		}
		return futex_lock_pi(uaddr, private, deadline, false);
	}
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(uaddr, private, 0, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(uaddr, private);
	case FUTEX_FD:
		return -ENOSYS;
	default:
		return -ENOSYS;
	}
}

/* ---- robust futexes (Documentation/locking/robust-futexes.rst, set_robust_list(2)) ---- */

#define ROBUST_LIST_LIMIT 2048

/* handle_futex_death: the lock word at uaddr belongs to the exiting thread tid: mark it FUTEX_OWNER_DIED (keeping
 * FUTEX_WAITERS) and wake one waiter, which then finds EOWNERDEAD (Linux's handle_futex_death); a PI lock's
 * (pi) sleeper is handed the lock by exit_pi_state instead. */
static void handle_futex_death(u64 uaddr, int tid, bool pi)
{
	u32 word;
	if (uaddr % 4 || copy_from_user(&word, uaddr, sizeof word) || (word & FUTEX_TID_MASK) != (u32)tid)
		return;
	u32 nw = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user(uaddr, &nw, sizeof nw))
		return;
	if ((word & FUTEX_WAITERS) && !pi)
		futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);
}

void exit_robust_list(struct proc *p)
{
	struct {
		u64 next;       /* the first entry (a struct robust_list: its next pointer), or the head itself */
		s64 futex_offset; /* from an entry to its lock word */
		u64 list_op_pending;
	} head;
	if (!p->robust_list || copy_from_user(&head, p->robust_list, sizeof head))
		return;
	/* bit 0 of a pointer to an entry says the entry's lock is a PI one */
	u64 entry = head.next & ~1UL, pending = head.list_op_pending & ~1UL;
	bool pi = head.next & 1;
	for (int n = 0; entry != p->robust_list && n < ROBUST_LIST_LIMIT; n++) {
		u64 next;
		if (copy_from_user(&next, entry, sizeof next))
			return;
		if (entry != pending)
			handle_futex_death(entry + (u64)head.futex_offset, p->pid, pi);
		entry = next & ~1UL;
		pi = next & 1;
	}
	if (pending)
		handle_futex_death(pending + (u64)head.futex_offset, p->pid, head.list_op_pending & 1);
}
