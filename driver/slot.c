// SPDX-License-Identifier: GPL-2.0
/*
 * slot.c - slot lifecycle.
 *
 * A slot is created the first time one of its minors is opened, whether the
 * node came from devtmpfs or from mknod, and lives until the module goes:
 * messages outlive every open file.  Creation takes a mutex; finding an
 * existing slot is one acquire load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "msgslot.h"

static struct msgslot_slot *slots[MSG_SLOT_MINORS];
static DEFINE_MUTEX(slots_lock);	/* serialises slot creation */

static struct msgslot_slot *slot_create(unsigned int minor)
{
	struct msgslot_slot *slot;
	int ret;

	slot = kzalloc(sizeof(*slot), GFP_KERNEL_ACCOUNT);
	if (!slot)
		return ERR_PTR(-ENOMEM);
	slot->minor = minor;
	ret = msgslot_store_init(&slot->store);
	if (ret) {
		kfree(slot);
		return ERR_PTR(ret);
	}
	return slot;
}

/**
 * msgslot_slot_get - the slot of @minor, created on first use
 * @minor: 0..MSG_SLOT_MINORS-1
 *
 * Return: the slot, or an ERR_PTR if it could not be created.
 */
struct msgslot_slot *msgslot_slot_get(unsigned int minor)
{
	struct msgslot_slot *slot;

	if (minor >= MSG_SLOT_MINORS)
		return ERR_PTR(-ENXIO);

	/* Pairs with smp_store_release() below. */
	slot = smp_load_acquire(&slots[minor]);
	if (slot)
		return slot;

	mutex_lock(&slots_lock);
	slot = slots[minor];
	if (!slot) {
		slot = slot_create(minor);
		if (IS_ERR(slot))
			goto out;
		/* Publish a fully set up slot; pairs with the load above. */
		smp_store_release(&slots[minor], slot);
	}
out:
	mutex_unlock(&slots_lock);
	return slot;
}

/* Module exit only: no file is open, nothing else can reach a slot. */
void msgslot_slots_destroy(void)
{
	unsigned int minor;

	for (minor = 0; minor < MSG_SLOT_MINORS; minor++) {
		struct msgslot_slot *slot = slots[minor];

		if (!slot)
			continue;
		msgslot_store_destroy(&slot->store);
		kfree(slot);
		slots[minor] = NULL;
	}
}
