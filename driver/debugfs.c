// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs.c - /sys/kernel/debug/msgslot/slotN/channels: one line per stored
 * channel, in the store's order: "<id> <length> <seq> <time_ns> <pid> <uid>",
 * the pid and uid as the initial namespaces see them.
 *
 * A seq_file over a store walk: memory stays bounded (one record at a time)
 * with any number of channels, and each channel present throughout comes
 * out exactly once (see store.c).  A second open of the same slot's file
 * waits until the first is closed.  seq_file may ask again for the record at
 * the position it last got (when its buffer filled up), so the last record
 * is kept by value and handed out again; the walk itself only moves on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "msgslot.h"

static struct dentry *msgslot_debugfs_root;

struct channels_seq {
	struct msgslot_store_iter iter;
	loff_t pos;		/* position of @rec; -1: none yet */
	struct msgslot_store_entry rec;	/* the record at @pos */
};

/* Fetch the record at @pos: the one we hold, or the walk's next. */
static void *channels_fetch(struct channels_seq *cs, loff_t pos)
{
	if (pos == cs->pos)
		return cs;
	if (pos == 0 && cs->pos > 0) {
		/* Read again from the start: a fresh listing. */
		msgslot_store_iter_stop(&cs->iter);
		msgslot_store_iter_rewind(&cs->iter);
		msgslot_store_iter_start(&cs->iter);
	}
	if (!msgslot_store_iter_next(&cs->iter, &cs->rec))
		return NULL;
	cs->pos = pos;
	return cs;
}

static void *channels_start(struct seq_file *m, loff_t *pos)
	__acquires(RCU)
{
	struct channels_seq *cs = m->private;

	msgslot_store_iter_start(&cs->iter);
	return channels_fetch(cs, *pos);
}

static void *channels_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return channels_fetch(m->private, *pos);
}

static void channels_stop(struct seq_file *m, void *v)
	__releases(RCU)
{
	struct channels_seq *cs = m->private;

	msgslot_store_iter_stop(&cs->iter);
}

static int channels_show(struct seq_file *m, void *v)
{
	struct channels_seq *cs = v;

	seq_printf(m, "%lu %u %llu %llu %u %u\n", cs->rec.id, cs->rec.len,
		   cs->rec.seq, cs->rec.time, cs->rec.pid, cs->rec.uid);
	return 0;
}

static const struct seq_operations channels_seq_ops = {
	.start = channels_start,
	.next = channels_next,
	.stop = channels_stop,
	.show = channels_show,
};

static int channels_open(struct inode *inode, struct file *file)
{
	struct msgslot_slot *slot = inode->i_private;
	struct channels_seq *cs;
	int ret;

	cs = __seq_open_private(file, &channels_seq_ops, sizeof(*cs));
	if (!cs)
		return -ENOMEM;
	cs->pos = -1;
	/* One listing of a slot at a time: this may wait for another. */
	ret = msgslot_store_iter_enter(&slot->store, &cs->iter);
	if (ret)
		seq_release_private(inode, file);
	return ret;
}

static int channels_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct channels_seq *cs = m->private;

	msgslot_store_iter_exit(&cs->iter);
	return seq_release_private(inode, file);
}

static const struct file_operations channels_fops = {
	.owner = THIS_MODULE,
	.open = channels_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = channels_release,
};

void msgslot_debugfs_init(void)
{
	msgslot_debugfs_root = debugfs_create_dir("msgslot", NULL);
}

void msgslot_debugfs_exit(void)
{
	debugfs_remove_recursive(msgslot_debugfs_root);
}

/* debugfs failures are not errors: the slot works without its listing. */
struct dentry *msgslot_debugfs_add(struct msgslot_slot *slot)
{
	char name[16];
	struct dentry *dir;

	snprintf(name, sizeof(name), "slot%u", slot->minor);
	dir = debugfs_create_dir(name, msgslot_debugfs_root);
	debugfs_create_file("channels", 0400, dir, slot, &channels_fops);
	return dir;
}
