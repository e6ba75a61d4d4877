/* tracer/load_par.c: loading a big trace file on two threads. The loader thread reads the file in chunks and
 * splits the lines; both threads then scan and parse the chunk's lines (fjson), taking batches from a shared
 * cursor, each into its own arena, so parsing, the larger part of the work, is shared out by itself; this
 * thread then adds the records (header, gaps) and applies them in order (snapshots) while the loader reads and
 * parses the next chunks (a ring of NCHUNK). A third thread, the populator, takes the page faults of the record
 * array ahead of them. The result, records, diagnostics, states and snapshots, is the same as trace_scan +
 * trace_build give. */
#define _GNU_SOURCE   /* memrchr */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "trace_priv.h"

#define CHUNK (256u << 10)
#define NCHUNK 8      /* chunks in the ring between the loader and this thread: with 2 the loader, once ahead,
                       * waited for the applying thread (4,000,000 events: 1.44 s, with 4 chunks 1.26 s, and
                       * with 8 a further 5-10% less: the deeper ring rides out the CPUs' changes of speed) */
#define BATCH 256     /* lines a thread takes from the parse cursor at a time: a chunk is about 1,500 lines; 32 at a
                       * time moved the cursor's cache line, and the lines' records at the edges, between the cores
                       * twice as often as needed (4,000,000 events: 1.38 -> 1.29 s, 1.97 -> 1.76 s with 128) */

struct pline {
	struct scanned sc;    /* the index scan of the line (done with its parse) */
	const char *text;
	uint64_t off;         /* its offset in the backing */
	size_t len;
	struct fjson_obj obj; /* the line's members when read flat (flat set) */
	int flat;
	cJSON *root;          /* else the parsed object, NULL if the line did not parse or is no object */
	size_t err;
	int is_value;         /* parsed, but not an object */
	int truncated;
};

/* Memory written by one thread only, on cache lines of its own: the two threads parse at the same time, and
 * an arena's counters (updated for every string and member) sharing a line with the other thread's made the
 * parse on two CPUs take twice the CPU time of the same parse on one (the line moved between the cores at
 * every write). 128 bytes: the hardware prefetchers fetch lines in pairs. */
#define OWN_LINE _Alignas(128)

struct chunk {
	char *buf;
	size_t cap, len;
	struct own_fjson {
		OWN_LINE struct fjson a;
	} fj[2];                          /* [0] the loader's trees, [1] this thread's */
	OWN_LINE atomic_size_t next;      /* the first line no thread has taken to parse */
	OWN_LINE atomic_size_t parsed;    /* lines parsed (release: their pline is complete) */
	OWN_LINE struct pline *lines;
	size_t nlines, cap_lines;
	int last;             /* the file ends in this chunk */
	int full;             /* filled by the loader, not yet consumed */
	int failed;           /* 1 read error, 2 out of memory */
};

struct par {
	struct trace *t;
	int flat_max;         /* t->flat_max, capped at EV_IX_MAX (read on both threads) */
	struct ev_rec *recs;  /* t->recs reserved for every line the file can hold, else NULL (for the populator) */
	size_t cap;           /* its records */
	struct chunk ch[NCHUNK];
	pthread_mutex_t m;
	pthread_cond_t cv;
	int stop;
	size_t lines_read;    /* lines the loader has read so far (for the populator) */
	double cpu[3];        /* each thread's CPU time at its end (t->par_cpu) */
};

/* CPU time of the calling thread, s. */
static double thread_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read [off, off+len) of the backing into buf. */
static int read_at(const struct backing *bk, char *buf, uint64_t off, size_t len)
{
	if (bk->fd < 0) {
		memcpy(buf, bk->mem + off, len);
		return 0;
	}
	size_t got = 0;
	while (got < len) {
		ssize_t r = pread(bk->fd, buf + got, len - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int grow(void **p, size_t *cap, size_t want, size_t size)
{
	if (*cap >= want)
		return 0;
	size_t nc = *cap ? *cap : 64;
	while (nc < want)
		nc *= 2;
	void *np = realloc(*p, nc * size);
	if (!np)
		return -1;
	*p = np;
	*cap = nc;
	return 0;
}

/* Fill chunk c from file offset pos: whole lines (the last chunk takes the rest). Returns bytes consumed. */
static size_t fill(struct par *P, struct chunk *c, uint64_t pos)
{
	const struct backing *bk = &P->t->bk;
	uint64_t size = bk->size;
	size_t want = CHUNK;
	c->nlines = 0;
	c->last = 0;
	c->failed = 0;
	for (;;) {
		if (pos + want >= size) {
			want = (size_t)(size - pos);
			c->last = 1;
		}
		if (grow((void **)&c->buf, &c->cap, want + 1, 1) < 0) {
			c->failed = 2;
			return 0;
		}
		if (read_at(bk, c->buf, pos, want) < 0) {
			c->failed = 1;
			return 0;
		}
		c->len = want;
		if (c->last)
			break;
		char *nl = memrchr(c->buf, '\n', want);
		if (nl) {
			c->len = (size_t)(nl - c->buf) + 1;
			break;
		}
		want *= 2;   /* a line longer than the chunk */
	}
	if (fjson_begin(&c->fj[0].a, c->len) < 0 || fjson_begin(&c->fj[1].a, c->len) < 0) {
		c->failed = 2;
		return 0;
	}
	const char *p = c->buf, *e = c->buf + c->len;
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(e - p);
		if (grow((void **)&c->lines, &c->cap_lines, c->nlines + 1, sizeof *c->lines) < 0) {
			c->failed = 2;
			return 0;
		}
		struct pline *L = &c->lines[c->nlines++];
		L->flat = L->is_value = 0;   /* the rest is set by its scan and parse */
		L->root = NULL;
		L->err = 0;
		L->text = p;
		L->off = pos + (uint64_t)(p - c->buf);
		L->len = l;
		L->truncated = !nl;
		p = nl ? nl + 1 : e;
	}
	atomic_store_explicit(&c->parsed, 0, memory_order_relaxed);
	atomic_store_explicit(&c->next, 0, memory_order_relaxed);
	return c->len;
}

/* Read line L flat (fjson_object_more), taking the members its scan has read (the usual layout's seq, ts, cpu,
 * pid and type) instead of reading them again. Returns 1, or 0 to parse it as a tree. */
static int flat_read(struct fjson *fj, struct pline *L, int flat_max)
{
	const struct scanned *sc = &L->sc;
	if (!sc->usual_end)
		return fjson_object_more(fj, L->text, L->len, flat_max, &L->obj);
	struct fjson_pre pre;
	scanned_pre(sc, &pre);
	return fjson_object_resume(fj, L->text, L->len, flat_max, &pre, &L->obj);
}

/* parse_batches: scan and parse lines of chunk c, BATCH at a time from its cursor, into arena fj[who], until
 * none is left to take: flat (fjson_object_more) when the line is an object of up to flat_max members, else as
 * a tree. */
static void parse_batches(struct chunk *c, int who, int flat_max)
{
	for (;;) {
		size_t i = atomic_fetch_add_explicit(&c->next, BATCH, memory_order_relaxed);
		if (i >= c->nlines)
			return;
		size_t end = i + BATCH < c->nlines ? i + BATCH : c->nlines;
		for (size_t k = i; k < end; k++) {
			struct pline *L = &c->lines[k];
			scan_one(&L->sc, L->off, L->len, L->text, L->truncated);
			if (L->sc.blank)
				continue;
			if (flat_max > 0 && flat_read(&c->fj[who].a, L, flat_max)) {
				L->flat = 1;
				continue;
			}
			cJSON *j = fjson_parse_more(&c->fj[who].a, L->text, L->len, &L->err);
			if (j && !cJSON_IsObject(j))
				L->is_value = 1;
			else
				L->root = j;
		}
		atomic_fetch_add_explicit(&c->parsed, end - i, memory_order_release);
	}
}

/* Records faulted in at a time ahead of the lines read: 2 MB, one huge page. */
#define POPULATE_STEP ((2u << 20) / sizeof(struct ev_rec))

static void *loader(void *arg)
{
	struct par *P = arg;
	uint64_t pos = 0;
	for (unsigned k = 0;; k++) {
		struct chunk *c = &P->ch[k % NCHUNK];
		pthread_mutex_lock(&P->m);
		while (c->full && !P->stop)
			pthread_cond_wait(&P->cv, &P->m);
		int stop = P->stop;
		pthread_mutex_unlock(&P->m);
		if (stop)
			break;
		pos += fill(P, c, pos);
		pthread_mutex_lock(&P->m);
		c->full = 1;
		P->lines_read += c->nlines;
		pthread_cond_broadcast(&P->cv);
		pthread_mutex_unlock(&P->m);
		if (c->failed)
			break;
		parse_batches(c, 0, P->flat_max);
		if (c->last)
			break;
	}
	P->cpu[1] = thread_cpu();
	return NULL;
}

/* The third thread, when the records are reserved: it takes their page faults (fresh memory: about a tenth of
 * the load), a huge page ahead of the lines read, so that neither the applying thread nor the loader stops for
 * them (a 2 MB fault takes some milliseconds on a virtual machine, while the other waited for a chunk). */
static void *populator(void *arg)
{
	struct par *P = arg;
	size_t populated = 0;
	pthread_mutex_lock(&P->m);
	while (!P->stop && populated < P->cap) {
		if (populated >= P->lines_read + 2 * POPULATE_STEP) {
			pthread_cond_wait(&P->cv, &P->m);
			continue;
		}
		pthread_mutex_unlock(&P->m);
		size_t to = populated + POPULATE_STEP < P->cap ? populated + POPULATE_STEP : P->cap;
		trace_recs_populate(P->recs, populated, to);
		populated = to;
		pthread_mutex_lock(&P->m);
	}
	pthread_mutex_unlock(&P->m);
	P->cpu[2] = thread_cpu();
	return NULL;
}

int trace_load_parallel(struct trace *t)
{
	double cpu0 = thread_cpu();
	struct par *P = aligned_alloc(128, sizeof *P);   /* its lines as OWN_LINE lays them out */
	if (!P)
		return -1;
	memset(P, 0, sizeof *P);
	P->t = t;
	P->flat_max = t->flat_max < EV_IX_MAX ? t->flat_max : EV_IX_MAX;
	pthread_mutex_init(&P->m, NULL);
	pthread_cond_init(&P->cv, NULL);
	pthread_t th, pop;
	if (pthread_create(&th, NULL, loader, P) != 0) {
		free(P);
		return -1;
	}
	/* a line takes at least 2 bytes (1 and a newline; the last may have none): reserved so, the array never
	 * moves while the populator faults it in */
	int popping = 0;
	if (trace_recs_reserve(t, (size_t)(t->bk.size / 2 + 1)) == 0) {
		P->recs = t->recs;
		P->cap = t->cap;
		popping = pthread_create(&pop, NULL, populator, P) == 0;
	}
	int rc = 0;
	for (unsigned k = 0;; k++) {
		struct chunk *c = &P->ch[k % NCHUNK];
		pthread_mutex_lock(&P->m);
		while (!c->full)
			pthread_cond_wait(&P->cv, &P->m);
		pthread_mutex_unlock(&P->m);
		if (c->failed) {   /* a read error or no memory for the chunk: never a silent partial load */
			if (c->failed == 2)
				trace_oom(t, t->line_no + 1);
			else
				snprintf(t->fatal, sizeof t->fatal, "cannot read the trace after line %u", t->line_no);
			break;
		}
		parse_batches(c, 1, P->flat_max);
		/* the loader may still be on its last batch of this chunk (some tens of microseconds) */
		while (atomic_load_explicit(&c->parsed, memory_order_acquire) < c->nlines)
			sched_yield();
		for (size_t i = 0; i < c->nlines && !t->fatal[0]; i++) {
			struct pline *L = &c->lines[i];
			uint32_t line = t->line_no + 1;
			if (!add_scanned(t, &L->sc, L->text, L->len))
				continue;
			struct ev_rec *r = &t->recs[t->n - 1];
			if (L->truncated)
				trace_diag(t, line, r->seq, "truncated last line (no newline at the end)");
			if (!L->root && !L->flat && (c->fj[0].a.oom || c->fj[1].a.oom)) {
				trace_oom(t, r->line);
				break;
			}
			if (!L->root && !L->flat)
				trace_parse_diag(t, r, L->err, L->is_value);
			trace_build_rec(t, L->root, L->flat ? &L->obj : NULL);
		}
		int last = c->last || t->fatal[0];
		pthread_mutex_lock(&P->m);
		c->full = 0;
		if (last)
			P->stop = 1;
		pthread_cond_broadcast(&P->cv);
		pthread_mutex_unlock(&P->m);
		if (last)
			break;
	}
	pthread_mutex_lock(&P->m);
	P->stop = 1;   /* also after a read error, for the populator */
	pthread_cond_broadcast(&P->cv);
	pthread_mutex_unlock(&P->m);
	pthread_join(th, NULL);
	if (popping)
		pthread_join(pop, NULL);
	t->par_cpu[0] = thread_cpu() - cpu0;
	t->par_cpu[1] = P->cpu[1];
	t->par_cpu[2] = P->cpu[2];
	t->scan_off = t->bk.size;
	for (int k = 0; k < NCHUNK; k++) {
		free(P->ch[k].buf);
		free(P->ch[k].lines);
		fjson_free(&P->ch[k].fj[0].a);
		fjson_free(&P->ch[k].fj[1].a);
	}
	pthread_mutex_destroy(&P->m);
	pthread_cond_destroy(&P->cv);
	free(P);
	return rc;
}
