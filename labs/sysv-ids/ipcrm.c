/* labs/sysv-ids/ipcrm.c: remove System V objects, as `ipcrm` does (util-linux ipcrm(1)).
 * usage: ipcrm [-q ID | -Q KEY | -m ID | -M KEY | -s ID | -S KEY]... (KEY in hex with 0x, or decimal).
 * By key: the id is looked up with *get(key, 0) first; then *ctl(id, IPC_RMID). Exits 1 when one removal failed. */
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
#include "lab.h"

int main(int argc, char **argv)
{
	int opt, bad = 0;
	while ((opt = getopt(argc, argv, "q:Q:m:M:s:S:")) != -1) {
		long v = strtol(optarg, NULL, 0);
		int id = (int)v, r;
		switch (opt) {
		case 'Q':
			id = msgget((key_t)v, 0);
			/* fall through */
		case 'q':
			r = id < 0 ? -1 : msgctl(id, IPC_RMID, NULL);
			break;
		case 'M':
			id = shmget((key_t)v, 0, 0);
			/* fall through */
		case 'm':
			r = id < 0 ? -1 : shmctl(id, IPC_RMID, NULL);
			break;
		case 'S':
			id = semget((key_t)v, 0, 0);
			/* fall through */
		case 's':
			r = id < 0 ? -1 : semctl(id, 0, IPC_RMID);
			break;
		default:
			say(2, "usage: ipcrm [-q ID | -Q KEY | -m ID | -M KEY | -s ID | -S KEY]...\n");
			return 2;
		}
		if (r < 0) {
			say(2, "ipcrm: -%c %s: %s\n", opt, optarg, strerror(errno));
			bad = 1;
		}
	}
	return bad;
}
