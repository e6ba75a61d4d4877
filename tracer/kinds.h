/* tracer/kinds.h: the table of event types and of IPC object kinds.
 * Adding a kind of IPC object = one obj_NAME.c defining a `struct obj_kind` + one line in kinds.c
 * (and a view in ui/). Process and signal events are "families" without objects (proc.c, sig.c). */
#ifndef IPCTRACE_KINDS_H
#define IPCTRACE_KINDS_H
#include <stddef.h>
#include "event.h"

/* Result of applying an event to an object. */
enum { APPLY_OK = 0, APPLY_REMOVE = 1 /* the object is gone after this event */ };

/* One event type handled by a kind or family. */
struct ev_type {
	const char *name;       /* "pipe.write" */
	uint8_t creates;        /* 1: this event creates the object; 2: creates it if absent (a FIFO's first open) */
	uint8_t verb;           /* kind-private verb number passed to apply */
};

/* An IPC object kind: how events change one object's blob. */
struct obj_kind {
	const char *name;       /* "pipe", "sem", "msg", "shm" */
	const char *label;      /* human name: "pipe", "semaphore set", ... */
	const char *id_field;   /* field holding the object id: "pipe", "semid", "msqid", "shmid" */
	int64_t id_max;         /* largest valid id (System V ids are ints: INT32_MAX); larger ones are reported */
	uint32_t blob_size;     /* initial blob size in bytes */
	const struct ev_type *types;  /* its event types, ended by {NULL} */
	/* Apply one event (`verb` from its ev_type) to o; returns APPLY_OK or APPLY_REMOVE. */
	int (*apply)(struct apply_ctx *c, struct obj *o, int verb);
	/* Append a canonical one-line text form of o's blob to buf (for dumps and tests). */
	void (*dump)(const struct obj *o, char *buf, size_t len);
	/* Optional: drop pid from o's wait lists (its sleep was interrupted by a signal, or it exited). */
	void (*forget)(struct obj *o, int32_t pid);
	/* Optional: may this event bring an absent object into existence without a create event (a socket's
	 * ring on its first event)? Returns 1 if so. */
	int (*implicit)(struct apply_ctx *c);
	/* Optional: o is about to be removed (its apply returned APPLY_REMOVE); may remove other objects
	 * (a socketpair goes with its last ring). */
	void (*gone)(struct apply_ctx *c, const struct obj *o);
	/* Optional: find the live object an event without the id field acts on (fifo.wake names the FIFO by
	 * its path). NULL if none. */
	struct obj *(*find)(struct apply_ctx *c);
	/* Optional: the id of the object an event acts on, for a kind named by more than one integer field (a futex:
	 * its process and address); replaces id_field. May add or remove objects of its own kind (none of them is
	 * held by the caller yet). Returns 1 with *id set, 0 when the event acts on no object (it says why in c->fx,
	 * or reported it). */
	int (*key)(struct apply_ctx *c, int64_t *id);
	/* Optional: is o gone by event seq, with no event of its own saying so (a futex word nobody sleeps on any more,
	 * after the event that emptied it has been drawn)? Returns 1 if so: it is removed before that event applies. */
	int (*stale)(const struct obj *o, int64_t seq);
	/* Optional: the processes o's state names (waiters, attached, holders, ends' users), into out[0..max);
	 * returns the count. The views show them with o in focus mode. */
	int (*pids)(const struct obj *o, int32_t *out, int max);
	/* Optional: the processes whose next operation on o (in state s) could end wait w (a sleeper on o): the holders of
	 * the semaphore it waits for, the processes that wrote a pipe its reader waits on, ...; into out[0..max),
	 * returns the count (0: not known). The wait-for graph (waitgraph.c) is built from them. */
	int (*releasers)(const struct state *s, const struct obj *o, const struct proc_wait *w, int32_t *out, int max);
};

/* A family of events that act on processes, not objects. */
struct ev_family {
	const char *name;
	const struct ev_type *types;
	/* Apply one event; verb from its ev_type. */
	void (*apply)(struct apply_ctx *c, int verb);
};

extern const struct obj_kind *const obj_kinds[];   /* NULL-terminated */
extern const int n_obj_kinds;
extern const struct ev_family *const ev_families[]; /* NULL-terminated */

/* Helpers for kinds (proc.c): pid goes to sleep on what w says (the object o, w->obj and w->id filled from it),
 * with the trace's wchan text; the event is a block of pid on o (c->fx). */
void proc_block(struct apply_ctx *c, int32_t pid, struct proc_wait w, const struct obj *o, const char *wchan);
/* pid is runnable again (woken by this event's actor: added to c->fx's pids). */
void proc_wake(struct apply_ctx *c, int32_t pid);
/* The pids of the event's `woken` field (required) wake up from a sleep on something the model has no object for,
 * named by text (a futex word they slept on since before the trace); the event is their waker's FX_WAKE. */
void proc_wake_named(struct apply_ctx *c, const char *text);
/* pid no longer waits on anything: wake it and drop it from every object's wait lists. */
void proc_forget_waits(struct apply_ctx *c, int32_t pid);
/* obj_tty.c: the terminal whose signal key sent this event's signal sig to process target (a sig.generate or
 * sig.ignore from pid 0 that follows a tty.signal to target's group), counted off as one of the key's signals;
 * NULL when the kernel sent it for another reason. */
struct obj *tty_key_source(struct apply_ctx *c, int32_t target, int sig);
/* obj_msg.c: the `msgs` field of a message queue event ([[type or priority, size, "preview"], ...], in queue
 * order) into out[0..max); *n gets the count. Returns 1 if the field was there (reported if required). */
struct msg_one;
int msgs_parse(struct apply_ctx *c, struct msg_one *out, uint8_t *n, int max, int required);
/* The catalogue entry for an object this event brings into existence (proc.c): a new one while building, the one
 * the event's record names while replaying; -1 when out of memory (reported). */
int32_t obj_new_cat(struct apply_ctx *c, int kind, int64_t id);
/* Apply one record's parsed line to c->s (common fields, then its kind or family). Used by trace.c. */
void apply_event(struct apply_ctx *c);

/* The type table: every known type has an index; unknown type names are interned after them. */
enum { TYPE_NONE = 0, TYPE_HEADER = 1, TYPE_UNRESOLVED = 0xffff /* type_find_known: not a known type */ };

/* Entry of the type table. kind >= 0: an object kind; family >= 0: a process family; both -1: unknown. */
struct type_info {
	const char *name;
	int16_t kind, family;
	uint8_t creates, verb;
};

/* Build the table of known types (idempotent; call once before anything else). */
void types_init(void);
/* Index of a type name of length len, interning unknown names. Returns TYPE_NONE for an empty name. */
uint16_t type_lookup(const char *name, size_t len);
/* type_lookup for the known types only, safe on any thread while another interns names (the loading threads
 * resolve the names of their lines with it): the index, TYPE_NONE for an empty name, TYPE_UNRESOLVED for a
 * name type_lookup has to intern (or before types_init). */
uint16_t type_find_known(const char *name, size_t len);
/* The entry for an index (never NULL; unknown indices give an "?" entry). */
const struct type_info *type_get(uint16_t type);
/* Number of entries in the table. */
int types_count(void);

#endif
