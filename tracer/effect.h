/* tracer/effect.h: what one event did, in typed form: the "what just happened" record that the views draw
 * arrows, chips and captions from, and that the export reads, so that no view parses an event's JSON and
 * the event schema is read in one place (the kinds and families, kinds.h). The apply of the event's kind or
 * family fills it while it changes the state (the model of htop's meters: updateValues fills typed values,
 * the display only formats them). Plain C, no SDL. */
#ifndef IPCTRACE_EFFECT_H
#define IPCTRACE_EFFECT_H
#include <stdint.h>

/* The verb of an event, as a picture would show it. */
enum fx_verb {
	FX_NONE,          /* nothing beyond the log row: bookkeeping, a bad line, an unknown type */
	FX_CREATE,        /* pid created obj (pipe2, socketpair, semget, msgget, shmget; a FIFO's first open) */
	FX_PUT,           /* pid moved n bytes / a message of n bytes (mtype) into obj: write(2), msgsnd(2) */
	FX_TAKE,          /* pid took n bytes / a message out of obj: read(2), msgrcv(2); FXF_EOF: end of file */
	FX_SEMOP,         /* pid's semop(2) completed: sops[] */
	FX_BLOCK,         /* pid went to sleep on obj, part `sub` (its proc_wait says on what, in the mechanism's terms) */
	FX_WAKE,          /* pid woke pids[] sleeping on obj (err set: they were woken to fail) */
	FX_FAIL,          /* pid's operation on obj failed with err */
	FX_OPEN,          /* pid opened FIFO obj for text ("r", "w", "rw") */
	FX_CLOSE,         /* pid closed end `sub` of obj (0 read, 1 write) */
	FX_SHUTDOWN,      /* pid shut down side `sub` of socketpair obj (text: "rd", "wr", "rdwr") */
	FX_REMOVE,        /* obj is gone: IPC_RMID, the last close, shm destroyed */
	FX_ATTACH,        /* pid attached shm obj at addr */
	FX_DETACH,        /* pid detached shm obj from addr */
	FX_CTL,           /* a changing *ctl on obj (text: the command) */
	FX_FORK,          /* pid forked pids[0] */
	FX_EXEC,          /* pid now runs the program named text */
	FX_EXIT,          /* pid exited; n is its wait status */
	FX_REAP,          /* pid collected zombie pids[0] (n: its wait status) */
	FX_SWITCH,        /* the CPU switched from pid to pids[0] (none: idle) */
	FX_SIG_GENERATE,  /* pid (0: the kernel) sent sig to pids[0]; FXF_COALESCED, FXF_QUEUED, FXF_BLOCKED */
	FX_SIG_DELIVER,   /* sig taken by pid: FXF_HANDLER (a frame pushed on its user stack) or text = the action */
	FX_SIG_RETURN,    /* pid's handler for sig returned through rt_sigreturn (its frame popped) */
	FX_SIG_IGNORE,    /* sig for pids[0] discarded: its disposition is SIG_IGN (or default ignore) */
	FX_SIG_MASK,      /* pid's blocked set changed */
	FX_SIG_INTERRUPT, /* a signal interrupted pid's blocking call text (err "EINTR", or "restart") */
	FX_MARK,          /* the program's own trace.mark: text */
	FX_ENOSYS,        /* pid called an unimplemented system call (text: its name) */
	FX_HALT,          /* the kernel powers off; n is the exit status */
	FX_OVERFLOW,      /* the kernel could not write an event (text: its type) */
	FX_TTY_SIGNAL,    /* key text typed on terminal obj sent sig to its foreground group (n: the pgrp; pids: its
	                     processes); their FX_SIG_GENERATE events follow, with FXF_TTY */
	FX_TTY_PGRP,      /* terminal obj's foreground group is now n (pids: its processes); text "session" when its
	                     session changed too (the terminal's state says which: 0, none any more) */
	FX_REQUEUE,       /* pid moved pids[] (n of them) from the futex word at addr to obj's word without waking them */
	FX_TOUCH,         /* pid touched page n of shared memory or file obj, mapped at addr, for the first time (text
	                     "store" or "load"); FXF_ALLOC: the first process ever to use the page */
};

enum {
	FXF_EOF = 1,        /* FX_TAKE of 0 bytes from a pipe: end of file */
	FXF_COALESCED = 2,  /* FX_SIG_GENERATE of a standard signal already pending: merged, not counted twice */
	FXF_QUEUED = 4,     /* FX_SIG_GENERATE of a real-time signal: one more instance queued */
	FXF_BLOCKED = 8,    /* FX_SIG_GENERATE: the target blocks it, it stays pending */
	FXF_HANDLER = 16,   /* FX_SIG_DELIVER: to a handler */
	FXF_MORE_DATA = 32, /* the payload is longer than data[] */
	FXF_TTY = 64,       /* FX_SIG_GENERATE / FX_SIG_IGNORE sent by a key typed on terminal obj (text: the key) */
	FXF_VALUE = 128,    /* FX_SIG_GENERATE, FX_SIG_DELIVER: the signal carries a value (sigqueue...), in mtype;
	                       FX_SIG_GENERATE's text: its si_code */
	FXF_ALLOC = 256,    /* FX_TOUCH: the touch allocated the page */
};

#define FX_PIDS 16      /* pids listed (npids_total counts them all) */
#define FX_SOPS 8       /* semaphore operations listed */
#define FX_DATA 32      /* payload bytes kept */

/* One semaphore operation of a semop call (struct sembuf without sem_flg's other bits). */
struct fx_sop {
	int16_t num, op;    /* sem_num, sem_op */
	uint8_t undo;       /* SEM_UNDO was set */
};

/* What one event did. */
struct ev_effect {
	uint8_t verb;             /* enum fx_verb */
	uint16_t flags;           /* FXF_* */
	uint8_t npids;            /* entries in pids[] */
	uint8_t nsops;            /* entries in sops[] */
	uint8_t ndata;            /* bytes in data[] */
	int16_t sig;              /* signal number, 0 if none */
	int16_t sub;              /* part of obj: semaphore number, pipe end (0 read, 1 write), socket side; -1 none */
	int32_t pid;              /* who acted (0: the kernel) */
	int32_t obj;              /* catalogue index of the object, -1 if none */
	int32_t npids_total;      /* processes involved (pids[] lists the first FX_PIDS) */
	int64_t n;                /* bytes moved, message size, wait status */
	int64_t mtype;            /* message type (FX_PUT/FX_TAKE on a queue), msgtyp (a receiver's FX_BLOCK) */
	uint64_t addr;            /* shm attach address, shared mapping's address (FX_ATTACH, FX_DETACH, FX_TOUCH) */
	int32_t pids[FX_PIDS];    /* woken / forked / reaped / signalled / switched to */
	struct fx_sop sops[FX_SOPS];
	char err[16];             /* errno name when the operation failed, "" otherwise */
	char text[72];            /* mark text, program name, command, action, call, open mode (as the verb says) */
	uint8_t data[FX_DATA];    /* the first bytes of the payload, as they were (not escaped) */
};

/* Reset e to "nothing happened" for the event of pid. */
void fx_reset(struct ev_effect *e, int32_t pid);
/* Add pid to e's pids (counted when the list is full). */
void fx_add_pid(struct ev_effect *e, int32_t pid);

#endif
