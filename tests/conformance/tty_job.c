/* tty_job: the console as a terminal (termios(3), tty_ioctl(4), credentials(7)): isatty, the settings Linux gives
 * its serial console (canonical mode with echo and the signal keys, ONLCR), sessions (setsid, getsid), a
 * controlling terminal (TIOCSCTTY, tcgetpgrp/tcsetpgrp, TIOCGSID) and job control: a background group that reads
 * the terminal is stopped by SIGTTIN (EIO when it ignores it), one that calls tcsetpgrp by SIGTTOU (allowed when
 * it ignores it). The test's own process has no controlling terminal: a child makes a session for it on
 * /dev/ttyAMA0, the console's own device (reads and writes through /dev/console never stop for job control, on
 * Linux as here: Linux n_tty.c, job_control). */
#include "conf.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

/* stopped_by: run fn in a child of a new background group; report how it ended (stopped by a signal: it is
 * killed then). */
static int run_bg(void (*fn)(void))
{
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		fn();
		_exit(0);
	}
	setpgid(c, c); /* as a shell does, in both, so neither races the other */
	int st;
	waitpid(c, &st, WUNTRACED);
	if (WIFSTOPPED(st)) {
		int sig = WSTOPSIG(st);
		kill(c, SIGKILL);
		waitpid(c, &st, 0);
		return 1000 + sig;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2000 + WTERMSIG(st);
}

static void bg_read(void)
{
	char b;
	read(0, &b, 1);
	_exit(10);
}

static void bg_read_ignored(void)
{
	char b;
	signal(SIGTTIN, SIG_IGN);
	_exit(read(0, &b, 1) < 0 && errno == EIO ? 11 : 12);
}

static void bg_tcsetpgrp(void)
{
	tcsetpgrp(0, getpgrp());
	_exit(13);
}

static void bg_tcsetpgrp_ignored(void)
{
	signal(SIGTTOU, SIG_IGN);
	_exit(tcsetpgrp(0, getpgrp()) == 0 && tcgetpgrp(0) == getpgrp() ? 14 : 15);
}

static void bg_write(void)
{
	/* TOSTOP is off: a background write goes through */
	_exit(write(1, "", 0) == 0 ? 16 : 17);
}

static void session(void)
{
	pid_t me = getpid();
	check(setsid() == me, "setsid in a child makes a session with its pid");
	check(getsid(0) == me && getpgrp() == me, "getsid and getpgrp give that pid");
	check(open("/dev/tty", O_RDWR) < 0 && errno == ENXIO, "/dev/tty without a controlling terminal: ENXIO");
	int fd = open("/dev/ttyAMA0", O_RDWR | O_NOCTTY);
	check(fd >= 0, "open /dev/ttyAMA0");
	dup2(fd, 0);
	close(fd);
	check(ioctl(0, TIOCSCTTY, 0) == 0, "the session leader takes the terminal as its controlling terminal");
	fd = open("/dev/tty", O_RDWR);
	check(fd >= 0 && isatty(fd), "/dev/tty opens the controlling terminal");
	close(fd);
	check(tcgetpgrp(0) == me, "its group is the foreground group");
	pid_t sid = 0;
	check(ioctl(0, TIOCGSID, &sid) == 0 && sid == me, "TIOCGSID gives the session");
	check(setpgid(0, 0) < 0 && errno == EPERM, "setpgid of a session leader: EPERM");
	check(setsid() < 0 && errno == EPERM, "setsid of a group leader: EPERM");
	check(run_bg(bg_read) == 1000 + SIGTTIN, "a background read is stopped by SIGTTIN");
	check(run_bg(bg_read_ignored) == 11, "with SIGTTIN ignored the background read fails with EIO");
	check(run_bg(bg_write) == 16, "a background write goes through without TOSTOP");
	check(run_bg(bg_tcsetpgrp) == 1000 + SIGTTOU, "a background tcsetpgrp is stopped by SIGTTOU");
	signal(SIGTTOU, SIG_IGN); /* as a shell does: it will be in the background for a moment */
	check(run_bg(bg_tcsetpgrp_ignored) == 14, "with SIGTTOU ignored a background process may take the foreground");
	check(tcgetpgrp(0) != me, "the foreground is no longer the leader's group");
	check(tcsetpgrp(0, me) == 0 && tcgetpgrp(0) == me, "the leader takes the foreground back");
	check(tcsetpgrp(0, 99999) < 0 && errno == ESRCH, "tcsetpgrp to a group that does not exist: ESRCH");
	check(tcsetpgrp(0, 1) < 0 && errno == EPERM, "tcsetpgrp to a group of another session (init's): EPERM");
	_exit(conf_failures ? 1 : 0);
}

int main(void)
{
	check(isatty(0) && isatty(1), "stdin and stdout are a terminal");
	struct termios t;
	check(tcgetattr(0, &t) == 0, "tcgetattr");
	check((t.c_lflag & (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN)) ==
		      (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN),
	      "c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN");
	check((t.c_lflag & (TOSTOP | NOFLSH | ECHONL)) == 0, "c_lflag: no TOSTOP, NOFLSH, ECHONL");
	check((t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR), "c_oflag: OPOST ONLCR");
	check((t.c_iflag & ICRNL) && !(t.c_iflag & (INLCR | IGNCR)), "c_iflag: ICRNL, not INLCR or IGNCR");
	check(t.c_cc[VINTR] == 3 && t.c_cc[VQUIT] == 034 && t.c_cc[VERASE] == 0177 && t.c_cc[VKILL] == 025 &&
		      t.c_cc[VEOF] == 4 && t.c_cc[VSUSP] == 032 && t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0,
	      "c_cc: ^C ^\\ DEL ^U ^D ^Z, VMIN 1, VTIME 0");
	struct winsize ws = { 1, 2, 3, 4 };
	check(ioctl(1, TIOCGWINSZ, &ws) == 0, "TIOCGWINSZ");
	int n = -1;
	check(ioctl(0, FIONREAD, &n) == 0 && n == 0, "FIONREAD: nothing typed");
	errno = 0;
	check(tcgetpgrp(0) < 0 && errno == ENOTTY, "tcgetpgrp without a controlling terminal: ENOTTY");
	check(ioctl(3, TCGETS, &t) < 0 && errno == EBADF, "TCGETS on a closed descriptor: EBADF");
	int p[2];
	pipe(p);
	check(!isatty(p[0]) && errno == ENOTTY, "a pipe is not a terminal (ENOTTY)");
	close(p[0]);
	close(p[1]);
	pid_t c = fork();
	if (c == 0)
		session();
	int st;
	waitpid(c, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the session's checks passed");
	return done();
}
