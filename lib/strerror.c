// SPDX-License-Identifier: LGPL-2.1-or-later
/* strerror.c - the message-slot meaning of an errno, per operation. */
#include <errno.h>
#include <string.h>

#include "msgslot.h"

#define STR(x) #x
#define XSTR(x) STR(x)

const char *msgslot_strerror(enum msgslot_op op, int err)
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
	case -EFAULT:
		return "bad buffer address";
	case -EMSGSIZE:
		return "message must be 1 to " XSTR(MSG_SLOT_MAX_LEN) " bytes";
	case -EWOULDBLOCK:
		return "no message on this channel yet";
	case -ENOSPC:
		return "buffer too small for the message";
	case -ENOTTY:
		return "not a message slot device";
	case -EINVAL:
		if (op == MSGSLOT_OP_CHANNEL)
			return "invalid channel id, or not a message slot device";
		if (op == MSGSLOT_OP_SEND || op == MSGSLOT_OP_RECEIVE)
			return "no channel selected";
		break;
	}
	return strerror(-err);
}
