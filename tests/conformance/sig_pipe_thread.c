/* sig_pipe_thread: a write with no reader left sends SIGPIPE to the writing thread with si_code SI_USER and
 * si_pid the process's id (getpid(), not the thread's gettid(): Linux's send_sig from the writer itself), for a
 * pipe and for a socket alike (signal(7), pipe(7), unix(7)). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include "conf.h"

static volatile int got_pid, got_code, got_tid;

static void on_pipe(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_pid = si->si_pid;
	got_code = si->si_code;
	got_tid = (int)syscall(SYS_gettid);
}

static int wfd;
static int writer_tid;

static void *writer(void *arg)
{
	(void)arg;
	writer_tid = (int)syscall(SYS_gettid);
	write(wfd, "x", 1);
	return NULL;
}

static void one(const char *what, int fd)
{
	got_pid = got_code = got_tid = 0;
	wfd = fd;
	pthread_t t;
	pthread_create(&t, NULL, writer, NULL);
	pthread_join(t, NULL);
	check(got_code == SI_USER, "%s: si_code SI_USER", what);
	check(got_pid == getpid(), "%s: si_pid is the process's id", what);
	check(got_tid == writer_tid && writer_tid != getpid(), "%s: the handler ran in the writing thread", what);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_pipe, .sa_flags = SA_SIGINFO };
	sigaction(SIGPIPE, &sa, NULL);
	int p[2];
	pipe(p);
	close(p[0]);
	one("pipe", p[1]);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close(sv[1]);
	one("socket", sv[0]);
	return done();
}
