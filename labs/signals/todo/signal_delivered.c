	/* TODO(signals lab): sig is being delivered to p, and its action ka is a handler, about to run on a frame
	 * the kernel builds on p's user stack (setup_rt_frame). Set p's mask for the handler, and return the mask
	 * the frame must keep for rt_sigreturn to put back when the handler returns.
	 *
	 * What it must guarantee (sigaction(2), sigsuspend(2); Linux's signal_delivered and get_signal; the
	 * handout's "Running a handler"):
	 *  - While the handler runs, p blocks what it blocked before, plus ka->mask, plus sig itself unless
	 *    ka->flags has SA_NODEFER (so a second sig generated meanwhile waits, pending, for the handler's end
	 *    instead of interrupting it); never SIGKILL or SIGSTOP (set_task_blocked).
	 *  - The mask returned is the one to go back to: p's mask before this delivery; but when the handler
	 *    interrupts rt_sigsuspend or ppoll, which run with a temporary mask (p->sig_restore_mask is then true),
	 *    it is the mask saved before that call, p->sig_saved_mask, and sig_restore_mask is done with (false).
	 *  - SA_RESETHAND in ka->flags: the action goes back to SIG_DFL now, for the next time.
	 * The caller holds sig_lock. */
	return 0;
