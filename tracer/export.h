/* tracer/export.h: writing a trace in Chrome's Trace Event Format (JSON), which Perfetto UI and
 * chrome://tracing open. Plain C, no SDL. */
#ifndef IPCTRACE_EXPORT_H
#define IPCTRACE_EXPORT_H
#include <stdio.h>
#include "trace.h"

/* Write t (fully built) to out: metadata names per process, an instant event per trace event (its
 * fields in args), B/E slices while a process sleeps, and counters (ph "C") for pipe fill, semaphore
 * values, message queue bytes and shm_nattch. ts in microseconds. Returns 0, -1 on a write error. */
int export_chrome(struct trace *t, FILE *out);

#endif
