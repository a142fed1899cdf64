/* SPDX-License-Identifier: GPL-2.0 */
/*
 * udev.h - what udev needs to know of each slot's owner, group and mode,
 * so that an event for the node (a reboot's, or 'udevadm trigger') sets
 * what msgslotd.conf says rather than the rule's defaults.
 */
#ifndef MSGSLOTD_UDEV_H
#define MSGSLOTD_UDEV_H

#include "config.h"

#define UDEV_DIR "/run/msgslot/udev"

/*
 * One file per kept slot, DIR/slotN, in udev's environment format:
 * MSGSLOT_OWNER=, MSGSLOT_GROUP= and MSGSLOT_MODE=, which
 * 60-msgslot.rules imports (IMPORT{file}) for that node; files of slots
 * no longer kept are removed.  Each is written whole (temporary file,
 * rename).  Returns the number of files that could not be written or
 * removed (each logged).
 */
int udev_access_write(const struct config *cfg, const char *dir);

#endif
