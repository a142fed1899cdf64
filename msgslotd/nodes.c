// SPDX-License-Identifier: GPL-2.0
/* nodes.c - see nodes.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "log.h"
#include "msgslot.h"
#include "nodes.h"

static int node_apply(const struct access *a, const char *path,
		      unsigned int minor, int major)
{
	struct stat st;

	if (lstat(path, &st)) {
		if (errno != ENOENT) {
			log_msg(LOG_ERR, "%s: cannot look at it: %s", path,
				strerror(errno));
			return -1;
		}
		if (major < 0) {
			log_msg(LOG_ERR, "%s: cannot create it: the module's major is unknown (%s)",
				path, strerror(-major));
			return -1;
		}
		if (mknod(path, S_IFCHR | a->mode, makedev(major, minor))) {
			log_msg(LOG_ERR, "%s: mknod %d:%u: %s", path, major, minor,
				strerror(errno));
			return -1;
		}
		log_msg(LOG_INFO, "%s: created as %d:%u", path, major, minor);
		if (lstat(path, &st))
			return -1;
	} else if (!S_ISCHR(st.st_mode) ||
		   (major >= 0 && (int)major(st.st_rdev) != major) ||
		   minor(st.st_rdev) != minor) {
		log_msg(LOG_ERR, "%s: exists but is not the slot's device (%d:%u); leaving it alone",
			path, major, minor);
		return -1;
	}
	if ((st.st_uid != a->uid || st.st_gid != a->gid) &&
	    chown(path, a->uid, a->gid)) {
		log_msg(LOG_ERR, "%s: chown %s:%s: %s", path, a->owner,
			a->group, strerror(errno));
		return -1;
	}
	if ((st.st_mode & 07777) != a->mode && chmod(path, a->mode)) {
		log_msg(LOG_ERR, "%s: chmod %04o: %s", path, (unsigned int)a->mode,
			strerror(errno));
		return -1;
	}
	return 0;
}

int nodes_apply(const struct config *cfg, const char *dev_dir)
{
	int major = msgslot_major(), failed = 0;
	char path[512];

	for (unsigned int m = 0; m < MSG_SLOT_MINORS; m++) {
		if (!cfg->slots[m])
			continue;
		struct access a = config_access(cfg, m);

		snprintf(path, sizeof(path), "%s/slot%u", dev_dir, m);
		if (node_apply(&a, path, m, major))
			failed++;
	}
	return failed;
}
