	/* TODO(signals lab): p's blocked mask becomes newset (sigprocmask, sigreturn, sigsuspend, a handler's
	 * start all set it through here).
	 *
	 * What it must guarantee (sigprocmask(2): "It is not possible to block SIGKILL or SIGSTOP. Attempts to do
	 * so are silently ignored."; Linux's set_current_blocked): afterwards p->sig_blocked is newset without
	 * SIGKILL and SIGSTOP, whatever newset holds. The caller holds sig_lock. */
