/* ipc/mqueue.c: POSIX message queues, mq_open(2), mq_unlink(2), mq_timedsend(2), mq_timedreceive(2),
 * mq_notify(2), mq_getsetattr(2) (mq_overview(7)), after Linux's ipc/mqueue.c.
 *
 * Each queue is a file of the mqueue filesystem, whose one instance exists from boot (mq_init) and which `mount -t
 * mqueue none /dev/mqueue` shows: `ls` lists the queues, `cat` one gives its "QSIZE:... NOTIFY:... SIGNO:...
 * NOTIFY_PID:..." line, `rm` unlinks it, and open(2) with O_CREAT there makes one. A queue descriptor (mqd_t) is a
 * descriptor of such a file, opened by mq_open with O_CLOEXEC; the queue lives while it has its name or is open.
 *
 * The data structures are in ipc/mqueue.h, the order of the messages and the hand-offs to waiting senders and
 * receivers in ipc/mqueue_core.c, messages in and out of user memory in ipc/msgutil.c (shared with System V).
 * Here: the system calls, the filesystem's hooks, the limits and their accounting, and notification. */
#include "ipc/mqueue.h"
#include "ipc/sock.h"
#include "kernel/cred.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/proc_fs.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"
#include "kernel/ucount.h"

#define MQUEUE_MAGIC 0x19800202 /* statfs's f_type */
#define FILENT_SIZE 80          /* a queue file's st_size, bytes (Linux's FILENT_SIZE) */
/* The sizes Linux's RLIMIT_MSGQUEUE formula counts per message (arm64: struct msg_msg and struct
 * posix_msg_tree_node, mq_overview(7) "Resource limit"), so a queue costs here what it costs there. */
#define LINUX_MSG_MSG_SIZE 48
#define LINUX_TREE_NODE_SIZE 48
#define NOTIFY_COOKIE_LEN 32    /* SIGEV_THREAD's cookie (Linux include/uapi/linux/mqueue.h) */
#define NOTIFY_WOKENUP 1        /* its last byte when a message arrived */
#define NOTIFY_REMOVED 2        /* ... when the registration was removed */
#define ULONG_MAX (~0UL)

/* The limits of /proc/sys/fs/mqueue (Linux's ipc_namespace mq_* fields) and the count of queues. mq_lock guards
 * mq_queues_count; the limits are read and written whole. */
static int mq_queues_max = DFLT_QUEUESMAX, mq_msg_max = DFLT_MSGMAX, mq_msgsize_max = DFLT_MSGSIZEMAX;
static int mq_msg_default = DFLT_MSG, mq_msgsize_default = DFLT_MSGSIZE;
static int mq_queues_count;
static spinlock_t mq_lock = SPINLOCK_INIT("mq");
static struct super_block *mq_sb; /* the one instance (Linux's ipc_ns->mq_mnt) */

/* /proc/sys/fs/mqueue (Linux's ipc/mq_sysctl.c): queues_max any int, the others within their MIN and HARD bounds. */
const struct proc_entry mq_sysctl_entries[] = {
	{ "msg_default", S_IFREG | 0644, .ctl = &(const struct ctl_table){ &mq_msg_default, MIN_MSGMAX, HARD_MSGMAX } },
	{ "msg_max", S_IFREG | 0644, .ctl = &(const struct ctl_table){ &mq_msg_max, MIN_MSGMAX, HARD_MSGMAX } },
	{ "msgsize_default", S_IFREG | 0644,
	  .ctl = &(const struct ctl_table){ &mq_msgsize_default, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX } },
	{ "msgsize_max", S_IFREG | 0644,
	  .ctl = &(const struct ctl_table){ &mq_msgsize_max, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX } },
	{ "queues_max", S_IFREG | 0644, .ctl = &(const struct ctl_table){ &mq_queues_max, -0x7fffffff - 1, 0x7fffffff } },
	{ NULL },
};

static inline struct mqueue_inode_info *MQUEUE_I(const struct inode *ino) { return ino->i_private; }

int mq_queues_live(void) { return mq_queues_count; }

/* mq_bytes: what a queue of attr costs against RLIMIT_MSGQUEUE, bytes (Linux's mqueue_get_inode): its messages'
 * text at their largest plus a msg_msg per message and a tree node per priority it could hold. 0 on overflow. */
static u64 mq_bytes(const struct mq_attr *attr)
{
	u64 maxmsg = (u64)attr->mq_maxmsg, msgsize = (u64)attr->mq_msgsize;
	if (msgsize > ULONG_MAX / maxmsg)
		return 0;
	u64 treesize = maxmsg * LINUX_MSG_MSG_SIZE + MIN(maxmsg, (u64)MQ_PRIO_MAX) * LINUX_TREE_NODE_SIZE;
	u64 bytes = maxmsg * msgsize;
	return bytes + treesize < bytes ? 0 : bytes + treesize;
}

/* ---- the filesystem's hooks ---- */

/* mqueue_create: ino, a regular file being made in the mqueue directory as name, becomes a queue with the
 * attributes at arg (a struct mq_attr; NULL: the defaults) (Linux's mqueue_create_attr and mqueue_get_inode).
 * -ENOSPC past queues_max (unless privileged: CAP_SYS_RESOURCE), -EINVAL for a mq_maxmsg or mq_msgsize below 1 or
 * above the limits (msg_max and msgsize_max; HARD_MSGMAX and HARD_MSGSIZEMAX when privileged), -EOVERFLOW,
 * -EMFILE past the caller's RLIMIT_MSGQUEUE, -ENOMEM. fs_lock held. */
static int mqueue_create(struct inode *dir, const char *name, size_t len, struct inode *ino, const void *arg)
{
	const struct mq_attr *attr = arg;
	u64 f = spin_lock_irqsave(&mq_lock);
	bool room = mq_queues_count < mq_queues_max || cred_capable();
	if (room)
		mq_queues_count++;
	spin_unlock_irqrestore(&mq_lock, f);
	if (!room)
		return -ENOSPC;
	int r = -ENOMEM;
	struct mqueue_inode_info *info = kmalloc(sizeof *info);
	char *copy = kmalloc(len + 1);
	if (!info || !copy)
		goto bad;
	info->attr.mq_maxmsg = MIN(mq_msg_max, mq_msg_default);
	info->attr.mq_msgsize = MIN(mq_msgsize_max, mq_msgsize_default);
	if (attr) {
		info->attr.mq_maxmsg = attr->mq_maxmsg;
		info->attr.mq_msgsize = attr->mq_msgsize;
	}
	r = -EINVAL;
	if (info->attr.mq_maxmsg <= 0 || info->attr.mq_msgsize <= 0)
		goto bad;
	if (cred_capable() ? info->attr.mq_maxmsg > HARD_MSGMAX || info->attr.mq_msgsize > HARD_MSGSIZEMAX
			   : info->attr.mq_maxmsg > mq_msg_max || info->attr.mq_msgsize > mq_msgsize_max)
		goto bad;
	r = -EOVERFLOW;
	info->mq_bytes = mq_bytes(&info->attr);
	if (!info->mq_bytes)
		goto bad;
	r = -EMFILE;
	info->user = current->cred.uid;
	if (!ucount_charge(info->user, UCOUNT_RLIMIT_MSGQUEUE, info->mq_bytes, rlimit(RLIMIT_MSGQUEUE)))
		goto bad;
	info->lock = (spinlock_t)SPINLOCK_INIT("mqueue");
	info->inode = ino;
	list_init(&info->messages);
	list_init(&info->e_wait_q[SEND]);
	list_init(&info->e_wait_q[RECV]);
	wait_queue_init(&info->wait_q, &wchan_mq_poll, info);
	memcpy(copy, name, len);
	copy[len] = 0;
	info->name = copy;
	ino->size = FILENT_SIZE;
	ino->i_private = info;
	trace_mq_create(info);
	return 0;
bad:
	kfree(copy);
	kfree(info);
	f = spin_lock_irqsave(&mq_lock);
	mq_queues_count--;
	spin_unlock_irqrestore(&mq_lock, f);
	return r;
}

/* mqueue_evict_inode: a queue's inode is freed (no name, nobody has it open): its messages go, and its charge and
 * count are given back (Linux's mqueue_evict_inode). fs_lock held. */
static void mqueue_evict_inode(struct inode *ino)
{
	struct mqueue_inode_info *info = MQUEUE_I(ino);
	if (!info)
		return; /* a directory, or a queue whose creation failed */
	struct msg_msg *msg;
	while ((msg = msg_get(info)))
		free_msg(msg);
	if (info->notify_sock) { /* never: its owner's close of the queue removed it first; as Linux, nothing sent */
		sock_put(info->notify_sock);
		kfree_skb(info->notify_cookie);
	}
	trace_mq_destroy(info);
	ucount_uncharge(info->user, UCOUNT_RLIMIT_MSGQUEUE, info->mq_bytes);
	u64 f = spin_lock_irqsave(&mq_lock);
	mq_queues_count--;
	spin_unlock_irqrestore(&mq_lock, f);
	kfree(info->name);
	kfree(info);
	ino->i_private = NULL;
}

/* mqueue_fill_super: the instance's root, a sticky directory everyone may write (Linux's mqueue_fill_super). It
 * takes no options. */
static int mqueue_fill_super(struct super_block *sb, char *data)
{
	if (data && *data)
		return -EINVAL;
	struct inode *root = inode_new(sb, S_IFDIR | S_ISVTX | S_IRWXUGO);
	if (!root)
		return -ENOMEM;
	root->uid = root->gid = 0;
	root->nlink = 2;
	root->size = 2 * BOGO_DIRENT_SIZE;
	root->parent = root;
	sb->root = root;
	return 0;
}

/* mqueue_unlink: queue ino loses its name, by mq_unlink or unlink(2) (Linux's mqueue_unlink); it lives on while a
 * descriptor of it is open. fs_lock held. */
static void mqueue_unlink(struct inode *dir, struct inode *ino)
{
	if (MQUEUE_I(ino))
		trace_mq_unlink(MQUEUE_I(ino));
}

static struct super_block *mqueue_get_super(void) { return mq_sb; }

static struct file *mqueue_open(struct inode *ino, u32 flags, int *err);

const struct file_system_type mqueue_fs_type = {
	.name = "mqueue", .magic = MQUEUE_MAGIC, .fill_super = mqueue_fill_super, .create = mqueue_create,
	.open = mqueue_open, .unlink = mqueue_unlink, .evict_inode = mqueue_evict_inode, .get_super = mqueue_get_super,
	.regular_only = true,
};

void mq_init(void)
{
	mq_sb = kern_mount(&mqueue_fs_type);
	if (!mq_sb)
		panic("cannot make the mqueue filesystem");
}

/* ---- notification ---- */

/* remove_notification: the registration ends, why "fire" (it was used: __do_notify) or "remove" (Linux's
 * remove_notification, and the end of __do_notify). A SIGEV_THREAD registration sends its netlink socket the
 * cookie, its last byte NOTIFY_WOKENUP when it fired, NOTIFY_REMOVED else, and lets go of the socket.
 * info->lock held. */
static void remove_notification(struct mqueue_inode_info *info, const char *why)
{
	int owner = info->notify_owner;
	info->notify_owner = 0;
	trace_mq_notify(info, why, owner);
	if (info->notify_sock) {
		struct sk_buff *nc = info->notify_cookie;
		nc->data[NOTIFY_COOKIE_LEN - 1] = strcmp(why, "fire") == 0 ? NOTIFY_WOKENUP : NOTIFY_REMOVED;
		netlink_sendskb(info->notify_sock, nc);
		sock_put(info->notify_sock);
		info->notify_sock = NULL;
		info->notify_cookie = NULL;
	}
}

/* __do_notify: a message went into the empty queue and no receiver was waiting for it: tell the registered
 * process, once (Linux's __do_notify): SIGEV_SIGNAL sends sigev_signo with si_code SI_MESGQ, the sender's pid and
 * real uid and sigev_value, whoever the sender is (the kernel sends it, as Linux's do_send_sig_info: kill(2)'s
 * permission rule does not apply, checked on Linux by conformance mq_perm); SIGEV_THREAD sends the cookie to the
 * netlink socket (remove_notification), where the C library's thread waits for it to run the user's function;
 * SIGEV_NONE sends nothing. Either way the registration ends. info->lock held. */
static void __do_notify(struct mqueue_inode_info *info)
{
	if (!info->notify_owner || info->attr.mq_curmsgs != 1)
		return;
	int owner = info->notify_owner, signo = info->notify.sigev_signo;
	remove_notification(info, "fire");
	if (info->notify.sigev_notify != SIGEV_SIGNAL || !signo)
		return;
	u64 f = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(owner);
	if (p && p->state == P_ZOMBIE)
		p = NULL;
	spin_unlock_irqrestore(&proc_lock, f);
	if (!p)
		return;
	struct kernel_siginfo si = {
		.si_signo = signo, .si_code = SI_MESGQ, .si_pid = current->tgid, .si_uid = (int)current->cred.uid,
		.si_value = info->notify.sigev_value,
	};
	send_signal_info(p, &si, false);
}

/* ---- the open queue ---- */

/* mq_kern_file: the mark (in f->priv) of a file that mq_open opened: it holds the instance, not a mount of it. */
static char mq_kern_file;

/* mqueue_read_file: read(2) of a queue gives its size and notification, not its messages (Linux's
 * mqueue_read_file): "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n" from byte *pos. */
static ssize_t mqueue_read_file(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	struct mqueue_inode_info *info = MQUEUE_I(f->inode);
	char buf[FILENT_SIZE];
	u64 fl = spin_lock_irqsave(&info->lock);
	bool reg = info->notify_owner != 0;
	k_snprintf(buf, sizeof buf, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", info->qsize,
		   reg ? info->notify.sigev_notify : 0,
		   reg && info->notify.sigev_notify == SIGEV_SIGNAL ? info->notify.sigev_signo : 0, info->notify_owner);
	spin_unlock_irqrestore(&info->lock, fl);
	size_t len = strlen(buf);
	if (*pos >= len)
		return 0;
	n = MIN(n, len - *pos);
	if (copy_to_user(ubuf, buf + *pos, n))
		return -EFAULT;
	*pos += n;
	return (ssize_t)n;
}

static s64 mqueue_llseek(struct file *f, s64 off, int whence)
{
	return generic_llseek(f, off, whence, (s64)f->inode->size);
}

/* mqueue_poll_file: readable with a message in the queue, writable with room (Linux's mqueue_poll_file). */
static u32 mqueue_poll_file(struct file *f, struct poll_table *pt)
{
	struct mqueue_inode_info *info = MQUEUE_I(f->inode);
	u64 fl = spin_lock_irqsave(&info->lock);
	poll_wait(pt, &info->wait_q);
	u32 mask = 0;
	if (!mq_empty(info))
		mask |= POLLIN | POLLRDNORM;
	if (!mq_full(info))
		mask |= POLLOUT | POLLWRNORM;
	spin_unlock_irqrestore(&info->lock, fl);
	return mask;
}

/* mqueue_flush_file: the process that registered a notification closes a descriptor of the queue (any of them):
 * the registration ends (Linux's mqueue_flush_file). */
static void mqueue_flush_file(struct file *f)
{
	struct mqueue_inode_info *info = MQUEUE_I(f->inode);
	u64 fl = spin_lock_irqsave(&info->lock);
	if (info->notify_owner == current->tgid)
		remove_notification(info, "remove");
	spin_unlock_irqrestore(&info->lock, fl);
}

static void mqueue_release_file(struct file *f)
{
	if (f->priv == &mq_kern_file) {
		u64 fl = spin_lock_irqsave(&fs_lock);
		mq_sb->kern_refs--;
		spin_unlock_irqrestore(&fs_lock, fl);
	}
}

static const struct file_ops mqueue_file_operations = {
	.read_at = mqueue_read_file, .llseek = mqueue_llseek, .poll = mqueue_poll_file, .flush = mqueue_flush_file,
	.release = mqueue_release_file, .kind = "mqueue",
};

static struct file *mqueue_open(struct inode *ino, u32 flags, int *err)
{
	*err = -ENOMEM;
	return file_alloc(&mqueue_file_operations, flags, NULL);
}

/* mq_fget: the queue behind descriptor mqdes, or NULL: not open, or not a queue (EBADF). */
static struct mqueue_inode_info *mq_fget(int mqdes, struct file **fp)
{
	struct file *f = fd_file(mqdes);
	if (!f || f->ops != &mqueue_file_operations)
		return NULL;
	*fp = f;
	return MQUEUE_I(f->inode);
}

/* May f's holder send (FMODE_WRITE) or receive (FMODE_READ)? An O_ACCMODE of 3 (made by mq_open with O_CREAT)
 * allows neither, as Linux's OPEN_FMODE. */
static bool fmode_write(const struct file *f) { u32 a = f->flags & O_ACCMODE; return a == O_WRONLY || a == O_RDWR; }
static bool fmode_read(const struct file *f) { u32 a = f->flags & O_ACCMODE; return a == O_RDONLY || a == O_RDWR; }

/* ---- mq_open, mq_unlink ---- */

/* mq_lookup_name: is name (from the user) one a queue can have? Linux looks it up with lookup_one_len in the
 * mqueue root: -EACCES for "", ".", ".." and a name with a '/' (so for "/name": the C libraries take its one
 * leading '/' off before the call), -ENAMETOOLONG past NAME_MAX bytes. *len: its length. */
static int mq_lookup_name(const char *name, size_t *len)
{
	*len = strlen(name);
	if (*len == 0 || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EACCES;
	return *len > NAME_MAX ? -ENAMETOOLONG : 0;
}

/* prepare_open: the checks of an mq_open of name (len bytes) in the mqueue root, which creates it with O_CREAT
 * when absent (Linux's prepare_open); the queue in *out, a reference held. fs_lock held. */
static int prepare_open(const char *name, size_t len, int oflag, u32 mode, const struct mq_attr *attr,
			struct inode **out)
{
	static const int oflag2acc[O_ACCMODE] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE };
	struct dentry *d = dir_find(mq_sb->root, name, len);
	if (!d) {
		if (!(oflag & O_CREAT))
			return -ENOENT;
		struct nameidata nd = { .dir = mq_sb->root, .last = name, .len = len };
		int r = vfs_mkobj(&nd, S_IFREG | (mode & 07777 & ~current->fs->umask), attr, out);
		if (!r)
			inode_get(*out);
		return r;
	}
	if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if ((oflag & O_ACCMODE) == (O_RDWR | O_WRONLY))
		return -EINVAL;
	int r = generic_permission(d->inode, oflag2acc[oflag & O_ACCMODE]);
	if (!r)
		*out = inode_get(d->inode);
	return r;
}

/* mq_open(name, oflag, mode, attr): a descriptor (close-on-exec) of the queue called name (without the leading
 * '/' of mq_open(3)), opened for reading (O_RDONLY), writing (O_WRONLY) or both (O_RDWR), O_NONBLOCK for its
 * sends and receives; with O_CREAT the queue is made when absent: owned by the caller's fs uid and gid, with mode
 * & ~umask, and attr's mq_maxmsg and mq_msgsize (attr NULL: msg_default and msgsize_default). Errors in Linux's
 * order: -EFAULT (attr, even without O_CREAT, or name), -ENAMETOOLONG, -ENOENT ("" or no such queue without
 * O_CREAT), -EMFILE (no free descriptor), -EACCES (a bad name, or the queue's mode refuses the access), -EEXIST
 * (O_CREAT | O_EXCL), -EINVAL (an O_ACCMODE of 3 for an existing queue), then mqueue_create's -ENOSPC, -EINVAL,
 * -EMFILE (RLIMIT_MSGQUEUE), -ENOMEM. */
SYSCALL_DEFINE4(mq_open, u64, u_name, int, oflag, u32, mode, u64, u_attr)
{
	struct mq_attr attr;
	if (u_attr && copy_from_user(&attr, u_attr, sizeof attr))
		return -EFAULT;
	char *name;
	int r = getname(u_name, &name);
	if (r)
		return r;
	size_t len;
	struct inode *ino = NULL;
	if ((r = get_unused_fd(current)) < 0 || (r = mq_lookup_name(name, &len)))
		goto out;
	u64 fl = spin_lock_irqsave(&fs_lock);
	r = prepare_open(name, len, oflag, mode, u_attr ? &attr : NULL, &ino);
	spin_unlock_irqrestore(&fs_lock, fl);
	if (r)
		goto out;
	u32 fflags = (u32)oflag & ~(u32)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	struct file *f = file_from_inode(ino, fflags, &r);
	if (!f)
		goto out;
	f->priv = &mq_kern_file;
	fl = spin_lock_irqsave(&fs_lock);
	mq_sb->kern_refs++;
	spin_unlock_irqrestore(&fs_lock, fl);
	r = fd_install(current, f, 0, true);
out:
	if (ino)
		inode_put_unlocked(ino);
	kfree(name);
	return r;
}

/* mq_unlink(name): the queue loses its name (name as mq_open's); it is destroyed once no descriptor of it is
 * open. -EFAULT, -ENAMETOOLONG, -ENOENT (""), -EACCES (a bad name), -ENOENT (no such queue), -EPERM (the mqueue
 * directory is sticky: only the queue's owner, or a privileged caller, may remove it). */
SYSCALL_DEFINE1(mq_unlink, u64, u_name)
{
	char *name;
	int r = getname(u_name, &name);
	if (r)
		return r;
	size_t len;
	if ((r = mq_lookup_name(name, &len))) {
		kfree(name);
		return r;
	}
	u64 fl = spin_lock_irqsave(&fs_lock);
	struct dentry *d = dir_find(mq_sb->root, name, len);
	if (!d) {
		r = -ENOENT;
	} else if ((r = may_delete(mq_sb->root, d->inode))) {
		; /* the directory is sticky: only the queue's owner or a privileged caller */
	} else {
		dir_unlink(mq_sb->root, d); /* mqueue_unlink tells the trace */
	}
	spin_unlock_irqrestore(&fs_lock, fl);
	kfree(name);
	return r;
}

/* ---- mq_timedsend, mq_timedreceive ---- */

/* prepare_timeout: an absolute CLOCK_REALTIME timeout at u_abs_timeout (0: none) as a deadline of time_ns() in
 * *deadline (0: none; one already passed is now, so the wait ends at once). -EFAULT, -EINVAL (timespec64_valid). */
static int prepare_timeout(u64 u_abs_timeout, u64 *deadline)
{
	*deadline = 0;
	if (!u_abs_timeout)
		return 0;
	struct timespec64 ts;
	if (copy_from_user(&ts, u_abs_timeout, sizeof ts))
		return -EFAULT;
	if (!timespec64_valid(&ts))
		return -EINVAL;
	u64 abs = timespec64_to_ns(&ts), now = ktime_get_real_ns(), mono = time_ns();
	*deadline = abs > now ? (abs - now > (u64)KTIME_MAX - mono ? 0 : mono + (abs - now)) : mono;
	return 0;
}

/* wq_sleep: the current process waits on e_wait_q[sr] of info as ewp until a receiver or sender completes its
 * operation (0), deadline passes (-ETIMEDOUT) or a signal comes (-ERESTARTSYS); then it withdraws, so nobody can
 * complete it afterwards (Linux's wq_sleep). info->lock held, released while asleep. */
static long wq_sleep(struct mqueue_inode_info *info, int sr, u64 deadline, struct ext_wait_queue *ewp)
{
	ewp->pid = current->pid;
	init_completion(&ewp->done, sr == SEND ? &wchan_mq_send : &wchan_mq_recv, info);
	list_add_tail(&ewp->list, &info->e_wait_q[sr]);
	long r = wait_for_completion(&ewp->done, &info->lock, deadline);
	if (r)
		list_del(&ewp->list);
	return r;
}

/* mq_timedsend(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout): put the msg_len bytes at msg_ptr into the queue
 * with priority msg_prio, waiting while it is full (unless O_NONBLOCK) until abs_timeout (CLOCK_REALTIME; NULL:
 * for ever). Errors in Linux's order: -EFAULT, -EINVAL (the timeout), -EINVAL (msg_prio >= MQ_PRIO_MAX), -EBADF
 * (not a queue, or not open for writing), -EMSGSIZE (msg_len > mq_msgsize), -EFAULT (the message), -ENOMEM,
 * -EAGAIN (full, O_NONBLOCK), -ETIMEDOUT, -ERESTARTSYS (a signal: restarted with SA_RESTART, else EINTR). */
SYSCALL_DEFINE5(mq_timedsend, int, mqdes, u64, u_msg_ptr, size_t, msg_len, u32, msg_prio, u64, u_abs_timeout)
{
	u64 deadline;
	int r = prepare_timeout(u_abs_timeout, &deadline);
	if (r)
		return r;
	if (msg_prio >= MQ_PRIO_MAX)
		return -EINVAL;
	struct file *f;
	struct mqueue_inode_info *info = mq_fget(mqdes, &f);
	if (!info || !fmode_write(f))
		return -EBADF;
	struct msg_msg *msg = msg_len > (size_t)info->attr.mq_msgsize ? ERR_PTR(-EMSGSIZE) : load_msg(u_msg_ptr, msg_len);
	long err = IS_ERR(msg) ? PTR_ERR(msg) : 0;
	if (err)
		msg = NULL;
	else
		msg->m_type = msg_prio;
	u64 fl = spin_lock_irqsave(&info->lock);
	if (err) {
		; /* traced below */
	} else if (mq_full(info)) {
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
		} else {
			struct ext_wait_queue wait = { .msg = msg };
			err = wq_sleep(info, SEND, deadline, &wait); /* 0: a receiver put msg into the queue */
		}
	} else {
		struct ext_wait_queue *receiver = wq_get_first_waiter(info, RECV);
		if (receiver) {
			mq_pipelined_send(info, msg, receiver);
		} else {
			msg_insert(msg, info);
			__do_notify(info);
			wake_up(&info->wait_q); /* for poll */
		}
	}
	trace_mq_send(info, u_msg_ptr, msg_len, msg_prio, err); /* msg may be received and freed already */
	spin_unlock_irqrestore(&info->lock, fl);
	if (err)
		free_msg(msg); /* NULL is fine */
	return err;
}

/* mq_timedreceive(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout): take the oldest message of the highest
 * priority into msg_ptr (its priority into *msg_prio unless NULL), waiting while the queue is empty (unless
 * O_NONBLOCK) until abs_timeout. Returns its length. Errors in Linux's order: -EFAULT, -EINVAL (the timeout),
 * -EBADF (not a queue, or not open for reading), -EMSGSIZE (msg_len < mq_msgsize), -EAGAIN (empty, O_NONBLOCK),
 * -ETIMEDOUT, -ERESTARTSYS (a signal), -EFAULT (msg_ptr or msg_prio: the message is lost, as on Linux). */
SYSCALL_DEFINE5(mq_timedreceive, int, mqdes, u64, u_msg_ptr, size_t, msg_len, u64, u_msg_prio, u64, u_abs_timeout)
{
	u64 deadline;
	int r = prepare_timeout(u_abs_timeout, &deadline);
	if (r)
		return r;
	struct file *f;
	struct mqueue_inode_info *info = mq_fget(mqdes, &f);
	if (!info || !fmode_read(f))
		return -EBADF;
	struct msg_msg *msg = NULL;
	long err = 0;
	u64 fl = spin_lock_irqsave(&info->lock);
	if (msg_len < (size_t)info->attr.mq_msgsize) {
		err = -EMSGSIZE;
	} else if (mq_empty(info)) {
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
		} else {
			struct ext_wait_queue wait = { .msg = NULL };
			err = wq_sleep(info, RECV, deadline, &wait); /* 0: a sender handed us wait.msg */
			msg = wait.msg;
		}
	} else {
		msg = msg_get(info);
		if (!mq_pipelined_receive(info)) /* the room we made goes to a waiting sender, or to the pollers */
			wake_up(&info->wait_q);
	}
	trace_mq_recv(info, err ? NULL : msg, err);
	spin_unlock_irqrestore(&info->lock, fl);
	if (err)
		return err;
	long n = (long)msg->m_ts;
	u32 prio = (u32)msg->m_type;
	if ((u_msg_prio && copy_to_user(u_msg_prio, &prio, sizeof prio)) || store_msg(u_msg_ptr, msg, msg->m_ts))
		n = -EFAULT;
	free_msg(msg);
	return n;
}

/* ---- mq_notify, mq_getsetattr ---- */

/* notify_thread_sock: SIGEV_THREAD's netlink socket and cookie (Linux's do_mq_notify): the 32-byte cookie at
 * sigev_value, copied into a new sk_buff (*nc), and the socket open as descriptor sigev_signo (*sock, a reference
 * held). 0, or -ENOMEM, -EFAULT (the cookie), -EBADF (sigev_signo), -ENOTSOCK (another file), -EINVAL (a socket
 * of another family), with nothing held. */
static int notify_thread_sock(const struct sigevent_k *n, struct sock **sock, struct sk_buff **nc)
{
	int err;
	if (!(*nc = alloc_skb(NOTIFY_COOKIE_LEN)))
		return -ENOMEM;
	(*nc)->len = NOTIFY_COOKIE_LEN;
	err = -EFAULT;
	if (copy_from_user((*nc)->data, n->sigev_value, NOTIFY_COOKIE_LEN))
		goto bad;
	err = -EBADF;
	struct file *f = fd_file(n->sigev_signo);
	if (!f || !(*sock = netlink_getsockbyfilp(f, &err)))
		goto bad;
	return 0;
bad:
	kfree_skb(*nc);
	*nc = NULL;
	return err;
}

/* mq_notify(mqdes, notification): register the caller to be told when a message arrives in the empty queue and
 * no receiver is waiting for it (notification->sigev_notify SIGEV_SIGNAL: signal sigev_signo with sigev_value;
 * SIGEV_THREAD: send the 32-byte cookie at sigev_value to the netlink socket open as sigev_signo, its last byte
 * NOTIFY_WOKENUP, which is how musl's and glibc's mq_notify run a function on a thread; SIGEV_NONE: only the
 * registration ends), or with NULL end the caller's registration (nothing when it has none). The registration
 * ends after one notification, at mq_notify(NULL), or when the caller closes a descriptor of the queue (then
 * SIGEV_THREAD's socket gets the cookie with NOTIFY_REMOVED). Errors in Linux's order: -EFAULT, -EINVAL (another
 * sigev_notify, or a signal beyond _NSIG), notify_thread_sock's for SIGEV_THREAD, -EBADF (not a queue), -EBUSY
 * (another process is registered). */
SYSCALL_DEFINE2(mq_notify, int, mqdes, u64, u_notification)
{
	struct sigevent_k n;
	struct sock *sock = NULL;     /* SIGEV_THREAD's, until the registration takes them */
	struct sk_buff *nc = NULL;
	if (u_notification) {
		if (copy_from_user(&n, u_notification, sizeof n))
			return -EFAULT;
		if (n.sigev_notify != SIGEV_NONE && n.sigev_notify != SIGEV_SIGNAL && n.sigev_notify != SIGEV_THREAD)
			return -EINVAL;
		if (n.sigev_notify == SIGEV_SIGNAL && (u32)n.sigev_signo > _NSIG)
			return -EINVAL;
		if (n.sigev_notify == SIGEV_THREAD) {
			int r = notify_thread_sock(&n, &sock, &nc);
			if (r)
				return r;
		}
	}
	struct file *f;
	struct mqueue_inode_info *info = mq_fget(mqdes, &f);
	long r = 0;
	if (!info) {
		r = -EBADF;
		goto out;
	}
	u64 fl = spin_lock_irqsave(&info->lock);
	if (!u_notification) {
		if (info->notify_owner == current->tgid)
			remove_notification(info, "remove");
	} else if (info->notify_owner) {
		r = -EBUSY;
	} else {
		info->notify = (struct sigevent_k){ .sigev_notify = n.sigev_notify };
		if (n.sigev_notify == SIGEV_SIGNAL) {
			info->notify.sigev_signo = n.sigev_signo;
			info->notify.sigev_value = n.sigev_value;
		}
		info->notify_sock = sock;
		info->notify_cookie = nc;
		sock = NULL;
		nc = NULL;
		info->notify_owner = current->tgid;
		trace_mq_notify(info, "register", current->tgid);
	}
	spin_unlock_irqrestore(&info->lock, fl);
out:
	if (sock)
		sock_put(sock);
	if (nc)
		kfree_skb(nc);
	return r;
}

/* mq_getsetattr(mqdes, newattr, oldattr): the queue's attributes into *oldattr (mq_flags: the descriptor's
 * O_NONBLOCK), and with newattr the descriptor's O_NONBLOCK set from its mq_flags (the rest of it is ignored).
 * -EFAULT, -EINVAL (mq_flags other than O_NONBLOCK), -EBADF. */
SYSCALL_DEFINE3(mq_getsetattr, int, mqdes, u64, u_mqstat, u64, u_omqstat)
{
	struct mq_attr new, old;
	if (u_mqstat && copy_from_user(&new, u_mqstat, sizeof new))
		return -EFAULT;
	if (u_mqstat && (new.mq_flags & ~(long)O_NONBLOCK))
		return -EINVAL;
	struct file *f;
	struct mqueue_inode_info *info = mq_fget(mqdes, &f);
	if (!info)
		return -EBADF;
	u64 fl = spin_lock_irqsave(&info->lock);
	old = info->attr;
	old.mq_flags = f->flags & O_NONBLOCK;
	if (u_mqstat)
		f->flags = (new.mq_flags & O_NONBLOCK) ? f->flags | O_NONBLOCK : f->flags & ~(u32)O_NONBLOCK;
	spin_unlock_irqrestore(&info->lock, fl);
	if (u_omqstat && copy_to_user(u_omqstat, &old, sizeof old))
		return -EFAULT;
	return 0;
}
