// SPDX-License-Identifier: LGPL-2.1-or-later
/* clear.c - empty a slot or one of its channels through sysfs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "msgslot.h"
#include "paths.h"

int msgslot_clear(unsigned int minor, unsigned long channel)
{
	char path[512], what[32];
	ssize_t n;
	int fd, len, err;

	err = msgslot_sysfs_path(path, sizeof(path), minor, "clear");
	if (err)
		return err;
	if (channel)
		len = snprintf(what, sizeof(what), "%lu\n", channel);
	else
		len = snprintf(what, sizeof(what), "all\n");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, what, (size_t)len);
	err = n < 0 ? -errno : (n == len ? 0 : -EIO);
	if (close(fd) && !err)
		err = -errno;
	return err;
}
