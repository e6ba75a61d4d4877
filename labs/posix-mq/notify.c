/* labs/posix-mq/notify.c [late]: mq_notify(3) with SIGEV_SIGNAL. The parent asks to be sent SIGUSR1 (value 42) when a
 * message arrives in its empty queue; a child sends "first" and "second". One signal comes, for "first", with
 * si_code SI_MESGQ, the sender's pid and the value; the registration is then used up: "second" sends nothing. The
 * queue's file shows NOTIFY_PID (the registered process) before, and 0 after.
 *   late: a mistake: the parent sends a message of its own before it registers. The queue is never empty when the
 *         child's messages arrive, so no notification comes at all. */
#include <signal.h>
#include <sys/wait.h>
#include "mqlab.h"

#define NAME "/lab-notify"

static volatile sig_atomic_t nsig, code, value, from;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	nsig++;
	code = si->si_code;
	value = si->si_value.sival_int;
	from = si->si_pid;
}

int main(int argc, char **argv)
{
	int late = argc > 1 && strcmp(argv[1], "late") == 0;
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old); /* the handler runs when the parent is ready for it */

	mqd_t q = mq_fresh(NAME, 4, 32);
	if (late && mq_send(q, "mine", 4, 0) < 0)
		lab_die("mq_send");
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	sev.sigev_value.sival_int = 42;
	if (mq_notify(q, &sev) < 0)
		lab_die("mq_notify");
	mq_show(NAME, "registered", q);

	pid_t child = fork();
	if (child == 0) {
		if (mq_send(q, "first", 5, 0) < 0 || mq_send(q, "second", 6, 0) < 0)
			_exit(1);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	mq_show(NAME, "after the child's two sends", q);
	sigprocmask(SIG_SETMASK, &old, NULL); /* a pending SIGUSR1 is delivered here */
	if (nsig)
		say(1, "SIGUSR1 x%d: si_code %s, value %d, from %s\n", (int)nsig, code == SI_MESGQ ? "SI_MESGQ" : "other",
		    (int)value, from == child ? "the child (the sender)" : "another process");
	else
		say(1, "no signal: no message arrived in an empty queue\n");
	trace_mark("signals=%d", (int)nsig);
	mq_drain(q);
	mq_close(q);
	mq_unlink(NAME);
	return nsig == 1 && code == SI_MESGQ && value == 42 && from == child ? 0 : 1;
}
