/* sig_exec: execve resets handlers to SIG_DFL, keeps ignored signals ignored, keeps the blocked mask and the
 * pending set, and drops the alternate stack. A child sets all of that up and execs /tests/sig_exec_helper,
 * which prints what it inherited. */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

extern char **environ;
static void h(int s) { (void)s; }

int main(void)
{
	alarm(20);
	pid_t c = fork();
	if (c == 0) {
		struct sigaction sa = { 0 };
		sa.sa_handler = h;
		sa.sa_flags = SA_RESTART | SA_NODEFER;
		sigfillset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sa.sa_handler = SIG_IGN;
		sigaction(SIGUSR2, &sa, NULL);
		sigaction(SIGPIPE, &sa, NULL);
		sigaction(SIGCHLD, &sa, NULL); /* default: ignore; explicitly SIG_IGN stays SIG_IGN */
		sigset_t b;
		sigemptyset(&b);
		sigaddset(&b, SIGHUP);
		sigaddset(&b, SIGTERM);
		sigaddset(&b, SIGUSR1);
		sigprocmask(SIG_BLOCK, &b, NULL);
		raise(SIGHUP);
		raise(SIGUSR1);
		static char alt[16384];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
		check(sigaltstack(&ss, NULL) == 0, "child: sigaltstack set");
		printf("before exec: USR1 and INT handled, USR2 PIPE CHLD ignored, HUP TERM USR1 blocked, HUP USR1 pending\n");
		char *argv[] = { "/tests/sig_exec_helper", "after exec", NULL };
		execve(argv[0], argv, environ);
		printf("execve failed: %s\n", errname(errno));
		_exit(127);
	}
	int st;
	check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0, "helper exited 0 (status 0x%x)", st);
	return done();
}
