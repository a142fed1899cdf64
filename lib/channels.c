// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * channels.c - a slot's stored channels: ioctl(MSG_SLOT_LIST) on an open
 * slot file, or the debugfs listing where the module has no such ioctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "msgslot.h"
#include "paths.h"
#include "sized.h"

#define INFO_VER0 MSGSLOT_VER0_SIZE(struct msgslot_channel_info, uid)
/* The first call's batch: most slots fit; larger ones get the most. */
#define FIRST_BATCH 256

/* The caller's array: elements @size apart, each what fits of ours. */
struct items {
	char *data;
	size_t count, room, size;
};

static int items_add(struct items *it, struct msgslot_channel_info *c)
{
	char *bigger;

	if (it->count == it->room) {
		size_t room = it->room ? 2 * it->room : 64;

		if (room > SIZE_MAX / it->size)
			return -ENOMEM;
		bigger = realloc(it->data, room * it->size);
		if (!bigger)
			return -ENOMEM;
		it->data = bigger;
		memset(it->data + it->count * it->size, 0,
		       (room - it->count) * it->size);
		it->room = room;
	}
	msgslot_sized_put(it->data + it->count++ * it->size, it->size, c,
			  sizeof(*c));
	return 0;
}

static long items_done(struct items *it, struct msgslot_channel_info **list)
{
	*list = (struct msgslot_channel_info *)(void *)it->data;
	return (long)it->count;
}

static int size_ok(size_t size)
{
	return size >= INFO_VER0 && size <= UINT32_MAX;
}

/* Through MSG_SLOT_LIST on @fd. */
static long channels_ioctl(int fd, struct msgslot_channel_info **list,
			   size_t size)
{
	struct items it = { .size = size };
	struct msg_slot_list l = { 0 };
	struct msg_slot_entry *e = NULL, *bigger;
	uint32_t batch = FIRST_BATCH;
	long err = 0;

	do {
		bigger = realloc(e, batch * sizeof(*e));
		if (!bigger) {
			err = -ENOMEM;
			break;
		}
		e = bigger;
		l.entries = (uintptr_t)e;
		l.count = batch;
		l.entry_size = sizeof(*e);
		if (ioctl(fd, MSG_SLOT_LIST, &l)) {
			err = -errno;
			break;
		}
		for (uint32_t k = 0; k < l.count && !err; k++) {
			struct msgslot_channel_info c = {
				.length = e[k].length,
				.id = (unsigned long)e[k].id,
				.seq = e[k].seq,
				.time_ns = e[k].time_ns,
				.pid = e[k].pid,
				.uid = e[k].uid,
			};

			err = items_add(&it, &c);
		}
		batch = MSG_SLOT_LIST_MAX;
	} while (!err && !l.done);
	free(e);
	if (err) {
		free(it.data);
		return err;
	}
	return items_done(&it, list);
}

static int cmp_id(const void *a, const void *b)
{
	unsigned long x = ((const struct msgslot_channel_info *)a)->id;
	unsigned long y = ((const struct msgslot_channel_info *)b)->id;

	return (x > y) - (x < y);
}

/* The debugfs listing (root), for a module without MSG_SLOT_LIST. */
static long channels_debugfs(unsigned int minor,
			     struct msgslot_channel_info **list, size_t size)
{
	struct msgslot_channel_info c = { 0 };
	struct items it = { .size = size };
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
		err = items_add(&it, &c);
		if (err)
			goto fail;
	}
	if (got != EOF || ferror(f)) {
		err = ferror(f) ? -EIO : -EBADMSG;
		goto fail;
	}
	fclose(f);
	if (it.count)
		qsort(it.data, it.count, size, cmp_id);
	return items_done(&it, list);
fail:
	fclose(f);
	free(it.data);
	return err;
}

/*
 * The one way to list: the ioctl, and for a module without it (EINVAL or
 * ENOTTY: a command it does not know) the debugfs listing of the slot
 * the file is.
 */
long msgslot_channels_fd(int fd, struct msgslot_channel_info **list,
			 size_t size)
{
	struct stat st;
	long n;

	if (!size_ok(size))
		return -EINVAL;
	n = channels_ioctl(fd, list, size);
	if (n != -EINVAL && n != -ENOTTY)
		return n;
	if (fstat(fd, &st))
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return n;
	return channels_debugfs(minor(st.st_rdev), list, size);
}

long msgslot_channels(unsigned int minor, struct msgslot_channel_info **list,
		      size_t size)
{
	long n;
	int fd;

	if (!size_ok(size))
		return -EINVAL;
	fd = msgslot_open_node(minor, O_RDONLY);
	if (fd == -ENOENT)	/* no node: the debugfs listing alone */
		return channels_debugfs(minor, list, size);
	if (fd < 0)
		return fd;
	n = msgslot_channels_fd(fd, list, size);
	close(fd);
	return n;
}
