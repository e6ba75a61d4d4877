/* kernel/random.c: random numbers for the kernel and for /dev/random (1,8) and /dev/urandom (1,9) (Linux's
 * drivers/char/random.c, whose devices never block once seeded, and both give the same stream).
 *
 * The generator is xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2021):
 * 256 bits of state, fast and statistically good, seeded at boot from the device tree's /chosen rng-seed and
 * kaslr-seed (QEMU's virt machine fills both from the host's randomness), stirred with the generic timer.
 * It is NOT cryptographic: anyone who sees enough of its output can compute the state and every later byte.
 * Good for a teaching kernel's ASLR-free world, hash seeds and tests; not for keys. Writes to either device mix
 * their bytes into the state, as Linux takes them (without counting them as entropy). */
#include "kernel/errno.h"
#include "kernel/fdt.h"
#include "kernel/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/syscall.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/vm.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

static spinlock_t random_lock = SPINLOCK_INIT("random");
static u64 state[4];
static u64 mixer; /* splitmix64's counter: spreads each input word over the state */

/* splitmix64: the next output of the splitmix64 sequence at *x (Vigna), the recommended way to fill
 * xoshiro's state from a few seed words. */
static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15UL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

static u64 rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }

/* next: xoshiro256**'s next 64 bits. random_lock held. */
static u64 next(void)
{
	u64 result = rotl(state[1] * 5, 7) * 9, t = state[1] << 17;
	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return result;
}

/* mix_word: fold w into the state. random_lock held. */
static void mix_word(u64 w)
{
	mixer ^= w;
	for (int i = 0; i < 4; i++)
		state[i] ^= splitmix64(&mixer);
	if (!(state[0] | state[1] | state[2] | state[3]))
		state[0] = 1; /* the one state xoshiro never leaves */
}

void add_device_randomness(const void *buf, size_t n)
{
	const u8 *b = buf;
	u64 fl = spin_lock_irqsave(&random_lock);
	for (size_t i = 0; i < n; i += 8) {
		u64 w = 0;
		memcpy(&w, b + i, MIN(8, n - i));
		mix_word(w);
	}
	spin_unlock_irqrestore(&random_lock, fl);
}

void random_init(const void *dtb)
{
	static const char *const seeds[] = { "rng-seed", "kaslr-seed" };
	for (size_t i = 0; i < ARRAY_SIZE(seeds); i++) {
		int len;
		const void *p = fdt_getprop(dtb, "/chosen", seeds[i], &len);
		if (p && len > 0)
			add_device_randomness(p, (size_t)len);
	}
	u64 t = time_cycles();
	add_device_randomness(&t, sizeof t);
}

void get_random_bytes(void *buf, size_t n)
{
	u8 *b = buf;
	u64 fl = spin_lock_irqsave(&random_lock);
	for (size_t i = 0; i < n; i += 8) {
		u64 w = next();
		memcpy(b + i, &w, MIN(8, n - i));
	}
	spin_unlock_irqrestore(&random_lock, fl);
}

/* random_read: n random bytes to ubuf, in pieces; a signal stops a long read (the bytes so far, or
 * -ERESTARTSYS). -EFAULT when nothing was copied. The offset means nothing. */
static ssize_t random_read(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	u8 buf[256];
	size_t done = 0;
	while (done < n) {
		size_t k = MIN(n - done, sizeof buf);
		get_random_bytes(buf, k);
		size_t c = copy_to_user_partial(ubuf + done, buf, k);
		done += c;
		if (c < k)
			return done ? (ssize_t)done : -EFAULT;
		if (done < n && signal_pending(current))
			return (ssize_t)done;
	}
	return (ssize_t)done;
}

/* random_write: the n bytes at ubuf are mixed into the state; returns n. -EFAULT when nothing was read. */
static ssize_t random_write(struct file *f, u64 ubuf, size_t n, u64 *pos)
{
	u8 buf[256];
	size_t done = 0;
	while (done < n) {
		size_t k = MIN(n - done, sizeof buf);
		if (copy_from_user(buf, ubuf + done, k))
			return done ? (ssize_t)done : -EFAULT;
		add_device_randomness(buf, k);
		done += k;
	}
	return (ssize_t)done;
}

const struct file_ops random_fops = {
	.read_at = random_read, .write_at = random_write, .llseek = noop_llseek, .kind = "random" };

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM 0x0002
#define GRND_INSECURE 0x0004

/* getrandom(buf, buflen, flags) (getrandom(2)): buflen random bytes into buf, from the same generator as
 * /dev/urandom (never blocks: the generator is seeded at boot, so GRND_NONBLOCK and GRND_RANDOM change nothing).
 * Returns the bytes written: all of them up to 256, a long request may stop early for a signal. -EINVAL for an
 * unknown flag or GRND_INSECURE with GRND_RANDOM, -EFAULT. A count above INT_MAX is cut to it, as Linux. */
SYSCALL_DEFINE3(getrandom, u64, buf, size_t, buflen, unsigned int, flags)
{
	if (flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (buflen > 0x7fffffff)
		buflen = 0x7fffffff;
	if (buf >= USER_TOP || buflen > USER_TOP - buf)
		return -EFAULT; /* import_single_range's access_ok, even for 0 bytes */
	return buflen ? random_read(NULL, buf, buflen, NULL) : 0;
}
