// SPDX-License-Identifier: GPL-2.0
/* textfile.c - see textfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "msgslot.h"
#include "textfile.h"

/* The last failure logged, to log a lasting one once. */
static int last_err;

static int fail(const char *path, const char *what, int err)
{
	if (err != last_err)
		log_msg(LOG_WARNING, "textfile %s: %s: %s%s", path, what,
			strerror(-err),
			err == -EROFS || err == -EACCES ?
			" (msgslotd.service may write /var/lib/prometheus/node-exporter only: add ReadWritePaths= for another directory)" : "");
	last_err = err;
	return err;
}

int textfile_write(const char *path)
{
	char tmp[4096];
	FILE *f;
	int fd, err, n;

	if (!msgslot_module_loaded()) {
		if (unlink(path) && errno != ENOENT)
			return fail(path, "remove", -errno);
		return 0;
	}
	/* Not *.prom: the collector never reads it half written. */
	n = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return fail(path, "path", -ENAMETOOLONG);
	fd = mkstemp(tmp);
	if (fd < 0)
		return fail(path, "create a temporary file", -errno);
	/* The collector runs as another user (prometheus). */
	if (fchmod(fd, 0644)) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return fail(path, "chmod", err);
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return fail(path, "write", err);
	}
	err = msgslot_metrics(f, MSGSLOT_METRICS_PROMETHEUS);
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		return fail(path, "write", err);
	}
	if (last_err)
		log_msg(LOG_INFO, "textfile %s: written again", path);
	last_err = 0;
	return 0;
}

void textfile_remove(const char *path)
{
	if (unlink(path) == 0)
		log_msg(LOG_INFO, "textfile %s: removed", path);
	else if (errno != ENOENT)
		log_msg(LOG_WARNING, "textfile %s: remove: %s", path,
			strerror(errno));
	last_err = 0;
}
