// SPDX-License-Identifier: LGPL-2.1-or-later
/* paths.c - the sysfs and debugfs locations, overridable for tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "paths.h"

const char *msgslot_sysfs_root(void)
{
	const char *root = getenv("MSGSLOT_SYSFS");

	return root && *root ? root : "/sys/class/msgslot";
}

static const char *debugfs_root(void)
{
	const char *root = getenv("MSGSLOT_DEBUGFS");

	return root && *root ? root : "/sys/kernel/debug/msgslot";
}

int msgslot_param_path(char *buf, size_t size, const char *name)
{
	const char *dir = getenv("MSGSLOT_PARAMS");
	int n = snprintf(buf, size, "%s/%s",
			 dir && *dir ? dir : "/sys/module/message_slot/parameters",
			 name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int slot_path(char *buf, size_t size, const char *root,
		     unsigned int minor, const char *file)
{
	int n = snprintf(buf, size, "%s/slot%u/%s", root, minor, file);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int msgslot_sysfs_path(char *buf, size_t size, unsigned int minor,
		       const char *file)
{
	return slot_path(buf, size, msgslot_sysfs_root(), minor, file);
}

int msgslot_debugfs_path(char *buf, size_t size, unsigned int minor,
			 const char *file)
{
	return slot_path(buf, size, debugfs_root(), minor, file);
}
