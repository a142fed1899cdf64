// SPDX-License-Identifier: GPL-2.0
/*
 * listing.c - /sys/kernel/debug/msgslot/slotN/channels with many channels.
 *
 * Fills a slot with N channels of known lengths, reads the listing in small
 * read(2) calls (so seq_file stops and resumes many times) and checks every
 * channel appears once with its length.  Then lists again while a child
 * process adds and clears other channels: every untouched channel must
 * still appear with its length, and every line must be well formed.
 *
 * Usage: listing [SLOT_MINOR [N]]   (default 2, 100000)
 *        listing --existing SLOT_MINOR [MIN]
 *
 * The second form lists a slot someone else filled with at least MIN
 * channels (default a million: the memory test's): one line per channel, each id once, and the kernel
 * memory held (SUnreclaim + VmallocUsed) grows by under 4 MiB while the
 * listing is open, since seq_file keeps a page, not the listing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <message_slot.h>

#include "tap.h"

#define CHURN_BASE 0x8000000000000000UL	/* ids the churning child uses */

static unsigned long id_of(long i)
{
	return 1000003UL * (unsigned long)i + 7;
}

static unsigned int len_of(long i)
{
	return 1 + (unsigned int)(i % MSG_SLOT_MAX_LEN);
}

struct tally {
	unsigned char *seen;	/* per stored channel: times listed */
	long bad_lines, wrong_len, unknown, lines;
};

/* Map a listed id back to its index, or -1. */
static long index_of(unsigned long id, long n)
{
	if (id < 7 || (id - 7) % 1000003UL)
		return -1;
	id = (id - 7) / 1000003UL;
	return (long)id < n ? (long)id : -1;
}

/* "<id> <length> <seq> <time_ns> <pid> <uid>", and nothing else. */
static bool listing_line(const char *line, unsigned long *id, unsigned int *len)
{
	unsigned long long seq, time_ns;
	unsigned int pid, uid;
	char end;

	return sscanf(line, "%lu %u %llu %llu %u %u%c", id, len, &seq, &time_ns,
		      &pid, &uid, &end) == 6 &&
	       *len > 0 && *len <= MSG_SLOT_MAX_LEN && seq > 0 && time_ns > 0;
}

static void tally_line(struct tally *t, const char *line, long n)
{
	unsigned long id;
	unsigned int len;
	long i;

	t->lines++;
	if (!listing_line(line, &id, &len)) {
		t->bad_lines++;
		return;
	}
	if (id >= CHURN_BASE)
		return;
	i = index_of(id, n);
	if (i < 0) {
		t->unknown++;
		return;
	}
	if (len != len_of(i))
		t->wrong_len++;
	if (t->seen[i] < 255)
		t->seen[i]++;
}

/* Read the whole listing @chunk bytes at a time and tally its lines. */
static int list(const char *path, size_t chunk, struct tally *t, long n)
{
	char buf[4096], line[128];
	size_t fill = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while ((got = read(fd, buf, chunk)) > 0) {
		for (ssize_t k = 0; k < got; k++) {
			if (buf[k] != '\n') {
				if (fill < sizeof(line) - 1)
					line[fill++] = buf[k];
				continue;
			}
			line[fill] = '\0';
			tally_line(t, line, n);
			fill = 0;
		}
	}
	close(fd);
	if (fill)
		t->bad_lines++;	/* a last line without its newline */
	return got < 0 ? -errno : 0;
}

static void churn(const char *dev, const char *clear)
{
	int fd = open(dev, O_WRONLY);
	char msg[MSG_SLOT_MAX_LEN];

	memset(msg, 'c', sizeof(msg));
	for (unsigned long k = 0;; k++) {
		ioctl(fd, MSG_SLOT_CHANNEL, CHURN_BASE + k % 50000);
		if (write(fd, msg, 1 + k % MSG_SLOT_MAX_LEN) < 0)
			_exit(1);
		if (k % 20000 == 19999) {
			int cfd = open(clear, O_WRONLY);
			char id[32];
			int len = snprintf(id, sizeof(id), "%lu",
					   CHURN_BASE + k % 50000);

			/* Clear one of the churned channels now and then. */
			if (cfd < 0 || write(cfd, id, len) != len)
				_exit(2);
			close(cfd);
		}
	}
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

static int list_existing(int minor, unsigned long min)
{
	char path[96], buf[4096], line[128];
	unsigned long *ids, want = 0;
	long base, peak, lines = 0, bad = 0, unique = 0;
	size_t fill = 0;
	ssize_t got;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/msgslot/slot%d/channels", minor);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%lu", &want) != 1)
		tap_bail("read %s", path);
	fclose(f);
	tap_ok(want >= min, "slot%d holds at least %lu channels (%lu)",
	       minor, min, want);
	ids = malloc((want + 1024) * sizeof(*ids));
	if (!ids)
		tap_bail("malloc");
	snprintf(path, sizeof(path), "/sys/kernel/debug/msgslot/slot%d/channels",
		 minor);
	base = peak = kernel_held_kib();
	fd = open(path, O_RDONLY);
	if (fd < 0)
		tap_bail("open %s: %s", path, strerror(errno));
	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t k = 0; k < got; k++) {
			unsigned long id;
			unsigned int len;
			if (buf[k] != '\n') {
				if (fill < sizeof(line) - 1)
					line[fill++] = buf[k];
				continue;
			}
			line[fill] = '\0';
			fill = 0;
			if (!listing_line(line, &id, &len))
				bad++;
			else if ((unsigned long)lines < want + 1024)
				ids[lines] = id;
			if (++lines % 100000 == 0) {
				long held = kernel_held_kib();

				if (held > peak)
					peak = held;
			}
		}
	}
	close(fd);
	tap_eq(got, 0, "the listing reads to its end");
	tap_eq(lines, (long)want, "one line per channel");
	tap_eq(bad, 0, "every line is '<id> <length>'");
	if ((unsigned long)lines <= want + 1024) {
		qsort(ids, lines, sizeof(*ids), cmp_ulong);
		for (long i = 0; i < lines; i++)
			unique += i == 0 || ids[i] != ids[i - 1];
	}
	tap_eq(unique, (long)want, "each id once");
	tap_diag("kernel memory held rose at most %ld KiB during the listing",
		 peak - base);
	tap_ok(peak - base < 4096,
	       "the listing holds under 4 MiB of kernel memory");
	free(ids);
	return tap_done();
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--existing") == 0)
		return list_existing(atoi(argv[2]),
				     argc > 3 ? strtoul(argv[3], NULL, 10) : 1000000);

	int minor = argc > 1 ? atoi(argv[1]) : 2;
	long n = argc > 2 ? atol(argv[2]) : 100000;
	char dev[64], listing[96], clear[96], msg[MSG_SLOT_MAX_LEN];
	struct tally t = { 0 };
	long missing = 0, twice = 0;
	pid_t child;
	int fd, err;

	snprintf(dev, sizeof(dev), "/dev/slot%d", minor);
	snprintf(listing, sizeof(listing),
		 "/sys/kernel/debug/msgslot/slot%d/channels", minor);
	snprintf(clear, sizeof(clear), "/sys/class/msgslot/slot%d/clear", minor);
	t.seen = calloc(n, 1);
	fd = open(dev, O_RDWR);
	if (fd < 0 || !t.seen)
		tap_bail("open %s: %s", dev, strerror(errno));
	memset(msg, 'x', sizeof(msg));
	for (long i = 0; i < n; i++) {
		ioctl(fd, MSG_SLOT_CHANNEL, id_of(i));
		if (write(fd, msg, len_of(i)) < 0)
			tap_bail("write channel %lu: %s", id_of(i), strerror(errno));
	}
	close(fd);

	err = list(listing, 100, &t, n);
	tap_eq(err, 0, "listing %ld channels in 100-byte reads succeeds", n);
	for (long i = 0; i < n; i++) {
		missing += t.seen[i] == 0;
		twice += t.seen[i] > 1;
	}
	tap_eq(t.lines, n, "it has one line per channel");
	tap_eq(t.bad_lines + t.unknown, 0, "every line is '<id> <length>' of a stored channel");
	tap_eq(missing + twice, 0, "every channel is listed exactly once");
	tap_eq(t.wrong_len, 0, "with its length");

	child = fork();
	if (child == 0)
		churn(dev, clear);
	for (int round = 0; round < 3; round++) {
		t.bad_lines = t.wrong_len = t.unknown = t.lines = 0;
		memset(t.seen, 0, n);
		err = list(listing, 4096, &t, n);
		missing = 0;
		for (long i = 0; i < n; i++)
			missing += t.seen[i] == 0;
		tap_ok(err == 0 && t.bad_lines == 0 && t.unknown == 0 &&
		       t.wrong_len == 0 && missing == 0,
		       "listing %d while another process adds and clears: %ld lines, every untouched channel there",
		       round + 1, t.lines);
		if (err || t.bad_lines || t.unknown || t.wrong_len || missing)
			tap_diag("  err %d, bad %ld, unknown %ld, wrong length %ld, missing %ld",
				 err, t.bad_lines, t.unknown, t.wrong_len, missing);
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	free(t.seen);
	return tap_done();
}
