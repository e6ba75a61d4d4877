/* tracer/waitgraph.h: the wait-for graph of a state: each sleeping process points at what it waits on (an
 * object, and the part of it: the semaphore, the end) and at the processes whose next operation there could
 * end the wait (the kind's `releasers`: the holders and posters of a semaphore, the writers seen on an empty
 * pipe, the senders seen on a queue). The deadlocked processes are those that can only be released by each
 * other: every process seen able to release them is itself asleep among them (a knot of the graph, the
 * deadlock condition of the OR model of waiting). It is a claim from what the trace showed: a process never
 * seen using the object could still end a wait, so a wait with no releaser seen is never called deadlocked.
 * Plain C, no SDL. */
#ifndef IPCTRACE_WAITGRAPH_H
#define IPCTRACE_WAITGRAPH_H
#include "state.h"

#define WF_EDGES 256
#define WF_PROCS 128

/* waiter sleeps on (obj, sub) and could be woken by releaser's next operation there. */
struct wf_edge {
	int32_t waiter;
	int32_t obj;            /* catalogue index */
	int16_t sub;            /* semaphore number, pipe end (0 read, 1 write), -1 */
	int32_t releaser;
};

struct waitgraph {
	struct wf_edge e[WF_EDGES];
	int ne;
	int32_t dead[WF_PROCS];  /* the deadlocked processes, in the state's order */
	int ndead;
};

/* Build the graph of state s into *g. */
void waitgraph_build(const struct state *s, struct waitgraph *g);
/* Is pid among g's deadlocked processes? */
int waitgraph_is_dead(const struct waitgraph *g, int32_t pid);

#endif
