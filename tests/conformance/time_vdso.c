/* time_vdso: the vDSO (vdso(7), "ARM64 functions"). AT_SYSINFO_EHDR points at an ELF shared object that exports
 * __kernel_clock_gettime, __kernel_gettimeofday, __kernel_clock_getres and __kernel_rt_sigreturn with version
 * LINUX_2.6.39, found here the way a C library finds them (its dynamic symbol table, hash and version
 * definitions) and called directly, so the check does not depend on which C library uses them. Its clocks agree
 * with the system calls' (each reading lies between two system calls' readings); clocks it does not serve go to
 * the system call (an unknown one gives -EINVAL); a handler installed without SA_RESTORER returns through
 * __kernel_rt_sigreturn; the image cannot be written; a forked child has it; after munmap it is gone, and the
 * next execve maps it again. */
#define _GNU_SOURCE
#include <elf.h>
#include <signal.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "conf.h"

struct kts {
	long long sec, nsec; /* struct __kernel_timespec, and struct timeval (sec, usec) alike */
};
typedef int (*clock_fn)(clockid_t, struct kts *);
typedef int (*gtod_fn)(struct kts *, int *);

static const Elf64_Ehdr *vdso;
static uintptr_t vdso_bias; /* the image's address minus its link address */
static size_t vdso_len;     /* bytes of its PT_LOAD, whole pages */

/* vdso_dyn: the value of dynamic tag tag (an address already biased when ptr), 0 when absent. */
static uintptr_t vdso_dyn(const Elf64_Dyn *dyn, long tag, int ptr)
{
	for (; dyn->d_tag != DT_NULL; dyn++)
		if (dyn->d_tag == tag)
			return ptr ? vdso_bias + dyn->d_un.d_ptr : dyn->d_un.d_val;
	return 0;
}

/* vdso_sym: the address of function name, version ver, in the vDSO; NULL when it is not there. */
static void *vdso_sym(const char *name, const char *ver)
{
	const Elf64_Phdr *ph = (const void *)((const char *)vdso + vdso->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	for (int i = 0; i < vdso->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const void *)(vdso_bias + ph[i].p_vaddr);
	if (!dyn)
		return NULL;
	const Elf64_Sym *sym = (const void *)vdso_dyn(dyn, DT_SYMTAB, 1);
	const char *str = (const char *)vdso_dyn(dyn, DT_STRTAB, 1);
	const Elf32_Word *hash = (const void *)vdso_dyn(dyn, DT_HASH, 1);
	const Elf64_Half *versym = (const void *)vdso_dyn(dyn, DT_VERSYM, 1);
	const Elf64_Verdef *verdef = (const void *)vdso_dyn(dyn, DT_VERDEF, 1);
	if (!sym || !str || !hash || !versym || !verdef)
		return NULL;
	for (Elf32_Word i = 0; i < hash[1]; i++) { /* nchain: the number of symbols */
		int type = ELF64_ST_TYPE(sym[i].st_info); /* Linux's __kernel_rt_sigreturn is STT_NOTYPE */
		if ((type != STT_FUNC && type != STT_NOTYPE) || sym[i].st_shndx == SHN_UNDEF ||
		    strcmp(str + sym[i].st_name, name) != 0)
			continue;
		for (const Elf64_Verdef *d = verdef;; d = (const void *)((const char *)d + d->vd_next)) {
			if (d->vd_ndx == (versym[i] & 0x7fff) && !(d->vd_flags & VER_FLG_BASE)) {
				const Elf64_Verdaux *a = (const void *)((const char *)d + d->vd_aux);
				if (strcmp(str + a->vda_name, ver) == 0)
					return (void *)(vdso_bias + sym[i].st_value);
			}
			if (!d->vd_next)
				break;
		}
	}
	return NULL;
}

/* vdso_find: set vdso, vdso_bias and vdso_len from the aux vector; 0 when there is no vDSO. */
static int vdso_find(void)
{
	vdso = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	if (!vdso)
		return 0;
	const Elf64_Phdr *ph = (const void *)((const char *)vdso + vdso->e_phoff);
	for (int i = 0; i < vdso->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0) {
			vdso_bias = (uintptr_t)vdso - ph[i].p_vaddr;
			vdso_len = (ph[i].p_memsz + 4095) & ~4095UL;
		}
	return 1;
}

static long long ns_of(struct kts t) { return t.sec * 1000000000LL + t.nsec; }

static clock_fn v_gettime, v_getres;
static gtod_fn v_gtod;
static void *v_sigreturn;
static void *volatile handler_ret;
static volatile int handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
	handler_ret = __builtin_return_address(0);
}

/* struct k_sigaction: rt_sigaction's own layout (arm64: handler, flags, restorer, mask), to install a handler
 * without SA_RESTORER whatever the C library's sigaction does (musl always sets one). */
struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

/* child_status: run f in a child; its wait status. */
static int child_status(void (*f)(void))
{
	pid_t c = fork();
	if (c == 0) {
		f();
		_exit(0);
	}
	int st = 0;
	waitpid(c, &st, 0);
	return st;
}

static void write_vdso(void) { *(volatile char *)vdso = 0; }
static void call_after_munmap(void)
{
	struct kts t;
	if (munmap((void *)vdso, vdso_len) != 0)
		_exit(2);
	v_gettime(CLOCK_MONOTONIC, &t);
}
static void clock_in_child(void)
{
	struct kts t;
	_exit(v_gettime(CLOCK_MONOTONIC, &t) == 0 && ns_of(t) > 0 ? 0 : 1);
}
static void exec_after_munmap(void)
{
	if (munmap((void *)vdso, vdso_len) != 0)
		_exit(2);
	char *argv[] = { "/tests/time_vdso", "exec", NULL };
	execve(argv[0], argv, environ);
	_exit(3);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "exec") == 0) { /* re-executed after munmap: the new image has a vDSO */
		struct kts t;
		if (!vdso_find() || !(v_gettime = (clock_fn)vdso_sym("__kernel_clock_gettime", "LINUX_2.6.39")))
			return 4;
		return v_gettime(CLOCK_MONOTONIC, &t) == 0 ? 0 : 5;
	}

	if (!check(vdso_find(), "AT_SYSINFO_EHDR is in the aux vector"))
		return done();
	check(memcmp(vdso->e_ident, ELFMAG, SELFMAG) == 0 && vdso->e_ident[EI_CLASS] == ELFCLASS64 &&
		      vdso->e_type == ET_DYN && vdso->e_machine == EM_AARCH64,
	      "it points at an ELF64 shared object for AArch64");
	check(((uintptr_t)vdso & 4095) == 0 && vdso_len > 0, "page-aligned, with a PT_LOAD from offset 0");
	v_gettime = (clock_fn)vdso_sym("__kernel_clock_gettime", "LINUX_2.6.39");
	v_getres = (clock_fn)vdso_sym("__kernel_clock_getres", "LINUX_2.6.39");
	v_gtod = (gtod_fn)vdso_sym("__kernel_gettimeofday", "LINUX_2.6.39");
	v_sigreturn = vdso_sym("__kernel_rt_sigreturn", "LINUX_2.6.39");
	check(v_gettime != NULL, "__kernel_clock_gettime@LINUX_2.6.39");
	check(v_getres != NULL, "__kernel_clock_getres@LINUX_2.6.39");
	check(v_gtod != NULL, "__kernel_gettimeofday@LINUX_2.6.39");
	check(v_sigreturn != NULL, "__kernel_rt_sigreturn@LINUX_2.6.39");
	check(vdso_sym("__kernel_clock_gettime", "LINUX_2.6") == NULL, "no such symbol with another version");
	if (!v_gettime || !v_getres || !v_gtod || !v_sigreturn)
		return done();

	/* Each clock the vDSO serves: its reading lies between two system calls' readings. */
	static const struct {
		clockid_t id;
		const char *name;
	} clocks[] = { { CLOCK_REALTIME, "CLOCK_REALTIME" },
		       { CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
		       { CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" },
		       { CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE" },
		       { CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE" },
		       { CLOCK_BOOTTIME, "CLOCK_BOOTTIME" } };
	for (size_t c = 0; c < sizeof clocks / sizeof clocks[0]; c++) {
		int bad = 0, fails = 0;
		for (int i = 0; i < 1000; i++) {
			struct kts a, b, d;
			fails += syscall(SYS_clock_gettime, clocks[c].id, &a) != 0;
			fails += v_gettime(clocks[c].id, &b) != 0;
			fails += syscall(SYS_clock_gettime, clocks[c].id, &d) != 0;
			bad += b.nsec < 0 || b.nsec >= 1000000000 || ns_of(a) > ns_of(b) || ns_of(b) > ns_of(d);
		}
		check(fails == 0 && bad == 0, "%s: the vDSO's reading lies between the system call's, 1000 times",
		      clocks[c].name);
		struct kts rs = { -1, -1 }, rv = { -1, -1 };
		int r1 = syscall(SYS_clock_getres, clocks[c].id, &rs), r2 = v_getres(clocks[c].id, &rv);
		check(r1 == 0 && r2 == 0 && rs.sec == rv.sec && rs.nsec == rv.nsec,
		      "%s: clock_getres from the vDSO is the system call's", clocks[c].name);
	}
	check(v_getres(CLOCK_MONOTONIC, NULL) == 0, "clock_getres with a NULL result returns 0");

	/* gettimeofday: microseconds of CLOCK_REALTIME; the time zone reads zero. */
	int bad = 0;
	for (int i = 0; i < 1000; i++) {
		struct kts a, b, d;
		syscall(SYS_gettimeofday, &a, NULL);
		v_gtod(&b, NULL);
		syscall(SYS_gettimeofday, &d, NULL);
		long long ua = a.sec * 1000000LL + a.nsec, ub = b.sec * 1000000LL + b.nsec, ud = d.sec * 1000000LL + d.nsec;
		bad += b.nsec < 0 || b.nsec >= 1000000 || ua > ub || ub > ud;
	}
	check(bad == 0, "gettimeofday: the vDSO's reading lies between the system call's, 1000 times");
	int tz[2] = { -1, -1 };
	struct kts tv;
	check(v_gtod(&tv, tz) == 0 && tz[0] == 0 && tz[1] == 0, "gettimeofday's time zone reads 0 minutes west, no DST");
	check(v_gtod(NULL, NULL) == 0, "gettimeofday(NULL, NULL) returns 0");

	/* What the vDSO does not serve goes to the system call. */
	struct kts t = { -1, -1 };
	check(v_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0 && t.sec >= 0 && t.nsec >= 0 && t.nsec < 1000000000,
	      "CLOCK_PROCESS_CPUTIME_ID through the vDSO");
	int r = v_gettime(12345, &t);
	check(r == -EINVAL, "an unknown clock through the vDSO: %s", r == -EINVAL ? "-EINVAL" : "something else");
	r = v_getres(12345, &t);
	check(r == -EINVAL, "clock_getres of an unknown clock through the vDSO: %s", r == -EINVAL ? "-EINVAL" : "something else");

	/* A handler installed without SA_RESTORER returns through __kernel_rt_sigreturn. */
	struct k_sigaction ka = { on_usr1, 0, NULL, 0 }, old;
	r = syscall(SYS_rt_sigaction, SIGUSR1, &ka, &old, 8);
	syscall(SYS_kill, getpid(), SIGUSR1);
	check(r == 0 && handled == 1, "a handler installed without SA_RESTORER ran, and its program went on");
	check(handler_ret == v_sigreturn, "its return address was __kernel_rt_sigreturn");
	syscall(SYS_kill, getpid(), SIGUSR1);
	check(handled == 2, "and it runs again (the signal frame was unwound)");
	ka.handler = SIG_DFL;
	syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);

	/* The image is read-only; fork keeps it; munmap removes it; execve maps it again. */
	int st = child_status(write_vdso);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a store into the vDSO: SIGSEGV");
	st = child_status(clock_in_child);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a forked child reads the clock through its vDSO");
	st = child_status(call_after_munmap);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "after munmap of the vDSO, calling into it: SIGSEGV");
	st = child_status(exec_after_munmap);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "after munmap, execve maps a new vDSO (exit %d)",
	      WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	struct kts after;
	check(v_gettime(CLOCK_MONOTONIC, &after) == 0, "the parent's vDSO still works");
	return done();
}
