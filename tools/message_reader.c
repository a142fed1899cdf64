// SPDX-License-Identifier: GPL-2.0
/* message_reader - print the last message of a channel of a message slot. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char msg[MSG_SLOT_MAX_LEN];
	ssize_t n;
	int fd, err;

	tool_args(argc, argv, 2, "DEVICE CHANNEL",
		  "Write the last message of channel CHANNEL of the message slot DEVICE\n"
		  "to standard output, exactly its bytes, with nothing added.\n"
		  "CHANNEL is a non-zero decimal or 0x-hexadecimal number.\n\n"
		  "Exit status: 0 printed, 1 failed (no message yet included), 2 usage error.");

	fd = tool_open_channel(argv[1], argv[2], O_RDONLY);
	n = msgslot_receive(fd, msg, sizeof(msg));
	if (n < 0)
		tool_fail(argv[1], argv[2], MSGSLOT_OP_RECEIVE, (int)n);
	close(fd);

	err = write_all(STDOUT_FILENO, msg, (size_t)n);
	if (err) {
		fprintf(stderr, "%s: standard output: %s\n",
			tool_name(), strerror(-err));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
