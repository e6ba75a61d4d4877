/* kernel/tty.c: the console as a terminal, with Linux's semantics (termios(3), tty_ioctl(4); Linux
 * drivers/tty/n_tty.c for the line discipline, tty_io.c and tty_jobctrl.c for sessions and job control).
 *
 * Input: each byte the UART receives goes through the line discipline (tty_receive_byte, in interrupt context):
 * input translation (ICRNL...), the signal keys (ISIG: ^C SIGINT, ^\ SIGQUIT, ^Z SIGTSTP to the foreground process
 * group), canonical editing (ICANON: erase, word erase, kill, ^D end of file, ^V literal next; a read returns one
 * line) or not (VMIN/VTIME), and echo. Output: OPOST translation (ONLCR: "\n" -> "\r\n") on the UART.
 * Job control: a process of a background group that reads its controlling terminal gets SIGTTIN, one that writes
 * with TOSTOP (or changes the terminal's settings) SIGTTOU, unless it ignores or blocks the signal: then the read
 * fails with EIO and the write goes through (Linux tty_check_change, __tty_check_change). Reads and writes through
 * /dev/console are exempt, as Linux's redirected console is (n_tty.c job_control: "don't stop on /dev/console"):
 * a shell with job control runs on /dev/ttyAMA0. */
#include "arch/aarch64/platform.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/trace_events.h"
#include "kernel/tty.h"
#include "kernel/uaccess.h"

/* c_iflag, c_oflag, c_lflag bits (asm-generic/termbits.h) */
#define IGNBRK 0000001
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IXON 0002000
#define OPOST 0000001
#define ONLCR 0000004
#define OCRNL 0000010
#define B38400 0000017
#define CS8 0000060
#define CREAD 0000200
#define HUPCL 0002000
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000
/* c_cc indexes */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16
/* ioctl requests (asm-generic/ioctls.h) */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429
#define O_NOCTTY 0400
#define TCIFLUSH 0
#define TCIOFLUSH 2
#define _POSIX_VDISABLE 0

struct tty console_tty = {
	.lock = SPINLOCK_INIT("tty"),
	.read_wait = WAIT_QUEUE_INIT(console_tty.read_wait, &wchan_tty_read, &console_tty),
};

void tty_console_init(void)
{
	/* Linux's tty_std_termios: cooked mode with echo and the signal keys; the control characters of INIT_C_CC. */
	static const u8 init_cc[NCCS] = { 3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0 };
	struct termios *t = &console_tty.termios;
	*t = (struct termios){ .c_iflag = ICRNL | IXON, .c_oflag = OPOST | ONLCR, .c_cflag = B38400 | CS8 | CREAD | HUPCL,
			       .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN };
	for (int i = 0; i < NCCS; i++)
		t->c_cc[i] = init_cc[i];
}

#define L(tty, f) ((tty)->termios.c_lflag & (f))
#define I(tty, f) ((tty)->termios.c_iflag & (f))
#define O(tty, f) ((tty)->termios.c_oflag & (f))
#define CC(tty, i) ((tty)->termios.c_cc[i])

/* ---- output ---- */

/* tty_put: one byte to the terminal with output processing (OPOST: ONLCR "\n" -> "\r\n", OCRNL "\r" -> "\n"). */
static void tty_put(struct tty *tty, char c)
{
	if (O(tty, OPOST)) {
		if (c == '\n' && O(tty, ONLCR))
			pl011_putc('\r');
		else if (c == '\r' && O(tty, OCRNL))
			c = '\n';
	}
	pl011_putc(c);
}

/* echo_byte: echo c as it was typed: a control character as ^X with ECHOCTL (not tab or newline). */
static void echo_byte(struct tty *tty, char c)
{
	if (!L(tty, ECHO))
		return;
	u8 u = (u8)c;
	if (L(tty, ECHOCTL) && (u < 32 || u == 0177) && c != '\t' && c != '\n') {
		tty_put(tty, '^');
		tty_put(tty, u == 0177 ? '?' : (char)(u + 64));
	} else {
		tty_put(tty, c);
	}
}

/* echo_erase: take the echo of c back from the screen (ECHOE: backspace, space, backspace; two columns for a
 * control character echoed as ^X). */
static void echo_erase(struct tty *tty, char c)
{
	if (!L(tty, ECHO))
		return;
	if (!L(tty, ECHOE)) {
		echo_byte(tty, CC(tty, VERASE));
		return;
	}
	u8 u = (u8)c;
	int cols = L(tty, ECHOCTL) && (u < 32 || u == 0177) && c != '\t' ? 2 : 1;
	while (cols--) {
		tty_put(tty, '\b');
		tty_put(tty, ' ');
		tty_put(tty, '\b');
	}
}

/* ---- input: the line discipline ---- */

static bool is_cc(struct tty *tty, char c, int i) { return CC(tty, i) != _POSIX_VDISABLE && (u8)c == CC(tty, i); }

/* readable: a read would return now: a complete line (or end of file) in canonical mode, any byte otherwise. */
static bool readable(struct tty *tty) { return tty->w != tty->r; }

/* commit: the line being edited ends (canonical mode): readers may have it. */
static void commit(struct tty *tty)
{
	tty->w = tty->e;
	wake_up(&tty->read_wait);
}

/* isig: a signal key: the signal to the foreground group, the input flushed unless NOFLSH, the key echoed (^C;
 * no newline: the shell prints its own, as on Linux: n_tty_receive_signal_char). */
static void isig(struct tty *tty, char c, int sig)
{
	if (!L(tty, NOFLSH))
		tty->r = tty->w = tty->e;
	echo_byte(tty, c);
	trace_tty_signal(tty, (u8)c, sig);
	if (tty->pgrp > 0)
		kill_pgrp(tty->pgrp, sig, 0);
	wake_up(&tty->read_wait); /* a reader of the foreground group must look at its signal */
}

/* tty_receive_byte: one received byte through the line discipline (Linux n_tty_receive_char). tty->lock held. */
static void tty_receive_byte(struct tty *tty, char c)
{
	if (I(tty, ISTRIP))
		c &= 0x7f;
	if (tty->lnext) { /* ^V: the byte as it is */
		tty->lnext = false;
		goto store;
	}
	if (c == '\r') {
		if (I(tty, IGNCR))
			return;
		if (I(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(tty, INLCR)) {
		c = '\r';
	}
	if (L(tty, ISIG)) {
		int sig = is_cc(tty, c, VINTR) ? SIGINT : is_cc(tty, c, VQUIT) ? SIGQUIT : is_cc(tty, c, VSUSP) ? SIGTSTP : 0;
		if (sig) {
			isig(tty, c, sig);
			return;
		}
	}
	if (L(tty, ICANON)) {
		if (is_cc(tty, c, VERASE) || (L(tty, IEXTEN) && is_cc(tty, c, VWERASE))) {
			bool word = !is_cc(tty, c, VERASE), seen = false;
			while (tty->e != tty->w) {
				char d = tty->buf[(tty->e - 1) % TTY_BUF];
				bool space = d == ' ' || d == '\t';
				if (word && space && seen)
					break;
				seen |= !space;
				tty->e--;
				echo_erase(tty, d);
				if (!word)
					break;
			}
			return;
		}
		if (is_cc(tty, c, VKILL)) {
			while (tty->e != tty->w)
				echo_erase(tty, tty->buf[(--tty->e) % TTY_BUF]);
			return;
		}
		if (L(tty, IEXTEN) && is_cc(tty, c, VLNEXT)) {
			tty->lnext = true;
			return;
		}
		if (L(tty, IEXTEN) && is_cc(tty, c, VREPRINT)) {
			echo_byte(tty, c);
			tty_put(tty, '\n');
			for (u64 i = tty->w; i != tty->e; i++)
				echo_byte(tty, tty->buf[i % TTY_BUF]);
			return;
		}
		if (is_cc(tty, c, VEOF)) { /* ends the line without a byte; an empty line is end of file */
			if (tty->e - tty->r < TTY_BUF) {
				tty->buf[tty->e++ % TTY_BUF] = c;
				commit(tty);
			}
			return;
		}
	}
store:
	/* The buffer full: Linux drops the byte too (in canonical mode it keeps room for the newline). */
	if (tty->e - tty->r >= (u64)(TTY_BUF - (L(tty, ICANON) && c != '\n' ? 1 : 0)))
		return;
	tty->buf[tty->e++ % TTY_BUF] = c;
	if (L(tty, ECHO))
		echo_byte(tty, c);
	else if (c == '\n' && L(tty, ECHONL) && L(tty, ICANON))
		tty_put(tty, '\n');
	if (!L(tty, ICANON) || c == '\n' || is_cc(tty, c, VEOL) || is_cc(tty, c, VEOL2))
		commit(tty);
}

void console_irq(void)
{
	struct tty *tty = &console_tty;
	u64 fl = spin_lock_irqsave(&tty->lock);
	/* Acknowledge first, then drain: a byte that arrives after the last read raises the interrupt again. (The
	 * other order loses it: QEMU delivers the next byte as soon as the receive register is read, and an
	 * acknowledge after that would clear its interrupt, leaving it unread until another key came.) */
	pl011_ack();
	int c;
	while ((c = pl011_getc()) >= 0)
		tty_receive_byte(tty, (char)c);
	spin_unlock_irqrestore(&tty->lock, fl);
}

/* ---- job control (Linux tty_jobctrl.c) ---- */

/* is_ctty: tty is p's controlling terminal. */
static bool is_ctty(struct tty *tty, struct proc *p) { return p->signal->tty == tty && tty->session == p->signal->sid; }

/* tty_check_change: may the current process read (sig SIGTTIN) or change (SIGTTOU) tty? 0 when it is not its
 * controlling terminal or it is in the foreground group; when it is in the background: -EIO when sig is ignored
 * or blocked (SIGTTIN) / 0 (SIGTTOU: the write or change goes through), else sig to its whole group and
 * -ERESTARTSYS (the call restarts once the group is back in the foreground). */
static long tty_check_change(struct tty *tty, int sig)
{
	struct proc *p = current;
	if (!is_ctty(tty, p) || !tty->pgrp || p->signal->pgid == tty->pgrp)
		return 0;
	if (signal_ignored_or_blocked(p, sig))
		return sig == SIGTTIN ? -EIO : 0;
	kill_pgrp(p->signal->pgid, sig, 0);
	return -ERESTARTSYS;
}

/* ---- the file ---- */

/* canon_read: the bytes of one line at most (the newline included; end of file: none). tty->lock held. */
static size_t canon_read(struct tty *tty, char *kbuf, size_t n)
{
	size_t k = 0;
	while (k < n && tty->r != tty->w) {
		char c = tty->buf[tty->r % TTY_BUF];
		if (is_cc(tty, c, VEOF)) {
			if (k == 0)
				tty->r++; /* the end of file marker: this read returns 0 */
			break;
		}
		tty->r++;
		kbuf[k++] = c;
		if (c == '\n' || is_cc(tty, c, VEOL) || is_cc(tty, c, VEOL2))
			break;
	}
	return k;
}

/* tty_read: read(2) on a terminal (Linux n_tty_read): canonical mode returns one line; otherwise VMIN and VTIME
 * decide (MIN > 0: wait for that many bytes (at most n), TIME > 0 with it: no more than TIME tenths of a second
 * after a byte; MIN 0: TIME tenths at most for the first byte, or none at all when TIME is 0). */
static const struct file_ops console_ops;

static ssize_t tty_read(struct file *f, u64 ubuf, size_t n)
{
	struct tty *tty = f->priv;
	long r = f->ops == &console_ops ? 0 : tty_check_change(tty, SIGTTIN);
	if (r || !n)
		return r;
	char kbuf[TTY_BUF];
	n = MIN(n, sizeof kbuf);
	size_t k = 0;
	u64 fl = spin_lock_irqsave(&tty->lock);
	bool canon = L(tty, ICANON);
	size_t min = canon ? 1 : MIN((size_t)CC(tty, VMIN), n), need = MAX(min, (size_t)1);
	u64 tenths = canon ? 0 : CC(tty, VTIME), deadline = 0;
	if (!canon && !min && tenths)
		deadline = time_ns() + tenths * 100000000ULL;
	for (;;) {
		if (canon && readable(tty)) {
			k = canon_read(tty, kbuf, n);
			break;
		}
		while (!canon && k < n && tty->r != tty->w)
			kbuf[k++] = tty->buf[tty->r++ % TTY_BUF];
		if (!canon && (k >= need || k == n))
			break;
		if (!canon && !min && !tenths)
			break; /* MIN 0, TIME 0: whatever is there */
		if (f->flags & O_NONBLOCK) {
			r = k ? 0 : -EAGAIN;
			break;
		}
		if (!canon && min && tenths && k)
			deadline = time_ns() + tenths * 100000000ULL; /* the inter-byte timer */
		int s = sleep_on_timeout(&tty->read_wait, &tty->lock, deadline);
		if (s == -ETIMEDOUT)
			break;
		if (s) {
			r = k ? 0 : -ERESTARTSYS;
			break;
		}
	}
	spin_unlock_irqrestore(&tty->lock, fl);
	if (r)
		return r;
	if (k && copy_to_user(ubuf, kbuf, k))
		return -EFAULT;
	return (ssize_t)k;
}

/* tty_write: write(2) on a terminal: the bytes with output processing; SIGTTOU first for a background process
 * when TOSTOP is set. */
static ssize_t tty_write(struct file *f, u64 ubuf, size_t n)
{
	struct tty *tty = f->priv;
	if (L(tty, TOSTOP) && f->ops != &console_ops) {
		long r = tty_check_change(tty, SIGTTOU);
		if (r)
			return r;
	}
	char buf[256];
	size_t done = 0;
	while (done < n) {
		size_t k = MIN(n - done, sizeof buf);
		if (copy_from_user(buf, ubuf + done, k))
			return done ? (ssize_t)done : -EFAULT;
		u64 fl = spin_lock_irqsave(&tty->lock);
		for (size_t i = 0; i < k; i++)
			tty_put(tty, buf[i]);
		spin_unlock_irqrestore(&tty->lock, fl);
		done += k;
	}
	return (ssize_t)done;
}

/* tty_poll: POLLIN when a read would not wait; always writable (the UART write waits for nothing). */
static u32 tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = f->priv;
	u64 fl = spin_lock_irqsave(&tty->lock);
	poll_wait(pt, &tty->read_wait);
	u32 mask = POLLOUT | POLLWRNORM | (readable(tty) ? POLLIN | POLLRDNORM : 0);
	spin_unlock_irqrestore(&tty->lock, fl);
	return mask;
}

/* ---- sessions and the controlling terminal ---- */

/* set_ctty: tty becomes the controlling terminal of p's session, p's group its foreground. */
static void set_ctty(struct tty *tty, struct proc *p)
{
	tty->session = p->signal->sid;
	tty->pgrp = p->signal->pgid;
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *q = proc_next(NULL); q; q = proc_next(q))
		if (q->signal->sid == p->signal->sid)
			q->signal->tty = tty;
	spin_unlock_irqrestore(&proc_lock, f);
	trace_tty_pgrp(tty);
}

/* drop_ctty: tty is nobody's controlling terminal any more: every process of its session loses it. */
static void drop_ctty(struct tty *tty)
{
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *q = proc_next(NULL); q; q = proc_next(q))
		if (q->signal->tty == tty)
			q->signal->tty = NULL;
	spin_unlock_irqrestore(&proc_lock, f);
	tty->session = tty->pgrp = 0;
	trace_tty_pgrp(tty);
}

void tty_exit_session(struct proc *p)
{
	struct tty *tty = p->signal->tty;
	if (!tty || p->signal->sid != p->pid || tty->session != p->signal->sid)
		return;
	int pgrp = tty->pgrp;
	drop_ctty(tty);
	if (pgrp > 0) {
		kill_pgrp(pgrp, SIGHUP, 0);
		kill_pgrp(pgrp, SIGCONT, 0);
	}
}

/* pgrp_session: the session of process group pgrp, or 0 when the group does not exist. A zombie not yet reaped
 * still holds its group, as on Linux (its pid is attached until wait): a shell may set a pipeline's group as the
 * foreground after its first stage exited. */
static int pgrp_session(int pgrp)
{
	int sid = 0;
	u64 f = spin_lock_irqsave(&proc_lock);
	for (struct proc *q = proc_next(NULL); q && !sid; q = proc_next(q))
		if (q->signal->pgid == pgrp)
			sid = q->signal->sid;
	spin_unlock_irqrestore(&proc_lock, f);
	return sid;
}

/* tty_ioctl: the terminal requests of tty_ioctl(4) (Linux tty_ioctl, tty_mode_ioctl). -ENOTTY for another
 * request, or a job-control request on a terminal that is not the caller's controlling terminal; -EFAULT. */
static long tty_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct tty *tty = f->priv;
	struct proc *p = current;
	long r = 0;
	switch (cmd) {
	case TCGETS:
		return copy_to_user(arg, &tty->termios, sizeof tty->termios) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		struct termios t;
		if (copy_from_user(&t, arg, sizeof t))
			return -EFAULT;
		if ((r = tty_check_change(tty, SIGTTOU)))
			return r;
		u64 fl = spin_lock_irqsave(&tty->lock);
		bool was_canon = L(tty, ICANON);
		tty->termios = t;
		if (cmd == TCSETSF)
			tty->r = tty->w = tty->e;
		else if (was_canon && !L(tty, ICANON))
			commit(tty); /* leaving canonical mode: the line being edited is input now (Linux n_tty_set_termios) */
		spin_unlock_irqrestore(&tty->lock, fl);
		return 0;
	}
	case TCFLSH: {
		if ((long)arg < TCIFLUSH || (long)arg > TCIOFLUSH)
			return -EINVAL;
		if ((r = tty_check_change(tty, SIGTTOU)))
			return r;
		if (arg != 1) { /* TCIFLUSH or TCIOFLUSH: input; output is never queued here */
			u64 fl = spin_lock_irqsave(&tty->lock);
			tty->r = tty->w = tty->e;
			spin_unlock_irqrestore(&tty->lock, fl);
		}
		return 0;
	}
	case TCSBRK:
	case TCXONC:
		return tty_check_change(tty, SIGTTOU); /* output is never held back: nothing to drain or restart */
	case TIOCGWINSZ:
		return copy_to_user(arg, &tty->winsize, sizeof tty->winsize) ? -EFAULT : 0;
	case TIOCSWINSZ: {
		struct winsize ws;
		if (copy_from_user(&ws, arg, sizeof ws))
			return -EFAULT;
		bool changed = ws.ws_row != tty->winsize.ws_row || ws.ws_col != tty->winsize.ws_col;
		tty->winsize = ws;
		if (changed && tty->pgrp > 0)
			kill_pgrp(tty->pgrp, SIGWINCH, 0);
		return 0;
	}
	case FIONREAD: {
		int n = (int)(tty->w - tty->r);
		return copy_to_user(arg, &n, sizeof n) ? -EFAULT : 0;
	}
	case TIOCOUTQ: {
		int n = 0;
		return copy_to_user(arg, &n, sizeof n) ? -EFAULT : 0;
	}
	case TIOCSCTTY:
		/* Only a session leader without a terminal; a terminal of another session only by root with arg 1. */
		if (p->signal->sid != p->pid || (p->signal->tty && is_ctty(p->signal->tty, p)))
			return p->signal->tty == tty ? 0 : -EPERM;
		if (tty->session && tty->session != p->signal->sid) {
			if (arg != 1 || !cred_capable())
				return -EPERM;
			drop_ctty(tty);
		}
		set_ctty(tty, p);
		return 0;
	case TIOCNOTTY:
		if (!is_ctty(tty, p))
			return -ENOTTY;
		if (p->signal->sid == p->pid)
			tty_exit_session(p);
		else
			p->signal->tty = NULL;
		return 0;
	case TIOCGPGRP:
		if (!is_ctty(tty, p))
			return -ENOTTY;
		return copy_to_user(arg, &tty->pgrp, sizeof tty->pgrp) ? -EFAULT : 0;
	case TIOCSPGRP: {
		int pgrp;
		if (!is_ctty(tty, p))
			return -ENOTTY;
		if ((r = tty_check_change(tty, SIGTTOU)))
			return r;
		if (copy_from_user(&pgrp, arg, sizeof pgrp))
			return -EFAULT;
		if (pgrp < 0)
			return -EINVAL;
		int sid = pgrp_session(pgrp);
		if (!sid)
			return -ESRCH;
		if (sid != p->signal->sid)
			return -EPERM;
		tty->pgrp = pgrp;
		trace_tty_pgrp(tty);
		wake_up(&tty->read_wait);
		return 0;
	}
	case TIOCGSID:
		if (!is_ctty(tty, p))
			return -ENOTTY;
		return copy_to_user(arg, &tty->session, sizeof tty->session) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_ops tty_ops = {
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
	.kind = "tty",
};

static const struct file_ops console_ops = {
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
	.kind = "console",
};

struct tty *tty_of(struct file *f) { return f && (f->ops == &tty_ops || f->ops == &console_ops) ? f->priv : NULL; }

struct file *tty_open_file(struct tty *tty, u32 flags)
{
	struct file *f = file_alloc(&tty_ops, flags & (O_ACCMODE | O_NONBLOCK | O_APPEND), tty);
	struct proc *p = current;
	if (f && !(flags & O_NOCTTY) && p && p->signal->sid == p->pid && !p->signal->tty && !tty->session)
		set_ctty(tty, p);
	return f;
}

struct file *console_open_file(u32 flags)
{
	/* Linux: opening /dev/console never makes it the controlling terminal (tty_open: noctty for the console). */
	return file_alloc(&console_ops, flags & (O_ACCMODE | O_NONBLOCK | O_APPEND), &console_tty);
}

struct file *tty_dev_open(u32 rdev, u32 flags, int *err)
{
	struct file *f = NULL;
	*err = -ENOMEM;
	if (rdev == TTY_RDEV_CONSOLE) {
		f = console_open_file(flags);
	} else if (rdev == TTY_RDEV_TTYAMA0) {
		f = tty_open_file(&console_tty, flags);
	} else if (rdev == TTY_RDEV_TTY) {
		if (!current->signal->tty) {
			*err = -ENXIO;
			return NULL;
		}
		f = tty_open_file(current->signal->tty, flags | O_NOCTTY);
	} else {
		*err = -ENXIO;
	}
	return f;
}
