/* thread_basic: POSIX threads on clone(CLONE_THREAD ...) (pthreads(7), clone(2), gettid(2), exit_group(2)):
 * - threads share the process id and have their own thread ids, their own thread-local storage (TPIDR_EL0), and
 *   one address space and descriptor table;
 * - pthread_join returns each thread's result (the kernel clears and wakes the CHILD_CLEARTID word at exit);
 * - a thread is nobody's child: the process has no child to wait for;
 * - exit() in any thread ends them all with its status; when the main thread calls pthread_exit the process
 *   lives on until its last thread, and ends with status 0;
 * - a fatal signal ends every thread, and the parent sees that signal;
 * - a signal sent to the process goes to a thread that does not block it; pthread_kill reaches the one thread;
 * - execve from a thread other than the main one: the other threads end, the process keeps its id;
 * - a clone child with exit signal 0 is waited for with __WCLONE only. */
#define _GNU_SOURCE
#include "conf.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define NTHREADS 4

static __thread int tls_value;
static pid_t thread_tid[NTHREADS], thread_pid[NTHREADS];
static int thread_tls[NTHREADS];

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

/* The Threads: line of /proc/self/status (proc(5)), or -1 when it cannot be read. */
static int proc_threads(void)
{
	int threads = -1;
	FILE *f = fopen("/proc/self/status", "r");
	char line[1024];
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "Threads:", 8))
			threads = atoi(line + 8);
	if (f)
		fclose(f);
	return threads;
}

static void *worker(void *arg)
{
	int i = (int)(long)arg;
	tls_value = 100 + i;
	usleep(1000);
	thread_tid[i] = gettid_();
	thread_pid[i] = getpid();
	thread_tls[i] = tls_value;
	return (void *)(long)(i * i);
}

static void identity(void)
{
	pthread_t t[NTHREADS];
	tls_value = 7;
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	int results_ok = 1;
	for (int i = 0; i < NTHREADS; i++) {
		void *r;
		results_ok &= pthread_join(t[i], &r) == 0 && (long)r == i * i;
	}
	check(results_ok, "pthread_join returns each thread's result");
	int same_pid = 1, own_tid = 1, own_tls = 1;
	for (int i = 0; i < NTHREADS; i++) {
		same_pid &= thread_pid[i] == getpid();
		own_tid &= thread_tid[i] != getpid() && thread_tid[i] > 0;
		for (int j = 0; j < i; j++)
			own_tid &= thread_tid[i] != thread_tid[j];
		own_tls &= thread_tls[i] == 100 + i;
	}
	check(same_pid, "getpid is the same in every thread");
	check(own_tid, "each thread has its own gettid, not the process id");
	check(own_tls && tls_value == 7, "each thread has its own thread-local variable");
	check(gettid_() == getpid(), "the main thread's id is the process id");
	errno = 0;
	check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "threads are not children: waitpid gives ECHILD (%s)",
	      errname(errno));
}

static int shared_fd = -1;
static void *open_a_file(void *arg)
{
	(void)arg;
	shared_fd = open("/dev/null", O_RDONLY);
	return NULL;
}

static volatile int release_waiters;
static void *wait_for_release(void *arg)
{
	(void)arg;
	while (!release_waiters)
		usleep(1000);
	return NULL;
}

/* wait_threads: poll /proc/self/status for up to 1 s until it counts `want` threads; returns the last count. */
static int wait_threads(int want)
{
	int n = proc_threads();
	for (int i = 0; i < 100 && n != want; i++) {
		usleep(10000);
		n = proc_threads();
	}
	return n;
}

static void sharing(void)
{
	pthread_t t;
	pthread_create(&t, NULL, open_a_file, NULL);
	pthread_join(t, NULL);
	check(shared_fd >= 0 && fcntl(shared_fd, F_GETFD) >= 0, "a descriptor a thread opened is open in the main thread");
	close(shared_fd);

	/* pthread_join returns when the kernel clears the thread's id word, a moment before the thread leaves its
	 * group (Linux: mm_release comes before release_task), so a joined thread may still be counted for a
	 * moment: wait for the count to settle before counting (the thread above) and after (the two below). */
	wait_threads(1);
	pthread_t w[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&w[i], NULL, wait_for_release, NULL);
	int during = proc_threads();
	release_waiters = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(w[i], NULL);
	int after = wait_threads(1);
	check(during == 3 && after == 1, "/proc/self/status counts the threads: %d with two more, %d after they end",
	      during, after);
}

static void *sleep_then_exit(void *arg)
{
	usleep(30000);
	exit((int)(long)arg);
	return NULL;
}

static void *sleep_then_return(void *arg)
{
	(void)arg;
	usleep(30000);
	return NULL;
}

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int child_status(void (*body)(void))
{
	pid_t c = fork();
	if (c == 0) {
		body();
		_exit(99);
	}
	int st;
	waitpid(c, &st, 0);
	return st;
}

static void exit_from_thread(void)
{
	pthread_t t;
	pthread_create(&t, NULL, sleep_then_exit, (void *)7L);
	pthread_exit(NULL);
}

static void main_pthread_exit(void)
{
	pthread_t t;
	pthread_create(&t, NULL, sleep_then_return, NULL);
	pthread_exit(NULL);
}

static void main_exits(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, spin, NULL);
	usleep(10000);
	_exit(5);
}

static void killed(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, spin, NULL);
	raise(SIGTERM);
	for (;;)
		pause();
}

static char *self_path;

/* Runs this program again in a child with MODE as its argument and returns the child's wait status. A fresh
 * program is needed where the main thread calls pthread_exit: musl's fork does not set the child's
 * clear_child_tid (set_tid_address(2)) again, and its pthread_exit leaves its thread-list lock for the kernel
 * to release through that word, so after fork the last thread's pthread_exit would wait on it for ever (Linux
 * too). */
static int exec_status(const char *mode)
{
	pid_t c = fork();
	if (c == 0) {
		execl(self_path, self_path, mode, (char *)NULL);
		_exit(98);
	}
	int st;
	waitpid(c, &st, 0);
	return st;
}

static void exits(void)
{
	int st = exec_status("--exit-from-thread");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 7, "exit(7) in a thread while main has called pthread_exit: status 7");
	st = exec_status("--main-pthread-exit");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "main calls pthread_exit, the last thread returns: status 0");
	st = child_status(main_exits);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 5, "_exit(5) in main ends the three other threads: status 5");
	st = child_status(killed);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "SIGTERM to a process of four threads kills them all");
}

static volatile pid_t handled_by;
static void on_usr(int sig)
{
	(void)sig;
	handled_by = gettid_();
}

static volatile pid_t receiver_tid;
static void *receiver(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	receiver_tid = gettid_();
	while (!handled_by)
		usleep(1000);
	return NULL;
}

static void *idle_thread(void *arg)
{
	(void)arg;
	while (!handled_by)
		usleep(1000);
	return NULL;
}

static void signals(void)
{
	struct sigaction sa = { .sa_handler = on_usr };
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL); /* the new threads inherit it; the receiver unblocks it */
	pthread_t r;
	pthread_create(&r, NULL, receiver, NULL);
	while (!receiver_tid)
		usleep(1000);
	kill(getpid(), SIGUSR1);
	pthread_join(r, NULL);
	check(handled_by == receiver_tid, "kill to the process runs the handler in the one thread that does not block it");
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);

	handled_by = 0;
	pthread_t t;
	pthread_create(&t, NULL, idle_thread, NULL);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, NULL); /* main blocks it: only the thread can take it */
	pthread_kill(t, SIGUSR2);
	pthread_join(t, NULL);
	check(handled_by != 0 && handled_by != getpid(), "pthread_kill reaches that thread");
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	errno = 0;
	check(syscall(SYS_tgkill, getpid() + 1000000, getpid(), SIGUSR2) < 0 && errno == ESRCH,
	      "tgkill with the wrong process id: ESRCH (%s)", errname(errno));
}

static void *exec_self(void *arg)
{
	(void)arg;
	char pid[16];
	snprintf(pid, sizeof pid, "%d", getpid());
	execl(self_path, self_path, "--after-exec", pid, (char *)NULL);
	return NULL;
}

static void exec_from_thread(void)
{
	pthread_t t[2];
	pthread_create(&t[0], NULL, spin, NULL);
	pthread_create(&t[1], NULL, exec_self, NULL);
	for (;;)
		pause();
}

static void exec_check(void)
{
	int st = exec_status("--exec-from-thread");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "execve in a second thread: the process keeps its id, the new program is its only thread (status %#x)", st);
}

static void clone_children(void)
{
	pid_t c = (pid_t)syscall(SYS_clone, 0 /* no exit signal */, 0, 0, 0, 0);
	if (c == 0)
		_exit(3);
	int st;
	usleep(20000);
	errno = 0;
	check(waitpid(c, &st, WNOHANG) < 0 && errno == ECHILD, "a clone child with exit signal 0: waitpid without __WCLONE ECHILD (%s)",
	      errname(errno));
	check(waitpid(c, &st, __WCLONE) == c && WIFEXITED(st) && WEXITSTATUS(st) == 3, "with __WCLONE it is reaped");
	errno = 0;
	check(syscall(SYS_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0) < 0 && errno == EINVAL,
	      "CLONE_THREAD without CLONE_SIGHAND: EINVAL (%s)", errname(errno));
	errno = 0;
	check(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0) < 0 && errno == EINVAL,
	      "CLONE_SIGHAND without CLONE_VM: EINVAL (%s)", errname(errno));
}

int main(int argc, char **argv)
{
	self_path = argv[0];
	if (argc == 3 && !strcmp(argv[1], "--after-exec")) {
		/* The process's id is the one before the execve; it has one thread (its own id). */
		int ok = getpid() == atoi(argv[2]) && gettid_() == getpid();
		int threads = proc_threads();
		_exit(!ok ? 1 : threads != 1 ? 2 : 42);
	}
	if (argc == 2 && !strcmp(argv[1], "--exit-from-thread"))
		exit_from_thread();
	if (argc == 2 && !strcmp(argv[1], "--exec-from-thread"))
		exec_from_thread();
	if (argc == 2 && !strcmp(argv[1], "--main-pthread-exit"))
		main_pthread_exit();
	/* /proc for the Threads: line: mounted here if the system has not (as the Linux reference's init). */
	int mounted_proc = access("/proc/self/status", R_OK) != 0 && mount("proc", "/proc", "proc", 0, NULL) == 0;
	identity();
	sharing();
	exits();
	signals();
	exec_check();
	clone_children();
	if (mounted_proc)
		umount("/proc");
	return done();
}
