/* sig_wait_status: the wait status of children that die of a signal: WIFSIGNALED/WTERMSIG for SIGTERM, SIGUSR1,
 * SIGINT, SIGKILL, SIGALRM (alarm), SIGABRT (abort), SIGSEGV (a null store), SIGILL (udf); the raw
 * status is printed too (the core bit is only set when a core file was written). */
#include <signal.h>
#include <sys/wait.h>
#include "conf.h"

static void segv(void) { *(volatile int *)0 = 1; }
static void ill(void) { __asm__ volatile(".inst 0x00000000"); /* udf #0 */ }

static void show(const char *what, int st)
{
	printf("%s: status 0x%x", what, st);
	if (WIFEXITED(st))
		printf(" exited %d", WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		printf(" signaled %d%s", WTERMSIG(st), WCOREDUMP(st) ? " core" : "");
	if (WIFSTOPPED(st))
		printf(" stopped %d", WSTOPSIG(st));
	printf("\n");
}

int main(void)
{
	alarm(30);
	int p[2], st;
	pipe(p);
	struct { const char *what; int sig; } sent[] = {
		{ "SIGTERM sent", SIGTERM }, { "SIGUSR1 sent", SIGUSR1 }, { "SIGINT sent", SIGINT },
		{ "SIGKILL sent", SIGKILL }, { "SIGHUP sent", SIGHUP }, { "SIGQUIT sent", SIGQUIT },
	};
	for (unsigned i = 0; i < sizeof sent / sizeof sent[0]; i++) {
		pid_t c = fork();
		if (c == 0) {
			char x;
			read(p[0], &x, 1); /* blocks: nobody writes */
			_exit(0);
		}
		kill(c, sent[i].sig);
		check(waitpid(c, &st, 0) == c, "waitpid");
		show(sent[i].what, st);
	}
	struct { const char *what; int kind; } self[] = {
		{ "abort()", 0 }, { "null store", 1 }, { "udf", 2 }, { "alarm(1)", 3 }, { "raise(SIGTERM)", 4 },
		{ "exit(3)", 5 }, { "SIGSEGV blocked then a null store", 6 }, { "SIGSEGV ignored then a null store", 7 },
	};
	for (unsigned i = 0; i < sizeof self / sizeof self[0]; i++) {
		pid_t c = fork();
		if (c == 0) {
			sigset_t m;
			switch (self[i].kind) {
			case 0: abort();
			case 1: segv(); break;
			case 2: ill(); break;
			case 3:
				alarm(1);
				for (;;)
					sleep_ms(1000);
			case 4: raise(SIGTERM); break;
			case 5: exit(3);
			case 6:
				sigemptyset(&m);
				sigaddset(&m, SIGSEGV);
				sigprocmask(SIG_BLOCK, &m, NULL);
				segv();
				break;
			case 7:
				signal(SIGSEGV, SIG_IGN);
				segv();
				break;
			}
			_exit(100);
		}
		check(waitpid(c, &st, 0) == c, "waitpid");
		show(self[i].what, st);
	}
	return done();
}
