	/* TODO(pipes lab): read(2) on a pipe: move up to n bytes from p's ring into the user's buffer at ubuf.
	 *
	 * What it must guarantee (POSIX read(), pipe(7); the handout's "How a pipe works"):
	 *  - Bytes in the pipe: return them at once, as many as there are up to n; never wait for more.
	 *  - No bytes and a writer left: wait until that changes; with nonblock, return -EAGAIN instead. A signal
	 *    that ends the wait ends the call: return -ERESTARTSYS (the kernel restarts it or makes it EINTR).
	 *  - No bytes and no writer left: end of file, return 0.
	 *  - A writer waiting for room may have room now: it must not stay asleep.
	 *  - A bad buffer with nothing read: -EFAULT.
	 *  - Everything is tested and changed holding p->lock, with the kernel's one blocking idiom (read it in
	 *    kernel/sched.h, above sleep_on): why does the wait need a loop, and why may the test not happen before
	 *    taking the lock?
	 * What you have: pipe_readable (yours, above); pipe_ring_read and pipe_ring_empty (ipc/pipe_ring.h) with
	 * pipe_copy_to_user; spin_lock_irqsave/spin_unlock_irqrestore; sleep_on and wake_up (kernel/sched.h). */
	return -ENOSYS;
