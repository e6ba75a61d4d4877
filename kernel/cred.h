/* kernel/cred.h: process credentials (kernel/cred.c): the real, effective, saved and filesystem user and group
 * ids and the supplementary groups, with Linux's rules for changing them (credentials(7), setresuid(2)).
 * Every process starts as root (all ids 0), as Linux's init does; fork copies the credentials, exec keeps them.
 * There are no capability sets: a process is privileged (CAP_SETUID, CAP_SETGID, CAP_IPC_OWNER,
 * CAP_SYS_ADMIN...) exactly when its effective uid is 0, which is what Linux's capability emulation gives a
 * process that started as root (capabilities(7) "Effect of user ID changes on capabilities"). */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H
#include "kernel/types.h"

#define NGROUPS_SMALL 32 /* supplementary groups kept (Linux: NGROUPS_MAX 65536); more gives EINVAL */

/* struct cred: ids as Linux's struct cred (uid_t/gid_t are 32-bit); groups sorted ascending. */
struct cred {
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	int ngroups;
	u32 groups[NGROUPS_SMALL];
};

struct proc;
/* cred_capable: the current process is privileged (effective uid 0). */
bool cred_capable(void);
/* in_group_p: gid is the current process's effective gid or one of its supplementary groups. */
bool in_group_p(u32 gid);
#endif
