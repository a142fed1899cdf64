# SPDX-License-Identifier: GPL-2.0
#
# msgslot - top-level build.
#
#   make                 module (driver/message_slot.ko) and user space (build/)
#   make KDIR=DIR        the module for the kernel build tree DIR
#   make check           everything, host unit tests, then the suite in a VM per kernel
#   make unit            the host unit tests alone
#   make demo            boots a VM and walks through the quick start
#   make lint            checkpatch --strict, W=1 and sparse on both kernels
#   make clean

VERSION := 0.1.0

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
CPPFLAGS_ALL := -std=c11 -D_DEFAULT_SOURCE -Iinclude -Ilib \
	-DMSGSLOT_VERSION='"$(VERSION)"'
B := build

# Default kernel: the running one's build tree, else the newest installed.
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
export KDIR

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib

LIB_SRCS := lib/device.c lib/parse.c lib/strerror.c lib/paths.c lib/stats.c \
	lib/clear.c lib/channels.c
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
SONAME := libmsgslot.so.0
LIB_SO := $(B)/$(SONAME).1.0
TOOLS := $(B)/message_sender $(B)/message_reader $(B)/msgslotctl
CTL_SRCS := msgslotctl/main.c msgslotctl/commands.c msgslotctl/columns.c \
	msgslotctl/output.c
CTL_OBJS := $(CTL_SRCS:%.c=$(B)/obj/%.o)
TOOL_OBJS := $(B)/obj/tools/tool.o
TEST_PROGS := $(B)/tests/contract $(B)/tests/concurrency $(B)/tests/memory \
	$(B)/tests/listing
TEST32_PROGS := $(B)/tests/compat32

all: module userspace

userspace: $(B)/libmsgslot.a $(LIB_SO) $(B)/msgslot.pc $(TOOLS)

module:
	$(MAKE) -C driver KDIR=$(KDIR)
	@mkdir -p $(B) && cp driver/message_slot.ko $(B)/

$(B)/obj/%.o: %.c $(wildcard include/*.h lib/*.h tools/*.h msgslotctl/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -fPIC -c -o $@ $<

$(B)/libmsgslot.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

$(LIB_SO): $(LIB_OBJS) lib/libmsgslot.map
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=lib/libmsgslot.map -o $@ $(LIB_OBJS)
	ln -sf $(notdir $@) $(B)/$(SONAME)
	ln -sf $(SONAME) $(B)/libmsgslot.so

$(B)/msgslot.pc: lib/msgslot.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' $< >$@

$(B)/message_%: $(B)/obj/tools/message_%.o $(TOOL_OBJS) $(B)/libmsgslot.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/msgslotctl: $(CTL_OBJS) $(B)/libmsgslot.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# Guest test programs: static, so the initramfs needs no libraries.
$(B)/tests/%: tests/kernel/%.c tests/lib/tap.c tests/lib/tap.h include/message_slot.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) -Itests/lib $(WARN) $(CFLAGS) -static -pthread \
		-o $@ $< tests/lib/tap.c

$(B)/tests/compat32: tests/kernel/compat32.c tests/lib/tap.c tests/lib/tap.h include/message_slot.h
	@mkdir -p $(@D)
	$(CC) -m32 $(CPPFLAGS_ALL) -Itests/lib $(WARN) $(CFLAGS) -static \
		-o $@ $< tests/lib/tap.c

test-programs: $(TEST_PROGS) $(TEST32_PROGS)

# Host unit tests: libmsgslot against fake trees, msgslotctl's printer.
UNIT_PROGS := $(B)/unit/test_lib $(B)/unit/test_output

$(B)/unit/test_lib: tests/unit/test_lib.c tests/lib/tap.c $(B)/libmsgslot.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) -Itests/lib $(WARN) $(CFLAGS) -o $@ $^

$(B)/unit/test_output: tests/unit/test_output.c tests/lib/tap.c $(B)/obj/msgslotctl/output.o
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) -Itests/lib -Imsgslotctl $(WARN) $(CFLAGS) -o $@ $^

unit-programs: $(UNIT_PROGS)

unit: userspace unit-programs
	tests/unit/run | awk -f tests/lib/tap-number.awk

deps:
	@tests/vm/deps

check: deps
	$(MAKE) userspace test-programs unit-programs
	tests/run-vm-tests

demo: deps
	$(MAKE) userspace
	tests/demo

lint: deps
	tests/lint

clean:
	-$(MAKE) -C driver clean >/dev/null 2>&1
	rm -rf $(B)

# Keep objects between runs.
.SECONDARY:

.PHONY: all userspace module test-programs unit-programs unit deps check demo lint clean
