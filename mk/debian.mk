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
