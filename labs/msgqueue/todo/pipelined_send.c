	/* TODO(msgqueue lab): a sender is about to queue msg: if a receiver is already asleep waiting for such a
	 * message, hand it over directly instead (return true: the caller does not queue it); else return false.
	 *
	 * The rules (Linux's pipelined_send; struct msg_receiver above): walk msq->q_receivers in arrival order
	 * (list_for_each_safe, list_entry(pos, struct msg_receiver, r_list)); skip receivers for which
	 * testmsg(msg, r->r_msgtype, r->r_mode) is false. For the first one that wants it:
	 *  - take it off the list (list_del(&r->r_list));
	 *  - if its buffer is too small (r->r_maxsize < msg->m_ts): set r->r_err = E2BIG, wake it (wake_up(&r->wq,
	 *    NULL, 0)) and go on to the next receiver: the message is still to be delivered;
	 *  - else: r->r_msg = msg, r->r_err = 0, note the receive (msq->q_lrpid = r->pid, msq->q_rtime = ipc_time()),
	 *    wake it and return true.
	 * Trace every receiver you wake: trace_wake(msq, "recv", &pid, 1) (after wake_up; keep the pid in a local,
	 * the receiver's struct lives on its stack). The woken receiver returns r_msg from its own msgrcv.
	 * Without this, a client asleep in msgrcv(msgtyp = its pid) is never woken by the server's reply (`server`).
	 * The caller holds msg_ids.lock. */
	return false;
