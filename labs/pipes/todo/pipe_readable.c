	/* TODO(pipes lab): may a read of p go on without waiting? True when there are bytes in the ring, or when no
	 * writer is left (the read then returns 0, end of file). pipe_read waits while this is false. */
	return true;
