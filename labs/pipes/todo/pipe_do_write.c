	/* TODO(pipes lab): write the n bytes at ubuf into the pipe.
	 *
	 * The rules (POSIX write(); Linux 2.4's pipe_write in seed 001, slides 6-7):
	 *  - No reader left (p->readers == 0): fail with -EPIPE, and send SIGPIPE to the writer
	 *    (send_signal(current, SIGPIPE, 0)) after unlocking.
	 *  - A write of at most PIPE_BUF bytes is atomic: wait until ALL of it fits (pipe_ring_free >= n), then move it
	 *    in one piece. A larger write moves whatever fits, wakes the readers, and waits for more room until all of
	 *    it is written.
	 *  - O_NONBLOCK: instead of waiting, return -EAGAIN (or the count already written, if some bytes moved).
	 *  - Waiting: sleep_on(&p->wr_wait, &p->lock, p->wchan_write, 0); -ERESTARTSYS means a signal came: stop and
	 *    return what was written, or -ERESTARTSYS when nothing was.
	 *  - Every time bytes go in, wake the readers sleeping on p->rd_wait.
	 *  - Return the number of bytes written when some moved, else the error.
	 *
	 * Copy with pipe_ring_write(&p->ring, src, count, pipe_copy_from_user, NULL) (returns bytes moved, or -EFAULT).
	 *
	 * Trace events (traces/FORMAT.md): "pipe.block" with op "write" before sleeping, one "pipe.write" per chunk moved
	 * (remember the ring's head before writing), and a "pipe.write" with n = 0 and the error (EPIPE, EAGAIN) when a
	 * write fails without moving anything. */
	return -ENOSYS;
