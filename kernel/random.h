/* kernel/random.h: random numbers (kernel/random.c): the generator behind /dev/random and /dev/urandom. Not
 * cryptographic (see kernel/random.c). */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H
#include "kernel/types.h"

/* random_init: seed the generator from the device tree at dtb (/chosen rng-seed and kaslr-seed, which QEMU fills
 * from the host) and the generic timer; a missing or malformed tree leaves the timer alone. Called once at boot. */
void random_init(const void *dtb);
/* get_random_bytes: n bytes from the generator into buf (Linux's get_random_bytes; what getrandom(2) can give
 * too). */
void get_random_bytes(void *buf, size_t n);
/* add_device_randomness: mix n bytes at buf into the generator's state (a write to /dev/random). */
void add_device_randomness(const void *buf, size_t n);
#endif
