// SPDX-License-Identifier: GPL-2.0
/* tool.c - argument handling and error reporting for the two tools. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define PROG cli_name()

void tool_args(int argc, char **argv, int nargs, const char *usage,
	       const char *summary)
{
	cli_set_name(argc, argv);
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("Usage: %s %s\n\n%s\n", PROG, usage, summary);
		exit(EXIT_SUCCESS);
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		cli_version();
		exit(EXIT_SUCCESS);
	}
	if (argc != nargs + 1)
		exit(cli_usage_error("expected %d arguments (%s), got %d",
				     nargs, usage, argc - 1));
}

/*
 * Every error line ends with the system's wording of the errno in
 * parentheses, so scripts written against perror-style tools still match.
 */
void tool_fail(const char *dev, const char *channel_text, enum msgslot_op op,
	       int err)
{
	if (op == MSGSLOT_OP_OPEN)
		fprintf(stderr, "%s: %s: %s (%s)\n", PROG, dev,
			msgslot_strerror(op, err), strerror(-err));
	else
		fprintf(stderr, "%s: %s channel %s: %s (%s)\n", PROG, dev,
			channel_text, msgslot_strerror(op, err), strerror(-err));
	exit(EXIT_FAILURE);
}

int tool_open_channel(const char *dev, const char *channel_text, int flags)
{
	unsigned long channel;
	int fd, err;

	err = msgslot_parse_channel(channel_text, &channel);
	if (err) {
		fprintf(stderr, "%s: invalid channel '%s': %s (%s)\n", PROG,
			channel_text, err == -ERANGE ?
			"too large for an unsigned long" :
			"expected a non-zero decimal or 0x-hexadecimal number",
			strerror(-err));
		exit(EXIT_USAGE);
	}
	fd = msgslot_open(dev, flags);
	if (fd < 0)
		tool_fail(dev, channel_text, MSGSLOT_OP_OPEN, fd);
	err = msgslot_set_channel(fd, channel);
	if (err)
		tool_fail(dev, channel_text, MSGSLOT_OP_CHANNEL, err);
	return fd;
}
