/* sig_order: several signals pending while blocked, then unblocked at once. The kernel takes them lowest number
 * first. With every signal in the handlers' sa_mask, each handler runs alone, so the handlers run in ascending
 * order. With an empty sa_mask, Linux sets up one frame per pending signal before returning to user mode, each
 * on top of the last, so the handler of the highest number runs first and the others run as it returns. */
#include <signal.h>
#include "conf.h"

static char log_[64];
static volatile int nlog;

static void h(int sig)
{
	log_[nlog++] = sig;
}

static void install(int full)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = h;
	if (full)
		sigfillset(&sa.sa_mask);
	else
		sigemptyset(&sa.sa_mask);
	int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

static void show(const char *what)
{
	printf("%s:", what);
	for (int i = 0; i < nlog; i++)
		printf(" %d", log_[i]);
	printf("\n");
	nlog = 0;
}

static void run(void)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	raise(SIGTERM);
	raise(SIGUSR2);
	raise(SIGHUP);
	raise(SIGUSR1);
	raise(SIGQUIT);
	raise(SIGINT);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(void)
{
	alarm(20);
	install(1);
	run();
	printf("signals raised: TERM(15) USR2(12) HUP(1) USR1(10) QUIT(3) INT(2)\n");
	show("full sa_mask, handler order");
	install(0);
	run();
	show("empty sa_mask, handler order");
	return done();
}
