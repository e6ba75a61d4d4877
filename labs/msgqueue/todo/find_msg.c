	/* TODO(msgqueue lab): the message msgrcv takes from msq (NULL when none matches), without removing it.
	 *
	 * The rules (msgrcv(2); Linux's find_msg): walk msq->q_messages in arrival order (list_for_each, and
	 * list_entry(pos, struct msg_msg, m_list)), skipping messages for which testmsg(m, msgtyp, mode) is false:
	 *   SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL: the first match;
	 *   SEARCH_LESSEQUAL: the first message of the LOWEST type <= msgtyp, so a priority queue: remember the best so
	 *     far and tighten the bound (only a strictly lower type can beat it; type 1 cannot be beaten);
	 *   SEARCH_NUMBER (MSG_COPY): the message at position msgtyp (0 is the first) among the matches.
	 * The `types` scenario queues types 3 1 2 3 1 2 and checks which one msgtyp 0, 2, -2, 3|MSG_EXCEPT, 5 and -3
	 * take. The caller holds msg_ids.lock. */
	return NULL;
