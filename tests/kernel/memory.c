// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - what a million channels cost the kernel.
 *
 * Stores N (default 1,000,000) 16-byte messages under distinct random
 * 32-bit ids in one slot and measures the cost two ways: the drop of
 * MemFree (counts everything, but pages parked on per-CPU lists hide from
 * it) and the growth of SUnreclaim + VmallocUsed (the slab objects and the
 * vmalloc'd hash buckets themselves).  The bar, under 100 MiB, applies to
 * the larger of the two.
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

#define LIMIT (100L << 20)

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
	cost = free_before - free_after;
	if (held_after - held_before > cost)
		cost = held_after - held_before;
	if (n >= 1000000)
		tap_ok(cost < LIMIT,
		       "%ld channels cost %ld MiB of kernel memory (< 100 MiB)",
		       n, cost >> 20);
	close(fd);
	return tap_done();
}
