// SPDX-License-Identifier: GPL-2.0
/*
 * test_nodes.c - msgslotd's node setup (msgslotd/nodes.c) where it must
 * refuse: a path it cannot even look at (lstat fails with something else
 * than ENOENT: the stat buffer is then not to be read), and a path that
 * is something else than the slot's device.  Each is logged, counted as
 * a failure and left alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "nodes.h"
#include "tap.h"

static char logfile[] = "/tmp/msgslotd-nodes-log-XXXXXX";

/* What msgslotd logged since the last call (stderr goes to @logfile). */
static const char *logged(void)
{
	static char text[4096];
	FILE *f = fopen(logfile, "r");
	size_t n = 0;

	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	if (truncate(logfile, 0))
		tap_bail("truncate %s: %s", logfile, strerror(errno));
	return text;
}

static void create(const char *path, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY, mode);

	if (fd < 0)
		tap_bail("create %s: %s", path, strerror(errno));
	close(fd);
}

int main(void)
{
	char dir[] = "/tmp/msgslotd-nodes-XXXXXX", file[512], path[600];
	struct config cfg;
	struct stat st;
	int fd;

	if (!mkdtemp(dir))
		tap_bail("mkdtemp: %s", strerror(errno));
	fd = mkstemp(logfile);
	if (fd < 0 || !freopen(logfile, "a", stderr))
		tap_bail("log file: %s", strerror(errno));
	close(fd);
	memset(&cfg, 0, sizeof(cfg));
	cfg.slots[0] = true;
	cfg.mode = 0660;
	snprintf(cfg.owner, sizeof(cfg.owner), "root");
	snprintf(cfg.group, sizeof(cfg.group), "root");

	/* dev_dir is a regular file: lstat("FILE/slot0") fails, ENOTDIR. */
	snprintf(file, sizeof(file), "%s/plain", dir);
	create(file, 0644);
	tap_eq(nodes_apply(&cfg, file), 1, "a node that cannot be looked at counts as a failure");
	tap_ok(strstr(logged(), "slot0: cannot look at it: Not a directory") != NULL,
	       "and the log says why (lstat's error), not a guess from an unset stat");

	/* A regular file where the node should be: left alone. */
	snprintf(path, sizeof(path), "%s/slot0", dir);
	create(path, 0600);
	tap_eq(nodes_apply(&cfg, dir), 1, "a regular file in the node's place counts as a failure");
	tap_ok(strstr(logged(), "exists but is not the slot's device") != NULL,
	       "and the log says it is not the slot's device");
	tap_ok(stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0600,
	       "the file is left as it was");

	unlink(path);
	unlink(file);
	rmdir(dir);
	unlink(logfile);
	return tap_done();
}
