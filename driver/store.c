// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - the channel store of one slot.
 *
 * A channel is one object: a header (the message's metadata and a
 * seqcount, 48 bytes) and the message bytes, from one of CHANNEL_CLASSES
 * slab caches in 8-byte steps (each made on first use), the smallest that
 * holds the message; kept in an rhashtable keyed by the full unsigned long
 * id.  Its writers' lock is not in it: the store has STORE_LOCKS raw
 * spinlocks, each on its own cache line, and a channel's is the one its
 * id hashes to (channel_lock()).  That keeps a 16-byte channel in a
 * 64-byte object, 8 bytes less than with a lock of its own (make bench's
 * goal: at most 80 bytes per 16-byte channel, hash table included); two
 * channels sharing a lock cost each other at most one in-place update's
 * wait, which is bounded (below).
 *
 * Locks, outermost first:
 *
 *   store->lock           mutex: insert, replace, remove; a listing's walk
 *                         only when a clear raced its lock-free try
 *   rcu_read_lock()       lookups, listings and the lock-free read and
 *                         write paths
 *   channel_lock(), hint->lock
 *                         raw spinlocks: one in-place message update (or
 *                         dead mark), one hint update; nothing is taken
 *                         inside them, and no one holds two
 *
 * PREEMPT_RT: spinlock_t and everything built on it (seqlock_t,
 * seqcount_spinlock_t) sleep there, so they must not be taken, nor their
 * seqcounts read, with preemption or interrupts off.  The fast paths run
 * under rcu_read_lock(), which stays preemptible on RT (preemptible RCU),
 * never rcu_read_lock_sched().  The two locks taken on them are raw: their
 * sections copy at most MSG_SLOT_MAX_LEN bytes and a few words, bounded
 * and short, and take nothing else (the clock read inside is lockless).
 * The seqcounts are plain seqcount_t, written only under those raw locks
 * (non-preemptible, as seqcount_t needs) and read by spinning, which is
 * bounded by the same copy.  Allocation, the table's bucket locks and
 * freeing stay under the store mutex, which sleeps on any kernel.
 *
 * Freeing.  A channel carries no rcu_head: the channels one section under
 * the store mutex takes out (one for a replace or a clear, a batch for a
 * clear of all) go to a graveyard, one small allocation with one rcu_head,
 * freed a grace period later.  So a channel found under rcu_read_lock() is
 * not freed before rcu_read_unlock(), as with a head in each, for 16 bytes
 * less per channel.  If even the graveyard cannot be had, the section
 * waits for the grace period itself (synchronize_rcu()) and frees at once.
 *
 * Readers take no lock: they copy the message and its metadata into a
 * buffer on their stack inside a seqcount retry loop, so a reader never
 * sees a torn message and readers never write a shared cache line; the
 * copy to user space comes after, outside RCU, so it may fault and needs
 * no way round of its own.  (Copying straight from the channel would save
 * one copy of at most 128 bytes, a few nanoseconds on a real CPU, but the
 * metadata has to come from the same snapshot anyway.)
 *
 * The steady state (the same file reading or rewriting its channel) needs
 * no lookup: each open file keeps a hint, the channel it last found, and
 * the store's count of removals at that moment.  While that count has not
 * moved, the channel has not been freed: it is still in the table, or it
 * was taken out while we are inside rcu_read_lock() and is not freed
 * before we leave it.
 *
 * A writer whose message has the channel's size class and is no longer
 * than the one there updates it in place under the channel's lock
 * (channel_lock()).
 * Otherwise (new channel, longer message, another class) it works under
 * the store mutex, where the max_channels and max_bytes limits are checked
 * exactly; a new channel is swapped in and the old one freed.
 *
 * Sequence numbers: an in-place write adds one; a replacement continues
 * its predecessor's; a new channel starts above store->seq_floor, the
 * highest number any removed channel reached.  So they strictly increase
 * per channel id, also across clears, with no shared counter on the write
 * path.
 *
 * Linearizability.  A channel leaves the table (replaced, cleared) in
 * three steps under the store mutex: it is marked dead under its lock and
 * seqcount, the removal count moves (voiding every hint), and only then
 * is it unlinked or replaced in the table.  A replace, a clear or a new
 * channel takes effect at that last step, when the table changes; an
 * in-place write at its seqcount section, which sees the channel alive
 * and so in the table.  A reader that copies a live channel returns what
 * the channel held at that moment.  A reader that finds it dead looks the
 * id up again: the same channel still in the table means the replace or
 * clear has not taken effect and its (final) message is still the current
 * one; anything else is read in its stead.  An in-place writer that finds it dead goes
 * the locked way.  So no reader returns a message after another has seen
 * its successor, and no write that returned success is lost.
 * tests/kernel/linearize.c checks histories of concurrent operations
 * against this.
 *
 * Accounting: channels and memory change only under the store mutex, so
 * they are plain atomics; the byte count changes on every write and is a
 * per-CPU delta, summed when someone asks.
 *
 * The table stops growing at STORE_TABLE_MAX buckets (8 MiB): past 3/4 of
 * that the chains grow instead, which costs lookups (off the steady state)
 * rather than memory, and it holds at most twice as many channels; more
 * fail with ENOSPC whatever max_channels says.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/hash.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "msgslot_drv.h"
#include "usercopy.h"

#define STORE_TABLE_MAX BIT(20)

/* Writers' locks of a store: channel ids hash to one of 64 (see the top). */
#define STORE_LOCK_BITS	6
#define STORE_LOCKS	BIT(STORE_LOCK_BITS)

struct msgslot_store_lock {
	raw_spinlock_t lock;
} ____cacheline_aligned_in_smp;

/* Size classes: lengths 1..8, 9..16, ..., 121..128. */
#define CHANNEL_STEP	8
#define CHANNEL_CLASSES	(MSG_SLOT_MAX_LEN / CHANNEL_STEP)

struct msgslot_channel {
	struct rhash_head node;
	unsigned long id;
	u64 seq;			/* the message's sequence number */
	u64 time;			/* written at, CLOCK_REALTIME ns */
	u32 pid;			/* writer's tgid, initial pid namespace */
	u32 uid;			/* writer's euid, initial user namespace */
	seqcount_t seqc;		/* written under channel_lock(); readers retry */
	u8 len;				/* message length, 1..MSG_SLOT_MAX_LEN */
	u8 cls;				/* size class: its cache */
	bool dead;			/* leaving the table: look the id up again */
	u8 data[] __aligned(8);		/* its size class: words (msg_copy()) */
};

/* 16 bytes of message in 64 (lockdep's seqcount map aside). */
static_assert(IS_ENABLED(CONFIG_LOCKDEP) ||
	      offsetof(struct msgslot_channel, data) <= 48);

/* The lock that serialises the writers of channel @id. */
static raw_spinlock_t *channel_lock(struct msgslot_store *store,
				    unsigned long id)
{
	return &store->locks[hash_long(id, STORE_LOCK_BITS)].lock;
}

/* Channels waiting for a grace period to be freed (see the top). */
struct channel_graveyard {
	struct rcu_head rcu;
	unsigned int n;
	struct msgslot_channel *ch[];
};

/*
 * The id compared inline: without this rhashtable compares with a call
 * to memcmp() of a length it reads from the table.  (The hash, jhash2()
 * of a constant length, is inline already.)
 */
static int channel_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct msgslot_channel *ch = obj;

	return ch->id != *(const unsigned long *)arg->key;
}

static const struct rhashtable_params channel_params = {
	.key_len = sizeof(unsigned long),
	.key_offset = offsetof(struct msgslot_channel, id),
	.head_offset = offsetof(struct msgslot_channel, node),
	.obj_cmpfn = channel_cmp,
	.max_size = STORE_TABLE_MAX,
	.automatic_shrinking = true,
};

static struct kmem_cache *channel_caches[CHANNEL_CLASSES];
static char channel_cache_names[CHANNEL_CLASSES][24];
static DEFINE_MUTEX(channel_caches_lock);	/* making one */

static unsigned int channel_class(size_t len)
{
	return (len - 1) / CHANNEL_STEP;
}

static size_t channel_obj_size(unsigned int cls)
{
	return ALIGN(sizeof(struct msgslot_channel) + (cls + 1) * CHANNEL_STEP,
		     sizeof(u64));
}

/*
 * Copy a message of @len bytes between two 8-byte aligned buffers of
 * ours, a word at a time, inline: DIV_ROUND_UP(@len, 8) words, which
 * both hold (a channel's bytes come in 8-byte size classes, a message
 * on the stack or in struct msgslot_msg has MSG_SLOT_MAX_LEN).  The bytes
 * of the last word past @len carry nothing: zeros from
 * msgslot_from_user(), or an earlier message of the same channel, never
 * passed on (readers return @len bytes).
 */
static __always_inline void msg_copy(void *dst, const void *src, size_t len)
{
	const u64 *s = src;
	u64 *d = dst;
	size_t n;

	for (n = DIV_ROUND_UP(len, 8); n; n--)
		*d++ = *s++;
}

static void channel_free(struct msgslot_channel *ch)
{
	kmem_cache_free(channel_caches[ch->cls], ch);
}

static void graveyard_free(struct rcu_head *rcu)
{
	struct channel_graveyard *g = container_of(rcu, struct channel_graveyard,
						   rcu);

	while (g->n)
		channel_free(g->ch[--g->n]);
	kfree(g);
}

/*
 * Free @n channels taken out of the table, once every reader that may
 * have found them is done.  May sleep (a grace period, if memory is short).
 */
static void channels_free_rcu(struct msgslot_channel **chs, unsigned int n)
{
	struct channel_graveyard *g;

	if (!n)
		return;
	g = kmalloc(struct_size(g, ch, n), GFP_KERNEL | __GFP_NOWARN);
	if (!g) {
		synchronize_rcu();
		while (n)
			channel_free(chs[--n]);
		return;
	}
	g->n = n;
	memcpy(g->ch, chs, n * sizeof(*chs));
	call_rcu(&g->rcu, graveyard_free);
}

/**
 * msgslot_store_caches_exit - destroy the channel caches (module unload)
 *
 * Every store is gone by then; rcu_barrier() waits for the graveyards.
 * kmem_cache_destroy() takes NULL for a cache never made.
 */
void msgslot_store_caches_exit(void)
{
	unsigned int cls;

	rcu_barrier();
	for (cls = 0; cls < CHANNEL_CLASSES; cls++) {
		kmem_cache_destroy(channel_caches[cls]);
		channel_caches[cls] = NULL;
	}
}

/*
 * The cache of class @cls, made on first use (under the store mutex, on
 * the locked write path), so that loading the module makes none and a
 * module that stores only short messages never makes the others.
 */
static struct kmem_cache *channel_cache(unsigned int cls)
{
	struct kmem_cache *cache;

	/* Pairs with smp_store_release() below. */
	cache = smp_load_acquire(&channel_caches[cls]);
	if (cache)
		return cache;
	mutex_lock(&channel_caches_lock);
	cache = channel_caches[cls];
	if (!cache) {
		snprintf(channel_cache_names[cls], sizeof(channel_cache_names[0]),
			 "msgslot_channel_%u", (cls + 1) * CHANNEL_STEP);
		cache = kmem_cache_create(channel_cache_names[cls],
					  channel_obj_size(cls), sizeof(u64),
					  SLAB_ACCOUNT, NULL);
		if (cache)	/* made before published: pairs with the load */
			smp_store_release(&channel_caches[cls], cache);
	}
	mutex_unlock(&channel_caches_lock);
	return cache;
}

/* Who writes: the caller's tgid and euid, as the initial namespaces see them. */
struct channel_writer {
	u32 pid;
	u32 uid;
};

static void channel_writer_current(struct channel_writer *w)
{
	w->pid = task_tgid_nr(current);
	w->uid = __kuid_val(current_euid());
}

/* Under channel_lock(), inside the channel's write section. */
static void channel_stamp(struct msgslot_channel *ch, u64 seq,
			  const struct channel_writer *w)
{
	ch->seq = seq;
	ch->time = ktime_get_real_ns();
	ch->pid = w->pid;
	ch->uid = w->uid;
}

static size_t channel_size(const struct msgslot_channel *ch)
{
	return channel_obj_size(ch->cls);
}

static struct msgslot_channel *channel_new(unsigned long id, const u8 *msg,
					   size_t len, u64 seq,
					   const struct channel_writer *w)
{
	unsigned int cls = channel_class(len);
	struct msgslot_channel *ch;
	struct kmem_cache *cache;

	/* Charged to the writer's memory cgroup (SLAB_ACCOUNT); over its
	 * limit the write fails with ENOMEM rather than waking the cgroup's
	 * OOM killer.
	 */
	cache = channel_cache(cls);
	if (!cache)
		return NULL;
	ch = kmem_cache_alloc(cache, GFP_KERNEL | __GFP_NORETRY);
	if (!ch)
		return NULL;
	ch->id = id;
	seqcount_init(&ch->seqc);
	ch->cls = cls;
	ch->len = len;
	ch->dead = false;
	msg_copy(ch->data, msg, len);
	channel_stamp(ch, seq, w);
	return ch;
}

/*
 * Replace the message in place; false if @ch is dead (leaving the table),
 * or if the message would grow and @may_grow is false (growth is checked
 * against max_bytes under the store mutex).  *@seq: the new message's
 * sequence number.  Inline: it is the write's fast path (one call less
 * per write(2), 1.57x to 1.47x a write of /dev/null in
 * docs/bench/write-read-path.md).
 */
static __always_inline bool channel_update(struct msgslot_store *store,
					   struct msgslot_channel *ch,
					   const u8 *msg, size_t len,
					   bool may_grow,
					   const struct channel_writer *w,
					   u64 *seq)
{
	raw_spinlock_t *lock = channel_lock(store, ch->id);
	bool done = false;

	raw_spin_lock(lock);
	if (!ch->dead && (may_grow || len <= ch->len)) {
		this_cpu_add(*store->bytes, (long)len - ch->len);
		write_seqcount_begin(&ch->seqc);
		msg_copy(ch->data, msg, len);
		ch->len = len;
		channel_stamp(ch, ch->seq + 1, w);
		write_seqcount_end(&ch->seqc);
		*seq = ch->seq;
		done = true;
	}
	raw_spin_unlock(lock);
	return done;
}

static void channel_mark(struct msgslot_store *store,
			 struct msgslot_channel *ch, bool dead)
{
	raw_spinlock_t *lock = channel_lock(store, ch->id);

	raw_spin_lock(lock);
	write_seqcount_begin(&ch->seqc);
	WRITE_ONCE(ch->dead, dead);
	write_seqcount_end(&ch->seqc);
	raw_spin_unlock(lock);
}

/*
 * First step of taking @ch out of the table: mark it dead, inside a write
 * section so that a reader in its retry loop sees it, and void every hint.
 * Returns its message length, for the accounts.
 */
static unsigned int channel_kill(struct msgslot_store *store,
				 struct msgslot_channel *ch)
{
	lockdep_assert_held(&store->lock);
	channel_mark(store, ch, true);
	/* After the mark; pairs with the acquire in store_get_slow(). */
	smp_store_release(&store->removals, store->removals + 1);
	/* No writer changes a dead channel.  Whatever comes next under
	 * this id numbers above it.
	 */
	store->seq_floor = max(store->seq_floor, ch->seq);
	return ch->len;
}

/*
 * The table refused to let @ch go (it cannot, under the store mutex: a
 * WARN).  @ch stays, alive again: a reader that found it dead while it
 * was in the table returned its message, which is still the current one.
 */
static void channel_revive(struct msgslot_store *store,
			   struct msgslot_channel *ch)
{
	channel_mark(store, ch, false);
}

/*
 * In place only when the new length keeps the size class: a channel
 * always costs what its current message needs, never the longest one seen.
 */
static bool channel_fits(const struct msgslot_channel *ch, size_t len)
{
	return channel_class(len) == ch->cls;
}

/*
 * Copy @ch's metadata, and its message if @data, to @msg, in one section
 * of its seqcount.  @msg is the caller's, on its stack.  Returns whether
 * @ch was alive then.  Inline, as channel_update() is for writes.
 */
static __always_inline bool channel_snapshot(struct msgslot_channel *ch,
					     struct msgslot_msg *msg, bool data)
{
	unsigned int seq;
	bool alive;
	size_t len;

	do {
		seq = read_seqcount_begin(&ch->seqc);
		alive = !READ_ONCE(ch->dead);
		/* Never more than a channel holds, whatever a torn read says. */
		len = min_t(size_t, READ_ONCE(ch->len), MSG_SLOT_MAX_LEN);
		msg->len = len;
		msg->seq = ch->seq;
		msg->time = ch->time;
		msg->pid = ch->pid;
		msg->uid = ch->uid;
		if (data)
			msg_copy(msg->data, ch->data, len);
	} while (read_seqcount_retry(&ch->seqc, seq));
	return alive;
}

/**
 * msgslot_hint_init - an open file's hint: none yet
 * @hint: the file's
 */
void msgslot_hint_init(struct msgslot_hint *hint)
{
	raw_spin_lock_init(&hint->lock);
	seqcount_init(&hint->seq);
	hint->ch = NULL;
	hint->removals = 0;
}

static void hint_set(struct msgslot_hint *hint, struct msgslot_channel *ch,
		     unsigned long removals)
{
	if (!hint)
		return;
	raw_spin_lock(&hint->lock);
	write_seqcount_begin(&hint->seq);
	hint->ch = ch;
	hint->removals = removals;
	write_seqcount_end(&hint->seq);
	raw_spin_unlock(&hint->lock);
}

/*
 * Remember @ch, found by a lookup under RCU after reading @removals with
 * acquire semantics: if it was dead by then, the count had already moved
 * past @removals or @ch is marked dead, so a dead channel is never hinted
 * with a count that still matches.
 */
static void hint_set_found(struct msgslot_hint *hint,
			   struct msgslot_channel *ch, unsigned long removals)
{
	if (!READ_ONCE(ch->dead))
		hint_set(hint, ch, removals);
}

/**
 * msgslot_hint_clear - forget the hint (the file picked another channel)
 * @hint: the file's
 */
void msgslot_hint_clear(struct msgslot_hint *hint)
{
	hint_set(hint, NULL, 0);
}

/*
 * The hinted channel for @id, if the hint still holds; the caller is in
 * an RCU read-side section.  A channel it returns may have been marked
 * dead since: callers check, inside their seqcount loop.
 */
static __always_inline struct msgslot_channel *
hint_get(struct msgslot_store *store, struct msgslot_hint *hint,
	 unsigned long id)
{
	struct msgslot_channel *ch;
	unsigned long removals;
	unsigned int seq;

	if (!hint)
		return NULL;
	do {
		seq = read_seqcount_begin(&hint->seq);
		ch = hint->ch;
		removals = hint->removals;
	} while (read_seqcount_retry(&hint->seq, seq));
	if (!ch || removals != READ_ONCE(store->removals) || ch->id != id)
		return NULL;
	return ch;
}

/*
 * Anything but a same-class, same-size-or-shorter rewrite: a new channel,
 * a longer message, another size class.  Under the store mutex, so the
 * limits hold exactly: only this path adds channels or bytes.
 */
static int store_write_locked(struct msgslot_store *store, unsigned long id,
			      struct msgslot_hint *hint, const u8 *msg,
			      size_t len, const struct channel_writer *w,
			      u64 *seq, enum msgslot_path *path)
{
	struct msgslot_channel *old, *ch;
	unsigned long bytes;
	unsigned int old_len = 0;
	int ret = 0;

	*path = MSGSLOT_PATH_LOCKED;
	mutex_lock(&store->lock);
	old = rhashtable_lookup_fast(&store->ht, &id, channel_params);
	/* The total first, then the length: a racing shrink can only make
	 * the check stricter, never let a write past the limit.
	 */
	bytes = msgslot_store_bytes(store);
	if (old)
		old_len = READ_ONCE(old->len);
	if (!old && atomic_long_read(&store->channels) >=
		    READ_ONCE(msgslot_max_channels))
		ret = -ENOSPC;
	else if (len > old_len &&
		 bytes - old_len + len > READ_ONCE(msgslot_max_bytes))
		ret = -ENOSPC;
	if (ret)
		goto out;
	if (old && channel_fits(old, len) &&
	    channel_update(store, old, msg, len, true, w, seq)) {
		hint_set(hint, old, store->removals);
		goto out;
	}

	/* Kill @old first: from then on no in-place writer changes it, so
	 * its number is final and its replacement continues from it.
	 */
	if (old) {
		old_len = channel_kill(store, old);
		*seq = old->seq + 1;
		*path = MSGSLOT_PATH_REPLACE;
	} else {
		*seq = store->seq_floor + 1;
		*path = MSGSLOT_PATH_NEW;
	}
	ch = channel_new(id, msg, len, *seq, w);
	if (!ch) {
		if (old)
			channel_revive(store, old);
		ret = -ENOMEM;
		goto out;
	}
	if (old) {
		if (WARN_ON_ONCE(rhashtable_replace_fast(&store->ht, &old->node,
							 &ch->node, channel_params))) {
			channel_revive(store, old);
			channel_free(ch);
			ret = -ENOMEM;
			goto out;
		}
	} else {
		ret = rhashtable_insert_fast(&store->ht, &ch->node,
					     channel_params);
		if (ret) {
			/* The table is full or could not grow: no change. */
			channel_free(ch);
			ret = ret == -E2BIG ? -ENOSPC : -ENOMEM;
			goto out;
		}
		atomic_long_inc(&store->channels);
	}
	hint_set(hint, ch, store->removals);
	atomic_long_add(channel_size(ch), &store->memory);
	this_cpu_add(*store->bytes, (long)len - old_len);
	if (old) {
		atomic_long_sub(channel_size(old), &store->memory);
		channels_free_rcu(&old, 1);
	}
out:
	mutex_unlock(&store->lock);
	return ret;
}

/*
 * Take @ch out of the store; the caller holds store->lock and frees it
 * with channels_free_rcu() if this returns true.
 */
static bool store_remove(struct msgslot_store *store, struct msgslot_channel *ch)
{
	unsigned int len;
	int err;

	len = channel_kill(store, ch);
	/* A listing whose walk overlaps this sees the count move. */
	write_seqcount_begin(&store->unlinks);
	err = rhashtable_remove_fast(&store->ht, &ch->node, channel_params);
	write_seqcount_end(&store->unlinks);
	if (WARN_ON_ONCE(err)) {
		channel_revive(store, ch);
		return false;
	}
	this_cpu_sub(*store->bytes, len);
	atomic_long_sub(channel_size(ch), &store->memory);
	atomic_long_dec(&store->channels);
	return true;
}

/* @ch went: count it in @cleared (under the store mutex). */
static void cleared_add(struct msgslot_cleared *cleared,
			const struct msgslot_channel *ch)
{
	cleared->channels++;
	cleared->bytes += ch->len;
	cleared->seq = ch->seq;
}

/**
 * msgslot_store_clear - empty channel @id; nothing if it holds no message
 * @store: the slot's channels
 * @id: channel id
 * @cleared: set to what went
 */
void msgslot_store_clear(struct msgslot_store *store, unsigned long id,
			 struct msgslot_cleared *cleared)
{
	struct msgslot_channel *ch;

	*cleared = (struct msgslot_cleared){ 0 };
	mutex_lock(&store->lock);
	ch = rhashtable_lookup_fast(&store->ht, &id, channel_params);
	if (ch && store_remove(store, ch)) {
		cleared_add(cleared, ch);
		channels_free_rcu(&ch, 1);
	}
	mutex_unlock(&store->lock);
}

#define CLEAR_BATCH 64

/* A walk that crosses a resize can return a channel twice. */
static bool in_batch(struct msgslot_channel **batch, unsigned int n,
		     const struct msgslot_channel *ch)
{
	while (n--)
		if (batch[n] == ch)
			return true;
	return false;
}

/**
 * msgslot_store_clear_all - empty every channel
 * @store: the slot's channels
 * @cleared: set to what went (its seq: 0)
 *
 * Collects distinct channels in batches under RCU, removes them with the
 * walk paused (no one else removes while we hold the mutex, so they stay
 * valid), and walks again until none is left, as a walk that crosses a
 * table resize may miss entries.  No channel can be added meanwhile, so
 * each channel is cleared once, at its own moment: the slot is not
 * emptied in one instant.
 */
void msgslot_store_clear_all(struct msgslot_store *store,
			     struct msgslot_cleared *cleared)
{
	struct msgslot_channel *batch[CLEAR_BATCH];
	struct rhashtable_iter walk;
	unsigned int i, n, gone;

	*cleared = (struct msgslot_cleared){ 0 };
	mutex_lock(&store->lock);
	while (atomic_long_read(&store->channels)) {
		rhashtable_walk_enter(&store->ht, &walk);
		do {
			struct msgslot_channel *ch;

			n = 0;
			rhashtable_walk_start(&walk);
			while (n < CLEAR_BATCH) {
				ch = rhashtable_walk_next(&walk);
				if (IS_ERR(ch))
					continue;	/* -EAGAIN: resized */
				if (!ch)
					break;
				if (!in_batch(batch, n, ch))
					batch[n++] = ch;
			}
			rhashtable_walk_stop(&walk);
			for (i = gone = 0; i < n; i++) {
				if (!store_remove(store, batch[i]))
					continue;
				cleared_add(cleared, batch[i]);
				batch[gone++] = batch[i];
			}
			channels_free_rcu(batch, gone);
			cond_resched();
		} while (n);
		rhashtable_walk_exit(&walk);
	}
	mutex_unlock(&store->lock);
	cleared->seq = 0;
}

/**
 * msgslot_store_write - make @ubuf the last message of channel @id
 * @store: the slot's channels
 * @id: channel id, non-zero
 * @hint: the writing file's hint, used and updated; NULL: none
 * @ubuf: the message, in user memory
 * @len: its length, 1..MSG_SLOT_MAX_LEN
 * @seq: set to the new message's sequence number
 * @path: set to the way it took (for the tracepoints)
 *
 * The message is copied in whole before anything changes.
 *
 * Return: 0; -EFAULT (@ubuf unreadable), -ENOSPC over max_channels or
 * max_bytes, or -ENOMEM (the allocation or the writer's memory cgroup
 * refused): nothing changed.
 */
int msgslot_store_write(struct msgslot_store *store, unsigned long id,
			struct msgslot_hint *hint, const u8 __user *ubuf,
			size_t len, u64 *seq, enum msgslot_path *path)
{
	/* Only the @len bytes copied in are ever read: no need to pay for
	 * zeroing all of it (CONFIG_INIT_STACK_ALL_ZERO) on every write.
	 */
	u8 msg[MSG_SLOT_MAX_LEN] __aligned(8) __uninitialized;
	struct channel_writer w;
	struct msgslot_channel *ch;
	bool done = false;

	*path = MSGSLOT_PATH_NONE;
	if (msgslot_from_user(msg, ubuf, len))
		return -EFAULT;
	channel_writer_current(&w);

	rcu_read_lock();
	ch = hint_get(store, hint, id);
	if (ch && channel_fits(ch, len))
		done = channel_update(store, ch, msg, len, false, &w, seq);
	rcu_read_unlock();

	if (done) {
		*path = MSGSLOT_PATH_HINT;
		return 0;
	}
	return store_write_locked(store, id, hint, msg, len, &w, seq, path);
}

/*
 * Look @id up and copy its message out under RCU.  A dead channel still
 * in the table holds the current message (its
 * replace or clear has not taken effect); once it is gone, what took its
 * place is read instead (see the top of this file).  !@data: the
 * metadata alone.
 */
static int store_get_slow(struct msgslot_store *store, unsigned long id,
			  struct msgslot_hint *hint, struct msgslot_msg *msg,
			  bool data)
{
	struct msgslot_channel *ch, *found;
	unsigned long removals;

	rcu_read_lock();
	/* Before the lookup; pairs with channel_kill(). */
	removals = smp_load_acquire(&store->removals);
	ch = rhashtable_lookup(&store->ht, &id, channel_params);
	while (ch) {
		if (channel_snapshot(ch, msg, data)) {
			hint_set_found(hint, ch, removals);
			break;
		}
		found = rhashtable_lookup(&store->ht, &id, channel_params);
		if (found == ch)
			break;
		ch = found;
	}
	rcu_read_unlock();
	return ch ? 0 : -EWOULDBLOCK;
}

/**
 * msgslot_store_get - the last message of channel @id and its metadata
 * @store: the slot's channels
 * @id: channel id
 * @hint: the reading file's hint, used and updated; NULL: none
 * @msg: filled in, all from one moment
 * @path: set to the way it took (for the tracepoints)
 *
 * Return: 0, or -EWOULDBLOCK if the channel has no message.
 */
int msgslot_store_get(struct msgslot_store *store, unsigned long id,
		      struct msgslot_hint *hint, struct msgslot_msg *msg,
		      enum msgslot_path *path)
{
	struct msgslot_channel *ch;
	bool done = false;

	rcu_read_lock();
	ch = hint_get(store, hint, id);
	if (ch)
		done = channel_snapshot(ch, msg, true);
	rcu_read_unlock();

	*path = done ? MSGSLOT_PATH_HINT : MSGSLOT_PATH_LOOKUP;
	if (done)
		return 0;
	return store_get_slow(store, id, hint, msg, true);
}

/**
 * msgslot_store_seq - the sequence number of channel @id's message
 * @store: the slot's channels
 * @id: channel id
 * @hint: the asking file's hint, used and updated; NULL: none
 *
 * Return: the number, or 0 if the channel has no message.
 */
u64 msgslot_store_seq(struct msgslot_store *store, unsigned long id,
		      struct msgslot_hint *hint)
{
	struct msgslot_channel *ch;
	struct msgslot_msg meta;
	bool done = false;

	rcu_read_lock();
	ch = hint_get(store, hint, id);
	if (ch)
		done = channel_snapshot(ch, &meta, false);
	rcu_read_unlock();

	if (done)
		return meta.seq;
	if (store_get_slow(store, id, hint, &meta, false))
		return 0;
	return meta.seq;
}

unsigned long msgslot_store_channels(struct msgslot_store *store)
{
	return atomic_long_read(&store->channels);
}

unsigned long msgslot_store_bytes(struct msgslot_store *store)
{
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(store->bytes, cpu));
	/* Deltas summed mid-update can dip below zero for an instant. */
	return max(sum, 0L);
}

/* Channel allocations, the hash table's bucket array and the locks. */
size_t msgslot_store_memory(struct msgslot_store *store)
{
	const struct bucket_table *tbl;
	size_t table;

	rcu_read_lock();
	tbl = rcu_dereference(store->ht.tbl);
	table = sizeof(*tbl) + tbl->size * sizeof(tbl->buckets[0]);
	rcu_read_unlock();
	return table + STORE_LOCKS * sizeof(*store->locks) +
	       atomic_long_read(&store->memory);
}

/*
 * Listings.  A listing is a series of batches in ascending order of id,
 * each asking for the smallest ids above a cursor (the last batch's
 * highest), so it keeps no state in the kernel between batches and any
 * number of listings can run at once.  A channel present for the whole
 * listing is in the table during each batch's walk, so the batch whose
 * range holds its id finds it, and no other batch can return it.
 *
 * A batch walks the whole table once, keeping the @room smallest ids
 * above the cursor in a max-heap, then sorts them.  An rhashtable walk
 * returns every entry present throughout at least once, and some twice
 * (when the table is resized): the heap keeps duplicates, which the sort
 * drops; every id up to the highest kept is still there.  The walk stops
 * every WALK_CHUNK entries to reschedule (no sleeping in an RCU section).
 * Resuming, it finds its place again by the entry it stopped at; if that
 * entry left the table meanwhile it counts its way in, and an unlink in
 * the same bucket can make it skip one: so a walk during which a channel
 * was unlinked (cleared: replacing keeps the bucket's order) is done
 * again, and the third time under the store mutex, where nothing is
 * unlinked.  store->unlinks, a seqcount written around every unlink
 * (under the mutex), tells.  Writers never wait for a listing that no
 * clear races.
 */
#define WALK_CHUNK	256

struct id_heap {
	unsigned long *ids;
	unsigned int n, room;
	bool dropped;		/* an id above the cursor was left out */
};

static void heap_sift_down(unsigned long *ids, unsigned int i, unsigned int n)
{
	for (;;) {
		unsigned int big = i, l = 2 * i + 1, r = l + 1;

		if (l < n && ids[l] > ids[big])
			big = l;
		if (r < n && ids[r] > ids[big])
			big = r;
		if (big == i)
			return;
		swap(ids[i], ids[big]);
		i = big;
	}
}

/* Keep @id if it is among the @h->room smallest seen. */
static void heap_offer(struct id_heap *h, unsigned long id)
{
	unsigned int i;

	if (h->n < h->room) {
		i = h->n++;
		h->ids[i] = id;
		while (i && h->ids[(i - 1) / 2] < h->ids[i]) {
			swap(h->ids[i], h->ids[(i - 1) / 2]);
			i = (i - 1) / 2;
		}
		return;
	}
	h->dropped = true;
	if (h->room && id < h->ids[0]) {
		h->ids[0] = id;
		heap_sift_down(h->ids, 0, h->n);
	}
}

/* Ascending, each id once; returns how many are left. */
static unsigned int heap_sort_unique(struct id_heap *h)
{
	unsigned int end, i, n = 0;

	for (end = h->n; end > 1; end--) {
		swap(h->ids[0], h->ids[end - 1]);
		heap_sift_down(h->ids, 0, end - 1);
		if (!(end % 4096))
			cond_resched();
	}
	for (i = 0; i < h->n; i++)
		if (!n || h->ids[i] != h->ids[n - 1])
			h->ids[n++] = h->ids[i];
	return n;
}

/*
 * One walk over the table, offering every id above @cursor to @h.
 * Returns 0, or -EINTR for a fatal signal.
 */
static int store_list_walk(struct msgslot_store *store, unsigned long cursor,
			   struct id_heap *h)
{
	struct rhashtable_iter walk;
	struct msgslot_channel *ch;
	unsigned int k = 0;
	int ret = 0;

	h->n = 0;
	h->dropped = false;
	rhashtable_walk_enter(&store->ht, &walk);
	rhashtable_walk_start(&walk);
	for (;;) {
		ch = rhashtable_walk_next(&walk);
		if (IS_ERR(ch))
			continue;	/* -EAGAIN: resized, starting over */
		if (!ch)
			break;
		if (ch->id > cursor)
			heap_offer(h, ch->id);
		if (++k % WALK_CHUNK)
			continue;
		rhashtable_walk_stop(&walk);
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto out;
		}
		cond_resched();
		rhashtable_walk_start(&walk);
	}
	rhashtable_walk_stop(&walk);
out:
	rhashtable_walk_exit(&walk);
	return ret;
}

/**
 * msgslot_store_list - the next batch of a listing
 * @store: the slot's channels
 * @cursor: list ids above this
 * @ids: room for @room ids
 * @room: how many, at least 1
 * @done: set when no channel above the last id returned was left out
 *
 * Fills @ids, ascending, with the smallest ids above @cursor of the
 * channels in the table during the call (see above); every channel that
 * is there throughout is among them if its id is not above the last.
 * May sleep.
 *
 * Return: how many ids, or -EINTR.
 */
long msgslot_store_list(struct msgslot_store *store, unsigned long cursor,
			unsigned long *ids, unsigned int room, bool *done)
{
	struct id_heap h = { .ids = ids, .room = room };
	unsigned int seq;
	int ret, tries;

	for (tries = 0; tries < 2; tries++) {
		seq = read_seqcount_begin(&store->unlinks);
		ret = store_list_walk(store, cursor, &h);
		if (ret)
			return ret;
		if (!read_seqcount_retry(&store->unlinks, seq))
			goto sort;
	}
	mutex_lock(&store->lock);
	ret = store_list_walk(store, cursor, &h);
	mutex_unlock(&store->lock);
	if (ret)
		return ret;
sort:
	*done = !h.dropped;
	return heap_sort_unique(&h);
}

/**
 * msgslot_store_meta - the metadata of channel @id's message
 * @store: the slot's channels
 * @id: channel id
 * @msg: filled in but for the data, all from one moment
 *
 * Return: 0, or -EWOULDBLOCK if the channel holds no message.
 */
int msgslot_store_meta(struct msgslot_store *store, unsigned long id,
		       struct msgslot_msg *msg)
{
	return store_get_slow(store, id, NULL, msg, false);
}

int msgslot_store_init(struct msgslot_store *store)
{
	unsigned int i;
	int ret;

	store->locks = kmalloc_array(STORE_LOCKS, sizeof(*store->locks),
				     GFP_KERNEL_ACCOUNT);
	if (!store->locks)
		return -ENOMEM;
	for (i = 0; i < STORE_LOCKS; i++)
		raw_spin_lock_init(&store->locks[i].lock);
	store->seq_floor = 0;
	mutex_init(&store->lock);
	atomic_long_set(&store->channels, 0);
	atomic_long_set(&store->memory, 0);
	store->removals = 0;
	seqcount_mutex_init(&store->unlinks, &store->lock);
	store->bytes = alloc_percpu(long);
	if (!store->bytes) {
		ret = -ENOMEM;
		goto err_locks;
	}
	ret = rhashtable_init(&store->ht, &channel_params);
	if (ret)
		goto err_bytes;
	return 0;

err_bytes:
	free_percpu(store->bytes);
err_locks:
	kfree(store->locks);
	return ret;
}

static void channel_free_now(void *ptr, void *arg)
{
	channel_free(ptr);
}

/* Only when nothing can reach the store any more (module unload). */
void msgslot_store_destroy(struct msgslot_store *store)
{
	rhashtable_free_and_destroy(&store->ht, channel_free_now, NULL);
	free_percpu(store->bytes);
	kfree(store->locks);
	mutex_destroy(&store->lock);
}
