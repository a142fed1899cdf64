// SPDX-License-Identifier: GPL-2.0
/*
 * model.c - model-based random testing of the device contract.
 *
 * A user-space model of the contract (slots, channels, the channel each
 * open file selected, the last message of each channel) and a driver that
 * runs seeded random sequences of open, ioctl, write, read, send and
 * receive by id, close and clear, invalid arguments included, comparing
 * every result and errno with the model.  The model also knows each
 * message's sequence number (once the kernel has told it one: they must
 * only grow per channel, across clears too) and, for every open file,
 * whether poll must report its channel's message unread: after every
 * operation each open file is polled and checked.  Several processes run
 * at once on the same slots, each with its own channel ids, so each one's
 * model stays exact.
 *
 * Usage: model [OPS_PER_PROCESS [PROCESSES [SEED]]]  (default 3000 4 time)
 * On a mismatch it prints the seed, the operation number and both sides.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <message_slot.h>

#include "rng.h"
#include "tap.h"

#define SLOTS 4			/* /dev/slot0..3 */
#define CHANNELS 6		/* per process: ids base+1..base+6 */
#define FILES 8			/* open files a process juggles */

struct message {
	size_t len;		/* 0: none */
	unsigned char data[MSG_SLOT_MAX_LEN];
	unsigned int version;	/* successful writes so far */
	uint64_t seq;		/* its sequence number; 0: not known yet */
	uint64_t last_seq;	/* the highest the channel ever had */
};

struct model {
	struct message msg[SLOTS][CHANNELS + 1];
	struct {
		int fd;		/* -1: closed */
		int slot;
		unsigned long channel;	/* 0: none selected */
		unsigned int read_version;	/* the version it read */
	} file[FILES];
};

/* A write stored a new message (sequence number @seq, 0 if not told). */
static void model_written(struct message *msg, const unsigned char *data,
			  size_t len, uint64_t seq)
{
	msg->len = len;
	memcpy(msg->data, data, len);
	msg->version++;
	msg->seq = seq;
	if (seq)
		msg->last_seq = seq;
}

/*
 * The kernel said @msg's sequence number is @seq: it must be the one it
 * said before, or (first time) above every earlier one of the channel.
 */
static bool model_seq(struct message *msg, uint64_t seq)
{
	if (msg->seq)
		return seq == msg->seq;
	if (seq <= msg->last_seq)
		return false;
	msg->seq = msg->last_seq = seq;
	return true;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(next() % n);
}

/* What the kernel did, and what the model says it should have. */
struct outcome {
	long ret;
	int err;
};

static bool same(struct outcome got, struct outcome want)
{
	return got.ret == want.ret && (got.ret >= 0 || got.err == want.err);
}

static struct outcome ok(long ret)
{
	return (struct outcome){ ret, 0 };
}

static struct outcome fail(int err)
{
	return (struct outcome){ -1, err };
}

static struct outcome real(long ret)
{
	return (struct outcome){ ret, ret < 0 ? errno : 0 };
}

static unsigned long channel_id(unsigned long base, unsigned int c)
{
	return base + c;
}

/* Index of @id among this process's channels, or 0 if it is not one. */
static unsigned int channel_index(unsigned long base, unsigned long id)
{
	return id > base && id <= base + CHANNELS ? (unsigned int)(id - base) : 0;
}

static int clear_channel(int slot, unsigned long id)
{
	char path[64], text[32];
	int fd, len, ret;

	snprintf(path, sizeof(path), "/sys/class/msgslot/slot%d/clear", slot);
	len = snprintf(text, sizeof(text), "%lu", id);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ret = write(fd, text, len) == len ? 0 : -1;
	close(fd);
	return ret;
}

/* Every open file's poll(2) readiness against the model's. */
static bool readiness(struct model *m, unsigned long base, char *what,
		      size_t what_size)
{
	for (unsigned int f = 0; f < FILES; f++) {
		struct pollfd p = { .fd = m->file[f].fd, .events = POLLIN | POLLOUT };
		const struct message *msg;
		short want = POLLERR;

		if (p.fd < 0)
			continue;
		if (m->file[f].channel) {
			msg = &m->msg[m->file[f].slot]
				     [channel_index(base, m->file[f].channel)];
			want = POLLOUT;
			if (msg->len && m->file[f].read_version < msg->version)
				want |= POLLIN;
		}
		if (poll(&p, 1, 0) < 0 || p.revents != want) {
			snprintf(what + strlen(what), what_size - strlen(what),
				 ": then file %u polls %#x, model says %#x", f,
				 (unsigned int)p.revents, (unsigned int)want);
			return false;
		}
	}
	return true;
}

/* One random operation; returns false (after printing why) on a mismatch. */
static bool step(struct model *m, unsigned long base, unsigned long op,
		 char *what, size_t what_size)
{
	unsigned char buf[MSG_SLOT_MAX_LEN + 64], data[MSG_SLOT_MAX_LEN + 64];
	unsigned int f = pick(FILES), kind = pick(100);
	struct outcome got, want;
	struct message *msg;
	size_t len;

	(void)op;
	if (m->file[f].fd < 0 || kind < 8) {		/* open (or reopen) */
		int slot = (int)pick(SLOTS);
		char path[32];

		if (m->file[f].fd >= 0)
			close(m->file[f].fd);
		snprintf(path, sizeof(path), "/dev/slot%d", slot);
		snprintf(what, what_size, "open(%s) as file %u", path, f);
		m->file[f].fd = open(path, O_RDWR);
		m->file[f].slot = slot;
		m->file[f].channel = 0;
		m->file[f].read_version = 0;
		return m->file[f].fd >= 0 && readiness(m, base, what, what_size);
	}
	if (kind < 25) {				/* ioctl */
		unsigned int r = pick(10);
		unsigned long id = r == 0 ? 0 : channel_id(base, 1 + pick(CHANNELS));
		unsigned int cmd = r == 1 ? _IOW(MSG_SLOT_MAJOR, 1, unsigned long) :
				   r == 2 ? MSG_SLOT_CHANNEL_U32 : MSG_SLOT_CHANNEL;

		snprintf(what, what_size, "ioctl(file %u, %#x, %lu)", f, cmd, id);
		got = real(ioctl(m->file[f].fd, cmd, id));
		if (id == 0 || r == 1) {
			want = fail(EINVAL);
		} else {
			want = ok(0);
			m->file[f].channel = id;
			m->file[f].read_version = 0;
		}
	} else if (kind < 55) {				/* write */
		unsigned int r = pick(20);
		bool bad_ptr = r == 0;

		len = r == 1 ? 0 : r == 2 ? MSG_SLOT_MAX_LEN + 1 + pick(40) :
		      r == 3 ? MSG_SLOT_MAX_LEN : 1 + pick(MSG_SLOT_MAX_LEN);
		for (size_t i = 0; i < len && i < sizeof(data); i++)
			data[i] = (unsigned char)next();
		snprintf(what, what_size, "write(file %u, %s, %zu)", f,
			 bad_ptr ? "NULL" : "buf", len);
		got = real(write(m->file[f].fd, bad_ptr ? NULL : data, len));
		if (!m->file[f].channel)
			want = fail(EINVAL);
		else if (len == 0 || len > MSG_SLOT_MAX_LEN)
			want = fail(EMSGSIZE);
		else if (bad_ptr)
			want = fail(EFAULT);
		else {
			want = ok((long)len);
			msg = &m->msg[m->file[f].slot]
				     [channel_index(base, m->file[f].channel)];
			model_written(msg, data, len, 0);
		}
	} else if (kind < 62) {				/* send by id */
		unsigned int r = pick(10), c = 1 + pick(CHANNELS);
		unsigned long id = r == 0 ? 0 : channel_id(base, c);
		struct msg_slot_send sd = { .channel = id };

		len = r == 1 ? 0 : 1 + pick(MSG_SLOT_MAX_LEN);
		for (size_t i = 0; i < len; i++)
			data[i] = (unsigned char)next();
		sd.buf = (uintptr_t)data;
		sd.length = (uint32_t)len;
		snprintf(what, what_size, "send(file %u, channel %lu, %zu)", f, id, len);
		got = real(ioctl(m->file[f].fd, MSG_SLOT_SEND, &sd));
		if (!id && !m->file[f].channel)
			want = fail(EINVAL);
		else if (len == 0)
			want = fail(EMSGSIZE);
		else {
			want = ok(0);
			if (!id)
				id = m->file[f].channel;
			msg = &m->msg[m->file[f].slot][channel_index(base, id)];
			if (same(got, want) && sd.seq <= msg->last_seq) {
				snprintf(what + strlen(what), what_size - strlen(what),
					 ": sequence number %llu, not above %llu",
					 (unsigned long long)sd.seq,
					 (unsigned long long)msg->last_seq);
				return false;
			}
			model_written(msg, data, len, sd.seq);
		}
	} else if (kind < 70) {				/* receive by id */
		unsigned int r = pick(10), c = 1 + pick(CHANNELS);
		unsigned long id = r == 0 ? 0 : channel_id(base, c);
		struct msg_slot_receive rc = { .channel = id,
					       .buf = (uintptr_t)buf,
					       .size = sizeof(buf) };
		unsigned long sel = m->file[f].channel;

		snprintf(what, what_size, "receive(file %u, channel %lu)", f, id);
		memset(buf, 0xee, sizeof(buf));
		got = real(ioctl(m->file[f].fd, MSG_SLOT_RECEIVE, &rc));
		if (!id)
			id = sel;
		msg = id ? &m->msg[m->file[f].slot][channel_index(base, id)] : NULL;
		if (!msg)
			want = fail(EINVAL);
		else if (!msg->len)
			want = fail(EWOULDBLOCK);
		else
			want = ok(0);
		if (same(got, want) && got.ret == 0) {
			if (rc.length != msg->len ||
			    memcmp(buf, msg->data, msg->len) != 0 ||
			    rc.pid != getpid() || rc.uid != geteuid() ||
			    !model_seq(msg, rc.seq)) {
				snprintf(what + strlen(what), what_size - strlen(what),
					 ": message or metadata differ from the model's (seq %llu, known %llu, last %llu)",
					 (unsigned long long)rc.seq,
					 (unsigned long long)msg->seq,
					 (unsigned long long)msg->last_seq);
				return false;
			}
			if (id == sel)
				m->file[f].read_version = msg->version;
		}
	} else if (kind < 90) {				/* read */
		unsigned int r = pick(10);
		bool bad_ptr = r == 0;
		size_t size = r == 1 ? 0 : r == 2 ? 1 + pick(MSG_SLOT_MAX_LEN) :
			      sizeof(buf);

		memset(buf, 0xee, sizeof(buf));
		snprintf(what, what_size, "read(file %u, %s, %zu)", f,
			 bad_ptr ? "NULL" : "buf", size);
		got = real(read(m->file[f].fd, bad_ptr ? NULL : buf, size));
		msg = m->file[f].channel ?
		      &m->msg[m->file[f].slot][channel_index(base, m->file[f].channel)] :
		      NULL;
		if (!msg)
			want = fail(EINVAL);
		else if (!msg->len)
			want = fail(EWOULDBLOCK);
		else if (size < msg->len)
			want = fail(ENOSPC);
		else if (bad_ptr)
			want = fail(EFAULT);
		else
			want = ok((long)msg->len);
		if (same(got, want) && got.ret > 0 &&
		    (memcmp(buf, msg->data, msg->len) != 0 ||
		     buf[msg->len] != 0xee)) {
			snprintf(what + strlen(what), what_size - strlen(what),
				 ": the bytes differ from the model's message");
			return false;
		}
		if (same(got, want) && got.ret > 0)
			m->file[f].read_version = msg->version;
	} else if (kind < 95) {				/* close */
		snprintf(what, what_size, "close(file %u)", f);
		got = real(close(m->file[f].fd));
		want = ok(0);
		m->file[f].fd = -1;
	} else {					/* clear one channel */
		int slot = (int)pick(SLOTS);
		unsigned int c = 1 + pick(CHANNELS);

		snprintf(what, what_size, "clear slot%d channel %lu", slot,
			 channel_id(base, c));
		got = real(clear_channel(slot, channel_id(base, c)));
		want = ok(0);
		m->msg[slot][c].len = 0;
		m->msg[slot][c].seq = 0;	/* the next one numbers above */
	}
	if (same(got, want))
		return readiness(m, base, what, what_size);
	snprintf(what + strlen(what), what_size - strlen(what),
		 ": got %ld (%s), model says %ld (%s)", got.ret,
		 got.ret < 0 ? strerror(got.err) : "ok", want.ret,
		 want.ret < 0 ? strerror(want.err) : "ok");
	return false;
}

/* One process's run; 0 if every operation matched. */
static int run(unsigned int proc, unsigned long ops, uint64_t seed)
{
	unsigned long base = 0x5a000000UL + proc * 1000UL;
	struct model *m = calloc(1, sizeof(*m));
	char what[256];

	if (!m)
		return 2;
	rng_seed(seed, proc);
	for (int f = 0; f < FILES; f++)
		m->file[f].fd = -1;
	for (int s = 0; s < SLOTS; s++)
		for (unsigned int c = 1; c <= CHANNELS; c++)
			clear_channel(s, channel_id(base, c));
	for (unsigned long op = 1; op <= ops; op++) {
		if (!step(m, base, op, what, sizeof(what))) {
			printf("# process %u, seed %llu, operation %lu: %s\n",
			       proc, (unsigned long long)seed, op, what);
			fflush(stdout);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long ops = argc > 1 ? strtoul(argv[1], NULL, 10) : 3000;
	unsigned int procs = argc > 2 ? (unsigned int)atoi(argv[2]) : 4;
	uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) :
			(uint64_t)time(NULL) ^ (uint64_t)getpid();
	unsigned int failed = 0;

	tap_diag("seed %llu: %u processes x %lu operations (rerun: model %lu %u %llu)",
		 (unsigned long long)seed, procs, ops, ops, procs,
		 (unsigned long long)seed);
	for (unsigned int p = 0; p < procs; p++)
		if (fork() == 0)
			_exit(run(p, ops, seed));
	for (unsigned int p = 0; p < procs; p++) {
		int status;

		wait(&status);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	}
	tap_eq(failed, 0, "%lu random operations in %u processes all match the model (seed %llu)",
	       ops * procs, procs, (unsigned long long)seed);
	return tap_done();
}
