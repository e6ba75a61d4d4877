	/* TODO(pipes lab): write(2) on a pipe: move the n bytes at the user's ubuf into p's ring.
	 *
	 * What it must guarantee (POSIX write(), pipe(7); the handout's "How a pipe works"):
	 *  - No reader left: fail with -EPIPE and send SIGPIPE to the writer (send_signal(current, SIGPIPE,
	 *    current->tgid)), not while holding p->lock.
	 *  - At most PIPE_BUF bytes: all of them go in one piece, or none yet (wait until all fit).
	 *  - More than PIPE_BUF: move what fits, let readers at it, wait for more room, until all n are written.
	 *  - A reader waiting for bytes must not stay asleep once there are some.
	 *  - nonblock: where it would wait, return -EAGAIN instead, or the count written so far when some bytes
	 *    went in. A signal while waiting: return the count written so far, or -ERESTARTSYS when none.
	 *  - A bad buffer: -EFAULT, or the count written before the fault.
	 *  - Return the number of bytes written.
	 * What you have: pipe_writable (yours, above); pipe_ring_write (ipc/pipe_ring.h) with pipe_copy_from_user;
	 * the lock, sleep_on and wake_up as in pipe_read. */
	return -ENOSYS;
