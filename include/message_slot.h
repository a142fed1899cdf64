/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * message_slot.h - the contract between the message_slot driver and
 * user space: device numbers, the channel ioctl and the message limits.
 *
 * Usable from kernel code and from user space (C99 or later); it pulls in
 * nothing but <linux/ioctl.h> and <linux/types.h>.  The argument structs
 * have fixed-size fields only, laid out the same for 32- and 64-bit
 * callers: a 32-bit program uses them unchanged.
 */
#ifndef MESSAGE_SLOT_H
#define MESSAGE_SLOT_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Default character-device major; the module parameter "major" overrides. */
#define MSG_SLOT_MAJOR		235

/* Minors 0 .. MSG_SLOT_MINORS - 1 are slots. */
#define MSG_SLOT_MINORS		256

/* A message is 1 .. MSG_SLOT_MAX_LEN bytes. */
#define MSG_SLOT_MAX_LEN	128

/*
 * ioctl(fd, MSG_SLOT_CHANNEL, id): select channel @id (non-zero, passed by
 * value, any unsigned long) for later read(2)/write(2) on this open file.
 *
 * MSG_SLOT_CHANNEL_U32 is the same request encoded with an unsigned int
 * size, as many other message-slot implementations define it; the driver
 * accepts both.  A 32-bit program's MSG_SLOT_CHANNEL equals it.
 */
#define MSG_SLOT_CHANNEL	_IOW(MSG_SLOT_MAJOR, 0, unsigned long)
#define MSG_SLOT_CHANNEL_U32	_IOW(MSG_SLOT_MAJOR, 0, unsigned int)

/*
 * What every message carries besides its bytes (see message_slot(4)):
 *
 *   seq      64-bit sequence number, strictly increasing per channel, also
 *            across clears: a message written after a clear numbers above
 *            every earlier message of that channel.  Never 0.
 *   time_ns  when it was written, CLOCK_REALTIME nanoseconds.
 *   pid      the writer's process id as the reader's pid namespace sees
 *            it; 0 where it is not visible there (or the writer exited and
 *            the reader is in another pid namespace).
 *   uid      the writer's effective user id as the reader's user namespace
 *            sees it; the overflow uid (65534) where it is not mapped.
 *
 * poll(2), select(2) and epoll(7) on an open slot file report, for its
 * selected channel: EPOLLIN | EPOLLRDNORM while the channel holds a
 * message this file has not read (a read(2) or MSG_SLOT_RECEIVE of the
 * selected channel through the file marks it read; selecting a channel
 * marks its message unread), and EPOLLOUT | EPOLLWRNORM (writes never
 * block).  With no channel selected: EPOLLERR.  read(2) itself never
 * blocks.
 */

/*
 * ioctl(fd, MSG_SLOT_RECEIVE, &r): copy the last message of channel
 * r.channel (0: the file's selected channel) and its metadata, all from
 * one snapshot, in one call.  The file's selected channel does not
 * change.  Errors as read(2): EBADF (the file is not open for reading),
 * EINVAL (r.channel 0 and none selected, r.flags not 0), EWOULDBLOCK (no
 * message), ENOSPC (r.size too small), EFAULT.
 */
struct msg_slot_receive {
	__u64 channel;		/* in: channel id, 0 = the selected one */
	__u64 buf;		/* in: user buffer, (__u64)(uintptr_t)ptr */
	__u32 size;		/* in: bytes at buf */
	__u32 flags;		/* in: 0 */
	__u64 seq;		/* out: the message's sequence number */
	__u64 time_ns;		/* out: when it was written */
	__s32 pid;		/* out: writer's pid, 0 if not visible */
	__u32 uid;		/* out: writer's uid */
	__u32 length;		/* out: message length, 1..MSG_SLOT_MAX_LEN */
	__u32 reserved;		/* out: 0 */
};

/*
 * ioctl(fd, MSG_SLOT_SEND, &s): make s.length bytes at s.buf the last
 * message of channel s.channel (0: the file's selected channel) and
 * return its sequence number in s.seq.  The file's selected channel does
 * not change.  Errors as write(2): EBADF (the file is not open for
 * writing), EINVAL (s.channel 0 and none selected, s.flags not 0),
 * EMSGSIZE (length 0 or over MSG_SLOT_MAX_LEN), ENOSPC, ENOMEM, EFAULT;
 * on error nothing changed.
 */
struct msg_slot_send {
	__u64 channel;		/* in: channel id, 0 = the selected one */
	__u64 buf;		/* in: the message, (__u64)(uintptr_t)ptr */
	__u32 length;		/* in: 1..MSG_SLOT_MAX_LEN */
	__u32 flags;		/* in: 0 */
	__u64 seq;		/* out: the new message's sequence number */
};

/*
 * ioctl(fd, MSG_SLOT_LIST, &l): list the slot's channels in ascending
 * order of id, one batch per call.  Writes up to l.count entries, each
 * l.entry_size bytes apart at l.entries, for the channels whose id is
 * above l.cursor; sets l.count to how many it wrote, l.cursor to the id
 * to pass next, and l.done to 1 once no channel above that id is left.
 * Start with l.cursor = 0 and call until l.done is 1 (a batch may be
 * short, even empty, before that): every channel that holds a message
 * for the whole listing is listed exactly once; one written or cleared
 * meanwhile may or may not be.  At most MSG_SLOT_LIST_MAX entries are
 * taken per call.  pid and uid as for MSG_SLOT_RECEIVE.
 *
 * Needs a file open for reading (EBADF otherwise), like read(2); the
 * file's selected channel does not change.  An l.entry_size above
 * sizeof(struct msg_slot_entry) gets the bytes past it zeroed.  Errors:
 * EBADF, EINVAL (l.flags not 0, l.count 0, l.entry_size below
 * sizeof(struct msg_slot_entry) or above MSG_SLOT_LIST_ENTRY_MAX),
 * EFAULT, ENOMEM, EINTR (a fatal signal); on error l is unchanged.
 */
struct msg_slot_entry {
	__u64 id;		/* channel id */
	__u64 seq;		/* its message's sequence number */
	__u64 time_ns;		/* when it was written */
	__s32 pid;		/* writer's pid, 0 if not visible */
	__u32 uid;		/* writer's uid */
	__u32 length;		/* message length, 1..MSG_SLOT_MAX_LEN */
	__u32 reserved;		/* 0 */
};

struct msg_slot_list {
	__u64 cursor;		/* in: list ids above this, 0 at first; out: next */
	__u64 entries;		/* in: the entries, (__u64)(uintptr_t)ptr */
	__u32 count;		/* in: room at entries; out: entries written */
	__u32 entry_size;	/* in: sizeof(struct msg_slot_entry) */
	__u32 flags;		/* in: 0 */
	__u32 done;		/* out: 1 when no channel above cursor is left */
};

#define MSG_SLOT_LIST_MAX	65536
#define MSG_SLOT_LIST_ENTRY_MAX	4096

#define MSG_SLOT_RECEIVE	_IOWR(MSG_SLOT_MAJOR, 1, struct msg_slot_receive)
#define MSG_SLOT_SEND		_IOWR(MSG_SLOT_MAJOR, 2, struct msg_slot_send)
#define MSG_SLOT_LIST		_IOWR(MSG_SLOT_MAJOR, 3, struct msg_slot_list)

#endif /* MESSAGE_SLOT_H */
