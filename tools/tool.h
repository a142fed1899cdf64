/* SPDX-License-Identifier: GPL-2.0 */
/* tool.h - what message_sender and message_reader share. */
#ifndef MSGSLOT_TOOL_H
#define MSGSLOT_TOOL_H

#include "cli.h"
#include "msgslot.h"

/* Handle --help/--version and the argument count; exits where done. */
void tool_args(int argc, char **argv, int nargs, const char *usage,
	       const char *summary);

/* Open @dev and select the channel named by @channel_text, or exit. */
int tool_open_channel(const char *dev, const char *channel_text, int flags);

/* Print "prog: DEV channel C: what failed" and exit 1. */
_Noreturn void tool_fail(const char *dev, const char *channel_text,
			 enum msgslot_op op, int err);

#endif
