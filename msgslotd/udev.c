// SPDX-License-Identifier: GPL-2.0
/* udev.c - see udev.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "udev.h"

/* mkdir -p of @dir (two levels are enough: /run/msgslot/udev). */
static int make_dir(const char *dir)
{
	char parent[512], *slash;

	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || strlen(dir) >= sizeof(parent))
		return -errno;
	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (!slash || slash == parent)
		return -ENOENT;
	*slash = '\0';
	if (mkdir(parent, 0755) && errno != EEXIST)
		return -errno;
	return mkdir(dir, 0755) == 0 || errno == EEXIST ? 0 : -errno;
}

static int write_one(const char *dir, unsigned int minor, const struct access *a)
{
	char path[512], tmp[520];
	FILE *f;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/slot%u", dir, minor);
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	/* Read by udevd, which runs as root: 0600 (the unit's umask) will do. */
	fprintf(f, "MSGSLOT_OWNER=%s\nMSGSLOT_GROUP=%s\nMSGSLOT_MODE=%04o\n",
		a->owner, a->group, (unsigned int)a->mode);
	if (fclose(f))
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

int udev_access_write(const struct config *cfg, const char *dir)
{
	struct dirent *de;
	int failed = 0, err;
	DIR *d;

	err = make_dir(dir);
	if (err) {
		log_msg(LOG_ERR, "%s: cannot make it: %s", dir, strerror(-err));
		return 1;
	}
	for (unsigned int m = 0; m < MSG_SLOT_MINORS; m++) {
		struct access a = config_access(cfg, m);

		if (!cfg->slots[m])
			continue;
		err = write_one(dir, m, &a);
		if (err) {
			log_msg(LOG_ERR, "%s/slot%u: cannot write it: %s", dir, m,
				strerror(-err));
			failed++;
		}
	}
	/* What is no longer kept, and temporary files a crash left. */
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		unsigned int m;
		char end;

		if (de->d_name[0] == '.')
			continue;
		if (sscanf(de->d_name, "slot%u%c", &m, &end) == 1 &&
		    m < MSG_SLOT_MINORS && cfg->slots[m])
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) && errno != ENOENT) {
			log_msg(LOG_ERR, "%s/%s: cannot remove it: %s", dir,
				de->d_name, strerror(errno));
			failed++;
		}
	}
	if (d)
		closedir(d);
	return failed;
}
