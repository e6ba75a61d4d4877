/* arch/aarch64/trap.c: what each exception does (ARM ARM D1.10; ESR_EL1 syndrome D17.2.37).
 * From EL0: SVC is a system call; a translation fault inside a vma is served by allocating the page; any other
 * fault kills the process with the signal Linux sends (SIGSEGV, SIGBUS, SIGILL, SIGTRAP). From EL1 every
 * synchronous exception is a kernel bug: panic with the registers. */
#include "arch/aarch64/include/io.h"
#include "arch/aarch64/include/sysregs.h"
#include "arch/aarch64/include/trapframe.h"
#include "arch/aarch64/platform.h"
#include "kernel/tty.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/oom_kill.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/trace.h"
#include "kernel/vm.h"

static void dump(const char *what, struct trapframe *tf, u64 esr)
{
	printk("%s: esr %#lx (ec %#lx) far %#lx elr %#lx spsr %#lx\n", what, esr, esr >> ESR_EC_SHIFT,
	       read_sysreg(far_el1), tf->pc, tf->pstate);
	for (int i = 0; i < 31; i += 2)
		printk("  x%-2d %016lx  x%-2d %016lx\n", i, tf->regs[i], i + 1, i < 30 ? tf->regs[i + 1] : tf->sp);
}

void trap_el0_sync(struct trapframe *tf)
{
	u64 esr = read_sysreg(esr_el1);
	u64 ec = esr >> ESR_EC_SHIFT;
	if (ec == EC_SVC64) {
		syscall_dispatch(tf);
		return;
	}
	u64 far = read_sysreg(far_el1);
	switch (ec) {
	case EC_DABT_LOW:
	case EC_IABT_LOW: {
		u32 fsc = esr & 0x3f;
		bool translation = (fsc & 0x3c) == 0x04; /* translation fault, level 0-3 */
		bool permission = (fsc & 0x3c) == 0x0c;  /* permission fault: a write to a copy-on-write page, or a real one */
		u32 access = ec == EC_IABT_LOW ? VM_EXEC : ((esr >> 6) & 1) ? VM_WRITE : VM_READ;
		enum vm_fault r = translation || permission ? vm_user_fault(current->mm, far, access) : VM_FAULT_SIGSEGV;
		if (r == VM_FAULT_OK)
			return;
		if (r == VM_FAULT_SIGBUS) { /* a file mapping past the end of its file (mmap(2)) */
			force_signal(SIGBUS, BUS_ADRERR, far);
			return;
		}
		if (r == VM_FAULT_OOM) { /* a victim is killed; the access is tried again on return */
			out_of_memory();
			return;
		}
		if ((fsc & 0x3c) == 0x20 || fsc == 0x21) { /* alignment fault */
			force_signal(SIGBUS, BUS_ADRALN, far);
			return;
		}
		struct vma *v = vma_find(current->mm, far);
		printk_ratelimited("pid %d (%s): segfault at %#lx pc %#lx (%s, esr %#lx, %s)\n", current->pid, current->name, far,
		       tf->pc, access == VM_WRITE ? "write" : access == VM_EXEC ? "exec" : "read", esr,
		       v ? "inside a mapping" : "no mapping there");
		force_signal(SIGSEGV, v ? SEGV_ACCERR : SEGV_MAPERR, far);
		return;
	}
	case EC_PC_ALIGN:
	case EC_SP_ALIGN:
		force_signal(SIGBUS, BUS_ADRALN, ec == EC_PC_ALIGN ? tf->pc : tf->sp);
		return;
	case EC_BRK64:
		force_signal(SIGTRAP, 1 /* TRAP_BRKPT */, tf->pc);
		return;
	case EC_FP_EXC64:
		force_signal(SIGFPE, 0, tf->pc);
		return;
	default:
		printk_ratelimited("pid %d (%s): illegal instruction at %#lx (esr %#lx)\n", current->pid, current->name, tf->pc,
		       esr);
		force_signal(SIGILL, ILL_ILLOPC, tf->pc);
		return;
	}
}

void trap_el1_sync(struct trapframe *tf)
{
	u64 esr = read_sysreg(esr_el1);
	dump("kernel fault", tf, esr);
	panic("synchronous exception in the kernel: esr %#lx far %#lx pc %#lx", esr, read_sysreg(far_el1), tf->pc);
}

void trap_bad(struct trapframe *tf)
{
	dump("unexpected exception", tf, read_sysreg(esr_el1));
	panic("unexpected exception vector");
}

void trap_irq(struct trapframe *tf)
{
	for (;;) {
		int irq = gic_ack();
		if (irq >= 1020)
			break;
		if (irq == IRQ_VTIMER)
			timer_irq();
		else if (irq == IRQ_UART)
			console_irq();
		gic_eoi(irq);
	}
}

/* irq_from_user: the interrupt being handled came while EL0 ran (el0_irq), for the tick's accounting. */
bool irq_from_user;

void trap_irq_from(bool user)
{
	irq_from_user = user;
	trap_irq(NULL);
}


void user_return_work(struct trapframe *tf)
{
	struct proc *p = current;
	for (;;) {
		while (need_resched)
			yield();
		long r = (long)tf->regs[0];
		bool restart = p->syscall_nr >= 0 && r <= -ERESTARTSYS && r >= -ERESTART_RESTARTBLOCK;
		if (!signal_pending(p) && !p->sig_restore_mask && !restart)
			break;
		signal_deliver(tf);
		if (!signal_pending(p))
			break;
		/* Another signal is pending (a handler frame was built and one more arrived): deliver it on top. */
	}
	p->syscall_nr = -1;
}

void machine_halt(int status)
{
	__asm__ volatile("msr daifset, #2");
	semihost_exit(status);
}
