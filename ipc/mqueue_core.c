/* ipc/mqueue_core.c: the order in which a POSIX message queue gives out its messages, and the hand-offs to waiting
 * senders and receivers (ipc/mqueue.h), after Linux's ipc/mqueue.c (msg_insert, msg_get, pipelined_send,
 * pipelined_receive). The system calls around them are in ipc/mqueue.c.
 *
 * mq_send(3): "Messages are placed on the queue in decreasing order of priority, with newer messages of the same
 * priority being placed after older messages with the same priority." The queue is one list in that order, so a
 * receive takes its first message. Linux keeps a tree of priorities instead, each with its list; a queue holds at
 * most mq_maxmsg messages (10 by default), and a send looks from the back, where a message of the same priority as
 * the last one (the usual case) goes at once.
 * This file uses nothing of the kernel but lists and complete(), so it also builds on the host, where
 * tests/unit/test_mqueue_core.c checks it. */
#include "ipc/mqueue.h"

void msg_insert(struct msg_msg *msg, struct mqueue_inode_info *info)
{
	struct list_head *pos = info->messages.prev;
	while (pos != &info->messages && list_entry(pos, struct msg_msg, m_list)->m_type < msg->m_type)
		pos = pos->prev;
	__list_add(&msg->m_list, pos, pos->next); /* after the last message of its priority or higher */
	info->attr.mq_curmsgs++;
	info->qsize += msg->m_ts;
}

struct msg_msg *msg_get(struct mqueue_inode_info *info)
{
	if (list_empty(&info->messages))
		return NULL;
	struct msg_msg *msg = list_first_entry(&info->messages, struct msg_msg, m_list);
	list_del(&msg->m_list);
	info->attr.mq_curmsgs--;
	info->qsize -= msg->m_ts;
	return msg;
}

struct ext_wait_queue *wq_get_first_waiter(struct mqueue_inode_info *info, int sr)
{
	if (list_empty(&info->e_wait_q[sr]))
		return NULL;
	return list_first_entry(&info->e_wait_q[sr], struct ext_wait_queue, list);
}

void mq_pipelined_send(struct mqueue_inode_info *info, struct msg_msg *msg, struct ext_wait_queue *receiver)
{
	list_del(&receiver->list);
	receiver->msg = msg;
	complete(&receiver->done, 0);
}

bool mq_pipelined_receive(struct mqueue_inode_info *info)
{
	struct ext_wait_queue *sender = wq_get_first_waiter(info, SEND);
	if (!sender)
		return false;
	list_del(&sender->list);
	msg_insert(sender->msg, info);
	complete(&sender->done, 0);
	return true;
}
