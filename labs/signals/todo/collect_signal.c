	/* TODO(signals lab): delivery (or sigwaitinfo) takes signal sig, which is pending in `pending`: give its
	 * oldest siginfo in *info and take it off.
	 *
	 * What it must guarantee (signal(7); Linux's collect_signal; the handout's "The pending set"):
	 *  - The oldest instance of sig in pending->list is copied into *info, leaves the list and is freed
	 *    (sigqueue_free, kernel/signal.h); instances of other signals stay, in order.
	 *  - sig's bit in pending->signal is cleared when no instance of it is left, and only then: while another
	 *    instance of a real-time signal is queued, it is still pending. A bit left set means the same signal is
	 *    delivered again at every return to user mode.
	 *  - sig can be pending without any instance (its sigqueue could not be allocated at generation): *info is
	 *    then si_signo sig, si_code SI_USER and nothing else, and the bit is cleared.
	 * The caller holds sig_lock. */
