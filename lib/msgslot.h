/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * msgslot.h - libmsgslot, the user-space side of message slots.
 *
 * Every function returns 0 (or a length) on success and a negative errno
 * value on failure; none of them prints or exits.  errno is left as the
 * failing system call set it.
 */
#ifndef LIBMSGSLOT_H
#define LIBMSGSLOT_H

#include <stddef.h>
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
};
const char *msgslot_strerror(enum msgslot_op op, int err);

#endif /* LIBMSGSLOT_H */
