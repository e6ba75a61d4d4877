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

/* ---- Processes and scheduling ---- */

/* proc.fork: parent forked child (child, name, ppid, tgid: the child's process, its own id unless it is a thread). */
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
};
TRACE_EVENT(kernel_halt, TP_PROTO(const struct halt_report *r), TP_ARGS(r))

/* ---- Pipes, FIFOs and socketpairs: every event carries the pipe's state after it ---- */

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
/* sock.create: socketpair made pair `sock` of type ("stream"/"dgram") at fds, over pipes[0] (end 0 reads) and
 * pipes[1]. */
TRACE_EVENT(sock_create, TP_PROTO(int sock, const char *type, const int fds[2], const int pipes[2]),
	    TP_ARGS(sock, type, fds, pipes))
/* sock.shutdown: shutdown(how: "rd", "wr", "rdwr") of end `side` of pair `sock`. */
TRACE_EVENT(sock_shutdown, TP_PROTO(int sock, int side, const char *how), TP_ARGS(sock, side, how))

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

/* ---- Signals: events carry the process's pending and blocked sets after them ---- */

/* sig.generate / sig.ignore: the current process (sender pid; 0: the kernel) sent sig to p; dropped: it was
 * discarded at once (ignored and not blocked: sig.ignore). */
TRACE_EVENT(sig_generate, TP_PROTO(const struct proc *p, int sig, int sender, bool dropped), TP_ARGS(p, sig, sender, dropped))
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
