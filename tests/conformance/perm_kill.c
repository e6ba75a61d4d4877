/* perm_kill: who may signal whom (kill(2), credentials(7); Linux check_kill_permission): an unprivileged process
 * may not signal root's processes (EPERM, also for signal 0 and tkill/tgkill), may signal its own user's, may send
 * SIGCONT within its session; kill(-1) skips what it may not signal. Init (pid 1) does not die of signals it has
 * no handler for, even SIGKILL from root. */
#define _GNU_SOURCE
#include "conf.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void sleeper(void)
{
	for (;;)
		pause();
}

int main(void)
{
	pid_t root_sleeper = fork();
	if (root_sleeper == 0)
		sleeper();
	check(kill(1, SIGTERM) == 0, "root: kill(1, SIGTERM) succeeds");
	check(kill(1, SIGKILL) == 0, "root: kill(1, SIGKILL) succeeds");
	check(kill(1, SIGUSR1) == 0 && kill(1, 0) == 0, "init is still there, unharmed by signals it has no handler for");

	int p[2];
	pipe(p);
	pid_t user = fork();
	if (user == 0) {
		close(p[0]);
		if (setgid(1000) || setuid(1000))
			_exit(99);
		char r[16];
		int i = 0;
		errno = 0;
		r[i++] = kill(root_sleeper, SIGTERM) < 0 && errno == EPERM ? 'P' : 'x';
		errno = 0;
		r[i++] = kill(root_sleeper, 0) < 0 && errno == EPERM ? 'P' : 'x';
		errno = 0;
		r[i++] = syscall(SYS_tkill, root_sleeper, SIGTERM) < 0 && errno == EPERM ? 'P' : 'x';
		errno = 0;
		r[i++] = syscall(SYS_tgkill, root_sleeper, root_sleeper, SIGTERM) < 0 && errno == EPERM ? 'P' : 'x';
		errno = 0;
		r[i++] = kill(1, SIGTERM) < 0 && errno == EPERM ? 'P' : 'x';
		r[i++] = kill(root_sleeper, SIGCONT) == 0 ? 'C' : 'x'; /* same session: allowed */
		pid_t mine = fork();
		if (mine == 0)
			sleeper();
		r[i++] = kill(mine, SIGTERM) == 0 ? 'K' : 'x';
		int st;
		r[i++] = waitpid(mine, &st, 0) == mine && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM ? 'T' : 'x';
		errno = 0;
		r[i++] = kill(-1, SIGKILL) == 0 ? '0' : errname(errno)[1]; /* may not signal root's: skipped */
		r[i++] = 0;
		write(p[1], r, i);
		_exit(0);
	}
	close(p[1]);
	char r[16] = { 0 };
	read(p[0], r, sizeof r);
	int st;
	waitpid(user, &st, 0);
	printf("unprivileged: %s (P: EPERM, C: SIGCONT allowed, K/T: its own child killed, 0: kill(-1) returned 0)\n", r);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the unprivileged process exited normally (its kill(-1) spared it)");
	check(kill(root_sleeper, 0) == 0, "root's sleeper survived everything the unprivileged process sent");
	kill(root_sleeper, SIGKILL);
	check(waitpid(root_sleeper, &st, 0) == root_sleeper && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "root may kill it");
	return done();
}
