/* kernel/futex.h: futexes (kernel/futex.c; futex(2), Linux's kernel/futex/). */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H
#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/types.h"

struct proc;

/* struct futex_key: what identifies a futex word: for a private one the address space (mm_or_page) and the
 * virtual address (word); for a shared one the kernel address of its physical page and the offset in it. */
struct futex_key {
	u64 mm_or_page;
	u64 word;
	bool shared;
};

/* struct futex_q: one sleeper in FUTEX_WAIT or FUTEX_LOCK_PI, on its own kernel stack, queued in its key's hash bucket (Linux's
 * struct futex_q). bitset: the FUTEX_WAIT_BITSET bits a waker must share (all ones for FUTEX_WAIT); woken: a
 * waker took it off the queue; uaddr and val: the word's address in the sleeper's memory and the value it
 * waited on (for the trace); wait: where it sleeps, on channel "futex". */
struct futex_q {
	struct list_head list;
	struct futex_key key;
	u32 bitset;
	struct proc *task;
	bool woken;
	bool pi;          /* FUTEX_LOCK_PI's sleeper: it waits for pi_owner (a thread id) to give the lock up */
	int pi_owner;
	bool owner_exited; /* woken because pi_owner exited holding the lock: the sleeper takes the word itself */
	u64 uaddr;
	u32 val;
	struct wait_queue wait;
};

/* futex_wake: wake up to nr sleepers on the word at uaddr of the current address space (private: keyed without
 * looking at the mapping) whose bitset meets bitset. Returns how many, or -EINVAL / -EFAULT for the address. */
long futex_wake(u64 uaddr, bool private, int nr, u32 bitset);
/* exit_robust_list: p is exiting: every lock on its robust list (set_robust_list(2)) that p still holds gets
 * FUTEX_OWNER_DIED and one waiter woken (Linux's exit_robust_list). */
void exit_robust_list(struct proc *p);
/* exit_pi_state: p is exiting: each priority-inheritance lock it holds that has a sleeper goes to its first
 * sleeper (Linux's exit_pi_state_list). */
void exit_pi_state(struct proc *p);
/* futex_waiters_live: sleepers queued now (the halt report: 0 once everything has exited). */
int futex_waiters_live(void);
#endif
