/* ipc_limits: running each resource out, and the error Linux gives (proc(5) /proc/sys/kernel/{sem,msgmni,shmmni},
 * getrlimit(2), fork(2), pipe(2)):
 * - System V: semaphore sets and message queues up to SEMMNI / MSGMNI (32000), shared memory segments up to
 *   SHMMNI (4096), then ENOSPC; all of them removable again;
 * - a message queue full at msg_qbytes (MSGMNB, 16384 bytes): EAGAIN with IPC_NOWAIT;
 * - descriptors up to RLIMIT_NOFILE (1024 by default), then EMFILE, also for pipe(2);
 * - processes of an unprivileged user up to RLIMIT_NPROC, then EAGAIN. */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>

#define MAXOBJ 40000

static int ids[MAXOBJ];

/* fill: make objects with make() until it fails; returns how many, with the failure's errno in *err. */
static int fill(int (*make)(void), int *err)
{
	int n = 0;
	errno = 0;
	while (n < MAXOBJ) {
		int id = make();
		if (id < 0)
			break;
		ids[n++] = id;
	}
	*err = errno;
	return n;
}

static int make_sem(void) { return semget(IPC_PRIVATE, 1, 0600); }
static int make_msg(void) { return msgget(IPC_PRIVATE, 0600); }
static int make_shm(void) { return shmget(IPC_PRIVATE, 4096, 0600); }

static void sysv(void)
{
	int err, removed = 0;
	int n = fill(make_sem, &err);
	check(n == 32000 && err == ENOSPC, "semaphore sets: 32000 (SEMMNI), then ENOSPC (%d, %s)", n, errname(err));
	for (int i = 0; i < n; i++)
		removed += semctl(ids[i], 0, IPC_RMID) == 0;
	check(removed == n, "all removed");
	n = fill(make_msg, &err);
	check(n == 32000 && err == ENOSPC, "message queues: 32000 (MSGMNI), then ENOSPC (%d, %s)", n, errname(err));
	removed = 0;
	for (int i = 0; i < n; i++)
		removed += msgctl(ids[i], IPC_RMID, NULL) == 0;
	check(removed == n, "all removed");
	n = fill(make_shm, &err);
	check(n == 4096 && err == ENOSPC, "shared memory segments: 4096 (SHMMNI), then ENOSPC (%d, %s)", n, errname(err));
	removed = 0;
	for (int i = 0; i < n; i++)
		removed += shmctl(ids[i], IPC_RMID, NULL) == 0;
	check(removed == n, "all removed");

	int q = msgget(IPC_PRIVATE, 0600);
	struct {
		long mtype;
		char text[1024];
	} m = { 1, { 0 } };
	int sent = 0;
	errno = 0;
	while (msgsnd(q, &m, sizeof m.text, IPC_NOWAIT) == 0)
		sent++;
	check(sent == 16 && errno == EAGAIN, "a queue takes 16 messages of 1024 bytes (MSGMNB 16384), then EAGAIN (%d, %s)",
	      sent, errname(errno));
	msgctl(q, IPC_RMID, NULL);
}

static void descriptors(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	check(rl.rlim_cur == 1024, "RLIMIT_NOFILE is 1024 (%ld)", (long)rl.rlim_cur);
	int first = -1, last = -1, fd;
	errno = 0;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0) {
		if (first < 0)
			first = fd;
		last = fd;
	}
	check(errno == EMFILE && last == (int)rl.rlim_cur - 1, "open until EMFILE: the last descriptor is 1023 (%d, %s)", last,
	      errname(errno));
	int p[2];
	errno = 0;
	check(pipe(p) < 0 && errno == EMFILE, "pipe with no descriptor free: EMFILE (%s)", errname(errno));
	close(last);
	errno = 0;
	check(pipe(p) < 0 && errno == EMFILE, "pipe with one descriptor free: EMFILE (%s)", errname(errno));
	close(last - 1);
	check(pipe(p) == 0, "with two: it works");
	close(p[0]);
	close(p[1]);
	for (fd = first; fd < last - 1; fd++)
		close(fd);
	rl.rlim_cur = 64;
	setrlimit(RLIMIT_NOFILE, &rl);
	errno = 0;
	check(dup2(0, 64) < 0 && errno == EBADF, "dup2 to a descriptor at RLIMIT_NOFILE: EBADF (%s)", errname(errno));
	errno = 0;
	check(fcntl(0, F_DUPFD, 64) < 0 && errno == EINVAL, "F_DUPFD from RLIMIT_NOFILE on: EINVAL (%s)", errname(errno));
	rl.rlim_cur = 1024;
	setrlimit(RLIMIT_NOFILE, &rl);
}

static void processes(void)
{
	pid_t c = fork();
	if (c == 0) {
		struct rlimit rl = { 10, 10 };
		setrlimit(RLIMIT_NPROC, &rl);
		setgid(1000);
		setuid(1000);
		int n = 0;
		pid_t kids[16];
		errno = 0;
		for (;;) {
			pid_t k = fork();
			if (k == 0) {
				pause();
				_exit(0);
			}
			if (k < 0)
				break;
			kids[n++] = k;
			if (n == 16)
				break;
		}
		int err = errno;
		for (int i = 0; i < n; i++) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
		}
		/* this process counts: 9 children make 10 processes of uid 1000 */
		_exit(n == 9 && err == EAGAIN ? 0 : 1);
	}
	int st;
	waitpid(c, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "uid 1000 under RLIMIT_NPROC 10: 9 children, then fork gives EAGAIN");
}

int main(void)
{
	sysv();
	descriptors();
	processes();
	return done();
}
