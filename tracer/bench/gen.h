/* tracer/bench/gen.h: synthetic traces for benchmarks. */
#ifndef IPCTRACE_BENCH_GEN_H
#define IPCTRACE_BENCH_GEN_H
#include <stdio.h>
/* Write a consistent trace of about nevents events (17 processes, 15 objects of every kind) to o. Returns 0, -1. */
int bench_generate(FILE *o, long nevents);
#endif
