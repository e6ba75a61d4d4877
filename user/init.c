/* user/init.c: the first process (/init) of ipclab, and of the Linux oracle when the same initramfs boots there.
 *
 *   /init PROG ARGS...          fork; the child execs PROG with ARGS; wait; exit with PROG's status
 *                               (its exit code, or 128 + the signal that killed it)
 *   /init --each PROG...        run each PROG (no arguments) in turn the same way, each between markers
 *                                 @@ipclab-init begin PROG
 *                                 @@ipclab-init end PROG status N
 *                               and exit 0 when every one exited 0, else 1
 *   /init --tty PROG ARGS...    as /init PROG ARGS, with PROG in a session of its own whose controlling
 *                               terminal is the console's own device, /dev/ttyAMA0, on its fds 0-2 (what
 *                               busybox's cttyhack does): a shell there has job control (make shell)
 *   /init                       same as `/init /bin/pipe_echo` (the default demo)
 *
 * On ipclab the kernel halts when init exits and QEMU exits with init's status (semihosting). Linux panics when
 * init exits, so there (uname sysname "Linux") init prints "@@ipclab-init exit N" and powers off instead; the
 * host script (scripts/linux-ref) reads N from that line.
 *
 * Output goes through write(2) directly, never stdio buffers, so nothing is duplicated by fork and markers
 * appear exactly where they happen relative to the children's output. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "say.h"

#define MARK "@@ipclab-init"

extern char **environ;

static char *const default_argv[] = { "/bin/pipe_echo", NULL };


/* on_tty: in the child before exec: a new session, /dev/ttyAMA0 as stdin, stdout, stderr and the session's
 * controlling terminal (setsid(2), tty_ioctl(4) TIOCSCTTY). */
static void on_tty(void)
{
	int fd;
	if (setsid() < 0 || (fd = open("/dev/ttyAMA0", O_RDWR)) < 0) {
		say(2, "init: no terminal for the session: %s\n", strerror(errno));
		return;
	}
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	if (ioctl(0, TIOCSCTTY, 0) < 0)
		say(2, "init: TIOCSCTTY: %s\n", strerror(errno));
}

/* run: fork a child that execs argv[0] with argv (on its own terminal session when tty), wait for it, return its
 * status the shell's way (exit code, or 128 + signal). 127 when it could not be started. */
static int run(char *const argv[], int tty)
{
	pid_t pid = fork();
	if (pid < 0) {
		say(2, "init: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		if (tty)
			on_tty();
		execve(argv[0], argv, environ);
		say(2, "init: cannot exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/* Wait for any child, not only this one: orphans are re-parented to init, and init reaps them (as every
	 * init does), so none is left a zombie. */
	int status;
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, 0);
		if (w == pid) {
			status = st;
			break;
		}
		if (w < 0 && errno != EINTR) {
			say(2, "init: wait4: %s\n", strerror(errno));
			return 127;
		}
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 127;
}

/* finish: end init with status: exit on ipclab, report and power off on Linux. */
static void finish(int status, int on_linux)
{
	if (on_linux) {
		say(1, MARK " exit %d\n", status);
		reboot(RB_POWER_OFF);
		say(2, "init: reboot: %s\n", strerror(errno));
	}
	_exit(status);
}

int main(int argc, char **argv)
{
	struct utsname u;
	int on_linux = uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0;

	if (argc < 2)
		finish(run(default_argv, 0), on_linux);

	if (strcmp(argv[1], "--each") == 0) {
		int failed = 0;
		for (int i = 2; i < argc; i++) {
			char *one[] = { argv[i], NULL };
			say(1, MARK " begin %s\n", argv[i]);
			int st = run(one, 0);
			say(1, MARK " end %s status %d\n", argv[i], st);
			failed |= st != 0;
		}
		finish(failed, on_linux);
	}

	if (strcmp(argv[1], "--tty") == 0 && argc > 2)
		finish(run(argv + 2, 1), on_linux);
	finish(run(argv + 1, 0), on_linux);
}
