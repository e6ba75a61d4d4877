/* kernel/read_write.c: moving bytes through a descriptor: read, write, their vectored (readv, writev) and
 * positional forms (pread64, pwrite64, preadv, pwritev), lseek and sendfile (POSIX read(), write(), lseek();
 * Linux fs/read_write.c, whose checks each call makes in the same order). A stream (pipe, socket, the console)
 * has no position: the positional calls give ESPIPE on it. */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "kernel/uio.h"
#include "kernel/vm.h"

#define SEEK_DATA 3
#define SEEK_HOLE 4
#define SENDFILE_CHUNK (16 * PAGE_SIZE)

/* user_range_ok: Linux's access_ok: [a, a+n) lies below the top of user space. */
static bool user_range_ok(u64 a, u64 n) { return a + n >= a && a + n <= USER_TOP; }

/* rw_checks: what read and write check before moving anything (Linux's vfs_read/vfs_write and
 * rw_verify_area): -EBADF when f is not open for the direction, -EINVAL when f cannot move bytes that way,
 * -EFAULT for a buffer outside user space, -EINVAL when pos + n would pass the largest offset. */
static int rw_checks(struct file *f, u64 ubuf, size_t n, const u64 *pos, bool write)
{
	if ((f->flags & O_ACCMODE) == (write ? O_RDONLY : O_WRONLY))
		return -EBADF;
	if (write ? !f->ops->write && !f->ops->write_at : !f->ops->read && !f->ops->read_at)
		return -EINVAL;
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	if (pos && *pos + n > MAX_LFS_FILESIZE)
		return -EINVAL;
	return 0;
}

/* file_rw: n bytes between f and ubuf, at *pos (NULL: the file's own offset; a stream has none), through the
 * ops; n is cut to MAX_RW_COUNT. */
static ssize_t file_rw(struct file *f, u64 ubuf, size_t n, u64 *pos, bool write)
{
	n = MIN(n, MAX_RW_COUNT);
	if (write && f->ops->write_at)
		return f->ops->write_at(f, ubuf, n, pos ? pos : &f->pos);
	if (!write && f->ops->read_at)
		return f->ops->read_at(f, ubuf, n, pos ? pos : &f->pos);
	return write ? f->ops->write(f, ubuf, n) : f->ops->read(f, ubuf, n);
}

/* do_rw: read(2)/write(2) and their positional forms: the checks, then the transfer (nothing for n == 0). */
static ssize_t do_rw(int fd, u64 ubuf, size_t n, u64 *pos, bool write)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (pos && !f->ops->read_at)
		return -ESPIPE;
	int r = rw_checks(f, ubuf, n, pos ? pos : f->ops->read_at ? &f->pos : NULL, write);
	/* A stream moves nothing for 0 bytes; a file is asked (a directory says EISDIR), and so is a socket written
	 * (an empty datagram is a datagram; a shut-down stream says EPIPE: Linux's sock_write_iter). */
	if (r || (n == 0 && !f->ops->read_at && !(write && f->ops->write_iter)))
		return r;
	return file_rw(f, ubuf, n, pos, write);
}

/* read(fd, buf, count) and write(fd, buf, count): -EBADF for a bad descriptor or one not open for the direction,
 * -EINVAL when the file cannot move bytes that way, -EFAULT for a bad buffer, else the file's answer. */
SYSCALL_DEFINE3(read, int, fd, u64, buf, size_t, count) { return do_rw(fd, buf, count, NULL, false); }
SYSCALL_DEFINE3(write, int, fd, u64, buf, size_t, count) { return do_rw(fd, buf, count, NULL, true); }

/* pread64(fd, buf, count, offset) and pwrite64: at offset, leaving the file offset alone. -EINVAL for a negative
 * offset, -EBADF, -ESPIPE for a stream, then read's and write's errors. */
SYSCALL_DEFINE4(pread64, int, fd, u64, buf, size_t, count, s64, offset)
{
	if (offset < 0)
		return -EINVAL;
	u64 pos = (u64)offset;
	return do_rw(fd, buf, count, &pos, false);
}

SYSCALL_DEFINE4(pwrite64, int, fd, u64, buf, size_t, count, s64, offset)
{
	if (offset < 0)
		return -EINVAL;
	u64 pos = (u64)offset;
	return do_rw(fd, buf, count, &pos, true);
}

/* rw_vec: readv/writev and preadv/pwritev (pos: the offset, NULL for the file's own): each iovec in turn;
 * stops early at a short transfer; a failure after some bytes returns the bytes moved (Linux). As Linux's
 * import_iovec, every piece is checked before anything moves: -EINVAL for more than UIO_MAXIOV vectors or a
 * negative length, -EFAULT for a piece outside user space; the total is cut to MAX_RW_COUNT. A file with
 * read_iter/write_iter (a socket) takes the whole list in one operation. The vector is checked before the
 * descriptor's direction (-EBADF). */
static long rw_vec(int fd, u64 uiov, u64 cnt, u64 *pos, bool write)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (pos && !f->ops->read_at)
		return -ESPIPE;
	/* the vector first, then the file's mode (Linux's vfs_readv: import_iovec, then do_iter_read) */
	struct iov_iter it;
	int r = import_iovec(uiov, cnt, &it);
	if (r || (r = rw_checks(f, 0, 0, pos ? pos : f->ops->read_at ? &f->pos : NULL, write)))
		return r;
	if (!pos && (write ? f->ops->write_iter : f->ops->read_iter))
		return write ? f->ops->write_iter(f, &it) : f->ops->read_iter(f, &it);
	long total = 0;
	u64 budget = MAX_RW_COUNT;
	for (u64 i = 0; i < cnt && budget; i++) {
		struct iovec_k v;
		copy_from_user(&v, uiov + i * sizeof v, sizeof v);
		v.iov_len = MIN(v.iov_len, budget);
		budget -= v.iov_len;
		if (!v.iov_len)
			continue;
		long n = file_rw(f, v.iov_base, v.iov_len, pos, write);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((u64)n < v.iov_len)
			break;
	}
	return total;
}

/* readv(fd, iov, iovcnt), writev: -EBADF, -EINVAL, -EFAULT as rw_vec says. */
SYSCALL_DEFINE3(readv, int, fd, u64, iov, int, iovcnt) { return rw_vec(fd, iov, (u32)iovcnt, NULL, false); }
SYSCALL_DEFINE3(writev, int, fd, u64, iov, int, iovcnt) { return rw_vec(fd, iov, (u32)iovcnt, NULL, true); }

/* preadv(fd, iov, iovcnt, pos_l, pos_h), pwritev: at offset pos_l (on a 64-bit kernel pos_h adds nothing:
 * Linux's pos_from_hilo). -EINVAL for a negative offset, -ESPIPE for a stream, then readv's errors. */
SYSCALL_DEFINE5(preadv, int, fd, u64, iov, int, iovcnt, s64, pos_l, s64, pos_h)
{
	if (pos_l < 0)
		return -EINVAL;
	u64 pos = (u64)pos_l;
	return rw_vec(fd, iov, (u32)iovcnt, &pos, false);
}

SYSCALL_DEFINE5(pwritev, int, fd, u64, iov, int, iovcnt, s64, pos_l, s64, pos_h)
{
	if (pos_l < 0)
		return -EINVAL;
	u64 pos = (u64)pos_l;
	return rw_vec(fd, iov, (u32)iovcnt, &pos, true);
}

s64 generic_llseek(struct file *f, s64 off, int whence, s64 size)
{
	s64 base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (s64)f->pos; break;
	case SEEK_END: base = size; break;
	case SEEK_DATA: /* no holes are reported: all of a file is data, and its end the only hole; a negative
			 * offset is past it too (Linux generic_file_llseek_size compares unsigned; shmem: -ENXIO) */
		if (size < 0 || (u64)off >= (u64)size)
			return size < 0 ? -EINVAL : -ENXIO;
		base = 0;
		break;
	case SEEK_HOLE:
		if (size < 0 || (u64)off >= (u64)size)
			return size < 0 ? -EINVAL : -ENXIO;
		base = size;
		off = 0;
		break;
	default: return -EINVAL;
	}
	s64 pos;
	if (base < 0 || __builtin_add_overflow(base, off, &pos) || pos < 0)
		return -EINVAL;
	f->pos = (u64)pos;
	return pos;
}

s64 noop_llseek(struct file *f, s64 off, int whence) { return (s64)f->pos; }

/* lseek(fd, offset, whence): the new offset. -EBADF, -EINVAL for a whence past SEEK_HOLE, -ESPIPE for a
 * stream, then the file's answer (-EINVAL for a negative result; past the end is allowed: a write there leaves
 * a hole of zeros). */
SYSCALL_DEFINE3(lseek, int, fd, s64, offset, u32, whence)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (whence > SEEK_HOLE)
		return -EINVAL;
	if (!f->ops->llseek)
		return -ESPIPE;
	return f->ops->llseek(f, offset, (int)whence);
}

/* sendfile_copy: up to count bytes from in at *pos to out at its offset, through the scratch buffer at user
 * address buf (SENDFILE_CHUNK bytes); *pos moves past what out took. Returns the bytes moved, or an error when
 * none moved. */
static long sendfile_copy(struct file *in, u64 *pos, struct file *out, u64 buf, size_t count)
{
	size_t done = 0;
	while (done < count) {
		ssize_t n = file_rw(in, buf, MIN(count - done, SENDFILE_CHUNK), pos, false);
		if (n <= 0)
			return done ? (long)done : n;
		ssize_t w = file_rw(out, buf, (size_t)n, NULL, true);
		if (w < n)
			*pos -= (u64)(n - (w > 0 ? w : 0)); /* what out did not take is still to be sent */
		if (w <= 0)
			return done ? (long)done : w;
		done += (size_t)w;
		if (w < n)
			break;
	}
	return (long)done;
}

/* do_sendfile: sendfile's checks in Linux's order (fs/read_write.c do_sendfile), then the copy; *pos: where in_fd is
 * read from, moved past the bytes sent. */
static long do_sendfile(int out_fd, int in_fd, u64 *pos, bool own_pos, size_t count)
{
	struct file *in = fd_file(in_fd), *out;
	if (!in || (in->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!own_pos && !in->ops->read_at)
		return -ESPIPE;
	if (own_pos)
		*pos = in->pos;
	if ((s64)*pos < 0 || (s64)count < 0 || *pos + count > MAX_LFS_FILESIZE)
		return -EINVAL;
	count = MIN(count, MAX_RW_COUNT);
	out = fd_file(out_fd);
	if (!out || (out->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (out->flags & O_APPEND)
		return -EINVAL;
	/* Only a file's pages can be spliced out: a regular file (of a RAM filesystem or /proc). Asked for nothing,
	 * Linux says so only for a stream (a pipe, a socket) and gives 0 for the other files. */
	if (!in->inode || (count && !S_ISREG(in->inode->mode)) || (!out->ops->write && !out->ops->write_at))
		return -EINVAL;
	if (count == 0)
		return 0;
	struct mm *mm = current->mm;
	u64 buf = vm_free_range(mm, USER_MMAP_BASE, SENDFILE_CHUNK);
	if (!buf || vma_insert(mm, buf, buf + SENDFILE_CHUNK, VM_READ | VM_WRITE, VMA_ANON))
		return -ENOMEM;
	long r = sendfile_copy(in, pos, out, buf, count);
	vm_unmap(mm, buf, buf + SENDFILE_CHUNK);
	if (r > 0 && own_pos)
		in->pos = *pos;
	return r;
}

/* sendfile(out_fd, in_fd, offset, count): copy up to count bytes from in_fd, a regular file, to out_fd, any file
 * open for writing, inside the kernel. From *offset (written back past the bytes sent, even when the call fails;
 * the file offset untouched) or, with offset NULL, from in_fd's offset (which moves). Returns the bytes sent.
 * -EFAULT for a bad offset pointer, -EBADF for bad descriptors or the wrong access modes, -ESPIPE for an offset on
 * a stream, -EINVAL for a negative offset or count, an in_fd that is not a regular file, or an out_fd with
 * O_APPEND (Linux fs/read_write.c, fs/splice.c). The bytes pass through a scratch buffer mapped in the caller's
 * address space for the call, since every file's read and write take user addresses (Linux 2.4 passed kernel
 * addresses with set_fs instead; today it splices pages through a pipe): -ENOMEM when it cannot be mapped. */
SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, u64, offset, size_t, count)
{
	u64 pos = 0;
	if (!offset)
		return do_sendfile(out_fd, in_fd, &pos, true, count);
	if (copy_from_user(&pos, offset, sizeof pos))
		return -EFAULT;
	long r = do_sendfile(out_fd, in_fd, &pos, false, count);
	if (copy_to_user(offset, &pos, sizeof pos))
		return -EFAULT;
	return r;
}
