// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module entry, the character device and its file operations.
 *
 * Every minor of the major is a slot.  ioctl(MSG_SLOT_CHANNEL) picks the
 * channel of an open file; write(2) replaces that channel's message and
 * read(2) returns it whole.  See include/message_slot.h and README.md for
 * the contract.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "msgslot.h"

static int major = MSG_SLOT_MAJOR;
module_param(major, int, 0444);
MODULE_PARM_DESC(major, "character device major (default 235, 0 = dynamic)");

static unsigned int slots = 4;
module_param(slots, uint, 0444);
MODULE_PARM_DESC(slots, "slots created at load, slot0..slot<slots-1> (default 4, max 256)");

unsigned long msgslot_max_channels = 2UL << 20;
module_param_named(max_channels, msgslot_max_channels, ulong, 0644);
MODULE_PARM_DESC(max_channels, "channels per slot, at most 2097152; more fail with ENOSPC (default 2097152)");

unsigned long msgslot_max_bytes = 1UL << 30;
module_param_named(max_bytes, msgslot_max_bytes, ulong, 0644);
MODULE_PARM_DESC(max_bytes, "message bytes per slot; more fail with ENOSPC (default 1 GiB)");

dev_t msgslot_devt;
static struct cdev msgslot_cdev;

/* What one open file remembers. */
struct msgslot_file {
	struct msgslot_slot *slot;
	unsigned long channel;		/* 0: none selected yet */
	struct msgslot_hint hint;	/* where the channel was last found */
};

static int msgslot_open(struct inode *inode, struct file *file)
{
	struct msgslot_slot *slot;
	struct msgslot_file *mf;

	slot = msgslot_slot_get(iminor(inode));
	if (IS_ERR(slot))
		return PTR_ERR(slot);

	mf = kmalloc(sizeof(*mf), GFP_KERNEL_ACCOUNT);
	if (!mf)
		return -ENOMEM;
	mf->slot = slot;
	mf->channel = 0;
	msgslot_hint_init(&mf->hint);
	file->private_data = mf;
	atomic_inc(&slot->open_files);
	return stream_open(inode, file);
}

static int msgslot_release(struct inode *inode, struct file *file)
{
	struct msgslot_file *mf = file->private_data;

	atomic_dec(&mf->slot->open_files);
	kfree(mf);
	return 0;
}

static long msgslot_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct msgslot_file *mf = file->private_data;

	if (cmd != MSG_SLOT_CHANNEL && cmd != MSG_SLOT_CHANNEL_U32)
		return -EINVAL;
	if (arg == 0)
		return -EINVAL;
	WRITE_ONCE(mf->channel, arg);
	msgslot_hint_clear(&mf->hint);
	return 0;
}

static ssize_t msgslot_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct msgslot_file *mf = file->private_data;
	unsigned long channel = READ_ONCE(mf->channel);
	int ret;

	if (!channel)
		return -EINVAL;
	if (len == 0 || len > MSG_SLOT_MAX_LEN)
		return -EMSGSIZE;
	ret = msgslot_store_write(&mf->slot->store, channel, &mf->hint,
				  (const u8 __user *)ubuf, len);
	if (ret)
		return ret;
	msgslot_slot_count_write(mf->slot);
	return len;
}

static ssize_t msgslot_read(struct file *file, char __user *ubuf,
			    size_t size, loff_t *ppos)
{
	struct msgslot_file *mf = file->private_data;
	unsigned long channel = READ_ONCE(mf->channel);
	ssize_t len;

	if (!channel)
		return -EINVAL;
	len = msgslot_store_read(&mf->slot->store, channel, &mf->hint,
				 (u8 __user *)ubuf, size);
	if (len < 0)
		return len;
	msgslot_slot_count_read(mf->slot);
	return len;
}

static const struct file_operations msgslot_fops = {
	.owner = THIS_MODULE,
	.open = msgslot_open,
	.release = msgslot_release,
	.read = msgslot_read,
	.write = msgslot_write,
	.unlocked_ioctl = msgslot_ioctl,
	/* The id travels by value: a 32-bit caller's needs no translation. */
	.compat_ioctl = msgslot_ioctl,
};

static int __init msgslot_init(void)
{
	int ret;

	if (major < 0 || major >= (1 << (32 - MINORBITS))) {
		pr_err("major=%d is out of range\n", major);
		return -EINVAL;
	}
	if (slots > MSG_SLOT_MINORS) {
		pr_err("slots=%u is more than the %d minors\n", slots,
		       MSG_SLOT_MINORS);
		return -EINVAL;
	}
	if (major) {
		msgslot_devt = MKDEV(major, 0);
		ret = register_chrdev_region(msgslot_devt, MSG_SLOT_MINORS,
					     KBUILD_MODNAME);
		if (ret == -EBUSY)
			pr_err("major %d is already used by another driver (see /proc/devices); load with major=0 for a free one\n",
			       major);
	} else {
		ret = alloc_chrdev_region(&msgslot_devt, 0, MSG_SLOT_MINORS,
					  KBUILD_MODNAME);
	}
	if (ret)
		return ret;

	ret = class_register(&msgslot_class);
	if (ret)
		goto err_region;
	msgslot_debugfs_init();

	/* The cdev before the slots: devtmpfs makes a slot's node as soon
	 * as its device exists, and an open of it must find the driver.
	 */
	cdev_init(&msgslot_cdev, &msgslot_fops);
	ret = cdev_add(&msgslot_cdev, msgslot_devt, MSG_SLOT_MINORS);
	if (ret)
		goto err_cdev;

	ret = msgslot_slots_init(slots);
	if (ret)
		goto err_slots;

	pr_info("loaded, major %d, %u slots\n", MAJOR(msgslot_devt), slots);
	return 0;

err_slots:
	msgslot_slots_destroy();
	cdev_del(&msgslot_cdev);
err_cdev:
	msgslot_debugfs_exit();
	class_unregister(&msgslot_class);
err_region:
	unregister_chrdev_region(msgslot_devt, MSG_SLOT_MINORS);
	return ret;
}

/* In reverse: no file is open, and no open can start (the module is going). */
static void __exit msgslot_exit(void)
{
	msgslot_slots_destroy();
	cdev_del(&msgslot_cdev);
	msgslot_debugfs_exit();
	class_unregister(&msgslot_class);
	unregister_chrdev_region(msgslot_devt, MSG_SLOT_MINORS);
}

module_init(msgslot_init);
module_exit(msgslot_exit);

MODULE_DESCRIPTION("Message slots: per-channel last-value mailboxes");
MODULE_AUTHOR("msgslot developers");
MODULE_LICENSE("GPL");
