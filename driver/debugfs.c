// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs.c - /sys/kernel/debug/msgslot/slotN/channels: one line per stored
 * channel, in ascending order of id: "<id> <length> <seq> <time_ns> <pid>
 * <uid>", the pid and uid as the initial namespaces see them.
 *
 * A debugging aid for root; the interface to build on is MSG_SLOT_LIST.
 * It is the same listing: batches of ids from the store (each channel
 * present throughout comes out exactly once, see store.c), each looked up
 * again as its line is made, so a channel cleared meanwhile is skipped.
 * An open file holds one batch of ids (MSG_SLOT_LIST_MAX at most), not
 * the listing.  seq_file asks for records by position, going forward,
 * and again for the one it could not fit: positions count ids from the
 * start of the listing, and position 0 starts a new one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "msgslot_drv.h"

static struct dentry *msgslot_debugfs_root;

struct channels_seq {
	struct msgslot_store *store;
	unsigned long *ids;	/* the batch, ascending */
	unsigned int n;		/* ids in it */
	loff_t base;		/* position of ids[0] */
	unsigned long cursor;	/* the next batch lists ids above this */
	bool started, done;	/* a batch was taken; it was the last */
};

/* The id at @pos, fetching batches as far as it. */
static void *channels_fetch(struct channels_seq *cs, loff_t pos)
{
	long n;

	if (pos < cs->base || (pos == 0 && cs->started)) {
		cs->base = 0;
		cs->n = 0;
		cs->cursor = 0;
		cs->started = false;
		cs->done = false;
	}
	while (pos >= cs->base + cs->n) {
		if (cs->done)
			return NULL;
		n = msgslot_store_list(cs->store, cs->cursor, cs->ids,
				       MSG_SLOT_LIST_MAX, &cs->done);
		if (n < 0)
			return ERR_PTR(n);
		cs->base += cs->n;
		cs->n = n;
		cs->started = true;
		if (n)
			cs->cursor = cs->ids[n - 1];
	}
	return &cs->ids[pos - cs->base];
}

static void *channels_start(struct seq_file *m, loff_t *pos)
{
	return channels_fetch(m->private, *pos);
}

static void *channels_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return channels_fetch(m->private, *pos);
}

static void channels_stop(struct seq_file *m, void *v)
{
}

static int channels_show(struct seq_file *m, void *v)
{
	struct msgslot_msg msg __uninitialized;	/* only what is filled in */
	struct channels_seq *cs = m->private;
	unsigned long id = *(unsigned long *)v;

	if (msgslot_store_meta(cs->store, id, &msg))
		return SEQ_SKIP;	/* cleared since the batch was taken */
	seq_printf(m, "%lu %u %llu %llu %u %u\n", id, msg.len, msg.seq,
		   msg.time, msg.pid, msg.uid);
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

	cs = __seq_open_private(file, &channels_seq_ops, sizeof(*cs));
	if (!cs)
		return -ENOMEM;
	cs->store = &slot->store;
	cs->ids = kvmalloc_array(MSG_SLOT_LIST_MAX, sizeof(*cs->ids),
				 GFP_KERNEL_ACCOUNT);
	if (!cs->ids) {
		seq_release_private(inode, file);
		return -ENOMEM;
	}
	return 0;
}

static int channels_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct channels_seq *cs = m->private;

	kvfree(cs->ids);
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
