# SPDX-License-Identifier: GPL-2.0
#
# msgslot - top-level build.
#
#   make                 module (driver/message_slot.ko) and user space (build/)
#   make KDIR=DIR        the module for the kernel build tree DIR
#   make check           everything, then the test suite in a VM per kernel
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

LIB_SRCS := lib/device.c lib/parse.c lib/strerror.c
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
TOOLS := $(B)/message_sender $(B)/message_reader
TOOL_OBJS := $(B)/tools/tool.o
TEST_PROGS := $(B)/tests/contract $(B)/tests/concurrency $(B)/tests/memory \
	$(B)/tests/listing
TEST32_PROGS := $(B)/tests/compat32

all: module userspace

userspace: $(B)/libmsgslot.a $(TOOLS)

module:
	$(MAKE) -C driver KDIR=$(KDIR)
	@mkdir -p $(B) && cp driver/message_slot.ko $(B)/

$(B)/%.o: %.c $(wildcard include/*.h lib/*.h tools/*.h tests/lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -fPIC -c -o $@ $<

$(B)/libmsgslot.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

$(B)/message_%: $(B)/tools/message_%.o $(TOOL_OBJS) $(B)/libmsgslot.a
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

deps:
	@tests/vm/deps

check: deps
	$(MAKE) userspace test-programs
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

.PHONY: all userspace module test-programs deps check demo lint clean
