/* labs/sysv-ids/ids.c: what an id is made of. An id is SEQ * 32768 + INDEX (Linux 6.1 ipc/util.c, ipc_idr_alloc
 * and ipc_buildid; IPCMNI 32768): INDEX is the object's slot in the table, SEQ a sequence number. Linux hands out
 * slots cyclically (the next free slot after the last one given, below max(in_use * 3 / 2, 64)) and increments SEQ
 * each time the slots wrap around, so a removed object's id does not come back soon: a program still holding the
 * old id gets EINVAL instead of reaching a stranger's queue. This program creates and removes 70 queues one after
 * the other and prints where the slots wrapped. */
#include <sys/msg.h>
#include "lab.h"

#define IPCMNI 32768

int main(void)
{
	int first = -1, prev = -1, wraps = 0;
	for (int i = 0; i < 70; i++) {
		int id = msgget(IPC_PRIVATE, 0600);
		if (id < 0)
			lab_die("msgget");
		if (first < 0) {
			first = id;
			say(1, "ids: first queue: id %d = seq %d * %d + index %d\n", id, id / IPCMNI, IPCMNI, id % IPCMNI);
		} else if (id % IPCMNI <= prev % IPCMNI) {
			wraps++;
			say(1, "ids: queue %d: index wrapped from %d to %d, seq %d -> %d: id %d\n", i + 1, prev % IPCMNI,
			    id % IPCMNI, prev / IPCMNI, id / IPCMNI, id);
		}
		if (msgctl(id, IPC_RMID, NULL) < 0)
			lab_die("IPC_RMID");
		prev = id;
	}
	struct msqid_ds ds;
	int r = msgctl(first, IPC_STAT, &ds);
	say(1, "ids: the first id again (%d): %s\n", first, r < 0 ? strerror(errno) : "found?");
	/* A new object may take the first one's slot again, but not its id. */
	return wraps == 1 && r < 0 && errno == EINVAL ? 0 : 1;
}
