/* kernel/trace_events.h: every trace event the kernel emits, declared once (traces/FORMAT.md describes each
 * one's fields for the reader; kernel/trace_events.c writes them).
 *
 * As Linux's TRACE_EVENT (include/trace/events/NAME.h), each declaration gives a call site of one line,
 * trace_NAME(args), which costs one load and a branch when tracing is off. Two kinds of events:
 * - Operation events (pipe.read, sem.op, msg.send, sig.generate...): one call site each, in the code that does
 *   the operation, after it is done, so the event carries the state the operation left.
 * - Block and wake events (pipe.block, sem.wake, fifo.wake...): nobody calls them. Each wait queue names its wait
 *   channel (struct wait_chan, kernel/sched.h), and sleep_on and wake_up emit the channel's events themselves,
 *   with who slept and who was woken. The wait channels are declared at the end of this file.
 * Units: times in ns since boot, sizes in bytes, ids as the system calls return them. */
#ifndef KERNEL_TRACE_EVENTS_H
#define KERNEL_TRACE_EVENTS_H
#include "kernel/sched.h"
#include "kernel/trace.h"

#define TP_PROTO(...) (__VA_ARGS__)
#define TP_ARGS(...) (__VA_ARGS__)
/* TRACE_EVENT(name, TP_PROTO(params), TP_ARGS(names)): declares trace_NAME(params), which calls the writer
 * __trace_NAME (kernel/trace_events.c) only when tracing is on. */
#define TRACE_EVENT(name, proto, args)                                                                            \
	void __trace_##name proto;                                                                                \
	static inline __attribute__((always_inline)) void trace_##name proto                                     \
	{                                                                                                         \
		if (__builtin_expect(trace_enabled, 0))                                                           \
			__trace_##name args;                                                                      \
	}

struct proc;
struct pipe;
struct sem_array;
struct sem_undo;
struct sembuf;
struct msg_queue;
struct msg_msg;
struct shmid_kernel;
struct mqueue_inode_info;

/* ---- Processes and scheduling ---- */

/* proc.fork: parent forked child (child, name, ppid, tgid: the child's process, its own id unless it is a thread);
 * then a map.create ("fork") of each shared mapping the child's copy of the address space has. */
TRACE_EVENT(proc_fork, TP_PROTO(const struct proc *parent, const struct proc *child), TP_ARGS(parent, child))
/* proc.exec: p now runs path (name, ppid, path, argv: at most 8 of the NULL-terminated argv). */
TRACE_EVENT(proc_exec, TP_PROTO(const struct proc *p, const char *path, char *const argv[]), TP_ARGS(p, path, argv))
/* proc.exit: p exited with wait status `status` (code or signal); tgid: its process. */
TRACE_EVENT(proc_exit, TP_PROTO(const struct proc *p, int status), TP_ARGS(p, status))
/* proc.release: the kernel freed p, once thread pid, which nobody waits for: a thread of a process that goes on, a
 * process whose parent ignores SIGCHLD, or the id an execve in a second thread gave up (de_thread). */
TRACE_EVENT(proc_release, TP_PROTO(const struct proc *p, int pid), TP_ARGS(p, pid))
/* proc.reap: the current process collected zombie child with wait status `status`. */
TRACE_EVENT(proc_reap, TP_PROTO(const struct proc *child, int status), TP_ARGS(child, status))
/* sched.switch: the CPU switches from prev (its state and, sleeping, its wait channel) to next. */
TRACE_EVENT(sched_switch, TP_PROTO(const struct proc *prev, const struct proc *next), TP_ARGS(prev, next))
/* syscall.enosys: the current process made system call nr, which is not implemented. */
TRACE_EVENT(syscall_enosys, TP_PROTO(u64 nr), TP_ARGS(nr))
/* trace.mark: a user program's own event, text of n bytes (at most TRACE_DATA_MAX). */
TRACE_EVENT(trace_mark, TP_PROTO(const char *text, size_t n), TP_ARGS(text, n))
/* kernel.halt: power-off with exit status `status`; the leak counts of the halt report. */
struct halt_report {
	int status;
	long leaked_pages, leaked_objects;
	int leaked_pipes, leaked_sems, leaked_msgs, leaked_shms, procs;
	int leaked_shmem, futex_waiters; /* shared anonymous memory objects; threads asleep in FUTEX_WAIT */
	int leaked_mqueues;              /* POSIX message queues */
	int leaked_socks;                /* sockets that still exist */
	long inflight_fds;               /* files inside SCM_RIGHTS messages */
};
TRACE_EVENT(kernel_halt, TP_PROTO(const struct halt_report *r), TP_ARGS(r))

/* ---- Pipes and FIFOs: every event carries the pipe's state after it ---- */

/* pipe.create: pipe2 made p, its ends at fds[0] (read) and fds[1] (write); flags as given. */
TRACE_EVENT(pipe_create, TP_PROTO(const struct pipe *p, const int fds[2], int flags), TP_ARGS(p, fds, flags))
/* pipe.read / pipe.write: a read or write of p returned r: bytes moved (the first TRACE_DATA_MAX of them read
 * back from the user's buffer ubuf), 0 (end of file) or a -errno. -ERESTARTSYS (interrupted with nothing moved)
 * emits nothing: sig.interrupt tells it. */
TRACE_EVENT(pipe_read, TP_PROTO(const struct pipe *p, u64 ubuf, long r), TP_ARGS(p, ubuf, r))
TRACE_EVENT(pipe_write, TP_PROTO(const struct pipe *p, u64 ubuf, long r), TP_ARGS(p, ubuf, r))
/* pipe.close: one open reader and/or writer of p went; one event per end; freed: nobody is left. */
TRACE_EVENT(pipe_close, TP_PROTO(const struct pipe *p, bool reader, bool writer, bool freed),
	    TP_ARGS(p, reader, writer, freed))
/* pipe.resize: F_SETPIPE_SZ changed p's capacity. */
TRACE_EVENT(pipe_resize, TP_PROTO(const struct pipe *p), TP_ARGS(p))
/* fifo.open: an open of FIFO pipe p with flags (O_ACCMODE) succeeded (err 0) or failed with -err. */
TRACE_EVENT(fifo_open, TP_PROTO(const struct pipe *p, u32 flags, int err), TP_ARGS(p, flags, err))

/* ---- Unix domain sockets (ipc/sock.h): every event carries the socket's state after it ---- */

struct sock;
struct msghdr;
struct list_head;
/* unix.create: socket or socketpair made sk, open as fd; or (fd -1) connect made sk, the server's end of a
 * connection, waiting in its listener's backlog. */
TRACE_EVENT(unix_create, TP_PROTO(const struct sock *sk, int fd), TP_ARGS(sk, fd))
/* unix.bind / unix.listen / unix.connect: the call on sk returned err (0 or a -errno); a stream connection's
 * event also has its listener's backlog. */
TRACE_EVENT(unix_bind, TP_PROTO(const struct sock *sk, long err), TP_ARGS(sk, err))
TRACE_EVENT(unix_listen, TP_PROTO(const struct sock *sk, long err), TP_ARGS(sk, err))
TRACE_EVENT(unix_connect, TP_PROTO(const struct sock *sk, long err), TP_ARGS(sk, err))
/* unix.accept: accept on listener gave newsk as fd, or failed with err (newsk NULL). */
TRACE_EVENT(unix_accept, TP_PROTO(const struct sock *listener, const struct sock *newsk, int fd, long err),
	    TP_ARGS(listener, newsk, fd, err))
/* unix.send / unix.recv: a send or receive on sk returned r (bytes, or a -errno); before is the message as the
 * call began (its data's buffers, control data), after as it ended (where it went, what came). -ERESTARTSYS
 * emits nothing (sig.interrupt tells it). */
TRACE_EVENT(unix_send, TP_PROTO(const struct sock *sk, const struct msghdr *before, const struct msghdr *after, long r),
	    TP_ARGS(sk, before, after, r))
TRACE_EVENT(unix_recv, TP_PROTO(const struct sock *sk, const struct msghdr *before, const struct msghdr *after, long r),
	    TP_ARGS(sk, before, after, r))
/* unix.shutdown: shutdown(how) of sk. */
TRACE_EVENT(unix_shutdown, TP_PROTO(const struct sock *sk, int how), TP_ARGS(sk, how))
/* unix.close: sk's file is closed: sk is released (a listener's pending connections with it). */
TRACE_EVENT(unix_close, TP_PROTO(const struct sock *sk), TP_ARGS(sk))
/* unix.gc: the garbage collector found the sockets on list (struct sock, gc_link) unreachable: the messages that
 * hold them are dropped now, closing them. */
TRACE_EVENT(unix_gc, TP_PROTO(const struct list_head *list), TP_ARGS(list))

/* ---- System V semaphores: events carry semid and the set's state (sems) ---- */

/* sem.create: semget created sma with key. */
TRACE_EVENT(sem_create, TP_PROTO(const struct sem_array *sma, int key), TP_ARGS(sma, key))
/* sem.op: semop of nsops operations sops on set semid (sma: the set, NULL when it was removed meanwhile:
 * then nothing is written) returned err (0 or a -errno). */
TRACE_EVENT(sem_op, TP_PROTO(int semid, const struct sem_array *sma, const struct sembuf *sops, int nsops, long err),
	    TP_ARGS(semid, sma, sops, nsops, err))
/* sem.ctl: a semctl command (its name, "SETVAL") changed sma. */
TRACE_EVENT(sem_ctl, TP_PROTO(const struct sem_array *sma, const char *cmd), TP_ARGS(sma, cmd))
/* sem.undo: the exit of process pid applied its adjustments un to sma. */
TRACE_EVENT(sem_undo, TP_PROTO(const struct sem_array *sma, const struct sem_undo *un, int pid), TP_ARGS(sma, un, pid))
/* sem.rmid: IPC_RMID removed sma (its last state). */
TRACE_EVENT(sem_rmid, TP_PROTO(const struct sem_array *sma), TP_ARGS(sma))

/* ---- System V message queues: events carry msqid and the queue's state ---- */

/* msg.create: msgget created msq with key. */
TRACE_EVENT(msg_create, TP_PROTO(const struct msg_queue *msq, int key), TP_ARGS(msq, key))
/* msg.send / msg.recv: msgsnd/msgrcv on queue msqid (msq: the queue, NULL when it was removed meanwhile: then
 * nothing is written) moved msg, or failed with err (a -errno; msg NULL). */
TRACE_EVENT(msg_send, TP_PROTO(int msqid, const struct msg_queue *msq, const struct msg_msg *msg, long err),
	    TP_ARGS(msqid, msq, msg, err))
TRACE_EVENT(msg_recv, TP_PROTO(int msqid, const struct msg_queue *msq, const struct msg_msg *msg, long err),
	    TP_ARGS(msqid, msq, msg, err))
/* msg.ctl: a msgctl command (its name) changed msq. */
TRACE_EVENT(msg_ctl, TP_PROTO(const struct msg_queue *msq, const char *cmd), TP_ARGS(msq, cmd))
/* msg.rmid: IPC_RMID removed queue msqid. */
TRACE_EVENT(msg_rmid, TP_PROTO(int msqid), TP_ARGS(msqid))

/* ---- POSIX message queues: events carry the queue's id (its inode number) and state ---- */

/* mq.create: mq_open (or open(2) in the mqueue filesystem) created queue info. */
TRACE_EVENT(mq_create, TP_PROTO(const struct mqueue_inode_info *info), TP_ARGS(info))
/* mq.unlink: mq_unlink took info's name away (it is destroyed when no descriptor is left). */
TRACE_EVENT(mq_unlink, TP_PROTO(const struct mqueue_inode_info *info), TP_ARGS(info))
/* mq.destroy: queue info is freed (no name, nobody has it open). */
TRACE_EVENT(mq_destroy, TP_PROTO(const struct mqueue_inode_info *info), TP_ARGS(info))
/* mq.send: mq_timedsend of len bytes at user address ubuf with priority prio put them into info (or handed them to
 * a waiting receiver), or failed with err (a -errno; -ERESTARTSYS emits nothing: sig.interrupt tells it). */
TRACE_EVENT(mq_send, TP_PROTO(const struct mqueue_inode_info *info, u64 ubuf, size_t len, unsigned prio, long err),
	    TP_ARGS(info, ubuf, len, prio, err))
/* mq.recv: mq_timedreceive took msg from info, or failed with err (msg NULL). */
TRACE_EVENT(mq_recv, TP_PROTO(const struct mqueue_inode_info *info, const struct msg_msg *msg, long err),
	    TP_ARGS(info, msg, err))
/* mq.notify: process owner's notification registration of info was made ("register"), ended by mq_notify(NULL) or
 * a close ("remove"), or used up by a message arriving ("fire": its signal, if any, follows). */
TRACE_EVENT(mq_notify, TP_PROTO(const struct mqueue_inode_info *info, const char *op, int owner), TP_ARGS(info, op, owner))

/* ---- System V shared memory: events carry shmid and the segment's state ---- */

/* shm.create: shmget created shp with key. */
TRACE_EVENT(shm_create, TP_PROTO(const struct shmid_kernel *shp, int key), TP_ARGS(shp, key))
/* shm.attach / shm.detach: an attachment of shp at addr was made or went, by process pid. */
TRACE_EVENT(shm_attach, TP_PROTO(const struct shmid_kernel *shp, u64 addr, int pid), TP_ARGS(shp, addr, pid))
TRACE_EVENT(shm_detach, TP_PROTO(const struct shmid_kernel *shp, u64 addr, int pid), TP_ARGS(shp, addr, pid))
/* shm.rmid: IPC_RMID marked shp (destroyed now or at its last detach). */
TRACE_EVENT(shm_rmid, TP_PROTO(const struct shmid_kernel *shp), TP_ARGS(shp))
/* shm.destroy: segment shmid was freed. */
TRACE_EVENT(shm_destroy, TP_PROTO(int shmid), TP_ARGS(shmid))

/* ---- Shared mappings: MAP_SHARED memory (kernel/shmem.c) and files mapped shared, their mappings, their pages'
 * first touches. Events of a mapping name the process whose address space it is (struct mm's tgid). ---- */

struct shmem;
struct mm;
struct vma;
/* shmem.create: mmap(MAP_SHARED | MAP_ANONYMOUS) made s (its npages pages, none allocated yet). */
TRACE_EVENT(shmem_create, TP_PROTO(const struct shmem *s), TP_ARGS(s))
/* shmem.destroy: the last mapping of s went: its pages are freed. */
TRACE_EVENT(shmem_destroy, TP_PROTO(const struct shmem *s), TP_ARGS(s))
/* map.create: [start, end) of vma v of mm is mapped now (v shared: VMA_SHARED or VMA_FILE; other kinds write
 * nothing); how: "mmap", "fork" (a copy of the parent's), "mremap" (moved there, or grown by it). */
TRACE_EVENT(map_create, TP_PROTO(const struct mm *mm, const struct vma *v, u64 start, u64 end, const char *how),
	    TP_ARGS(mm, v, start, end, how))
/* map.remove: shared vma v of mm goes: how "unmap" (munmap, mremap, mmap MAP_FIXED over it) or "exit" (the
 * address space goes: exit, execve). */
TRACE_EVENT(map_remove, TP_PROTO(const struct mm *mm, const struct vma *v, const char *how), TP_ARGS(mm, v, how))
/* map.touch: mm mapped in the page at va of shared vma v for an access (VM_READ, VM_WRITE, VM_EXEC); made: the
 * touch allocated the page (shared memory: nobody had touched it before). */
TRACE_EVENT(map_touch, TP_PROTO(const struct mm *mm, const struct vma *v, u64 va, u32 access, bool made),
	    TP_ARGS(mm, v, va, access, made))

/* ---- Signals: events carry the process's pending and blocked sets after them ---- */

struct kernel_siginfo;
/* sig.generate / sig.ignore: process info->si_pid (0: the kernel) sent info->si_signo to p with siginfo info (a
 * real-time signal's, or one with a value, also gives its si_code and si_value); dropped: it was discarded at once
 * (ignored and not blocked: sig.ignore). */
TRACE_EVENT(sig_generate, TP_PROTO(const struct proc *p, const struct kernel_siginfo *info, bool dropped),
	    TP_ARGS(p, info, dropped))
/* sig.deliver: sig is delivered to p: to the handler at address handler, or with the default action `action`
 * ("term", "core", "ignore", "stop", "cont") when action is not NULL. */
TRACE_EVENT(sig_deliver, TP_PROTO(const struct proc *p, int sig, u64 handler, const char *action),
	    TP_ARGS(p, sig, handler, action))
/* sig.return: p's handler returned through rt_sigreturn (its restored blocked set). */
TRACE_EVENT(sig_return, TP_PROTO(const struct proc *p), TP_ARGS(p))
/* sig.mask: rt_sigprocmask, sigsuspend or ppoll changed p's blocked set. */
TRACE_EVENT(sig_mask, TP_PROTO(const struct proc *p), TP_ARGS(p))
/* sig.interrupt: a signal interrupted p's blocking system call, which is restarted (restart) or fails with
 * EINTR. */
TRACE_EVENT(sig_interrupt, TP_PROTO(const struct proc *p, bool restart), TP_ARGS(p, restart))

/* ---- The terminal ---- */

struct tty;
/* tty.signal: key `key` (^C, ^\, ^Z) typed on tty sent sig to its foreground group (the sig.generate events of
 * each process follow, from pid 0). */
TRACE_EVENT(tty_signal, TP_PROTO(const struct tty *tty, int key, int sig), TP_ARGS(tty, key, sig))
/* tty.pgrp: tty's session or foreground process group changed (TIOCSCTTY, TIOCSPGRP, the leader's exit). */
TRACE_EVENT(tty_pgrp, TP_PROTO(const struct tty *tty), TP_ARGS(tty))
/* proc.pgrp: the current process moved process pid into group pgid of session sid (setpgid, setsid). */
TRACE_EVENT(proc_pgrp, TP_PROTO(int pid, int pgid, int sid), TP_ARGS(pid, pgid, sid))

/* ---- Futexes (kernel/futex.c) ---- */

/* futex.requeue: n sleepers on the word at uaddr moved to the word at uaddr2 (FUTEX_CMP_REQUEUE). The sleeps and
 * wake-ups are futex.wait / futex.wake, from the "futex" wait channel. */
TRACE_EVENT(futex_requeue, TP_PROTO(u64 uaddr, u64 uaddr2, int n), TP_ARGS(uaddr, uaddr2, n))

/* ---- Wait channels (struct wait_chan, kernel/sched.h), with the block and wake events they emit ---- */

extern const struct wait_chan wchan_pipe_read;       /* obj: struct pipe: pipe.block / pipe.wake, op "read" */
extern const struct wait_chan wchan_pipe_write;      /* ... op "write" */
extern const struct wait_chan wchan_fifo_open_read;  /* obj: struct pipe: fifo.block / fifo.wake, mode "r" */
extern const struct wait_chan wchan_fifo_open_write; /* ... mode "w" */
extern const struct wait_chan wchan_semop;           /* obj: struct sem_array: sem.block / sem.wake */
extern const struct wait_chan wchan_msgsnd;          /* obj: struct msg_queue: msg.block / msg.wake, op "send" */
extern const struct wait_chan wchan_msgrcv;          /* ... op "recv" */
extern const struct wait_chan wchan_mq_send;         /* obj: struct mqueue_inode_info: mq.block / mq.wake, op "send" */
extern const struct wait_chan wchan_mq_recv;         /* ... op "recv" */
extern const struct wait_chan wchan_mq_poll;         /* ... where poll waits: no events */
extern const struct wait_chan wchan_unix_recv;       /* obj: struct sock: unix.block / unix.wake, op "recv" or
                                                      * "accept" */
extern const struct wait_chan wchan_unix_send;       /* ... op "send": room in the sender's budget */
extern const struct wait_chan wchan_unix_connect;    /* ... op "connect" (a listener's backlog) or "queue" (a
                                                      * datagram receiver's queue) */
extern const struct wait_chan wchan_netlink_recv;    /* obj: struct sock: a netlink socket's receivers (untraced) */
extern const struct wait_chan wchan_wait4;
extern const struct wait_chan wchan_vfork;           /* a vfork parent waiting for its child's exec or exit */
extern const struct wait_chan wchan_group_exit;      /* execve in a thread waiting for the process's other threads to end */
/* (these have no object and no events of their own: sched.switch names them) */
extern const struct wait_chan wchan_nanosleep;
extern const struct wait_chan wchan_sigsuspend;
extern const struct wait_chan wchan_sigtimedwait;
extern const struct wait_chan wchan_stopped;
extern const struct wait_chan wchan_poll;
extern const struct wait_chan wchan_tty_read;        /* obj: struct tty: "tty 0 read", no events */
extern const struct wait_chan wchan_futex;           /* obj: struct futex_q: futex.wait / futex.wake */
#endif
