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
