/* kernel/lib/string.c: the C string and memory functions of kernel/lib/string.h (ISO C11 7.24; strlcpy as
 * OpenBSD's). memcpy, memmove and memset move 8-byte words when the pointers allow it, since pipes copy
 * megabytes through them; the string functions go byte by byte (short strings, and never read past the NUL).
 *
 * The optimize attribute stops gcc from turning these loops back into calls to memcpy/memset (recursion).
 * On the host the unit tests build this file with -Dmemcpy=k_memcpy and so on, next to libc's own. */
#include "kernel/lib/string.h"

#define NOLIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

typedef u64 __attribute__((may_alias)) word;
#define WSZ sizeof(word)

/* Forward copy of n bytes; the caller guarantees dst <= src or no overlap. */
static NOLIBCALL void copy_fwd(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n >= 32 && (((uintptr_t)d ^ (uintptr_t)s) & (WSZ - 1)) == 0) {
		while ((uintptr_t)d & (WSZ - 1)) {
			*d++ = *s++;
			n--;
		}
		word *dw = (word *)d;
		const word *sw = (const word *)s;
		for (; n >= 4 * WSZ; n -= 4 * WSZ, dw += 4, sw += 4) {
			word a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			dw[0] = a;
			dw[1] = b;
			dw[2] = c;
			dw[3] = e;
		}
		for (; n >= WSZ; n -= WSZ)
			*dw++ = *sw++;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*d++ = *s++;
}

/* Backward copy of n bytes (dst > src, overlapping): from the end down. */
static NOLIBCALL void copy_bwd(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (n >= 32 && (((uintptr_t)d ^ (uintptr_t)s) & (WSZ - 1)) == 0) {
		while ((uintptr_t)d & (WSZ - 1)) {
			*--d = *--s;
			n--;
		}
		word *dw = (word *)d;
		const word *sw = (const word *)s;
		for (; n >= WSZ; n -= WSZ)
			*--dw = *--sw;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*--d = *--s;
}

/* memcpy: copy n bytes from src to dst (must not overlap); returns dst. */
NOLIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
	copy_fwd(dst, src, n);
	return dst;
}

/* memmove: copy n bytes from src to dst, which may overlap; returns dst. */
NOLIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		copy_fwd(d, s, n);
	else
		copy_bwd(d, s, n);
	return dst;
}

/* memset: fill n bytes at dst with (unsigned char)c; returns dst. */
NOLIBCALL void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;
	if (n >= 32) {
		while ((uintptr_t)d & (WSZ - 1)) {
			*d++ = b;
			n--;
		}
		u64 v = b * 0x0101010101010101ull;
		word *dw = (word *)d;
		for (; n >= 4 * WSZ; n -= 4 * WSZ, dw += 4) {
			dw[0] = v;
			dw[1] = v;
			dw[2] = v;
			dw[3] = v;
		}
		for (; n >= WSZ; n -= WSZ)
			*dw++ = v;
		d = (unsigned char *)dw;
	}
	while (n--)
		*d++ = b;
	return dst;
}

/* memcmp: compare n bytes as unsigned char; returns <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

/* strlen: bytes before the terminating NUL. */
size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

/* strnlen: strlen(s), but reads at most max bytes and returns at most max. */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

/* strcmp: compare two strings as unsigned char; returns <0, 0 or >0. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	while (*p && *p == *q)
		p++, q++;
	return *p - *q;
}

/* strncmp: strcmp of at most the first n bytes. */
int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (!*p)
			return 0;
	}
	return 0;
}

/* strchr: first occurrence of (char)c in s (the NUL counts when c is 0), or NULL. */
char *strchr(const char *s, int c)
{
	char ch = (char)c;
	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* strrchr: last occurrence of (char)c in s (the NUL counts when c is 0), or NULL. */
char *strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;
	for (;; s++) {
		if (*s == ch)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/* strlcpy: copy src into dst of size bytes, truncating, NUL-terminated when size > 0; returns strlen(src)
 * (truncation happened when the result >= size). */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
