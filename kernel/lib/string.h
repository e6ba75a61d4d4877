/* kernel/lib/string.h: the C string and memory functions the kernel uses (kernel/lib/string.c).
 * Same contracts as ISO C. On the host (unit tests) libc provides them. */
#ifndef KERNEL_LIB_STRING_H
#define KERNEL_LIB_STRING_H
#include "kernel/types.h"
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/* strlcpy: copy src into dst (size bytes), always NUL-terminated when size > 0; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);
#endif
