/* msgqueue lab skeleton of ipc/msg_core.c (reference blob 03d61d75f291280d1fdab720d25603f0cd19c89c), made by
 * scripts/lab-skeleton: the bodies of testmsg, find_msg, pipelined_send are TODO blocks for you to write;
 * everything else is the reference kernel's. Check it on the host first with `make test-core LAB=msgqueue
 * IMPL=student` (under a second), then build and grade it with `make grade LAB=msgqueue IMPL=student`. */
/* ipc/msg_core.c: which message a msgrcv takes, and a message handed straight to a waiting receiver, after
 * Linux's ipc/msg.c (convert_mode, testmsg, find_msg, pipelined_send). The system calls around them are in
 * ipc/msg.c.
 *
 * msgrcv's msgtyp (msgrcv(2)): 0: the first message; > 0: the first of that type (with MSG_EXCEPT: the first
 * not of it); < 0: the first of the lowest type <= |msgtyp|.
 * This file uses nothing of the kernel but lists, complete() and the clock, so it also builds on the host,
 * where tests/unit/test_msg_core.c checks it (and a student's version of it). */
#include "ipc/msg.h"
#include "kernel/errno.h"
#include "kernel/time.h"

int convert_mode(long *msgtyp, int msgflg)
{
	if (msgflg & MSG_COPY)
		return SEARCH_NUMBER;
	if (*msgtyp == 0)
		return SEARCH_ANY;
	if (*msgtyp < 0) {
		*msgtyp = *msgtyp == INT64_MIN ? INT64_MAX : -*msgtyp; /* -LONG_MIN does not exist */
		return SEARCH_LESSEQUAL;
	}
	return (msgflg & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

bool testmsg(const struct msg_msg *msg, long type, int mode)
{
	/* TODO(msgqueue lab): does message msg match what a receiver asked for (type, in search mode `mode`)?
	 *
	 * The modes (convert_mode above made them from msgrcv's msgtyp and flags; msgrcv(2)):
	 *   SEARCH_ANY        msgtyp 0: any message;
	 *   SEARCH_EQUAL      msgtyp > 0: a message of exactly that type;
	 *   SEARCH_NOTEQUAL   msgtyp > 0 with MSG_EXCEPT: a message of any other type;
	 *   SEARCH_LESSEQUAL  msgtyp < 0: a message whose type is <= |msgtyp| (type is already |msgtyp| here);
	 *   SEARCH_NUMBER     MSG_COPY: every message matches (find_msg counts them).
	 * find_msg and pipelined_send both ask this question. */
	return false;
}

struct msg_msg *find_msg(struct msg_queue *msq, long msgtyp, int mode)
{
	/* TODO(msgqueue lab): the message a msgrcv takes from msq (NULL when none matches), without removing it.
	 *
	 * What it must return (msgrcv(2)): among the messages of msq->q_messages, in arrival order, those for which
	 * testmsg(m, msgtyp, mode) is true:
	 *   SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL: the first of them;
	 *   SEARCH_LESSEQUAL: the first message of the LOWEST type among them: a priority queue (of two messages of the
	 *     same lowest type, the older);
	 *   SEARCH_NUMBER (MSG_COPY): the one at position msgtyp (0 is the first) among them.
	 * The `types` scenario queues types 3 1 2 3 1 2 and checks which one msgtyp 0, 2, -2, 3|MSG_EXCEPT, 5 and -3
	 * take. The caller holds the queue's lock. */
	return NULL;
}

bool pipelined_send(struct msg_queue *msq, struct msg_msg *msg)
{
	/* TODO(msgqueue lab): a sender is about to queue msg: if a receiver is already waiting for such a message,
	 * hand it over directly instead and return true (the caller does not queue it); else return false.
	 *
	 * What it must guarantee (msgrcv(2), msgsnd(2); Linux's pipelined_send; struct msg_receiver in ipc/msg.h):
	 *  - Receivers are served in arrival order (msq->q_receivers); only one that wants this message
	 *    (testmsg(msg, r->r_msgtype, r->r_mode)) may get it.
	 *  - A receiver that wants it but whose buffer is too small (r->r_maxsize < msg->m_ts) leaves the queue and
	 *    fails with -E2BIG; the message goes on to the next receiver that wants it.
	 *  - The receiver that gets it leaves the queue with the message in r->r_msg, its wait completed with 0
	 *    (complete, kernel/sched.h), and the queue records the receive (q_lrpid, q_rtime =
	 *    ktime_get_real_seconds()).
	 * Without this, a client asleep in msgrcv(msgtyp = its pid) is never woken by the server's reply (`server`).
	 * The caller holds the queue's lock. */
	return false;
}
