/* sig_group: process groups and kill with pid 0, -pgid and -1. The test makes its own group first (setpgid(0,0))
 * so kill(0) does not reach /init. Children are in the parent's group unless they move; kill(0, sig) reaches the
 * whole group including the sender; kill(-pgid) a group from outside; kill(-1) every process but init and the
 * sender. Each child reports each signal it gets on a pipe. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static int rep[2];
static char tag;
static void h(int s)
{
	char m[2] = { tag, (char)('A' + s) };
	write(rep[1], m, 2);
}

static volatile sig_atomic_t self_hits;
static void hself(int s) { (void)s; self_hits++; }

static pid_t child(char t, int own_group, int ready)
{
	pid_t c = fork();
	if (c == 0) {
		tag = t;
		if (own_group)
			setpgid(0, 0);
		write(ready, "r", 1);
		for (;;)
			sleep_ms(1000);
	}
	if (own_group)
		setpgid(c, c); /* both sides, so it holds whoever runs first */
	return c;
}

/* read what arrived, n reports, sorted so the order of the children does not matter */
static void collect(const char *what, int n)
{
	char buf[64] = { 0 }, s[32][3];
	int k = 0;
	while (k < n) {
		if (read(rep[0], buf, 2) != 2)
			break;
		s[k][0] = buf[0], s[k][1] = buf[1], s[k][2] = 0;
		k++;
	}
	for (int i = 0; i < k; i++)
		for (int j = i + 1; j < k; j++)
			if (strcmp(s[j], s[i]) < 0) {
				char t[3];
				memcpy(t, s[i], 3), memcpy(s[i], s[j], 3), memcpy(s[j], t, 3);
			}
	printf("%s:", what);
	for (int i = 0; i < k; i++)
		printf(" %c%d", s[i][0], s[i][1] - 'A');
	printf("\n");
}

int main(void)
{
	alarm(20);
	check(setpgid(0, 0) == 0, "setpgid(0, 0): a group of our own");
	check(getpgid(0) == getpid() && getpgrp() == getpid(), "getpgid(0) is our pid");
	pipe(rep);
	int rd[2];
	pipe(rd);
	signal(SIGUSR1, h);
	signal(SIGUSR2, h);
	signal(SIGHUP, h);
	pid_t a = child('a', 0, rd[1]), b = child('b', 0, rd[1]), c = child('c', 1, rd[1]);
	char x;
	for (int i = 0; i < 3; i++)
		read(rd[0], &x, 1);
	check(getpgid(a) == getpid() && getpgid(b) == getpid(), "children a and b are in our group");
	check(getpgid(c) == c, "child c has a group of its own");

	/* kill(0): our group, ourselves included (our own SIGUSR1 handler writes a report with tag 0) */
	tag = 'p';
	check(kill(0, SIGUSR1) == 0, "kill(0, SIGUSR1)");
	collect("kill(0, SIGUSR1) reached", 3);

	/* kill(-pgid) of c's group: only c */
	check(kill(-c, SIGUSR2) == 0, "kill(-c, SIGUSR2)");
	collect("kill(-c, SIGUSR2) reached", 1);

	/* kill(-our group) from inside: like kill(0) */
	check(kill(-getpid(), SIGHUP) == 0, "kill(-ourpgid, SIGHUP)");
	collect("kill(-ourpgid, SIGHUP) reached", 3);

	/* kill(-1): everyone but init and us: a, b and c; not ourselves */
	signal(SIGUSR1, hself);
	check(kill(-1, SIGUSR1) == 0, "kill(-1, SIGUSR1)");
	collect("kill(-1, SIGUSR1) reached", 3);
	check(self_hits == 0, "kill(-1) did not reach the sender");

	/* setpgid moves a child into another group; then kill(0) misses it */
	check(setpgid(b, c) == 0, "setpgid(b, c): b joins c's group");
	check(getpgid(b) == c, "getpgid(b) is c");
	kill(0, SIGHUP);
	collect("kill(0, SIGHUP) after the move reached", 2);
	int r = setpgid(b, 30000);
	printf("setpgid(b, 30000) (no such group): %d %s\n", r, err_of(r));

	/* kill(0, 0): existence check of the group */
	check(kill(0, 0) == 0, "kill(0, 0)");
	int st;
	pid_t all[] = { a, b, c };
	for (int i = 0; i < 3; i++) {
		kill(all[i], SIGKILL);
		waitpid(all[i], &st, 0);
	}
	r = kill(-c, 0);
	check(r == -1 && errno == ESRCH, "kill(-c, 0) after c and b are gone: %d %s", r, err_of(r));
	return done();
}
