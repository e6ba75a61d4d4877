/* tests/tracer/fuzz_trace.c: libFuzzer target for the trace model: any bytes load without crashing
 * (scan, cJSON build, snapshots every 4 events), seeking anywhere gives the same state as replaying from
 * the start, and the Chrome export and event summaries cope. Build: clang -fsanitize=fuzzer,address. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace.h"
#include "kinds.h"
#include "names.h"
#include "export.h"
#include "fjson.h"
#include "trace_priv.h"

static char a[1 << 16], b[1 << 16];

/* fjson must accept exactly what cJSON accepts (as one value with only whitespace after it) and build
 * the same tree. */
static void cross_check(const char *s, size_t len)
{
	static struct fjson fj;
	size_t err;
	cJSON *a = fjson_parse(&fj, s, len, &err);
	const char *end = NULL;
	cJSON *b = cJSON_ParseWithLengthOpts(s, len, &end, 0);
	if (b && end) {   /* cJSON allows trailing bytes; fjson allows only whitespace */
		while ((size_t)(end - s) < len && (unsigned char)*end <= 32)
			end++;
		if ((size_t)(end - s) < len) {
			cJSON_Delete(b);
			b = NULL;
		}
	}
	if (!a != !b) {
		fprintf(stderr, "fjson %s, cJSON %s: %.*s\n", a ? "accepts" : "rejects", b ? "accepts" : "rejects", (int)len, s);
		abort();
	}
	if (a) {
		char *pa = cJSON_PrintUnformatted(a), *pb = cJSON_PrintUnformatted(b);
		if (!pa || !pb || strcmp(pa, pb)) {
			fprintf(stderr, "trees differ:\n%s\n%s\n", pa, pb);
			abort();
		}
		cJSON_free(pa);
		cJSON_free(pb);
	}
	cJSON_Delete(b);
}

/* The members read flat (o) are the tree's (j, an object of n members): keys, tags, types and values. */
static int flat_same(const struct fjson_obj *o, const cJSON *j, int n)
{
	const cJSON *c = n == o->n ? j->child : NULL;
	for (int k = 0; c && k < o->n; k++, c = c->next) {
		const struct fjson_member *m = &o->m[k];
		if (strcmp(m->key, c->string) || m->tag != fjson_key_tag(c->string) || m->type != c->type ||
		    (m->type == cJSON_String && (m->valueint != c->valueint || memcmp(m->v.str, c->valuestring, (size_t)c->valueint + 1))) ||
		    (m->type == cJSON_Number && (memcmp(&m->v.num, &c->valuedouble, sizeof(double)) || m->valueint != c->valueint)))
			return 0;
		if (m->type == cJSON_Array || m->type == cJSON_Object) {
			char *x = cJSON_PrintUnformatted(m->v.tree), *y = cJSON_PrintUnformatted(c);
			int same = x && y && !strcmp(x, y);
			cJSON_free(x);
			cJSON_free(y);
			if (!same)
				return 0;
		}
		if (!c->next && k + 1 == o->n)
			return 1;
	}
	return n == 0 && o->n == 0;
}

/* The flat reader takes a line only if the tree parser reads it as an object of at most max members, and then
 * holds what the tree holds; it hands over (keeping no memory) objects of more members, a byte-order mark, and
 * whatever the tree parser does not read as an object. Resuming after the members the index scan read (the
 * usual layout, as the two-thread loader does) takes the same lines and gives the same members. */
static void flat_check(const char *s, size_t len, int max)
{
	static struct fjson fj, ref, fr;
	struct fjson_obj o, o2;
	if (fjson_begin(&fj, len) < 0 || fjson_begin(&fr, len) < 0)
		return;
	int took = fjson_object_more(&fj, s, len, max, &o);
	cJSON *j = fjson_parse(&ref, s, len, NULL);
	int n = cJSON_IsObject(j) ? cJSON_GetArraySize(j) : -1;
	int bom = len > 4 && !memcmp(s, "\xef\xbb\xbf", 3);
	struct scanned sc;
	scan_one(&sc, 0, len, s, 0);
	if (sc.usual_end) {
		struct fjson_pre pre;
		scanned_pre(&sc, &pre);
		int took2 = fjson_object_resume(&fr, s, len, max, &pre, &o2);
		if (took2 != took || (!took2 && (fr.nnodes || fr.nstrs || fr.nmems)) || (took2 && !flat_same(&o2, j, n))) {
			fprintf(stderr, "resuming after the scan differs from the flat reader (%d, %d): %.*s\n", took2, took, (int)len, s);
			abort();
		}
	}
	if (!took) {
		if (fj.nnodes || fj.nstrs || fj.nmems || (n >= 0 && n <= max && !bom && !ref.oom)) {
			fprintf(stderr, "flat reader refused an object of %d members: %.*s\n", n, (int)len, s);
			abort();
		}
		return;
	}
	if (flat_same(&o, j, n))
		return;
	fprintf(stderr, "flat reader and tree differ: %.*s\n", (int)len, s);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* every line, and the whole input, through both parsers */
	for (size_t i = 0, st = 0; i <= size; i++)
		if (i == size || data[i] == '\n') {
			cross_check((const char *)data + st, i - st);
			flat_check((const char *)data + st, i - st, size % 2 ? EV_IX_MAX : 3);
			st = i + 1;
		}
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	struct trace t;
	if (trace_open_mem(&t, (const char *)data, size, "fuzz") < 0)
		return 0;
	t.diag_out = NULL;
	t.K = 4;
	t.par_min = size % 2 ? 0 : UINT64_MAX;   /* odd sizes go through the two-thread loader */
	/* even sizes: feed in two pieces, as live mode would, then finish */
	if (!(size % 2)) {
		t.bk.size = size / 2;
		trace_scan(&t);
		trace_build(&t, 3);
		t.bk.size = size;
	}
	trace_set_eof(&t);
	trace_load_all(&t);
	struct state ref, s;
	state_init(&ref);
	state_init(&s);
	for (size_t i = 0; i < t.n; i++) {
		trace_apply_rec(&t, i, &ref);
		if (i % 3 == 0 || i + 1 == t.n) {
			if (trace_seek(&t, (long)i, &s) != 0)
				abort();
			state_dump(&ref, a, sizeof a);
			state_dump(&s, b, sizeof b);
			if (strcmp(a, b)) {
				fprintf(stderr, "seek(%zu) differs from replay:\n%s\n---\n%s\n", i, a, b);
				abort();
			}
		}
		const char *line = trace_line(&t, i);
		cJSON *j = line ? cJSON_ParseWithLength(line, t.recs[i].len) : NULL;
		char sum[256];
		ev_summary(j, sum, sizeof sum);
		cJSON_Delete(j);
	}
	if (null)
		export_chrome(&t, null);
	state_free(&ref);
	state_free(&s);
	trace_close(&t);
	return 0;
}
