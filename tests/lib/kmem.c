// SPDX-License-Identifier: GPL-2.0
/*
 * kmem.c - helpers for tests that measure what channels cost the kernel.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kmem.h"

uint32_t id_scatter(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bU;
	x ^= x >> 13;
	x *= 0xc2b2ae35U;
	x ^= x >> 16;
	return x;
}

long meminfo(const char *field)
{
	char line[128], name[64];
	long kib, bytes = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %ld", name, &kib) == 2 &&
		    strcmp(name, field) == 0)
			bytes = kib * 1024;
	if (f)
		fclose(f);
	return bytes;
}

long pcp_free(void)
{
	char line[256];
	long pages = 0, n;
	FILE *f = fopen("/proc/zoneinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, " count: %ld", &n) == 1)
			pages += n;
	if (f)
		fclose(f);
	return pages * sysconf(_SC_PAGESIZE);
}
