// SPDX-License-Identifier: GPL-2.0
/*
 * concurrency.c - writers and readers hammer one channel; every message
 * carries what it must look like (tests/lib/selfcheck.h), so a torn read
 * cannot pass unseen.
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

static int open_channel(void)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0 || ioctl(fd, MSG_SLOT_CHANNEL, CHANNEL))
		tap_bail("open %s channel %lu: %s", DEV, CHANNEL,
			 strerror(errno));
	return fd;
}

static void run_writer(uint32_t id, struct counts *c)
{
	uint8_t buf[MSG_SLOT_MAX_LEN];
	int fd = open_channel();

	for (uint32_t seq = 0; !time_up(c->ops); seq++) {
		size_t len = msg_make(buf, id, seq);

		if (write(fd, buf, len) != (ssize_t)len)
			c->errors++;
		c->ops++;
	}
	close(fd);
}

static void run_reader(struct counts *c)
{
	uint8_t buf[MSG_SLOT_MAX_LEN];
	int fd = open_channel();

	while (!time_up(c->ops)) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0)
			c->errors++;
		else if (!msg_check(buf, n))
			c->torn++;
		c->ops++;
	}
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
	return tap_done();
}
