/* sig_storm: robustness of every blocking IPC call under signals. Thirteen children each block in one kind of
 * call (pipe read, pipe write on a full pipe, blocking FIFO open, FIFO read, socketpair recv, msgrcv, msgsnd on
 * a full queue, semop, wait4, sigsuspend, ppoll on a pipe, pause, nanosleep), restarting it whenever it fails
 * with EINTR. The parent first sends every child each of the storm's signals in turn (a sweep: every call meets
 * every signal at least once), then a pseudo-random storm from a fixed seed: SIGUSR1 (handler with SA_RESTART),
 * SIGUSR2 (handler without), SIGSTOP, SIGCONT, and signals they ignore (SIGHUP set to SIG_IGN, SIGURG and
 * SIGWINCH ignored by default), with short sleeps so the children run in between.
 *
 * Afterwards (SIGCONT to all):
 *   - each child's call still completes when the parent makes it possible (writes the byte, drains the pipe,
 *     opens the FIFO's other end, posts the semaphore, receives a message, lets the grandchild exit, sends
 *     SIGINT), and the child reports it once; it also checks that its call only failed with EINTR, and only
 *     as many times as a handler that does not restart that call ran (SA_RESTART restarts pipe, FIFO, socket
 *     and wait4 calls; semop, msgsnd, msgrcv, ppoll, pause, nanosleep and sigsuspend never restart after a
 *     handler; stops and ignored signals never interrupt anything);
 *   - each child blocks in its call again and is ended by SIGTERM or SIGKILL (some while stopped), chosen by
 *     the same seed; every one must end with that signal: a watchdog alarm names any child that does not;
 *   - the objects are still consistent (no waiter left behind by a killed process; the semop child's
 *     SEM_UNDO is applied at its death) and every one is removed: semaphore set, two queues, FIFOs.
 * The kernel-side check that nothing leaked is the trace's kernel.halt (make test-conformance-traced).
 * Only timing-independent facts are printed; the storm's own counts are not. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "conf.h"

#define FIFO1 "/tmp/sig_storm.open"
#define FIFO2 "/tmp/sig_storm.read"
#define SEED 20240605u
#define STEPS 400
#define MSGBIG 1024   /* the full queue holds 16 of these (msg_qbytes 16384) */
#define WATCHDOG 30   /* seconds per phase */

enum kind { K_PIPE_READ, K_PIPE_WRITE, K_FIFO_OPEN, K_FIFO_READ, K_SOCK_RECV, K_MSGRCV, K_MSGSND, K_SEMOP,
	    K_WAIT4, K_SIGSUSPEND, K_PPOLL, K_PAUSE, K_NANOSLEEP, NKINDS };
static const char *names[NKINDS] = { "pipe read", "pipe write (full)", "FIFO open", "FIFO read",
				     "socketpair recv", "msgrcv", "msgsnd (full queue)", "semop", "wait4",
				     "sigsuspend", "ppoll", "pause", "nanosleep" };
/* Calls that SA_RESTART restarts after a handler (Linux: -ERESTARTSYS); the others return EINTR. */
static const int restartable[NKINDS] = { [K_PIPE_READ] = 1, [K_PIPE_WRITE] = 1, [K_FIFO_OPEN] = 1,
					 [K_FIFO_READ] = 1, [K_SOCK_RECV] = 1, [K_WAIT4] = 1 };

static pid_t pids[NKINDS];
static int rep[2];          /* children report on it, one line each, once */
static int pr[2], pw[2];    /* pipe read: parent writes pr[1]; pipe write: child fills pw[1] */
static int pp[2];           /* ppoll: parent writes pp[1] */
static int gp[2];           /* wait4: the grandchild reads gp[0]; the parent holds gp[1] */
static int gdone[2];        /* grandchildren hold gdone[1]: EOF on gdone[0] when they have all ended */
static int sv[2];           /* socketpair: parent sends on sv[0] */
static int semid, q_rcv, q_snd;

/* ---- deterministic pseudo-random sequence ---- */
static unsigned rng = SEED;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

/* ---- child side ---- */
static volatile sig_atomic_t n_usr1, n_usr2, n_int, go;
static void on_usr1(int s) { (void)s; n_usr1++; }
static void on_usr2(int s) { (void)s; n_usr2++; }
static void on_int(int s) { (void)s; n_int++; go = 1; }

static void handle(int sig, void (*h)(int), int flags)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* keep_only: close every descriptor above 2 except those listed (-1 ends the list). */
static void keep_only(const int *keep)
{
	for (int fd = 3; fd < 64; fd++) {
		int k = 0;
		for (const int *p = keep; *p >= 0; p++)
			k |= *p == fd;
		if (!k)
			close(fd);
	}
}

static long n_eintr, n_bad;
static int bad_errno;
static enum kind me;

/* outcome: account for one return of the blocking call: r >= 0 is success; -1 with EINTR is counted and the
 * call is retried; any other failure is unexpected. Returns 1 when the call succeeded. */
static int outcome(long r)
{
	if (r >= 0)
		return 1;
	if (errno == EINTR)
		n_eintr++;
	else {
		n_bad++;
		bad_errno = errno;
	}
	return 0;
}

static void report(const char *result)
{
	char line[256];
	/* EINTR only after a handler that does not restart this call: SIGUSR2 for restartable calls, any handler
	 * (SIGUSR1, SIGUSR2, SIGINT) otherwise. */
	long handlers = restartable[me] ? n_usr2 : n_usr1 + n_usr2 + n_int;
	int n;
	if (n_bad)
		n = snprintf(line, sizeof line, "%s: %s; %ld unexpected failures (last %s)\n", names[me], result, n_bad,
			     errname(bad_errno));
	else if (n_eintr > handlers)
		n = snprintf(line, sizeof line, "%s: %s; EINTR %ld times but only %ld non-restarting handlers ran\n",
			     names[me], result, n_eintr, handlers);
	else
		n = snprintf(line, sizeof line, "%s: %s; every failure was EINTR after a handler\n", names[me], result);
	write(rep[1], line, n);
}

struct msgbig {
	long type;
	char text[MSGBIG];
};

/* run_child: block in the kind's call forever; report the first completion. */
static void run_child(enum kind k)
{
	me = k;
	handle(SIGUSR1, on_usr1, SA_RESTART);
	handle(SIGUSR2, on_usr2, 0);
	handle(SIGINT, on_int, 0);
	signal(SIGHUP, SIG_IGN);
	char b = 0, res[64] = "";
	int reported = 0;
	for (;;) {
		long r;
		switch (k) {
		case K_PIPE_READ:
			while (!outcome(r = read(pr[0], &b, 1)))
				;
			snprintf(res, sizeof res, "read %ld byte '%c'", r, b);
			break;
		case K_PIPE_WRITE: {
			static char page[4096];
			fcntl(pw[1], F_SETFL, O_NONBLOCK);
			while (write(pw[1], page, sizeof page) > 0)
				;
			while (write(pw[1], page, 1) > 0)
				;
			fcntl(pw[1], F_SETFL, 0);
			while (!outcome(r = write(pw[1], "w", 1)))
				;
			snprintf(res, sizeof res, "wrote %ld byte", r);
			break;
		}
		case K_FIFO_OPEN:
			while (!outcome(r = open(FIFO1, O_RDONLY)))
				;
			close((int)r);
			snprintf(res, sizeof res, "opened for reading");
			break;
		case K_FIFO_READ: {
			static int fd = -1;
			if (fd < 0)
				fd = open(FIFO2, O_RDWR);
			while (!outcome(r = read(fd, &b, 1)))
				;
			snprintf(res, sizeof res, "read %ld byte '%c'", r, b);
			break;
		}
		case K_SOCK_RECV:
			while (!outcome(r = recv(sv[1], &b, 1, 0)))
				;
			snprintf(res, sizeof res, "received %ld byte '%c'", r, b);
			break;
		case K_MSGRCV: {
			struct { long type; char text[64]; } m;
			while (!outcome(r = msgrcv(q_rcv, &m, sizeof m.text, 1, 0)))
				;
			snprintf(res, sizeof res, "received type %ld, %ld bytes", m.type, r);
			break;
		}
		case K_MSGSND: {
			static struct msgbig m = { 3, { 0 } };
			while (msgsnd(q_snd, &m, MSGBIG, IPC_NOWAIT) == 0)
				;
			while (!outcome(r = msgsnd(q_snd, &m, MSGBIG, 0)))
				;
			snprintf(res, sizeof res, "sent %d bytes", MSGBIG);
			break;
		}
		case K_SEMOP: {
			struct sembuf op = { 0, -1, SEM_UNDO };
			while (!outcome(r = semop(semid, &op, 1)))
				;
			snprintf(res, sizeof res, "decremented (SEM_UNDO)");
			break;
		}
		case K_WAIT4: {
			pid_t g = fork();
			if (g == 0) {
				int keep[] = { gp[0], gdone[1], -1 };
				keep_only(keep);
				signal(SIGHUP, SIG_DFL);
				_exit(read(gp[0], &b, 1) == 1 ? 7 : 0);
			}
			int st = 0;
			while (!outcome(r = wait4(g, &st, 0, NULL)))
				;
			snprintf(res, sizeof res, "reaped the grandchild: %s, exit %d", r == g ? "its pid" : "another pid",
				 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
			break;
		}
		case K_SIGSUSPEND: {
			sigset_t block, none;
			sigemptyset(&block);
			sigaddset(&block, SIGUSR1);
			sigaddset(&block, SIGUSR2);
			sigaddset(&block, SIGINT);
			sigprocmask(SIG_BLOCK, &block, NULL);
			sigemptyset(&none);
			while (!go)
				outcome(sigsuspend(&none));
			go = 0;
			n_eintr--; /* sigsuspend's normal return is -1 EINTR: the last one is its success */
			snprintf(res, sizeof res, "returned after SIGINT");
			break;
		}
		case K_PPOLL: {
			struct pollfd pfd = { pp[0], POLLIN, 0 };
			while (!outcome(r = ppoll(&pfd, 1, NULL, NULL)))
				;
			read(pp[0], &b, 1);
			snprintf(res, sizeof res, "%ld ready, revents %s", r, pfd.revents == POLLIN ? "POLLIN" : "other");
			break;
		}
		case K_PAUSE:
			while (!go)
				outcome(pause());
			go = 0;
			n_eintr--; /* the return that saw go */
			snprintf(res, sizeof res, "returned after SIGINT");
			break;
		case K_NANOSLEEP:
			while (!go) {
				struct timespec t = { 1000, 0 };
				outcome(nanosleep(&t, NULL));
			}
			go = 0;
			n_eintr--;
			snprintf(res, sizeof res, "returned after SIGINT");
			break;
		default:
			_exit(1);
		}
		if (!reported) {
			report(res);
			reported = 1;
		}
	}
}

/* ---- parent side ---- */
static volatile sig_atomic_t timed_out;
static void on_alrm(int s) { (void)s; timed_out = 1; }
static const char *phase;

static void watchdog(const char *what)
{
	phase = what;
	timed_out = 0;
	alarm(WATCHDOG);
}

/* read_report: one line from the children, or NULL when the watchdog fired. kick > 0: send that signal to
 * pids[k] every 20 ms while waiting (the pause and nanosleep children can miss one between test and call). */
static const char *read_report(enum kind k, int kick)
{
	static char line[256];
	size_t n = 0;
	for (;;) {
		struct pollfd pfd = { rep[0], POLLIN, 0 };
		if (kick)
			kill(pids[k], kick);
		int r = poll(&pfd, 1, kick ? 20 : 1000);
		if (timed_out)
			return NULL;
		if (r <= 0)
			continue;
		char c;
		if (read(rep[0], &c, 1) != 1)
			return NULL;
		if (c == '\n')
			break;
		if (n < sizeof line - 1)
			line[n++] = c;
	}
	line[n] = 0;
	return line;
}

static int setnonblock(int fd)
{
	return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* unblock: make kind k's call complete. */
static int unblock(enum kind k)
{
	static char buf[4096];
	switch (k) {
	case K_PIPE_READ:
		return write(pr[1], "r", 1) == 1 ? 0 : -1;
	case K_PIPE_WRITE:
		setnonblock(pw[0]);
		while (read(pw[0], buf, sizeof buf) > 0)
			;
		return 0;
	case K_FIFO_OPEN: {
		int fd = open(FIFO1, O_WRONLY); /* blocks until the child's open meets it */
		return fd; /* closed by the caller after the report */
	}
	case K_FIFO_READ: {
		int fd = open(FIFO2, O_WRONLY | O_NONBLOCK);
		int r = fd >= 0 && write(fd, "f", 1) == 1 ? 0 : -1;
		close(fd);
		return r;
	}
	case K_SOCK_RECV:
		return send(sv[0], "s", 1, 0) == 1 ? 0 : -1;
	case K_MSGRCV: {
		struct { long type; char text[8]; } m = { 1, "message" };
		return msgsnd(q_rcv, &m, 8, 0);
	}
	case K_MSGSND: {
		static struct msgbig m;
		return msgrcv(q_snd, &m, MSGBIG, 0, IPC_NOWAIT) == MSGBIG ? 0 : -1;
	}
	case K_SEMOP: {
		struct sembuf op = { 0, 1, 0 };
		return semop(semid, &op, 1);
	}
	case K_WAIT4:
		return write(gp[1], "g", 1) == 1 ? 0 : -1;
	case K_PPOLL:
		return write(pp[1], "p", 1) == 1 ? 0 : -1;
	default: /* sigsuspend, pause, nanosleep: SIGINT, sent by read_report */
		return 0;
	}
}

static const char *signame(int s)
{
	switch (s) {
	case SIGUSR1: return "SIGUSR1";
	case SIGUSR2: return "SIGUSR2";
	case SIGSTOP: return "SIGSTOP";
	case SIGCONT: return "SIGCONT";
	case SIGHUP: return "SIGHUP";
	case SIGURG: return "SIGURG";
	case SIGWINCH: return "SIGWINCH";
	case SIGTERM: return "SIGTERM";
	case SIGKILL: return "SIGKILL";
	default: return "?";
	}
}

int main(void)
{
	mkdir("/tmp", 0777);
	unlink(FIFO1);
	unlink(FIFO2);
	int ok = pipe(rep) == 0 && pipe(pr) == 0 && pipe(pw) == 0 && pipe(pp) == 0 && pipe(gp) == 0 &&
		 pipe(gdone) == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && mkfifo(FIFO1, 0600) == 0 &&
		 mkfifo(FIFO2, 0600) == 0;
	semid = semget(IPC_PRIVATE, 1, 0600);
	q_rcv = msgget(IPC_PRIVATE, 0600);
	q_snd = msgget(IPC_PRIVATE, 0600);
	if (!check(ok && semid >= 0 && q_rcv >= 0 && q_snd >= 0, "pipes, socketpair, FIFOs, semaphore set, two queues"))
		return done();

	for (int k = 0; k < NKINDS; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			int keep[] = { rep[1], pr[0], pw[1], pp[0], sv[1], gp[0], gdone[1], -1 };
			keep_only(keep);
			if (k != K_WAIT4) {
				close(gp[0]);
				close(gdone[1]);
			}
			run_child(k);
			_exit(1);
		}
	}
	close(rep[1]);
	close(pr[0]);
	close(pw[1]);
	close(pp[0]);
	close(sv[1]);
	close(gp[0]);
	close(gdone[1]);
	struct sigaction sa = { 0 };
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	sleep_ms(100); /* let every child reach its call */

	/* The sweep, then the storm. */
	watchdog("storm");
	int sigs[] = { SIGUSR1, SIGUSR1, SIGUSR1, SIGUSR2, SIGUSR2, SIGUSR2, SIGSTOP, SIGCONT, SIGHUP, SIGURG,
		       SIGWINCH };
	int sweep[] = { SIGUSR1, SIGUSR2, SIGSTOP, SIGCONT, SIGCONT, SIGHUP, SIGURG, SIGWINCH };
	int sent = 0, failed = 0;
	for (size_t i = 0; i < sizeof sweep / sizeof sweep[0]; i++) {
		for (int k = 0; k < NKINDS; k++)
			if (kill(pids[k], sweep[i]) < 0)
				failed++;
		sleep_ms(5);
	}
	for (int i = 0; i < STEPS; i++) {
		enum kind k = rnd(NKINDS);
		int s = sigs[rnd(sizeof sigs / sizeof sigs[0])];
		if (kill(pids[k], s) == 0)
			sent++;
		else
			failed++;
		if (rnd(2))
			sleep_ms(1);
	}
	for (int k = 0; k < NKINDS; k++)
		kill(pids[k], SIGCONT);
	check(sent == STEPS && failed == 0, "sweep of %d signals to each of %d children, then a storm of %d (seed %u)",
	      (int)(sizeof sweep / sizeof sweep[0]), NKINDS, STEPS, SEED);
	sleep_ms(100);

	/* Every call still completes. */
	for (int k = 0; k < NKINDS; k++) {
		char what[64];
		snprintf(what, sizeof what, "complete %s", names[k]);
		watchdog(what);
		int r = unblock(k);
		if (r < 0) {
			check(0, "%s: could not unblock it: %s", names[k], errname(errno));
			continue;
		}
		int kick = (k == K_SIGSUSPEND || k == K_PAUSE || k == K_NANOSLEEP) ? SIGINT : 0;
		const char *line = read_report(k, kick);
		if (k == K_FIFO_OPEN)
			close(r);
		if (line)
			printf("%s\n", line);
		else
			check(0, "watchdog: %s did not complete after the storm (no report in %d s)", names[k], WATCHDOG);
	}
	alarm(0);
	sleep_ms(100); /* each child is back in its call */

	/* The end: SIGTERM or SIGKILL, some to a stopped child. */
	int endsig[NKINDS];
	for (int k = 0; k < NKINDS; k++) {
		int how = rnd(4);
		endsig[k] = how & 1 ? SIGKILL : SIGTERM;
		if (how & 2) {
			kill(pids[k], SIGSTOP);
			sleep_ms(1);
		}
		kill(pids[k], endsig[k]);
		if (how & 2 && endsig[k] == SIGTERM)
			kill(pids[k], SIGCONT); /* SIGTERM waits for it in a stopped child */
		printf("%s: %s%s\n", names[k], how & 2 ? "SIGSTOP, then " : "", signame(endsig[k]));
	}
	for (int k = 0; k < NKINDS; k++) {
		char what[64];
		snprintf(what, sizeof what, "end of %s", names[k]);
		watchdog(what);
		int st = 0;
		pid_t r;
		while ((r = waitpid(pids[k], &st, 0)) < 0 && errno == EINTR && !timed_out)
			;
		if (r != pids[k]) {
			check(0, "watchdog: %s (pid %d) did not end within %d s of %s", names[k], pids[k], WATCHDOG,
			      signame(endsig[k]));
			kill(pids[k], SIGKILL);
			continue;
		}
		check(WIFSIGNALED(st) && WTERMSIG(st) == endsig[k], "%s: ended by %s", names[k], signame(endsig[k]));
	}
	watchdog("grandchildren");
	close(gp[1]); /* the second grandchild sees EOF */
	char c;
	ssize_t gr;
	while ((gr = read(gdone[0], &c, 1)) < 0 && errno == EINTR && !timed_out)
		;
	check(gr == 0, "the wait4 child's grandchildren ended too");
	alarm(0);

	/* Nothing left behind by the killed waiters; SEM_UNDO applied at the semop child's death. */
	struct sembuf up = { 0, 1, IPC_NOWAIT }, down = { 0, -1, IPC_NOWAIT };
	check(semctl(semid, 0, GETVAL) == 1, "semaphore: 1 after the semop child's death (its SEM_UNDO of -1 undone)");
	check(semctl(semid, 0, GETNCNT) == 0 && semctl(semid, 0, GETZCNT) == 0, "semaphore: no waiter left");
	check(semop(semid, &down, 1) == 0 && semop(semid, &down, 1) < 0 && errno == EAGAIN && semop(semid, &up, 1) == 0,
	      "semaphore: still works");
	struct msqid_ds ds;
	check(msgctl(q_snd, IPC_STAT, &ds) == 0 && ds.msg_qnum == 16, "full queue: 16 messages of %d bytes", MSGBIG);
	struct { long type; char text[8]; } m = { 5, "after" };
	check(msgsnd(q_rcv, &m, 8, IPC_NOWAIT) == 0 && msgrcv(q_rcv, &m, 8, 5, IPC_NOWAIT) == 8, "queue: still works");
	check(msgctl(q_rcv, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0, "queue: empty");

	/* Remove everything. */
	check(semctl(semid, 0, IPC_RMID) == 0, "semctl IPC_RMID");
	check(msgctl(q_rcv, IPC_RMID, NULL) == 0 && msgctl(q_snd, IPC_RMID, NULL) == 0, "msgctl IPC_RMID (both queues)");
	check(semctl(semid, 0, GETVAL) < 0 && errno == EINVAL, "the set is gone: %s", errname(errno));
	check(msgctl(q_snd, IPC_STAT, &ds) < 0 && errno == EINVAL, "the queues are gone: %s", errname(errno));
	check(unlink(FIFO1) == 0 && unlink(FIFO2) == 0, "FIFOs unlinked");
	close(rep[0]);
	close(pr[1]);
	close(pw[0]);
	close(pp[1]);
	close(sv[0]);
	close(gdone[0]);
	return done();
}
