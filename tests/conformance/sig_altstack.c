/* sig_altstack: sigaltstack and SA_ONSTACK. A SA_ONSTACK handler runs on the alternate stack (sigaltstack reads
 * SS_ONSTACK there, and changing it is EPERM); a handler without the flag runs on the normal stack; SS_DISABLE
 * turns it off. A stack overflow's SIGSEGV can be handled on the alternate stack. The alternate stack is
 * inherited over fork. rt_sigreturn restores the alternate stack saved in uc_stack (a change made in the
 * handler does not outlive it). */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include "conf.h"

static char alt[65536] __attribute__((aligned(16)));
static volatile uintptr_t where;
static volatile int onstack_flag, change_err;

static void h(int s)
{
	(void)s;
	char local;
	where = (uintptr_t)&local;
	stack_t cur;
	sigaltstack(NULL, &cur);
	onstack_flag = (cur.ss_flags & SS_ONSTACK) != 0;
	stack_t ns = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
	change_err = sigaltstack(&ns, NULL) < 0 ? errno : 0;
}

static int on_alt(void) { return where >= (uintptr_t)alt && where < (uintptr_t)alt + sizeof alt; }

static void install(int s, int flags)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(s, &sa, NULL);
}

static void segv_exit(int s)
{
	(void)s;
	char local;
	_exit(((uintptr_t)&local >= (uintptr_t)alt && (uintptr_t)&local < (uintptr_t)alt + sizeof alt) ? 42 : 43);
}

static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	if (n < 0)
		return 0;
	return recurse(n + 1) + pad[0];
}

int main(void)
{
	alarm(20);
	stack_t cur;
	check(sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_DISABLE), "initially disabled");
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
	check(sigaltstack(&ss, NULL) == 0, "sigaltstack(64 KiB)");
	sigaltstack(NULL, &cur);
	check(cur.ss_sp == alt && cur.ss_size == sizeof alt && cur.ss_flags == 0, "read back: sp, size, flags 0");

	install(SIGUSR1, SA_ONSTACK);
	raise(SIGUSR1);
	check(on_alt(), "SA_ONSTACK handler ran on the alternate stack");
	check(onstack_flag, "sigaltstack in it reads SS_ONSTACK");
	check(change_err == EPERM, "changing it while on it: %s", errname(change_err));

	install(SIGUSR2, 0);
	raise(SIGUSR2);
	check(!on_alt(), "a handler without SA_ONSTACK ran on the normal stack");
	check(!onstack_flag, "and sigaltstack there does not read SS_ONSTACK");

	pid_t c = fork();
	if (c == 0) {
		raise(SIGUSR1);
		_exit(on_alt() ? 0 : 1);
	}
	int st;
	waitpid(c, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork: the child's SA_ONSTACK handler uses the inherited alternate stack");

	ss.ss_flags = SS_DISABLE;
	check(sigaltstack(&ss, NULL) == 0, "SS_DISABLE");
	sigaltstack(NULL, &cur);
	check((cur.ss_flags & SS_DISABLE) != 0, "reads SS_DISABLE");
	raise(SIGUSR1);
	check(!on_alt(), "disabled: the SA_ONSTACK handler runs on the normal stack");
	check(change_err == 0, "the handler (not on an alternate stack) set one: %s", errname(change_err));
	sigaltstack(NULL, &cur);
	check((cur.ss_flags & SS_DISABLE) != 0, "rt_sigreturn put back the stack of uc_stack: SS_DISABLE again");

	/* stack overflow in a child: the SIGSEGV handler can only run on the alternate stack */
	c = fork();
	if (c == 0) {
		stack_t s2 = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
		sigaltstack(&s2, NULL);
		struct sigaction sa = { 0 };
		sa.sa_handler = segv_exit;
		sa.sa_flags = SA_ONSTACK;
		sigaction(SIGSEGV, &sa, NULL);
		recurse(0);
		_exit(1);
	}
	waitpid(c, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 42, "stack overflow: SIGSEGV handled on the alternate stack (status 0x%x)", st);
	return done();
}
