/* kernel/main.c: boot after the MMU is on (arch/aarch64/boot.S calls kmain), the kernel command line, the
 * initramfs, the first process, and power-off when init exits. */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/platform.h"
#include "arch/aarch64/vdso/vdso.h"
#include "ipc/mqueue.h"
#include "ipc/pipe.h"
#include "ipc/sock.h"
#include "ipc/sysv.h"
#include "kernel/tty.h"
#include "kernel/errno.h"
#include "kernel/fdt.h"
#include "kernel/fs/fs.h"
#include "kernel/file.h"
#include "kernel/futex.h"
#include "kernel/halt.h"
#include "kernel/initrd.h"
#include "kernel/lib/string.h"
#include "kernel/mm.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/resource.h"
#include "kernel/shmem.h"
#include "kernel/random.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/virtio_console.h"

#define DTB_PHYS 0x40000000UL
#define MAX_INIT_ARGS 256

extern char _kernel_start[], _kernel_end[];
extern bool printk_verbose;
void palloc_init(u64 base, u64 size, u64 first_free, u64 initrd_start, u64 initrd_end, u64 dtb, u64 dtb_size);
void printk_attach_port(int port);
size_t kmalloc_live(void);
size_t kmalloc_slab_pages(void);


const void *initrd_base;
size_t initrd_size;
static char cmdline[4096];  /* split into words by parse_cmdline */
static char bootargs[4096]; /* the command line as given */
static char *init_argv[MAX_INIT_ARGS + 2];
static bool trace_on = true;
static u64 preempt_seed; /* preempt=SEED: schedule exploration (kernel/preempt.h); 0: off */
static size_t boot_pages, boot_kmalloc, boot_slab; /* memory in use before init started, for the leak report */

int initrd_lookup(const char *path, struct cpio_entry *e)
{
	if (!initrd_base)
		return -ENOENT;
	return cpio_find(initrd_base, initrd_size, path, e);
}

/* parse_cmdline: "trace=off verbose preempt=3 -- /bin/prog a b": options before "--", init's arguments after it. */
static void parse_cmdline(void)
{
	char *s = cmdline;
	int argc = 0;
	bool after = false;
	init_argv[argc++] = "/init";
	while (*s) {
		while (*s == ' ')
			*s++ = 0;
		if (!*s)
			break;
		char *word = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = 0;
		if (after) {
			if (argc < MAX_INIT_ARGS)
				init_argv[argc++] = word;
			else
				printk("command line: more than %d init arguments: \"%s\" and the rest are dropped\n",
				       MAX_INIT_ARGS - 1, word);
		} else if (!strcmp(word, "--")) {
			after = true;
		} else if (!strcmp(word, "trace=off")) {
			trace_on = false;
		} else if (!strcmp(word, "trace=on")) {
			trace_on = true;
		} else if (!strcmp(word, "verbose")) {
			printk_verbose = true;
		} else if (!strncmp(word, "preempt=", 8)) {
			preempt_seed = 0;
			for (const char *d = word + 8; *d >= '0' && *d <= '9'; d++)
				preempt_seed = preempt_seed * 10 + (u64)(*d - '0');
		}
	}
	init_argv[argc] = NULL;
}

static void read_device_tree(u64 dtb_pa, u64 *ram_base, u64 *ram_size, u64 *rd_start, u64 *rd_end)
{
	const void *dtb = phys_to_virt(dtb_pa ? dtb_pa : DTB_PHYS);
	*ram_base = RAM_PHYS;
	*ram_size = 128UL << 20;
	*rd_start = *rd_end = 0;
	if (fdt_check(dtb, 1UL << 20)) {
		printk("no device tree at %#lx; assuming 128 MiB of RAM\n", dtb_pa ? dtb_pa : DTB_PHYS);
		return;
	}
	int len;
	const void *p = fdt_getprop(dtb, "/memory", "reg", &len);
	if (p && len >= 16) {
		*ram_base = fdt_read_cells(p, 2);
		*ram_size = fdt_read_cells((const char *)p + 8, 2);
	}
	p = fdt_getprop(dtb, "/chosen", "linux,initrd-start", &len);
	if (p)
		*rd_start = fdt_read_cells(p, len / 4);
	p = fdt_getprop(dtb, "/chosen", "linux,initrd-end", &len);
	if (p)
		*rd_end = fdt_read_cells(p, len / 4);
	p = fdt_getprop(dtb, "/chosen", "bootargs", &len);
	if (p && len > 0)
		strlcpy(cmdline, p, MIN((size_t)len + 1, sizeof cmdline));
}

void spawn_init(char *const argv[])
{
	static char *const envp[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL };
	struct proc *p = proc_alloc();
	if (!p)
		panic("cannot allocate init");
	init_proc = p;
	p->files = files_alloc();
	p->fs = fs_alloc_init();
	if (!p->files || !p->fs || signal_setup_init(p))
		panic("cannot allocate init");
	signal_thread_add(p);
	signal_exec(p);
	tty_console_init();
	struct file *con = console_open_file(O_RDWR);
	if (!con)
		panic("cannot open the console");
	p->files->fd[0] = con;
	p->files->fd[1] = file_get(con);
	p->files->fd[2] = file_get(con);
	int r = exec_load(p, "/init", argv, envp);
	if (r)
		panic("cannot run /init: error %d (is the initramfs given with -initrd?)", r);
	sched_add(p);
}

/* RAM and the initramfs as the device tree gives them (kmain; klog_start prints them). */
static u64 ram_base, ram_size, rd_start, rd_end;
static bool klog_started;

/* klog_start: bring up the virtio console, attach the kernel log to its "ipclab.log" port (what printk kept in
 * its ring meanwhile goes out first) and print the boot lines. Under QEMU this is about 2 ms of a boot (nearly
 * all of it translating code that runs once), so kmain calls it only when the trace (which needs the console
 * from its first event) or `verbose` asks; otherwise it runs off the path to the first user program: at the
 * first timer tick KLOG_DEFER_NS after boot, when the CPU first idles, or at halt, whichever comes first
 * (Linux defers work off its boot path the same way). Pages it takes count as boot memory, not leaks. Called
 * only with IRQs masked on the one CPU, so it runs once. */
void klog_start(void)
{
	if (klog_started)
		return;
	klog_started = true;
	size_t pages = pages_in_use(), objs = kmalloc_live(), slab = kmalloc_slab_pages();
	if (virtcons_init() == 0) {
		int port = virtcons_port("ipclab.log");
		if (port >= 0)
			printk_attach_port(port);
	}
	printk("ipclab %s: %lu MiB RAM at %#lx, %lu pages free, initramfs %lu bytes, timer %lu Hz\n", IPCLAB_REV,
	       ram_size >> 20, ram_base, ram_size / PAGE_SIZE - pages_in_use(), initrd_size, timer_hz);
	printk("command line: %s; initramfs at %#lx-%#lx\n", bootargs, rd_start, rd_end);
	boot_pages += pages_in_use() - pages;
	boot_kmalloc += kmalloc_live() - objs;
	boot_slab += kmalloc_slab_pages() - slab;
}

void klog_tick(u64 now_ns)
{
	if (!klog_started && now_ns >= KLOG_DEFER_NS)
		klog_start();
}

/* kmain: dtb_pa is the device tree's physical address from the boot loader (0: look at the start of RAM). */
void kmain(u64 dtb_pa)
{
	pl011_init();
	read_device_tree(dtb_pa, &ram_base, &ram_size, &rd_start, &rd_end);
	random_init(phys_to_virt(dtb_pa ? dtb_pa : DTB_PHYS));
	strlcpy(bootargs, cmdline, sizeof bootargs);
	parse_cmdline();
	u64 kend = virt_to_phys(_kernel_end);
	palloc_init(ram_base, ram_size, kend, rd_start, rd_end, dtb_pa, dtb_pa ? fdt_total_size(phys_to_virt(dtb_pa)) : 0);
	if (rd_start && rd_end > rd_start) {
		initrd_base = phys_to_virt(rd_start);
		initrd_size = rd_end - rd_start;
	}
	sched_init();
	gic_init();
	timer_init();
	vdso_init();
	gic_enable(IRQ_UART);
	/* Before the counts: the initial tree, the log port and the trace's buffers are not leaks. */
	ramfs_mount_initrd(initrd_base, initrd_size);
	mq_init();
	if (trace_on || printk_verbose) {
		klog_start();
		/* The header carries the command line, cut so the header stays within one event's size. */
		static char header_args[1024];
		strlcpy(header_args, bootargs, sizeof header_args);
		trace_init(header_args, trace_on);
	}
	boot_pages = pages_in_use();
	boot_kmalloc = kmalloc_live();
	boot_slab = kmalloc_slab_pages();
	preempt_explore_init(preempt_seed);
	spawn_init(init_argv);
	idle_loop();
}

void kernel_halt_after_init(int status)
{
	klog_start(); /* the log's lines reach the host whatever happened */
	int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
	int others = procs_live() - 1;
	/* init's actions and signal_struct go now (nothing runs after it); its kernel stack is still in use (we are
	 * running on it). */
	signal_release(init_proc);
	put_group_info(init_proc->cred.group_info);
	init_proc->cred.group_info = NULL;
	long pages = ((long)pages_in_use() - (long)kmalloc_slab_pages() - (long)proc_slot_pages()) -
		     ((long)boot_pages - (long)boot_slab) - KSTACK_PAGES;
	long objs = (long)kmalloc_live() - (long)boot_kmalloc;
	int pipes = pipes_live();
	printk("init exited with status %#x: halting with exit code %d\n", status, code);
	if (others > 0)
		printk("halt: %d other processes still exist; leak counts include them\n", others);
	printk("halt: leaked pages %ld, kmalloc objects %ld, pipes %d\n", pages, objs, pipes);
	if (preempt_explore)
		printk("halt: schedule exploration: %lu of %lu preemption points yielded\n",
		       (unsigned long)preemptions, (unsigned long)preempt_points);
	int sems = sem_sets_live(), msgs = msg_queues_live(), shms = shm_segs_live();
	printk("halt: System V objects left: semaphore sets %d, message queues %d, shm segments %d\n", sems, msgs, shms);
	int mqueues = mq_queues_live();
	if (mqueues)
		printk("halt: POSIX message queues left: %d\n", mqueues);
	int socks = socks_live();
	long inflight = unix_inflight_files();
	if (socks || inflight)
		printk("halt: sockets left %d, files in flight %ld\n", socks, inflight);
	int shmem = shmem_live(), futexes = futex_waiters_live();
	if (shmem || futexes)
		printk("halt: shared anonymous memory objects left: %d, threads asleep on a futex: %d\n", shmem, futexes);
	trace_kernel_halt(&(struct halt_report){ .status = code, .leaked_pages = pages, .leaked_objects = objs,
						  .leaked_pipes = pipes, .leaked_sems = sems, .leaked_msgs = msgs,
						  .leaked_shms = shms, .procs = others, .leaked_shmem = shmem,
						  .futex_waiters = futexes, .leaked_mqueues = mqueues, .leaked_socks = socks,
						  .inflight_fds = inflight });
	trace_flush();
	machine_halt(code);
}
