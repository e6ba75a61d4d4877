	/* TODO(signals lab): take one pending signal of p among those of `allow` (a set: bit N-1 for signal N) and
	 * return its number, with its siginfo in *info; return 0 when none of them is pending.
	 *
	 * What it must guarantee (Linux's dequeue_signal and next_signal; the handout's "Which signal goes next"):
	 *  - p has two pending sets: its own, p->sig_pending_thread (tkill, faults), and its process's,
	 *    p->signal->shared_pending (kill, sigqueue), which any thread may take. p's own set goes first.
	 *  - Within a set: SIGKILL first if it is pending and allowed, else the lowest-numbered pending allowed
	 *    signal (POSIX leaves the order open; Linux takes the lowest, and the `pending` scenario expects it).
	 *  - The signal taken leaves its set as collect_signal above says; nothing else changes.
	 * The caller holds sig_lock. rt_sigtimedwait uses it too, with allow = the set it waits for. */
	return 0;
