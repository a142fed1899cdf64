// SPDX-License-Identifier: GPL-2.0
/* test_config.c - msgslotd.conf parsing: good files and every kind of bad one. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static struct config cfg;
static char err[512];

static void tap_is_str(const char *got, const char *want, const char *what)
{
	tap_ok(strcmp(got, want) == 0, "%s", what);
	if (strcmp(got, want) != 0)
		tap_diag("  got '%s', want '%s'", got, want);
}

static int parse(const char *text)
{
	err[0] = '\0';
	memset(&cfg, 0x5a, sizeof(cfg));
	return config_parse("t.conf", text, &cfg, err, sizeof(err));
}

/* Fails, with exactly this message. */
static void bad(const char *text, const char *want)
{
	int ret = parse(text);

	tap_ok(ret == -1 && strcmp(err, want) == 0, "refused: %s", want);
	if (ret != -1 || strcmp(err, want) != 0)
		tap_diag("  got %d, '%s'", ret, err);
}

int main(void)
{
	char big[70000], path[] = "/tmp/msgslotd-conf-XXXXXX";
	int fd;

	tap_eq(parse("group = root\n"), 0, "a file with only a group parses");
	tap_ok(cfg.slots[0] && cfg.slots[3] && !cfg.slots[4] &&
	       strcmp(cfg.owner, "root") == 0 && cfg.mode == 0660 &&
	       cfg.stats_interval == 30 && !cfg.unload_on_stop &&
	       cfg.module_options[0] == '\0' && cfg.uid == 0 && cfg.gid == 0,
	       "the rest are the defaults (slots 0-3, root, 0660, 30 s, no unload)");
	tap_eq(config_max_slot(&cfg), 3, "max slot of the defaults is 3");

	tap_eq(parse("# comment\n\n  slots = 1, 5-7 ,255\t\n"
		     "owner=root\ngroup= root\nmode = 0640\n"
		     "module_options = major=0  slots=9\nstats_interval = 86400\n"
		     "unload_on_stop = yes\n   # indented comment\n"), 0,
	       "every key, with comments, blank lines and odd spacing");
	tap_ok(!cfg.slots[0] && cfg.slots[1] && cfg.slots[5] && cfg.slots[7] &&
	       !cfg.slots[8] && cfg.slots[255] && cfg.mode == 0640 &&
	       strcmp(cfg.module_options, "major=0  slots=9") == 0 &&
	       cfg.stats_interval == 86400 && cfg.unload_on_stop,
	       "their values");
	tap_eq(config_max_slot(&cfg), 255, "max slot 255");
	tap_eq(parse("group = root\nunload_on_stop = false\nslots = 0\n"), 0,
	       "false and a single slot");

	bad("group = root\nslots = 256\n",
	    "t.conf:2: slots: '256' is not a minor or range of minors 0-255");
	bad("group = root\nslots = 3-1\n", "t.conf:2: slots: range 3-1 runs backwards");
	bad("group = root\nslots = 1,,2\n",
	    "t.conf:2: slots: '1,,2' is not a minor or range of minors 0-255");
	bad("group = root\nslots = -1\n",
	    "t.conf:2: slots: '-1' is not a minor or range of minors 0-255");
	bad("group = root\nslots =\n",
	    "t.conf:2: slots: '' is not a minor or range of minors 0-255");
	bad("group = root\n\n\nmode = 0777\n",
	    "t.conf:4: mode: '0777' is not an octal mode like 0660 (no execute, setuid or sticky bits)");
	bad("group = root\nmode = 4660\n",
	    "t.conf:2: mode: '4660' is not an octal mode like 0660 (no execute, setuid or sticky bits)");
	bad("group = root\nmode = 660\n",
	    "t.conf:2: mode: '660' is not an octal mode like 0660 (no execute, setuid or sticky bits)");
	bad("group = root\nmode = 0680\n",
	    "t.conf:2: mode: '0680' is not an octal mode like 0660 (no execute, setuid or sticky bits)");
	bad("group = root\nstats_interval = 0\n",
	    "t.conf:2: stats_interval: '0' is not a number of seconds from 1 to 86400");
	bad("group = root\nstats_interval = 86401\n",
	    "t.conf:2: stats_interval: '86401' is not a number of seconds from 1 to 86400");
	bad("group = root\nstats_interval = 1s\n",
	    "t.conf:2: stats_interval: '1s' is not a number of seconds from 1 to 86400");
	bad("group = root\nunload_on_stop = maybe\n",
	    "t.conf:2: unload_on_stop: 'maybe' is not yes or no");
	bad("group = root\nmodule_options = major\n",
	    "t.conf:2: module_options: 'major' is not name=value");
	bad("group = root\nmodule_options = Major=1\n",
	    "t.conf:2: module_options: 'Major=1' is not name=value");
	bad("group = root\nmodule_options = major=1;reboot\n",
	    "t.conf:2: module_options: 'major=1;reboot' is not name=value");
	bad("group = root\nmodule_options = =5\n",
	    "t.conf:2: module_options: '=5' is not name=value");
	bad("group = root\ncolour = blue\n", "t.conf:2: unknown key 'colour'");
	bad("group = root\nmode = 0660\nmode = 0600\n", "t.conf:3: 'mode' is set twice");
	bad("group = root\njust words\n", "t.conf:2: expected 'key = value', got 'just words'");
	bad("group = ro ot\n", "t.conf:1: group: 'ro ot' is not a user or group name");
	bad("owner = x/y\ngroup = root\n", "t.conf:1: owner: 'x/y' is not a user or group name");
	bad("group = nosuchgroup_msgslot\n",
	    "t.conf: group 'nosuchgroup_msgslot' does not exist");
	if (!getgrnam("msgslot"))
		bad("group = msgslot\n",
		    "t.conf: group 'msgslot' does not exist (systemd-sysusers creates msgslot from sysusers.d/msgslot.conf)");
	bad("owner = nosuchuser_msgslot\ngroup = root\n",
	    "t.conf: owner 'nosuchuser_msgslot' does not exist");
	tap_ok(parse("group = root\nmode = 0777\n") == -1 && cfg.mode == (mode_t)0x5a5a5a5a,
	       "a refused file leaves the caller's configuration alone");

	/* textfile */
	tap_eq(parse("group = root\n"), 0, "no textfile");
	tap_is_str(cfg.textfile, "", "means none");
	tap_eq(parse("group = root\ntextfile = /var/lib/prometheus/node-exporter/msgslot.prom\n"),
	       0, "textfile = an absolute *.prom path");
	tap_is_str(cfg.textfile, "/var/lib/prometheus/node-exporter/msgslot.prom", "kept");
	tap_eq(parse("group = root\ntextfile =\n"), 0, "textfile = nothing: none");
	bad("group = root\ntextfile = msgslot.prom\n",
	    "t.conf:2: textfile: 'msgslot.prom' is not an absolute path to a .prom file (node_exporter's textfile collector reads *.prom)");
	bad("group = root\ntextfile = /var/lib/msgslot.txt\n",
	    "t.conf:2: textfile: '/var/lib/msgslot.txt' is not an absolute path to a .prom file (node_exporter's textfile collector reads *.prom)");
	bad("group = root\ntextfile = /var/lib/.prom\n",
	    "t.conf:2: textfile: '/var/lib/.prom' is not an absolute path to a .prom file (node_exporter's textfile collector reads *.prom)");
	bad("group = root\ntextfile = /var/lib/my file.prom\n",
	    "t.conf:2: textfile: '/var/lib/my file.prom' is not an absolute path to a .prom file (node_exporter's textfile collector reads *.prom)");

	/* [slots LIST] sections */
	tap_eq(parse("slots = 0-7\ngroup = root\nmode = 0660\n\n"
		     "# slot 4: its owner writes, the group reads\n"
		     "[slots 4]\nowner = daemon\nmode = 0640\n"
		     "[slots 5-6]\ngroup = daemon\n"), 0,
	       "two [slots] sections");
	{
		struct access a0 = config_access(&cfg, 0), a4 = config_access(&cfg, 4),
			      a5 = config_access(&cfg, 5), a6 = config_access(&cfg, 6),
			      a7 = config_access(&cfg, 7);
		char what[512];

		tap_ok(a0.uid == 0 && a0.gid == 0 && a0.mode == 0660 &&
		       strcmp(a0.owner, "root") == 0 && strcmp(a0.group, "root") == 0,
		       "a slot in no section: the file's owner, group and mode");
		tap_ok(strcmp(a4.owner, "daemon") == 0 && a4.uid != 0 &&
		       strcmp(a4.group, "root") == 0 && a4.gid == 0 && a4.mode == 0640,
		       "slot 4: its own owner and mode, the file's group");
		tap_ok(strcmp(a5.group, "daemon") == 0 && a5.gid != 0 &&
		       a5.uid == 0 && a5.mode == 0660 && a6.gid == a5.gid,
		       "slots 5 and 6: their own group, the file's owner and mode");
		tap_ok(a7.mode == 0660 && a7.gid == 0, "slot 7: the file's");
		config_describe(&cfg, what, sizeof(what));
		tap_is_str(what, "8 slots kept as root:root 0660, but slots 4 as daemon:root 0640, slots 5-6 as root:daemon 0660",
			   "described for the log");
	}
	bad("group = root\n[slots 1]\nowner = root\nstats_interval = 5\n",
	    "t.conf:4: 'stats_interval' belongs before the first [slots] section");
	bad("group = root\n[slots 1]\n[slots 2]\nmode = 0600\n",
	    "t.conf:2: [slots] sets none of owner, group and mode");
	bad("group = root\n[slots 2]\n",
	    "t.conf:2: [slots] sets none of owner, group and mode");
	bad("group = root\n[slots 1-2]\nmode = 0600\n[slots 2,3]\nmode = 0640\n",
	    "t.conf:4: slot 2 is in the [slots] section of line 2 already");
	bad("group = root\n[slots 9]\nmode = 0600\n",
	    "t.conf:2: [slots]: slot 9 is not kept: add it to 'slots'");
	bad("group = root\n[slots 1]\nmode = 0600\nmode = 0640\n",
	    "t.conf:4: 'mode' is set twice");
	bad("group = root\n[slots 1]\nmode = 0700\n",
	    "t.conf:3: mode: '0700' is not an octal mode like 0660 (no execute, setuid or sticky bits)");
	bad("group = root\n[slots 1]\ngroup = nosuchgroup_msgslot\n",
	    "t.conf:2: group 'nosuchgroup_msgslot' does not exist");
	bad("group = root\n[slot 1]\nmode = 0600\n",
	    "t.conf:2: expected '[slots LIST]', got '[slot 1]'");
	bad("group = root\n[slots 1\nmode = 0600\n",
	    "t.conf:2: expected '[slots LIST]', got '[slots 1'");
	bad("group = root\n[slots 300]\nmode = 0600\n",
	    "t.conf:2: slots: '300' is not a minor or range of minors 0-255");
	bad("group = root\n[slots]\nmode = 0600\n",
	    "t.conf:2: expected '[slots LIST]', got '[slots]'");

	/* Files. */
	fd = mkstemp(path);
	if (fd < 0 || write(fd, "group = root\nslots = 9\n", 23) != 23)
		tap_bail("temp file");
	close(fd);
	tap_eq(config_load(path, true, &cfg, err, sizeof(err)), 0, "config_load reads a file");
	tap_ok(cfg.slots[9] && !cfg.slots[0], "with its values");
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0 || write(fd, "group = root\n\0slots = 1\n", 24) != 24)
		tap_bail("temp file");
	close(fd);
	tap_eq(config_load(path, true, &cfg, err, sizeof(err)), -1, "a NUL byte is refused");
	tap_ok(strstr(err, "contains a NUL byte") != NULL, "and said so");
	memset(big, '#', sizeof(big));
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0 || write(fd, big, sizeof(big)) != (ssize_t)sizeof(big))
		tap_bail("temp file");
	close(fd);
	tap_eq(config_load(path, true, &cfg, err, sizeof(err)), -1, "a 70 KB file is refused");
	tap_ok(strstr(err, "larger than 65536 bytes") != NULL, "and said so");
	unlink(path);
	tap_eq(config_load(path, true, &cfg, err, sizeof(err)), -1,
	       "a missing file named with --config is an error");
	tap_ok(strstr(err, "No such file or directory") != NULL, "naming the cause");
	/* A missing default file means the defaults, group msgslot included. */
	if (config_load(path, false, &cfg, err, sizeof(err)) == 0)
		tap_ok(cfg.slots[3] && cfg.mode == 0660,
		       "a missing default file means the defaults");
	else
		tap_ok(strstr(err, "group 'msgslot' does not exist") != NULL,
		       "a missing default file means the defaults (their group msgslot is missing here)");
	return tap_done();
}
