/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* paths.h - where libmsgslot finds sysfs and debugfs (internal). */
#ifndef LIBMSGSLOT_PATHS_H
#define LIBMSGSLOT_PATHS_H

#include <stddef.h>

/* "<sysfs root>/slot<minor>/<file>" (or the root if @file is NULL). */
int msgslot_sysfs_path(char *buf, size_t size, unsigned int minor,
		       const char *file);
const char *msgslot_sysfs_root(void);
/* "<module parameters dir>/<name>" */
int msgslot_param_path(char *buf, size_t size, const char *name);
int msgslot_debugfs_path(char *buf, size_t size, unsigned int minor,
			 const char *file);
/*
 * Open slot @minor's node "<dev dir>/slot<minor>" (MSGSLOT_DEV, else
 * /dev) with @flags: the fd, -ENOENT if there is none or it is not that
 * slot's device, or another -errno.
 */
int msgslot_open_node(unsigned int minor, int flags);

#endif
