/* sig_restart: a handled signal interrupting a blocked call. Without SA_RESTART pipe read, pipe write and wait4
 * fail with EINTR; with SA_RESTART they are restarted and complete. nanosleep is never restarted (EINTR with the
 * time left). A signal whose default action is to ignore it interrupts nothing. A periodic ITIMER_REAL keeps
 * SIGALRM coming every 20 ms, so whatever the scheduling a signal arrives while the call is blocked. */
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t hits;
static void h(int s) { (void)s; hits++; }

static void handler(int flags)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

static void timer(int on)
{
	struct itimerval it = { { 0, on ? 20000 : 0 }, { 0, on ? 20000 : 0 } };
	setitimer(ITIMER_REAL, &it, NULL);
	hits = 0;
}

/* watchdog: a child that kills us if we hang (alarm is taken by the test) */
static pid_t watchdog(void)
{
	pid_t me = getpid(), w = fork();
	if (w == 0) {
		sleep_ms(30000);
		kill(me, SIGKILL);
		_exit(0);
	}
	return w;
}

/* later: a child that waits ms then runs f(fd) */
static pid_t later(int ms, void (*f)(int), int fd)
{
	pid_t c = fork();
	if (c == 0) {
		signal(SIGALRM, SIG_DFL);
		struct itimerval z = { { 0, 0 }, { 0, 0 } };
		setitimer(ITIMER_REAL, &z, NULL);
		sleep_ms(ms);
		if (f)
			f(fd);
		_exit(7);
	}
	return c;
}
static void put(int fd) { write(fd, "x", 1); }
static void drain(int fd)
{
	char b[4096];
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (read(fd, b, sizeof b) > 0)
		;
}

static int fill(int fd)
{
	char b[4096] = { 0 };
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (write(fd, b, sizeof b) > 0)
		;
	while (write(fd, b, 1) > 0)
		;
	return fcntl(fd, F_SETFL, fl);
}

int main(void)
{
	pid_t wd = watchdog();
	int p[2], st;
	char c;
	ssize_t n;

	/* pipe read */
	pipe(p);
	handler(0);
	timer(1);
	n = read(p[0], &c, 1);
	timer(0);
	check(n == -1 && errno == EINTR, "read without SA_RESTART: %zd %s", n, err_of(n));

	handler(SA_RESTART);
	pid_t k = later(200, put, p[1]);
	timer(1);
	n = read(p[0], &c, 1);
	int got = hits;
	timer(0);
	check(n == 1 && c == 'x', "read with SA_RESTART: %zd %s", n, err_of(n));
	check(got > 0, "the handler ran during the read");
	waitpid(k, &st, 0);
	close(p[0]);
	close(p[1]);

	/* pipe write to a full pipe */
	pipe(p);
	fill(p[1]);
	handler(0);
	timer(1);
	n = write(p[1], "y", 1);
	timer(0);
	check(n == -1 && errno == EINTR, "write to a full pipe without SA_RESTART: %zd %s", n, err_of(n));

	handler(SA_RESTART);
	k = later(200, drain, p[0]);
	timer(1);
	n = write(p[1], "y", 1);
	got = hits;
	timer(0);
	check(n == 1, "write to a full pipe with SA_RESTART: %zd %s", n, err_of(n));
	check(got > 0, "the handler ran during the write");
	waitpid(k, &st, 0);
	close(p[0]);
	close(p[1]);

	/* wait4 */
	handler(0);
	k = later(200, NULL, 0);
	timer(1);
	pid_t r = waitpid(k, &st, 0);
	timer(0);
	check(r == -1 && errno == EINTR, "waitpid without SA_RESTART: %d %s", (int)r, err_of(r));
	r = waitpid(k, &st, 0);
	check(r == k && WIFEXITED(st) && WEXITSTATUS(st) == 7, "waitpid again reaps the child");

	handler(SA_RESTART);
	k = later(200, NULL, 0);
	timer(1);
	r = waitpid(k, &st, 0);
	got = hits;
	timer(0);
	check(r == k && WIFEXITED(st) && WEXITSTATUS(st) == 7, "waitpid with SA_RESTART: %s %s", r == k ? "the child" : "not the child", err_of(r));
	check(got > 0, "the handler ran during waitpid");

	/* nanosleep: EINTR even with SA_RESTART, with the time left */
	handler(SA_RESTART);
	timer(1);
	struct timespec t = { 5, 0 }, left = { 0, 0 };
	int z = nanosleep(&t, &left);
	timer(0);
	check(z == -1 && errno == EINTR, "nanosleep with SA_RESTART: %d %s", z, err_of(z));
	check(left.tv_sec >= 4 && left.tv_sec <= 5, "time left is between 4 and 5 s");

	/* a signal whose default action is to ignore it does not interrupt a read */
	pipe(p);
	pid_t me = getpid();
	k = fork();
	if (k == 0) {
		for (int i = 0; i < 5; i++) {
			sleep_ms(30);
			kill(me, SIGWINCH);
			kill(me, SIGURG);
		}
		write(p[1], "z", 1);
		_exit(0);
	}
	n = read(p[0], &c, 1);
	check(n == 1 && c == 'z', "SIGWINCH and SIGURG (default: ignore) do not interrupt read: %zd %s", n, err_of(n));
	waitpid(k, &st, 0);

	kill(wd, SIGKILL);
	waitpid(wd, &st, 0);
	return done();
}
