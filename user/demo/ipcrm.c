/* user/demo/ipcrm.c: /bin/ipcrm: remove System V IPC objects by id or key, as util-linux's ipcrm:
 *   ipcrm [-q msqid] [-m shmid] [-s semid] [-Q msgkey] [-M shmkey] [-S semkey] [-a]
 * (-a removes every object the caller may remove). Keys may be decimal or 0x hex. Exits 1 when any removal
 * failed, after saying why on stderr. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

union semun {
	int val;
	struct semid_ds *buf;
	struct seminfo *__buf;
};

enum kind { MSG, SHM, SEM };
static const char *const names[] = { "msqid", "shmid", "semid" };

static int rm_id(enum kind k, int id)
{
	switch (k) {
	case MSG: return msgctl(id, IPC_RMID, NULL);
	case SHM: return shmctl(id, IPC_RMID, NULL);
	default: return semctl(id, 0, IPC_RMID);
	}
}

/* report: util-linux's messages for a failed removal. */
static int report(enum kind k, const char *what, int by_key)
{
	const char *why = errno == EACCES || errno == EPERM ? "permission denied for"
			  : errno == EIDRM                 ? "already removed"
			  : by_key                         ? "invalid"
							   : "invalid";
	fprintf(stderr, "ipcrm: %s %s (%s)\n", why, by_key ? "key" : "id", what);
	(void)k;
	return 1;
}

static int by_key(enum kind k, const char *arg)
{
	key_t key = (key_t)strtoul(arg, NULL, 0);
	int id;
	if (key == IPC_PRIVATE) {
		fprintf(stderr, "ipcrm: illegal key (%s)\n", arg);
		return 1;
	}
	switch (k) {
	case MSG: id = msgget(key, 0); break;
	case SHM: id = shmget(key, 0, 0); break;
	default: id = semget(key, 0, 0); break;
	}
	if (id < 0 || rm_id(k, id) < 0)
		return report(k, arg, 1);
	return 0;
}

/* rm_all: remove every object of kind k (by index, as ipcs finds them). */
static int rm_all(enum kind k)
{
	int bad = 0, max;
	struct msqid_ds mds;
	struct shmid_ds sds;
	struct semid_ds seds;
	struct msginfo mi;
	struct shm_info si;
	struct seminfo sei;
	switch (k) {
	case MSG: max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi); break;
	case SHM: max = shmctl(0, SHM_INFO, (struct shmid_ds *)&si); break;
	default: max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &sei }); break;
	}
	for (int i = 0; i <= max; i++) {
		int id;
		switch (k) {
		case MSG: id = msgctl(i, MSG_STAT, &mds); break;
		case SHM: id = shmctl(i, SHM_STAT, &sds); break;
		default: id = semctl(i, 0, SEM_STAT, (union semun){ .buf = &seds }); break;
		}
		if (id >= 0 && rm_id(k, id) < 0) {
			char buf[16];
			snprintf(buf, sizeof buf, "%d", id);
			bad |= report(k, buf, 0);
		}
	}
	return bad;
}

int main(int argc, char **argv)
{
	int bad = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: ipcrm [-q msqid] [-m shmid] [-s semid] [-Q msgkey] [-M shmkey] [-S semkey] [-a]\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		if (!strcmp(o, "-a")) {
			bad |= rm_all(MSG) | rm_all(SHM) | rm_all(SEM);
			continue;
		}
		if (strlen(o) != 2 || o[0] != '-' || !strchr("qmsQMS", o[1]) || i + 1 >= argc) {
			fprintf(stderr, "ipcrm: bad option %s\n", o);
			return 1;
		}
		const char *arg = argv[++i];
		enum kind k = (o[1] == 'q' || o[1] == 'Q') ? MSG : (o[1] == 'm' || o[1] == 'M') ? SHM : SEM;
		if (o[1] >= 'A' && o[1] <= 'Z') {
			bad |= by_key(k, arg);
		} else {
			char *end;
			long id = strtol(arg, &end, 10);
			if (*end || id < 0) {
				fprintf(stderr, "ipcrm: invalid %s %s\n", names[k], arg);
				bad = 1;
			} else if (rm_id(k, (int)id) < 0) {
				bad |= report(k, arg, 0);
			}
		}
	}
	return bad;
}
