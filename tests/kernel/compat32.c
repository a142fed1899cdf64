// SPDX-License-Identifier: GPL-2.0
/*
 * compat32.c - built with -m32: a 32-bit program uses the device through
 * .compat_ioctl, with the header's encodings as a 32-bit compiler sees them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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

	/* The fixed-size structs: the same layout as a 64-bit caller's. */
	tap_eq(sizeof(struct msg_slot_receive), 56, "struct msg_slot_receive is 56 bytes here too");
	tap_eq(sizeof(struct msg_slot_send), 32, "struct msg_slot_send is 32 bytes here too");
	{
		struct msg_slot_send s = { .channel = 0x123456789aULL,
					   .buf = (uintptr_t)"wide id", .length = 7 };
		struct msg_slot_receive r = { .channel = 0x123456789aULL,
					      .buf = (uintptr_t)buf,
					      .size = sizeof(buf) };

		tap_eq(ioctl(fd, MSG_SLOT_SEND, &s), 0,
		       "32-bit MSG_SLOT_SEND to a channel id above 32 bits");
		tap_ok(s.seq > 0, "it returns the sequence number");
		memset(buf, 0, sizeof(buf));
		tap_eq(ioctl(fd, MSG_SLOT_RECEIVE, &r), 0, "32-bit MSG_SLOT_RECEIVE of it");
		tap_ok(r.length == 7 && memcmp(buf, "wide id", 7) == 0 &&
		       r.seq == s.seq && r.pid == getpid() && r.uid == geteuid() &&
		       r.time_ns > 0, "message, sequence, pid, uid and time intact");
		r.channel = 0;
		tap_eq(ioctl(fd, MSG_SLOT_RECEIVE, &r), 0,
		       "32-bit MSG_SLOT_RECEIVE of the selected channel (id 0)");
		tap_ok(r.length == 11 && memcmp(buf, "from 32-bit", 11) == 0,
		       "the selected channel did not change");
	}
	tap_eq(sizeof(struct msg_slot_list), 32, "struct msg_slot_list is 32 bytes here too");
	tap_eq(sizeof(struct msg_slot_entry), 40, "struct msg_slot_entry is 40 bytes here too");
	{
		struct msg_slot_entry e[4];
		struct msg_slot_list l = { .entries = (uintptr_t)e, .count = 4,
					   .entry_size = sizeof(e[0]) };
		int found = 0;

		do {
			if (ioctl(fd, MSG_SLOT_LIST, &l))
				break;
			for (uint32_t k = 0; k < l.count; k++)
				found += (e[k].id == 0xfffffff0ULL && e[k].length == 11) ||
					 (e[k].id == 0x123456789aULL && e[k].length == 7 &&
					  e[k].pid == getpid());
		} while (!l.done);
		tap_eq(found, 2, "32-bit MSG_SLOT_LIST finds both channels, ids above 32 bits too");
	}
	close(fd);
	return tap_done();
}
