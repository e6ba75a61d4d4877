/* kernel/lib/printf.h: formatted output into a buffer (kernel/lib/vsnprintf.c).
 * Supports %d %i %u %x %X %o %p %s %c %% with flags '-', '0', ' ', '+', '#', width and precision (also '*'),
 * and length modifiers hh h l ll z t j. No floating point. Returns the length the full output would have
 * (C99 semantics); the buffer is always NUL-terminated when size > 0. */
#ifndef KERNEL_LIB_PRINTF_H
#define KERNEL_LIB_PRINTF_H
#include "kernel/types.h"
int k_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int k_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
