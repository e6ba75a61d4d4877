	/* TODO(signals lab): generation: info->si_signo was generated for t; make it pending in `pending` (t's own
	 * set or its process's: the caller chose) with its siginfo.
	 *
	 * What it must guarantee (signal(7) "Queueing and delivery semantics"; Linux's __send_signal_locked; the
	 * handout's "The pending set"):
	 *  - Afterwards the signal's bit (sigmask(sig)) is set in pending->signal, and its siginfo waits in
	 *    pending->list (a struct sigqueue from sigqueue_alloc, kernel/signal.h) behind the ones generated before.
	 *  - A standard signal (below SIGRTMIN) is pending at most once: generated again while pending, nothing
	 *    changes and the first siginfo is the one delivered. A real-time signal queues every instance.
	 *  - Generation does not look at the blocked mask: a blocked signal stays pending until it is unblocked (it
	 *    is how a signal generated while its handler runs is delivered after it).
	 *  - RLIMIT_SIGPENDING (sigqueue_alloc(t, override_rlimit) returns NULL past it): a standard signal from
	 *    kill() or the kernel (si_code >= 0) is never refused (override it); when no sigqueue is had, a
	 *    real-time signal from sigqueue() or tkill() (si_code < 0 but SI_USER, SI_KERNEL) fails with -EAGAIN and
	 *    is not pending; any other signal is pending all the same, without its siginfo.
	 * Returns 0 or -EAGAIN. The caller holds sig_lock, then wakes a thread that can take the signal. */
	return 0;
