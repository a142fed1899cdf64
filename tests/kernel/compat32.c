// SPDX-License-Identifier: GPL-2.0
/*
 * compat32.c - built with -m32: a 32-bit program uses the device through
 * .compat_ioctl, with the header's encodings as a 32-bit compiler sees them.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <message_slot.h>

#include "tap.h"

int main(void)
{
	char buf[MSG_SLOT_MAX_LEN];
	int fd = open("/dev/slot0", O_RDWR);

	if (fd < 0)
		tap_bail("open /dev/slot0: %s", strerror(errno));
	tap_eq(sizeof(long), 4, "this is a 32-bit program");
	tap_eq(MSG_SLOT_CHANNEL, MSG_SLOT_CHANNEL_U32,
	       "its MSG_SLOT_CHANNEL is the unsigned-int encoding");
	tap_errno(ioctl(fd, MSG_SLOT_CHANNEL, 0UL), EINVAL,
		  "32-bit ioctl channel 0: EINVAL");
	tap_eq(ioctl(fd, MSG_SLOT_CHANNEL, 0xfffffff0UL), 0,
	       "32-bit ioctl selects channel 0xfffffff0");
	tap_eq(write(fd, "from 32-bit", 11), 11, "32-bit write");
	tap_eq(read(fd, buf, sizeof(buf)), 11, "32-bit read");
	tap_ok(memcmp(buf, "from 32-bit", 11) == 0, "the message is intact");
	tap_errno(ioctl(fd, _IOW(MSG_SLOT_MAJOR, 3, unsigned long), 1UL),
		  EINVAL, "32-bit unknown ioctl: EINVAL");
	close(fd);
	return tap_done();
}
