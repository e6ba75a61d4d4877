/* kernel/tty.h: the terminal (kernel/tty.c): the console on the PL011 as a tty with Linux's termios, a line
 * discipline (canonical editing, echo, the signal keys), sessions and job control (termios(3), tty_ioctl(4),
 * credentials(7); Linux drivers/tty/tty_io.c, tty_jobctrl.c, n_tty.c). */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define NCCS 19
/* struct termios: what TCGETS and TCSETS* copy (Linux asm-generic/termbits.h, 36 bytes on arm64). */
struct termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

/* struct winsize: TIOCGWINSZ/TIOCSWINSZ (rows and columns; pixels unused). */
struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define TTY_BUF 4096 /* bytes of input the line discipline holds (Linux's N_TTY_BUF_SIZE) */

/* struct tty: one terminal. The input buffer is a ring with three free-running counters, as xv6's console:
 * bytes [r, w) are ready for read (complete lines in canonical mode; everything otherwise), [w, e) the line
 * being edited (canonical mode only). session/pgrp: the session whose controlling terminal it is (0: none) and
 * its foreground process group (tcgetpgrp). Everything under lock; read_wait: readers waiting for input. */
struct tty {
	spinlock_t lock;
	struct termios termios;
	struct winsize winsize;
	int session, pgrp;
	char buf[TTY_BUF];
	u64 r, w, e;
	bool lnext;       /* the previous byte was VLNEXT (^V): take this one literally */
	struct wait_queue read_wait;
	int index;        /* ttyAMA<index>, for the wait channel's name */
};

struct file;
struct proc;

/* console_tty: the console terminal (/dev/console, /dev/tty for its session, fds 0-2 of init). */
extern struct tty console_tty;
/* Device numbers (major << 8 | minor; Linux Documentation/admin-guide/devices.txt). */
#define TTY_RDEV_TTY (5 << 8 | 0)      /* /dev/tty: the caller's controlling terminal */
#define TTY_RDEV_CONSOLE (5 << 8 | 1)  /* /dev/console */
#define TTY_RDEV_TTYAMA0 (204 << 8 | 64) /* /dev/ttyAMA0: the PL011 */
/* tty_dev_open: open terminal device rdev with flags: /dev/console (console_open_file), /dev/ttyAMA0
 * (tty_open_file of the console's tty), /dev/tty (the caller's controlling terminal). NULL with *err -ENXIO (no
 * such terminal, or /dev/tty without a controlling terminal) or -ENOMEM. */
struct file *tty_dev_open(u32 rdev, u32 flags, int *err);
/* console_open_file: /dev/console: the console's tty without job control on reads and writes (Linux's redirected
 * console); it never becomes a controlling terminal by being opened. NULL when out of memory. */
struct file *console_open_file(u32 flags);
/* tty_open_file: a new open file of tty with flags (O_ACCMODE, O_NONBLOCK, O_NOCTTY); a session leader without a
 * controlling terminal that opens a tty other than the console without O_NOCTTY acquires it (Linux
 * tty_open_proc_set_tty). NULL when out of memory. */
struct file *tty_open_file(struct tty *tty, u32 flags);
/* tty_of: the tty behind open file f, or NULL when f is not a terminal (isatty). */
struct tty *tty_of(struct file *f);
/* console_irq: the UART received bytes: run each through the line discipline. Interrupt context. */
void console_irq(void);
/* tty_exit_session: p, a session leader, exits: its terminal loses its session and foreground group gets
 * SIGHUP and SIGCONT (Linux disassociate_ctty). */
void tty_exit_session(struct proc *p);
/* tty_console_init: the console's termios as Linux's tty_std_termios (canonical, echo, signals, ONLCR). */
void tty_console_init(void);
#endif
