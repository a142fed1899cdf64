// SPDX-License-Identifier: GPL-2.0
/*
 * list.c - MSG_SLOT_LIST: a slot's channels, one batch per call, in
 * ascending order of id (include/message_slot.h has the contract).
 *
 * The store picks the batch's ids (msgslot_store_list(), which says why
 * a channel present for the whole listing comes out exactly once); each
 * is then looked up again for its metadata, and one cleared meanwhile is
 * left out.  Nothing is kept between calls: the caller's cursor is the
 * whole state, so listings cannot pile up in the kernel or wait for one
 * another.  A call holds at most MSG_SLOT_LIST_MAX ids (no more than the
 * slot has channels, and a few), charged to the caller's memory cgroup.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "msgslot_drv.h"

/* Entry @id at @out, @size bytes: 1, 0 if it is gone (cleared), -EFAULT. */
static int list_put(struct msgslot_store *store, unsigned long id,
		    u8 __user *out, u32 size)
{
	struct msgslot_msg msg __uninitialized;	/* only what is filled in */
	struct msg_slot_entry e;

	if (msgslot_store_meta(store, id, &msg))
		return 0;
	e = (struct msg_slot_entry){
		.id = id,
		.seq = msg.seq,
		.time_ns = msg.time,
		.pid = msgslot_pid_for_caller(msg.pid),
		.uid = msgslot_uid_for_caller(msg.uid),
		.length = msg.len,
	};
	if (copy_to_user(out, &e, sizeof(e)))
		return -EFAULT;
	if (size > sizeof(e) && clear_user(out + sizeof(e), size - sizeof(e)))
		return -EFAULT;
	return 1;
}

/**
 * msgslot_list - MSG_SLOT_LIST on a file of @slot
 * @slot: the file's slot
 * @uarg: the caller's struct msg_slot_list
 *
 * Return: 0, or -EINVAL, -EFAULT, -ENOMEM, -EINTR (*@uarg unchanged).
 */
long msgslot_list(struct msgslot_slot *slot, struct msg_slot_list __user *uarg)
{
	struct msg_slot_list l;
	unsigned int room, i, written = 0;
	unsigned long *ids;
	u8 __user *out;
	bool done;
	long n;
	int ret;

	if (copy_from_user(&l, uarg, sizeof(l)))
		return -EFAULT;
	if (l.flags || !l.count || l.entry_size < sizeof(struct msg_slot_entry) ||
	    l.entry_size > MSG_SLOT_LIST_ENTRY_MAX)
		return -EINVAL;
	if (l.cursor >= ULONG_MAX) {
		/* No id is above it (an unsigned long is all a channel has). */
		n = 0;
		done = true;
		goto reply;
	}
	/* No more room than the slot's channels need (and some to spare
	 * for ones added meanwhile): a batch may come out short anyway.
	 */
	room = min_t(unsigned long, min_t(u32, l.count, MSG_SLOT_LIST_MAX),
		     msgslot_store_channels(&slot->store) + 64);
	ids = kvmalloc_array(room, sizeof(*ids), GFP_KERNEL_ACCOUNT);
	if (!ids)
		return -ENOMEM;
	n = msgslot_store_list(&slot->store, l.cursor, ids, room, &done);
	out = u64_to_user_ptr(l.entries);
	for (i = 0; i < n; i++) {
		ret = list_put(&slot->store, ids[i], out, l.entry_size);
		if (ret < 0) {
			n = ret;
			break;
		}
		if (ret) {
			out += l.entry_size;
			written++;
		}
		if (!((i + 1) % 1024))
			cond_resched();
	}
	if (n > 0)
		l.cursor = ids[n - 1];
	kvfree(ids);
	if (n < 0)
		return n;
reply:
	l.count = written;
	l.done = done;
	if (copy_to_user(uarg, &l, sizeof(l)))
		return -EFAULT;
	return 0;
}
