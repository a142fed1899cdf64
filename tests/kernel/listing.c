// SPDX-License-Identifier: GPL-2.0
/*
 * listing.c - the channel listing: ioctl(MSG_SLOT_LIST) and the debugfs
 * file /sys/kernel/debug/msgslot/slotN/channels, with many channels.
 *
 * Fills slot SLOT with N channels of known lengths, then:
 *  - lists them through debugfs in 100-byte reads and through the ioctl
 *    in batches of 10,000: every channel exactly once, in ascending order
 *    of id, every field as the other listing and the writer say;
 *  - the ioctl's batch rules: at most MSG_SLOT_LIST_MAX per call, the
 *    cursor, done, a batch of 1, a larger entry_size (its tail zeroed),
 *    every error, a file open write-only refused, a user who is not root
 *    and opens the node read-only;
 *  - exactly once while channels come and go between batches: after
 *    every read(2) of the debugfs file and every ioctl, the test clears
 *    and rewrites as many other channels as it keeps, interleaved with
 *    them (so that the channel a walk stopped at is gone when it goes on);
 *  - and while a child process clears and rewrites channels in bursts,
 *    concurrently.
 *
 * Usage: listing [SLOT_MINOR [N [SMALL_MINOR]]]   (default 2, 100000, 255)
 *        listing --existing SLOT_MINOR [MIN]
 *
 * The second form lists a slot someone else filled with at least MIN
 * channels (default a million: the memory test's), through debugfs and
 * the ioctl: one entry per channel, each id once, and the kernel memory
 * held (SUnreclaim + VmallocUsed) grows by under 4 MiB while a listing is
 * open: a batch is held, not the listing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <message_slot.h>

#include "tap.h"

#define CHURN_BASE 0x8000000000000000UL	/* ids the concurrent churner uses */

static unsigned long id_of(long i)
{
	return 1000003UL * (unsigned long)i + 7;
}

static unsigned int len_of(long i)
{
	return 1 + (unsigned int)(i % MSG_SLOT_MAX_LEN);
}

/* Map a listed id back to its index, or -1. */
static long index_of(unsigned long id, long n)
{
	if (id < 7 || (id - 7) % 1000003UL)
		return -1;
	id = (id - 7) / 1000003UL;
	return (long)id < n ? (long)id : -1;
}

/* The churn test's channels: id i is index i, every message 1 byte. */
static long index_is_id(unsigned long id, long n)
{
	return id < (unsigned long)n ? (long)id : -1;
}

static unsigned int len_one(long i)
{
	(void)i;
	return 1;
}

/* What one listing showed of the kept channels 0..n-1, and of the rest. */
struct tally {
	long n;
	long (*index)(unsigned long id, long n);	/* id -> 0..n-1, or -1 */
	unsigned int (*len)(long i);			/* channel i's length */
	unsigned char *seen;	/* per kept channel: times listed */
	unsigned long last;	/* the previous id, for the order */
	long lines, bad, unordered, wrong_len, unknown, churn;
	long wrong_writer;	/* pid or uid not the writer's */
	pid_t pid;		/* the writer of the kept channels */
};

static void tally_reset(struct tally *t)
{
	memset(t->seen, 0, t->n);
	t->last = 0;
	t->lines = t->bad = t->unordered = t->wrong_len = t->unknown = 0;
	t->churn = t->wrong_writer = 0;
}

static void tally_entry(struct tally *t, unsigned long id, unsigned int len,
			pid_t pid, unsigned int uid)
{
	long i;

	t->lines++;
	if (t->lines > 1 && id <= t->last)
		t->unordered++;
	t->last = id;
	i = id >= CHURN_BASE ? -1 : t->index(id, t->n);
	if (i < 0) {
		/* Not ours to count: the churner's. */
		t->churn++;
		return;
	}
	if (len != t->len(i))
		t->wrong_len++;
	if (pid != t->pid || uid != 0)
		t->wrong_writer++;
	if (t->seen[i] < 255)
		t->seen[i]++;
}

/* Kept channels listed 0 times, and more than once. */
static void tally_count(const struct tally *t, long *missing, long *twice)
{
	*missing = *twice = 0;
	for (long i = 0; i < t->n; i++) {
		*missing += t->seen[i] == 0;
		*twice += t->seen[i] > 1;
	}
}

static bool tally_clean(const struct tally *t, const char *what)
{
	long missing, twice;

	tally_count(t, &missing, &twice);
	if (missing || twice || t->bad || t->unordered || t->wrong_len ||
	    t->wrong_writer) {
		tap_diag("  %s: %ld entries: missing %ld, twice %ld, malformed %ld, out of order %ld, wrong length %ld, wrong writer %ld",
			 what, t->lines, missing, twice, t->bad, t->unordered,
			 t->wrong_len, t->wrong_writer);
		return false;
	}
	return true;
}

/* A listing this much longer than the slot does not end (-ELOOP). */
#define ENDLESS(n) (4 * (n) + 20000)

/* Called between two reads or two ioctls of a listing. */
typedef void (*between_fn)(void *arg);

/* "<id> <length> <seq> <time_ns> <pid> <uid>", and nothing else. */
static bool listing_line(const char *line, unsigned long *id, unsigned int *len,
			 unsigned int *pid, unsigned int *uid)
{
	unsigned long long seq, time_ns;
	char end;

	return sscanf(line, "%lu %u %llu %llu %u %u%c", id, len, &seq, &time_ns,
		      pid, uid, &end) == 6 &&
	       *len > 0 && *len <= MSG_SLOT_MAX_LEN && seq > 0 && time_ns > 0;
}

/*
 * The lines of @fd, read @chunk bytes (at most 4096) at a time: each
 * whole line, without its newline, to @each; after every read, @after
 * (if any), whose non-zero return stops the reading and is returned.
 * Returns 0 at the end of the file or -errno; *@torn: it ended inside a
 * line (one without its newline).
 */
static int read_lines(int fd, size_t chunk, void (*each)(const char *line, void *arg),
		      int (*after)(void *arg), void *arg, bool *torn)
{
	char buf[4096], line[128];
	size_t fill = 0;
	ssize_t got;
	int ret;

	while ((got = read(fd, buf, chunk)) > 0) {
		for (ssize_t k = 0; k < got; k++) {
			if (buf[k] != '\n') {
				if (fill < sizeof(line) - 1)
					line[fill++] = buf[k];
				continue;
			}
			line[fill] = '\0';
			fill = 0;
			each(line, arg);
		}
		ret = after ? after(arg) : 0;
		if (ret)
			return ret;
	}
	*torn = fill != 0;
	return got < 0 ? -errno : 0;
}

struct debugfs_read {
	struct tally *t;
	between_fn between;
	void *arg;
};

static void debugfs_line(const char *line, void *arg)
{
	struct debugfs_read *r = arg;
	unsigned long id;
	unsigned int len, pid, uid;

	if (listing_line(line, &id, &len, &pid, &uid))
		tally_entry(r->t, id, len, (pid_t)pid, uid);
	else
		r->t->bad++;
}

static int debugfs_chunk(void *arg)
{
	struct debugfs_read *r = arg;

	if (r->t->lines > ENDLESS(r->t->n))
		return -ELOOP;
	if (r->between)
		r->between(r->arg);
	return 0;
}

/* Read the debugfs listing @chunk bytes at a time into @t. */
static int list_debugfs(const char *path, size_t chunk, struct tally *t,
			between_fn between, void *arg)
{
	struct debugfs_read r = { .t = t, .between = between, .arg = arg };
	bool torn = false;
	int fd = open(path, O_RDONLY), ret;

	if (fd < 0)
		return -errno;
	tally_reset(t);
	ret = read_lines(fd, chunk, debugfs_line, debugfs_chunk, &r, &torn);
	close(fd);
	if (torn)
		t->bad++;	/* a last line without its newline */
	return ret;
}

/* One MSG_SLOT_LIST call; -errno or the entries written. */
static long list_call(int fd, struct msg_slot_list *l, void *entries,
		      uint32_t count, uint32_t entry_size)
{
	l->entries = (uintptr_t)entries;
	l->count = count;
	l->entry_size = entry_size;
	l->flags = 0;
	l->done = 0;
	return ioctl(fd, MSG_SLOT_LIST, l) ? -errno : (long)l->count;
}

/*
 * The whole listing through the ioctl, @batch entries per call, into @t;
 * 0 or -errno.  *@calls: how many calls it took.
 */
static long list_ioctl(int fd, uint32_t batch, struct tally *t,
		       between_fn between, void *arg, long *calls)
{
	struct msg_slot_entry *e = calloc(batch, sizeof(*e));
	struct msg_slot_list l = { 0 };
	long got;

	if (!e)
		tap_bail("calloc");
	tally_reset(t);
	*calls = 0;
	do {
		got = list_call(fd, &l, e, batch, sizeof(*e));
		++*calls;
		if (got < 0)
			break;
		for (long k = 0; k < got; k++) {
			if (e[k].length == 0 || e[k].length > MSG_SLOT_MAX_LEN ||
			    e[k].seq == 0 || e[k].time_ns == 0 || e[k].reserved ||
			    e[k].id > l.cursor)
				t->bad++;
			tally_entry(t, e[k].id, e[k].length, e[k].pid, e[k].uid);
		}
		if (t->lines > ENDLESS(t->n)) {
			got = -ELOOP;
			break;
		}
		if (between && !l.done)
			between(arg);
	} while (!l.done);
	free(e);
	return got < 0 ? got : 0;
}

static int open_or_bail(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		tap_bail("open %s: %s", path, strerror(errno));
	return fd;
}

static void fill(const char *dev, long n)
{
	char msg[MSG_SLOT_MAX_LEN];
	int fd = open_or_bail(dev, O_RDWR);

	memset(msg, 'x', sizeof(msg));
	for (long i = 0; i < n; i++) {
		ioctl(fd, MSG_SLOT_CHANNEL, id_of(i));
		if (write(fd, msg, len_of(i)) < 0)
			tap_bail("write channel %lu: %s", id_of(i), strerror(errno));
	}
	close(fd);
}

static void clear_slot(int minor)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "/sys/class/msgslot/slot%d/clear", minor);
	fd = open_or_bail(path, O_WRONLY);
	if (write(fd, "all", 3) != 3)
		tap_bail("clear slot%d: %s", minor, strerror(errno));
	close(fd);
}

/* Both listings of the full slot agree with what was written. */
static void whole(const char *dev, const char *debugfs, struct tally *t)
{
	long calls;
	int fd = open_or_bail(dev, O_RDONLY);

	tap_eq(list_debugfs(debugfs, 100, t, NULL, NULL), 0,
	       "debugfs: listing %ld channels in 100-byte reads succeeds", t->n);
	tap_ok(tally_clean(t, "debugfs") && t->lines == t->n,
	       "debugfs: every channel once, ascending, with its length and writer");
	tap_eq(list_ioctl(fd, 10000, t, NULL, NULL, &calls), 0,
	       "ioctl: listing %ld channels in batches of 10000 succeeds", t->n);
	tap_ok(tally_clean(t, "ioctl") && t->lines == t->n,
	       "ioctl: every channel once, ascending, with its length and writer (%ld calls)",
	       calls);
	close(fd);
}

/* Every field of the ioctl's entries equals the debugfs line of its id. */
static void fields(const char *dev, const char *debugfs, long n)
{
	struct msg_slot_entry *e = calloc(n + 1, sizeof(*e));
	struct msg_slot_list l = { 0 };
	char line[160];
	long got = 0, differ = 0, lines = 0;
	FILE *f;
	int fd = open_or_bail(dev, O_RDONLY);

	if (!e)
		tap_bail("calloc");
	do {
		long k = list_call(fd, &l, e + got, n + 1 - got < MSG_SLOT_LIST_MAX ?
				   (uint32_t)(n + 1 - got) : MSG_SLOT_LIST_MAX,
				   sizeof(*e));

		if (k < 0)
			tap_bail("MSG_SLOT_LIST: %s", strerror((int)-k));
		got += k;
	} while (!l.done && got <= n);
	close(fd);
	f = fopen(debugfs, "r");
	if (!f)
		tap_bail("open %s: %s", debugfs, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		unsigned long long id, seq, time_ns;
		unsigned int len, pid, uid;

		if (sscanf(line, "%llu %u %llu %llu %u %u", &id, &len, &seq,
			   &time_ns, &pid, &uid) != 6 || lines >= got ||
		    e[lines].id != id || e[lines].length != len ||
		    e[lines].seq != seq || e[lines].time_ns != time_ns ||
		    e[lines].pid != (int)pid || e[lines].uid != uid)
			differ++;
		lines++;
	}
	fclose(f);
	tap_ok(got == n && lines == n && differ == 0,
	       "ioctl and debugfs agree on id, length, sequence number, time, pid and uid of every channel (%ld entries, %ld lines, %ld differ)",
	       got, lines, differ);
	free(e);
}

/* The batch rules, on the big slot. */
static void batches(const char *dev, long n)
{
	struct msg_slot_entry *e = calloc(MSG_SLOT_LIST_MAX + 1, sizeof(*e));
	struct msg_slot_list l = { 0 };
	long got;
	int fd = open_or_bail(dev, O_RDONLY);

	if (!e)
		tap_bail("calloc");
	got = list_call(fd, &l, e, MSG_SLOT_LIST_MAX + 1, sizeof(*e));
	if (n > MSG_SLOT_LIST_MAX)
		tap_ok(got > 0 && got <= MSG_SLOT_LIST_MAX && !l.done &&
		       l.cursor == e[got - 1].id,
		       "a call takes at most MSG_SLOT_LIST_MAX (%ld of %ld; done %u; cursor the last id)",
		       got, n, l.done);
	else	/* the smaller runs of the debug kernels */
		tap_ok(got == n && l.done && l.cursor == e[got - 1].id,
		       "a call with room for more than MSG_SLOT_LIST_MAX takes all %ld of %ld (done %u); the limit needs more channels to show",
		       got, n, l.done);
	free(e);
	close(fd);
}

/* Errors and edges, on a small slot. */
static void rules(const char *dev, int minor)
{
	struct { struct msg_slot_entry e; uint64_t tail; } wide[20];
	struct msg_slot_entry e[20];
	struct msg_slot_list l = { 0 }, before;
	char msg[8] = "small";
	long got, calls = 0, ones = 0;
	int fd, wo;

	clear_slot(minor);
	fd = open_or_bail(dev, O_RDWR);
	for (unsigned long id = 1; id <= 20; id++) {
		ioctl(fd, MSG_SLOT_CHANNEL, id * 3);
		if (write(fd, msg, 1 + id % 5) < 0)
			tap_bail("write: %s", strerror(errno));
	}
	memset(&l, 0, sizeof(l));
	do {
		got = list_call(fd, &l, e, 1, sizeof(e[0]));
		calls++;
		ones += got == 1 && e[0].id == (unsigned long)calls * 3;
	} while (got >= 0 && !l.done && calls < 100);
	tap_ok(ones == 20 && calls <= 21,
	       "a batch of 1: 20 calls list channels 3, 6, ..., 60 in turn (%ld calls, %ld right)",
	       calls, ones);

	memset(&l, 0, sizeof(l));
	got = list_call(fd, &l, e, 20, sizeof(e[0]));
	tap_ok(got == 20 && l.done == 1 && l.cursor == 60,
	       "room for all 20: one call, done, cursor 60 (%ld, done %u, cursor %llu)",
	       got, l.done, (unsigned long long)l.cursor);
	l.cursor = 30;
	got = list_call(fd, &l, e, 20, sizeof(e[0]));
	tap_ok(got == 10 && e[0].id == 33 && l.done == 1,
	       "cursor 30: the 10 channels above it, from 33 (%ld)", got);
	l.cursor = UINT64_MAX;
	got = list_call(fd, &l, e, 20, sizeof(e[0]));
	tap_ok(got == 0 && l.done == 1, "cursor at the largest id: nothing, done");

	memset(wide, 0xff, sizeof(wide));
	l.cursor = 0;
	got = list_call(fd, &l, wide, 20, sizeof(wide[0]));
	{
		bool ok = got == 20;

		for (int k = 0; k < 20 && ok; k++)
			ok = wide[k].e.id == (uint64_t)(k + 1) * 3 && wide[k].tail == 0 &&
			     wide[k].e.reserved == 0;
		tap_ok(ok, "entry_size 48: entries 48 bytes apart, the 8 bytes past an entry zeroed");
	}

	l.cursor = 0;
	l.flags = 1;
	l.entries = (uintptr_t)e;
	l.count = 20;
	l.entry_size = sizeof(e[0]);
	before = l;
	tap_errno(ioctl(fd, MSG_SLOT_LIST, &l), EINVAL, "flags not 0: EINVAL");
	tap_ok(memcmp(&l, &before, sizeof(l)) == 0, "and the struct is unchanged");
	l.flags = 0;
	l.count = 0;
	tap_errno(ioctl(fd, MSG_SLOT_LIST, &l), EINVAL, "count 0: EINVAL");
	l.count = 20;
	l.entry_size = sizeof(e[0]) - 1;
	tap_errno(ioctl(fd, MSG_SLOT_LIST, &l), EINVAL, "entry_size 39: EINVAL");
	l.entry_size = MSG_SLOT_LIST_ENTRY_MAX + 1;
	tap_errno(ioctl(fd, MSG_SLOT_LIST, &l), EINVAL, "entry_size 4097: EINVAL");
	l.entry_size = sizeof(e[0]);
	l.entries = 0;
	before = l;
	tap_errno(ioctl(fd, MSG_SLOT_LIST, &l), EFAULT, "entries NULL: EFAULT");
	tap_ok(memcmp(&l, &before, sizeof(l)) == 0, "and the struct is unchanged");
	tap_errno(ioctl(fd, MSG_SLOT_LIST, NULL), EFAULT, "no struct: EFAULT");
	wo = open_or_bail(dev, O_WRONLY);
	l.entries = (uintptr_t)e;
	tap_errno(ioctl(wo, MSG_SLOT_LIST, &l), EBADF,
		  "a file open write-only: EBADF");
	close(wo);
	ioctl(fd, MSG_SLOT_CHANNEL, 6UL);
	tap_eq(read(fd, msg, sizeof(msg)), 3,
	       "listing left the file's channel as selected (6, 3 bytes)");
	close(fd);
	clear_slot(minor);
}

/* A user who is not root, with the node readable to all, lists it. */
static void as_user(const char *dev, long n)
{
	struct stat st;
	int status = -1;
	pid_t child;

	if (stat(dev, &st) || chmod(dev, 0644))
		tap_bail("chmod %s: %s", dev, strerror(errno));
	child = fork();
	if (child == 0) {
		struct tally t = { .n = n, .index = index_of, .len = len_of,
				   .seen = calloc(n, 1), .pid = getppid() };
		long calls;
		int fd;

		if (!t.seen || setgid(1000) || setuid(1000))
			_exit(10);
		if (open(dev, O_RDWR) >= 0 || errno != EACCES)
			_exit(11);
		fd = open(dev, O_RDONLY);
		if (fd < 0)
			_exit(12);
		if (list_ioctl(fd, 5000, &t, NULL, NULL, &calls))
			_exit(13);
		_exit(tally_clean(&t, "uid 1000") && t.lines == n ? 0 : 14);
	}
	waitpid(child, &status, 0);
	chmod(dev, st.st_mode & 07777);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "uid 1000, who may only open the node read-only, lists all %ld channels (exit %d)",
	       n, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Channels that come and go between a listing's batches. */
struct churn {
	int fd;			/* the slot, to write */
	int clear;		/* its clear file */
	long k;			/* churned channels: ids 2i+1 of 1..2k */
	bool present;		/* they hold messages now */
};

/*
 * Clear every churned channel, or write each again: in turn, so that the
 * buckets a walk stopped in are shorter when it goes on, then longer.
 */
static void churn_between(void *arg)
{
	struct churn *c = arg;
	char id[32];

	for (long i = 0; i < c->k; i++) {
		int len = snprintf(id, sizeof(id), "%ld", 2 * i + 1);

		if (!c->present) {
			ioctl(c->fd, MSG_SLOT_CHANNEL, 2UL * i + 1);
			if (write(c->fd, "c", 1) != 1)
				tap_bail("write: %s", strerror(errno));
		} else if (pwrite(c->clear, id, len, 0) != len) {
			tap_bail("clear %s: %s", id, strerror(errno));
		}
	}
	c->present = !c->present;
}

/* Kept channels (even ids) listed 0 times; any channel listed twice. */
static void kept_count(const struct tally *t, long k, long *missing, long *twice)
{
	*missing = *twice = 0;
	for (long i = 1; i <= 2 * k; i++) {
		*missing += i % 2 == 0 && t->seen[i] == 0;
		*twice += t->seen[i] > 1;
	}
}

/*
 * Kept channels 2, 4, ..., 2k, churned ones 1, 3, ..., 2k-1: after each
 * batch the churned channels are all cleared, or all written again, so
 * the one a walk stopped at is gone when it goes on, and the kept ones
 * after it in its bucket move up.  With k = 700 the hash table (grown to
 * 2048 buckets by the 1,400) neither shrinks (below 30%) nor grows (above
 * 75%) while it goes from 700 channels to 1,400 and back.
 */
static void between_batches(const char *dev, const char *debugfs, int minor,
			    long k)
{
	struct churn c = { .k = k, .present = true };
	struct tally t = { .n = 2 * k + 1, .index = index_is_id, .len = len_one,
			   .seen = calloc(2 * k + 1, 1), .pid = getpid() };
	char path[96];
	long kept_missing = 0, kept_twice = 0, calls;

	clear_slot(minor);
	c.fd = open_or_bail(dev, O_RDWR);
	snprintf(path, sizeof(path), "/sys/class/msgslot/slot%d/clear", minor);
	c.clear = open_or_bail(path, O_WRONLY);
	if (!t.seen)
		tap_bail("calloc");
	for (long i = 1; i <= 2 * k; i++) {
		ioctl(c.fd, MSG_SLOT_CHANNEL, (unsigned long)i);
		if (write(c.fd, "k", 1) != 1)
			tap_bail("write: %s", strerror(errno));
	}
	for (int round = 0; round < 3; round++) {
		long ioctl_err, debugfs_err;
		bool ok = true;

		/* Kept channels are the even ids, churned ones the odd. */
		ioctl_err = list_ioctl(c.fd, 100, &t, churn_between, &c, &calls);
		kept_count(&t, k, &kept_missing, &kept_twice);
		ok = ioctl_err == 0 && kept_missing == 0 && kept_twice == 0 &&
		     t.unordered == 0 && t.bad == 0;
		tap_ok(ok, "ioctl, round %d: other channels cleared or written back after each of %ld batches of 100: every kept channel once, none twice",
		       round + 1, calls);
		if (!ok)
			tap_diag("  %s, kept missing %ld, some twice %ld, out of order %ld",
				 ioctl_err == -ELOOP ? "the listing did not end" :
				 ioctl_err ? strerror((int)-ioctl_err) : "ended",
				 kept_missing, kept_twice, t.unordered);

		debugfs_err = list_debugfs(debugfs, 4096, &t, churn_between, &c);
		kept_count(&t, k, &kept_missing, &kept_twice);
		ok = debugfs_err == 0 && kept_missing == 0 && kept_twice == 0 &&
		     t.unordered == 0 && t.bad == 0;
		tap_ok(ok, "debugfs, round %d: the same after each 4096-byte read: every kept channel once, none twice",
		       round + 1);
		if (!ok)
			tap_diag("  %s, kept missing %ld, some twice %ld, out of order %ld",
				 debugfs_err == -ELOOP ? "the listing did not end" :
				 debugfs_err ? strerror((int)-debugfs_err) : "ended",
				 kept_missing, kept_twice, t.unordered);
	}
	close(c.clear);
	close(c.fd);
	free(t.seen);
	clear_slot(minor);
}

/* Bursts: write 2,000 channels, clear them one by one, again. */
static void burst_churner(const char *dev, int minor)
{
	char path[96], id[32];
	int fd = open(dev, O_WRONLY), cfd;

	snprintf(path, sizeof(path), "/sys/class/msgslot/slot%d/clear", minor);
	cfd = open(path, O_WRONLY);
	if (fd < 0 || cfd < 0)
		_exit(1);
	for (;;) {
		for (unsigned long k = 0; k < 2000; k++) {
			ioctl(fd, MSG_SLOT_CHANNEL, CHURN_BASE + k);
			if (write(fd, "b", 1) != 1)
				_exit(2);
		}
		for (unsigned long k = 0; k < 2000; k++) {
			int len = snprintf(id, sizeof(id), "%lu", CHURN_BASE + k);

			if (pwrite(cfd, id, len, 0) != len)
				_exit(3);
		}
	}
}

static void concurrent(const char *dev, const char *debugfs, int minor,
		       struct tally *t)
{
	pid_t child = fork();
	long calls;
	int fd;

	if (child == 0)
		burst_churner(dev, minor);
	fd = open_or_bail(dev, O_RDONLY);
	for (int round = 0; round < 2; round++) {
		long err = list_ioctl(fd, 25000, t, NULL, NULL, &calls);

		tap_ok(err == 0 && tally_clean(t, "ioctl") && t->lines - t->churn == t->n,
		       "ioctl, round %d, while another process writes and clears: every kept channel once, ascending (%ld others listed)",
		       round + 1, t->churn);
		err = list_debugfs(debugfs, 4096, t, NULL, NULL);
		tap_ok(err == 0 && tally_clean(t, "debugfs") && t->lines - t->churn == t->n,
		       "debugfs, round %d, the same (%ld others listed)", round + 1,
		       t->churn);
	}
	close(fd);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static long kernel_held_kib(void)
{
	char line[128], name[64];
	long kib, sum = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %ld", name, &kib) == 2 &&
		    (strcmp(name, "SUnreclaim") == 0 ||
		     strcmp(name, "VmallocUsed") == 0))
			sum += kib;
	if (f)
		fclose(f);
	return sum;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

/* Each id once among @n (sorted here). */
static long unique_ids(unsigned long *ids, long n)
{
	long unique = 0;

	qsort(ids, n, sizeof(*ids), cmp_ulong);
	for (long i = 0; i < n; i++)
		unique += i == 0 || ids[i] != ids[i - 1];
	return unique;
}

/* The big listing through debugfs: every id, and the memory held. */
struct big_read {
	unsigned long *ids, room;
	long lines, bad, peak;
};

static void big_line(const char *line, void *arg)
{
	struct big_read *b = arg;
	unsigned long id;
	unsigned int len, pid, uid;

	if (!listing_line(line, &id, &len, &pid, &uid))
		b->bad++;
	else if ((unsigned long)b->lines < b->room)
		b->ids[b->lines] = id;
	if (++b->lines % 100000 == 0) {
		long held = kernel_held_kib();

		if (held > b->peak)
			b->peak = held;
	}
}

static int list_existing(int minor, unsigned long min)
{
	struct msg_slot_entry *e = calloc(MSG_SLOT_LIST_MAX, sizeof(*e));
	struct msg_slot_list l = { 0 };
	unsigned long *ids, want = 0;
	long base, peak, lines = 0, got = 0;
	struct big_read b = { 0 };
	char path[96];
	bool torn = false;
	FILE *f;
	int fd, r;

	snprintf(path, sizeof(path), "/sys/class/msgslot/slot%d/channels", minor);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%lu", &want) != 1)
		tap_bail("read %s", path);
	fclose(f);
	tap_ok(want >= min, "slot%d holds at least %lu channels (%lu)",
	       minor, min, want);
	ids = malloc((want + 1024) * sizeof(*ids));
	if (!ids || !e)
		tap_bail("malloc");
	snprintf(path, sizeof(path), "/sys/kernel/debug/msgslot/slot%d/channels",
		 minor);
	b.ids = ids;
	b.room = want + 1024;
	base = b.peak = kernel_held_kib();
	fd = open(path, O_RDONLY);
	if (fd < 0)
		tap_bail("open %s: %s", path, strerror(errno));
	r = read_lines(fd, 4096, big_line, NULL, &b, &torn);
	close(fd);
	tap_eq(r, 0, "debugfs: the listing reads to its end");
	tap_eq(b.lines, (long)want, "debugfs: one line per channel");
	tap_eq(b.bad + torn, 0, "debugfs: every line is '<id> <length> <seq> <time> <pid> <uid>'");
	tap_eq((unsigned long)b.lines <= b.room ? unique_ids(ids, b.lines) : -1,
	       (long)want, "debugfs: each id once");
	tap_diag("kernel memory held rose at most %ld KiB during the debugfs listing",
		 b.peak - base);
	tap_ok(b.peak - base < 4096,
	       "debugfs: the listing holds under 4 MiB of kernel memory");

	snprintf(path, sizeof(path), "/dev/slot%d", minor);
	fd = open_or_bail(path, O_RDONLY);
	base = peak = kernel_held_kib();
	lines = 0;
	do {
		long held;

		got = list_call(fd, &l, e, MSG_SLOT_LIST_MAX, sizeof(*e));
		held = kernel_held_kib();
		if (held > peak)
			peak = held;
		for (long k = 0; k < got; k++, lines++)
			if ((unsigned long)lines < want + 1024)
				ids[lines] = e[k].id;
	} while (got >= 0 && !l.done);
	close(fd);
	tap_ok(got >= 0 && lines == (long)want,
	       "ioctl: one entry per channel (%ld)", lines);
	tap_eq((unsigned long)lines <= want + 1024 ? unique_ids(ids, lines) : -1,
	       (long)want, "ioctl: each id once");
	tap_diag("kernel memory held rose at most %ld KiB during the ioctl listing",
		 peak - base);
	tap_ok(peak - base < 4096, "ioctl: a call holds under 4 MiB of kernel memory");
	free(ids);
	free(e);
	return tap_done();
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--existing") == 0)
		return list_existing(atoi(argv[2]),
				     argc > 3 ? strtoul(argv[3], NULL, 10) : 1000000);

	int minor = argc > 1 ? atoi(argv[1]) : 2;
	long n = argc > 2 ? atol(argv[2]) : 100000;
	int small = argc > 3 ? atoi(argv[3]) : 255;
	char dev[64], debugfs[96], small_dev[64], small_debugfs[96];
	struct tally t = { .n = n, .index = index_of, .len = len_of,
			   .seen = calloc(n, 1), .pid = getpid() };

	snprintf(dev, sizeof(dev), "/dev/slot%d", minor);
	snprintf(debugfs, sizeof(debugfs),
		 "/sys/kernel/debug/msgslot/slot%d/channels", minor);
	snprintf(small_dev, sizeof(small_dev), "/dev/slot%d", small);
	snprintf(small_debugfs, sizeof(small_debugfs),
		 "/sys/kernel/debug/msgslot/slot%d/channels", small);
	if (!t.seen)
		tap_bail("calloc");
	close(open_or_bail(small_dev, O_RDONLY));	/* a slot appears on first open */
	close(open_or_bail(dev, O_RDONLY));
	clear_slot(minor);	/* what earlier tests left there is not ours */
	fill(dev, n);
	whole(dev, debugfs, &t);
	fields(dev, debugfs, n);
	batches(dev, n);
	rules(small_dev, small);
	as_user(dev, n);
	between_batches(small_dev, small_debugfs, small, 700);
	concurrent(dev, debugfs, minor, &t);
	free(t.seen);
	return tap_done();
}
