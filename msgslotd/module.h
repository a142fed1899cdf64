/* SPDX-License-Identifier: GPL-2.0 */
/* module.h - loading and unloading message_slot with libkmod. */
#ifndef MSGSLOTD_MODULE_H
#define MSGSLOTD_MODULE_H

/*
 * Load message_slot with @options unless it is live already (then the
 * options are not applied and *@was_loaded is set).  Honours blacklists.
 * 0 or -errno, with the reason logged.
 */
int module_load(const char *options, int *was_loaded);

/* Unload it; -EBUSY while a slot is open.  Logged. */
int module_unload(void);

#endif
