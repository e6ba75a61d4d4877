# tests/shell/shell.mk: the shell suite, busybox sh scripts of our own (tests/shell/NAME.sh) run by Debian's
# unmodified busybox-static (mk/debian.mk), on Linux (the oracle: tests/shell/NAME.expected is Linux's output) and
# on ipclab. The image, build/shell/initramfs.cpio: the base image (/init, /bin, /bench), /bin/busybox with its
# applets as symlinks beside it (made here, as `busybox --install -s /bin` would), the device nodes a shell
# expects (Linux's numbers), empty /proc and /tmp, and the scripts with their driver tests/shell/run.
#   make test-shell          every script on ipclab against the expectations (suite shell, KERNEL_SUITES;
#                            tests/shell/STATUS.md says where Debian's binaries stand)
#   make test-shell-linux    every script on Linux (suite shell-linux, LINUX_SUITES): the expectations hold
#   make shell-expected      rewrite tests/shell/*.expected from Linux's output
#   make test-shell-copies   a diagnostic for a kernel that does not keep symlinks yet: the same on ipclab with
#                            the applets the scripts name packed as copies of busybox (build/shell/initramfs-copies.cpio;
#                            outputs in build/shell/ipclab-copies/), to see what fails beyond the missing links
SHELL_SCRIPTS := $(wildcard tests/shell/*.sh)
SHELL_NAMES := $(sort $(basename $(notdir $(SHELL_SCRIPTS))))
SHELL_INITRAMFS := $(BUILD)/shell/initramfs.cpio
SHELL_DEVS := dev/null=1:3 dev/zero=1:5 dev/full=1:7 dev/random=1:8 dev/urandom=1:9

$(SHELL_INITRAMFS): $(INITRAMFS_BASE) $(BUSYBOX) $(BUSYBOX).links $(SHELL_SCRIPTS) tests/shell/run scripts/mkinitramfs
	@mkdir -p $(dir $@)
	@scripts/mkinitramfs -o $@ --base $(INITRAMFS_BASE) --add bin/busybox=$(BUSYBOX) --symlinks $(BUSYBOX).links \
		$(foreach d,$(SHELL_DEVS),--dev $(d)) --dir proc --dir tmp --dir dev/shm \
		--add tests/shell/run=tests/shell/run $(foreach s,$(SHELL_SCRIPTS),--add $(s)=$(s))

SHELL_COPIES_INITRAMFS := $(BUILD)/shell/initramfs-copies.cpio
$(BUILD)/shell/used.links: $(BUSYBOX) $(SHELL_SCRIPTS) scripts/busybox
	@mkdir -p $(dir $@)
	@scripts/busybox links $< bin $(SHELL_SCRIPTS) >$@.tmp && mv $@.tmp $@
$(SHELL_COPIES_INITRAMFS): $(INITRAMFS_BASE) $(BUSYBOX) $(BUILD)/shell/used.links $(SHELL_SCRIPTS) tests/shell/run scripts/mkinitramfs
	@scripts/mkinitramfs -o $@ --base $(INITRAMFS_BASE) --add bin/busybox=$(BUSYBOX) \
		--symlinks $(BUILD)/shell/used.links --symlinks-as-copies \
		$(foreach d,$(SHELL_DEVS),--dev $(d)) --dir proc --dir tmp --dir dev/shm \
		--add tests/shell/run=tests/shell/run $(foreach s,$(SHELL_SCRIPTS),--add $(s)=$(s))

test-shell: kernel $(SHELL_INITRAMFS)
	@scripts/conformance --suite shell --on ipclab $(SHELL_NAMES)
test-shell-linux: $(SHELL_INITRAMFS)
	@scripts/conformance --suite shell --on linux $(SHELL_NAMES)
shell-both: kernel $(SHELL_INITRAMFS)
	@scripts/conformance --suite shell --on both $(SHELL_NAMES)
shell-expected: $(SHELL_INITRAMFS)
	@scripts/conformance --suite shell --update $(SHELL_NAMES)
test-shell-copies: kernel $(SHELL_COPIES_INITRAMFS)
	@scripts/conformance --suite shell --copies --on ipclab $(SHELL_NAMES)
.PHONY: test-shell test-shell-linux shell-both shell-expected test-shell-copies

KERNEL_SUITES += shell
LINUX_SUITES += shell-linux
