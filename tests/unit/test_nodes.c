// SPDX-License-Identifier: GPL-2.0
/*
 * test_nodes.c - msgslotd's node setup (msgslotd/nodes.c) where it must
 * refuse: a path it cannot even look at (lstat fails with something else
 * than ENOENT: the stat buffer is then not to be read), and a path that
 * is something else than the slot's device.  Each is logged, counted as
 * a failure and left alone.  Then what it tells udev of each slot
 * (msgslotd/udev.c): one file per kept slot with its own owner, group
 * and mode, the others' files removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "nodes.h"
#include "udev.h"
#include "kfile.h"
#include "tap.h"

static char logfile[] = "/tmp/msgslotd-nodes-log-XXXXXX";


/* What msgslotd logged since the last call (stderr goes to @logfile). */
static const char *logged(void)
{
	const char *text = kfile_text(logfile);

	if (truncate(logfile, 0))
		tap_bail("truncate %s: %s", logfile, strerror(errno));
	return text ? text : "";
}

static void create(const char *path, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY, mode);

	if (fd < 0)
		tap_bail("create %s: %s", path, strerror(errno));
	close(fd);
}

static void udev_files(const char *dir)
{
	char udev[512], path[600], err[256];
	struct config cfg;
	const char *text;
	int n = 0;

	snprintf(udev, sizeof(udev), "%s/run/udev", dir);
	tap_eq(config_parse("t.conf", "slots = 0-1,7\ngroup = root\n"
			    "[slots 7]\nowner = daemon\nmode = 0640\n",
			    &cfg, err, sizeof(err)), 0, "a configuration with slot 7 of its own");
	tap_eq(udev_access_write(&cfg, udev), 0, "udev's files: written, in a directory made for them");
	snprintf(path, sizeof(path), "%s/slot0", udev);
	text = kfile_text(path);
	tap_ok(text && strcmp(text, "MSGSLOT_OWNER=root\nMSGSLOT_GROUP=root\nMSGSLOT_MODE=0660\n") == 0,
	       "slot0: the file's owner, group and mode, as udev's environment lines");
	snprintf(path, sizeof(path), "%s/slot7", udev);
	text = kfile_text(path);
	tap_ok(text && strcmp(text, "MSGSLOT_OWNER=daemon\nMSGSLOT_GROUP=root\nMSGSLOT_MODE=0640\n") == 0,
	       "slot7: its section's");
	snprintf(path, sizeof(path), "%s/slot3", udev);
	create(path, 0600);
	snprintf(path, sizeof(path), "%s/slot1.tmp123", udev);
	create(path, 0600);
	tap_eq(config_parse("t.conf", "slots = 0,7\ngroup = root\n", &cfg, err,
			    sizeof(err)), 0, "a reload: slot 1 is no longer kept, slot 7 has no section");
	tap_eq(udev_access_write(&cfg, udev), 0, "written again");
	snprintf(path, sizeof(path), "%s/slot7", udev);
	text = kfile_text(path);
	tap_ok(text && strcmp(text, "MSGSLOT_OWNER=root\nMSGSLOT_GROUP=root\nMSGSLOT_MODE=0660\n") == 0,
	       "slot7: the file's now");
	{
		DIR *d = opendir(udev);
		struct dirent *de;

		while (d && (de = readdir(d)))
			if (de->d_name[0] != '.' && strcmp(de->d_name, "slot0") != 0 &&
			    strcmp(de->d_name, "slot7") != 0) {
				n++;
				tap_diag("  left: %s", de->d_name);
			}
		if (d)
			closedir(d);
		tap_ok(n == 0, "only slot0 and slot7 are left: slot1's, slot3's and a stale temporary file are gone");
	}
	snprintf(path, sizeof(path), "%s/slot0", udev);
	unlink(path);
	snprintf(path, sizeof(path), "%s/slot7", udev);
	unlink(path);
	rmdir(udev);
	snprintf(path, sizeof(path), "%s/run", dir);
	rmdir(path);
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
	udev_files(dir);
	rmdir(dir);
	unlink(logfile);
	return tap_done();
}
