# mk/debian.mk: Debian's own binaries as test inputs, fetched at build time and never installed into the host.
#   build/debian/busybox           Debian's busybox-static for arm64 (scripts/busybox fetch: apt-get download,
#                                  dpkg -x); its version in build/debian/busybox.version
#   build/debian/busybox.links     its applets as symlinks to /bin/busybox in /bin (scripts/busybox links)
BUSYBOX := $(BUILD)/debian/busybox

$(BUSYBOX): | $(DEPS_STAMP)
	@scripts/busybox fetch -o $@

$(BUSYBOX).links: $(BUSYBOX) scripts/busybox
	@scripts/busybox links $< bin >$@.tmp && mv $@.tmp $@

busybox: $(BUSYBOX) $(BUSYBOX).links
.PHONY: busybox

# make shell: ipclab running busybox sh on a real terminal, the tracer beside it (scripts/shell).
# build/initramfs-shell.cpio: the base image, /bin/busybox and its applets as symlinks in /bin.
SHELL_IMAGE := $(BUILD)/initramfs-shell.cpio
$(SHELL_IMAGE): $(INITRAMFS_BASE) $(BUSYBOX) $(BUSYBOX).links scripts/mkinitramfs
	@scripts/mkinitramfs -o $@ --base $(INITRAMFS_BASE) --add bin/busybox=$(BUSYBOX) --symlinks $(BUSYBOX).links
shell: all $(SHELL_IMAGE)
	@scripts/shell
.PHONY: shell
