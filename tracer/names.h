/* tracer/names.h: names for display: signals, and a one-line summary of an event. Plain C. */
#ifndef IPCTRACE_NAMES_H
#define IPCTRACE_NAMES_H
#include <stddef.h>
#include <cjson/cJSON.h>

/* Linux signal name for 1..31 ("SIGINT"), "SIGRTMIN+N" style for 32..64, "?" otherwise. Static storage. */
const char *sig_name(int sig);
/* Short form without "SIG" ("INT"). */
const char *sig_short(int sig);
/* Names of the signals set in a sigset ("INT USR1"), into buf; "" for an empty set. Returns buf. */
const char *sigset_names(unsigned long long set, char *buf, size_t len);

/* One-line summary of an event's own fields (not seq/ts/cpu/pid/type, not the state after it):
 * `pipe=1 n=6 data="hello\n"`. j may be NULL (gives ""). Returns buf. */
const char *ev_summary(const cJSON *j, char *buf, size_t len);

#endif
