// SPDX-License-Identifier: GPL-2.0
/* message_sender - store a message in a channel of a message slot. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

int main(int argc, char **argv)
{
	ssize_t n;
	int fd;

	tool_args(argc, argv, 3, "DEVICE CHANNEL MESSAGE",
		  "Store MESSAGE (its bytes, without a trailing NUL or newline) as the\n"
		  "last message of channel CHANNEL of the message slot DEVICE.\n"
		  "CHANNEL is a non-zero decimal or 0x-hexadecimal number.\n\n"
		  "Exit status: 0 stored, 1 failed, 2 usage error.");

	fd = tool_open_channel(argv[1], argv[2], O_WRONLY);
	n = msgslot_send(fd, argv[3], strlen(argv[3]));
	if (n < 0)
		tool_fail(argv[1], argv[2], MSGSLOT_OP_SEND, (int)n);
	close(fd);
	return EXIT_SUCCESS;
}
