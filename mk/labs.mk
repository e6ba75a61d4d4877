# mk/labs.mk: the labs (labs/NAME/, docs/LABS.md). Included from the top-level Makefile after user/user.mk.
#   make labs                              list the labs, one line each
#   make lab LAB=NAME [IMPL=student] [SEED=N] [ICOUNT=0] [PROJECTOR=1] [VIDEO=webm|mp4|gif]
#                                          boot, run the lab's scenarios, animate them live in the tracer
#                                          (a storyboard in build/labs/NAME/ without a display); VIDEO: also a
#                                          video of each scenario, build/labs/NAME/video/SCEN.webm (.mp4, .gif)
#   make lab LAB=NAME PREEMPT=N SCEN="a b"  replay the interleaving a grader's report names (seed N, those scenarios)
#   make grade LAB=NAME [IMPL=student] [RESULTS=out.json] [SEED=N] [PREEMPT_SEEDS=1,2,3 | EXPLORE=0]
#              [LAB_PROGRESS=S] [LAB_STALL=S] [LAB_WALL=S]
#                                          run the lab's checks, print each with points and a total; a hang is
#                                          LAB_PROGRESS guest seconds without an event (docs/LABS.md, "Hangs");
#                                          the explored scenarios also run under each preemption seed
#   make grade-class LAB=NAME SUBMISSIONS=DIR [J=N] [CLASS_OUT=DIR]
#                                          grade every submission in DIR (a file or a tree each), J at a time:
#                                          Gradescope results.json per student and summary.csv (docs/LABS.md)
#   make test-core LAB=NAME [IMPL=student] the unit test of the lab's core (the file students write) on the host,
#                                          in well under a second, before booting (tests/unit/unit.mk)
#   make lab-skeleton LAB=NAME [FORCE=1]   regenerate labs/NAME/student/ from the reference kernel file
#   make hint LAB=NAME [N=1]               hint N of the implementation track (labs/NAME/hints/N.md; each says more)
#   make handout [HANDOUT=DIR]             the student release: DIR (build/handout/ipclab-student) and DIR.tar.gz,
#                                          without reference bodies or answer keys (scripts/make-handout)
#   make traces                            regenerate traces/labs/*.jsonl, one trace per lab scenario
#   make lab-prog LAB=NAME PROG=FILE.c     an initramfs with FILE.c in place of the lab's program of that name;
#                                          LAB_INITRD=<its path> scripts/grade NAME grades with it
# Lab programs: labs/NAME/*.c -> build/user/labs/NAME/PROG -> /labs/NAME/PROG in the initramfs; the runner
# labs/lib/labrun.c -> /labs/run. They are appended to USER_PROGS, so user/user.mk packs them.
# IMPL=student (or IMPL=path/to/file.c) builds a second kernel into build/kernel-TAG/ with the lab's `impl:` file
# (lab.conf) replaced by that file, linking the reference build's other objects (build/kernel/ is not changed).

LABS := $(sort $(patsubst labs/%/scenarios,%,$(wildcard labs/*/scenarios)))
LAB_CFLAGS := -Ilabs/lib
LAB_HDRS := $(wildcard labs/lib/*.h labs/*/*.h)
LAB_PROGS := $(USER_OUT)/labs/run \
	$(foreach l,$(LABS),$(patsubst labs/$(l)/%.c,$(USER_OUT)/labs/$(l)/%,$(wildcard labs/$(l)/*.c)))

$(USER_OUT)/labs/run: labs/lib/labrun.c $(USER_HDRS) $(LAB_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(filter 1,$(V)),,@echo "  CC(lab)  $@";) $(USER_CC) $(USER_CFLAGS) $(LAB_CFLAGS) -o $@ $<
$(USER_OUT)/labs/%: labs/%.c $(USER_HDRS) $(LAB_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(filter 1,$(V)),,@echo "  CC(lab)  $@";) $(USER_CC) $(USER_CFLAGS) $(LAB_CFLAGS) -o $@ $<

# user/user.mk's initramfs recipe packs $(USER_PROGS) as expanded when it runs; its prerequisites were fixed
# when it was read, so add ours here.
USER_PROGS += $(LAB_PROGS)
$(INITRAMFS): $(LAB_PROGS)
user: $(LAB_PROGS)
lab-progs: $(LAB_PROGS)
.PHONY: lab-progs

# ---- a lab program replaced: make lab-prog LAB=NAME PROG=FILE.c ------------------------------------------------
# FILE.c built as the lab programs are, packed into a copy of the initramfs at /labs/NAME/BASENAME (FILE.c's name
# without .c) in place of the lab's own program; prints the image's path. Grading with it (LAB_INITRD=IMAGE
# scripts/grade NAME) grades another version of a lab program: a student's, or one of the deliberately buggy ones
# of tests/labs/program-mistakes. The lab's own headers (labs/NAME/*.h: posix-mq's mqlab.h) are found from any place.
LAB_PROG_TAG = $(subst /,_,$(basename $(PROG)))
LAB_PROG_BIN = $(BUILD)/labs/progs/$(LAB_PROG_TAG)/$(notdir $(basename $(PROG)))
$(BUILD)/labs/progs/%: $(PROG) $(USER_HDRS) $(LAB_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(filter 1,$(V)),,@echo "  CC(lab)  $@";) $(USER_CC) $(USER_CFLAGS) $(LAB_CFLAGS) -Ilabs/$(LAB) -o $@ $(PROG)
lab-prog: $(INITRAMFS)
	$(lab_need)
	@test -n "$(PROG)" || { echo "usage: make lab-prog LAB=NAME PROG=FILE.c" >&2; exit 2; }
	@$(MAKE) -s --no-print-directory $(LAB_PROG_BIN) PROG=$(PROG)
	@scripts/mkinitramfs --strip $(CROSS)strip -o $(LAB_PROG_BIN).cpio --base $(INITRAMFS) \
		--add labs/$(LAB)/$(notdir $(LAB_PROG_BIN))=$(LAB_PROG_BIN)
	@echo "$(LAB_PROG_BIN).cpio"
.PHONY: lab-prog

# ---- the student release (scripts/make-handout) ------------------------------------------------------------------
# A lab file shipped as a compiled object, prebuilt/FILE.o (its source is a stub there), is linked from that object
# instead of being compiled: the students' kernel works without the reference's source. An explicit rule, so it
# wins over mk/kernel.mk's pattern rule.
LAB_PREBUILT := $(patsubst prebuilt/%,$(KOBJ)/%,$(wildcard prebuilt/ipc/*.c.o prebuilt/kernel/*.c.o))
$(LAB_PREBUILT): $(KOBJ)/%: prebuilt/%
	@mkdir -p $(dir $@)
	@echo "  PREBUILT $< (the lab file's compiled reference)"
	@cp $< $@
# There the unit tests of a track are for the student's file: make test-core LAB=NAME means IMPL=student.
ifneq ($(LAB_PREBUILT),)
ifneq ($(filter test-core,$(MAKECMDGOALS)),)
IMPL ?= student
endif
endif

# ---- the implementation track: a kernel with one file replaced -------------------------------------------------
# IMPL=student -> labs/$(LAB)/student/<basename of impl:>; IMPL=some/file.c -> that file. TAG names the build dir.
lab_conf = $(shell sed -n 's/^$(2):[[:space:]]*//p' labs/$(1)/lab.conf 2>/dev/null)
ifneq ($(and $(LAB),$(IMPL)),)
ifneq ($(IMPL),ref)
LAB_IMPL_OF := $(call lab_conf,$(LAB),impl)
LAB_IMPL_FILE := $(if $(filter student,$(IMPL)),labs/$(LAB)/student/$(notdir $(LAB_IMPL_OF)),$(IMPL))
LAB_IMPL_TAG := $(if $(filter student,$(IMPL)),student,$(subst /,_,$(basename $(IMPL))))
# One build dir per lab for IMPL=student (each lab replaces another file: sharing one dir would leave the other
# lab's student object linked in).
LAB_KDIR := $(BUILD)/kernel-$(LAB_IMPL_TAG)$(if $(filter student,$(IMPL)),-$(LAB))
# Every other object is the reference build's own (same sources, same flags): only the one file is compiled again.
LAB_KOBJS := $(filter-out $(KOBJ)/$(LAB_IMPL_OF).o,$(KOBJS)) $(LAB_KDIR)/impl/$(notdir $(LAB_IMPL_OF)).o

# The student's file: helpers its TODO blocks do not call yet are not worth a warning. It may not use the trace
# machinery beyond what the reference file uses (labs/lib/implcheck.py): the trace is the graders' evidence.
LAB_TRACE_OBJS := $(addprefix $(KOBJ)/,kernel/trace.c.o kernel/trace_events.c.o kernel/virtio_console.c.o kernel/lib/jsonw.c.o)
$(LAB_KDIR)/impl/$(notdir $(LAB_IMPL_OF)).o: $(LAB_IMPL_FILE) $(KOBJ)/$(LAB_IMPL_OF).o $(LAB_TRACE_OBJS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  KCC     $< (in place of $(LAB_IMPL_OF))"
	@$(KCC) $(KCFLAGS) -Wno-unused-function -DIPCLAB_REV='"$(GIT_REV)-$(LAB_IMPL_TAG)"' -c $< -o $@
	@python3 labs/lib/implcheck.py $< $@ $(LAB_IMPL_OF) $(KOBJ)/$(LAB_IMPL_OF).o $(LAB_TRACE_OBJS) || { rm -f $@; exit 1; }
$(LAB_KDIR)/kernel.elf: $(LAB_KOBJS) arch/aarch64/linker.ld
	@echo "  KLD     $@"
	@$(KLD) -nostdlib -z max-page-size=4096 -T arch/aarch64/linker.ld -o $@ $(LAB_KOBJS) $$($(KCC) -print-libgcc-file-name)
$(LAB_KDIR)/kernel.img: $(LAB_KDIR)/kernel.elf
	@$(CROSS)objcopy -O binary $< $@
-include $(LAB_KDIR)/impl/$(notdir $(LAB_IMPL_OF)).d
LAB_KERNEL := $(LAB_KDIR)/kernel.img
# make run-elf LAB=NAME IMPL=student (user/user.mk) boots it.
run-elf: $(LAB_KERNEL)
endif
endif
LAB_KERNEL ?= $(BUILD)/kernel.img

# The student kernel's build dir and file, for scripts/grade and scripts/lab (they call `make lab-kernel`).
lab-kernel: $(LAB_KERNEL)
	@echo "$(LAB_KERNEL)"
.PHONY: lab-kernel

lab_need = @test -n "$(LAB)" || { echo "usage: make $@ LAB=NAME (make labs lists them)" >&2; exit 2; }

LAB_OPTS = $(if $(IMPL),--impl $(IMPL)) $(if $(SEED),--seed $(SEED)) $(if $(filter 0,$(ICOUNT)),--no-icount)
LAB_GRADE_OPTS = $(if $(RESULTS),--json $(RESULTS)) $(if $(LAB_PROGRESS),--progress $(LAB_PROGRESS)) \
	$(if $(LAB_STALL),--stall $(LAB_STALL)) $(if $(LAB_WALL),--wall $(LAB_WALL)) \
	$(if $(PREEMPT_SEEDS),--seeds $(PREEMPT_SEEDS)) $(if $(filter 0,$(EXPLORE)),--no-explore)

labs:
	@for l in $(LABS); do printf '  %-13s %s\n' "$$l" "$$(sed -n 's/^summary:[[:space:]]*//p' labs/$$l/lab.conf)"; done
	@echo "make lab LAB=NAME (watch it), make grade LAB=NAME [IMPL=student] (check it); handouts: labs/NAME/README.md"
lab: kernel user tracer
	$(lab_need)
	@scripts/lab $(LAB_OPTS) $(if $(PREEMPT),--preempt $(PREEMPT)) $(if $(filter 1,$(PROJECTOR)),--projector) $(LAB) $(SCEN)
	@$(if $(VIDEO),$(MAKE) -s --no-print-directory lab-videos LAB=$(LAB) VIDEO=$(VIDEO))

# The videos of make lab VIDEO=...: one per scenario of the trace the lab just left (watched live, or not), cut at
# the runner's trace.mark "lab.begin SCEN" and "lab.end SCEN", at 1920x1080 (projector mode with PROJECTOR=1).
LAB_VIDEO_EXT = $(if $(filter 1 yes,$(VIDEO)),webm,$(VIDEO))
lab-videos:
	$(lab_need)
	@trace=$$(ls -t $(BUILD)/labs/$(LAB)/live.jsonl $(BUILD)/labs/$(LAB)/lab.jsonl 2>/dev/null | head -1); \
	[ -n "$$trace" ] || { echo "lab-videos: no trace of lab $(LAB) yet (make lab LAB=$(LAB))" >&2; exit 1; }; \
	mkdir -p $(BUILD)/labs/$(LAB)/video; \
	for s in $$(sed -n 's/^\([A-Za-z0-9_-]*\)[[:space:]].*/\1/p' labs/$(LAB)/scenarios); do \
		$(BUILD)/ipctrace --quiet --size 1920x1080 $(if $(filter 1,$(PROJECTOR)),--projector) --speed 4 \
			--from-mark "lab.begin $$s" --to-mark "lab.end $$s" --video $(BUILD)/labs/$(LAB)/video/$$s.$(LAB_VIDEO_EXT) \
			"$$trace" || exit 1; \
	done
.PHONY: lab-videos
grade: kernel user
	$(lab_need)
	@scripts/grade $(LAB_OPTS) $(LAB_GRADE_OPTS) $(LAB)
# A class: every submission in SUBMISSIONS (a file or a tree per student), J at a time (default: the cores),
# Gradescope results per student and a CSV summary in CLASS_OUT (default build/class/LAB/).
grade-class: kernel user tracer
	$(lab_need)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade-class LAB=NAME SUBMISSIONS=DIR [J=N] [CLASS_OUT=DIR]" >&2; exit 2; }
	@scripts/grade-class $(if $(J),-j $(J)) $(if $(CLASS_OUT),-o $(CLASS_OUT)) $(if $(PREEMPT_SEEDS),--seeds $(PREEMPT_SEEDS)) \
		$(if $(filter 0,$(EXPLORE)),--no-explore) $(LAB) $(SUBMISSIONS)
lab-skeleton:
	$(lab_need)
	@scripts/lab-skeleton $(if $(filter 1,$(FORCE)),--force) $(LAB)
traces: kernel user
	@scripts/lab-traces
# Hints in tiers: a student opens N=1 first; N=3 is close to the answer.
hint:
	$(lab_need)
	@f=labs/$(LAB)/hints/$(or $(N),1).md; test -f $$f || { echo "hint: no $$f (lab $(LAB) has hints: \
	$$(ls labs/$(LAB)/hints 2>/dev/null | sed 's/\.md$$//' | tr '\n' ' ' | sed 's/ $$//')$$(test -d labs/$(LAB)/hints || echo none))" >&2; exit 2; }; \
	cat $$f
handout:
	@scripts/make-handout $(if $(HANDOUT),-o $(HANDOUT))
.PHONY: labs lab grade grade-class lab-skeleton traces hint handout

# make gdb LAB=NAME (mk/gdb.mk): the init arguments that load lab NAME's scenarios, with no guest-time ticks and no
# time limit (a student stepping in gdb stops guest time for as long as they like).
LAB_INIT_ARGS = $(if $(LAB),$(shell python3 -c 'import sys; sys.path.insert(0, "labs/lib"); import labgrade as g; print(" ".join(g.init_args(g.scenarios(sys.argv[1]), tick=0, limit=0)))' $(LAB) 2>/dev/null))
print-lab-init-args:
	@echo $(LAB_INIT_ARGS)
.PHONY: print-lab-init-args
