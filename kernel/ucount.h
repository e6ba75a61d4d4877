/* kernel/ucount.h: what each user holds of the resources Linux limits per user, not per process (kernel/ucount.c;
 * Linux's kernel/ucount.c, inc_rlimit_ucounts): queued signals against RLIMIT_SIGPENDING, POSIX message queue bytes
 * against RLIMIT_MSGQUEUE. A count belongs to a real user id; the limit is that of the process being charged
 * (getrlimit(2)). */
#ifndef KERNEL_UCOUNT_H
#define KERNEL_UCOUNT_H
#include "kernel/types.h"

enum ucount_type {
	UCOUNT_RLIMIT_SIGPENDING, /* signals queued for delivery (struct sigqueue), one each */
	UCOUNT_RLIMIT_MSGQUEUE,   /* bytes a user's POSIX message queues may hold (mq_overview(7)) */
	UCOUNT_RLIMIT_COUNTS
};

/* ucount_charge: add v to user uid's count of type if the total stays at most max (RLIM_INFINITY: no limit).
 * Returns true when charged, false when it would pass max (the caller fails with -EAGAIN, -EMFILE...) or when
 * the table of users is full. */
bool ucount_charge(u32 uid, enum ucount_type type, u64 v, u64 max);
/* ucount_uncharge: take back v that ucount_charge added to uid's count of type. */
void ucount_uncharge(u32 uid, enum ucount_type type, u64 v);
/* ucount_read: user uid's count of type now. */
u64 ucount_read(u32 uid, enum ucount_type type);
#endif
