/* tests/unit/test_mqueue_core.c: ipc/mqueue_core.c, the order of a POSIX message queue and the hand-offs to
 * waiting senders and receivers (msg_insert, msg_get, wq_get_first_waiter, mq_pipelined_send,
 * mq_pipelined_receive), on the host with tests/unit/kshim.c standing for the kernel (complete() records the result
 * handed to a waiter).
 *
 * Messages are numbered by arrival (message #0 came first); a test sends them with priorities and checks the order
 * mq_receive(3) takes them in: "the oldest of the highest priority messages". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ipc/mqueue.h"
#include "kernel/errno.h"
#include "tests/unit/kshim.h"

#define NMSG 12
#define NWAIT 4

static struct mqueue_inode_info Q;
static struct msg_msg msgs[NMSG]; /* msgs[i]: the i-th sent (#i) */
static int nmsgs;
static struct ext_wait_queue waiters[NWAIT];

static int setup(void **state)
{
	(void)state;
	kshim_reset();
	memset(&Q, 0, sizeof Q);
	list_init(&Q.messages);
	list_init(&Q.e_wait_q[SEND]);
	list_init(&Q.e_wait_q[RECV]);
	Q.attr.mq_maxmsg = NMSG;
	Q.attr.mq_msgsize = 100;
	memset(msgs, 0, sizeof msgs);
	nmsgs = 0;
	memset(waiters, 0, sizeof waiters);
	return 0;
}

/* new_msg: message #nmsgs with priority prio and size bytes (not queued). */
static struct msg_msg *new_msg(long prio, size_t size)
{
	struct msg_msg *m = &msgs[nmsgs++];
	m->m_type = prio;
	m->m_ts = size;
	return m;
}

/* send: messages of the given priorities (-1 ends the list), 10 bytes each, inserted in that order. */
static void send(long prio, ...)
{
	va_list ap;
	va_start(ap, prio);
	for (; prio >= 0; prio = va_arg(ap, long))
		msg_insert(new_msg(prio, 10), &Q);
	va_end(ap);
}

static int index_of(const struct msg_msg *m) { return m ? (int)(m - msgs) : -1; }

/* expect_order: msg_get takes the messages in the order want[] (arrival numbers, -1 ends it), then nothing. */
static void expect_order(const char *prios, const int *want, const char *why)
{
	for (int i = 0;; i++) {
		int got = index_of(msg_get(&Q));
		expect(got == want[i], "priorities %s sent in that order: receive %d took message #%d, expected #%d: %s",
		       prios, i + 1, got, want[i], why);
		if (want[i] < 0)
			break;
	}
}

/* ---- msg_insert, msg_get ---- */

static void test_priority_order(void **state)
{
	(void)state;
	send(1L, 5L, 3L, 5L, 0L, 3L, 1L, -1L);
	int want[] = { 1, 3, 2, 5, 0, 6, 4, -1 };
	expect_order("1 5 3 5 0 3 1", want,
		     "the highest priority first, and within one priority the oldest first (mq_send(3): newer messages "
		     "go after older ones of the same priority)");
}

static void test_fifo_one_priority(void **state)
{
	(void)state;
	send(0L, 0L, 0L, 0L, -1L);
	int want[] = { 0, 1, 2, 3, -1 };
	expect_order("0 0 0 0", want, "with one priority the queue is FIFO");
}

static void test_counts(void **state)
{
	(void)state;
	msg_insert(new_msg(2, 30), &Q);
	msg_insert(new_msg(7, 5), &Q);
	expect(Q.attr.mq_curmsgs == 2 && Q.qsize == 35, "after two sends of 30 and 5 bytes mq_curmsgs is %ld (want 2) and "
							 "qsize %llu (want 35: the bytes of the messages' text)",
	       Q.attr.mq_curmsgs, (unsigned long long)Q.qsize);
	struct msg_msg *m = msg_get(&Q);
	expect(m == &msgs[1] && Q.attr.mq_curmsgs == 1 && Q.qsize == 30,
	       "a receive takes the priority 7 message (#1): got #%d, mq_curmsgs %ld, qsize %llu", index_of(m),
	       Q.attr.mq_curmsgs, (unsigned long long)Q.qsize);
	msg_get(&Q);
	expect(msg_get(&Q) == NULL && Q.attr.mq_curmsgs == 0 && Q.qsize == 0, "an empty queue gives nothing");
}

/* ---- hand-offs ---- */

/* wait_on: waiter i (pid 100 + i) sleeps on e_wait_q[sr], a sender with msg. */
static struct ext_wait_queue *wait_on(int i, int sr, struct msg_msg *msg)
{
	struct ext_wait_queue *w = &waiters[i];
	w->pid = 100 + i;
	w->msg = msg;
	init_completion(&w->done, NULL, &Q);
	list_add_tail(&w->list, &Q.e_wait_q[sr]);
	return w;
}

static bool on_list(const struct ext_wait_queue *w, int sr)
{
	struct list_head *pos;
	list_for_each (pos, &Q.e_wait_q[sr])
		if (pos == &w->list)
			return true;
	return false;
}

static void test_send_to_waiting_receiver(void **state)
{
	(void)state;
	struct ext_wait_queue *a = wait_on(0, RECV, NULL), *b = wait_on(1, RECV, NULL);
	expect(wq_get_first_waiter(&Q, RECV) == a, "the receiver that waited longest is served first");
	struct msg_msg *m = new_msg(4, 10);
	mq_pipelined_send(&Q, m, a);
	expect(a->msg == m && a->done.done && a->done.result == 0,
	       "the receiver must have the message and be completed with 0 (done %d, result %s)", a->done.done,
	       kshim_result(a->done.result));
	expect(!on_list(a, RECV), "the receiver that got the message is still waiting");
	expect(on_list(b, RECV) && !b->done.done, "the second receiver must go on waiting");
	expect(Q.attr.mq_curmsgs == 0 && list_empty(&Q.messages), "a message handed over is not queued");
	expect(wq_get_first_waiter(&Q, RECV) == b, "the second receiver is first now");
}

static void test_receive_takes_waiting_sender(void **state)
{
	(void)state;
	Q.attr.mq_maxmsg = 3;
	send(1L, 1L, 1L, -1L);
	struct ext_wait_queue *s = wait_on(0, SEND, new_msg(9, 10)); /* #3: priority 9 */
	struct ext_wait_queue *t = wait_on(1, SEND, new_msg(0, 10)); /* #4 */
	struct msg_msg *got = msg_get(&Q);
	expect(got == &msgs[0], "a receive takes #0");
	expect(mq_pipelined_receive(&Q), "a sender waits for room: mq_pipelined_receive must say it took it");
	expect(s->done.done && s->done.result == 0 && !on_list(s, SEND),
	       "the first waiting sender's message went into the queue: it must be completed with 0 and off the list");
	expect(on_list(t, SEND) && !t->done.done, "the second sender must go on waiting: there was room for one");
	expect(Q.attr.mq_curmsgs == 3, "the queue is full again (mq_curmsgs %ld)", Q.attr.mq_curmsgs);
	int want[] = { 3, 1, 2, -1 };
	expect_order("1 1 1, then 9 from a waiting sender", want,
		     "the sender's message goes in its place by priority, not at the end");
}

static void test_receive_no_sender(void **state)
{
	(void)state;
	send(1L, -1L);
	msg_get(&Q);
	expect(!mq_pipelined_receive(&Q) && kshim.completions == 0,
	       "no sender waits: mq_pipelined_receive returns false (the caller wakes the pollers) and completes nobody");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_priority_order, setup, kshim_teardown),
		cmocka_unit_test_setup_teardown(test_fifo_one_priority, setup, kshim_teardown),
		cmocka_unit_test_setup_teardown(test_counts, setup, kshim_teardown),
		cmocka_unit_test_setup_teardown(test_send_to_waiting_receiver, setup, kshim_teardown),
		cmocka_unit_test_setup_teardown(test_receive_takes_waiting_sender, setup, kshim_teardown),
		cmocka_unit_test_setup_teardown(test_receive_no_sender, setup, kshim_teardown),
	};
	return cmocka_run_group_tests_name("mqueue_core", tests, NULL, NULL);
}
