	/* TODO(signals lab): on the way back to user mode, the signal to deliver next to p, taken off with its
	 * siginfo in *info (dequeue_signal above); 0 when none can be delivered now.
	 *
	 * What it must guarantee (sigprocmask(2), signal(7); the handout's "Which signal goes next"):
	 *  - A signal p blocks (p->sig_blocked) is not delivered: it stays pending, and is delivered once a
	 *    sigprocmask, a sigreturn or the end of a sigsuspend unblocks it.
	 *  - SIGKILL is delivered whatever the mask says.
	 * The caller holds sig_lock. */
	return 0;
