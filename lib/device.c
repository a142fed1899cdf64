// SPDX-License-Identifier: LGPL-2.1-or-later
/* device.c - open a slot node, pick a channel, send and receive. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "msgslot.h"

int msgslot_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int msgslot_set_channel(int fd, unsigned long channel)
{
	return ioctl(fd, MSG_SLOT_CHANNEL, channel) < 0 ? -errno : 0;
}

ssize_t msgslot_send(int fd, const void *msg, size_t len)
{
	ssize_t n = write(fd, msg, len);

	return n < 0 ? -errno : n;
}

ssize_t msgslot_receive(int fd, void *buf, size_t size)
{
	ssize_t n = read(fd, buf, size);

	return n < 0 ? -errno : n;
}
