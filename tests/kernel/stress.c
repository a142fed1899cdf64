// SPDX-License-Identifier: GPL-2.0
/*
 * stress.c - many processes and threads for a bounded time on one slot:
 * self-checked writes and reads, open/close churn, concurrent clears and
 * rmmod attempts.  Afterwards the slot's counters in sysfs must equal what
 * the workers counted, and its channels and bytes must match the debugfs
 * listing.  (Leaks: kmemleak, in make check-debug.)
 *
 * Usage: stress [SECONDS [CHANNELS]]   (default 3, 4: contention;
 *        many channels spread the load)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <message_slot.h>

#include "selfcheck.h"
#include "kfile.h"
#include "tap.h"

#define MINOR 1
#define PROCESSES 3
#define THREADS 2
#define SYS "/sys/class/msgslot/slot1/"

struct counts {
	unsigned long writes, reads, opens, torn, errors;
};

static struct timespec deadline;
static unsigned long channels;

static bool time_up(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline.tv_sec ||
	       (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

struct worker {
	pthread_t thread;
	uint32_t id;
	struct counts c;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	uint64_t rng = w->id * 0x9e3779b97f4a7c15ULL + 1;
	uint8_t buf[MSG_SLOT_MAX_LEN];
	uint32_t seq = 0;
	int fd = open("/dev/slot1", O_RDWR);

	if (fd < 0) {
		w->c.errors++;
		return NULL;
	}
	while (!time_up()) {
		unsigned long ch;
		unsigned int r;
		ssize_t n;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		ch = 1 + rng % channels;
		r = (unsigned int)(rng >> 40) % 100;
		if (r >= 90) {			/* open/close churn */
			int extra = open("/dev/slot1", O_RDWR);

			if (extra < 0 || ioctl(extra, MSG_SLOT_CHANNEL, ch)) {
				w->c.errors++;
			} else {
				w->c.opens++;
				n = read(extra, buf, sizeof(buf));
				if (n > 0) {
					w->c.reads++;
					w->c.torn += !msg_check(buf, n);
				}
			}
			if (extra >= 0)
				close(extra);
			continue;
		}
		if (ioctl(fd, MSG_SLOT_CHANNEL, ch)) {
			w->c.errors++;
			continue;
		}
		if (r < 45) {
			size_t len = msg_make(buf, w->id, seq++);

			if (write(fd, buf, len) == (ssize_t)len)
				w->c.writes++;
			else
				w->c.errors++;
		} else {
			n = read(fd, buf, sizeof(buf));
			if (n > 0) {
				w->c.reads++;
				w->c.torn += !msg_check(buf, n);
			} else if (errno != EWOULDBLOCK) {
				w->c.errors++;	/* none yet, or cleared: fine */
			}
		}
	}
	close(fd);
	return NULL;
}

/* A process of THREADS workers; reports its sums through @out. */
static void process(unsigned int p, int out)
{
	struct worker w[THREADS];
	struct counts sum = { 0 };

	for (unsigned int t = 0; t < THREADS; t++) {
		w[t] = (struct worker){ .id = p * THREADS + t + 1 };
		pthread_create(&w[t].thread, NULL, work, &w[t]);
	}
	for (unsigned int t = 0; t < THREADS; t++) {
		pthread_join(w[t].thread, NULL);
		sum.writes += w[t].c.writes;
		sum.reads += w[t].c.reads;
		sum.opens += w[t].c.opens;
		sum.torn += w[t].c.torn;
		sum.errors += w[t].c.errors;
	}
	_exit(write(out, &sum, sizeof(sum)) == sizeof(sum) ? 0 : 1);
}

static atomic_ulong clears, rmmods, rmmod_succeeded;

static void *clearer(void *arg)
{
	char id[32];
	unsigned long k = 0;

	(void)arg;
	while (!time_up()) {
		snprintf(id, sizeof(id), "%lu", 1 + k % channels);
		kfile_put(SYS "clear", ++k % 50 ? id : "all");
		atomic_fetch_add(&clears, 1);
		usleep(500);
	}
	return NULL;
}

static void *unloader(void *arg)
{
	(void)arg;
	while (!time_up()) {
		if (syscall(SYS_delete_module, "message_slot", O_NONBLOCK) == 0)
			atomic_fetch_add(&rmmod_succeeded, 1);
		atomic_fetch_add(&rmmods, 1);
		usleep(5000);
	}
	return NULL;
}

/* Lines, and the sum of lengths, of the debugfs listing. */
static void listing(long *lines, long *bytes)
{
	unsigned long id;
	unsigned int len;
	FILE *f = fopen("/sys/kernel/debug/msgslot/slot1/channels", "r");

	*lines = *bytes = 0;
	while (f && fscanf(f, "%lu %u %*u %*u %*u %*u", &id, &len) == 2) {
		(*lines)++;
		*bytes += len;
	}
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 3;
	struct counts sum = { 0 };
	pthread_t helpers[2];
	long writes0, reads0, lines, bytes;
	int pipes[PROCESSES][2], held;

	channels = argc > 2 ? strtoul(argv[2], NULL, 10) : 4;
	/* Held to the end: rmmod must be refused even as workers finish. */
	held = open("/dev/slot1", O_RDONLY);
	if (held < 0)
		tap_bail("open /dev/slot1: %s", strerror(errno));
	kfile_put(SYS "clear", "all");
	writes0 = kfile_get(SYS "writes");
	reads0 = kfile_get(SYS "reads");
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;

	for (unsigned int p = 0; p < PROCESSES; p++) {
		if (pipe(pipes[p]))
			tap_bail("pipe: %s", strerror(errno));
		if (fork() == 0)
			process(p, pipes[p][1]);
	}
	pthread_create(&helpers[0], NULL, clearer, NULL);
	pthread_create(&helpers[1], NULL, unloader, NULL);
	for (unsigned int p = 0; p < PROCESSES; p++) {
		struct counts c = { 0 };
		int status;

		if (read(pipes[p][0], &c, sizeof(c)) != sizeof(c))
			c.errors++;
		wait(&status);
		sum.writes += c.writes;
		sum.reads += c.reads;
		sum.opens += c.opens;
		sum.torn += c.torn;
		sum.errors += c.errors;
	}
	pthread_join(helpers[0], NULL);
	pthread_join(helpers[1], NULL);
	close(held);

	tap_diag("%d s, %lu channels, %d processes x %d threads: %lu writes, %lu reads, %lu opens, %lu clears, %lu rmmod attempts",
		 seconds, channels, PROCESSES, THREADS, sum.writes, sum.reads,
		 sum.opens, (unsigned long)clears, (unsigned long)rmmods);
	tap_ok(sum.writes > 0 && sum.reads > 0 && clears > 0 && rmmods > 0,
	       "writers, readers, churn, clears and rmmod attempts all ran (%lu channels)",
	       channels);
	tap_eq((long)sum.torn, 0, "no torn message among %lu reads", sum.reads);
	tap_eq((long)sum.errors, 0, "no unexpected error");
	tap_eq((long)rmmod_succeeded, 0, "every rmmod was refused while files were open");
	tap_eq(kfile_get(SYS "writes") - writes0, (long)sum.writes,
	       "sysfs writes equals the writes the workers counted");
	tap_eq(kfile_get(SYS "reads") - reads0, (long)sum.reads,
	       "sysfs reads equals the reads the workers counted");
	listing(&lines, &bytes);
	tap_eq(kfile_get(SYS "channels"), lines, "sysfs channels equals the listing's lines");
	tap_eq(kfile_get(SYS "bytes"), bytes, "sysfs bytes equals the listing's lengths");
	kfile_put(SYS "clear", "all");
	tap_eq(kfile_get(SYS "channels") + kfile_get(SYS "bytes"), 0, "clear all leaves 0 channels, 0 bytes");
	return tap_done();
}
