/* kernel/exec.c: execve(2) of static ELF64 programs from the RAM filesystem (kernel/fs). The new stack is laid out as Linux's
 * fs/binfmt_elf.c create_elf_tables lays it out, so musl's _start works unchanged: from sp upwards argc,
 * argv[] NULL, envp[] NULL, auxv pairs ending with AT_NULL; above them the 16 AT_RANDOM bytes and the strings.
 * The vDSO is mapped into every new image (AT_SYSINFO_EHDR; arch/aarch64/vdso.c). */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/vdso/vdso.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"

#define ARG_MAX_BYTES (64 * 1024) /* argv + envp strings */
#define MAX_ARG_STRINGS 1024
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31
#define AT_SYSINFO_EHDR 33

static int count(char *const v[]) { int n = 0; while (v && v[n]) n++; return n; }

/* load_segments: map and fill every PT_LOAD of the image into mm. */
static int load_segments(struct mm *mm, const struct elf_info *info, const char *image)
{
	u64 end_max = 0;
	for (u32 i = 0; i < info->nloads; i++) {
		const struct elf_load *l = &info->loads[i];
		u32 prot = (l->flags & 4 ? VM_READ : 0) | (l->flags & 2 ? VM_WRITE : 0) | (l->flags & 1 ? VM_EXEC : 0);
		u64 start = ALIGN_DOWN(l->vaddr, PAGE_SIZE), end = ALIGN_UP(l->vaddr + l->memsz, PAGE_SIZE);
		int r = vma_insert(mm, start, end, prot | VM_READ, VMA_ELF);
		if (r)
			return r == -EINVAL ? -ENOEXEC : r;
		/* Copy the file bytes page by page through the kernel's view of each page. */
		for (u64 done = 0; done < l->filesz;) {
			u64 va = l->vaddr + done;
			char *page = vm_page(mm, ALIGN_DOWN(va, PAGE_SIZE), VM_READ);
			if (!page)
				return -ENOMEM;
			size_t off = va & (PAGE_SIZE - 1), n = MIN(l->filesz - done, PAGE_SIZE - off);
			memcpy(page + off, image + l->offset + done, n);
			if (prot & VM_EXEC)
				vm_sync_icache(page + off, n);
			done += n;
		}
		end_max = MAX(end_max, end);
	}
	mm->brk_start = mm->brk = end_max;
	return 0;
}

static long push_strings(const struct cred *cred, struct mm *mm, u64 sp, const struct elf_info *info, int argc,
			 char *const argv[], int envc, char *const envp[], u64 *uargv, u64 *uenvp);

/* push_stack: build argc/argv/envp/auxv on the new stack of image mm (the auxiliary vector with the ids cred the
 * program runs with: getauxval(3)); returns the initial sp or a negative errno. */
static long push_stack(const struct cred *cred, struct mm *mm, const struct elf_info *info, char *const argv[],
		       char *const envp[])
{
	int argc = count(argv), envc = count(envp);
	if (argc > MAX_ARG_STRINGS || envc > MAX_ARG_STRINGS)
		return -E2BIG;
	u64 sp = USER_STACK_TOP;
	size_t total = 0;
	for (int i = 0; i < argc; i++)
		total += strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		total += strlen(envp[i]) + 1;
	if (total > ARG_MAX_BYTES)
		return -E2BIG;
	u64 *uargv = kmalloc((argc + 1 + envc + 1) * 8), *uenvp = uargv + argc + 1;
	long r = push_strings(cred, mm, sp, info, argc, argv, envc, envp, uargv, uenvp);
	kfree(uargv);
	return r;
}

static long push_strings(const struct cred *cred, struct mm *mm, u64 sp, const struct elf_info *info, int argc,
			 char *const argv[], int envc, char *const envp[], u64 *uargv, u64 *uenvp)
{
	if (!uargv)
		return -ENOMEM;
	for (int i = envc - 1; i >= 0; i--) {
		size_t n = strlen(envp[i]) + 1;
		sp -= n;
		if (copy_to_mm(mm, sp, envp[i], n))
			return -ENOMEM;
		uenvp[i] = sp;
	}
	for (int i = argc - 1; i >= 0; i--) {
		size_t n = strlen(argv[i]) + 1;
		sp -= n;
		if (copy_to_mm(mm, sp, argv[i], n))
			return -ENOMEM;
		uargv[i] = sp;
	}
	uargv[argc] = uenvp[envc] = 0;
	/* The strings lie from argv[0]'s up to the stack's top, the environment's last (/proc/PID/cmdline). */
	mm->env_start = envc ? uenvp[0] : USER_STACK_TOP;
	mm->arg_start = argc ? uargv[0] : mm->env_start;
	mm->arg_end = mm->env_start;
	mm->env_end = USER_STACK_TOP;
	u64 execfn = argc ? uargv[0] : 0;
	sp = ALIGN_DOWN(sp, 16) - 16;
	u64 rnd[2] = { time_cycles() * 0x9e3779b97f4a7c15UL, (u64)mm * 0xbf58476d1ce4e5b9UL ^ time_ns() };
	if (copy_to_mm(mm, sp, rnd, sizeof rnd))
		return -ENOMEM;
	u64 at_random = sp;
	u64 auxv[] = { AT_PHDR, info->phdr, AT_PHENT, info->phent, AT_PHNUM, info->phnum, AT_PAGESZ, PAGE_SIZE,
		       AT_ENTRY, info->entry, AT_UID, cred->uid, AT_EUID, cred->euid, AT_GID, cred->gid,
		       AT_EGID, cred->egid, AT_HWCAP, 0, AT_CLKTCK, 100,
		       AT_SECURE, cred->uid != cred->euid || cred->gid != cred->egid,
		       AT_RANDOM, at_random, AT_EXECFN, execfn,
		       AT_SYSINFO_EHDR, mm->vdso_base, AT_NULL, 0 };
	size_t words = 1 + (argc + 1) + (envc + 1) + ARRAY_SIZE(auxv);
	sp = ALIGN_DOWN(sp - words * 8, 16);
	u64 a = sp, c = (u64)argc;
	if (copy_to_mm(mm, a, &c, 8) || copy_to_mm(mm, a + 8, uargv, (argc + 1) * 8) ||
	    copy_to_mm(mm, a + 8 + (argc + 1) * 8, uenvp, (envc + 1) * 8) ||
	    copy_to_mm(mm, a + 8 + (argc + 1 + envc + 1) * 8, auxv, sizeof auxv))
		return -ENOMEM;
	mm->start_stack = sp;
	return (long)sp;
}

/* de_thread: execve in a process with other threads: they all end (SIGKILL), and the caller waits until they
 * are gone; a caller that is not the leader then takes the leader's place, so the process keeps its id, which
 * becomes the caller's thread id too, and the old leader is freed (execve(2) "All threads other than the calling
 * thread are destroyed"; Linux's de_thread). Returns 0, or -EAGAIN when another thread is ending the process
 * already (its exit_group or execve): the caller then dies of the SIGKILL it was sent. */
static int de_thread(struct proc *p)
{
	struct signal_struct *sig = p->signal;
	struct proc *leader = p->group_leader;
	if (sig->nr_threads == 1 && leader == p)
		return unshare_sighand(p);
	u64 f = spin_lock_irqsave(&sig_lock);
	if (sig->group_exit || sig->group_exec_task) {
		spin_unlock_irqrestore(&sig_lock, f);
		return -EAGAIN;
	}
	sig->group_exec_task = p;
	zap_threads(sig, p);
	spin_unlock_irqrestore(&sig_lock, f);
	f = spin_lock_irqsave(&proc_lock);
	while (sig->nr_threads > 1)
		sleep_on_uninterruptible(&sig->group_exit_wait, &proc_lock);
	if (leader != p) { /* the leader exited (or was just killed): take its place */
		int tid = p->pid;
		p->pid = leader->pid;
		leader->pid = tid;
		p->start_time = leader->start_time;
		p->exit_signal = leader->exit_signal;
		p->parent = leader->parent;
		list_add(&p->sibling, &leader->sibling);
		list_del(&leader->sibling);
		while (!list_empty(&leader->children)) {
			struct proc *c = list_first_entry(&leader->children, struct proc, sibling);
			list_del(&c->sibling);
			c->parent = p;
			list_add_tail(&c->sibling, &p->children);
		}
		p->group_leader = p;
		signal_thread_del(leader);
		proc_free(leader);
		trace_proc_release(p, tid); /* its old thread id goes; it goes on as the process's id */
	}
	sig->group_exec_task = NULL;
	spin_unlock_irqrestore(&proc_lock, f);
	return unshare_sighand(p);
}

/* exec_cred: the ids a program runs with: the set-user-ID bit makes the file's owner the effective user, the
 * set-group-ID bit (with the group's execute bit) its group the effective group, unless the filesystem is mounted
 * nosuid; the saved ids become the effective ones, and the filesystem ids follow them (execve(2), Linux
 * fs/exec.c bprm_fill_uid). fs_lock held. */
static struct cred exec_cred(const struct cred *old, const struct inode *ino)
{
	struct cred c = *old;
	if (!(ino->sb->flags & MS_NOSUID)) {
		if (ino->mode & S_ISUID)
			c.euid = ino->uid;
		if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			c.egid = ino->gid;
	}
	c.suid = c.fsuid = c.euid;
	c.sgid = c.fsgid = c.egid;
	return c;
}

int exec_load(struct proc *p, const char *path, char *const argv[], char *const envp[])
{
	struct exec_image img;
	int r = fs_open_exec(path, &img);
	if (r)
		return r;
	struct elf_info info;
	struct mm *mm = NULL;
	r = elf_parse(img.data, img.size, USER_STACK_TOP - USER_STACK_SIZE, &info);
	if (r)
		goto bad;
	mm = mm_create();
	if (!mm) {
		r = -ENOMEM;
		goto bad;
	}
	r = load_segments(mm, &info, img.data);
	u64 fl = spin_lock_irqsave(&fs_lock);
	mm->exe_file = inode_get(img.inode); /* /proc/PID/exe */
	struct cred cred = exec_cred(&p->cred, img.inode);
	spin_unlock_irqrestore(&fs_lock, fl);
	fs_exec_done(&img);
	img.inode = NULL;
	if (r)
		goto bad;
	r = vma_insert(mm, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_TOP, VM_READ | VM_WRITE, VMA_STACK);
	if (!r && vdso_map(mm) < 0)
		r = -ENOMEM;
	if (r)
		goto bad;
	long sp = push_stack(&cred, mm, &info, argv, envp);
	if (sp < 0) {
		r = (int)sp;
		goto bad;
	}
	r = de_thread(p);
	if (r)
		goto bad;
	if (unshare_files(p)) { /* a table shared with another process (CLONE_FILES) is copied first */
		r = -ENOMEM;
		goto bad;
	}

	/* Point of no return: the old image goes. */
	p->cred = cred;
	struct mm *old = p->mm;
	mm->tgid = p->tgid;
	p->mm = mm;
	if (p == current)
		vm_switch(mm);
	mm_put(old); /* a vfork child leaves its parent's address space to the parent */
	p->min_flt += mm->pages; /* the pages loaded for it count as the faults Linux takes on them lazily */
	p->maxrss = MAX(p->maxrss, (u64)mm->pages);
	vfork_done(p);
	memset(p->tf, 0, sizeof *p->tf);
	p->tf->pc = info.entry;
	p->tf->sp = (u64)sp;
	p->tf->pstate = 0; /* EL0t, interrupts unmasked */
	memset(&p->fp, 0, sizeof p->fp);
	p->tpidr_el0 = 0;
	if (p == current) {
		fpsimd_load(&p->fp);
		write_sysreg(tpidr_el0, 0);
	}
	proc_set_name(p, path);
	fd_close_on_exec(p);
	signal_exec(p);

	trace_proc_exec(p, path, argv);
	return 0;
bad:
	if (img.inode)
		fs_exec_done(&img);
	if (mm)
		mm_destroy(mm);
	return r;
}

/* copy_strings: a user NULL-terminated array of strings into kernel memory: vec (max entries) pointing into
 * buf (size bytes). Returns the count, -EFAULT or -E2BIG. */
static long copy_strings(u64 uvec, char **vec, int max, char *buf, size_t size)
{
	size_t used = 0;
	int n = 0;
	if (!uvec)
		goto done;
	for (;; n++) {
		u64 us;
		if (copy_from_user(&us, uvec + 8 * n, 8))
			return -EFAULT;
		if (!us)
			break;
		if (n >= max - 1)
			return -E2BIG;
		long len = strncpy_from_user(buf + used, us, size - used);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return len;
		vec[n] = buf + used;
		used += len + 1;
	}
done:
	vec[n] = NULL;
	return n;
}

/* execve(path, argv, envp), in Linux 6.1's order (fs/exec.c do_execveat_common): the path name (-EFAULT,
 * -ENOENT for "", -ENAMETOOLONG), the arguments (-EFAULT for bad pointers, -E2BIG for too many bytes), then the
 * file (-ENOENT/-ENOTDIR when not found, relative paths from the cwd; -EACCES when it is not an executable
 * regular file; -ENOEXEC when it is not a static AArch64 ELF). On success it does not return. */
SYSCALL_DEFINE3(execve, u64, pathname, u64, argv, u64, envp)
{
	char *path;
	long r = getname(pathname, &path);
	if (r)
		return r;
	char *buf = page_alloc_contig(ARG_MAX_BYTES / PAGE_SIZE * 2);
	char **vecs = kmalloc(sizeof(char *) * 2 * MAX_ARG_STRINGS);
	if (!buf || !vecs) {
		r = -ENOMEM;
		goto out;
	}
	char **kargv = vecs, **kenvp = vecs + MAX_ARG_STRINGS;
	r = copy_strings(argv, kargv, MAX_ARG_STRINGS, buf, ARG_MAX_BYTES);
	if (r >= 0)
		r = copy_strings(envp, kenvp, MAX_ARG_STRINGS, buf + ARG_MAX_BYTES, ARG_MAX_BYTES);
	if (r >= 0)
		r = exec_load(current, path, kargv, kenvp);
out:
	if (buf)
		page_free_contig(buf, ARG_MAX_BYTES / PAGE_SIZE * 2);
	kfree(vecs);
	kfree(path);
	return r; /* success: 0, which is also the new image's x0 */
}
