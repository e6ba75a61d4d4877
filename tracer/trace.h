/* tracer/trace.h: a loaded (or growing) trace: the backing bytes, one compact record per line, the header,
 * the object catalogue, diagnostics, and snapshots of the state every K events so a seek is a restore plus
 * at most K applies. Plain C, no SDL.
 *
 * Loading is two passes that can both run incrementally (live mode feeds bytes as they arrive):
 *   trace_scan()  splits complete lines and indexes seq/ts/pid/type quickly (no full parse);
 *   trace_build() parses each indexed line (fjson), applies it to the head state and takes snapshots. */
#ifndef IPCTRACE_TRACE_H
#define IPCTRACE_TRACE_H
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include "event.h"
#include "state.h"
#include "fjson.h"

/* One reported problem in the trace. */
struct diag {
	uint32_t line;          /* 1-based line number, 0 for the whole trace */
	int64_t seq;            /* seq of the event, -1 if unknown */
	uint32_t order;         /* order found in (keeps sorting by line stable) */
	char msg[120];
};

/* One write into a pipe whose first bytes the trace carried (its `data`), for showing bytes written long
 * before the ones the state's shadow ring keeps. */
struct pipe_write {
	uint64_t end;           /* head after the write: its bytes are [end - n, end) */
	uint32_t rec;           /* its record (the data is read back from the line) */
	uint32_t n;             /* bytes written (capped at UINT32_MAX) */
};

/* Identity of an object over the trace's whole life (a re-created id is a new entry). */
struct cat_entry {
	int16_t kind;           /* index in obj_kinds[] */
	int64_t id;
	int64_t created_seq;
	uint32_t first_rec;     /* first record that touched it */
	uint32_t nwrites, cap_writes;
	struct pipe_write *writes;   /* pipes: the writes with data, in order (end increasing) */
};

/* A block of memory snapshots are packed into, one after the other (its own mapping, huge pages advised). */
struct snap_block {
	char *mem;
	size_t size, used;      /* bytes mapped, bytes given out */
};

/* Where the bytes of the trace live: a file descriptor (read with pread) or memory. */
struct backing {
	int fd;                 /* -1 for memory */
	const char *mem;
	uint64_t size;          /* bytes available so far */
	int owns_fd;
};

/* Header fields (trace.header). */
struct trace_header {
	int present;
	int64_t version;
	char kernel[80];
	char bootargs[160];
	int64_t timer_hz;
	int64_t data_max;
};

/* The name a process took at a record (fork, exec, first seen): the trace's name history, so the log can
 * show each process's name as it was then. Entries of one pid are chained through `prev`. */
struct name_change {
	int32_t pid;
	uint32_t rec;           /* record index of the event that named it */
	int32_t prev;           /* the pid's previous change, -1 if none */
	char name[16];
};

/* The format versions this tracer reads (traces/FORMAT.md). */
#define TRACE_VERSION_MIN 1
#define TRACE_VERSION_MAX 2

/* A trace. All fields are read-only for users; use the functions below. */
struct trace {
	struct backing bk;
	char name[128];         /* file name shown in the UI */
	struct trace_header hdr;
	char fatal[160];        /* non-empty: the trace cannot be read at all (e.g. newer major version) */

	struct ev_rec *recs;    /* records, in line order */
	size_t n, cap;

	/* scan pass */
	uint64_t scan_off;      /* first byte not yet split into lines */
	uint32_t line_no;       /* lines seen so far */
	int64_t next_seq;       /* expected next seq (-1 before the first event) */
	int eof;                /* no more bytes will come: a partial last line is truncated */
	uint64_t gaps, lost;    /* number of seq gaps and events lost in them */

	/* build pass */
	size_t built;           /* records applied to `head` */
	struct state head;      /* state after recs[built-1] */
	struct state *snaps;    /* snaps[i] = state after i*K records */
	size_t nsnaps, cap_snaps;
	size_t K;
	struct snap_block *sblocks;   /* the memory the snapshots are packed into (see push_snapshot) */
	size_t nsblocks, cap_sblocks;

	struct cat_entry *cat;  /* object catalogue */
	size_t ncat, cap_cat;

	struct diag *diags;
	size_t ndiags, cap_diags;
	FILE *diag_out;         /* diagnostics are also printed here as they are found (NULL: not printed) */

	struct name_change *names;   /* name history, in record order */
	size_t nnames, cap_names;
	int32_t *name_last;     /* open-addressing table: pid -> its last change + 1 (0 empty); NAME_SLOTS(cap) */
	size_t name_slots;

	struct ev_effect fx;    /* scratch effect of the event being built (not kept) */
	struct fjson fj;        /* arena of the event being applied */
	cJSON ev_nodes[EV_IX_MAX + 1];   /* nodes of the event being applied when it was read flat (apply_ctx) */
	_Atomic uint64_t loaded_bytes;  /* bytes of the backing applied so far (another thread may read it) */
	struct fjson fj_view;   /* arena for trace_summary and trace_pipe_byte (the views' reads) */
	uint32_t bytes_rec;     /* the record whose data bytes_of holds (UINT32_MAX: none) */
	int bytes_len;
	uint8_t bytes_of[64 + 8];
	uint64_t par_min;       /* trace_load_all uses two threads from this many bytes (SIZE_MAX: never) */
	double par_cpu[3];      /* the last two-thread load: CPU time of the applying thread, the loader and the
	                         * populator (s; 0 when it did not run), for make bench-tracer */
	int flat_max;           /* lines that are objects of up to this many members are read flat (fjson_object_more,
	                         * EV_IX_MAX); 0: every line is parsed as a tree (the tests compare the two) */

	/* line cache for pread backing */
	char *win;
	uint64_t win_off;
	size_t win_len, win_cap;
};

/* Default events between snapshots: a seek re-applies at most TRACE_K - 1 events (0.4 us each in the bench
 * trace: under 1 ms), and the snapshots of a state of 17 processes and 17 objects take 8 bytes per event (at
 * 512 they took 33, more than the records). */
#define TRACE_K 2048

/* Start an empty trace reading from fd (not owned) or from mem/len (mem kept, not copied).
 * name is for messages. Returns 0, -1 on out of memory. */
int trace_open_fd(struct trace *t, int fd, const char *name);
int trace_open_mem(struct trace *t, const char *mem, size_t len, const char *name);
/* Open a file by path (owned fd). Returns 0, -1 with errno set. */
int trace_open_file(struct trace *t, const char *path);
/* Free everything. */
void trace_close(struct trace *t);

/* Tell the trace that the backing now holds `size` bytes (fd backings that grow: live spool, --follow). */
void trace_grow(struct trace *t, uint64_t size);
/* Mark that no more bytes will come (a partial last line is then reported as truncated and indexed). */
void trace_set_eof(struct trace *t);
/* Split and index complete lines; returns the number of records added. */
size_t trace_scan(struct trace *t);
/* Apply up to max_events indexed records, taking snapshots; returns how many were applied. */
size_t trace_build(struct trace *t, size_t max_events);
/* Scan and build everything available now. Returns the number of records. */
size_t trace_load_all(struct trace *t);

/* How much of the backing has been loaded (0..1): safe to call from another thread while one loads. */
double trace_progress(const struct trace *t);

/* Make *out the state after record i (i < built), i = -1 for the empty state. Returns 0, -1 on error. */
int trace_seek(struct trace *t, long i, struct state *out);
/* Apply record i to s quietly (s must be the state after record i-1). */
void trace_apply_rec(struct trace *t, size_t i, struct state *s);

/* Apply record i to s (the state after record i-1) and say what it did in *fx (see effect.h). */
void trace_apply_fx(struct trace *t, size_t i, struct state *s, struct ev_effect *fx);
/* One-line summary of record i's own fields for the log (`pipe=1 n=6 data="hello\n"`), into buf; "" for a
 * line that does not parse. Returns buf. */
const char *trace_summary(struct trace *t, size_t i, char *buf, size_t len);
/* The first trace.mark record at or after `from` whose text starts with prefix; t->n if none. */
size_t trace_find_mark(struct trace *t, size_t from, const char *prefix);
/* The name process pid had at record i (after that record), NULL if the trace never named it by then. */
const char *trace_proc_name(const struct trace *t, int32_t pid, size_t i);
/* Record that pid is named `name` from record rec on (while building; proc.c calls it). */
void trace_name_change(struct trace *t, int32_t pid, uint32_t rec, const char *name);

/* The text of record i's line, NUL-terminated, valid until the next call (NULL on read error). */
const char *trace_line(struct trace *t, size_t i);
/* Index of the first record with seq >= seq (n if none). Records with no seq are skipped. */
size_t trace_find_seq(const struct trace *t, int64_t seq);

/* Out of memory while loading at line `line`: the trace becomes unreadable (t->fatal says so, with the line
 * reached and the events loaded), loading stops; never a silent partial load. */
void trace_oom(struct trace *t, uint32_t line);

/* Add a diagnostic (printed to diag_out with the trace name and line). */
void trace_diag(struct trace *t, uint32_t line, int64_t seq, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Record a write of n bytes ending at `end` into pipe `cat` (record rec; while building). */
void trace_pipe_write(struct trace *t, int32_t cat, uint32_t rec, uint64_t end, uint64_t n);
/* The byte at absolute position pos of pipe `cat` if the trace carried it (in the `data` of its write):
 * returns 1 and stores it in *b, 0 if unknown. */
int trace_pipe_byte(struct trace *t, int32_t cat, uint64_t pos, uint8_t *b);

/* Human label for a catalogue entry ("pipe 3", "sem 65536"), into buf. Returns buf. */
const char *trace_cat_label(const struct trace *t, int32_t cat, char *buf, size_t len);

/* Bytes of memory used per event by the records (and the total other than snapshots). */
size_t trace_mem_records(const struct trace *t);
/* Bytes used by snapshots. */
size_t trace_mem_snapshots(const struct trace *t);

#endif
