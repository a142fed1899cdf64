// SPDX-License-Identifier: GPL-2.0
/*
 * tracepoints.c - the msgslot trace events, through tracefs.
 *
 * Checks that the events exist and are off after loading, then enables
 * them, runs a script of writes, reads, sends, receives, clears and a
 * wake-up on a slot of its own, each with a result it knows (every path:
 * hint, lookup, locked, new, replace, none; every error it can cause),
 * and compares every event in the trace buffer, field by field and in
 * order, with what it did: slot, channel, length, sequence number (from
 * MSG_SLOT_LIST, which traces nothing), path, result, channels and bytes
 * cleared, files woken, and the pid of the task.
 *
 * Usage: tracepoints [MINOR]   (default 254; the node is made if missing)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <message_slot.h>

#include "kfile.h"
#include "tap.h"

#define TRACEFS "/sys/kernel/tracing"
#define MAX_EVENTS 64

static int minor = 254;
static char dev[64], clear_path[96];

/* One event as the test expects it, or as the buffer has it. */
struct event {
	unsigned long long channel, seq, channels, bytes;
	long pid;
	char name[16];		/* write, read, clear, wake */
	char path[16];
	unsigned int slot, len, files;
	int ret;
};

static struct event want[MAX_EVENTS];
static int nwant;

static void expect_msg(const char *name, unsigned long long channel,
		       unsigned int len, unsigned long long seq,
		       const char *path, int ret)
{
	struct event *e = &want[nwant++];

	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->slot = minor;
	e->channel = channel;
	e->len = len;
	e->seq = seq;
	snprintf(e->path, sizeof(e->path), "%s", path);
	e->ret = ret;
	e->pid = getpid();
}

static void expect_clear(unsigned long long channel, unsigned long long channels,
			 unsigned long long bytes, unsigned long long seq)
{
	struct event *e = &want[nwant++];

	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "clear");
	e->slot = minor;
	e->channel = channel;
	e->channels = channels;
	e->bytes = bytes;
	e->seq = seq;
	e->pid = getpid();
}

static void expect_wake(unsigned long long channel, unsigned int files)
{
	struct event *e = &want[nwant++];

	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "wake");
	e->slot = minor;
	e->channel = channel;
	e->files = files;
	e->pid = getpid();
}

/* Parse one line of the trace buffer; false if it is no msgslot event. */
static bool parse(const char *line, struct event *e)
{
	const char *ev = strstr(line, ": msgslot_"), *bracket, *dash;
	char rest[256];

	if (!ev)
		return false;
	memset(e, 0, sizeof(*e));
	/* "<task>-<pid> [cpu] ...": the pid ends right before " [". */
	bracket = strstr(line, " [");
	for (dash = bracket; dash && dash > line && dash[-1] != '-'; dash--)
		;
	e->pid = dash && dash > line ? strtol(dash, NULL, 10) : -1;
	if (sscanf(ev, ": msgslot_%15[a-z]: %255[^\n]", e->name, rest) != 2)
		return false;
	e->ret = 12345;
	if (strcmp(e->name, "write") == 0 || strcmp(e->name, "read") == 0)
		return sscanf(rest, "slot=%u channel=%llu len=%u seq=%llu path=%15s ret=%d",
			      &e->slot, &e->channel, &e->len, &e->seq, e->path,
			      &e->ret) == 6;
	if (strcmp(e->name, "clear") == 0)
		return sscanf(rest, "slot=%u channel=%llu channels=%llu bytes=%llu seq=%llu",
			      &e->slot, &e->channel, &e->channels, &e->bytes,
			      &e->seq) == 5;
	if (strcmp(e->name, "wake") == 0)
		return sscanf(rest, "slot=%u channel=%llu files=%u", &e->slot,
			      &e->channel, &e->files) == 3;
	return false;
}

static bool same(const struct event *a, const struct event *b)
{
	bool message = strcmp(a->name, "write") == 0 || strcmp(a->name, "read") == 0;

	return strcmp(a->name, b->name) == 0 && a->slot == b->slot &&
	       a->channel == b->channel && a->len == b->len &&
	       a->seq == b->seq && strcmp(a->path, b->path) == 0 &&
	       a->channels == b->channels && a->bytes == b->bytes &&
	       a->files == b->files && a->pid == b->pid &&
	       (a->ret == b->ret || !message);
}

static void show(const char *label, const struct event *e)
{
	tap_diag("  %s %s slot=%u channel=%llu len=%u seq=%llu path=%s ret=%d channels=%llu bytes=%llu files=%u pid=%ld",
		 label, e->name, e->slot, e->channel, e->len, e->seq, e->path,
		 e->ret, e->channels, e->bytes, e->files, e->pid);
}

/* Channel @id's sequence number, by MSG_SLOT_LIST (which traces nothing). */
static unsigned long long seq_of(int fd, unsigned long id)
{
	struct msg_slot_entry e;
	struct msg_slot_list l = { .cursor = id - 1, .entries = (uintptr_t)&e,
				   .count = 1, .entry_size = sizeof(e) };

	if (ioctl(fd, MSG_SLOT_LIST, &l) || l.count != 1 || e.id != id)
		tap_bail("no channel %lu to list", id);
	return e.seq;
}

static void tracefs(const char *file, const char *value)
{
	char path[160];

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	if (kfile_put(path, value))
		tap_bail("write %s to %s: %s", value, path, strerror(errno));
}

/* Empty the trace buffer: tracefs clears it on an open with O_TRUNC. */
static void trace_clear(void)
{
	int fd = open(TRACEFS "/trace", O_WRONLY | O_TRUNC);

	if (fd < 0)
		tap_bail("open " TRACEFS "/trace to clear it: %s", strerror(errno));
	close(fd);
}

static void script(void)
{
	char buf[MSG_SLOT_MAX_LEN + 1], big[MSG_SLOT_MAX_LEN + 1];
	struct msg_slot_receive r = { .channel = 7, .buf = (uintptr_t)buf,
				      .size = sizeof(buf) };
	struct msg_slot_send s = { .channel = 9, .buf = (uintptr_t)"abc",
				   .length = 3 };
	struct pollfd p = { .events = POLLIN };
	unsigned long long seq7, seq8, seq9;
	int fd = open(dev, O_RDWR), fd2 = open(dev, O_RDWR);
	void *nowhere = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0);

	if (fd < 0 || fd2 < 0 || nowhere == MAP_FAILED)
		tap_bail("open %s: %s", dev, strerror(errno));
	memset(big, 'b', sizeof(big));

	write(fd, "hello", 5);
	expect_msg("write", 0, 5, 0, "none", -EINVAL);
	ioctl(fd, MSG_SLOT_CHANNEL, 7UL);
	write(fd, "hello", 5);
	seq7 = seq_of(fd, 7);
	expect_msg("write", 7, 5, seq7, "new", 0);
	write(fd, "world", 5);
	expect_msg("write", 7, 5, ++seq7, "hint", 0);
	write(fd, big, 20);
	expect_msg("write", 7, 20, ++seq7, "replace", 0);
	write(fd, big, 17);
	expect_msg("write", 7, 17, ++seq7, "hint", 0);
	write(fd, big, 24);
	expect_msg("write", 7, 24, ++seq7, "locked", 0);
	write(fd, big, MSG_SLOT_MAX_LEN + 1);
	expect_msg("write", 7, MSG_SLOT_MAX_LEN + 1, 0, "none", -EMSGSIZE);
	write(fd, nowhere, 4);
	expect_msg("write", 7, 4, 0, "none", -EFAULT);
	if (seq_of(fd, 7) != seq7)
		tap_bail("channel 7 is at %llu, not %llu", seq_of(fd, 7), seq7);

	read(fd, buf, sizeof(buf));
	expect_msg("read", 7, 24, seq7, "hint", 0);
	read(fd, buf, 10);
	expect_msg("read", 7, 0, 0, "hint", -ENOSPC);
	ioctl(fd, MSG_SLOT_CHANNEL, 8UL);
	read(fd, buf, sizeof(buf));
	expect_msg("read", 8, 0, 0, "lookup", -EWOULDBLOCK);
	ioctl(fd, MSG_SLOT_RECEIVE, &r);
	expect_msg("read", 7, 24, seq7, "lookup", 0);
	r.flags = 1;
	ioctl(fd, MSG_SLOT_RECEIVE, &r);
	expect_msg("read", 0, 0, 0, "none", -EINVAL);

	ioctl(fd, MSG_SLOT_SEND, &s);
	seq9 = s.seq;
	expect_msg("write", 9, 3, seq9, "new", 0);
	s.channel = 0;		/* the selected one, 8: through the hint */
	s.length = 2;
	ioctl(fd, MSG_SLOT_SEND, &s);
	seq8 = s.seq;
	expect_msg("write", 8, 2, seq8, "new", 0);
	ioctl(fd, MSG_SLOT_SEND, &s);
	expect_msg("write", 8, 2, ++seq8, "hint", 0);

	if (kfile_put(clear_path, "7"))
		tap_bail("clear 7: %s", strerror(errno));
	expect_clear(7, 1, 24, seq7);
	kfile_put(clear_path, "7");
	expect_clear(7, 0, 0, 0);

	/* A file polled on channel 9: the next write to 9 wakes it. */
	ioctl(fd2, MSG_SLOT_CHANNEL, 9UL);
	p.fd = fd2;
	poll(&p, 1, 0);
	s.channel = 9;
	ioctl(fd, MSG_SLOT_SEND, &s);
	expect_msg("write", 9, 2, ++seq9, "locked", 0);
	expect_wake(9, 1);

	kfile_put(clear_path, "all");
	expect_clear(0, 2, 2 + 2, 0);
	close(fd2);
	close(fd);
}

int main(int argc, char **argv)
{
	struct event got[MAX_EVENTS];
	char line[512];
	long enable, record_cmd;
	int ngot = 0, mismatch = -1, major;
	struct stat st;
	FILE *f;

	if (argc > 1)
		minor = atoi(argv[1]);
	snprintf(dev, sizeof(dev), "/dev/slot%d", minor);
	snprintf(clear_path, sizeof(clear_path), "/sys/class/msgslot/slot%d/clear",
		 minor);
	if (stat(dev, &st)) {
		major = -1;
		f = fopen("/proc/devices", "r");
		while (f && fgets(line, sizeof(line), f))
			if (strstr(line, " message_slot"))
				major = atoi(line);
		if (f)
			fclose(f);
		if (major < 0 || mknod(dev, S_IFCHR | 0600, makedev(major, minor)))
			tap_bail("mknod %s: %s", dev, strerror(errno));
	}
	close(open(dev, O_RDONLY));	/* the slot appears on first open */
	if (access(TRACEFS "/events", F_OK) &&
	    mount("nodev", TRACEFS, "tracefs", 0, NULL))
		tap_bail("mount tracefs: %s", strerror(errno));

	enable = kfile_get(TRACEFS "/events/msgslot/enable");
	tap_ok(enable == 0,
	       "events/msgslot/ has the events, all off after loading (enable: %ld)",
	       enable);
	tap_ok(access(TRACEFS "/events/msgslot/msgslot_write/format", F_OK) == 0 &&
	       access(TRACEFS "/events/msgslot/msgslot_read/format", F_OK) == 0 &&
	       access(TRACEFS "/events/msgslot/msgslot_clear/format", F_OK) == 0 &&
	       access(TRACEFS "/events/msgslot/msgslot_wake/format", F_OK) == 0,
	       "msgslot_write, msgslot_read, msgslot_clear and msgslot_wake are there");

	kfile_put(clear_path, "all");
	tracefs("tracing_on", "0");
	trace_clear();
	/*
	 * Not the task names: recording them hooks sched_wakeup, and
	 * patching that hot site makes 6.12.118 under QEMU TCG with 2 vCPUs
	 * take an "Oops: int3" in ttwu_do_activate (seen toggling kmem's
	 * events as well, with no msgslot event built in).  Lines then start
	 * "<...>-PID": the pid is still there.
	 */
	record_cmd = kfile_get(TRACEFS "/options/record-cmd");
	tracefs("options/record-cmd", "0");
	tracefs("events/msgslot/enable", "1");
	tracefs("tracing_on", "1");
	script();
	tracefs("tracing_on", "0");
	tracefs("events/msgslot/enable", "0");
	tracefs("options/record-cmd", record_cmd == 0 ? "0" : "1");

	f = fopen(TRACEFS "/trace", "r");
	if (!f)
		tap_bail("open " TRACEFS "/trace: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		struct event e;

		if (!parse(line, &e)) {
			if (strstr(line, "msgslot_"))
				tap_diag("  unparsed: %s", line);
			continue;
		}
		if (ngot < MAX_EVENTS)
			got[ngot++] = e;
	}
	fclose(f);
	trace_clear();

	for (int i = 0; i < ngot && i < nwant && mismatch < 0; i++)
		if (!same(&got[i], &want[i]))
			mismatch = i;
	tap_eq(ngot, nwant, "the buffer has one event per call of the script (%d)",
	       nwant);
	tap_ok(mismatch < 0,
	       "each in order, with slot, channel, length, sequence number, path, result, channels, bytes, files and pid as done");
	if (mismatch >= 0) {
		show("want", &want[mismatch]);
		show("got ", &got[mismatch]);
		tap_diag("  (event %d of %d)", mismatch + 1, nwant);
	}
	return tap_done();
}
