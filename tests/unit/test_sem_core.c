/* tests/unit/test_sem_core.c: ipc/sem_core.c, what a semop means (perform_atomic_semop, update_queue,
 * count_semcnt), on the host with tests/unit/kshim.c standing for the kernel (complete() records the result
 * handed to a waiter). `make test-core LAB=semaphores IMPL=student` runs it against
 * labs/semaphores/student/sem_core.c.
 *
 * A test builds a set of NSEMS semaphores and queues waiters as ipc/sem.c's do_semtimedop does (a semop that
 * would block goes on pending_alter, or pending_const when it only waits for zeros), changes the set, and checks
 * what update_queue completed, with which result, and what the set holds: semop(2)'s rules, as
 * labs/semaphores/todo/ states them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ipc/sem.h"
#include "kernel/errno.h"
#include "tests/unit/kshim.h"

#define NSEMS 3
#define MAXOPS 4
#define OLDPID 7 /* sempid of every semaphore before a test */

static struct sem_array S;
static struct sem sems[NSEMS];

/* struct waiter: one semop of process pid, with its operations and (when one has SEM_UNDO) its semadj. */
struct waiter {
	struct sem_queue q;
	struct sembuf sops[MAXOPS];
	struct sem_undo un;
	short semadj[NSEMS];
};

static int setup(void **state)
{
	(void)state;
	kshim_reset();
	memset(&S, 0, sizeof S);
	S.sem_nsems = NSEMS;
	S.sems = sems;
	list_init(&S.pending_alter);
	list_init(&S.pending_const);
	list_init(&S.list_id);
	for (int i = 0; i < NSEMS; i++)
		sems[i] = (struct sem){ .semval = 0, .sempid = OLDPID };
	return 0;
}

static void set(int v0, int v1, int v2)
{
	sems[0].semval = v0;
	sems[1].semval = v1;
	sems[2].semval = v2;
}

static struct sembuf op(int num, int sem_op, int flg)
{
	return (struct sembuf){ (u16)num, (int16_t)sem_op, (int16_t)flg };
}

/* semop: w becomes process pid's semop of the n operations given (as do_semtimedop makes it: alter when one
 * changes a value, an undo structure when one has SEM_UNDO). */
static struct waiter *semop(struct waiter *w, int pid, int n, ...)
{
	memset(w, 0, sizeof *w);
	va_list ap;
	va_start(ap, n);
	bool undo = false;
	for (int i = 0; i < n; i++) {
		w->sops[i] = va_arg(ap, struct sembuf);
		w->q.alter |= w->sops[i].sem_op != 0;
		undo |= (w->sops[i].sem_flg & SEM_UNDO) != 0;
	}
	va_end(ap);
	w->q.pid = pid;
	w->q.sops = w->sops;
	w->q.nsops = n;
	w->q.blocking = -1;
	w->un = (struct sem_undo){ .pid = pid, .nsems = NSEMS, .semadj = w->semadj };
	w->q.undo = undo ? &w->un : NULL;
	return w;
}

/* try: perform_atomic_semop of w. */
static int try(struct waiter *w) { return perform_atomic_semop(&S, &w->q); }

/* enqueue: w could not proceed (perform_atomic_semop said 1): it sleeps on the set's list, as in ipc/sem.c. */
static void enqueue(struct waiter *w)
{
	int r = try(w);
	expect(r == 1,
	       "setting up: the semop of process %d should have to wait (1), but perform_atomic_semop returned %s. "
	       "update_queue's tests need a right perform_atomic_semop: make its tests pass first",
	       w->q.pid, kshim_result(r));
	init_completion(&w->q.done, NULL, &S);
	list_add_tail(&w->q.list, w->q.alter ? &S.pending_alter : &S.pending_const);
}

static bool queued(struct waiter *w)
{
	struct list_head *pos;
	list_for_each (pos, w->q.alter ? &S.pending_alter : &S.pending_const)
		if (pos == &w->q.list)
			return true;
	return false;
}

/* completed: w was completed with result, and left its list. */
static void expect_completed(struct waiter *w, long result, const char *why)
{
	expect(w->q.done.done, "process %d's waiting semop was not completed: %s", w->q.pid, why);
	expect(w->q.done.result == result, "process %d's waiting semop was completed with %s, expected %s: %s",
	       w->q.pid, kshim_result(w->q.done.result), kshim_result(result), why);
	expect(!queued(w),
	       "process %d's semop was completed but is still on the set's list: a finished waiter leaves its list "
	       "(wake_waiter does both)",
	       w->q.pid);
}

static void expect_waiting(struct waiter *w, const char *why)
{
	expect(!w->q.done.done, "process %d's semop was completed (result %s) though it cannot proceed: %s", w->q.pid,
	       kshim_result(w->q.done.result), why);
	expect(queued(w),
	       "process %d's semop, which still cannot proceed, left the set's list: it would never be woken",
	       w->q.pid);
}

static void expect_values(int v0, int v1, int v2, const char *after)
{
	expect(sems[0].semval == v0 && sems[1].semval == v1 && sems[2].semval == v2,
	       "after %s the semvals are {%d, %d, %d}, expected {%d, %d, %d}", after, sems[0].semval, sems[1].semval,
	       sems[2].semval, v0, v1, v2);
}

/* ---- perform_atomic_semop ---- */

static void test_p_and_v(void **state)
{
	(void)state;
	struct waiter w;
	set(1, 0, 0);
	int r = try(semop(&w, 10, 1, op(0, -1, 0)));
	expect(r == 0, "P (-1) on a semaphore of value 1 returned %s: it proceeds (0)", kshim_result(r));
	expect_values(0, 0, 0, "P on 1");
	r = try(semop(&w, 10, 1, op(0, -1, 0)));
	expect(r == 1, "P (-1) on a semaphore of value 0 returned %s: it must wait (1)", kshim_result(r));
	expect_values(0, 0, 0, "a P that must wait");
	expect(w.q.blocking == 0, "the P that must wait is operation 0; q->blocking says %d", w.q.blocking);
	r = try(semop(&w, 10, 1, op(0, 3, 0)));
	expect(r == 0, "V (+3) returned %s", kshim_result(r));
	expect_values(3, 0, 0, "V (+3) on 0");
	r = try(semop(&w, 10, 1, op(0, -3, 0)));
	expect(r == 0 && sems[0].semval == 0,
	       "P (-3) on a semaphore of value 3 returned %s and left %d: it proceeds and leaves 0", kshim_result(r),
	       sems[0].semval);
}

static void test_all_or_nothing(void **state)
{
	(void)state;
	struct waiter w;
	set(1, 0, 5);
	int r = try(semop(&w, 10, 2, op(0, -1, 0), op(1, -1, 0)));
	expect(r == 1, "{P(sem 0), P(sem 1)} with sem 1 at 0 returned %s: it must wait (1)", kshim_result(r));
	expect(sems[0].semval == 1,
	       "{P(sem 0), P(sem 1)} must wait for sem 1, but sem 0 was left at %d, not 1: when one operation cannot "
	       "proceed, the ones before it are undone (all or nothing: semop(2), 'the operations are performed "
	       "atomically')",
	       sems[0].semval);
	expect(w.q.blocking == 1, "the operation that blocks is number 1 (sem 1); q->blocking says %d", w.q.blocking);
	r = try(semop(&w, 10, 3, op(2, 4, 0), op(0, 2, 0), op(1, -1, 0)));
	expect(r == 1, "{V(sem 2, +4), V(sem 0, +2), P(sem 1)} with sem 1 at 0 returned %s, expected 1",
	       kshim_result(r));
	expect_values(1, 0, 5, "{V, V, P} whose P must wait (both Vs must be undone)");
	r = try(semop(&w, 10, 2, op(0, -1, 0), op(0, -1, 0)));
	expect(r == 1, "two P's on sem 0 of value 1 in one semop returned %s: the second must wait", kshim_result(r));
	expect_values(1, 0, 5, "two P's on one semaphore of value 1 (the first must be undone)");
	r = try(semop(&w, 10, 3, op(0, -1, 0), op(2, -5, 0), op(1, 1, 0)));
	expect(r == 0, "{P(sem 0), P(sem 2, -5), V(sem 1)} that can all proceed returned %s", kshim_result(r));
	expect_values(0, 1, 0, "{P(sem 0), P(sem 2, -5), V(sem 1)}");
}

static void test_semadj(void **state)
{
	(void)state;
	struct waiter w;
	set(2, 0, 0);
	semop(&w, 10, 3, op(0, -1, SEM_UNDO), op(1, 3, SEM_UNDO), op(2, 1, 0));
	int r = try(&w);
	expect(r == 0, "{P(sem 0) UNDO, V(sem 1, +3) UNDO, V(sem 2)} returned %s", kshim_result(r));
	expect(w.semadj[0] == 1 && w.semadj[1] == -3 && w.semadj[2] == 0,
	       "after {P(sem 0) with SEM_UNDO, V(sem 1, +3) with SEM_UNDO, V(sem 2) without} semadj is {%d, %d, %d}, "
	       "expected {1, -3, 0}: SEM_UNDO adds the opposite of the operation to semadj (semadj -= sem_op), and "
	       "only with the flag",
	       w.semadj[0], w.semadj[1], w.semadj[2]);
}

static void test_all_or_nothing_semadj(void **state)
{
	(void)state;
	struct waiter w;
	set(1, 0, 0);
	semop(&w, 10, 2, op(0, -1, SEM_UNDO), op(1, -1, SEM_UNDO));
	int r = try(&w);
	expect(r == 1, "{P(sem 0) UNDO, P(sem 1) UNDO} with sem 1 at 0 returned %s, expected 1", kshim_result(r));
	expect(sems[0].semval == 1, "the undone P left sem 0 at %d", sems[0].semval);
	expect(w.semadj[0] == 0 && w.semadj[1] == 0,
	       "{P(sem 0) UNDO, P(sem 1) UNDO} must wait, but semadj was left at {%d, %d}, not {0, 0}: the adjustment "
	       "of an undone operation is undone too",
	       w.semadj[0], w.semadj[1]);
}

static void test_nowait(void **state)
{
	(void)state;
	struct waiter w;
	set(0, 0, 0);
	int r = try(semop(&w, 10, 1, op(0, -1, IPC_NOWAIT)));
	expect(r == -EAGAIN, "P with IPC_NOWAIT on a semaphore of value 0 returned %s: -EAGAIN, not waiting",
	       kshim_result(r));
	r = try(semop(&w, 10, 2, op(1, 1, 0), op(0, -1, IPC_NOWAIT)));
	expect(r == -EAGAIN, "{V(sem 1), P(sem 0) IPC_NOWAIT} with sem 0 at 0 returned %s, expected -EAGAIN",
	       kshim_result(r));
	expect_values(0, 0, 0, "{V(sem 1), P(sem 0) IPC_NOWAIT} that failed with EAGAIN (the V must be undone)");
	r = try(semop(&w, 10, 1, op(0, 0, IPC_NOWAIT)));
	expect(r == 0, "wait-for-zero with IPC_NOWAIT on a semaphore of value 0 returned %s: it proceeds",
	       kshim_result(r));
	set(1, 0, 0);
	r = try(semop(&w, 10, 2, op(0, -1, IPC_NOWAIT), op(1, -1, 0)));
	expect(r == 1,
	       "{P(sem 0) IPC_NOWAIT, P(sem 1)}: the P that blocks (on sem 1) has no IPC_NOWAIT, so the semop waits "
	       "(1); perform_atomic_semop returned %s. IPC_NOWAIT counts for the operation that cannot proceed "
	       "(semop(2))",
	       kshim_result(r));
}

static void test_wait_for_zero(void **state)
{
	(void)state;
	struct waiter w;
	set(2, 0, 0);
	int r = try(semop(&w, 10, 1, op(0, 0, 0)));
	expect(r == 1,
	       "wait-for-zero (sem_op 0) on a semaphore of value 2 returned %s: it must wait until the value is 0 (1)",
	       kshim_result(r));
	expect(w.q.blocking == 0, "q->blocking says %d for a wait-for-zero that blocks on operation 0", w.q.blocking);
	expect_values(2, 0, 0, "a wait-for-zero that must wait");
	r = try(semop(&w, 10, 2, op(1, 0, 0), op(0, -2, 0)));
	expect(r == 0, "{wait-for-zero(sem 1), P(sem 0, -2)} with sem 1 at 0 and sem 0 at 2 returned %s",
	       kshim_result(r));
	expect_values(0, 0, 0, "{wait-for-zero(sem 1), P(sem 0, -2)}");
}

static void test_erange(void **state)
{
	(void)state;
	struct waiter w;
	set(SEMVMX - 1, 0, 0);
	int r = try(semop(&w, 10, 1, op(0, 1, 0)));
	expect(r == 0 && sems[0].semval == SEMVMX, "V to exactly SEMVMX (%d) returned %s: it is allowed", SEMVMX,
	       kshim_result(r));
	r = try(semop(&w, 10, 1, op(0, 1, 0)));
	expect(r == -ERANGE, "V past SEMVMX (%d) returned %s: -ERANGE", SEMVMX, kshim_result(r));
	expect(sems[0].semval == SEMVMX, "a V that failed with ERANGE changed the value to %d", sems[0].semval);
	r = try(semop(&w, 10, 2, op(1, 5, 0), op(0, 1, 0)));
	expect(r == -ERANGE, "{V(sem 1, +5), V(sem 0) past SEMVMX} returned %s: -ERANGE", kshim_result(r));
	expect(sems[1].semval == 0,
	       "{V(sem 1, +5), V(sem 0) past SEMVMX} failed with ERANGE but left sem 1 at %d: all or nothing holds for "
	       "errors too",
	       sems[1].semval);

	set(5, 5, 0);
	semop(&w, 10, 1, op(0, 1, SEM_UNDO));
	w.semadj[0] = -SEMAEM - 1;
	r = try(&w);
	expect(r == -ERANGE,
	       "V with SEM_UNDO whose semadj is already -(SEMAEM+1) returned %s: the adjustment would leave "
	       "-(SEMAEM+1)..SEMAEM: -ERANGE",
	       kshim_result(r));
	expect(sems[0].semval == 5 && w.semadj[0] == -SEMAEM - 1,
	       "the V that failed with ERANGE changed the value (%d) or semadj (%d)", sems[0].semval, w.semadj[0]);
	semop(&w, 10, 2, op(1, -1, SEM_UNDO), op(0, -1, SEM_UNDO));
	w.semadj[0] = SEMAEM;
	r = try(&w);
	expect(r == -ERANGE, "P with SEM_UNDO whose semadj is already SEMAEM returned %s: -ERANGE", kshim_result(r));
	expect(sems[1].semval == 5 && w.semadj[1] == 0,
	       "{P(sem 1) UNDO, P(sem 0) UNDO out of range} left sem 1 at %d and its semadj at %d: both must be undone",
	       sems[1].semval, w.semadj[1]);
}

static void test_sempid(void **state)
{
	(void)state;
	struct waiter w;
	set(1, 0, 0);
	int r = try(semop(&w, 10, 2, op(0, -1, 0), op(1, -1, 0)));
	expect(r == 1, "{P(sem 0), P(sem 1)} with sem 1 at 0 returned %s, expected 1", kshim_result(r));
	expect(sems[0].sempid == OLDPID && sems[1].sempid == OLDPID,
	       "a semop that must wait changed sempid: only a semop that is performed does");
	r = try(semop(&w, 11, 2, op(0, -1, 0), op(2, 0, 0)));
	expect(r == 0, "{P(sem 0), wait-for-zero(sem 2)} returned %s", kshim_result(r));
	expect(sems[0].sempid == 11 && sems[2].sempid == 11,
	       "after process 11's semop on sems 0 and 2, sempid is {%d, %d, %d}: each semaphore the semop touched "
	       "records the pid (GETPID; semop(2): 'sempid is set to the caller's PID')",
	       sems[0].sempid, sems[1].sempid, sems[2].sempid);
	expect(sems[1].sempid == OLDPID, "sempid of sem 1, which the semop did not touch, changed");
}

/* ---- update_queue ---- */

static void test_v2_two_waiters(void **state)
{
	(void)state;
	struct waiter a, b, v;
	set(0, 0, 0);
	enqueue(semop(&a, 20, 1, op(0, -1, 0)));
	enqueue(semop(&b, 21, 1, op(0, -1, 0)));
	expect(try(semop(&v, 30, 1, op(0, 2, 0))) == 0, "V(+2) failed");
	bool r = update_queue(&S);
	expect(a.q.done.done && b.q.done.done,
	       "V(+2) with two processes waiting in P (-1): update_queue completed %s: both can proceed, and "
	       "update_queue must complete every waiter that can, not stop after the first",
	       a.q.done.done   ? "only the first"
	       : b.q.done.done ? "only the second"
			       : "neither");
	expect_completed(&a, 0, "its P can proceed");
	expect_completed(&b, 0, "its P can proceed");
	expect_values(0, 0, 0, "V(+2) and two P's");
	expect(r, "update_queue completed two waiters but returned false");
	expect(sems[0].sempid == 21 || sems[0].sempid == 20, "sempid is %d after the waiters' P's", sems[0].sempid);
}

static void test_arrival_order(void **state)
{
	(void)state;
	struct waiter a, b;
	set(0, 0, 0);
	enqueue(semop(&a, 20, 1, op(0, -1, 0)));
	enqueue(semop(&b, 21, 1, op(0, -1, 0)));
	sems[0].semval = 1;
	update_queue(&S);
	expect(a.q.done.done && !b.q.done.done,
	       "one V, two waiting P's: the first to wait (process 20) must get it, in arrival order; completed: 20 "
	       "%s, 21 %s",
	       a.q.done.done ? "yes" : "no", b.q.done.done ? "yes" : "no");
	expect_waiting(&b, "the value is 0 again");
	expect(b.q.blocking == 0, "the waiter still blocked should say q->blocking 0, not %d", b.q.blocking);
}

static void test_restart_after_completion(void **state)
{
	(void)state;
	struct waiter a, b;
	set(0, 0, 0);
	enqueue(semop(&a, 20, 1, op(0, -1, 0))); /* first: P(sem 0) */
	enqueue(semop(&b, 21, 2, op(1, -1, 0), op(0, 1, 0))); /* then: P(sem 1) and V(sem 0) */
	sems[1].semval = 1; /* a V on sem 1 lets process 21 through */
	update_queue(&S);
	expect_completed(&b, 0, "its P on sem 1 can proceed");
	expect(a.q.done.done,
	       "process 21's semop {P(sem 1), V(sem 0)} completed, and its V lets process 20's P(sem 0), queued before "
	       "it, proceed, but update_queue did not complete it: after completing a waiter, update_queue must start "
	       "again from the first waiter (Linux's update_queue restarts its scan), since the values changed");
	expect_completed(&a, 0, "sem 0 was made 1 by process 21");
	expect_values(0, 0, 0, "both waiters' operations");
}

static void test_zero_waiters(void **state)
{
	(void)state;
	struct waiter z, p;
	set(1, 0, 0);
	enqueue(semop(&z, 20, 1, op(0, 0, 0)));
	expect(list_empty(&S.pending_alter) && !list_empty(&S.pending_const),
	       "setting up: a wait-for-zero goes on pending_const");
	expect(try(semop(&p, 30, 1, op(0, -1, 0))) == 0, "P failed");
	bool r = update_queue(&S);
	expect_completed(&z, 0,
			 "a waiter for zero, and the value is now 0: the waiters on pending_const are completed too");
	expect(r, "update_queue completed a wait-for-zero but returned false");
}

static void test_zero_after_alter(void **state)
{
	(void)state;
	struct waiter z, a;
	set(1, 0, 0);
	enqueue(semop(&z, 20, 1, op(0, 0, 0))); /* waits for sem 0 to be 0 */
	enqueue(semop(&a, 21, 2, op(1, -1, 0), op(0, -1, 0))); /* P(sem 1) and P(sem 0) */
	sems[1].semval = 1;
	update_queue(&S);
	expect_completed(&a, 0, "its operations can proceed");
	expect(z.q.done.done,
	       "process 21's semop took sem 0 to 0, and process 20 waits for zero on it, but update_queue did not "
	       "complete it: after an altering waiter completes, start again from the wait-for-zero waiters");
	expect_completed(&z, 0, "sem 0 is 0");
}

static void test_zero_waiters_first(void **state)
{
	(void)state;
	struct waiter z, a;
	set(1, 0, 0);
	enqueue(semop(&z, 20, 1, op(0, 0, 0))); /* waits for sem 0 to be 0 */
	enqueue(semop(&a, 21, 2, op(1, -1, 0), op(0, 1, 0))); /* P(sem 1), V(sem 0) */
	sems[0].semval = 0;
	sems[1].semval = 1;
	update_queue(&S);
	expect_completed(&a, 0, "its P on sem 1 can proceed");
	expect(z.q.done.done, "sem 0 became 0 and sem 1 became 1: the wait-for-zero on sem 0 and {P(sem 1), V(sem 0)} "
			      "can both proceed when the wait-for-zero goes first, as Linux's update_queue tries "
			      "pending_const before pending_alter; update_queue left the wait-for-zero waiting");
}

static void test_failing_waiter(void **state)
{
	(void)state;
	struct waiter w, o;
	set(0, 0, 0);
	enqueue(semop(&w, 20, 2, op(1, -1, 0), op(0, 1, 0))); /* P(sem 1), V(sem 0) */
	enqueue(semop(&o, 21, 1, op(2, -1, 0)));
	sems[0].semval = SEMVMX; /* SETVAL: sem 0 is full */
	sems[1].semval = 1;
	bool r = update_queue(&S);
	expect(w.q.done.done, "process 20's semop {P(sem 1), V(sem 0)} can no longer succeed (sem 0 is at SEMVMX: "
			      "-ERANGE) and was not completed: a waiter whose operations now fail is completed with "
			      "the error, else it sleeps for ever");
	expect_completed(&w, -ERANGE, "its V would pass SEMVMX");
	expect_values(SEMVMX, 1, 0, "a waiter whose semop failed with ERANGE");
	expect_waiting(&o, "sem 2 is still 0");
	expect(!r, "update_queue returned true, but no waiter's operations were performed (one failed)");
}

static void test_nothing_to_do(void **state)
{
	(void)state;
	struct waiter a, z;
	set(0, 1, 0);
	enqueue(semop(&a, 20, 1, op(0, -1, 0)));
	enqueue(semop(&z, 21, 1, op(1, 0, 0)));
	bool r = update_queue(&S);
	expect(!r, "update_queue returned true but nobody could proceed");
	expect_waiting(&a, "sem 0 is 0");
	expect_waiting(&z, "sem 1 is 1");
	expect(kshim.completions == 0, "update_queue called complete() %d times with nobody able to proceed",
	       kshim.completions);
	sems[0].semval = 1;
	update_queue(&S);
	update_queue(&S); /* the completed waiter must not be found again */
	expect_completed(&a, 0, "sem 0 became 1");
	expect(kshim.completions == 1, "two update_queue calls completed the one waiter that could proceed %d times",
	       kshim.completions);
}

/* ---- count_semcnt: GETNCNT and GETZCNT ---- */

static void test_count_semcnt(void **state)
{
	(void)state;
	struct waiter a, b, z;
	set(0, 1, 0);
	enqueue(semop(&a, 20, 1, op(0, -1, 0))); /* blocks on sem 0 (decrement) */
	enqueue(semop(&b, 21, 2, op(1, 0, 0), op(0, -1, 0))); /* blocks on sem 1 (zero), not on sem 0 */
	enqueue(semop(&z, 22, 1, op(1, 0, 0)));
	expect(count_semcnt(&S, 0, false) == 1,
	       "GETNCNT of sem 0 is %d: only process 20 blocks on a decrement of sem 0 (process 21 blocks on its first "
	       "operation)",
	       count_semcnt(&S, 0, false));
	expect(count_semcnt(&S, 1, true) == 2, "GETZCNT of sem 1 is %d, expected 2", count_semcnt(&S, 1, true));
	expect(count_semcnt(&S, 0, true) == 0 && count_semcnt(&S, 2, false) == 0, "GETZCNT(0)/GETNCNT(2) not 0");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, kshim_teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_p_and_v),
		T(test_all_or_nothing),
		T(test_semadj),
		T(test_all_or_nothing_semadj),
		T(test_nowait),
		T(test_wait_for_zero),
		T(test_erange),
		T(test_sempid),
		T(test_v2_two_waiters),
		T(test_arrival_order),
		T(test_restart_after_completion),
		T(test_zero_waiters),
		T(test_zero_after_alter),
		T(test_zero_waiters_first),
		T(test_failing_waiter),
		T(test_nothing_to_do),
		T(test_count_semcnt),
	};
	return cmocka_run_group_tests_name("sem_core", tests, NULL, NULL);
}
