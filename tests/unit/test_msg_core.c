/* tests/unit/test_msg_core.c: ipc/msg_core.c, which message a msgrcv takes and the hand-off to a waiting
 * receiver (convert_mode, testmsg, find_msg, pipelined_send), on the host with tests/unit/kshim.c standing for
 * the kernel (complete() records the result handed to a receiver). `make test-core LAB=msgqueue IMPL=student`
 * runs it against labs/msgqueue/student/msg_core.c.
 *
 * A test queues messages (numbered by arrival: message #0 came first) and receivers as ipc/msg.c does, and
 * checks the rules of msgrcv(2) and msgsnd(2) as labs/msgqueue/todo/ states them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ipc/msg.h"
#include "kernel/errno.h"
#include "tests/unit/kshim.h"

#define NMSG 8
#define NRCV 4

static struct msg_queue Q;
static struct msg_msg msgs[NMSG]; /* msgs[i]: the i-th queued (#i) */
static int nmsgs;
static struct msg_receiver rcv[NRCV];

static int setup(void **state)
{
	(void)state;
	kshim_reset();
	memset(&Q, 0, sizeof Q);
	list_init(&Q.q_messages);
	list_init(&Q.q_receivers);
	list_init(&Q.q_senders);
	Q.q_lrpid = 7;
	Q.q_rtime = 1000;
	memset(msgs, 0, sizeof msgs);
	nmsgs = 0;
	memset(rcv, 0, sizeof rcv);
	return 0;
}

/* queue: messages of the given types (nonzero-terminated list, 0 ends it), 10 bytes each, in that order. */
static void queue(long type, ...)
{
	va_list ap;
	va_start(ap, type);
	for (; type; type = va_arg(ap, long)) {
		struct msg_msg *m = &msgs[nmsgs++];
		m->m_type = type;
		m->m_ts = 10;
		list_add_tail(&m->m_list, &Q.q_messages);
	}
	va_end(ap);
}

/* index_of: m's arrival number, -1 for NULL. */
static int index_of(const struct msg_msg *m) { return m ? (int)(m - msgs) : -1; }

/* receive: find_msg as msgrcv(msgtyp, msgflg) asks it: the arrival number of the message taken, or -1. */
static int receive(long msgtyp, int msgflg)
{
	int mode = convert_mode(&msgtyp, msgflg);
	struct list_head before = Q.q_messages;
	int i = index_of(find_msg(&Q, msgtyp, mode));
	expect(Q.q_messages.next == before.next && Q.q_messages.prev == before.prev,
	       "find_msg changed the queue: it only finds the message (msgrcv removes it)");
	return i;
}

static const char *flagname(int msgflg)
{
	return msgflg & MSG_COPY ? " | MSG_COPY" : msgflg & MSG_EXCEPT ? " | MSG_EXCEPT" : "";
}

/* which: "message #i" or "nothing" (rotating buffers). */
static const char *which(int i)
{
	static char bufs[2][32];
	static int next;
	char *b = bufs[next++ % 2];
	if (i < 0)
		return "nothing";
	snprintf(b, sizeof bufs[0], "message #%d", i);
	return b;
}

static const char *mode_name(int mode)
{
	static const char *const names[] = {
		"?", "SEARCH_ANY", "SEARCH_EQUAL", "SEARCH_NOTEQUAL", "SEARCH_LESSEQUAL", "SEARCH_NUMBER"
	};
	return mode >= 1 && mode <= SEARCH_NUMBER ? names[mode] : "?";
}

/* expect_receive: msgrcv(msgtyp, msgflg) on the queue (described by the local `types`) takes message #want
 * (-1: none). */
#define expect_receive(msgtyp, msgflg, want, why)                                                                      \
	do {                                                                                                           \
		int got_ = receive(msgtyp, msgflg);                                                                    \
		expect(got_ == (want), "queue of types %s: msgrcv(msgtyp %ld%s) takes %s; find_msg found %s: %s",      \
		       types, (long)(msgtyp), flagname(msgflg), which(want), which(got_), why);                        \
	} while (0)

/* ---- convert_mode, testmsg ---- */

static void test_convert_mode(void **state)
{
	(void)state;
	long t = 0;
	expect(convert_mode(&t, 0) == SEARCH_ANY, "msgtyp 0 is SEARCH_ANY");
	expect(convert_mode(&t, MSG_EXCEPT) == SEARCH_ANY, "msgtyp 0 with MSG_EXCEPT is SEARCH_ANY (Linux)");
	t = 5;
	expect(convert_mode(&t, 0) == SEARCH_EQUAL && t == 5, "msgtyp 5 is SEARCH_EQUAL 5");
	expect(convert_mode(&t, MSG_EXCEPT) == SEARCH_NOTEQUAL && t == 5,
	       "msgtyp 5 with MSG_EXCEPT is SEARCH_NOTEQUAL");
	t = -5;
	expect(convert_mode(&t, 0) == SEARCH_LESSEQUAL && t == 5, "msgtyp -5 is SEARCH_LESSEQUAL 5");
	t = INT64_MIN;
	expect(convert_mode(&t, 0) == SEARCH_LESSEQUAL && t == INT64_MAX,
	       "msgtyp LONG_MIN is SEARCH_LESSEQUAL LONG_MAX (-LONG_MIN does not exist)");
	t = 3;
	expect(convert_mode(&t, MSG_COPY) == SEARCH_NUMBER && t == 3, "MSG_COPY is SEARCH_NUMBER, msgtyp kept");
}

static void test_testmsg(void **state)
{
	(void)state;
	struct msg_msg m = { .m_type = 3 };
	struct {
		long type;
		int mode;
		bool match;
		const char *why;
	} cases[] = {
		{ 0, SEARCH_ANY, true, "SEARCH_ANY (msgtyp 0) matches any message" },
		{ 3, SEARCH_EQUAL, true, "SEARCH_EQUAL 3 matches a message of type 3" },
		{ 4, SEARCH_EQUAL, false, "SEARCH_EQUAL 4 does not match type 3" },
		{ 2, SEARCH_EQUAL, false, "SEARCH_EQUAL 2 does not match type 3" },
		{ 3, SEARCH_NOTEQUAL, false, "SEARCH_NOTEQUAL 3 (MSG_EXCEPT) does not match type 3" },
		{ 4, SEARCH_NOTEQUAL, true, "SEARCH_NOTEQUAL 4 (MSG_EXCEPT) matches type 3" },
		{ 3, SEARCH_LESSEQUAL, true,
		  "SEARCH_LESSEQUAL 3 (msgtyp -3) matches type 3: <= |msgtyp|, equal included" },
		{ 4, SEARCH_LESSEQUAL, true, "SEARCH_LESSEQUAL 4 (msgtyp -4) matches type 3" },
		{ 2, SEARCH_LESSEQUAL, false, "SEARCH_LESSEQUAL 2 (msgtyp -2) does not match type 3" },
		{ 0, SEARCH_NUMBER, true, "SEARCH_NUMBER (MSG_COPY) matches every message: find_msg counts them" },
		{ 7, SEARCH_NUMBER, true, "SEARCH_NUMBER (MSG_COPY) matches every message, whatever msgtyp is" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect(testmsg(&m, cases[i].type, cases[i].mode) == cases[i].match,
		       "testmsg(a message of type 3, %ld, %s) returned %s: %s", cases[i].type, mode_name(cases[i].mode),
		       cases[i].match ? "false" : "true", cases[i].why);
}

/* ---- find_msg ---- */

static void test_find_first(void **state)
{
	(void)state;
	const char *types = "3 1 2 3 1 2";
	queue(3L, 1L, 2L, 3L, 1L, 2L, 0L);
	expect_receive(0, 0, 0, "msgtyp 0 takes the first message in the queue");
	expect_receive(2, 0, 2, "msgtyp 2 takes the first message of type 2");
	expect_receive(1, 0, 1, "msgtyp 1 takes the first message of type 1 (the older of the two)");
	expect_receive(3, MSG_EXCEPT, 1, "msgtyp 3 with MSG_EXCEPT takes the first message not of type 3");
	expect_receive(5, 0, -1, "no message has type 5");
}

static void test_find_lowest_type(void **state)
{
	(void)state;
	const char *types = "3 1 2 3 1 2";
	queue(3L, 1L, 2L, 3L, 1L, 2L, 0L);
	expect_receive(-2, 0, 1,
		       "msgtyp -2 takes the first message of the LOWEST type <= 2, type 1 (a priority queue): not the "
		       "first with type <= 2 in arrival order, and of the two of type 1 the older");
	expect_receive(-3, 0, 1, "msgtyp -3: the lowest type is 1, and #1 is the older of type 1");
	expect_receive(-1, 0, 1, "msgtyp -1: type 1, the older");
	expect_receive(-100, 0, 1, "msgtyp -100: the lowest type is 1");
}

static void test_find_lowest_type_not_first(void **state)
{
	(void)state;
	const char *types = "5 4 3 6 3 2 7";
	queue(5L, 4L, 3L, 6L, 3L, 2L, 7L, 0L);
	expect_receive(-4, 0, 5,
		       "msgtyp -4 takes the first message of the lowest type <= 4, type 2 (#5), though #1 (type 4) and "
		       "#2 (type 3) came earlier: the lowest type wins, not the arrival");
}

static void test_find_lowest_tie(void **state)
{
	(void)state;
	const char *types = "5 4 3 6 3 4";
	queue(5L, 4L, 3L, 6L, 3L, 4L, 0L);
	expect_receive(-4, 0, 2,
		       "msgtyp -4: the lowest type <= 4 is 3, and of the two messages of type 3 (#2 and #4) the older, "
		       "#2, comes first (a tie goes to arrival order)");
	expect_receive(-6, 0, 2, "msgtyp -6: the lowest type is 3, #2 the older");
	expect_receive(-2, 0, -1, "msgtyp -2: no message has a type <= 2");
	expect_receive(-5, 0, 2, "msgtyp -5: the lowest type is 3, #2 the older");
}

static void test_find_copy_numbering(void **state)
{
	(void)state;
	const char *types = "3 1 2 3 1 2";
	queue(3L, 1L, 2L, 3L, 1L, 2L, 0L);
	expect_receive(0, MSG_COPY, 0,
		       "MSG_COPY with msgtyp 0 copies the message at position 0 (counting from 0), the first");
	expect_receive(2, MSG_COPY, 2,
		       "MSG_COPY with msgtyp 2 copies the message at position 2 (counting from 0), whatever its type");
	expect_receive(5, MSG_COPY, 5, "MSG_COPY with msgtyp 5 copies the last of the 6 messages");
	expect_receive(6, MSG_COPY, -1,
		       "MSG_COPY with msgtyp 6: there are only 6 messages (positions 0 to 5): nothing (ENOMSG)");
}

static void test_find_empty(void **state)
{
	(void)state;
	const char *types = "(none)";
	expect_receive(0, 0, -1, "an empty queue has no message");
	expect_receive(-5, 0, -1, "an empty queue has no message");
	expect_receive(0, MSG_COPY, -1, "an empty queue has no message to copy");
}

/* ---- pipelined_send ---- */

/* wait_rcv: receiver i (pid 100 + i) sleeps in msgrcv(msgtyp, msgflg) with a buffer of maxsize bytes. */
static struct msg_receiver *wait_rcv(int i, long msgtyp, int msgflg, size_t maxsize)
{
	struct msg_receiver *r = &rcv[i];
	r->pid = 100 + i;
	r->r_mode = convert_mode(&msgtyp, msgflg);
	r->r_msgtype = msgtyp;
	r->r_maxsize = maxsize;
	init_completion(&r->r_done, NULL, &Q);
	list_add_tail(&r->r_list, &Q.q_receivers);
	return r;
}

static bool waiting(const struct msg_receiver *r)
{
	struct list_head *pos;
	list_for_each (pos, &Q.q_receivers)
		if (pos == &r->r_list)
			return true;
	return false;
}

static void expect_untouched(const struct msg_receiver *r, const char *why)
{
	expect(!r->r_done.done && waiting(r) && !r->r_msg, "receiver %d was %s: %s", r->pid,
	       r->r_done.done ? "completed"
	       : !waiting(r)  ? "taken off the list of waiting receivers"
			      : "given a message",
	       why);
}

static void test_send_to_waiting_receiver(void **state)
{
	(void)state;
	struct msg_msg m = { .m_type = 4, .m_ts = 50 };
	struct msg_receiver *r = wait_rcv(0, 0, 0, 100);
	kshim.now = 1234567;
	bool taken = pipelined_send(&Q, &m);
	expect(taken, "a receiver waits for any message, and pipelined_send did not hand it the message (false): it "
		      "would sleep while the message sits in the queue");
	expect(r->r_done.done && r->r_done.result == 0,
	       "the receiver that got the message must be completed with 0 (done %d, result %s)", r->r_done.done,
	       kshim_result(r->r_done.result));
	expect(r->r_msg == &m, "the receiver was completed without the message in r->r_msg");
	expect(!waiting(r), "the receiver that got the message is still on q_receivers");
	expect(Q.q_lrpid == 100,
	       "q_lrpid is %d: the receive is the receiver's, pid 100 (msgctl IPC_STAT's msg_lrpid: the last process "
	       "to receive)",
	       Q.q_lrpid);
	expect(Q.q_rtime == 1234567, "q_rtime is %lld: the receive happens now, ktime_get_real_seconds() (%d)",
	       (long long)Q.q_rtime, 1234567);
}

static void test_send_nobody_wants_it(void **state)
{
	(void)state;
	struct msg_msg m = { .m_type = 4, .m_ts = 50 };
	struct msg_receiver *a = wait_rcv(0, 3, 0, 100); /* wants type 3 */
	struct msg_receiver *b = wait_rcv(1, 4, MSG_EXCEPT, 100); /* wants anything but 4 */
	struct msg_receiver *c = wait_rcv(2, -3, 0, 100); /* wants type <= 3 */
	expect(!pipelined_send(&Q, &m), "no receiver wants a message of type 4 (they wait for 3, not 4, <= 3), but "
					"pipelined_send returned true: the message would be lost instead of queued");
	expect_untouched(a, "it waits for type 3 and the message is of type 4");
	expect_untouched(b, "it waits for any type but 4");
	expect_untouched(c, "it waits for a type <= 3");
	expect(Q.q_lrpid == 7 && Q.q_rtime == 1000, "nobody received, but q_lrpid or q_rtime changed");
}

static void test_send_first_that_wants_it(void **state)
{
	(void)state;
	struct msg_msg m = { .m_type = 2, .m_ts = 50 };
	struct msg_receiver *a = wait_rcv(0, 3, 0, 100); /* type 3: no */
	struct msg_receiver *b = wait_rcv(1, -2, 0, 100); /* type <= 2: yes */
	struct msg_receiver *c = wait_rcv(2, 0, 0, 100); /* any: yes, but later */
	expect(pipelined_send(&Q, &m), "receivers 101 and 102 want a message of type 2; pipelined_send returned false");
	expect_untouched(a, "it waits for type 3");
	expect(b->r_msg == &m && b->r_done.done && b->r_done.result == 0,
	       "receiver 101 (msgtyp -2) is the first waiting receiver that wants a message of type 2, in arrival "
	       "order: it gets it");
	expect_untouched(c, "the message went to receiver 101, which came first; a message goes to one receiver only");
	expect(Q.q_lrpid == 101, "q_lrpid is %d, expected 101", Q.q_lrpid);
}

static void test_send_e2big_goes_on(void **state)
{
	(void)state;
	struct msg_msg m = { .m_type = 1, .m_ts = 50 };
	struct msg_receiver *a = wait_rcv(0, 0, 0, 10); /* wants it, buffer too small */
	struct msg_receiver *b = wait_rcv(1, 2, 0, 10); /* does not want it (and is small) */
	struct msg_receiver *c = wait_rcv(2, 1, 0, 50); /* wants it, exactly big enough */
	struct msg_receiver *d = wait_rcv(3, 0, 0, 10); /* after the one that takes it */
	expect(pipelined_send(&Q, &m),
	       "receiver 102 wants the 50-byte message and has 50 bytes of room, but pipelined_send returned false: a "
	       "receiver whose buffer is too small does not stop the message");
	expect(a->r_done.done && a->r_done.result == -E2BIG && !waiting(a),
	       "receiver 100 wants the message but its buffer holds 10 bytes, the message 50: it leaves the queue of "
	       "receivers and fails with -E2BIG (done %d, result %s, still waiting: %s)",
	       a->r_done.done, kshim_result(a->r_done.result), waiting(a) ? "yes" : "no");
	expect(!a->r_msg, "receiver 100 failed with E2BIG but was given the message");
	expect_untouched(b, "it waits for type 2");
	expect(c->r_msg == &m && c->r_done.done && c->r_done.result == 0 && !waiting(c),
	       "after receiver 100's E2BIG, the message goes on to the next receiver that wants it, 102, whose 50 "
	       "bytes hold it");
	expect_untouched(d, "the message went to receiver 102 before it");
	expect(Q.q_lrpid == 102, "q_lrpid is %d: receiver 102 received (100 failed)", Q.q_lrpid);
}

static void test_send_e2big_then_queued(void **state)
{
	(void)state;
	struct msg_msg m = { .m_type = 1, .m_ts = 50 };
	struct msg_receiver *a = wait_rcv(0, 0, 0, 49);
	expect(!pipelined_send(&Q, &m), "the only receiver that wants the message cannot hold it (49 bytes for 50): "
					"pipelined_send must return false so that the message is queued");
	expect(a->r_done.done && a->r_done.result == -E2BIG && !waiting(a),
	       "receiver 100 (49 bytes for a 50-byte message) must fail with -E2BIG (done %d, result %s)",
	       a->r_done.done, kshim_result(a->r_done.result));
	expect(Q.q_lrpid == 7, "q_lrpid changed though nobody received");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, kshim_teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_convert_mode),
		T(test_testmsg),
		T(test_find_first),
		T(test_find_lowest_type),
		T(test_find_lowest_type_not_first),
		T(test_find_lowest_tie),
		T(test_find_copy_numbering),
		T(test_find_empty),
		T(test_send_to_waiting_receiver),
		T(test_send_nobody_wants_it),
		T(test_send_first_that_wants_it),
		T(test_send_e2big_goes_on),
		T(test_send_e2big_then_queued),
	};
	return cmocka_run_group_tests_name("msg_core", tests, NULL, NULL);
}
