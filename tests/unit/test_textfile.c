// SPDX-License-Identifier: GPL-2.0
/*
 * test_textfile.c - msgslotd's file for node_exporter's textfile
 * collector (msgslotd/textfile.c), against a fake sysfs tree: the
 * Prometheus text of msgslot_metrics(), mode 0644 for the collector's
 * user, replaced whole (no temporary file left, none read half written),
 * removed when the module is not loaded and when msgslotd stops; a
 * directory it cannot write is logged once, not every interval.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msgslot.h"
#include "kfile.h"
#include "tap.h"
#include "textfile.h"

static char logfile[] = "/tmp/msgslotd-textfile-log-XXXXXX";

static int count_lines(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}


static void put(const char *dir, const char *file, const char *value)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f)
		tap_bail("create %s: %s", path, strerror(errno));
	fputs(value, f);
	fclose(f);
}

/* The text msgslot_metrics() makes now, in the 0.0.4 format. */
static char *expected(void)
{
	static char text[8192];
	FILE *f = fmemopen(text, sizeof(text), "w");

	if (!f || msgslot_metrics(f, MSGSLOT_METRICS_PROMETHEUS))
		tap_bail("msgslot_metrics");
	fclose(f);
	return text;
}

static int files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (d && (de = readdir(d)))
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	char root[] = "/tmp/msgslotd-textfile-XXXXXX", sys[64], params[64],
	     out[256], prom[300], slot[96];
	const char *log;
	struct stat st;
	int fd;

	if (!mkdtemp(root))
		tap_bail("mkdtemp: %s", strerror(errno));
	fd = mkstemp(logfile);
	if (fd < 0 || !freopen(logfile, "a", stderr))
		tap_bail("log file: %s", strerror(errno));
	close(fd);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(params, sizeof(params), "%s/params", root);
	snprintf(out, sizeof(out), "%s/node-exporter", root);
	snprintf(slot, sizeof(slot), "%s/slot0", sys);
	snprintf(prom, sizeof(prom), "%s/msgslot.prom", out);
	mkdir(sys, 0755);
	mkdir(slot, 0755);
	mkdir(params, 0755);
	mkdir(out, 0755);
	setenv("MSGSLOT_SYSFS", sys, 1);
	setenv("MSGSLOT_PARAMS", params, 1);
	put(params, "max_channels", "2097152\n");
	put(params, "max_bytes", "1073741824\n");
	for (const char *const *f = (const char *const[]){ "channels", "bytes",
		"memory", "open_files", "writes", "reads", NULL }; *f; f++)
		put(slot, *f, "1\n");
	umask(077);	/* the unit's */

	tap_eq(textfile_write(prom), 0, "written");
	tap_ok(stat(prom, &st) == 0 && (st.st_mode & 07777) == 0644,
	       "mode 0644 (the collector runs as another user), whatever the umask");
	tap_ok(kfile_text(prom) && strcmp(kfile_text(prom), expected()) == 0,
	       "the Prometheus text of msgslot_metrics()");
	tap_ok(strstr(kfile_text(prom), "# TYPE msgslot_writes_total counter\n") &&
	       !strstr(kfile_text(prom), "# EOF"), "the 0.0.4 format: counters named with _total, no # EOF");
	put(slot, "writes", "42\n");
	tap_eq(textfile_write(prom), 0, "written again");
	tap_ok(strstr(kfile_text(prom), "msgslot_writes_total{slot=\"slot0\"} 42\n") != NULL,
	       "with the new figures");
	tap_eq(files_in(out), 1, "and no temporary file left beside it");

	snprintf(out, sizeof(out), "%s/missing/msgslot.prom", root);
	tap_eq(textfile_write(out), -ENOENT, "into a directory that is not there: -ENOENT");
	tap_eq(textfile_write(out), -ENOENT, "again");
	log = kfile_text(logfile);
	tap_eq(count_lines(log, "No such file or directory"), 1,
	       "logged once, not at every interval");
	tap_eq(textfile_write(prom), 0, "the good path again");
	tap_ok(strstr(kfile_text(logfile), "written again") != NULL, "says it works again");

	setenv("MSGSLOT_SYSFS", "/nonexistent", 1);
	tap_eq(textfile_write(prom), 0, "the module not loaded: no figures");
	tap_ok(access(prom, F_OK) != 0, "so the file is removed rather than left stale");
	setenv("MSGSLOT_SYSFS", sys, 1);
	tap_eq(textfile_write(prom), 0, "loaded again: written");
	textfile_remove(prom);
	tap_ok(access(prom, F_OK) != 0 && strstr(kfile_text(logfile), "removed"),
	       "msgslotd stops: removed, and logged");

	unlink(logfile);
	for (const char *const *f = (const char *const[]){ "channels", "bytes",
		"memory", "open_files", "writes", "reads", NULL }; *f; f++) {
		snprintf(out, sizeof(out), "%s/%s", slot, *f);
		unlink(out);
	}
	snprintf(out, sizeof(out), "%s/max_channels", params);
	unlink(out);
	snprintf(out, sizeof(out), "%s/max_bytes", params);
	unlink(out);
	rmdir(slot);
	rmdir(sys);
	rmdir(params);
	snprintf(out, sizeof(out), "%s/node-exporter", root);
	rmdir(out);
	rmdir(root);
	return tap_done();
}
