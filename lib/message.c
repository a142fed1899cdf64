// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * message.c - receive with metadata, send by channel id, wait for a
 * message: one system call each (MSG_SLOT_RECEIVE, MSG_SLOT_SEND, poll).
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include "msgslot.h"
#include "sized.h"

#define META_VER0 MSGSLOT_VER0_SIZE(struct msgslot_meta, uid)

ssize_t msgslot_receive_meta(int fd, unsigned long channel, void *buf,
			     size_t size, struct msgslot_meta *meta)
{
	struct msg_slot_receive r;

	if (meta && msgslot_sized_check(meta, META_VER0))
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.channel = channel;
	r.buf = (uint64_t)(uintptr_t)buf;
	r.size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	if (ioctl(fd, MSG_SLOT_RECEIVE, &r) < 0)
		return -errno;
	if (meta) {
		struct msgslot_meta m = {
			.seq = r.seq,
			.time_ns = r.time_ns,
			.pid = r.pid,
			.uid = r.uid,
		};

		msgslot_sized_copy(meta, &m, sizeof(m));
	}
	return r.length;
}

int msgslot_send_id(int fd, unsigned long channel, const void *msg, size_t len,
		    uint64_t *seq)
{
	struct msg_slot_send s;

	/* A length the field cannot hold is too long for any message. */
	if (len > UINT32_MAX)
		return -EMSGSIZE;
	memset(&s, 0, sizeof(s));
	s.channel = channel;
	s.buf = (uint64_t)(uintptr_t)msg;
	s.length = (uint32_t)len;
	if (ioctl(fd, MSG_SLOT_SEND, &s) < 0)
		return -errno;
	if (seq)
		*seq = s.seq;
	return 0;
}

int msgslot_wait(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	if (p.revents & POLLIN)
		return 1;
	/* POLLERR: no channel selected; POLLNVAL: not an open file. */
	return p.revents & POLLNVAL ? -EBADF : -EINVAL;
}
