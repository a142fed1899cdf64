// SPDX-License-Identifier: GPL-2.0
/*
 * waiting.c - the benchmark's figures for waiting and for access by id:
 *
 *   wakeup_ns      write in one process to the return from epoll_wait in
 *                  another: median and 99th percentile, for msgslot, a pipe
 *                  and an eventfd
 *   waiters_ns     ns per write to a channel of a slot where no file waits,
 *                  and of one where WAITING files wait (in epoll, in
 *                  another process) on other channels
 *   byid_ns        ns per MSG_SLOT_RECEIVE over 1,000 channels in turn, per
 *                  select+read of the same, and per read(2) of 16 bytes of
 *                  /dev/zero (the one-syscall floor)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "kmem.h"

#define WAKEUPS 2000
#define WAITING 10000

static void fail(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

enum wake_kind { WAKE_MSGSLOT, WAKE_PIPE, WAKE_EVENTFD, NWAKE };
static const char *const wake_names[NWAKE] = { "msgslot", "pipe", "eventfd" };

/*
 * The waiter: epoll_wait on @rfd, note when it returned, consume, say so
 * on @ready, again.  The writer notes when it wrote just before writing.
 * msgslot's reads do not consume: every run takes a channel no earlier
 * run wrote, or its waiter's first epoll_wait would return at once for
 * the last run's message and every later wake-up be paired with the
 * write before its own (negative latencies).
 */
static void wakeup_run(enum wake_kind kind, double *lat, int n)
{
	static unsigned long channel = 900;

	size_t bytes = (size_t)n * sizeof(double);
	volatile double *shared = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int ready[2], p[2] = { -1, -1 }, rfd, wfd;
	char buf[MSG_SLOT_MAX_LEN], token;
	uint64_t one = 1;
	pid_t pid;

	if (shared == MAP_FAILED || pipe(ready))
		fail("wakeup setup");
	if (kind == WAKE_MSGSLOT) {
		rfd = open("/dev/slot0", O_RDWR);
		wfd = open("/dev/slot0", O_RDWR);
		channel++;
		if (rfd < 0 || wfd < 0 || ioctl(rfd, MSG_SLOT_CHANNEL, channel) ||
		    ioctl(wfd, MSG_SLOT_CHANNEL, channel))
			fail("wakeup: msgslot");
	} else if (kind == WAKE_PIPE) {
		if (pipe(p))
			fail("wakeup: pipe");
		rfd = p[0];
		wfd = p[1];
	} else {
		rfd = wfd = eventfd(0, 0);
		if (rfd < 0)
			fail("wakeup: eventfd");
	}
	pid = fork();
	if (pid == 0) {
		struct epoll_event e = { .events = EPOLLIN };
		int ep = epoll_create1(0);

		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, rfd, &e))
			_exit(1);
		close(ready[0]);
		for (int i = 0; i < n; i++) {
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			if (epoll_wait(ep, &e, 1, -1) != 1)
				_exit(1);
			shared[i] = now_ns();
			if (read(rfd, buf, kind == WAKE_EVENTFD ? 8 : sizeof(buf)) <= 0)
				_exit(1);
		}
		_exit(0);
	}
	close(ready[1]);	/* a waiter that dies ends the read below */
	for (int i = 0; i < n; i++) {
		struct timespec settle = { 0, 200000 };	/* it is asleep by then */
		double t;

		if (read(ready[0], &token, 1) != 1)
			fail("wakeup: the waiter");
		nanosleep(&settle, NULL);
		t = now_ns();
		if ((kind == WAKE_EVENTFD ? write(wfd, &one, 8) : write(wfd, "m", 1)) < 1)
			fail("wakeup: write");
		lat[i] = t;
	}
	waitpid(pid, NULL, 0);
	for (int i = 0; i < n; i++) {
		lat[i] = shared[i] - lat[i];
		if (lat[i] < 0) {
			fprintf(stderr, "bench: wake-up %d of %s came before its write (%.0f ns): not a latency\n",
				i, wake_names[kind], lat[i]);
			exit(1);
		}
	}
	close(ready[0]);
	if (rfd != wfd)
		close(rfd);
	close(wfd);
	munmap((void *)shared, bytes);
}

/* Interleaved: ROUNDS rounds of WAKEUPS / ROUNDS wake-ups of each. */
#define ROUNDS 5

void bench_wakeup(void)
{
	static double lat[NWAKE][WAKEUPS];
	const int per = WAKEUPS / ROUNDS;

	for (int r = 0; r < ROUNDS; r++) {
		fprintf(stderr, "# wake-up latency: round %d of %d\n", r + 1, ROUNDS);
		for (int k = 0; k < NWAKE; k++)
			wakeup_run(k, lat[k] + (ptrdiff_t)r * per, per);
	}
	for (int k = 0; k < NWAKE; k++) {
		printf("wakeup_ns,%s,p50,%.0f\n", wake_names[k], percentile(lat[k], WAKEUPS, 0.5));
		printf("wakeup_ns,%s,p99,%.0f\n", wake_names[k], percentile(lat[k], WAKEUPS, 0.99));
	}
}

/* ns per write of 16 bytes to @fd's channel. */
static double time_writes(int fd, long n)
{
	double start = now_ns();

	for (long i = 0; i < n; i++)
		if (write(fd, "sixteen bytes ok", 16) != 16)
			fail("waiters: write");
	return (now_ns() - start) / (double)n;
}

/*
 * slot5: nobody waits.  slot6: WAITING files on channels 1..WAITING in one
 * epoll of a child blocked in epoll_wait.  The timed writes go to channel
 * WAITING + 1 of each, interleaved.
 */
void bench_waiters(int reps, long n)
{
	struct rlimit rl = { WAITING + 64, WAITING + 64 };
	double quiet[32], busy[32], again[32], ratio[32], control[32];
	int calm, loud, ready[2];
	char token;
	pid_t pid;

	if (setrlimit(RLIMIT_NOFILE, &rl) || pipe(ready))
		fail("waiters: setup");
	pid = fork();
	if (pid == 0) {
		struct epoll_event e = { .events = EPOLLIN };
		int ep = epoll_create1(0);

		for (unsigned long i = 1; i <= WAITING; i++) {
			int fd = open("/dev/slot6", O_RDWR);

			if (fd < 0 || ioctl(fd, MSG_SLOT_CHANNEL, i) ||
			    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e))
				_exit(1);
		}
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		epoll_wait(ep, &e, 1, -1);	/* until killed */
		_exit(0);
	}
	close(ready[1]);	/* a child that dies ends the read below */
	if (read(ready[0], &token, 1) != 1)
		fail("waiters: the child with 10,000 files");
	calm = open("/dev/slot5", O_RDWR);
	loud = open("/dev/slot6", O_RDWR);
	if (calm < 0 || loud < 0 ||
	    ioctl(calm, MSG_SLOT_CHANNEL, WAITING + 1UL) ||
	    ioctl(loud, MSG_SLOT_CHANNEL, WAITING + 1UL))
		fail("waiters: open");
	time_writes(calm, n / 10);
	time_writes(loud, n / 10);
	if (reps > 32)
		reps = 32;
	for (int r = 0; r < reps; r++) {
		fprintf(stderr, "# waiters: repetition %d of %d\n", r + 1, reps);
		quiet[r] = time_writes(calm, n);
		busy[r] = time_writes(loud, n);
		again[r] = time_writes(calm, n);
		/* Against the quiet writes on either side of the busy ones;
		 * the control is those two against each other (the noise).
		 */
		ratio[r] = 2 * busy[r] / (quiet[r] + again[r]);
		control[r] = again[r] / quiet[r];
	}
	printf("waiters_ns,msgslot,0,%.0f\n", median(quiet, reps));
	printf("waiters_ns,msgslot,%d,%.0f\n", WAITING, median(busy, reps));
	printf("waiters_ratio,busy,q1,%.4f\n", percentile(ratio, reps, 0.25));
	printf("waiters_ratio,busy,q3,%.4f\n", percentile(ratio, reps, 0.75));
	printf("waiters_ratio,busy,p50,%.4f\n", median(ratio, reps));
	printf("waiters_ratio,control,q1,%.4f\n", percentile(control, reps, 0.25));
	printf("waiters_ratio,control,q3,%.4f\n", percentile(control, reps, 0.75));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(calm);
	close(loud);
	close(ready[0]);
}

/* Channels id_scatter(1..1000) of /dev/slot1 hold 16 bytes, one 128 (bench_flat). */
void bench_byid(int reps, long n)
{
	double byid[32], twocalls[32], floor1[32];
	int fd = open("/dev/slot1", O_RDWR), zero = open("/dev/zero", O_RDONLY);
	char buf[MSG_SLOT_MAX_LEN];

	if (fd < 0 || zero < 0)
		fail("byid: open");
	if (reps > 32)
		reps = 32;
	for (int r = 0; r < reps; r++) {
		double start;

		fprintf(stderr, "# receive by id: repetition %d of %d\n", r + 1, reps);
		start = now_ns();
		for (long i = 0; i < n; i++) {
			struct msg_slot_receive rc = {
				.channel = id_scatter(1 + i % 1000),
				.buf = (uintptr_t)buf, .size = sizeof(buf),
			};

			if (ioctl(fd, MSG_SLOT_RECEIVE, &rc) || rc.length == 0)
				fail("byid: receive");
		}
		byid[r] = (now_ns() - start) / (double)n;
		start = now_ns();
		for (long i = 0; i < n; i++)
			if (ioctl(fd, MSG_SLOT_CHANNEL, (unsigned long)id_scatter(1 + i % 1000)) ||
			    read(fd, buf, sizeof(buf)) <= 0)
				fail("byid: select and read");
		twocalls[r] = (now_ns() - start) / (double)n;
		start = now_ns();
		for (long i = 0; i < n; i++)
			if (read(zero, buf, 16) != 16)
				fail("byid: /dev/zero");
		floor1[r] = (now_ns() - start) / (double)n;
	}
	printf("byid_ns,receive,1000,%.0f\n", median(byid, reps));
	printf("byid_ns,select_read,1000,%.0f\n", median(twocalls, reps));
	printf("byid_ns,floor_read,16,%.0f\n", median(floor1, reps));
	close(fd);
	close(zero);
}
