/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msgslot_drv.h - what the parts of the message_slot module share (the
 * module's private header; include/message_slot.h is the public one).
 *
 * main.c       module entry, character device, file operations, ioctls
 * slot.c       slot lifecycle: one per minor, with its device and counters
 * store.c      the channel store: the only code that knows how channels are kept
 * wait.c       poll: which files wait for which channel
 * list.c       MSG_SLOT_LIST, the channel listing
 * ids.c        a message's writer as the caller's namespaces see it
 * usercopy.h   a message's bytes to and from user space
 * trace.c      the tracepoints of trace.h
 * sysfs.c      the msgslot class and its per-slot attributes
 * debugfs.c    /sys/kernel/debug/msgslot/slotN/channels, a debugging aid
 *
 * The declarations below are grouped under the file that defines them,
 * the store first: store.c uses no other part (only main.c's limits),
 * wait.c only the store's and the slot's structs, and main.c, which
 * uses them all, is used by none (but for the major, msgslot_devt).
 */
#ifndef MSGSLOT_DRV_H
#define MSGSLOT_DRV_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "message_slot.h"

/* store.c ------------------------------------------------------------ */

/* Per-slot limits (module parameters of main.c, writable at runtime). */
extern unsigned long msgslot_max_channels;
extern unsigned long msgslot_max_bytes;

/* The channels of one slot: id -> last message. */
struct msgslot_store_lock;
struct msgslot_store {
	struct rhashtable ht;	/* channels, looked up under RCU */
	struct mutex lock;	/* serialises insert, replace and remove */
	atomic_long_t channels;	/* channels holding a message */
	atomic_long_t memory;	/* bytes allocated for channels */
	long __percpu *bytes;	/* message bytes stored, summed when read */
	unsigned long removals;	/* channels ever marked dead; voids hints */
	seqcount_mutex_t unlinks;	/* written around each unlink */
	u64 seq_floor;		/* highest sequence number removed */
	struct msgslot_store_lock *locks;	/* channels' writers (store.c) */
};

/*
 * Where an open file last found its channel, so that its next read or
 * write needs no lookup; checked before every use (see store.c).
 */
struct msgslot_channel;
struct msgslot_hint {
	raw_spinlock_t lock;		/* serialises writers of the pair */
	seqcount_t seq;			/* its readers retry */
	struct msgslot_channel *ch;
	unsigned long removals;		/* the store's count when found */
};

void msgslot_hint_init(struct msgslot_hint *hint);
void msgslot_hint_clear(struct msgslot_hint *hint);

/* How the store served a read or write (the tracepoints say, trace.h). */
enum msgslot_path {
	MSGSLOT_PATH_NONE,	/* refused before the store */
	MSGSLOT_PATH_HINT,	/* through the file's hint: no lookup */
	MSGSLOT_PATH_LOOKUP,	/* a lock-free lookup */
	MSGSLOT_PATH_LOCKED,	/* under the store mutex, in place */
	MSGSLOT_PATH_NEW,	/* under the store mutex, a new channel */
	MSGSLOT_PATH_REPLACE,	/* under the store mutex, another size class */
};

/* A message and its metadata, as one snapshot. */
struct msgslot_msg {
	u64 seq;			/* sequence number, never 0 */
	u64 time;			/* written at, CLOCK_REALTIME ns */
	u32 pid;			/* writer's tgid, initial pid namespace */
	u32 uid;			/* writer's euid, initial user namespace */
	u32 len;
	u8 data[MSG_SLOT_MAX_LEN] __aligned(8);	/* word copies (usercopy.h) */
};

void msgslot_store_caches_exit(void);
int msgslot_store_init(struct msgslot_store *store);
void msgslot_store_destroy(struct msgslot_store *store);
int msgslot_store_write(struct msgslot_store *store, unsigned long id,
			struct msgslot_hint *hint, const u8 __user *ubuf,
			size_t len, u64 *seq, enum msgslot_path *path);
int msgslot_store_get(struct msgslot_store *store, unsigned long id,
		      struct msgslot_hint *hint, struct msgslot_msg *msg,
		      enum msgslot_path *path);
u64 msgslot_store_seq(struct msgslot_store *store, unsigned long id,
		      struct msgslot_hint *hint);
/* What a clear took away. */
struct msgslot_cleared {
	unsigned long channels;
	unsigned long bytes;
	u64 seq;			/* a single channel's message's */
};

void msgslot_store_clear(struct msgslot_store *store, unsigned long id,
			 struct msgslot_cleared *cleared);
void msgslot_store_clear_all(struct msgslot_store *store,
			     struct msgslot_cleared *cleared);
unsigned long msgslot_store_channels(struct msgslot_store *store);
unsigned long msgslot_store_bytes(struct msgslot_store *store);
size_t msgslot_store_memory(struct msgslot_store *store);

/* Listings, in batches by id. */
long msgslot_store_list(struct msgslot_store *store, unsigned long cursor,
			unsigned long *ids, unsigned int room, bool *done);
int msgslot_store_meta(struct msgslot_store *store, unsigned long id,
		       struct msgslot_msg *msg);

/* wait.c ------------------------------------------------------------- */

/* A slot's files waiting for their channels. */
struct msgslot_watch;
struct msgslot_waiters {
	struct rhashtable ht;		/* channel id -> struct msgslot_watch */
	struct mutex lock;		/* attaching, detaching, selecting */
	atomic_t watches;		/* in @ht */
};

/* One open file's side of it. */
struct msgslot_watcher {
	wait_queue_head_t wq;		/* the file's pollers */
	struct wait_queue_entry entry;	/* on its watch's queue */
	struct msgslot_watch *watch;	/* NULL: not attached */
};

int msgslot_waiters_init(struct msgslot_waiters *ws);
void msgslot_waiters_destroy(struct msgslot_waiters *ws);
void msgslot_watcher_init(struct msgslot_watcher *w);
int msgslot_watch(struct msgslot_waiters *ws, struct msgslot_watcher *w,
		  const unsigned long *channel);
bool msgslot_watching(struct msgslot_watcher *w, unsigned long id);
int msgslot_watch_select(struct msgslot_waiters *ws, struct msgslot_watcher *w,
			 unsigned long *channel, unsigned long id);
void msgslot_unwatch(struct msgslot_waiters *ws, struct msgslot_watcher *w);
struct msgslot_slot;
void msgslot_wake_watches(struct msgslot_slot *slot, unsigned long id);
void msgslot_watcher_wake(struct msgslot_watcher *w);

/* slot.c ------------------------------------------------------------- */

/* Per-CPU operation counts of a slot, summed when read. */
struct msgslot_counts {
	u64 reads;
	u64 writes;
};

/* One slot per minor; it lives from its first open until module unload. */
struct msgslot_slot {
	unsigned int minor;
	struct msgslot_store store;
	struct msgslot_waiters waiters;
	struct msgslot_counts __percpu *counts;
	atomic_t open_files;
	struct device *dev;		/* /sys/class/msgslot/slotN */
	struct dentry *debugfs;		/* /sys/kernel/debug/msgslot/slotN */
};

int msgslot_slots_init(unsigned int count);
struct msgslot_slot *msgslot_slot_get(unsigned int minor);
void msgslot_slots_destroy(void);
void msgslot_slot_counts(struct msgslot_slot *slot, struct msgslot_counts *sum);

static inline void msgslot_slot_count_read(struct msgslot_slot *slot)
{
	this_cpu_inc(slot->counts->reads);
}

static inline void msgslot_slot_count_write(struct msgslot_slot *slot)
{
	this_cpu_inc(slot->counts->writes);
}

/*
 * Channel @id of @slot has a new message: wake the files polled on it
 * (wait.c's, for a slot).  Process context, after the write; inline as
 * far as the check that anyone waits in the slot at all (wait.c says why
 * it is enough).
 */
static inline void msgslot_wake(struct msgslot_slot *slot, unsigned long id)
{
	/* The message before the watches; pairs with msgslot_fop_poll(). */
	smp_mb();
	if (atomic_read(&slot->waiters.watches))
		msgslot_wake_watches(slot, id);
}

/* list.c ------------------------------------------------------------- */

long msgslot_list(struct msgslot_slot *slot, struct msg_slot_list __user *uarg);

/* ids.c -------------------------------------------------------------- */

/* A writer's ids as kept (initial namespaces), as the caller sees them. */
pid_t msgslot_pid_for_caller(u32 nr);
u32 msgslot_uid_for_caller(u32 uid);

/* main.c ------------------------------------------------------------- */

/* Minor 0 of the module's major. */
extern dev_t msgslot_devt;

/* sysfs.c ------------------------------------------------------------ */

extern struct class msgslot_class;

/* debugfs.c ---------------------------------------------------------- */

void msgslot_debugfs_init(void);
void msgslot_debugfs_exit(void);
struct dentry *msgslot_debugfs_add(struct msgslot_slot *slot);

#endif /* MSGSLOT_DRV_H */
