	/* TODO(msgqueue lab): does message msg match what a receiver asked for (type, in search mode `mode`)?
	 *
	 * The modes (convert_mode above made them from msgrcv's msgtyp and flags; msgrcv(2)):
	 *   SEARCH_ANY        msgtyp 0: any message;
	 *   SEARCH_EQUAL      msgtyp > 0: a message of exactly that type;
	 *   SEARCH_NOTEQUAL   msgtyp > 0 with MSG_EXCEPT: a message of any other type;
	 *   SEARCH_LESSEQUAL  msgtyp < 0: a message whose type is <= |msgtyp| (type is already |msgtyp| here);
	 *   SEARCH_NUMBER     MSG_COPY: every message matches (find_msg counts them).
	 * find_msg and pipelined_send both ask this question. */
	return false;
