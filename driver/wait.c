// SPDX-License-Identifier: GPL-2.0
/*
 * wait.c - who waits for which channel, so that a write wakes its waiters
 * and no one else.
 *
 * poll(2), select(2) and epoll wait on an open file's own wait queue
 * (msgslot_watcher.wq).  That queue lives as long as the file, whatever
 * channel the file selects later, so epoll's entries in it never dangle.
 * The file in turn waits for its channel: once polled, its entry
 * (msgslot_watcher.entry) sits on the queue of a watch, one per watched
 * channel id, kept in the slot's table of watches.  A write to channel id
 * looks id up there (only if the table is not empty) and wakes the
 * watch's entries, exactly the files polled on id; their entry function
 * wakes their own pollers.  A channel nobody waits on has no watch and no
 * wait queue: its writes pay one barrier and one read of the table's
 * count.  A file stays attached until it selects another channel (then
 * it moves, as epoll may still be watching it) or is closed.
 *
 * Locks: waiters->lock (mutex) serialises attaching and detaching, and a
 * file's selecting a channel; the table is read under RCU; the wake takes
 * a watch's queue lock, then in the entry function a file's queue lock.
 * Both are spinlock_t, taken in the writer's process context with
 * preemption on (RCU read sections are preemptible on PREEMPT_RT, where
 * these locks sleep), never under a raw spinlock.
 *
 * No lost wake-up.  The writer changes the channel (a seqcount section),
 * then smp_mb(), then reads the count of watches and the watch's queue.
 * The poller adds itself to its file's queue, attaches the file (or finds
 * it attached), then smp_mb(), then reads the channel's sequence number.
 * So either the poller sees the new message or the writer sees the
 * file's entry; the entry function's wq_has_sleeper() pairs the same way
 * with the poller's adding itself to its file's queue.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/poll.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "msgslot_drv.h"
#include "trace.h"

struct msgslot_watch {
	struct rhash_head node;
	unsigned long id;
	wait_queue_head_t wq;		/* the entries of the files watching @id */
	unsigned int files;		/* how many; under waiters->lock */
	struct rcu_head rcu;
};

/* The id compared inline, not by memcmp() (as store.c's channel_cmp()). */
static int watch_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct msgslot_watch *watch = obj;

	return watch->id != *(const unsigned long *)arg->key;
}

static const struct rhashtable_params watch_params = {
	.key_len = sizeof(unsigned long),
	.key_offset = offsetof(struct msgslot_watch, id),
	.head_offset = offsetof(struct msgslot_watch, node),
	.obj_cmpfn = watch_cmp,
	.automatic_shrinking = true,
};

int msgslot_waiters_init(struct msgslot_waiters *ws)
{
	mutex_init(&ws->lock);
	atomic_set(&ws->watches, 0);
	return rhashtable_init(&ws->ht, &watch_params);
}

/* Every file of the slot is closed: the table is empty. */
void msgslot_waiters_destroy(struct msgslot_waiters *ws)
{
	WARN_ON_ONCE(atomic_read(&ws->watches));
	rhashtable_destroy(&ws->ht);
	mutex_destroy(&ws->lock);
}

/* A write to the channel: wake the file's pollers, if it has any. */
static int watcher_wake(struct wait_queue_entry *entry, unsigned int mode,
			int sync, void *key)
{
	struct msgslot_watcher *w = container_of(entry, struct msgslot_watcher,
						 entry);

	if (wq_has_sleeper(&w->wq))
		wake_up_poll(&w->wq, EPOLLIN | EPOLLRDNORM);
	return 0;
}

void msgslot_watcher_init(struct msgslot_watcher *w)
{
	init_waitqueue_head(&w->wq);
	init_waitqueue_func_entry(&w->entry, watcher_wake);
	w->watch = NULL;
}

static void watcher_detach(struct msgslot_waiters *ws,
			   struct msgslot_watcher *w)
{
	struct msgslot_watch *watch = w->watch;

	lockdep_assert_held(&ws->lock);
	if (!watch)
		return;
	remove_wait_queue(&watch->wq, &w->entry);
	WRITE_ONCE(w->watch, NULL);
	if (--watch->files)
		return;
	/* Nothing can fail here: the watch is in the table. */
	WARN_ON_ONCE(rhashtable_remove_fast(&ws->ht, &watch->node,
					    watch_params));
	atomic_dec(&ws->watches);
	/* A writer that found it under RCU may still take its queue lock. */
	kfree_rcu(watch, rcu);
}

/* Attach @w to @id's watch, leaving the one it had; -ENOMEM: no change. */
static int watcher_attach(struct msgslot_waiters *ws,
			  struct msgslot_watcher *w, unsigned long id)
{
	struct msgslot_watch *watch;
	int ret;

	lockdep_assert_held(&ws->lock);
	if (w->watch && w->watch->id == id)
		return 0;
	watch = rhashtable_lookup_fast(&ws->ht, &id, watch_params);
	if (!watch) {
		watch = kzalloc(sizeof(*watch), GFP_KERNEL_ACCOUNT);
		if (!watch)
			return -ENOMEM;
		watch->id = id;
		init_waitqueue_head(&watch->wq);
		ret = rhashtable_insert_fast(&ws->ht, &watch->node,
					     watch_params);
		if (ret) {
			kfree(watch);
			return -ENOMEM;
		}
		atomic_inc(&ws->watches);
	}
	watcher_detach(ws, w);
	add_wait_queue(&watch->wq, &w->entry);
	watch->files++;
	WRITE_ONCE(w->watch, watch);
	return 0;
}

/**
 * msgslot_watch - make sure a write to the file's channel wakes it
 * @ws: the slot's waiters
 * @w: the file's watcher
 * @channel: the file's selected channel (read under the lock, so that a
 *	     racing msgslot_watch_select() wins), non-zero
 *
 * Return: 0, or -ENOMEM.
 */
int msgslot_watch(struct msgslot_waiters *ws, struct msgslot_watcher *w,
		  const unsigned long *channel)
{
	int ret;

	mutex_lock(&ws->lock);
	ret = watcher_attach(ws, w, *channel);
	mutex_unlock(&ws->lock);
	return ret;
}

/* Is @w attached to @id's watch?  Lockless: a hint for the caller. */
bool msgslot_watching(struct msgslot_watcher *w, unsigned long id)
{
	struct msgslot_watch *watch;
	bool ret;

	rcu_read_lock();
	watch = READ_ONCE(w->watch);
	ret = watch && watch->id == id;
	rcu_read_unlock();
	return ret;
}

/**
 * msgslot_watch_select - the file selects channel @id
 * @ws: the slot's waiters
 * @w: the file's watcher
 * @channel: the file's selected channel, set to @id
 * @id: non-zero
 *
 * A file that was polled stays attached, to @id now: epoll may be
 * waiting on it and would not poll it again by itself.
 *
 * Return: 0, or -ENOMEM (nothing changed).
 */
int msgslot_watch_select(struct msgslot_waiters *ws, struct msgslot_watcher *w,
			 unsigned long *channel, unsigned long id)
{
	int ret = 0;

	mutex_lock(&ws->lock);
	if (w->watch)
		ret = watcher_attach(ws, w, id);
	if (!ret)
		WRITE_ONCE(*channel, id);
	mutex_unlock(&ws->lock);
	return ret;
}

/* The file is being closed. */
void msgslot_unwatch(struct msgslot_waiters *ws, struct msgslot_watcher *w)
{
	mutex_lock(&ws->lock);
	watcher_detach(ws, w);
	mutex_unlock(&ws->lock);
}

/**
 * msgslot_wake_watches - wake the files polled on channel @id
 * @slot: the channel's slot
 * @id: the channel
 *
 * msgslot_wake()'s part for a slot with watches: after its barrier.
 */
void msgslot_wake_watches(struct msgslot_slot *slot, unsigned long id)
{
	struct msgslot_waiters *ws = &slot->waiters;
	struct msgslot_watch *watch;

	rcu_read_lock();
	watch = rhashtable_lookup(&ws->ht, &id, watch_params);
	/* Unlocked peek: msgslot_wake()'s smp_mb() orders it after the message. */
	if (watch && waitqueue_active(&watch->wq)) {
		wake_up(&watch->wq);
		/* How many were attached: a figure, not a decision. */
		trace_msgslot_wake(slot->minor, id, data_race(watch->files));
	}
	rcu_read_unlock();
}

/* The file's readiness changed by itself (it selected a channel). */
void msgslot_watcher_wake(struct msgslot_watcher *w)
{
	if (wq_has_sleeper(&w->wq))
		wake_up_poll(&w->wq, EPOLLIN | EPOLLRDNORM);
}
