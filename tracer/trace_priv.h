/* tracer/trace_priv.h: trace.c's internals shared with the parallel loader (load_par.c). Not for views. */
#ifndef IPCTRACE_TRACE_PRIV_H
#define IPCTRACE_TRACE_PRIV_H
#include "trace.h"

/* Traces at least this big (bytes) load on two threads. */
#define TRACE_PAR_MIN (4u << 20)

/* A line the scan has read: its record so far and where its type name is (not looked up yet). */
struct scanned {
	struct ev_rec r;
	const char *ty;
	size_t tyl;
	uint16_t type;        /* ty's index when a known type (type_find_known), else TYPE_UNRESOLVED */
	int blank;
	size_t usual_end;     /* the line has the usual layout (scan_usual): the offset after its type string, else 0 */
	int64_t usual[4];     /* then seq, ts, cpu and pid as written (plain integers of up to 18 digits) */
};

/* Scan one line (no shared state touched: safe on the loader thread). */
void scan_one(struct scanned *sc, uint64_t off, size_t len, const char *line, int truncated);
/* The members the scan read from a line of the usual layout (usual_end set), for fjson_object_resume. */
void scanned_pre(const struct scanned *sc, struct fjson_pre *pre);
/* Add a scanned line to t: line count, header, gaps, the record. Returns 1 if a record was added. */
int add_scanned(struct trace *t, struct scanned *sc, const char *line, size_t len);
/* Report a line that did not parse. */
void trace_parse_diag(struct trace *t, const struct ev_rec *r, size_t err, int is_value);
/* Apply the next record (t->recs[t->built]) from its parsed line, snapshotting: its members read flat (o), or
 * its tree (j) when the flat reader handed the line over; both NULL: it did not parse. */
void trace_build_rec(struct trace *t, const cJSON *j, const struct fjson_obj *o);
/* Before a whole load (no records yet): room for n records, as address space only (the memory comes as it is
 * touched), so that the array never moves. Returns 0, or -1 (refused: the array grows as usual). */
int trace_recs_reserve(struct trace *t, size_t n);
/* Fault in the memory of records [from, to) of an array from trace_recs_reserve, without writing them (on the
 * populator thread, ahead of the records being written on the applying one). */
void trace_recs_populate(struct ev_rec *recs, size_t from, size_t to);
/* Load a whole trace (eof set, nothing loaded yet) with a second thread scanning and parsing ahead while this
 * one applies. Returns 0, or -1 if it could not start (then nothing was changed). */
int trace_load_parallel(struct trace *t);

#endif
