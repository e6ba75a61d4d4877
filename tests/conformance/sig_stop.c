/* sig_stop: SIGSTOP stops a child: waitpid(WUNTRACED) reports WIFSTOPPED/WSTOPSIG, the parent gets SIGCHLD with
 * CLD_STOPPED. A stopped child does not run: a handled signal sent to it waits until SIGCONT. SIGCONT resumes it:
 * waitpid(WCONTINUED) reports WIFCONTINUED, SIGCHLD comes with CLD_CONTINUED. Each state change is reported to wait
 * once. SIGTSTP stops too. SIGTERM to a stopped child stays pending until SIGCONT (then it kills); SIGKILL
 * kills a stopped child at once. Each child gets a process group of its
 * own: Linux discards SIGTSTP sent to an orphaned group, and a group whose only link outside is /init is one. */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t chld, code, sstatus;
static void on_chld(int s, siginfo_t *si, void *uc)
{
	(void)s;
	(void)uc;
	chld++;
	code = si->si_code;
	sstatus = si->si_status;
}

static int p[2], q[2]; /* p: parent to child, q: child to parent */
static void echo_usr1(int s) { (void)s; write(q[1], "u", 1); }

static const char *cld(int c)
{
	switch (c) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	default: return "?";
	}
}

static void show(const char *what, int st)
{
	printf("%s: status 0x%x", what, st);
	if (WIFEXITED(st))
		printf(" exited %d", WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		printf(" signaled %d", WTERMSIG(st));
	if (WIFSTOPPED(st))
		printf(" stopped %d", WSTOPSIG(st));
	if (WIFCONTINUED(st))
		printf(" continued");
	printf("\n");
}

/* child: echo every byte from p back on q; SIGUSR1 writes 'u' on q */
static pid_t echo_child(void)
{
	pid_t c = fork();
	if (c == 0) {
		signal(SIGUSR1, echo_usr1);
		close(p[1]);
		close(q[0]);
		setpgid(0, 0);
		char b;
		for (;;) {
			ssize_t n = read(p[0], &b, 1);
			if (n == 0)
				_exit(0);
			if (n == 1)
				write(q[1], &b, 1);
		}
	}
	setpgid(c, c); /* both sides, so it holds whoever runs first */
	return c;
}

static volatile sig_atomic_t timed_out;
static void on_alrm(int s) { (void)s; timed_out = 1; }

/* wait (at most 5 s) for the SIGCHLD (blocked outside this) and print its code */
static void await_chld(const char *what)
{
	sigset_t none;
	sigemptyset(&none);
	signal(SIGALRM, on_alrm);
	timed_out = 0;
	alarm(5);
	while (!chld && !timed_out)
		sigsuspend(&none);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	if (chld)
		printf("%s: SIGCHLD %s si_status %d\n", what, cld(code), (int)sstatus);
	else
		printf("%s: no SIGCHLD within 5 s\n", what);
	chld = 0;
}

int main(void)
{
	pid_t me = getpid(), wd = fork();
	if (wd == 0) { /* watchdog: alarm() is taken by await_chld */
		sleep_ms(60000);
		kill(me, SIGKILL);
		_exit(0);
	}
	pipe(p);
	pipe(q);
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t b;
	sigemptyset(&b);
	sigaddset(&b, SIGCHLD);
	sigprocmask(SIG_BLOCK, &b, NULL);

	pid_t c = echo_child();
	char x;
	write(p[1], "1", 1);
	check(read(q[0], &x, 1) == 1 && x == '1', "child echoes");

	int st;
	kill(c, SIGSTOP);
	check(waitpid(c, &st, WUNTRACED) == c, "waitpid(WUNTRACED)");
	show("after SIGSTOP", st);
	await_chld("after SIGSTOP");
	check(waitpid(c, &st, WUNTRACED | WNOHANG) == 0, "the stop is reported once");

	/* stopped: neither the echo nor the SIGUSR1 handler runs */
	write(p[1], "2", 1);
	kill(c, SIGUSR1);
	sleep_ms(200);
	int fl = fcntl(q[0], F_GETFL);
	fcntl(q[0], F_SETFL, fl | O_NONBLOCK);
	ssize_t n = read(q[0], &x, 1);
	check(n == -1 && errno == EAGAIN, "a stopped child neither echoes nor handles SIGUSR1: %zd %s", n, err_of(n));
	fcntl(q[0], F_SETFL, fl);

	kill(c, SIGCONT);
	check(waitpid(c, &st, WCONTINUED) == c, "waitpid(WCONTINUED)");
	show("after SIGCONT", st);
	await_chld("after SIGCONT");
	check(waitpid(c, &st, WCONTINUED | WNOHANG) == 0, "the continue is reported once");
	char got[2];
	check(read(q[0], &got[0], 1) == 1 && read(q[0], &got[1], 1) == 1, "resumed: two bytes come back");
	printf("resumed: the child wrote '%c' and '%c' (handler and echo, in either order: sorted)\n",
	       got[0] < got[1] ? got[0] : got[1], got[0] < got[1] ? got[1] : got[0]);

	/* SIGCONT to a running child: no WIFCONTINUED (it was not stopped), no SIGCHLD */
	kill(c, SIGCONT);
	write(p[1], "3", 1);
	check(read(q[0], &x, 1) == 1 && x == '3', "still echoes");
	check(waitpid(c, &st, WCONTINUED | WNOHANG) == 0, "SIGCONT to a running child: nothing to wait for");

	/* SIGTSTP stops too (default action), then SIGTERM kills the stopped child */
	kill(c, SIGTSTP);
	check(waitpid(c, &st, WUNTRACED) == c, "waitpid(WUNTRACED)");
	show("after SIGTSTP", st);
	await_chld("after SIGTSTP");
	kill(c, SIGTERM);
	sleep_ms(200);
	check(waitpid(c, &st, WNOHANG) == 0, "SIGTERM to the stopped child: still there after 200 ms");
	kill(c, SIGCONT);
	check(waitpid(c, &st, 0) == c, "waitpid");
	show("SIGTERM then SIGCONT to the stopped child", st);
	await_chld("SIGTERM then SIGCONT to the stopped child");

	/* SIGKILL to a stopped child */
	c = echo_child();
	kill(c, SIGSTOP);
	check(waitpid(c, &st, WUNTRACED) == c, "waitpid(WUNTRACED)");
	await_chld("second child stopped");
	kill(c, SIGKILL);
	check(waitpid(c, &st, 0) == c, "waitpid");
	show("SIGKILL to the stopped child", st);
	await_chld("SIGKILL to the stopped child");

	/* a stop not asked for with WUNTRACED is not reported: waitpid(0) goes on waiting for the exit */
	c = echo_child();
	kill(c, SIGSTOP);
	await_chld("third child stopped");
	check(waitpid(c, &st, WNOHANG) == 0, "waitpid without WUNTRACED ignores the stop");
	kill(c, SIGCONT);
	await_chld("third child continued");
	close(p[1]); /* EOF: the child exits 0 */
	check(waitpid(c, &st, 0) == c, "waitpid");
	show("third child", st);
	await_chld("third child exited");
	kill(wd, SIGKILL);
	waitpid(wd, &st, 0);
	return done();
}
