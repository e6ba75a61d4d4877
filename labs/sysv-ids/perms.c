/* labs/sysv-ids/perms.c: permissions under two users. root makes a queue with mode 0640 (owner read-write, group
 * read, others nothing) and puts two messages in. Then, each in a child that gave up root (setresgid, setresuid):
 * uid 1000 in group 0 may receive (read) but not send (write); uid 1001 in group 1001 may do neither, and may not
 * remove the queue (only the owner, the creator or root may: EPERM). After root changes the mode to 0606 with
 * IPC_SET, uid 1001 may send. The check is Linux's ipcperms (6.1 ipc/util.c): owner bits when the caller's euid is
 * the owner's or creator's, else group bits when its group matches, else the others' bits. */
#define _GNU_SOURCE /* setresuid, setresgid */
#include <grp.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "lab.h"

#define KEY 0x5a1d

struct msg {
	long mtype;
	char text[32];
};

/* as_user: run fn(id) in a child with uid and gid (no supplementary groups); its exit status. */
static int as_user(uid_t uid, gid_t gid, int (*fn)(int), int id)
{
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
			lab_die("setresuid");
		_exit(fn(id));
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* result: "ok" or the error's name for a call's return value r. */
static const char *result(long r)
{
	return r >= 0 ? "ok" : strerror(errno);
}

/* group_member: uid 1000, gid 0: the group's bits (r--). */
static int group_member(int id)
{
	struct msg m = { 1, "from 1000" };
	say(1, "perms: uid 1000 gid 0: msgget(key, 0) %s\n", result(msgget(KEY, 0)));
	say(1, "perms: uid 1000 gid 0: msgrcv %s\n", result(msgrcv(id, &m, sizeof m.text, 0, IPC_NOWAIT)));
	say(1, "perms: uid 1000 gid 0: msgsnd %s\n", result(msgsnd(id, &m, sizeof m.text, IPC_NOWAIT)));
	return 0;
}

/* other: uid 1001, gid 1001: the others' bits (---). */
static int other(int id)
{
	struct msg m = { 1, "from 1001" };
	struct msqid_ds ds;
	say(1, "perms: uid 1001: msgget(key, 0) %s; msgget(key, 0400) %s\n", result(msgget(KEY, 0)),
	    result(msgget(KEY, 0400)));
	say(1, "perms: uid 1001: msgrcv %s\n", result(msgrcv(id, &m, sizeof m.text, 0, IPC_NOWAIT)));
	say(1, "perms: uid 1001: msgsnd %s\n", result(msgsnd(id, &m, sizeof m.text, IPC_NOWAIT)));
	say(1, "perms: uid 1001: IPC_STAT %s; IPC_RMID %s\n", result(msgctl(id, IPC_STAT, &ds)),
	    result(msgctl(id, IPC_RMID, NULL)));
	return 0;
}

/* other_again: uid 1001 after the mode became 0606. */
static int other_again(int id)
{
	struct msg m = { 2, "from 1001" };
	say(1, "perms: uid 1001 after IPC_SET 0606: msgsnd %s\n", result(msgsnd(id, &m, sizeof m.text, IPC_NOWAIT)));
	return 0;
}

int main(void)
{
	int id = msgget(KEY, IPC_CREAT | IPC_EXCL | 0640);
	if (id < 0)
		lab_die("msgget");
	struct msg m = { 1, "from root" };
	msgsnd(id, &m, sizeof m.text, 0);
	msgsnd(id, &m, sizeof m.text, 0);
	as_user(1000, 0, group_member, id);
	as_user(1001, 1001, other, id);
	struct msqid_ds ds;
	if (msgctl(id, IPC_STAT, &ds) < 0)
		lab_die("IPC_STAT");
	ds.msg_perm.mode = 0606;
	if (msgctl(id, IPC_SET, &ds) < 0)
		lab_die("IPC_SET");
	say(1, "perms: root: IPC_SET mode 0606\n");
	as_user(1001, 1001, other_again, id);
	msgctl(id, IPC_RMID, NULL);
	return 0;
}
