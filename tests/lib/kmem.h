/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmem.h - helpers for tests that measure what channels cost the kernel.
 */
#ifndef MSGSLOT_KMEM_H
#define MSGSLOT_KMEM_H

#include <stdint.h>

/* A bijection on 32 bits: distinct inputs give distinct, scattered ids. */
uint32_t id_scatter(uint32_t x);

/* A /proc/meminfo field, in bytes; -1 if there is none. */
long meminfo(const char *field);

/*
 * Free pages parked on per-CPU lists, in bytes (/proc/zoneinfo): MemFree
 * does not count them, so it drops by a whole batch when a list refills.
 */
long pcp_free(void);

#endif
