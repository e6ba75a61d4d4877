/* tracer/state.h: the whole IPC state of the traced system after one event.
 * Plain C, no SDL. A state is a list of processes and a list of live IPC objects; each object keeps
 * its kind-specific state in one flat blob (no pointers inside), so a snapshot is a plain copy. */
#ifndef IPCTRACE_STATE_H
#define IPCTRACE_STATE_H
#include <stddef.h>
#include <stdint.h>

/* Process states, as the views show them. */
enum proc_state { PS_RUNNING, PS_RUNNABLE, PS_SLEEPING, PS_ZOMBIE };

/* What a sleeping process waits for, in its mechanism's terms: set by the block events of the kinds
 * (pipe.block, fifo.block, sem.block, msg.block), cleared when it wakes or runs. A sleep the trace only
 * names by its wchan text (sched.switch: "wait4", "nanosleep", ...) is WAIT_OTHER. */
enum wait_kind {
	WAIT_NONE,
	WAIT_PIPE_READ,         /* read(2) on an empty pipe, FIFO or socket ring (pipe_readable() false) */
	WAIT_PIPE_WRITE,        /* write(2) on a full one (pipe_writable() false) */
	WAIT_FIFO_OPEN,         /* open(2) of a FIFO until the other end opens; `mode` 'r' or 'w' */
	WAIT_SEM,               /* semop(2): `semnum` cannot take `semop` (< 0: P by -semop; 0: wait for zero) */
	WAIT_MSG_SEND,          /* msgsnd(2) on a full queue; `arg` is the mtype */
	WAIT_MSG_RECV,          /* msgrcv(2) with no matching message; `arg` is msgtyp */
	WAIT_OTHER,             /* known only by its wchan text */
	WAIT_UNIX,              /* a Unix socket (unix.block): `mode` 'r' recv, 'a' accept, 's' send, 'c' connect, 'q' queue */
	WAIT_MQ_SEND,           /* mq_send(3) on a full POSIX queue; `arg` is the message's priority */
	WAIT_MQ_RECV,           /* mq_receive(3) on an empty one */
	WAIT_FUTEX,             /* FUTEX_WAIT on a word (futex.wait); `arg` is the value it saw there */
};
struct proc_wait {
	uint8_t kind;           /* enum wait_kind */
	char mode;              /* WAIT_FIFO_OPEN: 'r' or 'w'; WAIT_UNIX: the operation */
	int16_t semnum;         /* WAIT_SEM: the semaphore it waits on */
	int16_t semop;          /* WAIT_SEM: its sem_op there */
	int16_t nsops;          /* WAIT_SEM: operations in its semop call (all complete together) */
	int32_t obj;            /* catalogue index of the object, -1 if none */
	int64_t id;             /* the object's id (pipe id, semid, msqid) */
	int64_t arg;            /* WAIT_MSG_RECV: msgtyp; WAIT_MSG_SEND: mtype */
};

#define SIG_FRAMES 4            /* nested handler frames kept per process */
#define SIG_RTQ 8               /* queued real-time signal instances kept per process, with their values */

/* One queued instance of a real-time signal (sig.generate's code and value): delivered lowest signal first, in the
 * order they came within one signal (signal(7) "Real-time signals"). */
struct sig_rt {
	int16_t sig;
	int16_t code;           /* its si_code: SI_USER 0, SI_QUEUE -1, SI_TIMER -2, SI_MESGQ -3, SI_TKILL -6, SI_KERNEL
	                           0x80...; SIG_CODE_NONE when the trace did not say */
	uint8_t has_value;      /* the trace gave its si_value */
	uint8_t pad[3];
	uint64_t value;         /* its si_value (the union sigval as an integer) */
};
#define SIG_CODE_NONE 0x7fff
/* The name of si_code code as the trace spells it ("SI_QUEUE"), NULL for SIG_CODE_NONE or another (sig.c). */
const char *sig_code_name(int code);

/* One process. Signal sets are Linux 64-bit sigsets: signal N is bit N-1. */
struct proc {
	int32_t pid, ppid;
	int32_t pgid, sid;      /* process group and session (proc.pgrp; inherited at fork), 0 unknown */
	int32_t tgid;           /* the process a thread belongs to (proc.fork's tgid): pid for a process's main thread */
	char name[16];
	uint8_t state;          /* enum proc_state */
	uint8_t orphan;         /* seen acting without a fork event */
	uint8_t nframes;        /* signal handler frames on its user stack (frames[0] the oldest) */
	uint8_t released;       /* proc.release came from itself: removed at its last sched.switch */
	int16_t frames[SIG_FRAMES];   /* the signal of each handler frame pushed by delivery, popped by sigreturn */
	int16_t last_sig;       /* last signal generated for or delivered to it, 0 if none */
	int16_t cpu;            /* CPU it last ran on, -1 unknown */
	int32_t status;         /* wait status once a zombie */
	struct proc_wait wait;  /* what it sleeps on (kind WAIT_NONE when not sleeping) */
	char wchan[32];         /* the trace's own words for the sleep ("pipe 3 read", "wait4"), "" when awake */
	uint64_t pending, blocked;
	uint64_t caught, ignored;     /* signals seen delivered to a handler / discarded as ignored (the trace has
	                                 no sigaction event: dispositions are learned from what happens) */
	uint8_t rtqueued[33];   /* real-time signals 32..64: instances queued (they do not coalesce) */
	uint8_t nrtq;           /* entries in rtq */
	struct sig_rt rtq[SIG_RTQ]; /* the queued instances the model saw generated, in delivery order (the first
	                           SIG_RTQ of them; rtqueued counts them all) */
	int64_t last_seq;       /* seq of the last event it took part in */
};

/* The signal whose handler runs now (the innermost frame), 0 if none. */
static inline int proc_in_handler(const struct proc *p)
{
	return p->nframes ? p->frames[p->nframes > SIG_FRAMES ? SIG_FRAMES - 1 : p->nframes - 1] : 0;
}

/* One live IPC object. `blob` holds kind-specific state (see obj_*.c), `size` bytes, flat. */
struct obj {
	int32_t cat;            /* index in the trace's object catalogue (stable identity) */
	uint16_t kind;          /* index in obj_kinds[] */
	uint8_t orphan;         /* events arrived for it without a create event */
	uint8_t pad;
	int64_t id;             /* pipe id, semid, msqid or shmid */
	int64_t created_seq, last_seq;
	uint32_t size;
	void *blob;
};

/* The state after some event. Procs and objs are kept in creation order. */
struct state {
	struct proc *procs;
	int nprocs, cap_procs;
	struct obj *objs;
	int nobjs, cap_objs;
	int64_t seq;            /* seq of the last applied event, -1 before any */
	uint64_t ts;            /* its time, ns since boot */
	int32_t running[8];     /* pid running on each CPU (0 = idle) */
	int halted;             /* kernel.halt seen */
	int32_t halt_status;
	void *packed;           /* a snapshot (state_pack): procs, objects and blobs in this one block */
	int packed_ext;         /* that block belongs to someone else (a trace's snapshot arena): not freed here */
};

/* Initialise an empty state (no allocation). */
void state_init(struct state *s);
/* Free everything a state owns; it becomes empty. */
void state_free(struct state *s);
/* Make dst a deep copy of src (dst's old contents are freed). Returns 0, -1 on out of memory. */
int state_copy(struct state *dst, const struct state *src);

/* Make dst a read-only copy of src in one allocation (a snapshot: one malloc instead of one per object).
 * Use it as the source of state_copy; state_free frees it. Returns 0, -1 on out of memory. */
int state_pack(struct state *dst, const struct state *src);
/* Bytes state_pack_into needs for src (a multiple of 16). */
size_t state_pack_size(const struct state *src);
/* state_pack into mem (state_pack_size(src) bytes, 16-byte aligned, owned by the caller: state_free leaves
 * it alone). */
void state_pack_into(struct state *dst, const struct state *src, void *mem);

/* Find a process by pid; NULL if absent. */
struct proc *state_proc(struct state *s, int32_t pid);
/* Find or add a process by pid (added processes are runnable, named "?"). NULL on out of memory. */
struct proc *state_proc_get(struct state *s, int32_t pid, int *added);
/* Remove a process (after it was reaped). */
void state_proc_remove(struct state *s, int32_t pid);

/* Find a live object by kind and id; NULL if absent. */
struct obj *state_obj(struct state *s, int kind, int64_t id);
/* Find a live object by catalogue index; NULL if absent. */
struct obj *state_obj_by_cat(const struct state *s, int32_t cat);
/* Add an object with a zeroed blob of `size` bytes. NULL on out of memory. */
struct obj *state_obj_add(struct state *s, int kind, int64_t id, int32_t cat, uint32_t size);
/* Remove an object (its blob is freed). */
void state_obj_remove(struct state *s, struct obj *o);
/* Grow or shrink an object's blob to `size` bytes (new bytes zeroed). Returns 0, -1 on out of memory. */
int obj_resize(struct obj *o, uint32_t size);

/* Write a canonical text dump of the state into buf (at most len bytes, NUL-terminated).
 * Two states are equal exactly when their dumps are equal. Returns the length it needed. */
size_t state_dump(const struct state *s, char *buf, size_t len);

/* Helpers for pid lists kept inside blobs: add pid if absent / remove it. n is updated; max is the capacity. */
void pidlist_add(int32_t *list, uint8_t *n, int max, int32_t pid);
/* Add each of from[0..count) that is absent, in order, while there is room. */
void pidlist_add_all(int32_t *list, uint8_t *n, int max, const int32_t *from, int count);
void pidlist_remove(int32_t *list, uint8_t *n, int32_t pid);
/* Is pid in list[0..n)? */
int pidlist_has(const int32_t *list, int n, int32_t pid);

#endif
