/* proc_waitid: the siginfo_t waitid fills (waitid(2)): si_signo SIGCHLD, si_code CLD_EXITED/CLD_KILLED/
 * CLD_STOPPED/CLD_CONTINUED, si_pid, si_uid, si_status (exit code or signal); WNOHANG with nothing ready returns 0
 * with si_signo and si_pid zero; WNOWAIT leaves the child waitable; P_PGID 0 is the caller's group; errors EINVAL
 * (no WEXITED/WSTOPPED/WCONTINUED) and ECHILD, which write zeros into infop all the same. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static void show(const char *what, int r, const siginfo_t *si, pid_t child)
{
	printf("%s: %d signo %d code %d pid %s uid %s status %d\n", what, r, si->si_signo, si->si_code,
	       si->si_pid == child ? "child" : si->si_pid == 0 ? "0" : "other",
	       si->si_uid == getuid() ? "ours" : "other", si->si_status);
}

/* sleeper: a child that waits in pause() until a signal ends it. */
static pid_t sleeper(void)
{
	pid_t c = fork();
	if (c == 0) {
		for (;;)
			pause();
	}
	return c;
}

int main(void)
{
	alarm(30);
	siginfo_t si;

	pid_t c = fork();
	if (c == 0)
		_exit(7);
	memset(&si, 0x55, sizeof si);
	int r = waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	show("exit 7, WNOWAIT", r, &si, c);
	memset(&si, 0x55, sizeof si);
	r = waitid(P_PGID, 0, &si, WEXITED);
	show("the same child again, P_PGID 0", r, &si, c);
	check(waitid(P_PID, c, &si, WEXITED) == -1 && errno == ECHILD, "reaped: ECHILD (%s)", errname(errno));

	c = sleeper();
	memset(&si, 0x55, sizeof si);
	r = waitid(P_PID, c, &si, WEXITED | WNOHANG);
	check(r == 0 && si.si_signo == 0 && si.si_pid == 0, "WNOHANG, nothing ready: 0, si_signo and si_pid 0 (%d %d %d)",
	      r, si.si_signo, (int)si.si_pid);
	kill(c, SIGSTOP);
	memset(&si, 0x55, sizeof si);
	r = waitid(P_PID, c, &si, WSTOPPED);
	show("SIGSTOP", r, &si, c);
	kill(c, SIGCONT);
	memset(&si, 0x55, sizeof si);
	r = waitid(P_ALL, 0, &si, WCONTINUED);
	show("SIGCONT, P_ALL", r, &si, c);
	kill(c, SIGTERM);
	memset(&si, 0x55, sizeof si);
	r = waitid(P_PID, c, &si, WEXITED);
	show("SIGTERM", r, &si, c);

	/* A waitid that fails still writes si_signo, si_code, si_pid, si_uid, si_status: zeros (Linux's waitid). */
	memset(&si, 0x55, sizeof si);
	r = waitid(P_ALL, 0, &si, 0);
	check(r == -1 && errno == EINVAL, "no WEXITED, WSTOPPED, WCONTINUED: EINVAL (%s)", errname(errno));
	check(si.si_signo == 0 && si.si_code == 0 && si.si_pid == 0 && si.si_status == 0,
	      "and infop's si_signo, si_code, si_pid, si_status are 0 (%d %d %d %d)", si.si_signo, si.si_code,
	      (int)si.si_pid, si.si_status);
	memset(&si, 0x55, sizeof si);
	r = waitid(P_ALL, 0, &si, WEXITED);
	check(r == -1 && errno == ECHILD, "no children: ECHILD (%s)", errname(errno));
	check(si.si_signo == 0 && si.si_code == 0 && si.si_pid == 0 && si.si_status == 0,
	      "and infop's si_signo, si_code, si_pid, si_status are 0 (%d %d %d %d)", si.si_signo, si.si_code,
	      (int)si.si_pid, si.si_status);
	return done();
}
