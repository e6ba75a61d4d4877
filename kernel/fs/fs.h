/* kernel/fs/fs.h: the RAM filesystem mounted at / (tmpfs-like, the files of kernel/fs/): inodes, directory entries, path
 * lookup, and what the rest of the kernel asks of it (exec, fstat of any file, the cwd of a process).
 *
 * One lock, fs_lock, covers the whole tree: names, inode fields and file data. Holders do not sleep (a FIFO open
 * that must wait drops it first, ipc/fifo.c). The initramfs is mounted at boot: its files are referenced in
 * place (ro_data) and copied into pages on their first change. */
#ifndef KERNEL_FS_FS_H
#define KERNEL_FS_FS_H
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/types.h"

#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_IXGRP 00010
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define NAME_MAX 255   /* bytes in a name (limits.h) */
#define PATH_MAX 4096  /* bytes in a path, with its NUL */
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_DIRECTORY 040000
#define O_NOFOLLOW 0100000
#define O_LARGEFILE 0400000 /* arm64's value; musl's open() always passes it */
#define MAXSYMLINKS 40 /* symbolic links one lookup may follow before ELOOP (Linux include/linux/namei.h) */
#define BOGO_DIRENT_SIZE 20 /* a directory's st_size grows by this per entry, from 2 * it (Linux mm/shmem.c) */
#define MAX_LFS_FILESIZE ((u64)0x7fffffffffffffff) /* the largest file offset, bytes (Linux include/linux/fs.h) */
/* mount(2) flags (Linux include/uapi/linux/mount.h) */
#define MS_RDONLY 1
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8
#define MS_NOATIME 1024
#define MS_NODIRATIME 2048
#define MS_RELATIME (1 << 21)
#define MS_STRICTATIME (1 << 24)

struct fifo;

struct inode;
struct super_block;
struct seq_buf;

/* struct file_system_type: a kind of filesystem mount(2) knows by name (Linux's struct file_system_type):
 * fill_super makes a new instance's root from mount's options (data: a string, or NULL) and returns 0,
 * -EINVAL for options it does not take, -ENOMEM; kill_sb frees everything of an instance that umount2 took
 * down (nothing in it is in use); show_options adds its options to a /proc/mounts line; magic is statfs's
 * f_type. lookup is how a
 * synthetic filesystem (proc) finds a name in a directory of its own, making the inode on the spot; NULL for
 * the RAM filesystem, whose names are directory entries. */
struct file_system_type {
	const char *name;
	u64 magic; /* statfs's f_type (Linux include/uapi/linux/magic.h) */
	int (*fill_super)(struct super_block *sb, char *data);
	void (*kill_sb)(struct super_block *sb);
	void (*show_options)(struct seq_buf *m, const struct super_block *sb);
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* The hooks of a filesystem whose regular files are objects of their own (mqueue: each is a queue), as
	 * Linux's inode and super operations; NULL for the RAM filesystem's plain files:
	 * create: a regular file ino being made in dir as name (len bytes; open O_CREAT, mknod, vfs_mkobj) becomes
	 *         the object, made from arg (vfs_mkobj's; NULL for open and mknod); 0, or a -errno that fails the
	 *         create;
	 * open: the open file of such a regular file (flags as file_from_inode's; NULL with *err on failure);
	 * unlink: ino's entry in dir is about to be removed (unlink(2), or the object's own call: mq_unlink); fs_lock
 *         held (Linux's inode_operations.unlink: mqueue_unlink);
 * evict_inode: ino is being freed: free what its i_private holds (NULL when create failed);
	 * get_super: the one instance of a filesystem that has one (mqueue: the queues of the system), which
	 *         mount(2) puts on a directory instead of making a new one, and umount2 takes off again (it lives
	 *         on, unmounted, as Linux's kern_mount keeps it). */
	int (*create)(struct inode *dir, const char *name, size_t len, struct inode *ino, const void *arg);
	struct file *(*open)(struct inode *ino, u32 flags, int *err);
	void (*unlink)(struct inode *dir, struct inode *ino);
	void (*evict_inode)(struct inode *ino);
	struct super_block *(*get_super)(void);
	bool regular_only; /* only regular files may be made in it: mkdir, mknod of another type, symlink, link and
	                    * rename give EPERM (Linux: its directories have no such inode operations) */
};

/* struct super_block: one mounted filesystem instance (Linux keeps the instance, struct super_block, apart from
 * its mounts, struct vfsmount; without bind mounts one struct serves): its type and device number (st_dev),
 * mount flags (MS_RDONLY...), root, the directory it covers (a reference held; NULL for the root filesystem) and
 * mount(2)'s source string, its place on the mount list, and refs: the references held to its inodes, its root's
 * own one included (umount2 gives EBUSY while others exist). A RAM filesystem counts the data pages of its files
 * against its size (tmpfs's size=, half of RAM by default; ENOSPC past it) and keeps the root's mode= uid= gid=
 * for /proc/mounts. */
struct super_block {
	const struct file_system_type *type;
	u32 dev;
	unsigned long flags;
	struct inode *root;
	struct inode *mountpoint;
	char *source;
	struct list_head mounts;
	int refs;
	int kern_refs;             /* of refs, those of the kernel's own users of a get_super instance (files of
	                            * mq_open), which do not make its mount busy (Linux: they hold kern_mount's mount) */
	bool expired;              /* umount2 MNT_EXPIRE asked once */
	u64 pages, max_pages;      /* max 0: no limit (tmpfs's size=0) */
	u64 inodes, max_inodes;    /* inodes it holds, and how many it may (tmpfs's nr_inodes=; 0: no limit) */
	u32 root_mode, root_uid, root_gid;
};

/* struct inode: a file, directory, symbolic link, FIFO or device node. nlink counts directory entries (a
 * directory: 2 + its subdirectories, 0 once removed); refs counts open files, cwds, exec images and walks in
 * progress. It is freed when both are 0. */
struct inode {
	u64 ino;
	struct super_block *sb;
	u32 mode;                  /* S_IFMT type | permission bits */
	u32 nlink;
	int refs;
	u32 uid, gid;              /* owner and group */
	u64 size;                  /* bytes: a regular file's data, a link's body, a directory's BOGO_DIRENT_SIZE per
	                            * entry */
	struct timespec64 atime, mtime, ctime; /* since the epoch: last read, last change of the data, of the inode */
	u32 rdev;                  /* device number of a character device: (major << 8) | minor */
	/* directory */
	struct inode *parent;      /* "..": the root's parent is the root; NULL once removed (a reference held in
	                            * /proc, whose inodes come and go) */
	struct list_head entries;  /* struct dentry, newest first (as Linux's tmpfs lists them) */
	struct super_block *mounted; /* the filesystem mounted on it, or NULL */
	/* regular file: the pages of its data (ramfs_file.c), or the bytes still in the initramfs */
	const void *ro_data;
	void **pages;              /* the root of a radix tree of `height` levels of 512 pointers (0: no pages) */
	u32 height;
	u64 nrpages;               /* data pages in it */
	/* symbolic link */
	char *link;                /* the body, NUL-terminated (kmalloc'd; size bytes without the NUL) */
	struct inode *jump;        /* a /proc fd link's file (a reference held): following the link lands on it
	                            * whatever its name, as Linux's "magic" links do */
	/* a file whose last name went while it was open: that name, for /proc's fd links ("... (deleted)") */
	char *deleted_path;
	/* /proc (kernel/fs/proc_base.c) */
	const struct proc_entry *pde; /* which /proc file or directory it is */
	int pid, fd;               /* the process (and descriptor) it shows */
	/* FIFO */
	struct fifo *fifo;         /* ipc/fifo.c, made at the first open */
	/* a regular file of a filesystem with a create hook: its object (mqueue: struct mqueue_inode_info) */
	void *i_private;
};

/* struct dentry: one name in a directory; with no inode, the cursor of an open directory (readdir.c): where its
 * listing goes on, so that names made or removed meanwhile do not shift it (Linux's d_alloc_cursor). Everything
 * that walks a directory's entries passes over cursors. */
struct dentry {
	struct list_head link;
	struct inode *inode;
	u32 len;
	char name[];
};

extern spinlock_t fs_lock;
extern struct inode *fs_root;

/* --- ramfs.c: inodes and directories ------------------------------------------------------------------------ */
/* ramfs_mount_initrd: mount the root filesystem and copy the names of the initramfs (cpio newc at base, size
 * bytes) into it; file bytes stay in the archive until changed. Panics when out of memory. */
void ramfs_mount_initrd(const void *base, size_t size);
/* The RAM filesystem as the root ("rootfs") and as mount(2)'s "tmpfs", with tmpfs's options size=, nr_inodes=,
 * mode=, uid=, gid= (Linux mm/shmem.c). */
extern const struct file_system_type rootfs_fs_type, tmpfs_fs_type;
/* is_ramfs: ino belongs to a RAM filesystem, whose directories hold entries that calls may make and remove (not
 * /proc). */
bool is_ramfs(const struct inode *ino);
/* inode_new: a new inode of `mode` in sb owned by the caller's fs uid and gid, nlink 0 and refs 0, times now;
 * NULL when out of memory. */
struct inode *inode_new(struct super_block *sb, u32 mode);
/* inode_init_owner: a new inode made in dir takes dir's group when dir has S_ISGID (and a directory keeps that
 * bit); S_ISGID on a group-executable file the caller is not in the group of is dropped (Linux fs/inode.c). */
void inode_init_owner(struct inode *ino, const struct inode *dir);
/* inode_get / inode_put: take / drop a reference (fs_lock held, or taken inside for inode_put_unlocked). */
struct inode *inode_get(struct inode *ino);
void inode_put(struct inode *ino);
void inode_put_unlocked(struct inode *ino);
/* inode_maybe_free: free ino when it has no name and no reference left. fs_lock held. */
void inode_maybe_free(struct inode *ino);
/* dir_empty: dir holds no name (cursors aside). fs_lock held. */
bool dir_empty(const struct inode *dir);
/* dir_find: the entry called name (len bytes) in dir, or NULL. fs_lock held. */
struct dentry *dir_find(struct inode *dir, const char *name, size_t len);
/* d_alloc: a new entry called name (len bytes), in no directory yet; NULL when out of memory. */
struct dentry *d_alloc(const char *name, size_t len);
/* d_add: put entry d in dir naming ino: nlink of ino goes up (a directory: 2, and dir's nlink up); dir's size,
 * mtime and ctime change (Linux's d_add with tmpfs's simple_link/shmem_mknod accounting). fs_lock held. */
void d_add(struct inode *dir, struct dentry *d, struct inode *ino);
/* dir_link: d_alloc and d_add in one: 0 or -ENOMEM. fs_lock held. */
int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ino);
/* dir_unlink: remove entry d of dir (telling the filesystem's unlink hook first); ino's nlink goes down (to 0 for
 * a directory), freed if unused. fs_lock held. */
void dir_unlink(struct inode *dir, struct dentry *d);
/* d_move: the inode of entry d of olddir moves to the new entry target (d_alloc'd) in newdir, which has no entry
 * of that name; d is freed; a directory's ".." and both parents' nlink follow (rename). fs_lock held. */
void d_move(struct inode *olddir, struct dentry *d, struct inode *newdir, struct dentry *target);
/* d_exchange: entries d1 of dir1 and d2 of dir2 swap their inodes (RENAME_EXCHANGE). fs_lock held. */
void d_exchange(struct inode *dir1, struct dentry *d1, struct inode *dir2, struct dentry *d2);
/* fs_now: the time to stamp inodes with (CLOCK_REALTIME). */
struct timespec64 fs_now(void);
/* file_accessed: a read of ino: its atime becomes now under Linux's default relatime rule (only when the atime
 * is not after the mtime or ctime, or is a day old: fs/inode.c relatime_need_update). fs_lock held. */
void file_accessed(struct inode *ino);
/* generic_permission: may the caller access ino as mask asks (MAY_READ, MAY_WRITE, MAY_EXEC, or'ed)? The owner's
 * permission bits when its fs uid owns it, the group's when in its group, else the others'; a privileged caller
 * (CAP_DAC_OVERRIDE) may always, but execute only what some x bit allows. 0 or -EACCES (Linux fs/namei.c
 * generic_permission). Path lookup, open, create, remove, rename, link, exec, chdir and access check it. */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4
int generic_permission(const struct inode *ino, int mask);
/* check_sticky: removing ino from directory dir is refused (EPERM) by dir's sticky bit: dir has S_ISVTX and the
 * caller's fs uid owns neither ino nor dir and it is not privileged (CAP_FOWNER) (Linux fs/namei.c
 * check_sticky). */
bool check_sticky(const struct inode *dir, const struct inode *ino);
/* fs_capable: the caller may override file ownership rules (CAP_CHOWN, CAP_FOWNER, CAP_FSETID): effective and
 * fs uid 0 (capabilities(7): changing the fs uid from 0 drops the file-system capabilities). */
bool fs_capable(void);

/* --- ramfs_file.c: a regular file's data and the open regular file --------------------------------------- */
/* ramfs_read / ramfs_write: copy between a regular file at byte offset pos and user memory ubuf (n bytes).
 * Return the bytes moved (read stops at the end of the file; write stops short when memory or the filesystem's
 * size runs out), or with nothing moved -EFAULT, -ENOSPC (the filesystem is full), -ENOMEM, -EFBIG (past
 * rlimit_fsize, with SIGXFSZ, or MAX_LFS_FILESIZE). A write drops S_ISUID and a group-executable S_ISGID unless
 * fs_capable (Linux's file_remove_privs). fs_lock held. */
long ramfs_read(struct inode *ino, u64 pos, u64 ubuf, size_t n);
long ramfs_write(struct inode *ino, u64 pos, u64 ubuf, size_t n);
/* ramfs_truncate: set a regular file's size: pages past it are freed, a gap reads as zeros; mtime and ctime
 * change when the size does. 0, -ENOMEM, -EFBIG (past rlimit_fsize with SIGXFSZ, or MAX_LFS_FILESIZE). fs_lock
 * held. */
int ramfs_truncate(struct inode *ino, u64 size);
/* ramfs_image: a regular file's bytes in one piece for exec: the initramfs bytes themselves, or a copy in
 * contiguous pages (*copy_pages > 0: free with page_free_contig). 0 or -ENOMEM. fs_lock held. */
int ramfs_image(struct inode *ino, const void **data, size_t *copy_pages);
/* ramfs_map_page: the page `index` of a regular file's data itself, for a shared mapping of the file (the file's
 * pages are its page cache: a store through the mapping is what read(2) sees). A hole gets a zeroed page; a file
 * still in the initramfs gets its own pages first. 0, -EFAULT past the end of the file (the fault is SIGBUS),
 * -ENOSPC, -ENOMEM. fs_lock held. */
int ramfs_map_page(struct inode *ino, u64 index, char **page);
/* ramfs_copy_page: copy page `index` of a regular file into page (PAGE_SIZE bytes, zeroed by the caller): the
 * first touch of a private mapping of the file. 0, or -EFAULT past the end of the file. fs_lock held. */
int ramfs_copy_page(struct inode *ino, u64 index, char *page);
/* ramfs_free_data: free every page of a regular file (it is being freed). fs_lock held. */
void ramfs_free_data(struct inode *ino);
/* rlimit_fsize: the largest size in bytes the current process may give a file (RLIMIT_FSIZE, getrlimit(2));
 * RLIM_INFINITY, ~0, for none. */
u64 rlimit_fsize(void);
/* The open regular file (file->inode is its inode). */
extern const struct file_ops ramfs_file_ops;

/* --- namei.c: path lookup ------------------------------------------------------------------------------------ */
/* struct nameidata: a path being walked (Linux's struct nameidata): name is the kernel copy of the user's path;
 * dir the directory reached (a reference held); last/len its last component ("" for "/", the root itself),
 * inside name or inside the body of a link followed; trailing: a '/' came after it. The stack holds, for each
 * symbolic link being followed, the rest of the string that named it and the link (a reference held: last may
 * point into its body); total_links counts the links followed (ELOOP past MAXSYMLINKS). */
struct nameidata {
	char *name;
	struct inode *dir;
	const char *last;
	size_t len;
	bool trailing;
	bool defer_len; /* set by the caller: the last name's length (ENAMETOOLONG) is its to check (rename) */
	int depth, total_links;
	struct {
		const char *rest;
		struct inode *link;
	} stack[MAXSYMLINKS];
};
/* Lookup flags (Linux's LOOKUP_*): follow a symbolic link in the last component; the last component must be a
 * directory; go to the top of what is mounted on the result even when it is "/" or "." (mount and umount2); an
 * empty path names dirfd itself (AT_EMPTY_PATH). */
#define LOOKUP_FOLLOW 0x0001
#define LOOKUP_DIRECTORY 0x0002
#define LOOKUP_MOUNTPOINT 0x0080
#define LOOKUP_EMPTY 0x4000
/* getname: copy the user path at upath into a new PATH_MAX buffer (*out; free with kfree). 0, -EFAULT,
 * -ENAMETOOLONG (no NUL within PATH_MAX bytes), -ENOENT (empty path), -ENOMEM. */
int getname(u64 upath, char **out);
/* path_component: the next component of the path at s (slashes before it skipped): returns its start and sets
 * *len (0 at the end of the path). */
const char *path_component(const char *s, size_t *len);
/* user_path_at: the inode the user path upath names (Linux fs/namei.c user_path_at), from / (absolute), the cwd
 * (dirfd AT_FDCWD) or the directory open as dirfd; symbolic links are followed in every component but the last,
 * and in the last with LOOKUP_FOLLOW or a trailing '/'. A reference in *out (drop with inode_put). flags:
 * LOOKUP_*. 0, -EFAULT, -ENOENT (a component or the file is missing; a link with an empty body; an empty path
 * without LOOKUP_EMPTY), -ENOTDIR (dirfd or a component is not a directory, or a trailing '/' or
 * LOOKUP_DIRECTORY on a non-directory), -ELOOP (more than MAXSYMLINKS links), -ENAMETOOLONG (the path over
 * PATH_MAX or a component over NAME_MAX), -EBADF (bad dirfd). With LOOKUP_EMPTY, "" and a dirfd open on a file
 * without an inode (a pipe, a socket) give 0 with *out NULL: the caller says what that means. Takes fs_lock: call
 * without it. */
int user_path_at(int dirfd, u64 upath, unsigned flags, struct inode **out);
/* kern_path: the same for a path in kernel memory, relative to the cwd (execve's). */
int kern_path(const char *path, unsigned flags, struct inode **out);
/* user_path_parent: upath walked up to its last component into *nd (Linux's filename_parentat): the errors of
 * user_path_at for the components before the last. Release with path_parent_put. Takes fs_lock: call without
 * it. */
int user_path_parent(int dirfd, u64 upath, struct nameidata *nd);
/* filename_parentat: user_path_parent for a path already copied in: nd->name (kmalloc'd, freed on error, else
 * by path_parent_put). With defer_len, a last name longer than NAME_MAX is left for the caller to refuse (rename:
 * Linux walks both parents, then looks up the old name and the new one, in that order). */
int filename_parentat(int dirfd, struct nameidata *nd, bool defer_len);
/* kern_path_parent: the same for a path in kernel memory, relative to the cwd (a socket's bind): -ENOENT for "",
 * -ENAMETOOLONG, -ENOMEM, then the walk's errors. */
int kern_path_parent(const char *path, struct nameidata *nd);
void path_parent_put(struct nameidata *nd);
/* lookup_one: the inode name (len bytes) names in directory dir (Linux's lookup_one): dir itself for "" and ".",
 * its parent for ".." (across a mount back to the covered directory's parent), an entry, or a /proc name; the
 * root of what is mounted on it. A reference in *out. -ENOENT when absent, -ENOTDIR when dir is not a
 * directory (and the name not ""). fs_lock held. */
int lookup_one(struct inode *dir, const char *name, size_t len, struct inode **out);
/* walk_last: the inode nd's last component names, following a symbolic link there (with `follow`, or when a
 * '/' follows it) as often as it leads to another; nd then holds the directory and name where the walk ended,
 * where O_CREAT creates. With create (O_CREAT), a '/' after the last component is -EISDIR, at each link's end
 * as at the path's (Linux's open_last_lookups). *out: a reference, or NULL when the name is absent. 0, -ELOOP,
 * -EISDIR, -ENAMETOOLONG (a last name over NAME_MAX), or the errors of the walk through a link's body. fs_lock
 * held. */
int walk_last(struct nameidata *nd, bool follow, bool create, struct inode **out);
/* is_dot_or_root: nd's last component is "." or ".." or empty (the root), none of which names a new entry. */
bool is_dot_or_root(const struct nameidata *nd);
/* may_create: may the caller make a name in dir? Write and search permission on it: 0 or -EACCES (Linux fs/namei.c
 * may_create). may_delete: may it remove victim's name from dir? The same, then dir's sticky bit (-EPERM; Linux
 * fs/namei.c may_delete). fs_lock held. */
int may_create(const struct inode *dir);
int may_delete(const struct inode *dir, const struct inode *victim);
/* make_node: create nd's last component as a new inode of mode (its nlink 1, refs 0) in *out. -EEXIST when the
 * name exists (or is "/", ".", ".."), -ENOENT when nd's directory was removed, -EPERM for anything but a regular
 * file in a regular_only filesystem, -ENOSPC, -ENOMEM, or the filesystem's create hook's error. fs_lock held. */
int make_node(struct nameidata *nd, u32 mode, struct inode **out);
/* vfs_mkobj: make_node of a regular file whose object the filesystem's create hook makes from arg (Linux's
 * vfs_mkobj: mq_open passes the queue's attributes). Its errors. fs_lock held. */
int vfs_mkobj(struct nameidata *nd, u32 mode, const void *arg, struct inode **out);
/* is_ancestor: dir is anc or lies below it (rename's rule against moving a directory into itself). fs_lock
 * held. */
bool is_ancestor(struct inode *anc, struct inode *dir);
/* cwd_inode: the current process's working directory (the root when it has none). fs_lock held. */
struct inode *cwd_inode(void);

/* --- names.c ------------------------------------------------------------------------------------------------- */
/* kern_mknod: as mknodat(AT_FDCWD, path, mode, 0) for a path in kernel memory: a new node of mode (type | the
 * permission bits, less the umask) with a reference in *out (Linux's kern_path_create and vfs_mknod, which a
 * socket's bind calls). Errors as mknodat (-EEXIST when the name exists). With probe, nothing is made: the result
 * says whether it could be. */
int kern_mknod(const char *path, u32 mode, bool probe, struct inode **out);

/* --- open.c ------------------------------------------------------------------------------------------------- */
/* fs_open_exec: the executable regular file at path (kernel string, relative to the cwd) for execve: its bytes
 * and size; release with fs_exec_done. -ENOENT, -ENOTDIR, -EACCES (not a regular file, or no x bit), -ENOMEM. */
struct exec_image {
	struct inode *inode;
	const void *data;
	size_t size;
	size_t copy_pages;
};
int fs_open_exec(const char *path, struct exec_image *img);
void fs_exec_done(struct exec_image *img);
/* file_from_inode: an open file for ino opened with flags (regular files, directories, device nodes; not
 * FIFOs): takes a reference on ino. NULL when out of memory, or ERR in *err (-ENXIO for an unknown device). */
struct file *file_from_inode(struct inode *ino, u32 flags, int *err);

/* The open directory (readdir.c; file->inode is its inode): ramfs_dir_open makes one, with its cursor in dir;
 * NULL when out of memory. */
extern const struct file_ops ramfs_dir_ops;
struct file *ramfs_dir_open(struct inode *dir, u32 flags);

/* --- readdir.c: directories as getdents64 lists them ------------------------------------------------------ */
/* struct dir_context: the user buffer getdents64 fills (ubuf, count bytes), what is in it (done bytes) and the
 * error to give when nothing could go in (Linux's struct dir_context). */
struct dir_context {
	u64 ubuf;
	size_t count, done;
	long err;
};
/* dir_emit: put one entry in ctx: name (len bytes), inode number, type (from mode) and the directory offset
 * after it. false when it does not fit (ctx->err: -EINVAL when it was the first) or the buffer faults (-EFAULT):
 * the directory stops there. */
bool dir_emit(struct dir_context *ctx, const char *name, size_t len, u64 ino, u32 mode, u64 next);

/* --- namespace.c: mounts ------------------------------------------------------------------------------------ */
/* mount_root: mount the root filesystem (boot); returns its root directory. Panics when out of memory. */
struct inode *mount_root(void);
/* kern_mount: the instance of a get_super filesystem type, made without a directory to be on (Linux's
 * kern_mount): mount(2) puts it on one later. Holds its root. NULL when out of memory. */
struct super_block *kern_mount(const struct file_system_type *type);
/* mnt_want_write: may ino's filesystem be changed? 0, or -EROFS when it is mounted read-only. */
int mnt_want_write(const struct inode *ino);
/* ramfs_pages: data pages the RAM filesystems' files hold in all (meminfo's Cached and Shmem). */
u64 ramfs_pages(void);
/* show_mounts: the mount table as /proc/mounts shows it, one line each: source, mount point, type, options,
 * "0 0" (Linux fs/proc_namespace.c show_vfsmnt). Takes fs_lock. */
void show_mounts(struct seq_buf *m);

/* --- proc_base.c: /proc ------------------------------------------------------------------------------------- */
/* proc_open: a new open file of /proc inode ino (NULL with *err -ENOMEM). */
struct file *proc_open(struct inode *ino, u32 flags, int *err);
/* anon_inode_number: the inode number fstat and /proc show for a file without an inode (a pipe, a socket). */
struct file;
u64 anon_inode_number(struct file *f);

/* --- char_dev.c: character devices --------------------------------------------------------------------------- */
/* chrdev_open: a new open file of the device ino names by its number (flags: the open's O_ACCMODE, O_NONBLOCK,
 * O_APPEND). NULL with *err: -ENXIO for a number without a driver, -ENOMEM. The caller sets f->inode. */
struct file *chrdev_open(struct inode *ino, u32 flags, int *err);
/* The drivers: kernel/mem.c (null, zero, full), kernel/random.c (random and urandom). */
extern const struct file_ops null_fops, zero_fops, full_fops, random_fops;

/* --- d_path.c: names of inodes ------------------------------------------------------------------------------ */
/* d_path: the absolute path of ino, built at the end of buf (size bytes): a pointer into buf, or an ERR_PTR:
 * -ENAMETOOLONG, -ENOENT when ino has no name (a removed directory; a file whose last name went: see
 * inode->deleted_path). Mounted filesystems are crossed back to their mount points; a file other than a
 * directory is found by a search of the tree. fs_lock held. */
char *d_path(struct inode *ino, char *buf, size_t size);

/* --- cwd.c --------------------------------------------------------------------------------------------------- */
/* struct fs_struct: a thread's working directory (a reference; NULL: the root) and umask (Linux's struct
 * fs_struct), shared by clone(CLONE_FS), as pthreads are; count: how many threads point at it. */
struct fs_struct {
	int count;
	struct inode *cwd;
	u32 umask;
};
struct proc;
/* fs_alloc_init: init's: the root, umask 022 (Linux's init_fs). NULL when out of memory. */
struct fs_struct *fs_alloc_init(void);
/* copy_fs: clone(2): with CLONE_FS in clone_flags child shares the current thread's fs_struct, otherwise it
 * gets a copy (Linux's copy_fs). Returns 0 or -ENOMEM. */
int copy_fs(u64 clone_flags, struct proc *child);
/* exit_fs: p lets go of its fs_struct; the last one drops the cwd. Called at exit, not when reaped: a lookup in
 * /proc holds fs_lock, then proc_lock. */
void exit_fs(struct proc *p);
#endif
