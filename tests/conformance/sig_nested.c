/* sig_nested: a second signal arriving inside a handler. Raised inside the SIGUSR1 handler, SIGUSR2 runs at once,
 * nested, and returns into it; with SIGUSR2 in SIGUSR1's sa_mask it waits until the SIGUSR1 handler returns.
 * Sent by another process while the handler is blocked in a pipe read, a nested handler interrupts the read
 * (EINTR) or restarts it. Inside a handler its own signal and sa_mask are blocked; a mask change made in the
 * handler is undone by sigreturn. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static char trail[64];
static volatile int nt;
static int p[2];
static volatile int mode;
static volatile int in_mask_usr1, in_mask_hup, in_mask_usr2;
static volatile ssize_t rd_n;
static volatile int rd_err;
static volatile char rd_c;

static void mark(char c) { trail[nt++] = c; }

static void h2(int s)
{
	(void)s;
	mark('[');
	mark(']');
}

static void h1(int s)
{
	(void)s;
	mark('(');
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	in_mask_usr1 = sigismember(&m, SIGUSR1);
	in_mask_hup = sigismember(&m, SIGHUP);
	in_mask_usr2 = sigismember(&m, SIGUSR2);
	if (mode == 0)
		raise(SIGUSR2);
	if (mode == 1) {
		/* a child sends SIGUSR2 while we read; it then writes a byte */
		char c;
		rd_n = read(p[0], &c, 1);
		rd_err = rd_n < 0 ? errno : 0;
		rd_c = c;
	}
	/* unblock SIGTERM and block SIGQUIT here: sigreturn restores the mask from before the handler */
	sigset_t q;
	sigemptyset(&q);
	sigaddset(&q, SIGQUIT);
	sigprocmask(SIG_BLOCK, &q, NULL);
	mark(')');
}

static void install(int s, void (*f)(int), int flags, int masked)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = f;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGHUP);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	sigaction(s, &sa, NULL);
}

static void show(const char *what)
{
	trail[nt] = 0;
	printf("%s: %s\n", what, trail);
	nt = 0;
}

int main(void)
{
	alarm(20);
	install(SIGUSR2, h2, 0, 0);
	install(SIGUSR1, h1, 0, 0);
	mode = 0;
	raise(SIGUSR1);
	show("SIGUSR2 raised in the SIGUSR1 handler (( ) is SIGUSR1, [ ] SIGUSR2)");
	printf("in the handler: USR1 blocked %d, HUP (sa_mask) blocked %d, USR2 blocked %d\n", (int)in_mask_usr1,
	       (int)in_mask_hup, (int)in_mask_usr2);
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	check(!sigismember(&m, SIGQUIT) && !sigismember(&m, SIGUSR1) && !sigismember(&m, SIGHUP),
	      "after the handler: the mask is back (SIGQUIT blocked in it is unblocked again)");

	install(SIGUSR1, h1, 0, SIGUSR2);
	raise(SIGUSR1);
	show("with SIGUSR2 in sa_mask");

	/* sent by a child while the SIGUSR1 handler is blocked in read */
	pipe(p);
	mode = 1;
	for (int restart = 0; restart < 2; restart++) {
		install(SIGUSR2, h2, restart ? SA_RESTART : 0, 0);
		install(SIGUSR1, h1, 0, 0);
		pid_t me = getpid(), c = fork();
		if (c == 0) {
			sleep_ms(100);
			kill(me, SIGUSR2);
			sleep_ms(100);
			write(p[1], "z", 1);
			_exit(0);
		}
		raise(SIGUSR1);
		show(restart ? "SIGUSR2 from a child during a read in the handler, SA_RESTART"
			     : "SIGUSR2 from a child during a read in the handler");
		printf("the read returned %zd %s\n", rd_n, errname(rd_err));
		int st;
		waitpid(c, &st, 0);
		if (rd_n < 0) {
			char c2;
			read(p[0], &c2, 1); /* the byte not read */
		}
	}
	return done();
}
