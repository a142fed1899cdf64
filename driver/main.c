// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module entry, the character device and its file operations.
 *
 * Every minor of the major is a slot.  ioctl(MSG_SLOT_CHANNEL) picks the
 * channel of an open file; write(2) replaces that channel's message and
 * read(2) returns it whole; MSG_SLOT_SEND and MSG_SLOT_RECEIVE do the same
 * for any channel, with the message's metadata; MSG_SLOT_LIST lists the
 * slot's channels (list.c); poll reports whether the file has read its
 * channel's current message.  See
 * include/message_slot.h, message_slot(4) and README.md for the contract.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/compat.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "msgslot_drv.h"
#include "trace.h"
#include "usercopy.h"

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
	atomic64_t read_seq;		/* newest message of it read; 0: none */
	struct msgslot_watcher watcher;	/* poll */
};

/*
 * The file read message @seq of its channel: it stops being "unread" for
 * poll.  The newest wins when threads sharing the file race.
 */
static void msgslot_mark_read(struct msgslot_file *mf, u64 seq)
{
	s64 old = atomic64_read(&mf->read_seq);

	while ((u64)old < seq &&
	       !atomic64_try_cmpxchg(&mf->read_seq, &old, seq))
		;
}

static int msgslot_fop_open(struct inode *inode, struct file *file)
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
	atomic64_set(&mf->read_seq, 0);
	msgslot_watcher_init(&mf->watcher);
	file->private_data = mf;
	atomic_inc(&slot->open_files);
	return stream_open(inode, file);
}

static int msgslot_fop_release(struct inode *inode, struct file *file)
{
	struct msgslot_file *mf = file->private_data;

	msgslot_unwatch(&mf->slot->waiters, &mf->watcher);
	atomic_dec(&mf->slot->open_files);
	kfree(mf);
	return 0;
}

/* MSG_SLOT_CHANNEL: its message, if any, is unread for this file now. */
static long msgslot_ioctl_select(struct msgslot_file *mf, unsigned long id)
{
	int ret;

	if (id == 0)
		return -EINVAL;
	ret = msgslot_watch_select(&mf->slot->waiters, &mf->watcher,
				   &mf->channel, id);
	if (ret)
		return ret;
	atomic64_set(&mf->read_seq, 0);
	msgslot_hint_clear(&mf->hint);
	msgslot_watcher_wake(&mf->watcher);
	return 0;
}

/*
 * The channel an ioctl names: @id, or the selected one if @id is 0.
 * *@hint: the file's hint if it is the selected channel, else none (a
 * reader of many channels must not thrash it).  0: none (EINVAL).
 */
static unsigned long msgslot_ioctl_channel(struct msgslot_file *mf, u64 id,
					   struct msgslot_hint **hint)
{
	unsigned long selected = READ_ONCE(mf->channel);

	*hint = NULL;
	if (id > ULONG_MAX)
		return 0;
	if (!id)
		id = selected;
	if (id && id == selected)
		*hint = &mf->hint;
	return id;
}

/*
 * A read of channel @id through @mf: the message into @msg, traced.
 * Free when the events are off, as near as code can be: inlined into
 * its callers as it is without the tracepoints, and a trace site of its
 * own for a success and for an error, so that the hot path carries one
 * NOP and nothing is loaded or merged for the event before it.
 */
static __always_inline int msgslot_get(struct msgslot_file *mf,
				       unsigned long id,
				       struct msgslot_hint *hint,
				       struct msgslot_msg *msg, size_t size)
{
	enum msgslot_path path = MSGSLOT_PATH_NONE;
	int ret = -EINVAL;

	if (id)
		ret = msgslot_store_get(&mf->slot->store, id, hint, msg, &path);
	if (!ret && size < msg->len)
		ret = -ENOSPC;
	if (unlikely(ret)) {
		trace_msgslot_read(mf->slot->minor, id, 0, 0, path, ret);
		return ret;
	}
	trace_msgslot_read(mf->slot->minor, id, msg->len, msg->seq, path, 0);
	return 0;
}

/* A write of @len bytes at @ubuf to channel @id through @mf, traced (as above). */
static __always_inline int msgslot_put(struct msgslot_file *mf,
				       unsigned long id,
				       struct msgslot_hint *hint,
				       const u8 __user *ubuf, size_t len,
				       u64 *seq)
{
	enum msgslot_path path = MSGSLOT_PATH_NONE;
	int ret = -EINVAL;

	if (id)
		ret = len == 0 || len > MSG_SLOT_MAX_LEN ? -EMSGSIZE :
		      msgslot_store_write(&mf->slot->store, id, hint, ubuf,
					  len, seq, &path);
	if (unlikely(ret)) {
		trace_msgslot_write(mf->slot->minor, id,
				    min_t(size_t, len, UINT_MAX), 0, path, ret);
		return ret;
	}
	trace_msgslot_write(mf->slot->minor, id, len, *seq, path, 0);
	msgslot_wake(mf->slot, id);
	msgslot_slot_count_write(mf->slot);
	return 0;
}

/* struct msg_slot_receive: the fields in, up to seq; from seq on, out. */
#define RECEIVE_IN offsetof(struct msg_slot_receive, seq)
static_assert(RECEIVE_IN % 8 == 0 && sizeof(struct msg_slot_receive) % 8 == 0);

static long msgslot_ioctl_receive(struct msgslot_file *mf,
				  struct msg_slot_receive __user *uarg)
{
	struct msgslot_msg msg __uninitialized;	/* only what is filled in */
	struct msgslot_hint *hint;
	struct msg_slot_receive r;
	unsigned long id;
	int ret;

	/* In words, inline (usercopy.h): what the caller gives, then, below,
	 * what it gets back; the struct's two halves.
	 */
	if (msgslot_from_user(&r, uarg, RECEIVE_IN))
		return -EFAULT;
	id = msgslot_ioctl_channel(mf, r.channel, &hint);
	if (r.flags)
		id = 0;		/* refused, as a missing channel is */
	ret = msgslot_get(mf, id, hint, &msg, r.size);
	if (ret)
		return ret;
	if (msgslot_to_user(u64_to_user_ptr(r.buf), msg.data, msg.len))
		return -EFAULT;
	r.length = msg.len;
	r.seq = msg.seq;
	r.time_ns = msg.time;
	r.pid = msgslot_pid_for_caller(msg.pid);
	r.uid = msgslot_uid_for_caller(msg.uid);
	r.reserved = 0;
	if (msgslot_to_user(&uarg->seq, &r.seq, sizeof(r) - RECEIVE_IN))
		return -EFAULT;
	if (hint)
		msgslot_mark_read(mf, msg.seq);
	msgslot_slot_count_read(mf->slot);
	return 0;
}

static long msgslot_ioctl_send(struct msgslot_file *mf,
			       struct msg_slot_send __user *uarg)
{
	struct msgslot_hint *hint;
	struct msg_slot_send s;
	unsigned long id;
	u64 seq = 0;
	int ret;

	if (copy_from_user(&s, uarg, sizeof(s)))
		return -EFAULT;
	id = msgslot_ioctl_channel(mf, s.channel, &hint);
	if (s.flags)
		id = 0;		/* refused, as a missing channel is */
	/* Where the number goes must be writable before anything changes
	 * (checked after what msgslot_put() refuses first).
	 */
	if (id && s.length && s.length <= MSG_SLOT_MAX_LEN &&
	    put_user(seq, &uarg->seq))
		return -EFAULT;
	ret = msgslot_put(mf, id, hint, u64_to_user_ptr(s.buf), s.length, &seq);
	if (ret)
		return ret;
	return put_user(seq, &uarg->seq);
}

static long msgslot_fop_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct msgslot_file *mf = file->private_data;

	/* What reads needs a file open for reading, as read(2) does; what
	 * writes, one open for writing: a slot's mode says who may do which.
	 */
	switch (cmd) {
	case MSG_SLOT_CHANNEL:
	case MSG_SLOT_CHANNEL_U32:
		return msgslot_ioctl_select(mf, arg);
	case MSG_SLOT_RECEIVE:
		if (!(file->f_mode & FMODE_READ))
			return -EBADF;
		return msgslot_ioctl_receive(mf, (void __user *)arg);
	case MSG_SLOT_SEND:
		if (!(file->f_mode & FMODE_WRITE))
			return -EBADF;
		return msgslot_ioctl_send(mf, (void __user *)arg);
	case MSG_SLOT_LIST:
		if (!(file->f_mode & FMODE_READ))
			return -EBADF;
		return msgslot_list(mf->slot, (void __user *)arg);
	default:
		return -EINVAL;
	}
}

/* A 32-bit caller: the channel id travels by value, the structs are the same. */
static long msgslot_fop_compat_ioctl(struct file *file, unsigned int cmd,
				     unsigned long arg)
{
	if (cmd == MSG_SLOT_RECEIVE || cmd == MSG_SLOT_SEND ||
	    cmd == MSG_SLOT_LIST)
		arg = (unsigned long)compat_ptr(arg);
	return msgslot_fop_ioctl(file, cmd, arg);
}

static ssize_t msgslot_fop_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct msgslot_file *mf = file->private_data;
	u64 seq;
	int ret;

	ret = msgslot_put(mf, READ_ONCE(mf->channel), &mf->hint,
			  (const u8 __user *)ubuf, len, &seq);
	return ret ? ret : len;
}

static ssize_t msgslot_fop_read(struct file *file, char __user *ubuf,
				size_t size, loff_t *ppos)
{
	struct msgslot_msg msg __uninitialized;	/* only what is filled in */
	struct msgslot_file *mf = file->private_data;
	int ret;

	ret = msgslot_get(mf, READ_ONCE(mf->channel), &mf->hint, &msg, size);
	if (ret)
		return ret;
	if (msgslot_to_user(ubuf, msg.data, msg.len))
		return -EFAULT;
	msgslot_mark_read(mf, msg.seq);
	msgslot_slot_count_read(mf->slot);
	return msg.len;
}

/*
 * EPOLLIN while the channel holds a message this file has not read;
 * EPOLLOUT always (writes never block); EPOLLERR with no channel.
 */
static __poll_t msgslot_fop_poll(struct file *file, poll_table *pt)
{
	struct msgslot_file *mf = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;
	unsigned long channel;
	u64 seq;

	poll_wait(file, &mf->watcher.wq, pt);
	channel = READ_ONCE(mf->channel);
	if (!channel)
		return EPOLLERR;
	if (!msgslot_watching(&mf->watcher, channel) &&
	    msgslot_watch(&mf->slot->waiters, &mf->watcher, &mf->channel))
		return EPOLLERR;
	/* Attached before looking; pairs with msgslot_wake(). */
	smp_mb();
	seq = msgslot_store_seq(&mf->slot->store, channel, &mf->hint);
	if (seq > (u64)atomic64_read(&mf->read_seq))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static const struct file_operations msgslot_fops = {
	.owner = THIS_MODULE,
	.open = msgslot_fop_open,
	.release = msgslot_fop_release,
	.read = msgslot_fop_read,
	.write = msgslot_fop_write,
	.poll = msgslot_fop_poll,
	.unlocked_ioctl = msgslot_fop_ioctl,
	.compat_ioctl = msgslot_fop_compat_ioctl,
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
	msgslot_store_caches_exit();
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
	msgslot_store_caches_exit();
	unregister_chrdev_region(msgslot_devt, MSG_SLOT_MINORS);
}

module_init(msgslot_init);
module_exit(msgslot_exit);

MODULE_DESCRIPTION("Message slots: per-channel last-value mailboxes");
MODULE_AUTHOR("msgslot developers");
#ifdef MSGSLOT_VERSION
MODULE_VERSION(MSGSLOT_VERSION);
#endif
MODULE_LICENSE("GPL");
