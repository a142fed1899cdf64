/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * msgslot.h - libmsgslot, the user-space side of message slots.
 *
 * Every function returns 0 (or a length) on success and a negative errno
 * value on failure; none of them prints or exits.  errno is left as the
 * failing system call set it.
 *
 * Structs that grow: struct msgslot_meta, msgslot_stats and
 * msgslot_channel_info may gain members at their end in later versions
 * of the library, within the same soname.  Each starts with its size:
 * zero the struct and set .size = sizeof(it) before the call (for the
 * array msgslot_channels returns, pass the element size).  The library
 * fills what both it and the caller know, never past .size, and leaves in
 * .size how many bytes it filled; a size below the first version's is
 * -EINVAL, and nothing is changed.
 */
#ifndef LIBMSGSLOT_H
#define LIBMSGSLOT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <message_slot.h>

/* Open a slot node (e.g. "/dev/slot0"); @flags as for open(2). Returns fd. */
int msgslot_open(const char *path, int flags);

/* Select channel @channel (non-zero) for later send/receive on @fd. */
int msgslot_set_channel(int fd, unsigned long channel);

/* Store @len (1..MSG_SLOT_MAX_LEN) bytes as the channel's message. */
ssize_t msgslot_send(int fd, const void *msg, size_t len);

/* Copy the channel's message into @buf; returns its length. */
ssize_t msgslot_receive(int fd, void *buf, size_t size);

/* What a message carries besides its bytes (see message_slot(4)). */
struct msgslot_meta {
	uint32_t size;		/* sizeof(struct msgslot_meta), set by the caller */
	uint64_t seq;		/* sequence number, increasing per channel */
	uint64_t time_ns;	/* written at, CLOCK_REALTIME nanoseconds */
	pid_t pid;		/* writer's process id here, 0 if not visible */
	uid_t uid;		/* writer's user id here, 65534 if not mapped */
};

/*
 * Copy channel @channel's message (0: the selected one) into @buf, and its
 * metadata into @meta (may be NULL), in one system call.  Returns the
 * length; -EWOULDBLOCK (no message), -ENOSPC (@size too small), -EINVAL
 * (also for a @meta whose .size is too small).
 */
ssize_t msgslot_receive_meta(int fd, unsigned long channel, void *buf,
			     size_t size, struct msgslot_meta *meta);

/*
 * Store @len bytes as channel @channel's message (0: the selected one),
 * in one system call; its sequence number in *@seq (may be NULL).
 */
int msgslot_send_id(int fd, unsigned long channel, const void *msg, size_t len,
		    uint64_t *seq);

/*
 * Wait until the selected channel holds a message @fd has not read, at
 * most @timeout_ms milliseconds (-1: forever; 0: just look).  Returns 1
 * (there is one), 0 (timed out), -EINVAL (no channel selected), -EINTR
 * (a signal handler ran) or another negative errno.
 */
int msgslot_wait(int fd, int timeout_ms);

/*
 * Parse a channel id: decimal, or hexadecimal with a 0x prefix, non-zero,
 * no sign, no spaces, fitting an unsigned long.
 * Returns 0, -EINVAL (not a number, or 0) or -ERANGE (too large).
 */
int msgslot_parse_channel(const char *text, unsigned long *channel);

/* What a failed msgslot call means, in words; @err is a negative errno. */
enum msgslot_op {
	MSGSLOT_OP_OPEN,
	MSGSLOT_OP_CHANNEL,
	MSGSLOT_OP_SEND,
	MSGSLOT_OP_RECEIVE,
	MSGSLOT_OP_WAIT,
};
const char *msgslot_strerror(enum msgslot_op op, int err);

/*
 * Administration: what the module shows in sysfs and debugfs.
 *
 * The trees are /sys/class/msgslot, /sys/module/message_slot/parameters
 * and /sys/kernel/debug/msgslot; the environment variables MSGSLOT_SYSFS,
 * MSGSLOT_PARAMS and MSGSLOT_DEBUGFS name other directories laid out the
 * same way (for tests), as MSGSLOT_DEV does for /dev.  -ENOENT from these calls
 * means the module is not loaded (see msgslot_module_loaded) or the slot
 * does not exist.
 */

/* 1 if the module's class is present, 0 if not. */
int msgslot_module_loaded(void);

/* The module's character-device major (from /proc/devices), or -ENOENT. */
int msgslot_major(void);

/* The figures of one slot (docs/ABI/sysfs-class-msgslot). */
struct msgslot_stats {
	uint32_t size;		/* sizeof(struct msgslot_stats), set by the caller */
	unsigned int minor;
	uint64_t channels;	/* channels holding a message */
	uint64_t bytes;		/* sum of message lengths */
	uint64_t memory;	/* kernel memory the slot holds */
	uint64_t open_files;
	uint64_t writes;	/* successful writes since the slot appeared */
	uint64_t reads;		/* successful reads since the slot appeared */
	uint64_t max_channels;	/* per-slot limits (module parameters) */
	uint64_t max_bytes;
};

int msgslot_stats_read(unsigned int minor, struct msgslot_stats *stats);

/*
 * Every slot's figures, by minor, in a malloc'd array the caller frees,
 * of elements @size bytes apart: pass sizeof(struct msgslot_stats).  A
 * slot that goes while they are read (the module unloaded) is left out.
 * Returns the count, or -ENOENT (the module is not loaded), -EINVAL, -ENOMEM.
 */
long msgslot_stats_all(struct msgslot_stats **stats, size_t size);

/*
 * The minors of all slots, ascending, in a malloc'd array the caller
 * frees.  Returns the count, or a negative errno.
 */
int msgslot_slots(unsigned int **minors);

/*
 * A slot named the way an admin would: "slot3", "3" or a device node such
 * as "/dev/slot3".  Returns 0 and the minor, -EINVAL for text that is none
 * of these, or a negative errno from stat(2) for a path.
 */
int msgslot_parse_slot(const char *text, unsigned int *minor);

/* Empty channel @channel of slot @minor, or every channel if it is 0. */
int msgslot_clear(unsigned int minor, unsigned long channel);

/*
 * One stored channel, as ioctl(MSG_SLOT_LIST) lists it: pid and uid as
 * the caller's namespaces see them (as the initial ones do where the
 * listing came from debugfs, see msgslot_channels).
 */
struct msgslot_channel_info {
	uint32_t size;		/* bytes of this entry the library filled */
	unsigned int length;
	unsigned long id;
	uint64_t seq;		/* its message's sequence number */
	uint64_t time_ns;	/* written at, CLOCK_REALTIME nanoseconds */
	pid_t pid;		/* the writer's */
	uid_t uid;
};

/*
 * The stored channels of slot @minor, sorted by id, in a malloc'd array
 * the caller frees, of elements @size bytes apart: pass
 * sizeof(struct msgslot_channel_info).  Lists through /dev/slot<minor>
 * opened read-only (MSGSLOT_DEV names another directory): who may read
 * the slot may list it.  Where that node is missing, or the module has
 * no MSG_SLOT_LIST, it reads the debugfs listing (root).  Returns the
 * count or -errno.
 */
long msgslot_channels(unsigned int minor, struct msgslot_channel_info **list,
		      size_t size);

/*
 * The same through @fd, an open slot file (-EBADF unless readable);
 * with a module that has no MSG_SLOT_LIST, the debugfs listing of the
 * slot @fd is (root).
 */
long msgslot_channels_fd(int fd, struct msgslot_channel_info **list,
			 size_t size);

/* Every slot's figures as text for Prometheus (msgslot_metrics(3)). */
enum msgslot_metrics_format {
	MSGSLOT_METRICS_OPENMETRICS,	/* OpenMetrics 1.0, ending "# EOF" */
	MSGSLOT_METRICS_PROMETHEUS,	/* the text format 0.0.4 (textfiles) */
};

/*
 * Print every slot's figures to @out: channels, message bytes, memory,
 * open files, writes and reads, and the limits, each labelled with its
 * slot.  0, -ENOENT (module not loaded), -EINVAL, -EIO (@out failed).
 */
int msgslot_metrics(FILE *out, enum msgslot_metrics_format format);

#endif /* LIBMSGSLOT_H */
