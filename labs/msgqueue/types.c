/* labs/msgqueue/types.c: msgrcv's msgtyp selects which message a receiver takes (msgrcv(2)):
 *   msgtyp 0    the first message in the queue, whatever its type
 *   msgtyp > 0  the first message of that type (with MSG_EXCEPT: the first of any other type)
 *   msgtyp < 0  the first message of the lowest type <= |msgtyp| (a priority queue)
 * The parent queues six typed messages, takes them back with different msgtyp values (IPC_NOWAIT: ENOMSG when none
 * matches), then a child sleeps in msgrcv for type 7 while a type-6 message is queued past it and a type-7 one is
 * handed straight to it. Exits 0 when every receive got the message the rules predict. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include "lab.h"

struct msg {
	long mtype;
	char mtext[32];
};

static int q, bad;

/* send: queue a message of type t with text s. */
static void send(long t, const char *s)
{
	struct msg m = { t, "" };
	strncpy(m.mtext, s, sizeof m.mtext - 1);
	if (msgsnd(q, &m, strlen(m.mtext) + 1, 0) < 0)
		lab_die("msgsnd");
}

/* take: msgrcv with msgtyp and flags; checks the text against want (NULL: expect ENOMSG). */
static void take(long msgtyp, int flags, const char *want)
{
	struct msg m;
	ssize_t n = msgrcv(q, &m, sizeof m.mtext, msgtyp, flags | IPC_NOWAIT);
	const char *how = flags & MSG_EXCEPT ? " MSG_EXCEPT" : "";
	if (n < 0) {
		say(1, "msgrcv(msgtyp %ld%s) -> %s\n", msgtyp, how, strerror(errno));
		bad |= want != NULL || errno != ENOMSG;
		return;
	}
	say(1, "msgrcv(msgtyp %ld%s) -> type %ld \"%s\"\n", msgtyp, how, m.mtype, m.mtext);
	bad |= want == NULL || strcmp(m.mtext, want) != 0;
}

int main(void)
{
	q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (q < 0)
		lab_die("msgget");
	send(3, "c1");
	send(1, "a1");
	send(2, "b1");
	send(3, "c2");
	send(1, "a2");
	send(2, "b2");
	say(1, "queued: 3 c1, 1 a1, 2 b1, 3 c2, 1 a2, 2 b2\n");
	take(0, 0, "c1");           /* the first, whatever its type */
	take(2, 0, "b1");           /* the first of type 2 */
	take(-2, 0, "a1");          /* the lowest type <= 2: type 1 */
	take(3, MSG_EXCEPT, "a2");  /* the first not of type 3 */
	take(5, 0, NULL);           /* no type 5: ENOMSG */
	take(-3, 0, "b2");          /* the lowest type <= 3 left: 2 */
	take(0, 0, "c2");
	take(0, 0, NULL);           /* empty */

	pid_t c = fork();
	if (c == 0) { /* sleep in msgrcv until a message of type 7 comes */
		struct msg m;
		if (msgrcv(q, &m, sizeof m.mtext, 7, 0) < 0)
			lab_die("child msgrcv");
		say(1, "child: msgrcv(msgtyp 7) woke with type %ld \"%s\"\n", m.mtype, m.mtext);
		_exit(strcmp(m.mtext, "g1") != 0);
	}
	lab_sleep_ms(20); /* the child is asleep now */
	send(6, "f1");    /* not what it waits for: queued */
	send(7, "g1");    /* handed straight to the sleeping child */
	int st;
	waitpid(c, &st, 0);
	take(0, 0, "f1");
	bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	msgctl(q, IPC_RMID, NULL);
	say(1, "%s\n", bad ? "some receive got the wrong message" : "every receive took the message msgtyp selects");
	return bad;
}
