# mk/gdb.mk: debugging the kernel with gdb-multiarch through QEMU's gdbstub (scripts/gdb/ipclab-gdb, docs/GDB.md).
#   make gdb          QEMU halted in the background, gdb in the foreground with the kernel's symbols and the ipc
#                     commands; QEMU is killed when gdb exits. TRACER=1 also opens the tracer, synced to gdb's stops.
#   make qemu-gdb     QEMU halted, gdbstub on the port it prints, console on this terminal ...
#   make gdb-attach   ... and gdb attached to it, from another terminal
#   make gdb-port     the port: GDB_PORT, else 26000 + uid % 5000
# ARGS="/bin/prog a b": /init's arguments (default: the pipe demo). LAB=NAME: a lab's programs: mk/labs.mk
# defines LAB_INIT_ARGS (the init arguments that load lab $(LAB)) and may add LAB_KARGS.
# IMPL=student (or a file) with LAB=NAME: the kernel built with that lab file (mk/labs.mk's LAB_KERNEL), its symbols.
# TRACE=FILE: where the trace goes (default build/gdb-trace.jsonl); TRACE=off: none.

GDB_SCRIPT := scripts/gdb/ipclab-gdb
GDB_INIT_ARGS = $(if $(ARGS),$(ARGS),$(if $(LAB),$(LAB_INIT_ARGS),/bin/pipe_echo))
GDB_OPTS = $(if $(filter off,$(TRACE)),--no-trace,$(if $(TRACE),--trace $(TRACE))) \
	$(if $(strip $(LAB_KARGS)),--kargs "$(strip $(LAB_KARGS))") $(if $(filter 1,$(TRACER)),--tracer)

gdb-check-lab:
	@if [ -n "$(LAB)" ] && [ -z "$(ARGS)" ] && [ -z "$(strip $(LAB_INIT_ARGS))" ]; then \
		echo "make: LAB=$(LAB): no lab loader in this tree yet (LAB_INIT_ARGS is empty); use ARGS=\"/bin/prog args\"" >&2; \
		exit 2; fi
.PHONY: gdb-check-lab

gdb: gdb-check-lab kernel user $(LAB_KERNEL) $(if $(filter 1,$(TRACER)),tracer)
	@IPCLAB_KERNEL=$(LAB_KERNEL) $(GDB_SCRIPT) run $(GDB_OPTS) -- $(GDB_INIT_ARGS)
qemu-gdb: gdb-check-lab kernel user $(LAB_KERNEL)
	@IPCLAB_KERNEL=$(LAB_KERNEL) $(GDB_SCRIPT) qemu $(GDB_OPTS) -- $(GDB_INIT_ARGS)
gdb-attach: kernel $(LAB_KERNEL)
	@IPCLAB_KERNEL=$(LAB_KERNEL) $(GDB_SCRIPT) attach
gdb-port:
	@$(GDB_SCRIPT) port
.PHONY: gdb qemu-gdb gdb-attach gdb-port
