/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h - the ways to pass a message that the benchmark compares.
 */
#ifndef MSGSLOT_BENCH_H
#define MSGSLOT_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include <message_slot.h>

/* One endpoint pair of a mechanism; each thread of a run has its own. */
struct way {
	int wfd, rfd;		/* write and read ends (same fd for msgslot) */
	int queue;		/* POSIX mqd_t or System V msqid */
};

struct mechanism {
	const char *name;	/* CSV subject */
	const char *label;	/* for the table */
	/* Open the endpoints; for msgslot, @channel of @dev. */
	int (*open)(struct way *w, const char *dev, unsigned long channel);
	/* Pass @len bytes of @msg and read them back into @buf. */
	bool (*pair)(struct way *w, const char *msg, size_t len,
		     char buf[MSG_SLOT_MAX_LEN]);
	void (*close)(struct way *w);
};

/* floor, msgslot, pipe, socketpair, posix_mq, sysv_mq; NULL-terminated. */
extern const struct mechanism *const mechanisms[];
extern const struct mechanism mech_floor, mech_msgslot;

/* Read the message of a msgslot way only (the readers run). */
bool msgslot_read_only(struct way *w, size_t len, char buf[MSG_SLOT_MAX_LEN]);
bool msgslot_write_only(struct way *w, const char *msg, size_t len);

/* bench.c: CLOCK_MONOTONIC ns; median and percentile @p (0..1) of @v (sorts it). */
double now_ns(void);
double median(double *v, int n);
double percentile(double *v, int n, double p);

/* waiting.c: wake-up latency, writes among waiters, receive by id. */
void bench_wakeup(void);
void bench_waiters(int reps, long n);
void bench_byid(int reps, long n);

#endif
