/* kernel/ucount.c: per-user resource counts (kernel/ucount.h). A small table of users: an entry is taken when a
 * user is first charged and is free again when all its counts are back to 0. Its lock is a leaf: callers may hold
 * any other lock (a signal is queued under sig_lock, from an interrupt too). */
#include "kernel/proc.h"
#include "kernel/spinlock.h"
#include "kernel/ucount.h"

#define NUCOUNTS 256 /* users that can hold something at once */

struct ucounts {
	u32 uid;
	u64 count[UCOUNT_RLIMIT_COUNTS];
};

static spinlock_t ucount_lock = SPINLOCK_INIT("ucount");
static struct ucounts ucounts[NUCOUNTS];

static bool ucounts_unused(const struct ucounts *u)
{
	for (int t = 0; t < UCOUNT_RLIMIT_COUNTS; t++)
		if (u->count[t])
			return false;
	return true;
}

/* ucounts_find: uid's entry, or a free one for it when create; NULL if none. Caller holds ucount_lock. */
static struct ucounts *ucounts_find(u32 uid, bool create)
{
	struct ucounts *free = NULL;
	for (int i = 0; i < NUCOUNTS; i++) {
		bool unused = ucounts_unused(&ucounts[i]);
		if (!unused && ucounts[i].uid == uid)
			return &ucounts[i];
		if (unused && !free)
			free = &ucounts[i];
	}
	if (!create || !free)
		return NULL;
	free->uid = uid;
	return free;
}

bool ucount_charge(u32 uid, enum ucount_type type, u64 v, u64 max)
{
	u64 f = spin_lock_irqsave(&ucount_lock);
	struct ucounts *u = ucounts_find(uid, true);
	bool ok = u && u->count[type] + v >= u->count[type] && u->count[type] + v <= max;
	if (ok)
		u->count[type] += v;
	spin_unlock_irqrestore(&ucount_lock, f);
	return ok;
}

void ucount_uncharge(u32 uid, enum ucount_type type, u64 v)
{
	u64 f = spin_lock_irqsave(&ucount_lock);
	struct ucounts *u = ucounts_find(uid, false);
	if (u)
		u->count[type] -= v < u->count[type] ? v : u->count[type];
	spin_unlock_irqrestore(&ucount_lock, f);
}

u64 ucount_read(u32 uid, enum ucount_type type)
{
	u64 f = spin_lock_irqsave(&ucount_lock);
	struct ucounts *u = ucounts_find(uid, false);
	u64 n = u ? u->count[type] : 0;
	spin_unlock_irqrestore(&ucount_lock, f);
	return n;
}
