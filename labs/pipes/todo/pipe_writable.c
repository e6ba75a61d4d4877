	/* TODO(pipes lab): may a write of n bytes to p go on without waiting?
	 *  - When no reader is left: yes (it fails with EPIPE, it must not wait).
	 *  - A write of at most PIPE_BUF bytes is atomic (POSIX write(): its bytes are never interleaved with another
	 *    writer's): it may go on only when ALL n bytes fit.
	 *  - A larger write may go on as soon as any byte fits.
	 * pipe_ring_free(&p->ring) is the room, in bytes. */
	return true;
