/* kernel/lib/vsnprintf.c: k_vsnprintf and k_snprintf (kernel/lib/printf.h), the integer, character and string
 * conversions of C11 7.21.6.1 without floating point. %p prints like glibc: "0x" and the hex digits, "(nil)" for
 * NULL; %s of NULL prints "(null)". An unknown conversion is copied out as written. */
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"

/* out: the buffer being filled. pos counts every byte the full output has, written or not. */
struct out {
	char *buf;
	size_t size, pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void puts_n(struct out *o, const char *s, size_t n)
{
	if (o->pos + 1 < o->size) {
		size_t room = o->size - 1 - o->pos;
		memcpy(o->buf + o->pos, s, n < room ? n : room);
	}
	o->pos += n;
}

static void pad(struct out *o, char c, long n)
{
	while (n-- > 0)
		put(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_SPACE = 4, F_PLUS = 8, F_ALT = 16 };

/* emit: one field of text s (n bytes) with an optional prefix (sign, "0x"), zeros to reach precision digits,
 * and padding to width. zero_pad: the '0' flag applies (numbers without a precision). */
static void emit(struct out *o, const char *prefix, const char *s, long n, long prec, long width, int flags,
		 bool zero_pad)
{
	long plen = (long)strlen(prefix);
	long zeros = prec > n ? prec - n : 0;
	long total = plen + zeros + n;
	long fill = width > total ? width - total : 0;
	if (!(flags & F_LEFT) && !zero_pad)
		pad(o, ' ', fill);
	puts_n(o, prefix, (size_t)plen);
	if (!(flags & F_LEFT) && zero_pad)
		pad(o, '0', fill);
	pad(o, '0', zeros);
	puts_n(o, s, (size_t)n);
	if (flags & F_LEFT)
		pad(o, ' ', fill);
}

/* number: format v in base 8, 10 or 16. neg: v is the magnitude of a negative signed value. */
static void number(struct out *o, u64 v, bool neg, bool is_signed, int base, bool upper, long prec, long width,
		   int flags)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 22 octal digits for 2^64 - 1 */
	int n = 0;
	char prefix[3] = "";
	if (!(v == 0 && prec == 0)) {
		do {
			tmp[sizeof tmp - 1 - n++] = digits[v % (unsigned)base];
			v /= (unsigned)base;
		} while (v);
	}
	const char *s = tmp + sizeof tmp - n;
	if (is_signed) {
		if (neg)
			prefix[0] = '-';
		else if (flags & F_PLUS)
			prefix[0] = '+';
		else if (flags & F_SPACE)
			prefix[0] = ' ';
	} else if ((flags & F_ALT) && base == 16 && n > 0 && !(n == 1 && s[0] == '0')) {
		prefix[0] = '0';
		prefix[1] = upper ? 'X' : 'x';
	} else if ((flags & F_ALT) && base == 8 && (n == 0 || s[0] != '0') && prec <= n) {
		prefix[0] = '0'; /* '#' with o: the first digit is a zero (unless the precision already gives one) */
	}
	bool zero_pad = (flags & F_ZERO) && !(flags & F_LEFT) && prec < 0;
	emit(o, prefix, s, n, prec, width, flags, zero_pad);
}

/* k_vsnprintf: format fmt with the arguments ap into buf (size bytes, NUL-terminated when size > 0).
 * Returns the length of the full output, which was cut when it is >= size (C11 7.21.6.12). */
int k_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			const char *p = fmt;
			while (*p && *p != '%')
				p++;
			puts_n(&o, fmt, (size_t)(p - fmt));
			fmt = p;
			continue;
		}
		const char *start = fmt++;
		int flags = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		long width = 0, prec = -1;
		if (*fmt == '*') {
			int w = va_arg(args, int);
			fmt++;
			if (w < 0) {
				flags |= F_LEFT;
				width = -(long)w;
			} else {
				width = w;
			}
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				int p = va_arg(args, int);
				fmt++;
				prec = p < 0 ? -1 : p; /* a negative precision is taken as if omitted */
			} else {
				prec = 0;
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* length modifier: 'H' hh, 'h', 'l', 'L' ll, 'z', 't', 'j' */
		char len = 0;
		if (*fmt == 'h') {
			len = 'h';
			if (*++fmt == 'h') {
				len = 'H';
				fmt++;
			}
		} else if (*fmt == 'l') {
			len = 'l';
			if (*++fmt == 'l') {
				len = 'L';
				fmt++;
			}
		} else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') {
			len = *fmt++;
		}
		char conv = *fmt;
		if (conv)
			fmt++;
		switch (conv) {
		case 'd':
		case 'i': {
			s64 v;
			switch (len) {
			case 'H': v = (signed char)va_arg(args, int); break;
			case 'h': v = (short)va_arg(args, int); break;
			case 'l': v = va_arg(args, long); break;
			case 'L': v = va_arg(args, long long); break;
			case 'z': v = va_arg(args, ssize_t); break;
			case 't': v = va_arg(args, ptrdiff_t); break;
			case 'j': v = va_arg(args, intmax_t); break;
			default: v = va_arg(args, int); break;
			}
			bool neg = v < 0;
			u64 mag = neg ? -(u64)v : (u64)v;
			number(&o, mag, neg, true, 10, false, prec, width, flags);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			u64 v;
			switch (len) {
			case 'H': v = (unsigned char)va_arg(args, unsigned); break;
			case 'h': v = (unsigned short)va_arg(args, unsigned); break;
			case 'l': v = va_arg(args, unsigned long); break;
			case 'L': v = va_arg(args, unsigned long long); break;
			case 'z': v = va_arg(args, size_t); break;
			case 't': v = (u64)va_arg(args, ptrdiff_t); break;
			case 'j': v = va_arg(args, uintmax_t); break;
			default: v = va_arg(args, unsigned); break;
			}
			int base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
			number(&o, v, false, false, base, conv == 'X', prec, width, flags & ~(F_PLUS | F_SPACE));
			break;
		}
		case 'p': {
			void *p = va_arg(args, void *);
			if (p)
				number(&o, (uintptr_t)p, false, false, 16, false, prec, width, (flags | F_ALT) & ~F_ZERO);
			else
				emit(&o, "", "(nil)", 5, -1, width, flags, false);
			break;
		}
		case 'c': {
			char c = (char)va_arg(args, int);
			emit(&o, "", &c, 1, -1, width, flags, false);
			break;
		}
		case 's': {
			const char *s = va_arg(args, const char *);
			if (!s)
				s = "(null)";
			long n = (long)(prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
			emit(&o, "", s, n, -1, width, flags, false);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default: /* unknown or a lone '%' at the end: copy it out */
			puts_n(&o, start, (size_t)(fmt - start));
			break;
		}
	}
	va_end(args);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

/* k_snprintf: k_vsnprintf with the arguments given directly. */
int k_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = k_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
