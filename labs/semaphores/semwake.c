/* labs/semaphores/semwake.c MODE: who a change must wake (semop(2); Linux ipc/sem.c update_queue and
 * do_smart_update). Waiters are children that sleep in semtimedop (at most 1 s, so a waiter nobody completes
 * reports EAGAIN instead of hanging); the parent makes one change, then reports what each waiter's semop returned.
 *   v2:      semaphore 0 at 0; two waiters each P(-1). One V(+2) lets both through: a change completes every
 *            waiter it can, not only the first.
 *   restart: semaphore 0 and 1 at 0. Waiter A: P on 0. Waiter B (queued after A): {P on 1, V on 0} in one semop.
 *            V on 1 completes B, and B's V on 0 now lets A through: after completing a waiter, the queue must be
 *            tried again from its start (A was tried before B changed semaphore 0).
 *   zero:    semaphore 0 at 1. Waiter Z waits for 0 (sem_op 0): it must sleep while the value is 1 and go on once
 *            the parent's P makes it 0.
 *   order:   semaphore 0 at 1, semaphore 1 at 0. Z waits for 0 to become 0; A waits {P on 1, V on 0}. The
 *            parent's {P on 0, V on 1} makes 0 zero and 1 one: Z goes first (it sees 0 at 0), then A (which makes
 *            0 one again): the wait-for-zero waiters are tried before the altering ones, as Linux does
 *            (do_smart_wakeup_zero before update_queue).
 *   erange:  semaphore 0 at SEMVMX - 1 (32766), semaphore 1 at 0. Waiter W: {P on 1, V(+2) on 0}. The parent's
 *            V on 1 lets W's first operation through, but its second would pass SEMVMX: W's semop must end,
 *            failing with ERANGE, rather than sleep on.
 * Before the change it prints GETNCNT and GETZCNT of semaphore 0 (who sleeps there). Prints one line per waiter ("NAME: semop returned 0" or "NAME: semop failed: EAGAIN") and the values after;
 * exits 0 when every waiter got what the mode promises. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include "lab.h"

#define SEMVMX 32767

static int semid;

/* waiter: a child that runs semtimedop(ops, n) (1 s limit) and exits 0 when it returned 0, else with errno. */
static pid_t waiter(const char *name, struct sembuf *ops, int n)
{
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork");
	if (pid == 0) {
		struct timespec limit = { 1, 0 };
		if (semtimedop(semid, ops, n, &limit) == 0) {
			say(1, "%s: semop returned 0\n", name);
			_exit(0);
		}
		int e = errno;
		say(1, "%s: semop failed: %s\n", name, e == EAGAIN ? "EAGAIN (nobody let it through in 1 s)" :
		    e == ERANGE ? "ERANGE" : strerror(e));
		_exit(e);
	}
	lab_sleep_ms(20); /* asleep in semop before the next one starts */
	return pid;
}

/* result: the errno a waiter exited with (0: its semop returned 0). */
static int result(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* change: the parent's semop, after saying how many wait on semaphore 0 (GETNCNT, GETZCNT). */
static void change(struct sembuf *ops, int n)
{
	say(1, "before the change: %d waiting to decrease semaphore 0, %d waiting for it to be 0\n",
	    semctl(semid, 0, GETNCNT), semctl(semid, 0, GETZCNT));
	if (semop(semid, ops, n) < 0)
		lab_die("semop");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "v2";
	semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	if (semid < 0)
		lab_die("semget");
	unsigned short init[2] = { 0, 0 };
	int ok = 0;
	if (!strcmp(mode, "v2")) {
		semctl(semid, 0, SETALL, init);
		struct sembuf p = { 0, -1, 0 }, v2 = { 0, 2, 0 };
		pid_t a = waiter("A", &p, 1), b = waiter("B", &p, 1);
		change(&v2, 1);
		ok = result(a) == 0 && result(b) == 0;
	} else if (!strcmp(mode, "restart")) {
		semctl(semid, 0, SETALL, init);
		struct sembuf pa = { 0, -1, 0 }, pb[2] = { { 1, -1, 0 }, { 0, 1, 0 } }, v1 = { 1, 1, 0 };
		pid_t a = waiter("A", &pa, 1), b = waiter("B", pb, 2);
		change(&v1, 1);
		ok = result(b) == 0 && result(a) == 0;
	} else if (!strcmp(mode, "zero")) {
		init[0] = 1;
		semctl(semid, 0, SETALL, init);
		struct sembuf z = { 0, 0, 0 }, p = { 0, -1, 0 };
		pid_t w = waiter("Z", &z, 1);
		int zcnt = semctl(semid, 0, GETZCNT);
		change(&p, 1);
		ok = result(w) == 0 && zcnt == 1;
	} else if (!strcmp(mode, "order")) {
		init[0] = 1;
		semctl(semid, 0, SETALL, init);
		struct sembuf z = { 0, 0, 0 }, pa[2] = { { 1, -1, 0 }, { 0, 1, 0 } }, x[2] = { { 0, -1, 0 }, { 1, 1, 0 } };
		pid_t w = waiter("Z", &z, 1), a = waiter("A", pa, 2);
		change(x, 2);
		ok = result(w) == 0 && result(a) == 0;
	} else if (!strcmp(mode, "erange")) {
		init[0] = SEMVMX - 1;
		semctl(semid, 0, SETALL, init);
		struct sembuf pw[2] = { { 1, -1, 0 }, { 0, 2, 0 } }, v1 = { 1, 1, 0 };
		pid_t w = waiter("W", pw, 2);
		change(&v1, 1);
		ok = result(w) == ERANGE;
	} else {
		say(2, "semwake: unknown mode %s (v2, restart, zero, order, erange)\n", mode);
		return 2;
	}
	say(1, "%s: semaphores now %d and %d\n", mode, semctl(semid, 0, GETVAL), semctl(semid, 1, GETVAL));
	semctl(semid, 0, IPC_RMID);
	return ok ? 0 : 1;
}
