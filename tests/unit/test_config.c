// SPDX-License-Identifier: GPL-2.0
/* test_config.c - msgslotd.conf parsing: good files and every kind of bad one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static struct config cfg;
static char err[512];

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
	    "t.conf: group 'nosuchgroup_msgslot' does not exist (systemd-sysusers creates msgslot from sysusers.d/msgslot.conf)");
	bad("owner = nosuchuser_msgslot\ngroup = root\n",
	    "t.conf: owner 'nosuchuser_msgslot' does not exist");
	tap_ok(parse("group = root\nmode = 0777\n") == -1 && cfg.mode == (mode_t)0x5a5a5a5a,
	       "a refused file leaves the caller's configuration alone");

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
