// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - what many channels cost the kernel.
 *
 * Stores N (default 1,000,000; make check's guests 200,000) 16-byte
 * messages under distinct random 32-bit ids in one slot and measures the
 * cost two ways: the drop of MemFree (counts everything, but pages parked
 * on per-CPU lists hide from it) and the growth of SUnreclaim +
 * VmallocUsed (the slab objects and the vmalloc'd hash buckets
 * themselves).  A million channels: the larger of the two under 100 MiB.
 * From 100,000 channels on: SUnreclaim + VmallocUsed under 100 MiB a
 * million plus 8 MiB of what does not shrink with the count (the hash
 * table's and the slab caches' partly filled pages: 200,000 channels
 * took 113 to 132 bytes each, a million 92).  MemFree is only reported there:
 * what else the guest does moves it by as much as the channels take (7
 * to 26 MiB for the same 200,000 channels on 2026-12-06).
 *
 * Usage: memory [DEVICE [N]]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <message_slot.h>

#include "kmem.h"
#include "tap.h"

/* Bytes a million channels may cost; fewer, in proportion plus FIXED. */
#define LIMIT (100L << 20)
#define LIMIT_PER 1000000L
#define FIXED (8L << 20)

static long kernel_held(void)
{
	return meminfo("SUnreclaim") + meminfo("VmallocUsed");
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/slot3";
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	char msg[16];
	long free_before, free_after, held_before, held_after, cost, bad = 0;
	int fd = open(dev, O_RDWR);

	if (fd < 0)
		tap_bail("open %s: %s", dev, strerror(errno));
	sync();
	free_before = meminfo("MemFree");
	held_before = kernel_held();
	for (long i = 1; i <= n; i++) {
		memset(msg, (int)i, sizeof(msg));
		if (ioctl(fd, MSG_SLOT_CHANNEL, (unsigned long)id_scatter(i)) ||
		    write(fd, msg, sizeof(msg)) != sizeof(msg))
			bad++;
	}
	sleep(1);	/* let RCU-deferred frees and table resizes finish */
	free_after = meminfo("MemFree");
	held_after = kernel_held();
	tap_eq(bad, 0, "%ld channels with 16-byte messages stored", n);

	for (long i = 1; i <= n; i += n / 1000 + 1) {
		char buf[MSG_SLOT_MAX_LEN], want[16];

		memset(want, (int)i, sizeof(want));
		if (ioctl(fd, MSG_SLOT_CHANNEL, (unsigned long)id_scatter(i)) ||
		    read(fd, buf, sizeof(buf)) != sizeof(want) ||
		    memcmp(buf, want, sizeof(want)) != 0)
			bad++;
	}
	tap_eq(bad, 0, "a sample of them reads back");

	tap_diag("MemFree dropped %ld KiB: %ld bytes per channel",
		 (free_before - free_after) >> 10,
		 (free_before - free_after) / n);
	tap_diag("SUnreclaim+VmallocUsed grew %ld KiB: %ld bytes per channel",
		 (held_after - held_before) >> 10,
		 (held_after - held_before) / n);
	cost = held_after - held_before;
	if (n >= LIMIT_PER && free_before - free_after > cost)
		cost = free_before - free_after;
	if (n >= LIMIT_PER)
		tap_ok(cost < LIMIT,
		       "%ld channels cost %ld MiB of kernel memory (< 100 MiB)",
		       n, cost >> 20);
	else if (n >= LIMIT_PER / 10)
		tap_ok(cost < LIMIT / LIMIT_PER * n + FIXED,
		       "%ld channels hold %ld KiB of slab and vmalloc (< 100 MiB a million + 8 MiB: %ld KiB)",
		       n, cost >> 10, (LIMIT / LIMIT_PER * n + FIXED) >> 10);
	close(fd);
	return tap_done();
}
