/* sock_thread: AF_UNIX sockets shared by the threads of one process (pthreads(7), unix(7)): a thread blocked in
 * recv and accept is woken by another thread's send and connect; the credentials a thread's socket reports
 * (SO_PEERCRED, SCM_CREDENTIALS) carry the process id (getpid), not the thread's (gettid). */
#define _GNU_SOURCE
#include "conf.h"
#include "sockaddr_un.h"
#include <pthread.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static int sv[2], listener;
static struct sockaddr_un addr;
static socklen_t addrlen;
static pid_t thread_tid;

static void *receiver(void *arg)
{
	(void)arg;
	char b[16] = { 0 };
	ssize_t n = recv(sv[1], b, sizeof b, 0); /* waits for the main thread */
	return (void *)(long)(n == 5 && !strcmp(b, "hello"));
}

static void *acceptor(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	int s = accept(listener, NULL, NULL); /* waits for the main thread's connect */
	if (s < 0)
		return NULL;
	struct ucred cr;
	socklen_t len = sizeof cr;
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len);
	/* and it sends with SCM_CREDENTIALS filled by the kernel (the receiver has SO_PASSCRED) */
	send(s, "x", 1, 0);
	close(s);
	return (void *)(long)cr.pid;
}

int main(void)
{
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pthread_t t;
	pthread_create(&t, NULL, receiver, NULL);
	sleep_ms(50);
	check(send(sv[0], "hello", 5, 0) == 5, "the main thread sends");
	void *r;
	pthread_join(t, &r);
	check(r == (void *)1, "the thread blocked in recv got it");

	addrlen = abstract_addr(&addr, "sock_thread");
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(listener, (struct sockaddr *)&addr, addrlen);
	listen(listener, 1);
	pthread_create(&t, NULL, acceptor, NULL);
	sleep_ms(50);
	int c = socket(AF_UNIX, SOCK_STREAM, 0), on = 1;
	setsockopt(c, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	check(connect(c, (struct sockaddr *)&addr, addrlen) == 0, "the main thread connects");
	char b[4], ctl[64];
	struct iovec iov = { b, sizeof b };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	check(recvmsg(c, &m, 0) == 1, "the accepting thread's byte arrives");
	struct ucred cr = { 0 };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	if (cm && cm->cmsg_type == SCM_CREDENTIALS)
		memcpy(&cr, CMSG_DATA(cm), sizeof cr);
	pthread_join(t, &r);
	check(thread_tid != getpid(), "the thread's id is not the process's");
	check((pid_t)(long)r == getpid(), "the thread's SO_PEERCRED of the main thread's connection: the process id");
	check(cr.pid == getpid(), "SCM_CREDENTIALS of the thread's send: the process id");
	struct ucred mine;
	socklen_t len = sizeof mine;
	getsockopt(c, SOL_SOCKET, SO_PEERCRED, &mine, &len);
	check(mine.pid == getpid(), "the client's SO_PEERCRED (the listener, made by the main thread): the process id");
	close(c);
	close(listener);
	close(sv[0]);
	close(sv[1]);
	return done();
}
