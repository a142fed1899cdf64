// SPDX-License-Identifier: LGPL-2.1-or-later
/* channels.c - a slot's stored channels from the debugfs listing. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgslot.h"
#include "paths.h"
#include "sized.h"

#define INFO_VER0 MSGSLOT_VER0_SIZE(struct msgslot_channel_info, uid)

static int cmp_id(const void *a, const void *b)
{
	unsigned long x = ((const struct msgslot_channel_info *)a)->id;
	unsigned long y = ((const struct msgslot_channel_info *)b)->id;

	return (x > y) - (x < y);
}

long msgslot_channels(unsigned int minor, struct msgslot_channel_info **list,
		      size_t size)
{
	struct msgslot_channel_info c = { 0 };
	size_t count = 0, room = 0;
	char *items = NULL, *bigger;
	char path[512];
	long err;
	FILE *f;
	int got;

	/* Elements @size apart; each holds what fits of ours (sized.h). */
	if (size < INFO_VER0 || size > UINT32_MAX)
		return -EINVAL;
	err = msgslot_debugfs_path(path, sizeof(path), minor, "channels");
	if (err)
		return err;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while ((got = fscanf(f, "%lu %u %" SCNu64 " %" SCNu64 " %d %u\n",
			     &c.id, &c.length, &c.seq, &c.time_ns, &c.pid,
			     &c.uid)) == 6) {
		if (count == room) {
			room = room ? 2 * room : 64;
			if (room > SIZE_MAX / size) {
				err = -ENOMEM;
				goto fail;
			}
			bigger = realloc(items, room * size);
			if (!bigger) {
				err = -ENOMEM;
				goto fail;
			}
			items = bigger;
			memset(items + count * size, 0, (room - count) * size);
		}
		msgslot_sized_put(items + count++ * size, size, &c, sizeof(c));
	}
	if (got != EOF || ferror(f)) {
		err = ferror(f) ? -EIO : -EBADMSG;
		goto fail;
	}
	fclose(f);
	if (count)
		qsort(items, count, size, cmp_id);
	*list = (struct msgslot_channel_info *)(void *)items;
	return (long)count;
fail:
	fclose(f);
	free(items);
	return err;
}
