// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - the channel store of one slot.
 *
 * A channel is one allocation: a small header and the message bytes, sized
 * to the kmalloc bucket of the message it holds, kept in an rhashtable keyed
 * by the full unsigned long id.
 *
 * Readers take no lock: they find the channel under RCU and copy the message
 * inside a seqcount retry loop, so a reader never sees a torn message and
 * readers never write a shared cache line.
 *
 * A writer whose message fits the channel's allocation updates it in place
 * under the channel's own spinlock.  Otherwise (new channel, or a length
 * that needs another allocation size) it builds a new channel and swaps it
 * in under the store mutex; the old one is freed after a grace period.
 * A channel swapped out is marked dead first, so an in-place writer that
 * raced with the swap sees it and starts again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rcupdate.h>
#include <linux/rhashtable.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "msgslot.h"

struct msgslot_channel {
	struct rhash_head node;
	unsigned long id;
	spinlock_t lock;		/* serialises in-place writers */
	seqcount_spinlock_t seq;	/* readers retry across a write */
	u8 len;				/* message length, 1..MSG_SLOT_MAX_LEN */
	u8 cap;				/* bytes data[] has room for */
	bool dead;			/* swapped out: look the id up again */
	struct rcu_head rcu;
	u8 data[];
};

static const struct rhashtable_params channel_params = {
	.key_len = sizeof(unsigned long),
	.key_offset = offsetof(struct msgslot_channel, id),
	.head_offset = offsetof(struct msgslot_channel, node),
	.automatic_shrinking = true,
};

/* Bytes kmalloc really hands out for a channel holding @len bytes. */
static size_t channel_alloc_size(size_t len)
{
	return kmalloc_size_roundup(sizeof(struct msgslot_channel) + len);
}

static struct msgslot_channel *channel_new(unsigned long id, const u8 *msg,
					   size_t len)
{
	size_t size = channel_alloc_size(len);
	struct msgslot_channel *ch;

	ch = kmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!ch)
		return NULL;
	ch->id = id;
	spin_lock_init(&ch->lock);
	seqcount_spinlock_init(&ch->seq, &ch->lock);
	ch->cap = min_t(size_t, size - sizeof(*ch), MSG_SLOT_MAX_LEN);
	ch->len = len;
	ch->dead = false;
	memcpy(ch->data, msg, len);
	return ch;
}

/* Replace the message in place; false if @ch was swapped out meanwhile. */
static bool channel_update(struct msgslot_channel *ch, const u8 *msg,
			   size_t len)
{
	bool done = false;

	spin_lock(&ch->lock);
	if (!ch->dead) {
		write_seqcount_begin(&ch->seq);
		memcpy(ch->data, msg, len);
		ch->len = len;
		write_seqcount_end(&ch->seq);
		done = true;
	}
	spin_unlock(&ch->lock);
	return done;
}

static void channel_kill(struct msgslot_channel *ch)
{
	spin_lock(&ch->lock);
	ch->dead = true;
	spin_unlock(&ch->lock);
}

/*
 * In place only when the new length keeps the allocation size: a channel
 * always costs what its current message needs, never the longest one seen.
 */
static bool channel_fits(const struct msgslot_channel *ch, size_t len)
{
	return channel_alloc_size(len) == channel_alloc_size(ch->cap);
}

static int store_swap_in(struct msgslot_store *store, unsigned long id,
			 const u8 *msg, size_t len)
{
	struct msgslot_channel *old, *ch;
	int ret;

	ch = channel_new(id, msg, len);
	if (!ch)
		return -ENOMEM;

	mutex_lock(&store->lock);
	old = rhashtable_lookup_fast(&store->ht, &id, channel_params);
	if (old) {
		channel_kill(old);
		ret = rhashtable_replace_fast(&store->ht, &old->node,
					      &ch->node, channel_params);
	} else {
		ret = rhashtable_insert_fast(&store->ht, &ch->node,
					     channel_params);
	}
	mutex_unlock(&store->lock);

	if (ret) {
		/* Only insert can fail: the table could not grow. */
		kfree(ch);
		return -ENOMEM;
	}
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/**
 * msgslot_store_write - make @msg the last message of channel @id
 * @store: the slot's channels
 * @id: channel id, non-zero
 * @msg: the message, already in kernel memory
 * @len: its length, 1..MSG_SLOT_MAX_LEN
 *
 * Return: 0, or -ENOMEM with the channel's previous message untouched.
 */
int msgslot_store_write(struct msgslot_store *store, unsigned long id,
			const u8 *msg, size_t len)
{
	struct msgslot_channel *ch;
	bool done = false;

	rcu_read_lock();
	ch = rhashtable_lookup(&store->ht, &id, channel_params);
	if (ch && channel_fits(ch, len))
		done = channel_update(ch, msg, len);
	rcu_read_unlock();

	return done ? 0 : store_swap_in(store, id, msg, len);
}

/**
 * msgslot_store_read - copy out the last message of channel @id
 * @store: the slot's channels
 * @id: channel id
 * @buf: room for the longest message
 *
 * Return: the message length, or -EWOULDBLOCK if the channel has none.
 */
ssize_t msgslot_store_read(struct msgslot_store *store, unsigned long id,
			   u8 buf[MSG_SLOT_MAX_LEN])
{
	struct msgslot_channel *ch;
	unsigned int seq;
	size_t len;

	rcu_read_lock();
	ch = rhashtable_lookup(&store->ht, &id, channel_params);
	if (!ch) {
		rcu_read_unlock();
		return -EWOULDBLOCK;
	}
	do {
		seq = read_seqcount_begin(&ch->seq);
		len = READ_ONCE(ch->len);
		memcpy(buf, ch->data, len);
	} while (read_seqcount_retry(&ch->seq, seq));
	rcu_read_unlock();

	return len;
}

int msgslot_store_init(struct msgslot_store *store)
{
	mutex_init(&store->lock);
	return rhashtable_init(&store->ht, &channel_params);
}

static void channel_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/* Only when nothing can reach the store any more (module unload). */
void msgslot_store_destroy(struct msgslot_store *store)
{
	rhashtable_free_and_destroy(&store->ht, channel_free, NULL);
	mutex_destroy(&store->lock);
}
