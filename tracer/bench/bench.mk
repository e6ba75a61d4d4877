# tracer/bench/bench.mk: bench-tracer prints load rate, seek time, bytes/event and fps beside their targets.
