/* kernel/cred.h: process credentials (kernel/cred.c): the real, effective, saved and filesystem user and group
 * ids and the supplementary groups, with Linux's rules for changing them (credentials(7), setresuid(2)).
 * Every process starts as root (all ids 0), as Linux's init does; fork copies the credentials, exec keeps them.
 * There are no capability sets: a process is privileged (CAP_SETUID, CAP_SETGID, CAP_IPC_OWNER,
 * CAP_SYS_ADMIN...) exactly when its effective uid is 0, which is what Linux's capability emulation gives a
 * process that started as root (capabilities(7) "Effect of user ID changes on capabilities"). */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H
#include "kernel/types.h"

#define NGROUPS_MAX 65536 /* supplementary groups a process may have (Linux include/uapi/linux/limits.h) */

/* struct group_info: a list of supplementary groups, sorted ascending, shared by the processes that inherited
 * it (fork, exec) until one of them calls setgroups (Linux's struct group_info, kernel/groups.c): usage counts
 * them. */
struct group_info {
	int usage;
	int ngroups;
	u32 gid[];
};

/* struct cred: ids as Linux's struct cred (uid_t/gid_t are 32-bit); group_info NULL when there are no
 * supplementary groups. A process holds one reference to its group_info (get_group_info / put_group_info). */
struct cred {
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	struct group_info *group_info;
};

struct proc;
/* cred_capable: the current process is privileged (effective uid 0). */
bool cred_capable(void);
/* in_group_p: gid is the current process's effective gid or one of its supplementary groups. */
bool in_group_p(u32 gid);
/* cred_ngroups: how many supplementary groups c has. */
static inline int cred_ngroups(const struct cred *c) { return c->group_info ? c->group_info->ngroups : 0; }
/* get_group_info: one more holder of gi (NULL: nothing); returns gi. put_group_info: one less; the last frees it. */
struct group_info *get_group_info(struct group_info *gi);
void put_group_info(struct group_info *gi);
#endif
