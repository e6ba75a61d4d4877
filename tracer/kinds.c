/* tracer/kinds.c: the registry of object kinds and event families, and the type table built from them.
 * To add a kind of IPC object, write obj_NAME.c and add it to obj_kinds[] below. */
#include <stdlib.h>
#include <string.h>
#include "kinds.h"

extern const struct obj_kind kind_pipe, kind_sem, kind_msg, kind_shm, kind_sock, kind_tty, kind_unix, kind_mq, kind_futex, kind_mmap;
extern const struct ev_family family_proc, family_sig;

/* Order matters only for the views' default layout. */
const struct obj_kind *const obj_kinds[] = { &kind_pipe, &kind_sem, &kind_msg, &kind_shm, &kind_sock, &kind_tty,
					     &kind_unix, &kind_mq, &kind_futex, &kind_mmap, NULL };
const int n_obj_kinds = 10;
const struct ev_family *const ev_families[] = { &family_proc, &family_sig, NULL };

#define MAX_TYPES 1024        /* known + interned unknown names; more unknown names share the last entry */
#define HASH_SIZE 2048

static struct type_info table[MAX_TYPES];
static int ntypes;
static uint16_t hash[HASH_SIZE];   /* 0 = empty, else index */
static size_t name_len[MAX_TYPES]; /* strlen(table[i].name) */
static int ready;
static uint16_t known_hash[HASH_SIZE];   /* hash[] as types_init left it: the known types only, never written
                                          * again, so any thread may read it (type_find_known) */

/* FNV-1a of the name's *n bytes up to a NUL (from \u0000), which ends it: *n becomes the length before it. One
 * loop, no memchr call (the call was a twentieth of the applying thread's time). */
static inline uint32_t hash_name(const char *s, size_t *n)
{
	uint32_t h = 2166136261u;
	size_t i;
	for (i = 0; i < *n && s[i]; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	*n = i;
	return h;
}

static uint16_t add(const char *name, size_t len, int kind, int family, int creates, int verb)
{
	if (ntypes >= MAX_TYPES)
		return MAX_TYPES - 1;
	char *copy = malloc(len + 1);
	if (!copy)
		return TYPE_NONE;
	memcpy(copy, name, len);
	copy[len] = 0;
	struct type_info *e = &table[ntypes];
	e->name = copy;
	e->kind = (int16_t)kind;
	e->family = (int16_t)family;
	e->creates = (uint8_t)creates;
	e->verb = (uint8_t)verb;
	name_len[ntypes] = len;
	uint32_t h = hash_name(name, &len) % HASH_SIZE;
	while (hash[h])
		h = (h + 1) % HASH_SIZE;
	hash[h] = (uint16_t)ntypes;
	return (uint16_t)ntypes++;
}

void types_init(void)
{
	if (ready)
		return;
	ready = 1;
	table[0].name = "";
	table[0].kind = table[0].family = -1;
	ntypes = 1;
	add("trace.header", 12, -1, -1, 0, 0);
	for (int k = 0; obj_kinds[k]; k++)
		for (const struct ev_type *t = obj_kinds[k]->types; t->name; t++)
			add(t->name, strlen(t->name), k, -1, t->creates, t->verb);
	for (int f = 0; ev_families[f]; f++)
		for (const struct ev_type *t = ev_families[f]->types; t->name; t++)
			add(t->name, strlen(t->name), -1, f, 0, t->verb);
	memcpy(known_hash, hash, sizeof hash);
}

/* The index of the name (len bytes, no NUL) in hash table tab (hash[] or known_hash[]), from slot h; 0 if absent. */
static uint16_t probe(const uint16_t *tab, uint32_t h, const char *name, size_t len)
{
	for (; tab[h]; h = (h + 1) % HASH_SIZE)
		if (name_len[tab[h]] == len && memcmp(table[tab[h]].name, name, len) == 0)
			return tab[h];
	return 0;
}

uint16_t type_find_known(const char *name, size_t len)
{
	uint32_t h = hash_name(name, &len) % HASH_SIZE;
	if (len == 0)
		return TYPE_NONE;
	uint16_t i = probe(known_hash, h, name, len);   /* all zero before types_init: nothing is found */
	return i ? i : TYPE_UNRESOLVED;
}

uint16_t type_lookup(const char *name, size_t len)
{
	if (!ready)
		types_init();
	uint32_t h = hash_name(name, &len) % HASH_SIZE;
	if (len == 0)
		return TYPE_NONE;
	uint16_t i = probe(hash, h, name, len);
	if (i)
		return i;
	if (ntypes >= MAX_TYPES - 1) {
		if (ntypes == MAX_TYPES - 1)
			add("(other unknown types)", 21, -1, -1, 0, 0);
		return MAX_TYPES - 1;
	}
	return add(name, len, -1, -1, 0, 0);
}

const struct type_info *type_get(uint16_t type)
{
	if (!ready)
		types_init();
	return type < ntypes ? &table[type] : &table[0];
}

int types_count(void)
{
	return ntypes;
}
