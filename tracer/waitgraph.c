/* tracer/waitgraph.c: the wait-for graph of a state and its deadlocked processes (waitgraph.h). */
#include "waitgraph.h"
#include "kinds.h"

static int sleeping(const struct state *s, int32_t pid)
{
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return s->procs[i].state == PS_SLEEPING;
	return 0;
}

void waitgraph_build(const struct state *s, struct waitgraph *g)
{
	int32_t cand[WF_PROCS];
	int ncand = 0;
	g->ne = g->ndead = 0;
	for (int i = 0; i < s->nprocs; i++) {
		const struct proc *p = &s->procs[i];
		if (p->state != PS_SLEEPING || p->wait.obj < 0)
			continue;
		const struct obj *o = state_obj_by_cat(s, p->wait.obj);
		if (!o || !obj_kinds[o->kind]->releasers)
			continue;
		int32_t r[32];
		int nr = obj_kinds[o->kind]->releasers(s, o, &p->wait, r, 32), others = 0, all_asleep = 1;
		int16_t sub = p->wait.kind == WAIT_SEM ? p->wait.semnum : p->wait.kind == WAIT_PIPE_WRITE ||
			      p->wait.kind == WAIT_MSG_SEND ? 1 : 0;
		for (int k = 0; k < nr; k++) {
			if (r[k] == p->pid)
				continue;   /* asleep, it releases nothing (units it holds of a counting semaphore do not count) */
			others++;
			if (g->ne < WF_EDGES)
				g->e[g->ne++] = (struct wf_edge){ p->pid, p->wait.obj, sub, r[k] };
			all_asleep &= sleeping(s, r[k]);
		}
		if (others && all_asleep && ncand < WF_PROCS)
			cand[ncand++] = p->pid;
	}
	/* remove, until none changes, a candidate that some process outside the set could release */
	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = 0; i < ncand; i++) {
			int out = 0;
			for (int k = 0; k < g->ne && !out; k++) {
				if (g->e[k].waiter != cand[i])
					continue;
				int in = 0;
				for (int m = 0; m < ncand && !in; m++)
					in = cand[m] == g->e[k].releaser;
				out = !in;
			}
			if (out) {
				cand[i--] = cand[--ncand];
				changed = 1;
			}
		}
	}
	for (int i = 0; i < s->nprocs; i++)
		for (int k = 0; k < ncand; k++)
			if (cand[k] == s->procs[i].pid)
				g->dead[g->ndead++] = cand[k];
}

int waitgraph_is_dead(const struct waitgraph *g, int32_t pid)
{
	for (int i = 0; i < g->ndead; i++)
		if (g->dead[i] == pid)
			return 1;
	return 0;
}
