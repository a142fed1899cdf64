/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msgslot.h - what the parts of the message_slot module share.
 *
 * main.c     module entry, character device, file operations
 * slot.c     slot lifecycle: one per minor, created on first open
 * store.c    the channel store: the only code that knows how channels are kept
 */
#ifndef MSGSLOT_H
#define MSGSLOT_H

#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>

#include "message_slot.h"

/* The channels of one slot: id -> last message. */
struct msgslot_store {
	struct rhashtable ht;	/* channels, looked up under RCU */
	struct mutex lock;	/* serialises insert, replace and remove */
};

int msgslot_store_init(struct msgslot_store *store);
void msgslot_store_destroy(struct msgslot_store *store);
int msgslot_store_write(struct msgslot_store *store, unsigned long id,
			const u8 *msg, size_t len);
ssize_t msgslot_store_read(struct msgslot_store *store, unsigned long id,
			   u8 buf[MSG_SLOT_MAX_LEN]);

/* One slot per minor; it lives from its first open until module unload. */
struct msgslot_slot {
	unsigned int minor;
	struct msgslot_store store;
};

struct msgslot_slot *msgslot_slot_get(unsigned int minor);
void msgslot_slots_destroy(void);

#endif /* MSGSLOT_H */
