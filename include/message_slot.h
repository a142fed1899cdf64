/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * message_slot.h - the contract between the message_slot driver and
 * user space: device numbers, the channel ioctl and the message limits.
 *
 * Usable from kernel code and from user space (C99 or later); it defines no
 * types and pulls in nothing but <linux/ioctl.h>.
 */
#ifndef MESSAGE_SLOT_H
#define MESSAGE_SLOT_H

#include <linux/ioctl.h>

/* Default character-device major; the module parameter "major" overrides. */
#define MSG_SLOT_MAJOR		235

/* Minors 0 .. MSG_SLOT_MINORS - 1 are slots. */
#define MSG_SLOT_MINORS		256

/* A message is 1 .. MSG_SLOT_MAX_LEN bytes. */
#define MSG_SLOT_MAX_LEN	128

/*
 * ioctl(fd, MSG_SLOT_CHANNEL, id): select channel @id (non-zero, passed by
 * value, any unsigned long) for later read(2)/write(2) on this open file.
 *
 * MSG_SLOT_CHANNEL_U32 is the same request encoded with an unsigned int
 * size, as many other message-slot implementations define it; the driver
 * accepts both.  A 32-bit program's MSG_SLOT_CHANNEL equals it.
 */
#define MSG_SLOT_CHANNEL	_IOW(MSG_SLOT_MAJOR, 0, unsigned long)
#define MSG_SLOT_CHANNEL_U32	_IOW(MSG_SLOT_MAJOR, 0, unsigned int)

#endif /* MESSAGE_SLOT_H */
