/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sized.h - structs that grow at their end (see "Structs that grow" in
 * msgslot.h): the caller's copy starts with its size, and the library
 * fills what fits.
 */
#ifndef LIBMSGSLOT_SIZED_H
#define LIBMSGSLOT_SIZED_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The size of a struct's first version: up to and including @last. */
#define MSGSLOT_VER0_SIZE(type, last) \
	(offsetof(type, last) + sizeof(((type *)0)->last))

/* 0 if the caller's struct at @dst says it is at least @min bytes. */
static inline int msgslot_sized_check(const void *dst, size_t min)
{
	uint32_t want;

	memcpy(&want, dst, sizeof(want));
	return want < min ? -EINVAL : 0;
}

/*
 * Copy the library's struct @src (@ours bytes, first member uint32_t
 * size) into @dst, which holds @want bytes: what both know, and in the
 * size field how much that was.  Checked before.
 */
static inline void msgslot_sized_put(void *dst, size_t want, void *src,
				     size_t ours)
{
	uint32_t n = (uint32_t)(want < ours ? want : ours);

	memcpy(src, &n, sizeof(n));
	memcpy(dst, src, n);
}

/* The same, for a caller's struct whose own size field says how big. */
static inline void msgslot_sized_copy(void *dst, void *src, size_t ours)
{
	uint32_t want;

	memcpy(&want, dst, sizeof(want));
	msgslot_sized_put(dst, want, src, ours);
}

#endif /* LIBMSGSLOT_SIZED_H */
