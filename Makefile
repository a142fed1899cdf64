# SPDX-License-Identifier: GPL-2.0
#
# msgslot - top-level build.
#
#   make                 module (driver/message_slot.ko) and user space (build/)
#   make KDIR=DIR        the module for the kernel build tree DIR
#   make check           host unit tests, lint, the suite in a VM per kernel, systemd
#   make check-packages  the Debian packages installed in Debian 12 and 13 VMs
#   make check-debug     the guest suite on the 6.1 and 6.12-rt debug kernels
#   make check-all       all of the above, side by side (what CI runs)
#   make check-long      the suite with long random and stress runs, the
#                        debug kernels with the full load-fault sweep
#   make check-guest     KVER=6.12 TESTS="contract poll": some tests, one kernel
#   make unit            the host unit tests alone
#   make fuzz            the fuzzers (FUZZ_SECONDS each, default 60)
#   make demo            boots a VM and walks through the quick start
#   make bench           msgslot against the alternatives and the floor (BENCH_ARGS)
#   make lint            checkpatch --strict, W=1 and sparse on every test kernel
#   make deps            the build dependencies (debian/control), as root
#   make install         DESTDIR, PREFIX (default /usr/local) honoured; in parts:
#                        install-lib, install-tools, install-daemon, install-module
#   make install-dkms    the module's source in /usr/src for DKMS (dkms-source)
#   make deb             the Debian packages, unsigned, in build/deb/
#   make clean

# The version is debian/changelog's (its first line); everything else,
# the module, DKMS, the library's file name, --version, takes it from here.
VERSION := $(shell head -n 1 debian/changelog | tr '()' '  ' | awk '{ sub(/-[^-]*$$/, "", $$2); print $$2 }')

CC ?= cc
CFLAGS ?= -O2 -g
# CPPFLAGS, CFLAGS and LDFLAGS are the builder's (a distribution passes its
# hardening flags through them); warnings are errors only where our gates
# ask for it: make check, check-debug, check-long and lint set WERROR.
WERROR ?=
WARN := -Wall -Wextra $(WERROR)
GATE := WERROR=-Werror
CPPFLAGS_ALL := -std=c11 -D_DEFAULT_SOURCE -Iinclude -Ilib -Icommon \
	-DMSGSLOT_VERSION='"$(VERSION)"'
B := build

# Default kernel: the running one's build tree, else the newest installed.
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
export KDIR

# Where 'make install' puts things (all under DESTDIR).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
DKMSDIR ?= /usr/src/msgslot-$(VERSION)
# The release the module is built for, as the kernel reports it (Debian's
# include/config/kernel.release can differ from uname -r).
KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
MODDIR = /lib/modules/$(KVER)/updates

LIB_SRCS := lib/device.c lib/parse.c lib/strerror.c lib/paths.c lib/stats.c \
	lib/clear.c lib/channels.c lib/message.c lib/metrics.c
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
SONAME := libmsgslot.so.0
LIB_SO := $(B)/libmsgslot.so.$(VERSION)
TOOLS := $(B)/message_sender $(B)/message_reader $(B)/msgslotctl $(B)/msgslotd
DAEMON_SRCS := msgslotd/main.c msgslotd/config.c msgslotd/log.c \
	msgslotd/module.c msgslotd/nodes.c msgslotd/textfile.c msgslotd/udev.c
DAEMON_OBJS := $(DAEMON_SRCS:%.c=$(B)/obj/%.o)
DAEMON_LIBS := $(shell pkg-config --libs libkmod libsystemd 2>/dev/null || echo -lkmod -lsystemd)
CTL_SRCS := msgslotctl/main.c msgslotctl/commands.c msgslotctl/columns.c \
	msgslotctl/output.c msgslotctl/top.c
CTL_OBJS := $(CTL_SRCS:%.c=$(B)/obj/%.o)
# The programs' shared command-line conventions, linked into each.
CLI_OBJS := $(B)/obj/common/cli.o
TOOL_OBJS := $(B)/obj/tools/tool.o $(CLI_OBJS)
MAN3 := $(wildcard docs/man/*.3)
# The guest tests are registered in tests/kernel/tests.list: every
# program a test there runs (tests/NAME, from tests/kernel/NAME.c) is
# built; compat32 is a 32-bit one.
GUEST_PROGS := $(sort $(shell awk '!/^\#/ { for (i = 4; i <= NF; i++) \
	if ($$i ~ /^tests\/[a-z0-9_]+$$/) print substr($$i, 7) }' tests/kernel/tests.list))
TEST32_PROGS := $(B)/tests/compat32
TEST_PROGS := $(filter-out $(TEST32_PROGS),$(GUEST_PROGS:%=$(B)/tests/%))
# The tools link libmsgslot statically, unless LINK_LIB=shared (the
# Debian packages: they depend on libmsgslot0).
LINK_LIB ?= static
TOOL_LIB := $(if $(filter shared,$(LINK_LIB)),$(LIB_SO),$(B)/libmsgslot.a)

all: module userspace

# For scripts: the one version (tests, packaging helpers).
version:
	@echo $(VERSION)

userspace: $(B)/libmsgslot.a $(LIB_SO) $(TOOLS)

module:
	$(MAKE) -C driver KDIR=$(KDIR) MSGSLOT_VERSION=$(VERSION)
	@mkdir -p $(B) && cp driver/message_slot.ko $(B)/

# Objects remember the flags (and the version) they were built with: a
# change rebuilds them.
FLAGS_NOW := $(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(WERROR) $(VERSION)
INPUTS = $(filter-out $(B)/.flags,$^)
$(B)/.flags: FORCE
	@mkdir -p $(B)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' >$@

# Each object's headers: the compiler lists them (-MMD -MP, build/obj/*.d).
$(B)/obj/%.o: %.c $(B)/.flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -fPIC -c -o $@ $<

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

$(B)/libmsgslot.a: $(LIB_OBJS) $(B)/.flags
	$(AR) rcs $@ $(INPUTS)

$(LIB_SO): $(LIB_OBJS) lib/libmsgslot.map $(B)/.flags
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=lib/libmsgslot.map -o $@ $(LIB_OBJS)
	ln -sf $(notdir $@) $(B)/$(SONAME)
	ln -sf $(SONAME) $(B)/libmsgslot.so


$(B)/message_%: $(B)/obj/tools/message_%.o $(TOOL_OBJS) $(TOOL_LIB) $(B)/.flags
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(INPUTS)

$(B)/msgslotctl: $(CTL_OBJS) $(CLI_OBJS) $(TOOL_LIB) $(B)/.flags
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(INPUTS)

$(B)/msgslotd: $(DAEMON_OBJS) $(CLI_OBJS) $(TOOL_LIB) $(B)/.flags
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(INPUTS) $(DAEMON_LIBS)

# Guest test programs: static, so the initramfs needs no libraries.
TEST_LIB_SRCS := tests/lib/tap.c tests/lib/selfcheck.c tests/lib/kmem.c \
	tests/lib/kfile.c
# What only one program needs.
$(B)/tests/linearize: EXTRA_SRCS := tests/lib/linearize.c
$(B)/tests/linearize: tests/lib/linearize.c

$(B)/tests/%: tests/kernel/%.c $(TEST_LIB_SRCS) \
		$(wildcard tests/lib/*.h) include/message_slot.h $(B)/.flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) -Itests/lib $(WARN) $(CFLAGS) -static -pthread \
		-o $@ $< $(TEST_LIB_SRCS) $(EXTRA_SRCS)

# The benchmark's guest program (tests/bench/bench.c).
$(B)/tests/bench: tests/bench/bench.c tests/bench/mechanisms.c \
		tests/bench/waiting.c tests/bench/bench.h tests/lib/kmem.c \
		tests/lib/kmem.h include/message_slot.h $(B)/.flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) -Itests/lib $(WARN) $(CFLAGS) -static -pthread \
		-o $@ tests/bench/bench.c tests/bench/mechanisms.c \
		tests/bench/waiting.c tests/lib/kmem.c

$(B)/tests/compat32: tests/kernel/compat32.c tests/lib/tap.c tests/lib/tap.h include/message_slot.h $(B)/.flags
	@mkdir -p $(@D)
	$(CC) -m32 $(CPPFLAGS_ALL) $(CPPFLAGS) -Itests/lib $(WARN) $(CFLAGS) -static \
		-o $@ $< tests/lib/tap.c

test-programs: $(TEST_PROGS) $(TEST32_PROGS)

# Host unit tests: libmsgslot against fake trees, msgslotctl's printer.
UNIT_PROGS := $(B)/unit/test_lib $(B)/unit/test_output $(B)/unit/test_config \
	$(B)/unit/test_linearize $(B)/unit/test_nodes $(B)/unit/test_textfile

# One rule: a test's own source, the TAP helpers, and what the lines
# below add (objects and the library, linked in the order given).
$(B)/unit/test_%: tests/unit/test_%.c tests/lib/tap.c $(B)/.flags \
		$(wildcard tests/lib/*.h include/*.h lib/*.h msgslotctl/*.h msgslotd/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) -Itests/lib -Imsgslotctl -Imsgslotd $(WARN) $(CFLAGS) \
		-o $@ $(filter %.c %.o %.a,$^)

$(B)/unit/test_lib: $(B)/libmsgslot.a
$(B)/unit/test_output: $(B)/obj/msgslotctl/output.o
$(B)/unit/test_config: $(B)/obj/msgslotd/config.o
$(B)/unit/test_nodes: tests/lib/kfile.c $(B)/obj/msgslotd/nodes.o \
	$(B)/obj/msgslotd/udev.o $(B)/obj/msgslotd/config.o \
	$(B)/obj/msgslotd/log.o $(B)/libmsgslot.a
$(B)/unit/test_textfile: tests/lib/kfile.c $(B)/obj/msgslotd/textfile.o \
	$(B)/obj/msgslotd/log.o $(B)/libmsgslot.a
$(B)/unit/test_linearize: tests/lib/linearize.c

unit-programs: $(UNIT_PROGS)

unit: userspace unit-programs
	tests/unit/run | awk -f tests/lib/tap-number.awk

# Building from source: the Build-Depends of debian/control and the
# running kernel's headers.  Testing: tests/vm/deps installs what each
# target needs (as root) when it runs.
deps:
	@scripts/build-deps

# The test tiers (tests/run; docs/testing.md): each installs what it
# needs, builds with warnings as errors, prints TAP, the table of where
# its time went (build/timings.tsv) and "N passed, N failed".
#   check           unit, lint, the suite on the six kernels, systemd guest
#   check-packages  the Debian packages in Debian 12 and 13 guests
#   check-debug     the suite on the two debug kernels
#   check-all       all three, side by side where they fit (.ci/run)
#   check-long      the suite with long runs and a million channels, fuzzers,
#                   the debug kernels with every load fault point
#   check-guest     KVER (6.1, 6.12-rt, a release, debug, debug-rt; default
#                   6.1) and TESTS ("contract poll"; default all): the fast
#                   loop for one change
check:
	tests/run check

check-packages:
	tests/run packages

check-debug:
	tests/run debug

check-all:
	tests/run all

check-long:
	tests/run long

# KVER here is the one given on the command line, not the module's own.
check-guest:
	MSGSLOT_GUEST="$(if $(filter command line environment,$(origin KVER)),$(KVER),6.1)" \
		MSGSLOT_TESTS="$(TESTS)" tests/run guest

# libFuzzer targets with ASan and UBSan: msgslotd.conf parsing and the
# whole msgslotctl command line (over a fake sysfs tree).
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZERS := $(B)/fuzz/config $(B)/fuzz/ctl

$(B)/fuzz/config: tests/fuzz/config.c msgslotd/config.c msgslotd/config.h
	@mkdir -p $(@D)
	clang $(CPPFLAGS_ALL) $(CPPFLAGS) -Imsgslotd $(FUZZ_FLAGS) -o $@ tests/fuzz/config.c msgslotd/config.c

$(B)/fuzz/ctl: tests/fuzz/ctl.c $(CTL_SRCS) common/cli.c $(LIB_SRCS) $(wildcard msgslotctl/*.h lib/*.h common/*.h)
	@mkdir -p $(@D)
	clang $(CPPFLAGS_ALL) $(CPPFLAGS) -Imsgslotctl $(FUZZ_FLAGS) -c -o $(B)/fuzz/ctl_main.o \
		-Dmain=msgslotctl_main msgslotctl/main.c
	clang $(CPPFLAGS_ALL) $(CPPFLAGS) -Imsgslotctl $(FUZZ_FLAGS) -o $@ tests/fuzz/ctl.c \
		$(B)/fuzz/ctl_main.o $(filter-out msgslotctl/main.c,$(CTL_SRCS)) common/cli.c $(LIB_SRCS)

fuzzers: $(FUZZERS)

fuzz:
	@tests/vm/deps --for fuzz
	$(MAKE) fuzzers
	tests/fuzz/run $(FUZZ_SECONDS) | awk -f tests/lib/tap-number.awk

# QEMU, busybox and Debian 12's kernel with its headers are all it needs.
demo:
	@tests/vm/deps --for demo
	$(MAKE) userspace
	tests/demo

# msgslot against a pipe, a socketpair, POSIX and System V queues and the
# floor, in one guest; BENCH_ARGS go to tests/bench/bench (-r -n -t -c).
BENCH_ARGS ?=
bench:
	@tests/vm/deps --for bench
	$(MAKE) $(B)/tests/bench
	tests/bench/run $(BENCH_ARGS)

lint:
	@tests/vm/deps --for lint kernels
	$(MAKE) userspace test-programs unit-programs $(GATE)
	tests/lint

# What each install part puts under DESTDIR (make uninstall removes them).
INSTALLED_LIB = $(INCLUDEDIR)/message_slot.h $(INCLUDEDIR)/msgslot/msgslot.h \
	$(LIBDIR)/$(notdir $(LIB_SO)) $(LIBDIR)/$(SONAME) $(LIBDIR)/libmsgslot.so \
	$(LIBDIR)/libmsgslot.a $(LIBDIR)/pkgconfig/msgslot.pc \
	$(addprefix $(MANDIR)/man3/,$(notdir $(MAN3))) \
	$(MANDIR)/man4/message_slot.4
INSTALLED_TOOLS = $(BINDIR)/message_sender $(BINDIR)/message_reader $(BINDIR)/msgslotctl \
	$(MANDIR)/man1/message_sender.1 $(MANDIR)/man1/message_reader.1 \
	$(MANDIR)/man8/msgslotctl.8 $(BASHCOMPDIR)/msgslotctl
INSTALLED_DAEMON = $(SBINDIR)/msgslotd \
	$(MANDIR)/man8/msgslotd.8 $(MANDIR)/man5/msgslotd.conf.5 \
	$(UNITDIR)/msgslotd.service $(UDEVRULESDIR)/60-msgslot.rules \
	$(SYSUSERSDIR)/msgslot.conf
INSTALLED_MODULE = $(MODDIR)/message_slot.ko

# make install is its four parts; debian/rules uses the first three and
# install-dkms.  Under DESTDIR nothing touches the running system: depmod
# and ldconfig run only without it.
install: install-lib install-tools install-daemon install-module

# The library, its headers (msgslot.h under INCLUDEDIR/msgslot, which
# msgslot.pc names; the device's message_slot.h in INCLUDEDIR itself),
# the section-3 pages and the device's page.
install-lib: $(B)/libmsgslot.a $(LIB_SO)
	install -D -m 0644 include/message_slot.h $(DESTDIR)$(INCLUDEDIR)/message_slot.h
	install -D -m 0644 lib/msgslot.h $(DESTDIR)$(INCLUDEDIR)/msgslot/msgslot.h
	install -D -m 0644 $(LIB_SO) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO))
	ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libmsgslot.so
	install -m 0644 $(B)/libmsgslot.a $(DESTDIR)$(LIBDIR)/libmsgslot.a
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(VERSION)|' lib/msgslot.pc.in \
		>$(DESTDIR)$(LIBDIR)/pkgconfig/msgslot.pc
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man3 $(MAN3)
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man4 docs/man/message_slot.4
	[ -n "$(DESTDIR)" ] || ldconfig

install-tools: $(B)/message_sender $(B)/message_reader $(B)/msgslotctl
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $^ $(DESTDIR)$(BINDIR)/
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man1 docs/man/message_sender.1 docs/man/message_reader.1
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man8 docs/man/msgslotctl.8
	install -D -m 0644 completions/msgslotctl $(DESTDIR)$(BASHCOMPDIR)/msgslotctl

install-daemon: $(B)/msgslotd
	install -D -m 0755 $(B)/msgslotd $(DESTDIR)$(SBINDIR)/msgslotd
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man8 docs/man/msgslotd.8
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man5 docs/man/msgslotd.conf.5
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|' systemd/msgslotd.service.in \
		>$(DESTDIR)$(UNITDIR)/msgslotd.service
	install -D -m 0644 systemd/60-msgslot.rules $(DESTDIR)$(UDEVRULESDIR)/60-msgslot.rules
	install -D -m 0644 systemd/sysusers.d/msgslot.conf $(DESTDIR)$(SYSUSERSDIR)/msgslot.conf
	@# An existing configuration is the admin's: never overwritten.
	[ -e $(DESTDIR)$(SYSCONFDIR)/msgslot/msgslotd.conf ] || \
		install -D -m 0644 etc/msgslotd.conf $(DESTDIR)$(SYSCONFDIR)/msgslot/msgslotd.conf

# The module goes to /lib/modules/KVER/updates (KVER from KDIR).
install-module: module
	@[ -n "$(KVER)" ] || { echo "install: no kernel release in $(KDIR)" >&2; exit 1; }
	install -D -m 0644 driver/message_slot.ko $(DESTDIR)$(MODDIR)/message_slot.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED_LIB) $(INSTALLED_TOOLS) \
		$(INSTALLED_DAEMON) $(INSTALLED_MODULE))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/msgslot 2>/dev/null
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)
	[ -n "$(DESTDIR)" ] || ldconfig
	@echo "kept $(SYSCONFDIR)/msgslot/msgslotd.conf (yours to remove)"

# The module's source where DKMS expects it; then
# 'dkms install msgslot/$(VERSION)' builds it for each kernel.
install-dkms:
	install -d $(DESTDIR)$(DKMSDIR)/driver $(DESTDIR)$(DKMSDIR)/include
	install -m 0644 driver/*.c driver/*.h driver/Kbuild driver/Makefile $(DESTDIR)$(DKMSDIR)/driver/
	rm -f $(DESTDIR)$(DKMSDIR)/driver/*.mod.c
	install -m 0644 include/message_slot.h $(DESTDIR)$(DKMSDIR)/include/
	sed 's|#MODULE_VERSION#|$(VERSION)|g' dkms.conf >$(DESTDIR)$(DKMSDIR)/dkms.conf
dkms-source: install-dkms

# The source, copied to DEST by make source-tree: in a git checkout, what
# git tracks or would (no build output, even while another make builds
# here); else the tree less build/ and kbuild's output.
SOURCE_FILES = if [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$$(pwd -P)" ]; then \
		git ls-files -z --cached --others --exclude-standard; \
	else find . -path ./build -prune -o -path ./.git -prune -o \
		! -name '*.o' ! -name '*.ko' ! -name '.*.cmd' ! -name '*.mod*' -type f -print0; fi

source-tree:
	@[ -n "$(DEST)" ] || { echo "source-tree: give DEST=DIR" >&2; exit 1; }
	mkdir -p $(DEST)
	$(SOURCE_FILES) | tar --null -T - -c | tar -x -C $(DEST)

# The five Debian packages, unsigned, from a copy of this tree (the
# build writes its results next to the source, and debian/ fills with
# build state), into build/deb/; DBGSYM=1 adds the -dbgsym packages.
DEB_DIR := $(B)/deb
deb:
	@command -v dpkg-buildpackage >/dev/null || { echo "deb: dpkg-buildpackage missing: make deps" >&2; exit 1; }
	rm -rf $(DEB_DIR)
	$(MAKE) -s source-tree DEST=$(DEB_DIR)/msgslot
	cd $(DEB_DIR)/msgslot && DEB_BUILD_OPTIONS="$(DEB_BUILD_OPTIONS) \
		$(if $(DBGSYM),,noautodbgsym)" dpkg-buildpackage -us -uc -b
	rm -rf $(DEB_DIR)/msgslot
	@ls $(DEB_DIR)/*.deb

clean:
	-$(MAKE) -C driver clean >/dev/null 2>&1
	rm -rf $(B)

# Keep objects between runs.
.SECONDARY:

.PHONY: FORCE version bench fuzz fuzzers check check-packages check-debug check-all check-long check-guest all userspace module install install-lib install-tools install-daemon install-module install-dkms deb source-tree uninstall dkms-source test-programs unit-programs unit deps demo lint clean
