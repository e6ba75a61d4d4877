/* proc_wait: fork, exit codes and wait4 statuses (as Linux encodes them), WNOHANG, waiting for a given pid,
 * ECHILD, getpid/getppid/gettid in parent and child. */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

static pid_t child_exit(int code, int delay_ms)
{
	pid_t c = fork();
	if (c == 0) {
		if (delay_ms)
			sleep_ms(delay_ms);
		_exit(code);
	}
	return c;
}

int main(void)
{
	int st;
	pid_t me = getpid();
	check(me > 0, "getpid is positive");
	check(getppid() == 1, "the parent of a program started by init is pid 1");
	check(syscall(SYS_gettid) == me, "gettid equals getpid in a single-threaded process");

	static const int codes[] = { 0, 1, 3, 42, 255, 256, 257 };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		pid_t c = child_exit(codes[i], 0);
		pid_t w = wait4(c, &st, 0, NULL);
		check(w == c && WIFEXITED(st), "exit(%d): status 0x%04x, WEXITSTATUS %d", codes[i], st, WEXITSTATUS(st));
	}

	/* Identity seen from the child. */
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		pid_t ids[2] = { getpid(), getppid() };
		write(p[1], ids, sizeof ids);
		_exit(0);
	}
	pid_t ids[2];
	read(p[0], ids, sizeof ids);
	check(ids[0] == c, "the child's getpid is what fork returned");
	check(ids[1] == me, "the child's getppid is the parent");
	check(c != me, "the child's pid differs from the parent's");
	wait4(c, &st, 0, NULL);

	/* WNOHANG with a running child returns 0, later the child. */
	c = child_exit(7, 60);
	pid_t w = wait4(c, &st, WNOHANG, NULL);
	check(w == 0, "WNOHANG while the child runs returns %d", w);
	w = wait4(-1, &st, 0, NULL);
	check(w == c && WIFEXITED(st) && WEXITSTATUS(st) == 7, "wait4(-1) then collects it with code %d", WEXITSTATUS(st));

	/* Waiting for a specific child skips one that exited first. */
	pid_t a = child_exit(11, 0), b = child_exit(22, 50);
	sleep_ms(20); /* a is a zombie now */
	w = wait4(b, &st, 0, NULL);
	check(w == b && WEXITSTATUS(st) == 22, "wait4(b) returns b (code %d) although a exited first", WEXITSTATUS(st));
	w = wait4(-1, &st, 0, NULL);
	check(w == a && WEXITSTATUS(st) == 11, "then wait4(-1) returns a (code %d)", WEXITSTATUS(st));

	/* Many children, collected in any order. */
	int sum = 0, n = 0;
	for (int i = 1; i <= 20; i++)
		child_exit(i, 0);
	while ((w = wait4(-1, &st, 0, NULL)) > 0) {
		sum += WEXITSTATUS(st);
		n++;
	}
	check(n == 20 && sum == 210, "20 children collected, exit codes sum to %d", sum);
	check(w == -1 && errno == ECHILD, "no children left: %s", err_of(w));
	w = wait4(-1, &st, WNOHANG, NULL);
	check(w == -1 && errno == ECHILD, "WNOHANG without children: %s", err_of(w));
	w = wait4(me, &st, 0, NULL);
	check(w == -1 && errno == ECHILD, "waiting for oneself: %s", err_of(w));
	w = wait4(-1, &st, 0x100 /* not a wait4 option */, NULL);
	check(w == -1 && errno == EINVAL, "unknown option bits: %s", err_of(w));
	return done();
}
