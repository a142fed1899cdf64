// SPDX-License-Identifier: LGPL-2.1-or-later
/* channels.c - a slot's stored channels from the debugfs listing. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "msgslot.h"
#include "paths.h"

static int cmp_id(const void *a, const void *b)
{
	unsigned long x = ((const struct msgslot_channel_info *)a)->id;
	unsigned long y = ((const struct msgslot_channel_info *)b)->id;

	return (x > y) - (x < y);
}

long msgslot_channels(unsigned int minor, struct msgslot_channel_info **list)
{
	struct msgslot_channel_info *items = NULL, *bigger;
	size_t count = 0, room = 0;
	struct msgslot_channel_info c;
	char path[512];
	long err;
	FILE *f;
	int got;

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
			bigger = realloc(items, room * sizeof(*items));
			if (!bigger) {
				err = -ENOMEM;
				goto fail;
			}
			items = bigger;
		}
		items[count++] = c;
	}
	if (got != EOF || ferror(f)) {
		err = ferror(f) ? -EIO : -EBADMSG;
		goto fail;
	}
	fclose(f);
	if (count)
		qsort(items, count, sizeof(*items), cmp_id);
	*list = items;
	return (long)count;
fail:
	fclose(f);
	free(items);
	return err;
}
