/* tracer/objs.h: the per-kind object state (the flat blob of struct obj) that the model keeps and the
 * views draw. One struct per kind; each is changed only by its obj_NAME.c. */
#ifndef IPCTRACE_OBJS_H
#define IPCTRACE_OBJS_H
#include <stdint.h>

enum { OBJ_PIPE, OBJ_SEM, OBJ_MSG, OBJ_SHM, OBJ_SOCK, OBJ_TTY, OBJ_UNIX, OBJ_MQ, OBJ_FUTEX, OBJ_MMAP };   /* indices in obj_kinds[] */

#define WAITMAX 8           /* pids kept per wait list (more are counted, not listed) */

/* Add pid to a list of the last `max` users (the most recent last, each once). */
void seen_add(int32_t *list, uint8_t *n, int max, int32_t pid);

/* Pipe or FIFO (obj_pipe.c). Byte counters are free-running, as in the trace. */
#define PIPE_SHADOW 256     /* last bytes written that are remembered for display */
#define SEENMAX 4           /* processes remembered as users of an object */
struct pipe_blob {
	uint64_t head, tail, cap;     /* bytes ever written / read; capacity */
	int32_t readers, writers;     /* open descriptions of each end */
	int32_t fds[2];               /* [read fd, write fd] at creation */
	char fifo[48];                /* FIFO path, "" for an anonymous pipe */
	int32_t rwait[WAITMAX], wwait[WAITMAX]; /* pids sleeping in read(2) (empty) / write(2) (full) */
	int32_t owait[WAITMAX];       /* pids sleeping in open(2) of the FIFO until the other end opens */
	char omode[WAITMAX];          /* 'r' or 'w': the end each of owait opens */
	uint8_t nrwait, nwwait, nowait;
	uint8_t nwseen, nrseen;       /* entries in wseen / rseen */
	int32_t wseen[SEENMAX], rseen[SEENMAX]; /* the last processes seen writing / reading it */
	uint64_t written_to;          /* head after the last pipe.write: a later write's bytes start at or after it */
	uint8_t ring[PIPE_SHADOW];    /* byte at absolute position P is ring[P % PIPE_SHADOW] when known */
	uint8_t known[PIPE_SHADOW / 8];
	int64_t sock;                 /* one direction of socketpair `sock`: its id + 1; 0 for a pipe or FIFO */
};
/* Is the byte at absolute position pos known (written within the last PIPE_SHADOW bytes, in `data`)? */
static inline int pipe_known(const struct pipe_blob *b, uint64_t pos)
{
	return pos < b->head && pos + PIPE_SHADOW >= b->head &&
	       (b->known[(pos % PIPE_SHADOW) / 8] >> (pos % 8)) & 1;
}

/* One semaphore of a set. */
struct sem_one {
	int32_t semval, sempid;
	uint8_t nncnt, nzcnt;         /* listed waiters (at most WAITMAX) */
	uint16_t ncnt_total, zcnt_total;
	int32_t ncnt[WAITMAX], zcnt[WAITMAX]; /* pids waiting for increase / for zero */
};
/* One SEM_UNDO adjustment a process holds. */
struct sem_undo {
	int32_t pid;
	uint16_t semnum;
	int16_t semadj;
};
/* A process's use of one semaphore, from its completed semops: the units it took with P (sem_op < 0) and has
 * not given back with its own V (with a semaphore used as a lock: it holds the lock), and whether it was seen
 * giving units with V (a producer). Either can end the wait of a P on that semaphore. */
struct sem_user {
	int32_t pid;
	uint16_t semnum;
	int16_t held;                 /* units taken and not given back (>= 0) */
	uint8_t posted;               /* seen doing a V on it */
	uint8_t pad[3];
};
#define SEM_UNDOMAX 16
#define SEM_USERMAX 32
/* Semaphore set (obj_sem.c); variable size: `nsems` entries follow in sems[]. */
struct sem_blob {
	int64_t key;
	int32_t mode, nsems;
	uint8_t nundo, nuser;
	uint16_t pad;
	struct sem_undo undo[SEM_UNDOMAX];
	struct sem_user user[SEM_USERMAX];
	struct sem_one sems[];
};

/* One message in a queue. */
struct msg_one {
	int64_t mtype;
	uint32_t size;
	char preview[20];
};
#define MSG_LISTMAX 32

/* The processes around a message queue, System V (obj_msg.c) or POSIX (obj_mqueue.c): the senders asleep on a full
 * queue, the receivers asleep on an empty one (or one without a message they take), and the last processes seen
 * sending and receiving, who could end those sleeps (the wait-for graph's releasers). queue_parties.c. */
struct queue_parties {
	uint8_t nsend, nrecv;          /* entries in send_wait / recv_wait */
	uint8_t nsseen, nrseen;        /* entries in sseen / rseen */
	int32_t send_wait[WAITMAX], recv_wait[WAITMAX];   /* asleep in msgsnd/mq_send, msgrcv/mq_receive */
	int32_t sseen[SEENMAX], rseen[SEENMAX];           /* the last processes seen sending / receiving */
};
/* pid sent (send 1) or received a message: it becomes the most recent sender or receiver seen. */
void parties_seen(struct queue_parties *q, int send, int32_t pid);
/* pid sleeps sending (send 1) or receiving: returns its index in send_wait or recv_wait, -1 when it is listed
 * already or the list is full (WAITMAX). */
int parties_block(struct queue_parties *q, int send, int32_t pid);
/* pid sleeps on the queue no more: returns its index in recv_wait before it left, -1 if it was no receiver. */
int parties_unwait(struct queue_parties *q, int32_t pid);
/* Every process listed (sleepers, then those seen), each once, into out[0..max): a kind's `pids`. Returns the
 * count. */
int parties_pids(const struct queue_parties *q, int32_t *out, int max);
/* Who could end a wait: the senders seen for a receiver (recv 1), the receivers seen for a sender: a kind's
 * `releasers`. Returns the count stored in out[0..max). */
int parties_releasers(const struct queue_parties *q, int recv, int32_t *out, int max);

/* Message queue (obj_msg.c). */
struct msg_blob {
	int64_t key;
	int32_t mode;
	uint32_t qnum, cbytes, qbytes; /* messages, bytes in queue, byte limit (msg_qbytes) */
	uint32_t more;                 /* messages beyond the listed ones */
	uint8_t nmsgs;
	struct queue_parties q;
	int64_t recv_type[WAITMAX];    /* msgtyp each receiver (q.recv_wait[i]) waits for */
	struct msg_one msgs[MSG_LISTMAX];
};

/* One attachment of a segment. */
struct shm_att {
	int32_t pid;
	uint64_t addr;
};
#define SHM_ATTMAX 16
/* Shared memory segment (obj_shm.c). */
struct shm_blob {
	int64_t key;
	int32_t mode;
	uint64_t size;
	int32_t nattch;
	uint8_t dest, natt;            /* dest: marked for removal (IPC_RMID) */
	uint16_t pad;
	struct shm_att att[SHM_ATTMAX];
};

/* Socketpair (obj_sock.c): two rings, each a pipe object (events with `sock` set) drawn inside its card. */
struct sock_blob {
	uint8_t dgram;                /* SOCK_DGRAM (else SOCK_STREAM) */
	uint8_t shut[2];              /* per end: 1 = SHUT_RD, 2 = SHUT_WR, 3 = both */
	uint8_t pad;
	int32_t fds[2];               /* fds of end 0 and end 1 at creation */
	int64_t pipes[2];             /* pipe ids: the ring end 0 reads, the ring end 1 reads */
};

/* A terminal (obj_tty.c): the session it is the controlling terminal of and its foreground process group
 * (tty.pgrp), and the signal key typed last (tty.signal), whose sig.generate events follow from pid 0: `left`
 * counts those still to come (the group's live processes when the key was typed: kill_pgrp skips zombies). The
 * processes themselves carry their group and session (struct proc: pgid, sid). */
struct tty_blob {
	int32_t session;              /* session id (its leader's pid), 0: nobody's controlling terminal */
	int32_t pgrp;                 /* foreground process group, 0: none */
	int32_t key_pgrp;             /* the group the last key signalled */
	int16_t key_sig;              /* the signal the last key sent, 0 if none yet */
	uint16_t key_left;            /* its sig.generate events still expected */
	int64_t key_seq;              /* seq of the last tty.signal */
	uint32_t nkeys;               /* signal keys typed so far */
	char key[8];                  /* the last key as the trace names it: "^C", "^\\", "^Z" */
};

/* One sk_buff of a Unix socket's receive queue (the trace's `queue` entries). */
struct unix_skb {
	uint32_t bytes;               /* unread bytes */
	uint16_t files;               /* files it carries (SCM_RIGHTS) */
	uint16_t pad;
	int64_t from;                 /* the sending socket's id, -1 unknown */
	char preview[20];             /* its first bytes, each unprintable one as '.' */
};
/* A connection waiting in a listener's backlog: the server's end (accept's new socket) and the client's socket. */
struct unix_conn {
	int64_t server, client;
};
enum unix_type { UNIX_STREAM, UNIX_DGRAM, UNIX_SEQPACKET };
enum unix_state { UNIX_UNCONNECTED, UNIX_LISTENING, UNIX_CONNECTED };
#define UNIX_QMAX 16        /* queue entries and pending connections the trace lists */
#define UNIX_FILEMAX 4      /* files in flight remembered by what they are */
/* A Unix domain socket (obj_unix.c, unix(7); Linux's names): the state each unix.* event carries after it, plus
 * who holds it (the process that created or accepted it, and its descriptor there), who sleeps on it and for
 * what, and what the files travelling in its queue are (the sender's `fds` names, until a receive takes them). */
struct unix_blob {
	uint8_t type;                 /* enum unix_type */
	uint8_t state;                /* enum unix_state */
	uint8_t shut;                 /* 1 SHUT_RD, 2 SHUT_WR, 3 both */
	uint8_t nq, npending, nwait, nfiles, nsseen;
	char addr[48];                /* its name as ss(8) shows it, "" unnamed */
	int64_t peer;                 /* connected to (a datagram socket: its default destination), -1 none */
	int64_t listener;             /* not yet accepted: the listener whose backlog holds it, -1 none */
	uint32_t wmem, sndbuf;        /* send budget used (SIOCOUTQ) and its size (SO_SNDBUF), bytes */
	uint32_t qlen, qbytes;        /* receive queue: sk_buffs and unread bytes */
	uint32_t backlog;             /* listening: listen(2)'s backlog */
	int32_t inflight;             /* times its file is inside SCM_RIGHTS messages in flight */
	int32_t owner, fd;            /* the process that opened it (created, accepted or received it) and its fd there */
	uint8_t nusers;
	uint8_t dropped;              /* left its listener's backlog unaccepted (the listener shut down or closed): released */
	uint8_t pad[2];
	int32_t users[SEENMAX];       /* the last processes seen using it (any operation) */
	int32_t wait[WAITMAX];        /* pids asleep on it ... */
	char wait_op[WAITMAX];        /* ... each for 'r' recv, 'a' accept, 's' send, 'c' connect, 'q' queue */
	int32_t sseen[SEENMAX];       /* the last processes seen sending to it */
	struct unix_skb q[UNIX_QMAX]; /* the oldest sk_buffs of its queue (not listening) */
	struct unix_conn pending[UNIX_QMAX]; /* listening: connections waiting for accept, oldest first */
	char files[UNIX_FILEMAX][24]; /* what the files in its queue are ("pipe 3 r", "unix 5"), oldest first */
};

/* A POSIX message queue (obj_mqueue.c, mq_overview(7)): its attributes and messages as the mq.* events carry
 * them (msgs[] in receive order: highest priority first, FIFO within one; msg_one's mtype is the priority),
 * its name, the notification registered, and who sleeps in mq_send (full) or mq_receive (empty). */
struct mq_blob {
	char name[48];                /* as mq_open spells it ("/q"), "" unknown */
	int32_t mode;
	uint32_t curmsgs, maxmsg, msgsize, qsize; /* messages, mq_maxmsg, mq_msgsize (bytes), bytes of text queued */
	uint32_t more;                /* messages beyond the listed ones */
	int32_t notify_pid;           /* registered for notification (mq_notify), 0 none */
	char notify[8];               /* how: "signal", "none", "thread" ("" none registered) */
	int16_t notify_sig;           /* the signal of a "signal" registration */
	uint8_t unlinked;             /* mq_unlink took its name: it lives while a descriptor is open */
	uint8_t nmsgs;
	struct queue_parties q;
	struct msg_one msgs[MSG_LISTMAX];
};

#define FUTEX_WAITMAX 16
/* A futex word (obj_futex.c, futex(2)): the threads asleep on it in wake order, who woke it last and whom, and
 * where its last requeue moved sleepers. A private futex is one process's (keyed by its tgid and the address, as
 * Linux keys it by mm and address), a shared one is keyed by the address alone (the trace gives no page: the
 * processes that share it are taken to map it at one address, as after fork). It lives while threads sleep on
 * it, and until the next futex event after its last sleeper left (so the wake that emptied it is drawn). */
struct futex_blob {
	uint64_t uaddr;               /* the word's address in its process */
	int32_t tgid;                 /* its process (private), 0 shared */
	uint8_t shared, nwait, nwoken, nwseen;
	int32_t wait[FUTEX_WAITMAX];  /* sleepers, first to be woken first */
	uint16_t nwait_total;         /* sleepers, listed or not */
	int16_t pad;
	int32_t val;                  /* the value the last sleeper saw in the word */
	int32_t pi_owner;             /* a priority-inheritance lock's owner (futex.wait's owner; then whom its unlock
	                               * handed it to), 0 for any other word */
	int32_t waker;                /* who woke it last, 0 none */
	int32_t woken[4];             /* whom */
	int32_t wseen[SEENMAX];       /* the last threads seen waking it (the wait-for graph's releasers) */
	uint64_t moved_to;            /* the word its last requeue moved sleepers to, 0 none */
	uint64_t moved_from;          /* the word sleepers were last requeued from, 0 none */
	uint16_t nmoved;              /* how many moved there */
};

#define MMAP_MAPMAX 16      /* mappings of one object listed */
#define MMAP_PAGEMAX 64     /* pages of one object whose touches are kept (the first 64) */
/* One process's mapping of a shared object (map.create): npages pages of it from page pgoff, at addr. touched: bit
 * p set once the process touched page p of the object through this mapping (map.touch; p < MMAP_PAGEMAX). */
struct mmap_map {
	int32_t pid;
	uint32_t npages;
	uint64_t addr, pgoff;
	uint64_t touched;
};
/* Memory mapped shared (obj_mmap.c, traces/FORMAT.md "Shared mappings"): shared anonymous memory (shmem.create,
 * id: its shmem number) or a file mapped MAP_SHARED (id: MMAP_FILE_ID | its inode number; it lives while mapped).
 * Who maps which of its pages where, and per page who touched it first and who has it mapped in now: a store by
 * one of them is seen by all of those (and by any that touch it later). */
#define MMAP_FILE_ID (1ll << 40)
struct mmap_blob {
	uint8_t file;                 /* 1: a file (ino), 0: shared memory (shmem) */
	uint8_t nmap;                 /* entries in maps */
	uint16_t more;                /* mappings beyond the listed ones */
	uint32_t npages;              /* shared memory: its size; a file: the pages mapped so far (highest end) */
	uint64_t ino;                 /* a file's inode number; shared memory's shmem number */
	int32_t creator;              /* who made it (shmem.create) or first mapped it (a file) */
	uint32_t ntouch;              /* first touches seen */
	uint64_t made;                /* bit p: page p exists (allocated by a touch: map.touch's alloc; a file: touched) */
	int32_t first[MMAP_PAGEMAX];  /* the first process seen touching page p, 0 none */
	struct mmap_map maps[MMAP_MAPMAX];
};
/* Bit mask of the object pages [pgoff, pgoff + n) that a 64-bit page set holds. */
static inline uint64_t mmap_page_mask(uint64_t pgoff, uint64_t n)
{
	if (pgoff >= MMAP_PAGEMAX || !n)
		return 0;
	uint64_t end = pgoff + n > MMAP_PAGEMAX ? MMAP_PAGEMAX : pgoff + n;
	uint64_t hi = end == 64 ? ~0ull : (1ull << end) - 1;
	return hi & ~((1ull << pgoff) - 1);
}

#endif
