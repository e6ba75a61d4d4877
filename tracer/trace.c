/* tracer/trace.c: loading a trace (scan lines, then parse and apply them), snapshots and seeking. */
#define _GNU_SOURCE   /* mremap */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "trace.h"
#include "kinds.h"
#include "trace_priv.h"
#include "names.h"

#define WIN (1u << 20)   /* bytes read from the backing at a time */

/* Huge-page memory for the big arrays (records, snapshots): anonymous mappings aligned to 2 MB and advised for
 * transparent huge pages (madvise(2) MADV_HUGEPAGE), so that a 4,000,000-event trace takes about a hundred
 * 2 MB page faults instead of 80,000 4 KB ones, which cost a sixth of the load time on a virtual machine.
 * The advice is a hint: where THP is off the memory is ordinary pages. */
#define HUGE_ALIGN ((size_t)2 << 20)

/* Under AddressSanitizer (the fuzz target) the arrays come from malloc instead, so that ASan still checks
 * every access to them. */
#if defined(__SANITIZE_ADDRESS__)   /* gcc -fsanitize=address */
#define TRACE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)   /* clang */
#define TRACE_ASAN 1
#endif
#endif
#ifdef TRACE_ASAN
static void *huge_map(size_t size, int noreserve)
{
	return calloc(1, size ? size : 1);
}
static void huge_populate(void *p, size_t size)
{
}
static void *huge_remap(void *p, size_t old, size_t size)
{
	return realloc(p, size ? size : 1);
}
static void huge_unmap(void *p, size_t size)
{
	free(p);
}
#else

/* A 2 MB-aligned address range of `size` bytes that the caller then maps with MAP_FIXED or MREMAP_FIXED
 * (reserved PROT_NONE meanwhile), or NULL when the address space is refused. */
static void *huge_reserve(size_t size)
{
	char *r = mmap(NULL, size + HUGE_ALIGN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r == MAP_FAILED)
		return NULL;
	char *a = (char *)(((uintptr_t)r + HUGE_ALIGN - 1) & ~(uintptr_t)(HUGE_ALIGN - 1));
	size_t tail = (size_t)(r + size + HUGE_ALIGN - (a + size));
	if (a > r)
		munmap(r, (size_t)(a - r));
	if (tail)
		munmap(a + size, tail);
	return a;
}

/* Map `size` bytes of zeroed huge-page memory; NULL when refused. Free with huge_unmap(p, size). noreserve:
 * address space only, memory as it is touched (mmap(2) MAP_NORESERVE), for a bound far above the use. */
static void *huge_map(size_t size, int noreserve)
{
	void *a = size >= HUGE_ALIGN ? huge_reserve(size) : NULL;
	void *p = mmap(a, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | (a ? MAP_FIXED : 0) | (noreserve ? MAP_NORESERVE : 0), -1, 0);
	if (p == MAP_FAILED) {
		if (a)
			munmap(a, size);
		return NULL;
	}
	if (size >= HUGE_ALIGN)
		madvise(p, size, MADV_HUGEPAGE);
	return p;
}

/* Resize huge-page memory p (old bytes) to `size` bytes, keeping its contents: in place when the addresses
 * after it are free, else moved (page tables, not bytes) to a new 2 MB-aligned range. NULL when refused (p
 * is then unchanged). */
static void *huge_remap(void *p, size_t old, size_t size)
{
	void *q = mremap(p, old, size, 0);
	if (q == MAP_FAILED) {
		void *a = huge_reserve(size);
		if (!a)
			return NULL;
		q = mremap(p, old, size, MREMAP_MAYMOVE | MREMAP_FIXED, a);
		if (q == MAP_FAILED) {
			munmap(a, size);
			return NULL;
		}
	}
	if (size >= HUGE_ALIGN)
		madvise(q, size, MADV_HUGEPAGE);
	return q;
}

/* Free huge-page memory of `size` bytes. */
static void huge_unmap(void *p, size_t size)
{
	munmap(p, size);
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14 */
#endif
/* Fault in [p, p + size) of huge-page memory for writing, without writing it (madvise(2) MADV_POPULATE_WRITE):
 * safe beside another thread writing there. A hint: nothing happens on kernels without it. */
static void huge_populate(void *p, size_t size)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)4095, e = ((uintptr_t)p + size + 4095) & ~(uintptr_t)4095;
	if (e > a)
		madvise((void *)a, e - a, MADV_POPULATE_WRITE);
}
#endif

static int init(struct trace *t, const char *name)
{
	types_init();
	memset(t, 0, sizeof *t);
	t->bk.fd = -1;
	t->next_seq = -1;
	t->K = TRACE_K;
	t->par_min = TRACE_PAR_MIN;
	t->flat_max = EV_IX_MAX;
	t->diag_out = stderr;
	t->hdr.version = 1;   /* until a header says otherwise */
	t->bytes_rec = UINT32_MAX;
	snprintf(t->name, sizeof t->name, "%s", name);
	state_init(&t->head);
	t->snaps = calloc(16, sizeof *t->snaps);
	if (!t->snaps)
		return -1;
	t->cap_snaps = 16;
	state_init(&t->snaps[0]);
	t->nsnaps = 1;
	return 0;
}

int trace_open_fd(struct trace *t, int fd, const char *name)
{
	if (init(t, name) < 0)
		return -1;
	t->bk.fd = fd;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		t->bk.size = (uint64_t)st.st_size;
	return 0;
}

int trace_open_mem(struct trace *t, const char *mem, size_t len, const char *name)
{
	if (init(t, name) < 0)
		return -1;
	t->bk.mem = mem;
	t->bk.size = len;
	return 0;
}

int trace_open_file(struct trace *t, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	const char *base = strrchr(path, '/');
	if (trace_open_fd(t, fd, base ? base + 1 : path) < 0) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	t->bk.owns_fd = 1;
	return 0;
}

void trace_close(struct trace *t)
{
	if (t->bk.owns_fd && t->bk.fd >= 0)
		close(t->bk.fd);
	for (size_t i = 0; i < t->nsnaps; i++)
		state_free(&t->snaps[i]);
	free(t->snaps);
	for (size_t i = 0; i < t->nsblocks; i++)
		huge_unmap(t->sblocks[i].mem, t->sblocks[i].size);
	free(t->sblocks);
	state_free(&t->head);
	if (t->recs)
		huge_unmap(t->recs, t->cap * sizeof *t->recs);
	for (size_t i = 0; i < t->ncat; i++)
		free(t->cat[i].writes);
	free(t->cat);
	free(t->diags);
	free(t->win);
	free(t->names);
	free(t->name_last);
	fjson_free(&t->fj);
	fjson_free(&t->fj_view);
	memset(t, 0, sizeof *t);
	t->bk.fd = -1;
}

void trace_grow(struct trace *t, uint64_t size)
{
	if (size > t->bk.size)
		t->bk.size = size;
}

void trace_set_eof(struct trace *t)
{
	t->eof = 1;
}

void trace_oom(struct trace *t, uint32_t line)
{
	if (t->fatal[0])
		return;
	snprintf(t->fatal, sizeof t->fatal, "out of memory at line %u (%zu events loaded): the trace is not shown in part",
		 line, t->n);
	if (t->diag_out)
		fprintf(t->diag_out, "%s:%u: %s\n", t->name, line, t->fatal);
}

void trace_diag(struct trace *t, uint32_t line, int64_t seq, const char *fmt, ...)
{
	char msg[sizeof t->diags[0].msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (t->diag_out) {
		if (line)
			fprintf(t->diag_out, "%s:%u: %s\n", t->name, line, msg);
		else
			fprintf(t->diag_out, "%s: %s\n", t->name, msg);
	}
	if (t->ndiags == t->cap_diags) {
		if (t->cap_diags >= 100000)
			return;   /* keep the first 100000; the count on screen says "+more" via ndiags */
		size_t nc = t->cap_diags ? t->cap_diags * 2 : 64;
		struct diag *nd = realloc(t->diags, sizeof *nd * nc);
		if (!nd) {
			trace_oom(t, line);
			return;
		}
		t->diags = nd;
		t->cap_diags = nc;
	}
	struct diag *d = &t->diags[t->ndiags++];
	d->line = line;
	d->seq = seq;
	d->order = (uint32_t)t->ndiags;
	memcpy(d->msg, msg, sizeof d->msg);
}

/* Make [off, off+len) readable in the window; returns a pointer to byte off, or NULL on read error. */
static const char *win_get(struct trace *t, uint64_t off, size_t len)
{
	if (off >= t->win_off && off + len <= t->win_off + t->win_len)
		return t->win + (off - t->win_off);
	size_t want = len > WIN ? len : WIN;
	if (off + want > t->bk.size)
		want = (size_t)(t->bk.size - off);
	if (want < len)
		return NULL;
	if (want + 1 > t->win_cap) {
		char *nw = realloc(t->win, want + 1);
		if (!nw)
			return NULL;
		t->win = nw;
		t->win_cap = want + 1;
	}
	if (t->bk.fd < 0) {
		memcpy(t->win, t->bk.mem + off, want);
	} else {
		size_t got = 0;
		while (got < want) {
			ssize_t r = pread(t->bk.fd, t->win + got, want - got, (off_t)(off + got));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got < len) {
			t->win_len = 0;
			return NULL;
		}
		want = got;
	}
	t->win_off = off;
	t->win_len = want;
	return t->win;
}

/* --- scan pass: fast, cJSON-free indexing of seq, ts, pid, cpu and type at the top level --- */

static const char *skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* Skip a JSON string starting at the opening quote; returns the char after the closing quote or NULL. */
static const char *skip_str(const char *p, const char *e)
{
	for (p++; p < e; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* Skip any JSON value (roughly: strings exactly, nesting by brackets). */
static const char *skip_val(const char *p, const char *e)
{
	int depth = 0;
	while (p < e) {
		char ch = *p;
		if (ch == '"') {
			if (!(p = skip_str(p, e)))
				return NULL;
			if (!depth)
				return p;
			continue;
		}
		if (ch == '{' || ch == '[')
			depth++;
		else if (ch == '}' || ch == ']') {
			if (!depth)
				return p;
			if (--depth == 0)
				return p + 1;
		} else if (!depth && ch == ',')
			return p;
		p++;
	}
	return p;
}

/* Largest seq the model takes: integers beyond 2^53 are not exact in a JSON reader's double. */
#define SEQ_MAX (1LL << 53)

/* An integer at p (no fraction or exponent) into *out; returns the byte after its digits, or NULL (also for
 * a value outside int64_t: no overflow, no negation of INT64_MIN). */
static const char *scan_int(const char *p, const char *e, int64_t *out)
{
	int neg = 0;
	uint64_t v = 0;
	const char *s;
	if (p < e && *p == '-')
		neg = 1, p++;
	s = p;
	while (p < e && *p >= '0' && *p <= '9') {
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, (uint64_t)(*p++ - '0'), &v))
			return NULL;
	}
	if (p == s || (p < e && (*p == '.' || *p == 'e' || *p == 'E')))
		return NULL;
	if (v > (uint64_t)INT64_MAX + (uint64_t)neg)
		return NULL;
	*out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	return p;
}

/* 1 if the string body s[0..n) decodes to itself: no escape, no control byte (a raw NUL would end the
 * decoded C string early, so "seq\0x" could read as "seq"). */
static int plain_str(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\\' || (unsigned char)s[i] < 0x20)
			return 0;
	return 1;
}

/* Which of the five common keys k[0..kl) is (1 seq, 2 ts, 4 pid, 8 cpu, 16 type), 0 for any other. */
static unsigned common_bit(const char *k, size_t kl)
{
	if (kl == 3)
		return !memcmp(k, "seq", 3) ? 1 : !memcmp(k, "pid", 3) ? 4 : !memcmp(k, "cpu", 3) ? 8 : 0;
	if (kl == 2)
		return !memcmp(k, "ts", 2) ? 2 : 0;
	return kl == 4 && !memcmp(k, "type", 4) ? 16 : 0;
}

/* Index one line: fills r->seq/ts/pid/cpu when found at the top level, and the raw type string span in
 * *ty / *tyl (not looked up: this runs on the loader thread too). Returns 1 if it looks like an object
 * (the build pass decides for sure). Sets r->scanned when the five fields were read exactly as the parser
 * will read them (the first of each key, no escaped key before them that could decode to one, an integer
 * of plain digits or a string without escapes) and each is in range: then, if the line parses, the build
 * pass has nothing to check or report about them (check_common). */
static int scan_line(const char *p, const char *e, struct ev_rec *r, const char **ty, size_t *tyl)
{
	unsigned seen = 0;
	int exact = 1;   /* no reason yet to let the parser decide */
	p = skip_ws(p, e);
	if (p >= e || *p != '{')
		return 0;
	p++;
	while (p < e && seen != 0x1f) {
		p = skip_ws(p, e);
		if (p >= e || *p != '"')
			break;
		const char *k = p + 1, *ke = skip_str(p, e);
		if (!ke)
			break;
		size_t kl = (size_t)(ke - 1 - k);
		unsigned bit = common_bit(k, kl);
		if (!bit && !plain_str(k, kl))
			exact = 0;   /* an escaped key may decode to one of the five */
		p = skip_ws(ke, e);
		if (p >= e || *p != ':')
			break;
		p = skip_ws(p + 1, e);
		int64_t v;
		const char *after = NULL;   /* where skip_val would stop, when known without walking again */
		if (bit == 1 && !(seen & 1) && (after = scan_int(p, e, &v))) {
			r->seq = v >= 0 && v <= SEQ_MAX ? v : -1, seen |= 1;
			exact &= r->seq >= 0;
		} else if (bit == 2 && !(seen & 2) && (after = scan_int(p, e, &v))) {
			r->ts = v > 0 ? (uint64_t)v : 0, seen |= 2;
			exact &= v >= 0 && v <= SEQ_MAX;   /* negative: reported; above 2^53 the parser's double rounds */
		} else if (bit == 4 && !(seen & 4) && (after = scan_int(p, e, &v))) {
			r->pid = v >= 0 && v <= PID_MAX_LIMIT ? (int32_t)v : -1, seen |= 4;
			exact &= r->pid >= 0;
		} else if (bit == 8 && !(seen & 8) && (after = scan_int(p, e, &v))) {
			r->cpu = v >= 0 && v <= 255 ? (uint8_t)v : 0, seen |= 8;
			exact &= v >= 0 && v <= 255;
		} else if (bit == 16 && !(seen & 16) && p < e && *p == '"') {
			const char *ve = skip_str(p, e);
			if (ve)
				*ty = p + 1, *tyl = (size_t)(ve - 1 - (p + 1)), seen |= 16;
			if (!ve)
				break;   /* skip_val would fail the same way */
			exact &= plain_str(*ty, *tyl);   /* else the decoded name is looked up again */
			p = ve;      /* skip_val of a string at depth 0 is skip_str */
			goto next;
		}
		if (bit && !(seen & bit))
			exact = 0;   /* the first of this key is not a plain integer (string): the parser reports it */
		/* an integer directly followed by ',' (or the end): skip_val would walk its digits to there */
		p = after && (after >= e || *after == ',') ? after : skip_val(p, e);
		if (!p)
			break;
	next:
		p = skip_ws(p, e);
		if (p < e && *p == ',')
			p++;
		else
			break;
	}
	r->scanned = exact && seen == 0x1f;
	return 1;
}

/* 1 to 18 plain digits at p directly followed by `stop`: their value into *v; returns the byte after `stop`, or
 * NULL for anything else (a sign, more digits, a fraction, whitespace). */
static const char *plain_uint(const char *p, const char *e, char stop, int64_t *v)
{
	const char *s = p;
	int64_t x = 0;
	while (p < e && p - s < 18 && (unsigned)(*p - '0') <= 9)
		x = x * 10 + (*p++ - '0');
	if (p == s || p >= e || *p != stop)
		return NULL;
	*v = x;
	return p + 1;
}

/* The line as the kernel writes it, `{"seq":N,"ts":N,"cpu":N,"pid":N,"type":"name"...`: no whitespace, plain
 * digits, a name with no escape or control byte. Reads it exactly as scan_line would (the same fields, ranges
 * and `scanned`) in a quarter of the instructions and returns 1; 0 for any other line (scan_line reads it). */
static int scan_usual(const char *p, const char *e, struct scanned *sc)
{
	struct ev_rec *r = &sc->r;
	const char *line = p;
	int64_t seq, ts, cpu, pid;
	if (e - p < 7 || memcmp(p, "{\"seq\":", 7) || !(p = plain_uint(p + 7, e, ',', &seq)) ||
	    e - p < 5 || memcmp(p, "\"ts\":", 5) || !(p = plain_uint(p + 5, e, ',', &ts)) ||
	    e - p < 6 || memcmp(p, "\"cpu\":", 6) || !(p = plain_uint(p + 6, e, ',', &cpu)) ||
	    e - p < 6 || memcmp(p, "\"pid\":", 6) || !(p = plain_uint(p + 6, e, ',', &pid)) ||
	    e - p < 8 || memcmp(p, "\"type\":\"", 8))
		return 0;
	const char *name = p + 8, *q = name;
	while (q < e && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
		q++;
	if (q >= e || *q != '"')
		return 0;
	/* as scan_line: out-of-range values are kept out of the record and leave the parser to report them */
	r->seq = seq <= SEQ_MAX ? seq : -1;
	r->ts = (uint64_t)ts;
	r->cpu = cpu <= 255 ? (uint8_t)cpu : 0;
	r->pid = pid <= PID_MAX_LIMIT ? (int32_t)pid : -1;
	r->scanned = seq <= SEQ_MAX && ts <= SEQ_MAX && cpu <= 255 && pid <= PID_MAX_LIMIT;
	sc->ty = name;
	sc->tyl = (size_t)(q - name);
	sc->usual_end = (size_t)(q + 1 - line);
	sc->usual[0] = seq;
	sc->usual[1] = ts;
	sc->usual[2] = cpu;
	sc->usual[3] = pid;
	return 1;
}

/* Read the header line. */
static void read_header(struct trace *t, const char *line, size_t len, uint32_t lineno)
{
	cJSON *j = fjson_parse(&t->fj, line, len, NULL);
	struct trace_header *h = &t->hdr;
	h->present = 1;
	h->version = 1;
	h->data_max = 64;
	if (!j || !cJSON_IsObject(j)) {
		trace_diag(t, lineno, -1, "malformed trace.header line");
		return;
	}
	const cJSON *f;
	if ((f = jget(j, "format")) && (!cJSON_IsString(f) || strcmp(f->valuestring, "ipclab-trace")))
		trace_diag(t, lineno, -1, "header format is not \"ipclab-trace\"");
	if ((f = jget(j, "version")) && cJSON_IsNumber(f))
		h->version = json_i64(f);
	if ((f = jget(j, "kernel")) && cJSON_IsString(f))
		snprintf(h->kernel, sizeof h->kernel, "%s", f->valuestring);
	if ((f = jget(j, "bootargs")) && cJSON_IsString(f))
		snprintf(h->bootargs, sizeof h->bootargs, "%s", f->valuestring);
	if ((f = jget(j, "timer_hz")) && cJSON_IsNumber(f))
		h->timer_hz = json_i64(f);
	if ((f = jget(j, "data_max")) && cJSON_IsNumber(f))
		h->data_max = json_i64(f);
	if (h->version > TRACE_VERSION_MAX)
		snprintf(t->fatal, sizeof t->fatal, "trace format version %lld is newer than this tracer reads (%d)",
			 (long long)h->version, TRACE_VERSION_MAX);
	else if (h->version < TRACE_VERSION_MIN) {
		trace_diag(t, lineno, -1, "header version %lld is not a version (reading as version 1)", (long long)h->version);
		h->version = 1;
	}
}

void scan_one(struct scanned *sc, uint64_t off, size_t len, const char *line, int truncated)
{
	const char *e = line + len;
	sc->ty = NULL;   /* usual[] is read only with usual_end set */
	sc->tyl = 0;
	sc->usual_end = 0;
	sc->blank = skip_ws(line, e) == e;
	sc->r = (struct ev_rec){ .off = off, .len = (uint32_t)len, .seq = -1, .pid = -1, .obj = -1 };
	if (sc->blank)
		return;
	if (!scan_usual(line, e, sc) && !scan_line(line, e, &sc->r, &sc->ty, &sc->tyl))
		sc->r.flags |= EVF_BAD;
	/* the name resolved here, on the thread that has the line in its cache */
	sc->type = sc->ty ? type_find_known(sc->ty, sc->tyl) : TYPE_UNRESOLVED;
	if (truncated)
		sc->r.flags |= EVF_TRUNC;
}

void scanned_pre(const struct scanned *sc, struct fjson_pre *pre)
{
	/* only the members in use are set, and the tags of the literal keys fold at compile time: this runs for
	 * every line */
	pre->end = sc->usual_end;
	pre->n = 5;
#define PRE(i, k, s, v) (pre->key[i] = k, pre->tag[i] = fjson_key_tag(k), pre->str[i] = s, pre->num[i] = v)
	PRE(0, "seq", NULL, sc->usual[0]);
	PRE(1, "ts", NULL, sc->usual[1]);
	PRE(2, "cpu", NULL, sc->usual[2]);
	PRE(3, "pid", NULL, sc->usual[3]);
	PRE(4, "type", sc->ty, (int64_t)sc->tyl);
#undef PRE
}

/* Resize the record array to hold nc records (grow or shrink; the records are kept), in huge-page memory.
 * Returns 0, -1 when the memory is refused (the caller reports it as out of memory with the line reached). */
static int recs_resize(struct trace *t, size_t nc)
{
	size_t old = t->cap * sizeof *t->recs, want = nc * sizeof *t->recs;
	void *p = t->recs ? huge_remap(t->recs, old, want) : huge_map(want, 0);
	if (!p)
		return -1;
	t->recs = p;
	t->cap = nc;
	return 0;
}

int trace_recs_reserve(struct trace *t, size_t n)
{
	if (t->recs || !n)
		return -1;
	void *p = huge_map(n * sizeof *t->recs, 1);
	if (!p)
		return -1;
	t->recs = p;
	t->cap = n;
	return 0;
}

void trace_recs_populate(struct ev_rec *recs, size_t from, size_t to)
{
	huge_populate(recs + from, (to - from) * sizeof *recs);
}

/* Add a scanned line: header, gap detection, the record. Returns 1 if a record was added. */
int add_scanned(struct trace *t, struct scanned *sc, const char *line, size_t len)
{
	t->line_no++;
	if (sc->blank)
		return 0;
	struct ev_rec r = sc->r;
	r.line = t->line_no;
	if (sc->ty)
		r.type = sc->type != TYPE_UNRESOLVED ? sc->type : type_lookup(sc->ty, sc->tyl);
	if (r.type == TYPE_HEADER) {
		if (t->n == 0 && !t->hdr.present) {
			read_header(t, line, len, t->line_no);
			return 0;
		}
	}
	if (t->n == 0 && !t->hdr.present) {
		t->hdr.present = -1;   /* reported once */
		trace_diag(t, t->line_no, -1, "no trace.header line: reading as version 1");
	}
	if (r.seq >= 0) {
		if (t->next_seq >= 0 && r.seq != t->next_seq) {
			r.flags |= EVF_GAP;
			t->gaps++;
			if (r.seq > t->next_seq) {
				t->lost += (uint64_t)(r.seq - t->next_seq);
				long long lost = (long long)(r.seq - t->next_seq);
				trace_diag(t, t->line_no, r.seq, "seq gap: expected %lld, got %lld (%lld event%s lost)",
					   (long long)t->next_seq, (long long)r.seq, lost, lost == 1 ? "" : "s");
			} else {
				trace_diag(t, t->line_no, r.seq, "seq went back: expected %lld, got %lld",
					   (long long)t->next_seq, (long long)r.seq);
			}
		}
		t->next_seq = r.seq + 1;
	} else if (t->next_seq >= 0) {
		t->next_seq++;   /* a line without a readable seq most likely was the next event */
	}
	if (t->n == t->cap) {
		if (recs_resize(t, t->cap ? t->cap * 2 : 1024) < 0) {
			trace_oom(t, t->line_no);
			return 0;
		}
	}
	t->recs[t->n++] = r;
	return 1;
}

static int add_rec(struct trace *t, uint64_t off, size_t len, const char *line, int truncated)
{
	struct scanned sc;
	scan_one(&sc, off, len, line, truncated);
	return add_scanned(t, &sc, line, len);
}

size_t trace_scan(struct trace *t)
{
	size_t added = 0;
	if (t->fatal[0])
		return 0;
	while (t->scan_off < t->bk.size) {
		uint64_t avail = t->bk.size - t->scan_off;
		size_t want = avail > WIN ? WIN : (size_t)avail;
		const char *buf = win_get(t, t->scan_off, want);
		if (!buf)
			break;
		const char *p = buf, *e = buf + want;
		while (p < e) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			if (!nl)
				break;
			added += (size_t)add_rec(t, t->scan_off + (uint64_t)(p - buf), (size_t)(nl - p), p, 0);
			if (t->fatal[0])
				return added;
			p = nl + 1;
		}
		size_t used = (size_t)(p - buf);
		if (used == 0) {
			/* no newline in the whole window: a longer line, or the partial last line */
			if (want < avail) {
				size_t l = want;   /* find the newline beyond the window */
				int found = 0;
				while (l < avail) {
					size_t step = (avail - l) > WIN ? WIN : (size_t)(avail - l);
					const char *b2 = win_get(t, t->scan_off, l + step);
					if (!b2)
						return added;
					const char *nl = memchr(b2 + l, '\n', step);
					if (nl) {
						l = (size_t)(nl - b2);
						added += (size_t)add_rec(t, t->scan_off, l, b2, 0);
						t->scan_off += l + 1;
						found = 1;
						break;
					}
					l += step;
				}
				if (found)
					continue;
			}
			break;
		}
		t->scan_off += used;
	}
	if (t->eof && t->scan_off < t->bk.size) {
		size_t l = (size_t)(t->bk.size - t->scan_off);
		const char *b = win_get(t, t->scan_off, l);
		if (b) {
			uint32_t line = t->line_no + 1;
			if (add_rec(t, t->scan_off, l, b, 1)) {
				added++;
				trace_diag(t, line, t->recs[t->n - 1].seq, "truncated last line (no newline at the end)");
			}
		}
		t->scan_off = t->bk.size;
	}
	return added;
}

/* --- build pass --- */

/* Blocks of the snapshot arena: 8 MB, or one snapshot if bigger. */
#define SNAP_BLOCK (8u << 20)

/* `size` bytes (a multiple of 16) of the snapshot arena, NULL when the memory is refused. Snapshots are
 * packed one after the other into huge-page blocks: a 4,000,000-event trace packs 130 MB of them, which
 * from malloc cost 33,000 page faults (a twelfth of the load time). */
static void *snap_alloc(struct trace *t, size_t size)
{
	struct snap_block *b = t->nsblocks ? &t->sblocks[t->nsblocks - 1] : NULL;
	if (b && b->size - b->used >= size) {
		void *p = b->mem + b->used;
		b->used += size;
		return p;
	}
	if (t->nsblocks == t->cap_sblocks) {
		size_t nc = t->cap_sblocks ? t->cap_sblocks * 2 : 16;
		struct snap_block *nb = realloc(t->sblocks, sizeof *nb * nc);
		if (!nb)
			return NULL;
		t->sblocks = nb;
		t->cap_sblocks = nc;
	}
	size_t bs = size > SNAP_BLOCK ? size : SNAP_BLOCK;
	void *m = huge_map(bs, 0);
	if (!m)
		return NULL;
	t->sblocks[t->nsblocks++] = (struct snap_block){ m, bs, size };
	return m;
}

static void push_snapshot(struct trace *t)
{
	uint32_t line = t->built ? t->recs[t->built - 1].line : 0;
	if (t->nsnaps == t->cap_snaps) {
		size_t nc = t->cap_snaps * 2;
		struct state *ns = realloc(t->snaps, sizeof *ns * nc);
		if (!ns) {
			trace_oom(t, line);
			return;
		}
		t->snaps = ns;
		t->cap_snaps = nc;
	}
	void *mem = snap_alloc(t, state_pack_size(&t->head));
	if (!mem) {
		trace_oom(t, line);
		return;
	}
	state_pack_into(&t->snaps[t->nsnaps++], &t->head, mem);
}

/* Report why a line did not parse (err: byte offset of the error; is_value: it parsed but is no object). */
void trace_parse_diag(struct trace *t, const struct ev_rec *r, size_t err, int is_value)
{
	if (is_value)
		trace_diag(t, r->line, r->seq, "line is not a JSON object");
	else
		trace_diag(t, r->line, r->seq, "malformed JSON at column %zu", err + 1);
}

/* Parse record i's line into t->fj (valid until the next parse): flat into *o when fjson_object_more takes it
 * (then *j is NULL), else as a tree into *j. Returns 1, or 0 when it is not a valid JSON object (reported
 * when `report`). */
static int parse_rec(struct trace *t, size_t i, int report, cJSON **j, struct fjson_obj *o)
{
	struct ev_rec *r = &t->recs[i];
	const char *line = win_get(t, r->off, r->len);
	*j = NULL;
	if (!line) {
		if (report)
			trace_diag(t, r->line, r->seq, "cannot read the line back from the trace");
		return 0;
	}
	size_t err = 0;
	if (t->flat_max > 0 && fjson_begin(&t->fj, r->len) == 0 &&
	    fjson_object_more(&t->fj, line, r->len, t->flat_max < EV_IX_MAX ? t->flat_max : EV_IX_MAX, o))
		return 1;
	*j = fjson_parse(&t->fj, line, r->len, &err);
	if (!*j && t->fj.oom) {
		if (report)
			trace_oom(t, r->line);
		t->fj.oom = 0;
		return 0;
	}
	if (!*j || !cJSON_IsObject(*j)) {
		if (report)
			trace_parse_diag(t, r, err, *j != NULL);
		*j = NULL;
		return 0;
	}
	return 1;
}

/* Check the common fields of the parsed line and correct the scanned record. Returns 0 if the event cannot
 * apply (then it is reported and applies nowhere). */
static int check_common(struct apply_ctx *c)
{
	int64_t v;
	const char *type;
	struct ev_rec *r = c->rec;
	if (r->scanned) {
		/* the scan read all five fields as the parser did, in range (scan_line): nothing to check or correct */
		if (r->type == TYPE_HEADER) {
			ev_diag(c, "trace.header in the middle of the trace");
			return 0;
		}
		if (type_get(r->type)->kind < 0 && type_get(r->type)->family < 0 && ev_str(c, "type", &type, 1)) {
			r->flags |= EVF_UNKNOWN;
			ev_diag(c, "unknown event type '%s' (shown, not applied)", type);
		}
		return 1;
	}
	if (!ev_str(c, "type", &type, 1))
		return 0;
	/* the scan looked up the raw type span of this line: look up again only if the decoded name differs */
	if (r->type == TYPE_NONE || strcmp(type_get(r->type)->name, type) != 0)
		r->type = type_lookup(type, strlen(type));
	if (ev_int(c, "seq", &v, 1)) {
		if (v < 0 || v > SEQ_MAX) {
			ev_diag(c, "seq %lld out of range (0..2^53)", (long long)v);
			v = -1;
		}
		r->seq = v;
	}
	if (ev_int(c, "ts", &v, 1)) {
		if (v < 0)
			ev_diag(c, "ts %lld is negative", (long long)v);
		r->ts = v > 0 ? (uint64_t)v : 0;
	}
	if (ev_int(c, "pid", &v, 1)) {
		if (v < 0 || v > PID_MAX_LIMIT) {
			ev_diag(c, "pid %lld out of range (0..%d)", (long long)v, PID_MAX_LIMIT);
			r->pid = -1;
			return 0;
		}
		r->pid = (int32_t)v;
	}
	if (ev_int(c, "cpu", &v, 0)) {
		if (v < 0 || v > 255)
			ev_diag(c, "cpu %lld out of range (0..255)", (long long)v);
		r->cpu = v >= 0 && v <= 255 ? (uint8_t)v : 0;
	}
	if (r->type == TYPE_HEADER) {
		ev_diag(c, "trace.header in the middle of the trace");
		return 0;
	}
	if (type_get(r->type)->kind < 0 && type_get(r->type)->family < 0) {
		r->flags |= EVF_UNKNOWN;
		ev_diag(c, "unknown event type '%s' (shown, not applied)", type);
	}
	return 1;
}

void trace_build_rec(struct trace *t, const cJSON *j, const struct fjson_obj *o)
{
	struct ev_rec *r = &t->recs[t->built];
	r->flags &= (uint8_t)~EVF_BAD;   /* the parser decides, not the quick scan */
	if (!j && !o) {
		r->flags |= EVF_BAD;
	} else {
		struct apply_ctx c = { .t = t, .s = &t->head, .rec = r, .j = j, .o = o, .nodes = t->ev_nodes, .fx = &t->fx,
				       .version = (int)t->hdr.version };
		r->obj = -1;
		if (check_common(&c))
			apply_event(&c);
		else
			r->flags |= EVF_BAD;
	}
	t->built++;
	if (t->built % t->K == 0) {
		push_snapshot(t);
		if (t->built % (t->K * 16) == 0)
			atomic_store_explicit(&t->loaded_bytes, r->off + r->len, memory_order_relaxed);
	}
}

double trace_progress(const struct trace *t)
{
	uint64_t size = t->bk.size, b = atomic_load_explicit(&t->loaded_bytes, memory_order_relaxed);
	return size ? (double)b / (double)size : 0;
}

size_t trace_build(struct trace *t, size_t max_events)
{
	size_t done = 0;
	while (t->built < t->n && done < max_events && !t->fatal[0]) {
		cJSON *j;
		struct fjson_obj o;
		int ok = parse_rec(t, t->built, 1, &j, &o);
		trace_build_rec(t, j, ok && !j ? &o : NULL);
		done++;
	}
	return done;
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

size_t trace_load_all(struct trace *t)
{
	if (t->n == 0 && t->scan_off == 0 && t->eof && !t->fatal[0] && t->bk.size >= t->par_min &&
	    (t->par_min == 0 || sysconf(_SC_NPROCESSORS_ONLN) >= 2) && trace_load_parallel(t) == 0)
		goto done;
	trace_scan(t);
	while (trace_build(t, 65536))
		;
done:
	atomic_store_explicit(&t->loaded_bytes, t->bk.size, memory_order_relaxed);
	if (t->eof && t->ndiags > 1)   /* list problems in line order (stable within a line) */
		qsort(t->diags, t->ndiags, sizeof *t->diags, diag_cmp);
	if (t->eof && t->n && t->cap > t->n)   /* give back the doubling slack (shrinking cannot fail) */
		recs_resize(t, t->n);
	return t->n;
}

void trace_apply_fx(struct trace *t, size_t i, struct state *s, struct ev_effect *fx)
{
	struct ev_rec *r = &t->recs[i];
	fx_reset(fx, r->pid);
	if (r->flags & EVF_BAD)
		return;
	cJSON *j;
	struct fjson_obj o;
	if (!parse_rec(t, i, 0, &j, &o))
		return;
	struct apply_ctx c = { .s = s, .rec = r, .j = j, .o = j ? NULL : &o, .nodes = t->ev_nodes, .fx = fx,
			       .version = (int)t->hdr.version, .fx_data = 1 };
	apply_event(&c);
}

void trace_apply_rec(struct trace *t, size_t i, struct state *s)
{
	trace_apply_fx(t, i, s, &t->fx);
}

const char *trace_summary(struct trace *t, size_t i, char *buf, size_t len)
{
	buf[0] = 0;
	if (i >= t->n)
		return buf;
	struct ev_rec *r = &t->recs[i];
	const char *line = win_get(t, r->off, r->len);
	cJSON *j = line ? fjson_parse(&t->fj_view, line, r->len, NULL) : NULL;
	return ev_summary(cJSON_IsObject(j) ? j : NULL, buf, len);
}

size_t trace_find_mark(struct trace *t, size_t from, const char *prefix)
{
	uint8_t text[80];
	size_t pl = strlen(prefix);
	for (size_t i = from; i < t->n; i++) {
		const struct ev_rec *r = &t->recs[i];
		if (!(r->flags & EVF_MARK))
			continue;
		const char *line = win_get(t, r->off, r->len);
		cJSON *j = line ? fjson_parse(&t->fj_view, line, r->len, NULL) : NULL;
		int n = ev_bytes(jget(j, "text"), text, (int)sizeof text);
		if ((size_t)n >= pl && !memcmp(text, prefix, pl))
			return i;
	}
	return t->n;
}

void trace_name_change(struct trace *t, int32_t pid, uint32_t rec, const char *name)
{
	if (t->nnames == t->cap_names) {
		size_t nc = t->cap_names ? t->cap_names * 2 : 64;
		struct name_change *nn = realloc(t->names, sizeof *nn * nc);
		if (!nn) {
			trace_oom(t, t->recs[rec].line);
			return;
		}
		t->names = nn;
		t->cap_names = nc;
	}
	if (t->nnames * 2 >= t->name_slots) {   /* rehash the pid table at half load */
		size_t ns = t->name_slots ? t->name_slots * 2 : 256;
		int32_t *tab = calloc(ns, sizeof *tab);
		if (!tab) {
			trace_oom(t, t->recs[rec].line);
			return;
		}
		for (size_t k = 0; k < t->nnames; k++) {
			size_t h = (uint32_t)t->names[k].pid * 2654435761u % ns;
			while (tab[h] && t->names[tab[h] - 1].pid != t->names[k].pid)
				h = (h + 1) % ns;
			tab[h] = (int32_t)k + 1;   /* in order: the last change of a pid wins */
		}
		free(t->name_last);
		t->name_last = tab;
		t->name_slots = ns;
	}
	size_t h = (uint32_t)pid * 2654435761u % t->name_slots;
	while (t->name_last[h] && t->names[t->name_last[h] - 1].pid != pid)
		h = (h + 1) % t->name_slots;
	struct name_change *e = &t->names[t->nnames];
	e->pid = pid;
	e->rec = rec;
	e->prev = t->name_last[h] - 1;
	snprintf(e->name, sizeof e->name, "%s", name);
	t->name_last[h] = (int32_t)++t->nnames;
}

const char *trace_proc_name(const struct trace *t, int32_t pid, size_t i)
{
	if (!t->name_slots)
		return NULL;
	size_t h = (uint32_t)pid * 2654435761u % t->name_slots;
	while (t->name_last[h] && t->names[t->name_last[h] - 1].pid != pid)
		h = (h + 1) % t->name_slots;
	for (int32_t k = t->name_last[h] - 1; k >= 0; k = t->names[k].prev)
		if (t->names[k].rec <= i)
			return t->names[k].name;
	return NULL;
}

int trace_seek(struct trace *t, long i, struct state *out)
{
	if (i >= (long)t->n)
		i = (long)t->n - 1;
	if (i < -1)
		i = -1;
	if (i >= (long)t->built)
		while (t->built <= (size_t)i && trace_build(t, 65536))
			;
	size_t target = (size_t)(i + 1);   /* records to have applied */
	size_t s = target / t->K;
	if (s >= t->nsnaps)
		s = t->nsnaps - 1;
	if (state_copy(out, &t->snaps[s]) < 0)
		return -1;
	for (size_t k = s * t->K; k < target; k++)
		trace_apply_rec(t, k, out);
	return 0;
}

const char *trace_line(struct trace *t, size_t i)
{
	static char *buf;
	static size_t cap;
	if (i >= t->n)
		return NULL;
	struct ev_rec *r = &t->recs[i];
	const char *p = win_get(t, r->off, r->len);
	if (!p)
		return NULL;
	if (r->len + 1 > cap) {
		char *nb = realloc(buf, r->len + 1);
		if (!nb)
			return NULL;
		buf = nb;
		cap = r->len + 1;
	}
	memcpy(buf, p, r->len);
	buf[r->len] = 0;
	return buf;
}

size_t trace_find_seq(const struct trace *t, int64_t seq)
{
	size_t lo = 0, hi = t->n;
	/* seqs increase except at gaps going back; binary search, then fix up linearly */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->recs[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < t->n && t->recs[lo].seq >= 0 && t->recs[lo].seq < seq)
		lo++;
	return lo;
}

void trace_pipe_write(struct trace *t, int32_t cat, uint32_t rec, uint64_t end, uint64_t n)
{
	if (cat < 0 || (size_t)cat >= t->ncat)
		return;
	struct cat_entry *e = &t->cat[cat];
	if (e->nwrites && e->writes[e->nwrites - 1].end >= end)
		return;   /* not after the last one: the index stays sorted */
	if (e->nwrites == e->cap_writes) {
		uint32_t nc = e->cap_writes ? e->cap_writes * 2 : 16;
		struct pipe_write *nw = realloc(e->writes, sizeof *nw * nc);
		if (!nw) {
			trace_oom(t, t->recs[rec].line);
			return;
		}
		e->writes = nw;
		e->cap_writes = nc;
	}
	e->writes[e->nwrites++] = (struct pipe_write){ end, rec, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n };
}

int trace_pipe_byte(struct trace *t, int32_t cat, uint64_t pos, uint8_t *b)
{
	if (cat < 0 || (size_t)cat >= t->ncat || !t->cat[cat].nwrites)
		return 0;
	const struct cat_entry *e = &t->cat[cat];
	uint32_t lo = 0, hi = e->nwrites;   /* the first write ending after pos */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (e->writes[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == e->nwrites)
		return 0;
	const struct pipe_write *w = &e->writes[lo];
	if (pos + w->n < w->end)
		return 0;   /* before this write's bytes: an unindexed write's */
	uint64_t k = pos - (w->end - w->n);
	if (k >= sizeof t->bytes_of - 8)
		return 0;
	if (t->bytes_rec != w->rec) {
		const struct ev_rec *r = &t->recs[w->rec];
		const char *line = win_get(t, r->off, r->len);
		cJSON *j = line ? fjson_parse(&t->fj_view, line, r->len, NULL) : NULL;
		t->bytes_len = ev_bytes(jget(j, "data"), t->bytes_of, (int)sizeof t->bytes_of - 8);
		t->bytes_rec = w->rec;
	}
	if ((int64_t)k >= t->bytes_len)
		return 0;
	*b = t->bytes_of[k];
	return 1;
}

const char *trace_cat_label(const struct trace *t, int32_t cat, char *buf, size_t len)
{
	if (cat < 0 || (size_t)cat >= t->ncat)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s %lld", obj_kinds[t->cat[cat].kind]->name, (long long)t->cat[cat].id);
	return buf;
}

size_t trace_mem_records(const struct trace *t)
{
	size_t b = t->cap * sizeof *t->recs + t->cap_cat * sizeof *t->cat + t->cap_diags * sizeof *t->diags +
		   t->cap_names * sizeof *t->names + t->name_slots * sizeof *t->name_last;
	for (size_t i = 0; i < t->ncat; i++)
		b += t->cat[i].cap_writes * sizeof *t->cat[i].writes;
	return b;
}

size_t trace_mem_snapshots(const struct trace *t)
{
	size_t b = t->cap_snaps * sizeof *t->snaps;
	for (size_t i = 0; i < t->nsnaps; i++) {
		const struct state *s = &t->snaps[i];
		b += (size_t)s->nprocs * sizeof *s->procs + (size_t)s->nobjs * sizeof *s->objs;
		for (int k = 0; k < s->nobjs; k++)
			b += s->objs[k].size;
	}
	return b;
}
