// SPDX-License-Identifier: GPL-2.0
/*
 * wakeup.c - no lost wake-up, and wake-ups only where they belong.
 *
 * Torture: WAITERS threads wait for a message, each on its own open file,
 * in poll(2), level-triggered or edge-triggered epoll, all on one channel
 * or each on its own; a writer runs rounds: it writes every watched
 * channel (in some rounds while another thread clears them, writing again
 * if the clear came last), then waits until every waiter has read a
 * message of that round.  No write comes until then, so a waiter that
 * misses the round's last write sleeps until its timeout (TIMEOUT_MS):
 * timeouts are counted and must be 0.  A round that takes longer than
 * that fails too.
 *
 * Many files: FILES files on FILES channels of one slot, all in one
 * edge-triggered epoll; a write to each channel in turn must give exactly
 * one event, for its file, and a second epoll_wait nothing.
 *
 * Usage: wakeup [ROUNDS [FILES]]  (default 300 10000)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <message_slot.h>

#include "tap.h"

#define DEV "/dev/slot2"
#define CLEAR "/sys/class/msgslot/slot2/clear"
#define WAITERS 4
#define TIMEOUT_MS 2000
#define BASE 7000UL

enum mode { MODE_POLL, MODE_EPOLL_LT, MODE_EPOLL_ET };
static const char *const mode_names[] = { "poll", "epoll", "edge-triggered epoll" };

struct torture {
	enum mode mode;
	bool many;			/* each waiter its own channel */
	atomic_uint round;		/* the round being written */
	atomic_uint acks;		/* waiters that read it */
	atomic_uint timeouts;
	atomic_bool stop;
	atomic_uint clear_go;		/* round whose clear may start */
	atomic_uint clear_done;
	int clear_fd;
};

struct waiter {
	struct torture *t;
	unsigned int i;
	pthread_t thread;
};

static int open_channel(unsigned long channel)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0 || ioctl(fd, MSG_SLOT_CHANNEL, channel))
		tap_bail("%s channel %lu: %s", DEV, channel, strerror(errno));
	return fd;
}

static unsigned long channel_of(const struct torture *t, unsigned int i)
{
	return BASE + (t->many ? i : 0);
}

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	struct torture *t = w->t;
	int fd = open_channel(channel_of(t, w->i)), ep = -1;
	unsigned int want = 1;

	if (t->mode != MODE_POLL) {
		struct epoll_event e = { .events = EPOLLIN };

		if (t->mode == MODE_EPOLL_ET)
			e.events |= EPOLLET;
		ep = epoll_create1(0);
		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e))
			tap_bail("epoll: %s", strerror(errno));
	}
	while (!atomic_load(&t->stop)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct epoll_event e;
		unsigned int got;
		char buf[MSG_SLOT_MAX_LEN];
		ssize_t n;
		int r;

		r = ep < 0 ? poll(&p, 1, TIMEOUT_MS) :
			     epoll_wait(ep, &e, 1, TIMEOUT_MS);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && !atomic_load(&t->stop) &&
		    atomic_load(&t->round) >= want)
			atomic_fetch_add(&t->timeouts, 1);
		/* Read whatever is there: it marks it read. */
		n = read(fd, buf, sizeof(buf) - 1);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		got = (unsigned int)strtoul(buf, NULL, 10);
		if (got >= want) {
			want = got + 1;
			atomic_fetch_add(&t->acks, 1);
		}
	}
	if (ep >= 0)
		close(ep);
	close(fd);
	return NULL;
}

static void clear_all_channels(struct torture *t)
{
	char text[32];
	int len;

	for (unsigned int i = 0; i < (t->many ? WAITERS : 1); i++) {
		len = snprintf(text, sizeof(text), "%lu", channel_of(t, i));
		pwrite(t->clear_fd, text, len, 0);
	}
}

/* Clears the channels in the rounds the writer tells it to. */
static void *clearer_main(void *arg)
{
	struct torture *t = arg;
	unsigned int done = 0;

	while (!atomic_load(&t->stop)) {
		unsigned int go = atomic_load(&t->clear_go);

		if (go == done) {
			sched_yield();
			continue;
		}
		clear_all_channels(t);
		done = go;
		atomic_store(&t->clear_done, done);
	}
	return NULL;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void torture(enum mode mode, bool many, unsigned int rounds)
{
	struct torture t = { .mode = mode, .many = many };
	struct waiter w[WAITERS];
	unsigned int slow = 0, clears = 0, channels = many ? WAITERS : 1;
	int wfd = open_channel(BASE);
	pthread_t clearer;
	int64_t worst = 0;

	t.clear_fd = open(CLEAR, O_WRONLY);
	if (t.clear_fd < 0)
		tap_bail("%s: %s", CLEAR, strerror(errno));
	clear_all_channels(&t);
	for (unsigned int i = 0; i < WAITERS; i++) {
		w[i] = (struct waiter){ .t = &t, .i = i };
		pthread_create(&w[i].thread, NULL, waiter_main, &w[i]);
	}
	pthread_create(&clearer, NULL, clearer_main, &t);
	usleep(100000);		/* let them reach their first wait */
	for (unsigned int r = 1; r <= rounds; r++) {
		char msg[32];
		int len = snprintf(msg, sizeof(msg), "%u", r);
		bool racing = r % 4 == 0;
		int64_t start = now_ms();

		atomic_store(&t.acks, 0);
		atomic_store(&t.round, r);
		if (racing) {
			atomic_store(&t.clear_go, r);
			clears++;
		}
		for (unsigned int c = 0; c < channels; c++) {
			struct msg_slot_send s = { .channel = channel_of(&t, c),
						   .buf = (uintptr_t)msg,
						   .length = (uint32_t)len };

			if (ioctl(wfd, MSG_SLOT_SEND, &s))
				tap_bail("send: %s", strerror(errno));
		}
		if (racing) {
			while (atomic_load(&t.clear_done) != r)
				sched_yield();
			/* If the clear came last, the round's message is gone:
			 * write it again, after which nothing races.
			 */
			for (unsigned int c = 0; c < channels; c++) {
				struct msg_slot_receive rc = {
					.channel = channel_of(&t, c),
					.buf = (uintptr_t)(char[MSG_SLOT_MAX_LEN]){ 0 },
					.size = MSG_SLOT_MAX_LEN };
				struct msg_slot_send s = { .channel = channel_of(&t, c),
							   .buf = (uintptr_t)msg,
							   .length = (uint32_t)len };

				if (ioctl(wfd, MSG_SLOT_RECEIVE, &rc) && errno == EWOULDBLOCK)
					ioctl(wfd, MSG_SLOT_SEND, &s);
			}
		}
		while (atomic_load(&t.acks) < WAITERS) {
			if (now_ms() - start > 3LL * TIMEOUT_MS) {
				slow++;
				break;
			}
			sched_yield();
		}
		if (now_ms() - start > worst)
			worst = now_ms() - start;
	}
	atomic_store(&t.stop, true);
	/* Wake them to see stop. */
	for (unsigned int c = 0; c < channels; c++) {
		struct msg_slot_send s = { .channel = channel_of(&t, c),
					   .buf = (uintptr_t)"0", .length = 1 };

		ioctl(wfd, MSG_SLOT_SEND, &s);
	}
	for (unsigned int i = 0; i < WAITERS; i++)
		pthread_join(w[i].thread, NULL);
	pthread_join(clearer, NULL);
	close(t.clear_fd);
	close(wfd);
	tap_ok(atomic_load(&t.timeouts) == 0 && slow == 0,
	       "%s, %d waiters on %s: %u rounds (%u with racing clears), %u timeouts, %u rounds unfinished, slowest %lld ms",
	       mode_names[mode], WAITERS, many ? "a channel each" : "one channel",
	       rounds, clears, atomic_load(&t.timeouts), slow, (long long)worst);
}

/* FILES files on FILES channels in one edge-triggered epoll. */
static void many_files(unsigned int files)
{
	struct rlimit rl = { files + 64, files + 64 };
	struct epoll_event ev[8];
	unsigned int wrong = 0, extra = 0;
	int *fd, ep, wfd = open_channel(1);

	if (setrlimit(RLIMIT_NOFILE, &rl))
		tap_bail("setrlimit(%u files): %s", files + 64, strerror(errno));
	fd = calloc(files, sizeof(*fd));
	ep = epoll_create1(0);
	if (!fd || ep < 0)
		tap_bail("epoll_create1: %s", strerror(errno));
	for (unsigned int i = 0; i < files; i++) {
		struct epoll_event e = { .events = EPOLLIN | EPOLLET, .data.u32 = i };

		fd[i] = open_channel(BASE + 100 + i);
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &e))
			tap_bail("epoll_ctl %u: %s", i, strerror(errno));
	}
	tap_eq(epoll_wait(ep, ev, 8, 0), 0, "%u files on %u empty channels in one epoll: no event",
	       files, files);
	for (unsigned int i = 0; i < files; i++) {
		struct msg_slot_send s = { .channel = BASE + 100 + i,
					   .buf = (uintptr_t)"m", .length = 1 };
		int n;

		ioctl(wfd, MSG_SLOT_SEND, &s);
		n = epoll_wait(ep, ev, 8, TIMEOUT_MS);
		if (n != 1 || ev[0].data.u32 != i)
			wrong++;
		if (epoll_wait(ep, ev, 8, 0) != 0)
			extra++;
	}
	tap_ok(wrong == 0 && extra == 0,
	       "a write to each of %u channels wakes exactly its file, once (%u wrong, %u repeated)",
	       files, wrong, extra);
	for (unsigned int i = 0; i < files; i++)
		close(fd[i]);
	close(ep);
	close(wfd);
	free(fd);
}

int main(int argc, char **argv)
{
	unsigned int rounds = argc > 1 ? (unsigned int)atoi(argv[1]) : 300;
	unsigned int files = argc > 2 ? (unsigned int)atoi(argv[2]) : 10000;

	for (enum mode m = MODE_POLL; m <= MODE_EPOLL_ET; m++) {
		torture(m, false, rounds);
		torture(m, true, rounds);
	}
	many_files(files);
	return tap_done();
}
