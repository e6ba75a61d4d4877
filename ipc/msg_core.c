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
	switch (mode) {
	case SEARCH_ANY:
	case SEARCH_NUMBER: return true;
	case SEARCH_LESSEQUAL: return msg->m_type <= type;
	case SEARCH_EQUAL: return msg->m_type == type;
	case SEARCH_NOTEQUAL: return msg->m_type != type;
	}
	return false;
}

struct msg_msg *find_msg(struct msg_queue *msq, long msgtyp, int mode)
{
	struct msg_msg *found = NULL;
	long count = 0;
	struct list_head *pos;
	list_for_each(pos, &msq->q_messages) {
		struct msg_msg *m = list_entry(pos, struct msg_msg, m_list);
		if (!testmsg(m, msgtyp, mode))
			continue;
		if (mode == SEARCH_LESSEQUAL && m->m_type != 1) {
			msgtyp = m->m_type - 1; /* from now on only a lower type is better */
			found = m;
		} else if (mode == SEARCH_NUMBER) {
			if (msgtyp == count)
				return m;
		} else {
			return m;
		}
		count++;
	}
	return found;
}

bool pipelined_send(struct msg_queue *msq, struct msg_msg *msg)
{
	struct list_head *pos, *nx;
	list_for_each_safe(pos, nx, &msq->q_receivers) {
		struct msg_receiver *r = list_entry(pos, struct msg_receiver, r_list);
		if (!testmsg(msg, r->r_msgtype, r->r_mode))
			continue;
		list_del(&r->r_list);
		if (r->r_maxsize < msg->m_ts) {
			complete(&r->r_done, -E2BIG);
			continue;
		}
		msq->q_lrpid = r->pid;
		msq->q_rtime = ktime_get_real_seconds();
		r->r_msg = msg;
		complete(&r->r_done, 0);
		return true;
	}
	return false;
}
