/* tests/unit/test_signal_core.c: kernel/signal_core.c, the pending set and the blocked mask (sigqueue_add,
 * collect_signal, dequeue_signal, next_signal, set_task_blocked, signal_delivered), on the host with
 * tests/unit/kshim.c standing for the kernel (sigqueue_alloc counts instances and can be made to fail at a limit).
 * `make test-core LAB=signals IMPL=student` runs it against labs/signals/student/signal_core.c.
 *
 * A test builds a process as kernel/signal.c sees it (its own pending set, its process's, a blocked mask), acts
 * as generation and delivery do, and checks the rules of signal(7), sigprocmask(2) and sigaction(2) as
 * labs/signals/todo/ states them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "tests/unit/kshim.h"

#define SA_SIGINFO 0x00000004
#define SIGRT(n) (SIGRTMIN + (n))

static struct proc P;
static struct signal_struct S;
static struct sighand_struct H;

static int setup(void **state)
{
	(void)state;
	kshim_reset();
	memset(&P, 0, sizeof P);
	memset(&S, 0, sizeof S);
	memset(&H, 0, sizeof H);
	P.pid = P.tgid = 50;
	P.signal = &S;
	P.sighand = &H;
	list_init(&S.shared_pending.list);
	list_init(&P.sig_pending_thread.list);
	return 0;
}

/* teardown: what is still queued is freed (ASan would call it a leak). */
static int teardown(void **state)
{
	struct sigpending *sets[2] = { &P.sig_pending_thread, &S.shared_pending };
	for (int i = 0; i < 2; i++)
		while (!list_empty(&sets[i]->list))
			sigqueue_free(list_entry(sets[i]->list.next, struct sigqueue, list));
	return kshim_teardown(state);
}

/* info: a siginfo as kill(2) (SI_USER), sigqueue(3) (SI_QUEUE) or the kernel (SI_KERNEL) fills it. */
static struct kernel_siginfo info(int sig, int code, int pid, u64 value)
{
	return (struct kernel_siginfo){ .si_signo = sig, .si_code = code, .si_pid = pid, .si_value = value };
}

/* gen: generation of sig into the process's set, from pid with code and value; sigqueue_add's result. */
static int gen(int sig, int code, int pid, u64 value)
{
	struct kernel_siginfo i = info(sig, code, pid, value);
	return sigqueue_add(&P, &S.shared_pending, &i);
}

/* instances: how many instances of sig are queued in set. */
static int instances(const struct sigpending *set, int sig)
{
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, &set->list)
		n += list_entry(pos, struct sigqueue, list)->info.si_signo == sig;
	return n;
}

static void test_generate_sets_pending(void **state)
{
	(void)state;
	int r = gen(SIGUSR1, SI_USER, 7, 0);
	expect(r == 0, "sigqueue_add of SIGUSR1 from kill() returned %s, not 0", kshim_result(r));
	expect(S.shared_pending.signal == sigmask(SIGUSR1),
	       "after generating SIGUSR1 (10) the pending set is %#lx: it must be exactly bit 9 (%#lx), signal N is "
	       "bit N-1 (sigmask(N))", S.shared_pending.signal, sigmask(SIGUSR1));
	expect(instances(&S.shared_pending, SIGUSR1) == 1,
	       "SIGUSR1 is pending but %d instances of it are queued: its siginfo (who sent it) must be queued once "
	       "with it", instances(&S.shared_pending, SIGUSR1));
	struct sigqueue *q = list_entry(S.shared_pending.list.next, struct sigqueue, list);
	expect(q->info.si_pid == 7 && q->info.si_code == SI_USER, "the queued siginfo is not the one generated "
	       "(si_pid %d, si_code %d; expected 7 and SI_USER)", q->info.si_pid, q->info.si_code);
}

static void test_generate_standard_coalesces(void **state)
{
	(void)state;
	gen(SIGUSR1, SI_USER, 7, 0);
	int r = gen(SIGUSR1, SI_USER, 8, 0);
	expect(r == 0, "a second SIGUSR1 while one is pending: sigqueue_add returned %s, not 0", kshim_result(r));
	expect(instances(&S.shared_pending, SIGUSR1) == 1,
	       "a standard signal generated while it is already pending must not be queued again: it is the same "
	       "pending signal (signal(7): standard signals do not queue); %d instances are queued",
	       instances(&S.shared_pending, SIGUSR1));
	struct sigqueue *q = list_entry(S.shared_pending.list.next, struct sigqueue, list);
	expect(q->info.si_pid == 7, "the siginfo delivered must be the first generation's (sender 7), not the "
	       "second's (sender %d)", q->info.si_pid);
}

static void test_generate_realtime_queues(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++) {
		int r = gen(SIGRT(2), SI_QUEUE, 7, 100 + i);
		expect(r == 0, "sigqueue of SIGRTMIN+2 (#%d) returned %s, not 0", i, kshim_result(r));
	}
	expect(instances(&S.shared_pending, SIGRT(2)) == 3,
	       "three sigqueue() of the real-time signal SIGRTMIN+2: every instance must be queued (signal(7): "
	       "real-time signals queue), %d are", instances(&S.shared_pending, SIGRT(2)));
	expect(S.shared_pending.signal == sigmask(SIGRT(2)), "the pending set is %#lx, expected bit %d only",
	       S.shared_pending.signal, SIGRT(2) - 1);
}

static void test_generate_blocked_stays(void **state)
{
	(void)state;
	P.sig_blocked = sigmask(SIGUSR1); /* as while SIGUSR1's handler runs */
	gen(SIGUSR1, SI_USER, 7, 0);
	expect(S.shared_pending.signal & sigmask(SIGUSR1),
	       "SIGUSR1 generated while it is blocked (as during its own handler) was dropped: a blocked signal "
	       "stays pending until it is unblocked (sigprocmask(2)); dropping it loses a signal generated during "
	       "a handler");
	expect(instances(&S.shared_pending, SIGUSR1) == 1, "the blocked SIGUSR1 is pending, but its siginfo is "
	       "not queued (%d instances)", instances(&S.shared_pending, SIGUSR1));
}

static void test_generate_rlimit(void **state)
{
	(void)state;
	kshim.sigqueue_max = 1;
	gen(SIGRT(1), SI_QUEUE, 7, 1);
	int r = gen(SIGRT(1), SI_QUEUE, 7, 2);
	expect(r == -EAGAIN, "a sigqueue() past RLIMIT_SIGPENDING (sigqueue_alloc returned NULL) must fail with "
	       "-EAGAIN (sigqueue(3)), got %s", kshim_result(r));
	expect(instances(&S.shared_pending, SIGRT(1)) == 1, "the refused sigqueue() was queued all the same");
	r = gen(SIGRT(3), SI_USER, 7, 0);
	expect(r == 0 && (S.shared_pending.signal & sigmask(SIGRT(3))),
	       "a kill() of a real-time signal past the limit is not refused: the signal is pending without its "
	       "siginfo (got %s, pending %#lx)", kshim_result(r), S.shared_pending.signal);
	kshim.sigqueue_max = 1;
	r = gen(SIGUSR2, SI_USER, 7, 0);
	expect(kshim.sigqueue_override, "a standard signal from kill() or the kernel (si_code >= 0) is queued "
	       "whatever RLIMIT_SIGPENDING says: sigqueue_alloc(t, true) (override_rlimit)");
	expect(r == 0 && instances(&S.shared_pending, SIGUSR2) == 1, "SIGUSR2 from kill() past the limit: got %s "
	       "with %d instances", kshim_result(r), instances(&S.shared_pending, SIGUSR2));
}

static void test_collect_clears_pending(void **state)
{
	(void)state;
	gen(SIGUSR1, SI_USER, 7, 0);
	struct kernel_siginfo got = { 0 };
	collect_signal(SIGUSR1, &S.shared_pending, &got);
	expect(!(S.shared_pending.signal & sigmask(SIGUSR1)),
	       "collect_signal took SIGUSR1's only instance but did not clear its pending bit: the signal would be "
	       "delivered again and again (the handler runs for ever)");
	expect(instances(&S.shared_pending, SIGUSR1) == 0 && kshim.sigqueues == 0,
	       "the collected instance must leave the queue and be freed (sigqueue_free)");
	expect(got.si_signo == SIGUSR1 && got.si_pid == 7, "collect_signal gave siginfo signo %d pid %d, expected "
	       "SIGUSR1 from 7", got.si_signo, got.si_pid);
}

static void test_collect_realtime_oldest_first(void **state)
{
	(void)state;
	gen(SIGRT(2), SI_QUEUE, 7, 100);
	gen(SIGRT(2), SI_QUEUE, 7, 101);
	struct kernel_siginfo got = { 0 };
	collect_signal(SIGRT(2), &S.shared_pending, &got);
	expect(got.si_value == 100, "of two queued instances, collect_signal took value %lu: the oldest (100) "
	       "goes first", (unsigned long)got.si_value);
	expect(S.shared_pending.signal & sigmask(SIGRT(2)),
	       "one instance of SIGRTMIN+2 is still queued but its pending bit was cleared: that instance is lost "
	       "(the bit stays while another instance is queued)");
	collect_signal(SIGRT(2), &S.shared_pending, &got);
	expect(got.si_value == 101 && !(S.shared_pending.signal & sigmask(SIGRT(2))),
	       "the second collect must give value 101 (got %lu) and clear the bit (pending %#lx)",
	       (unsigned long)got.si_value, S.shared_pending.signal);
}

static void test_collect_without_siginfo(void **state)
{
	(void)state;
	S.shared_pending.signal = sigmask(SIGUSR2); /* pending, its sigqueue could not be allocated */
	struct kernel_siginfo got = { .si_signo = 99, .si_code = 99, .si_pid = 99 };
	collect_signal(SIGUSR2, &S.shared_pending, &got);
	expect(got.si_signo == SIGUSR2 && got.si_code == SI_USER && got.si_pid == 0,
	       "a pending signal with no queued instance is delivered with si_signo SIGUSR2, si_code SI_USER and no "
	       "sender; got signo %d code %d pid %d", got.si_signo, got.si_code, got.si_pid);
	expect(!S.shared_pending.signal, "its pending bit must be cleared (pending %#lx)", S.shared_pending.signal);
}

static void test_dequeue_lowest_first(void **state)
{
	(void)state;
	gen(SIGTERM, SI_USER, 7, 0);
	gen(SIGUSR2, SI_USER, 7, 0);
	gen(SIGUSR1, SI_USER, 7, 0);
	struct kernel_siginfo got;
	int order[3];
	for (int i = 0; i < 3; i++)
		order[i] = dequeue_signal(&P, ~0UL, &got);
	expect(order[0] == SIGUSR1 && order[1] == SIGUSR2 && order[2] == SIGTERM,
	       "SIGTERM, SIGUSR2, SIGUSR1 pending: delivered as %d %d %d; the lowest-numbered goes first (10 12 15; "
	       "Linux's order, POSIX leaves it open)", order[0], order[1], order[2]);
	expect(dequeue_signal(&P, ~0UL, &got) == 0, "nothing is pending any more, dequeue_signal must return 0");
}

static void test_dequeue_sigkill_first(void **state)
{
	(void)state;
	gen(SIGHUP, SI_USER, 7, 0);
	gen(SIGKILL, SI_USER, 7, 0);
	struct kernel_siginfo got;
	int sig = dequeue_signal(&P, ~0UL, &got);
	expect(sig == SIGKILL, "SIGHUP (1) and SIGKILL (9) pending: SIGKILL must be taken first, got %d", sig);
}

static void test_dequeue_thread_set_first(void **state)
{
	(void)state;
	gen(SIGUSR1, SI_USER, 7, 0);
	struct kernel_siginfo t = info(SIGTERM, SI_TKILL, 8, 0);
	sigqueue_add(&P, &P.sig_pending_thread, &t);
	struct kernel_siginfo got;
	int sig = dequeue_signal(&P, ~0UL, &got);
	expect(sig == SIGTERM, "SIGTERM pending for the thread (tkill) and SIGUSR1 for the process: the thread's own "
	       "set goes first (Linux's dequeue_signal), got %d", sig);
	expect(!P.sig_pending_thread.signal, "the thread's SIGTERM must leave the thread's set");
}

static void test_dequeue_only_allowed(void **state)
{
	(void)state;
	gen(SIGUSR1, SI_USER, 7, 0);
	struct kernel_siginfo got;
	int sig = dequeue_signal(&P, sigmask(SIGUSR2), &got);
	expect(sig == 0, "only SIGUSR2 is allowed, SIGUSR1 is pending: dequeue_signal must return 0, got %d", sig);
	expect(S.shared_pending.signal == sigmask(SIGUSR1), "SIGUSR1 must stay pending (pending %#lx)",
	       S.shared_pending.signal);
}

static void test_next_skips_blocked(void **state)
{
	(void)state;
	gen(SIGUSR1, SI_USER, 7, 0);
	gen(SIGUSR2, SI_USER, 7, 0);
	P.sig_blocked = sigmask(SIGUSR1);
	struct kernel_siginfo got;
	int sig = next_signal(&P, &got);
	expect(sig == SIGUSR2, "SIGUSR1 is blocked, SIGUSR2 is not: next_signal must deliver SIGUSR2, got %d "
	       "(delivering a blocked signal: it stays pending until unblocked, sigprocmask(2))", sig);
	sig = next_signal(&P, &got);
	expect(sig == 0, "only the blocked SIGUSR1 is left: next_signal delivered %d (a blocked signal must not be "
	       "delivered)", sig);
	expect(S.shared_pending.signal == sigmask(SIGUSR1), "the blocked SIGUSR1 must stay pending (pending %#lx)",
	       S.shared_pending.signal);
}

static void test_next_sigkill_always(void **state)
{
	(void)state;
	gen(SIGKILL, SI_USER, 7, 0);
	P.sig_blocked = ~0UL; /* as if a bad mask had got through */
	struct kernel_siginfo got;
	int sig = next_signal(&P, &got);
	expect(sig == SIGKILL, "SIGKILL is pending with every bit of the mask set: SIGKILL cannot be blocked and "
	       "must be delivered, next_signal gave %d", sig);
}

static void test_set_blocked_unblockable(void **state)
{
	(void)state;
	set_task_blocked(&P, ~0UL);
	expect(!(P.sig_blocked & sigmask(SIGKILL)) && !(P.sig_blocked & sigmask(SIGSTOP)),
	       "set_task_blocked(all) left the mask %#lx: SIGKILL and SIGSTOP cannot be blocked (sigprocmask(2): "
	       "attempts to block them are silently ignored)", P.sig_blocked);
	expect(P.sig_blocked == (~0UL & ~UNBLOCKABLE), "set_task_blocked(all) must block every other signal "
	       "(mask %#lx)", P.sig_blocked);
	set_task_blocked(&P, sigmask(SIGINT));
	expect(P.sig_blocked == sigmask(SIGINT), "set_task_blocked(SIGINT) gave %#lx: the new mask replaces the "
	       "old", P.sig_blocked);
}

static void test_delivered_blocks_signal(void **state)
{
	(void)state;
	P.sig_blocked = sigmask(SIGINT);
	struct k_sigaction ka = { .handler = 0x400000, .mask = sigmask(SIGTERM) };
	u64 old = signal_delivered(&P, SIGUSR1, &ka);
	expect(old == sigmask(SIGINT), "signal_delivered returned %#lx: the frame must keep the mask from before "
	       "the handler (%#lx), for rt_sigreturn to put back", old, sigmask(SIGINT));
	expect(P.sig_blocked & sigmask(SIGUSR1), "while SIGUSR1's handler runs, SIGUSR1 itself must be blocked "
	       "(unless SA_NODEFER): a second SIGUSR1 waits until the handler returns instead of nesting (mask %#lx)",
	       P.sig_blocked);
	expect(P.sig_blocked & sigmask(SIGTERM), "while the handler runs its sa_mask (SIGTERM) must be blocked too "
	       "(mask %#lx)", P.sig_blocked);
	expect(P.sig_blocked & sigmask(SIGINT), "the mask blocked before the handler (SIGINT) stays blocked during "
	       "it (mask %#lx)", P.sig_blocked);
	expect(ka.handler == 0x400000, "without SA_RESETHAND the handler must stay installed");
}

static void test_delivered_nodefer_resethand(void **state)
{
	(void)state;
	struct k_sigaction ka = { .handler = 0x400000, .flags = SA_NODEFER | SA_RESETHAND | SA_SIGINFO,
				  .mask = sigmask(SIGKILL) | sigmask(SIGSTOP) };
	signal_delivered(&P, SIGUSR1, &ka);
	expect(!(P.sig_blocked & sigmask(SIGUSR1)), "with SA_NODEFER the signal is not blocked during its handler "
	       "(mask %#lx)", P.sig_blocked);
	expect(!(P.sig_blocked & UNBLOCKABLE), "an sa_mask naming SIGKILL and SIGSTOP must not block them (mask "
	       "%#lx)", P.sig_blocked);
	expect(ka.handler == SIG_DFL, "with SA_RESETHAND the action goes back to SIG_DFL as the handler starts "
	       "(handler %#lx)", (unsigned long)ka.handler);
}

static void test_delivered_after_sigsuspend(void **state)
{
	(void)state;
	P.sig_saved_mask = sigmask(SIGUSR1); /* rt_sigsuspend: the mask before, to come back */
	P.sig_restore_mask = true;
	P.sig_blocked = 0; /* its temporary mask */
	struct k_sigaction ka = { .handler = 0x400000 };
	u64 old = signal_delivered(&P, SIGUSR1, &ka);
	expect(old == sigmask(SIGUSR1), "a handler interrupting rt_sigsuspend: the frame must keep the mask from "
	       "before the sigsuspend (%#lx), not its temporary one; got %#lx", sigmask(SIGUSR1), old);
	expect(!P.sig_restore_mask, "the saved mask now travels in the frame: sig_restore_mask must be cleared, or "
	       "the next delivery would put it back again");
}

static void test_handler_then_second_signal(void **state)
{
	(void)state;
	/* The whole story of the `nested` and `pending` scenarios: a SIGUSR1 is delivered, a second arrives during
	 * its handler, and is delivered after rt_sigreturn puts the old mask back. */
	gen(SIGUSR1, SI_USER, 7, 0);
	struct kernel_siginfo got;
	int sig = next_signal(&P, &got);
	struct k_sigaction ka = { .handler = 0x400000 };
	u64 old = signal_delivered(&P, sig, &ka);
	gen(SIGUSR1, SI_USER, 8, 0); /* during the handler */
	expect(next_signal(&P, &got) == 0, "a second SIGUSR1 during SIGUSR1's handler must wait (it is blocked), "
	       "not nest");
	set_task_blocked(&P, old); /* rt_sigreturn */
	sig = next_signal(&P, &got);
	expect(sig == SIGUSR1 && got.si_pid == 8, "after the handler returns, the SIGUSR1 generated during it must be "
	       "delivered (got %d from %d): a signal generated during its handler is not lost", sig, got.si_pid);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_generate_sets_pending),
		T(test_generate_standard_coalesces),
		T(test_generate_realtime_queues),
		T(test_generate_blocked_stays),
		T(test_generate_rlimit),
		T(test_collect_clears_pending),
		T(test_collect_realtime_oldest_first),
		T(test_collect_without_siginfo),
		T(test_dequeue_lowest_first),
		T(test_dequeue_sigkill_first),
		T(test_dequeue_thread_set_first),
		T(test_dequeue_only_allowed),
		T(test_next_skips_blocked),
		T(test_next_sigkill_always),
		T(test_set_blocked_unblockable),
		T(test_delivered_blocks_signal),
		T(test_delivered_nodefer_resethand),
		T(test_delivered_after_sigsuspend),
		T(test_handler_then_second_signal),
	};
	return cmocka_run_group_tests_name("signal_core", tests, NULL, NULL);
}
