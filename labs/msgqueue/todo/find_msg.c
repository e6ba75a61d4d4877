	/* TODO(msgqueue lab): the message a msgrcv takes from msq (NULL when none matches), without removing it.
	 *
	 * What it must return (msgrcv(2)): among the messages of msq->q_messages, in arrival order, those for which
	 * testmsg(m, msgtyp, mode) is true:
	 *   SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL: the first of them;
	 *   SEARCH_LESSEQUAL: the first message of the LOWEST type among them: a priority queue (of two messages of the
	 *     same lowest type, the older);
	 *   SEARCH_NUMBER (MSG_COPY): the one at position msgtyp (0 is the first) among them.
	 * The `types` scenario queues types 3 1 2 3 1 2 and checks which one msgtyp 0, 2, -2, 3|MSG_EXCEPT, 5 and -3
	 * take. The caller holds the queue's lock. */
	return NULL;
