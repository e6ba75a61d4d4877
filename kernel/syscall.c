/* kernel/syscall.c: the system call table (numbers from Linux's include/uapi/asm-generic/unistd.h, which arm64
 * uses). A number without a handler returns -ENOSYS and emits a syscall.enosys trace event. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/trace_events.h"

#define NR_trace_mark 1000 /* ipclab's own: traces/FORMAT.md "Marks from user programs" */

#define SYSCALLS(X)                                                                                               \
	X(17, getcwd) X(23, dup) X(24, dup3) X(25, fcntl) X(29, ioctl) X(57, close) X(59, pipe2) X(63, read)       \
	X(64, write) X(65, readv) X(66, writev) X(93, exit) X(94, exit_group) X(96, set_tid_address) X(98, futex)              \
	X(101, nanosleep) X(113, clock_gettime) X(114, clock_getres) X(115, clock_nanosleep) X(124, sched_yield)  \
	X(135, rt_sigprocmask) X(160, uname) X(172, getpid) X(173, getppid) X(174, getuid) X(175, geteuid)        \
	X(176, getgid) X(177, getegid) X(178, gettid) X(214, brk) X(215, munmap) X(216, mremap) X(220, clone) X(435, clone3) X(221, execve)     \
	X(222, mmap) X(226, mprotect) X(227, msync) X(228, mlock) X(229, munlock) X(230, mlockall) X(231, munlockall) \
	X(233, madvise) X(284, mlock2) X(260, wait4) X(169, gettimeofday)                         \
	X(129, kill) X(130, tkill) X(131, tgkill) X(132, sigaltstack) X(133, rt_sigsuspend) X(134, rt_sigaction) \
	X(136, rt_sigpending) X(137, rt_sigtimedwait) X(138, rt_sigqueueinfo) X(240, rt_tgsigqueueinfo) X(139, rt_sigreturn) X(261, prlimit64) X(163, getrlimit) X(164, setrlimit) X(165, getrusage) X(153, times)        \
	X(179, sysinfo) X(167, prctl) X(141, getpriority) X(140, setpriority) X(99, set_robust_list)             \
	X(100, get_robust_list) X(154, setpgid) X(155, getpgid) X(156, getsid) X(157, setsid) X(102, getitimer)            \
	X(103, setitimer) X(95, waitid) X(128, restart_syscall)                                                                                        \
	X(143, setregid) X(144, setgid) X(145, setreuid) X(146, setuid) X(147, setresuid) X(148, getresuid)      \
	X(149, setresgid) X(150, getresgid) X(151, setfsuid) X(152, setfsgid) X(158, getgroups) X(159, setgroups) \
	X(186, msgget) X(187, msgctl) X(188, msgrcv) X(189, msgsnd) X(190, semget) X(191, semctl)                \
	X(192, semtimedop) X(193, semop) X(194, shmget) X(195, shmctl) X(196, shmat) X(197, shmdt)               \
	X(33, mknodat) X(34, mkdirat) X(35, unlinkat) X(48, faccessat) X(49, chdir) X(50, fchdir) X(56, openat)     \
	X(61, getdents64) X(62, lseek) X(79, newfstatat) X(80, fstat) X(73, ppoll) X(72, pselect6)               \
	X(198, socket) X(199, socketpair) X(200, bind) X(201, listen) X(202, accept) X(203, connect)             \
	X(204, getsockname) X(205, getpeername) X(206, sendto) X(207, recvfrom) X(208, setsockopt)             \
	X(209, getsockopt) X(210, shutdown) X(211, sendmsg) X(212, recvmsg) X(242, accept4)                   \
	X(36, symlinkat) X(37, linkat) X(38, renameat) X(78, readlinkat) X(276, renameat2)                    \
	X(166, umask) X(52, fchmod) X(53, fchmodat) X(54, fchownat) X(55, fchown) X(88, utimensat)            \
	X(45, truncate) X(46, ftruncate) X(67, pread64) X(68, pwrite64) X(69, preadv) X(70, pwritev)           \
	X(71, sendfile) X(278, getrandom) X(40, mount) X(39, umount2) X(43, statfs) X(44, fstatfs) \
	X(180, mq_open) X(181, mq_unlink) X(182, mq_timedsend) X(183, mq_timedreceive) X(184, mq_notify)         \
	X(185, mq_getsetattr) X(81, sync) X(82, fsync) X(83, fdatasync) X(267, syncfs)

/* Each handler's table entry, sys_NAME, as SYSCALL_DEFINEn (kernel/syscall.h) defines it. */
#define DECLARE(nr, name) long sys_##name(u64, u64, u64, u64, u64, u64);
SYSCALLS(DECLARE)
DECLARE(NR_trace_mark, trace_mark)

#define ENTRY(nr, name) [nr] = sys_##name,
static const syscall_fn table[] = { SYSCALLS(ENTRY) };

void syscall_dispatch(struct trapframe *tf)
{
	u64 nr = tf->regs[8];
	u64 *a = tf->regs;
	long r;
	current->syscall_nr = (long)nr;
	current->orig_x0 = a[0];
	if (nr < ARRAY_SIZE(table) && table[nr]) {
		r = table[nr](a[0], a[1], a[2], a[3], a[4], a[5]);
	} else if (nr == NR_trace_mark) {
		r = sys_trace_mark(a[0], a[1], a[2], a[3], a[4], a[5]);
	} else {
		trace_syscall_enosys(nr);
		printk_ratelimited("pid %d (%s): system call %lu (%s) is not implemented: ENOSYS\n", current->pid, current->name,
		       nr, syscall_name(nr));
		r = -ENOSYS;
	}
	if (unlikely(current->nr_fd_held))
		fd_release_held(current); /* files another thread could have closed meanwhile (fd_file) */
	tf->regs[0] = (u64)r;
}
