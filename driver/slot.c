// SPDX-License-Identifier: GPL-2.0
/*
 * slot.c - slot lifecycle.
 *
 * A slot is created at load for minors 0..slots-1 (module parameter), or
 * the first time any other minor is opened through a hand-made node, and
 * lives until the module goes: messages outlive every open file.  Each
 * slot has a device in the msgslot class (so devtmpfs makes /dev/slotN and
 * sysfs shows its attributes) and a debugfs directory.  Creation takes a
 * mutex; finding an existing slot is one acquire load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "msgslot_drv.h"

static struct msgslot_slot *slots[MSG_SLOT_MINORS];
static DEFINE_MUTEX(slots_lock);	/* serialises slot creation */

static void slot_free(struct msgslot_slot *slot)
{
	debugfs_remove_recursive(slot->debugfs);
	if (!IS_ERR_OR_NULL(slot->dev))
		device_destroy(&msgslot_class, msgslot_devt + slot->minor);
	msgslot_waiters_destroy(&slot->waiters);
	msgslot_store_destroy(&slot->store);
	free_percpu(slot->counts);
	kfree(slot);
}

static struct msgslot_slot *slot_create(unsigned int minor)
{
	struct msgslot_slot *slot;
	int ret = -ENOMEM;

	slot = kzalloc(sizeof(*slot), GFP_KERNEL_ACCOUNT);
	if (!slot)
		return ERR_PTR(-ENOMEM);
	slot->minor = minor;
	atomic_set(&slot->open_files, 0);
	slot->counts = alloc_percpu(struct msgslot_counts);
	if (!slot->counts)
		goto err_free;
	ret = msgslot_store_init(&slot->store);
	if (ret)
		goto err_counts;
	ret = msgslot_waiters_init(&slot->waiters);
	if (ret)
		goto err_store;

	/* Attributes come with the class (dev_groups): none added later. */
	slot->dev = device_create(&msgslot_class, NULL, msgslot_devt + minor,
				  slot, "slot%u", minor);
	if (IS_ERR(slot->dev)) {
		ret = PTR_ERR(slot->dev);
		pr_err("slot%u: cannot create its device: %d\n", minor, ret);
		goto err_waiters;
	}
	slot->debugfs = msgslot_debugfs_add(slot);
	return slot;

err_waiters:
	msgslot_waiters_destroy(&slot->waiters);
err_store:
	msgslot_store_destroy(&slot->store);
err_counts:
	free_percpu(slot->counts);
err_free:
	kfree(slot);
	return ERR_PTR(ret);
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

/**
 * msgslot_slots_init - create slots 0..@count-1 up front
 * @count: how many
 *
 * Return: 0, or the error of the first slot that could not be made (the
 * caller then tears down with msgslot_slots_destroy()).
 */
int msgslot_slots_init(unsigned int count)
{
	unsigned int minor;

	for (minor = 0; minor < count; minor++) {
		struct msgslot_slot *slot = msgslot_slot_get(minor);

		if (IS_ERR(slot))
			return PTR_ERR(slot);
	}
	return 0;
}

/* Module exit only: no file is open, nothing else can reach a slot. */
void msgslot_slots_destroy(void)
{
	unsigned int minor;

	for (minor = 0; minor < MSG_SLOT_MINORS; minor++) {
		if (!slots[minor])
			continue;
		slot_free(slots[minor]);
		slots[minor] = NULL;
	}
}

void msgslot_slot_counts(struct msgslot_slot *slot, struct msgslot_counts *sum)
{
	int cpu;

	sum->reads = 0;
	sum->writes = 0;
	for_each_possible_cpu(cpu) {
		const struct msgslot_counts *c = per_cpu_ptr(slot->counts, cpu);

		sum->reads += READ_ONCE(c->reads);
		sum->writes += READ_ONCE(c->writes);
	}
}
