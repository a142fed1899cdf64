// SPDX-License-Identifier: GPL-2.0
/*
 * test_lib.c - libmsgslot on the host, against a fake sysfs and debugfs
 * tree in a temporary directory (MSGSLOT_SYSFS, MSGSLOT_DEBUGFS).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msgslot.h"
#include "tap.h"

static char root[PATH_MAX];
static char params[PATH_MAX + 8];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (!f)
		tap_bail("create %s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static char *get(const char *rel)
{
	static char buf[256];
	char path[PATH_MAX * 2];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void fake_slot(unsigned int minor, const char *figures)
{
	static const char *files[] = { "channels", "bytes", "memory",
				       "open_files", "writes", "reads" };
	char rel[64], value[32];
	const char *p = figures;

	for (size_t i = 0; i < 6; i++) {
		size_t len = strcspn(p, " ");

		snprintf(value, sizeof(value), "%.*s\n", (int)len, p);
		snprintf(rel, sizeof(rel), "sys/slot%u/%s", minor, files[i]);
		put(rel, value);
		p += len + (p[len] == ' ');
	}
	snprintf(rel, sizeof(rel), "sys/slot%u/dev", minor);
	snprintf(value, sizeof(value), "235:%u\n", minor);
	put(rel, value);
	snprintf(rel, sizeof(rel), "sys/slot%u/clear", minor);
	put(rel, "");
}

static void test_parse_channel(void)
{
	static const struct {
		const char *text;
		int err;
		unsigned long value;
	} cases[] = {
		{ "1", 0, 1 },
		{ "7", 0, 7 },
		{ "18446744073709551615", 0, ULONG_MAX },
		{ "0x10", 0, 16 },
		{ "0XfF", 0, 255 },
		{ "010", 0, 10 },	/* decimal, not octal */
		{ "0", -EINVAL, 0 },
		{ "0x0", -EINVAL, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "0x10000000000000000", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 },
		{ "1 ", -EINVAL, 0 },
		{ "12x", -EINVAL, 0 },
		{ "0x", -EINVAL, 0 },
		{ "0xg", -EINVAL, 0 },
		{ "abc", -EINVAL, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long v = 0;
		int err = msgslot_parse_channel(cases[i].text, &v);

		tap_ok(err == cases[i].err && (err || v == cases[i].value),
		       "parse_channel '%s' -> %d %lu", cases[i].text,
		       cases[i].err, cases[i].value);
	}
	tap_eq(msgslot_parse_channel(NULL, &(unsigned long){ 0 }), -EINVAL,
	       "parse_channel NULL -> -EINVAL");
}

static void test_parse_slot(void)
{
	static const struct {
		const char *text;
		int err;
		unsigned int minor;
	} cases[] = {
		{ "slot0", 0, 0 }, { "slot255", 0, 255 }, { "0", 0, 0 },
		{ "17", 0, 17 }, { "255", 0, 255 },
		{ "256", -EINVAL, 0 }, { "slot256", -EINVAL, 0 },
		{ "slot01", -EINVAL, 0 }, { "01", -EINVAL, 0 },
		{ "slot", -EINVAL, 0 }, { "slotx", -EINVAL, 0 },
		{ "Slot1", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { "", -EINVAL, 0 },
		{ "3x", -EINVAL, 0 },
		{ "/nonexistent/slot0", -ENOENT, 0 },
		{ "/etc/passwd", -ENOTTY, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned int m = 999;
		int err = msgslot_parse_slot(cases[i].text, &m);

		tap_ok(err == cases[i].err && (err || m == cases[i].minor),
		       "parse_slot '%s' -> %d %u", cases[i].text,
		       cases[i].err, cases[i].minor);
		if (err != cases[i].err)
			tap_diag("  got %d (%s)", err, strerror(-err));
	}
	/* /dev/null is 1:3: a char device whose sysfs slot3 says 235:3. */
	tap_eq(msgslot_parse_slot("/dev/null", &(unsigned int){ 0 }), -ENOTTY,
	       "parse_slot /dev/null (1:3, slot3 is 235:3) -> -ENOTTY");
}

static void test_stats(void)
{
	struct msgslot_stats st = { .size = sizeof(st) };
	unsigned char newer[sizeof(st) + 16];
	unsigned int *minors;
	uint32_t size;
	int n;

	tap_eq(msgslot_module_loaded(), 1, "module_loaded sees the fake class");
	st.size = sizeof(st) - 1;
	st.channels = 77;
	tap_ok(msgslot_stats_read(0, &st) == -EINVAL && st.channels == 77 &&
	       st.size == sizeof(st) - 1,
	       "stats_read with a size below the first version's -> -EINVAL, nothing written");
	/* A caller built against a later, longer struct. */
	memset(newer, 0xa5, sizeof(newer));
	size = sizeof(newer);
	memcpy(newer, &size, sizeof(size));
	n = msgslot_stats_read(0, (struct msgslot_stats *)(void *)newer);
	memcpy(&st, newer, sizeof(st));
	tap_ok(n == 0 && st.size == sizeof(st) && st.channels == 3 &&
	       newer[sizeof(st)] == 0xa5 && newer[sizeof(newer) - 1] == 0xa5,
	       "a longer struct gets what the library knows, .size says how much, the rest untouched");
	st.size = sizeof(st);
	tap_eq(msgslot_stats_read(0, &st), 0, "stats_read slot0");
	tap_ok(st.minor == 0 && st.channels == 3 && st.bytes == 115 &&
	       st.memory == 4096 && st.open_files == 2 && st.writes == 10 &&
	       st.reads == 18446744073709551615ULL && st.max_channels == 7 &&
	       st.max_bytes == 4096,
	       "every figure read, 64-bit max and the limits included");
	setenv("MSGSLOT_PARAMS", "/nonexistent", 1);
	tap_ok(msgslot_stats_read(0, &st) == 0 && st.max_channels == 0 &&
	       st.max_bytes == 0, "a module without limit parameters reads as 0");
	put("params/max_bytes", "lots\n");
	setenv("MSGSLOT_PARAMS", params, 1);
	tap_eq(msgslot_stats_read(0, &st), -EBADMSG, "a malformed limit -> -EBADMSG");
	put("params/max_bytes", "4096\n");
	tap_eq(msgslot_stats_read(9, &st), -ENOENT, "stats_read of a missing slot -> -ENOENT");
	put("sys/slot3/bytes", "12abc\n");
	tap_eq(msgslot_stats_read(3, &st), -EBADMSG, "a malformed value -> -EBADMSG");
	put("sys/slot3/bytes", "\n");
	tap_eq(msgslot_stats_read(3, &st), -EBADMSG, "an empty value -> -EBADMSG");
	put("sys/slot3/bytes", "-5\n");
	tap_eq(msgslot_stats_read(3, &st), -EBADMSG, "a negative value -> -EBADMSG");
	put("sys/slot3/bytes", "1\n");

	{
		struct msgslot_stats *all;
		struct { struct msgslot_stats s; uint64_t later; } *wide;
		long got = msgslot_stats_all(&all, sizeof(*all));

		tap_ok(got == 4 && all[0].minor == 0 && all[0].channels == 3 &&
		       all[1].minor == 2 && all[2].minor == 3 && all[3].minor == 10 &&
		       all[3].size == sizeof(*all),
		       "stats_all: every slot's figures, by minor");
		if (got > 0)
			free(all);
		got = msgslot_stats_all((struct msgslot_stats **)&wide, sizeof(*wide));
		tap_ok(got == 4 && wide[2].s.minor == 3 && wide[3].s.minor == 10 &&
		       wide[3].s.size == sizeof(*all) && wide[3].later == 0,
		       "stats_all with longer elements: spaced by their size, what is unknown zeroed");
		if (got > 0)
			free(wide);
		tap_eq(msgslot_stats_all(&all, sizeof(*all) - 9), -EINVAL,
		       "stats_all with an element size below the first version's -> -EINVAL");
		put("sys/slot3/bytes", "x\n");
		tap_eq(msgslot_stats_all(&all, sizeof(*all)), -EBADMSG,
		       "stats_all: a slot that cannot be read fails the call");
		put("sys/slot3/bytes", "1\n");
	}
	n = msgslot_slots(&minors);
	tap_eq(n, 4, "slots: four slot directories, junk ignored");
	tap_ok(n == 4 && minors[0] == 0 && minors[1] == 2 && minors[2] == 3 &&
	       minors[3] == 10, "in ascending order (0 2 3 10)");
	if (n >= 0)
		free(minors);
}

static void test_clear(void)
{
	char *text;

	tap_eq(msgslot_clear(2, 0), 0, "clear slot2");
	text = get("sys/slot2/clear");
	tap_ok(text && strcmp(text, "all\n") == 0, "writes 'all'");
	tap_eq(msgslot_clear(2, 18446744073709551615UL), 0, "clear one channel");
	text = get("sys/slot2/clear");
	tap_ok(text && strcmp(text, "18446744073709551615\n") == 0,
	       "writes its id in decimal");
	tap_eq(msgslot_clear(9, 0), -ENOENT, "clear of a missing slot -> -ENOENT");
}

static void test_channels(void)
{
	struct msgslot_channel_info *list;
	struct { struct msgslot_channel_info i; uint64_t later; } *wide;
	long n;

	put("debug/slot0/channels",
	    "30 5 3 1700000000000000001 42 1000\n7 128 1 1 1 0\n"
	    "18446744073709551615 1 18446744073709551615 2 4194304 4294967294\n"
	    "1 9 2 3 4 5\n");
	tap_eq(msgslot_channels(0, &list, sizeof(*list) - 5), -EINVAL,
	       "channels with an element size below the first version's -> -EINVAL");
	n = msgslot_channels(0, (struct msgslot_channel_info **)&wide, sizeof(*wide));
	tap_ok(n == 4 && wide[3].i.id == 18446744073709551615UL &&
	       wide[3].i.size == sizeof(*list) && wide[3].i.uid == 4294967294U &&
	       wide[0].later == 0 && wide[3].later == 0,
	       "channels with longer elements: spaced by their size, what is unknown zeroed");
	if (n > 0)
		free(wide);
	n = msgslot_channels(0, &list, sizeof(*list));
	tap_eq(n, 4, "channels: four lines");
	tap_ok(n == 4 && list[0].id == 1 && list[0].length == 9 &&
	       list[1].id == 7 && list[1].length == 128 && list[2].id == 30 &&
	       list[3].id == 18446744073709551615UL && list[3].length == 1,
	       "sorted by id with their lengths");
	tap_ok(n == 4 && list[2].seq == 3 && list[2].time_ns == 1700000000000000001ULL &&
	       list[2].pid == 42 && list[2].uid == 1000 &&
	       list[3].seq == 18446744073709551615ULL && list[3].pid == 4194304 &&
	       list[3].uid == 4294967294U,
	       "with sequence number, time, pid and uid, to their limits");
	if (n > 0)
		free(list);
	put("debug/slot2/channels", "");
	tap_eq(msgslot_channels(2, &list, sizeof(*list)), 0, "an empty listing -> 0");
	free(list);
	put("debug/slot3/channels", "5 5 1 1 1 1\n5 5\n");
	tap_eq(msgslot_channels(3, &list, sizeof(*list)), -EBADMSG, "a malformed line -> -EBADMSG");
	tap_eq(msgslot_channels(10, &list, sizeof(*list)), -ENOENT, "no listing -> -ENOENT");

	/* A node that is not the slot's device is never opened: debugfs. */
	put("dev/slot2", "not a device");
	tap_eq(msgslot_channels(2, &list, sizeof(*list)), 0,
	       "a regular file as /dev/slot2: the debugfs listing instead");
	free(list);
	{
		char path[PATH_MAX * 2];
		int fd;

		snprintf(path, sizeof(path), "%s/dev/slot2", root);
		fd = open(path, O_RDONLY);
		tap_eq(msgslot_channels_fd(fd, &list, sizeof(*list)), -ENOTTY,
		       "channels_fd on a file that is no slot -> -ENOTTY");
		tap_eq(msgslot_channels_fd(fd, &list, sizeof(*list) - 5), -EINVAL,
		       "channels_fd with an element size below the first version's -> -EINVAL");
		close(fd);
	}
	/* A character device that knows no MSG_SLOT_LIST, as a module from
	 * before it: /dev/null, minor 3.  The debugfs listing of slot 3.
	 */
	put("debug/slot3/channels", "44 2 6 7 8 9\n");
	{
		int fd = open("/dev/null", O_RDONLY);

		n = msgslot_channels_fd(fd, &list, sizeof(*list));
		tap_ok(n == 1 && list[0].id == 44 && list[0].seq == 6,
		       "channels_fd on a device without MSG_SLOT_LIST: the debugfs listing of its minor");
		if (n > 0)
			free(list);
		close(fd);
	}
}

static void test_meta(void)
{
	struct msgslot_meta m = { .size = 4, .seq = 9 };
	char buf[8];

	/* The size is checked before the system call: -EINVAL, not -EBADF. */
	tap_ok(msgslot_receive_meta(-1, 1, buf, sizeof(buf), &m) == -EINVAL &&
	       m.seq == 9, "receive_meta with a too small meta size -> -EINVAL, nothing written");
	m.size = sizeof(m);
	tap_eq(msgslot_receive_meta(-1, 1, buf, sizeof(buf), &m), -EBADF,
	       "with its size set, the call is made");
}

static void test_strerror(void)
{
	tap_ok(strstr(msgslot_strerror(MSGSLOT_OP_SEND, -EMSGSIZE), "1 to 128"),
	       "strerror EMSGSIZE names the limit");
	tap_ok(strcmp(msgslot_strerror(MSGSLOT_OP_SEND, -EINVAL),
		      "no channel selected") == 0,
	       "strerror EINVAL on send: no channel selected");
	tap_ok(strstr(msgslot_strerror(MSGSLOT_OP_CHANNEL, -EINVAL), "invalid channel") != NULL,
	       "strerror EINVAL on ioctl: invalid channel");
	tap_ok(strcmp(msgslot_strerror(MSGSLOT_OP_RECEIVE, -EIO),
		      strerror(EIO)) == 0, "other errors fall back to strerror");
	tap_ok(strstr(msgslot_strerror(MSGSLOT_OP_SEND, -ENOSPC), "max_channels or max_bytes") != NULL,
	       "strerror ENOSPC on send: a slot limit was reached");
	tap_ok(strstr(msgslot_strerror(MSGSLOT_OP_RECEIVE, -ENOSPC), "buffer too small") != NULL,
	       "strerror ENOSPC on receive: the buffer is too small");
	tap_ok(strstr(msgslot_strerror(MSGSLOT_OP_SEND, -ENOMEM), "memory cgroup") != NULL,
	       "strerror ENOMEM on send names the memory cgroup");
	tap_ok(strcmp(msgslot_strerror(MSGSLOT_OP_OPEN, -ENOSPC), strerror(ENOSPC)) == 0,
	       "strerror ENOSPC on open is the system's wording");
	tap_ok(strstr(msgslot_strerror(MSGSLOT_OP_RECEIVE, -EWOULDBLOCK), "no message") != NULL,
	       "strerror EWOULDBLOCK on receive: no message yet");
}

int main(void)
{
	char sys[PATH_MAX + 8], debug[PATH_MAX + 8], dev[PATH_MAX + 8];

	snprintf(root, sizeof(root), "%s/msgslot-unit-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		tap_bail("mkdtemp: %s", strerror(errno));
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(debug, sizeof(debug), "%s/debug", root);
	setenv("MSGSLOT_SYSFS", sys, 1);
	setenv("MSGSLOT_DEBUGFS", debug, 1);
	snprintf(dev, sizeof(dev), "%s/dev", root);
	setenv("MSGSLOT_DEV", dev, 1);
	snprintf(params, sizeof(params), "%s/params", root);
	setenv("MSGSLOT_PARAMS", params, 1);
	put("params/max_channels", "7\n");
	put("params/max_bytes", "4096\n");
	fake_slot(0, "3 115 4096 2 10 18446744073709551615");
	fake_slot(2, "0 0 512 0 0 0");
	fake_slot(3, "1 1 600 0 1 0");
	fake_slot(10, "0 0 512 0 0 0");
	put("sys/slotx/channels", "0\n");
	put("sys/slot256/channels", "0\n");
	put("sys/other", "");

	test_parse_channel();
	test_parse_slot();
	test_stats();
	test_clear();
	test_channels();
	test_meta();
	test_strerror();

	return tap_done();
}
