// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the msgslot class: /sys/class/msgslot/slotN/.
 *
 * One value per file (docs/ABI/sysfs-class-msgslot).  Reads take no lock
 * the read/write path waits on: counters are per-CPU sums and atomics.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "msgslot_drv.h"
#include "trace.h"

static struct msgslot_slot *to_slot(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static ssize_t channels_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  msgslot_store_channels(&to_slot(dev)->store));
}
static DEVICE_ATTR_RO(channels);

static ssize_t bytes_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lu\n", msgslot_store_bytes(&to_slot(dev)->store));
}
static DEVICE_ATTR_RO(bytes);

static ssize_t memory_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct msgslot_slot *slot = to_slot(dev);

	return sysfs_emit(buf, "%zu\n",
			  sizeof(*slot) + msgslot_store_memory(&slot->store));
}
static DEVICE_ATTR_RO(memory);

static ssize_t open_files_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&to_slot(dev)->open_files));
}
static DEVICE_ATTR_RO(open_files);

static ssize_t writes_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct msgslot_counts sum;

	msgslot_slot_counts(to_slot(dev), &sum);
	return sysfs_emit(buf, "%llu\n", sum.writes);
}
static DEVICE_ATTR_RO(writes);

static ssize_t reads_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct msgslot_counts sum;

	msgslot_slot_counts(to_slot(dev), &sum);
	return sysfs_emit(buf, "%llu\n", sum.reads);
}
static DEVICE_ATTR_RO(reads);

/* "all" empties the slot, a decimal channel id empties that channel. */
static ssize_t clear_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct msgslot_slot *slot = to_slot(dev);
	struct msgslot_cleared cleared;
	unsigned long id = 0;

	if (sysfs_streq(buf, "all")) {
		msgslot_store_clear_all(&slot->store, &cleared);
	} else {
		if (kstrtoul(buf, 10, &id) || id == 0)
			return -EINVAL;
		msgslot_store_clear(&slot->store, id, &cleared);
	}
	trace_msgslot_clear(slot->minor, id, cleared.channels, cleared.bytes,
			    cleared.seq);
	return count;
}
static DEVICE_ATTR_WO(clear);

static struct attribute *msgslot_attrs[] = {
	&dev_attr_channels.attr,
	&dev_attr_bytes.attr,
	&dev_attr_memory.attr,
	&dev_attr_open_files.attr,
	&dev_attr_writes.attr,
	&dev_attr_reads.attr,
	&dev_attr_clear.attr,
	NULL,
};
ATTRIBUTE_GROUPS(msgslot);

struct class msgslot_class = {
	.name = "msgslot",
	.dev_groups = msgslot_groups,
};
