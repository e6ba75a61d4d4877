/* sig_suspend: sigsuspend replaces the mask while it waits, returns -1 EINTR after a handler ran, and puts the old
 * mask back. Inside the handler the mask is the temporary one plus the signal. A signal the temporary mask still
 * blocks stays pending and does not wake it. A signal sent by another process while it sleeps wakes it. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static volatile sig_atomic_t usr1, usr2, in_usr1_blocked, in_usr2_blocked, in_term_blocked;
static void h1(int s)
{
	(void)s;
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	in_usr1_blocked = sigismember(&m, SIGUSR1);
	in_usr2_blocked = sigismember(&m, SIGUSR2);
	in_term_blocked = sigismember(&m, SIGTERM);
	usr1++;
}
static void h2(int s) { (void)s; usr2++; }

static void show_mask(const char *what)
{
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	printf("%s: blocked", what);
	for (int s = 1; s < 32; s++)
		if (sigismember(&m, s) == 1)
			printf(" %d", s);
	printf("\n");
}

int main(void)
{
	alarm(20);
	signal(SIGUSR1, h1);
	signal(SIGUSR2, h2);
	sigset_t b, tmp, pend;
	sigemptyset(&b);
	sigaddset(&b, SIGUSR1);
	sigaddset(&b, SIGUSR2);
	sigaddset(&b, SIGHUP);
	sigprocmask(SIG_BLOCK, &b, NULL);
	show_mask("before");

	/* both pending; the temporary mask lets only SIGUSR1 through */
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigemptyset(&tmp);
	sigaddset(&tmp, SIGUSR2);
	sigaddset(&tmp, SIGTERM);
	int r = sigsuspend(&tmp);
	check(r == -1 && errno == EINTR, "sigsuspend: %d %s", r, err_of(r));
	check(usr1 == 1 && usr2 == 0, "SIGUSR1 handled, SIGUSR2 not (%d %d)", (int)usr1, (int)usr2);
	printf("in the handler: USR1 blocked %d, USR2 blocked %d, TERM blocked %d\n", (int)in_usr1_blocked,
	       (int)in_usr2_blocked, (int)in_term_blocked);
	show_mask("after");
	sigpending(&pend);
	check(sigismember(&pend, SIGUSR2) == 1, "SIGUSR2 still pending");

	/* a temporary mask that unblocks SIGUSR2: it is delivered at once */
	sigemptyset(&tmp);
	r = sigsuspend(&tmp);
	check(r == -1 && errno == EINTR && usr2 == 1, "sigsuspend with SIGUSR2 pending: %d %s, handled", r, err_of(r));
	show_mask("after");

	/* woken by a child's kill while asleep (the child waits a little, so we are most likely asleep) */
	pid_t me = getpid(), c = fork();
	if (c == 0) {
		sleep_ms(100);
		kill(me, SIGUSR1);
		_exit(0);
	}
	r = sigsuspend(&tmp);
	check(r == -1 && errno == EINTR && usr1 == 2, "woken by the child's SIGUSR1: %d %s", r, err_of(r));
	int st;
	waitpid(c, &st, 0);
	show_mask("after");

	/* an ignored signal does not end sigsuspend; a default-terminate one kills: checked in a child (the parent
	 * sends both, so no grandchild is left behind for /init to adopt) */
	c = fork();
	if (c == 0) {
		signal(SIGUSR2, SIG_IGN);
		sigemptyset(&tmp);
		sigsuspend(&tmp);
		_exit(1);
	}
	sleep_ms(50);
	kill(c, SIGUSR2);
	sleep_ms(50);
	kill(c, SIGTERM);
	waitpid(c, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "ignored SIGUSR2 did not wake it, SIGTERM killed it (status 0x%x)", st);
	return done();
}
