// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * strerror.c - the message-slot meaning of an errno, per operation: the
 * same errno means different things on different calls (ENOSPC from a
 * send is a full slot, from a receive a buffer too small).
 */
#include <errno.h>
#include <string.h>

#include "msgslot.h"

#define STR(x) #x
#define XSTR(x) STR(x)

static const char *open_error(int err)
{
	switch (err) {
	case -ENOENT:
		return "no such device node";
	case -ENXIO:
	case -ENODEV:
		return "no message_slot driver behind this node (module not loaded, or wrong major)";
	case -EACCES:
	case -EPERM:
		return "permission denied";
	case -ENOMEM:
		return "the kernel is out of memory";
	}
	return NULL;
}

static const char *channel_error(int err)
{
	switch (err) {
	case -EINVAL:
		return "invalid channel id, or not a message slot device";
	case -ENOTTY:
		return "not a message slot device";
	}
	return NULL;
}

static const char *send_error(int err)
{
	switch (err) {
	case -EINVAL:
		return "no channel selected";
	case -EMSGSIZE:
		return "message must be 1 to " XSTR(MSG_SLOT_MAX_LEN) " bytes";
	case -ENOSPC:
		return "the slot is full: its max_channels or max_bytes limit was reached";
	case -ENOMEM:
		return "the kernel is out of memory, or the writer's memory cgroup is at its limit";
	case -EFAULT:
		return "bad buffer address";
	case -EBADF:
		return "not open for writing";
	}
	return NULL;
}

static const char *receive_error(int err)
{
	switch (err) {
	case -EINVAL:
		return "no channel selected";
	case -EWOULDBLOCK:
		return "no message on this channel yet";
	case -ENOSPC:
		return "buffer too small for the message";
	case -EFAULT:
		return "bad buffer address";
	case -EBADF:
		return "not open for reading";
	}
	return NULL;
}

static const char *wait_error(int err)
{
	switch (err) {
	case -EINVAL:
		return "no channel selected";
	case -ENOMEM:
		return "out of memory to wait";
	case -EBADF:
		return "not an open file";
	}
	return NULL;
}

const char *msgslot_strerror(enum msgslot_op op, int err)
{
	const char *what = NULL;

	switch (op) {
	case MSGSLOT_OP_OPEN:
		what = open_error(err);
		break;
	case MSGSLOT_OP_CHANNEL:
		what = channel_error(err);
		break;
	case MSGSLOT_OP_SEND:
		what = send_error(err);
		break;
	case MSGSLOT_OP_RECEIVE:
		what = receive_error(err);
		break;
	case MSGSLOT_OP_WAIT:
		what = wait_error(err);
		break;
	}
	/* A node of another driver answers write/read in its own way. */
	if (!what && err == -ENOTTY)
		what = "not a message slot device";
	return what ? what : strerror(-err);
}
