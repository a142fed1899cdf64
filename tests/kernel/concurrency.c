// SPDX-License-Identifier: GPL-2.0
/*
 * concurrency.c - writers and readers hammer one channel; every message
 * carries what it must look like (tests/lib/selfcheck.h), so a torn read
 * cannot pass unseen.  Then threads share one open file: one switches its
 * channel back and forth, one reads and one writes through it, while
 * another file rewrites the second channel and a thread keeps clearing
 * it (what an open file remembers of its channel is voided under them).
 *
 * Usage: concurrency [SECONDS]   (default 2)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <message_slot.h>

#include "selfcheck.h"
#include "tap.h"

#define DEV "/dev/slot2"
#define CHANNEL 77UL
#define CHANNEL2 78UL
#define CLEAR2 "/sys/class/msgslot/slot2/clear"
#define WRITER_THREADS 2
#define READER_THREADS 2

static struct timespec deadline;	/* set before any fork or thread */

static bool time_up(unsigned long ops)
{
	struct timespec now;

	if (ops % 64)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline.tv_sec ||
	       (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

struct counts {
	unsigned long ops, torn, errors;
};

static int open_on(unsigned long channel)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0 || ioctl(fd, MSG_SLOT_CHANNEL, channel))
		tap_bail("open %s channel %lu: %s", DEV, channel,
			 strerror(errno));
	return fd;
}

static int open_channel(void)
{
	return open_on(CHANNEL);
}

static void write_loop(int fd, uint32_t id, struct counts *c)
{
	uint8_t buf[MSG_SLOT_MAX_LEN];

	for (uint32_t seq = 0; !time_up(c->ops); seq++) {
		size_t len = msg_make(buf, id, seq);

		if (write(fd, buf, len) != (ssize_t)len)
			c->errors++;
		c->ops++;
	}
}

static void run_writer(uint32_t id, struct counts *c)
{
	int fd = open_channel();

	write_loop(fd, id, c);
	close(fd);
}

/* With @may_be_empty, EWOULDBLOCK is an answer too (the channel was cleared). */
static void read_loop(int fd, bool may_be_empty, struct counts *c)
{
	uint8_t buf[MSG_SLOT_MAX_LEN];

	while (!time_up(c->ops)) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && !(may_be_empty && errno == EWOULDBLOCK))
			c->errors++;
		else if (n >= 0 && !msg_check(buf, n))
			c->torn++;
		c->ops++;
	}
}

static void run_reader(struct counts *c)
{
	int fd = open_channel();

	read_loop(fd, false, c);
	close(fd);
}

struct worker {
	pthread_t thread;
	uint32_t id;
	bool writer;
	struct counts counts;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (w->writer)
		run_writer(w->id, &w->counts);
	else
		run_reader(&w->counts);
	return NULL;
}

/* A reader and a writer in child processes too: sharing goes across mm. */
static pid_t spawn(bool writer, int pipefd)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct counts c = { 0 };

		if (writer)
			run_writer(100, &c);
		else
			run_reader(&c);
		if (write(pipefd, &c, sizeof(c)) != sizeof(c))
			_exit(1);
		_exit(0);
	}
	return pid;
}

/* The shared-file phase: each thread's job and what it counted. */
enum share_job { SWITCHER, SHARED_READER, SHARED_WRITER, REWRITER, CLEARER, NJOBS };

struct sharer {
	pthread_t thread;
	enum share_job job;
	int fd;			/* the shared file */
	struct counts counts;
};

static void *sharer_main(void *arg)
{
	struct sharer *s = arg;
	int fd;

	switch (s->job) {
	case SWITCHER:
		while (!time_up(s->counts.ops)) {
			if (ioctl(s->fd, MSG_SLOT_CHANNEL,
				  s->counts.ops % 2 ? CHANNEL : CHANNEL2))
				s->counts.errors++;
			s->counts.ops++;
		}
		break;
	case SHARED_READER:
		read_loop(s->fd, true, &s->counts);
		break;
	case SHARED_WRITER:
		write_loop(s->fd, 200, &s->counts);
		break;
	case REWRITER:
		fd = open_on(CHANNEL2);
		write_loop(fd, 201, &s->counts);
		close(fd);
		break;
	case CLEARER:
		fd = open(CLEAR2, O_WRONLY);
		while (fd >= 0 && !time_up(s->counts.ops)) {
			const struct timespec pause = { .tv_nsec = 200000 };

			if (write(fd, "78", 2) != 2)
				s->counts.errors++;
			nanosleep(&pause, NULL);
			s->counts.ops += 64;	/* time_up() looks every 64 */
		}
		if (fd < 0)
			s->counts.errors++;
		else
			close(fd);
		break;
	default:
		break;
	}
	return NULL;
}

static void shared_file(int seconds)
{
	struct sharer s[NJOBS];
	int fd = open_channel();
	unsigned long errors = 0;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	for (int i = 0; i < NJOBS; i++) {
		s[i] = (struct sharer){ .job = i, .fd = fd };
		pthread_create(&s[i].thread, NULL, sharer_main, &s[i]);
	}
	for (int i = 0; i < NJOBS; i++) {
		pthread_join(s[i].thread, NULL);
		errors += s[i].counts.errors;
	}
	close(fd);
	tap_diag("%d s, one shared file: %lu channel switches, %lu reads, %lu writes; %lu rewrites and %lu clears of channel 78",
		 seconds, s[SWITCHER].counts.ops, s[SHARED_READER].counts.ops,
		 s[SHARED_WRITER].counts.ops, s[REWRITER].counts.ops,
		 s[CLEARER].counts.ops / 64);
	tap_eq((long)s[SHARED_READER].counts.torn, 0,
	       "one file in threads, switched and cleared under it: no torn message");
	tap_eq((long)errors, 0, "and no call failed but EWOULDBLOCK");
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 2;
	struct worker w[WRITER_THREADS + READER_THREADS];
	struct counts reads = { 0 }, writes = { 0 };
	int pipes[2][2];
	pid_t child[2];
	uint8_t buf[MSG_SLOT_MAX_LEN];
	int fd;

	/* Start from a valid message so readers never see EWOULDBLOCK. */
	fd = open_channel();
	if (write(fd, buf, msg_make(buf, 0, 0)) < 0)
		tap_bail("first write: %s", strerror(errno));
	close(fd);

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	for (int i = 0; i < 2; i++) {
		/* Children report through a pipe; fork before threads exist. */
		if (pipe(pipes[i]))
			tap_bail("pipe: %s", strerror(errno));
		child[i] = spawn(i == 0, pipes[i][1]);
	}
	for (int i = 0; i < WRITER_THREADS + READER_THREADS; i++) {
		w[i] = (struct worker){ .id = i + 1, .writer = i < WRITER_THREADS };
		pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
	}
	for (int i = 0; i < WRITER_THREADS + READER_THREADS; i++) {
		struct counts *t = w[i].writer ? &writes : &reads;

		pthread_join(w[i].thread, NULL);
		t->ops += w[i].counts.ops;
		t->torn += w[i].counts.torn;
		t->errors += w[i].counts.errors;
	}
	for (int i = 0; i < 2; i++) {
		struct counts c = { 0 }, *t = i == 0 ? &writes : &reads;
		int status = -1;

		if (read(pipes[i][0], &c, sizeof(c)) != sizeof(c))
			c.errors++;
		waitpid(child[i], &status, 0);
		if (status != 0)
			c.errors++;
		t->ops += c.ops;
		t->torn += c.torn;
		t->errors += c.errors;
	}
	tap_diag("%d s: %lu writes, %lu reads (%d+1 writers, %d+1 readers)",
		 seconds, writes.ops, reads.ops, WRITER_THREADS, READER_THREADS);
	tap_ok(writes.ops > 0 && reads.ops > 0,
	       "writers and readers ran in threads and processes");
	tap_eq((long)reads.torn, 0, "no torn message among %lu concurrent reads",
	       reads.ops);
	tap_eq((long)(reads.errors + writes.errors), 0, "no read or write failed");
	shared_file(seconds);
	return tap_done();
}
