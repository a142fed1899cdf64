/* SPDX-License-Identifier: GPL-2.0 */
/* tool.h - what message_sender and message_reader share. */
#ifndef MSGSLOT_TOOL_H
#define MSGSLOT_TOOL_H

#include "msgslot.h"

#define EXIT_USAGE 2

/* Handle --help/--version and the argument count; exits where done. */
void tool_args(int argc, char **argv, int nargs, const char *usage,
	       const char *summary);

/* Take the program's name from argv[0]. */
void tool_set_name(int argc, char **argv);

/* Print "NAME (msgslot) VERSION". */
void tool_version(void);

/* The program's name, for messages (set by tool_args). */
const char *tool_name(void);

/* Open @dev and select the channel named by @channel_text, or exit. */
int tool_open_channel(const char *dev, const char *channel_text, int flags);

/* Print "prog: DEV channel C: what failed" and exit 1. */
_Noreturn void tool_fail(const char *dev, const char *channel_text,
			 enum msgslot_op op, int err);

#endif
