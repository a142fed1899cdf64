// SPDX-License-Identifier: GPL-2.0
/*
 * linearize.c - concurrent histories of the device, checked for
 * linearizability (tests/lib/linearize.h).
 *
 * Several processes run random writes, reads and clears (of one channel,
 * and now and then of the whole slot) on a few channels of one slot.  Most
 * go through the process's own open file per channel, which remembers
 * where its channel is; a quarter go through one more file that selects
 * the channel first (as message_reader does), which looks it up afresh;
 * an eighth are MSG_SLOT_SEND and MSG_SLOT_RECEIVE by channel id through
 * that file, without selecting, hint or no hint as its selection happens
 * to match.  Races between the two kinds of access across a replace or a clear are
 * what an unlink-before-mark-dead store gets wrong.  Messages are
 * self-checking (tests/lib/selfcheck.h).  Their lengths follow the clock:
 * every PHASE_NS all writers move to another of three length ranges, each
 * its own allocation size, so a channel is replaced about once a phase and
 * rewritten in place between; a store mutex kept busy by replaces on every
 * write would rarely leave a hint standing across a replace, and the
 * interesting races are between the two.  Each operation is logged with its
 * invocation and response times (CLOCK_MONOTONIC) and its result; then
 * each channel's history is checked against a register that starts empty.
 *
 * Usage: linearize [OPERATIONS [PROCESSES [SEED]]]  (default 100000 4 time)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <message_slot.h>

#include "linearize.h"
#include "selfcheck.h"
#include "rng.h"
#include "tap.h"

#define DEV "/dev/slot255"
#define CLEAR "/sys/class/msgslot/slot255/clear"
#define CHANNELS 3
#define FIRST_CHANNEL 4001UL
#define ALL_CHANNELS CHANNELS	/* channel index of a clear of the slot */
#define MAX_STEPS 200000000UL
#define PHASE_NS 1500000ULL

/* Message lengths of each phase: three kmalloc sizes of a channel. */
static const struct { unsigned int min, max; } phase_len[] = {
	{ 8, 16 }, { 17, 48 }, { 49, MSG_SLOT_MAX_LEN },
};

struct record {
	struct lin_op op;
	unsigned int channel;	/* index, or ALL_CHANNELS */
	int error;		/* an unexpected errno, or -1 for a torn read */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void put_clear(int fd, const char *what)
{
	ssize_t len = (ssize_t)strlen(what);

	if (pwrite(fd, what, (size_t)len, 0) != len)
		tap_bail("write %s: %s", CLEAR, strerror(errno));
}

/*
 * A self-checking message of @len bytes (tests/lib/selfcheck.c makes its
 * length a function of writer and sequence: 8 + (13 * writer + seq) % 121),
 * unique for each @k.  Returns its sequence number.
 */
static uint32_t make_len(uint8_t *buf, uint32_t writer, uint32_t k,
			 unsigned int len)
{
	uint32_t seq = 121 * k + (len - 8 + 121 * 13 - (13 * writer) % 121) % 121;

	if (msg_make(buf, writer, seq) != len)
		tap_bail("make_len: %u bytes asked, %zu made", len,
			 msg_make(buf, writer, seq));
	return seq;
}

/* MSG_SLOT_SEND, MSG_SLOT_RECEIVE: return as write(2) and read(2) do. */
static ssize_t send_id(int fd, unsigned long channel, const uint8_t *msg,
		       size_t len)
{
	struct msg_slot_send s = { .channel = channel, .buf = (uintptr_t)msg,
				   .length = (uint32_t)len };

	return ioctl(fd, MSG_SLOT_SEND, &s) ? -1 : (ssize_t)len;
}

static ssize_t receive_id(int fd, unsigned long channel, uint8_t *buf)
{
	struct msg_slot_receive r = { .channel = channel, .buf = (uintptr_t)buf,
				      .size = MSG_SLOT_MAX_LEN };

	return ioctl(fd, MSG_SLOT_RECEIVE, &r) ? -1 : (ssize_t)r.length;
}

/* One process: @n operations, logged into @log. */
static void run(unsigned int proc, size_t n, struct record *log)
{
	uint8_t buf[MSG_SLOT_MAX_LEN];
	int fd[CHANNELS], clear_fd, roam;
	char id[32];

	for (unsigned int c = 0; c < CHANNELS; c++) {
		fd[c] = open(DEV, O_RDWR);
		if (fd[c] < 0 || ioctl(fd[c], MSG_SLOT_CHANNEL, FIRST_CHANNEL + c))
			tap_bail("open %s: %s", DEV, strerror(errno));
	}
	roam = open(DEV, O_RDWR);
	clear_fd = open(CLEAR, O_WRONLY);
	if (roam < 0 || clear_fd < 0)
		tap_bail("open %s: %s", CLEAR, strerror(errno));

	for (size_t i = 0; i < n; i++) {
		struct record *r = &log[i];
		unsigned int c = (unsigned int)(next() % CHANNELS);
		unsigned int dice = (unsigned int)(next() % 1000);
		unsigned int how = (unsigned int)(next() % 8);
		bool by_id = how == 0;
		int f = fd[c];
		ssize_t got;

		/* The roaming file: selecting a channel voids its hint. */
		if (how == 1 || how == 2) {
			f = roam;
			if (ioctl(roam, MSG_SLOT_CHANNEL, FIRST_CHANNEL + c))
				tap_bail("ioctl: %s", strerror(errno));
		}
		if (by_id)
			f = roam;

		r->channel = c;
		r->op.proc = proc;
		if (dice < 400) {
			unsigned int ph = (unsigned int)(now_ns() / PHASE_NS % 3);
			unsigned int len = phase_len[ph].min + (unsigned int)(next() %
				(phase_len[ph].max - phase_len[ph].min + 1));
			uint32_t seq = make_len(buf, proc + 1, (uint32_t)i, len);

			r->op.kind = LIN_WRITE;
			r->op.value = (uint64_t)(proc + 1) << 32 | seq;
			r->op.inv = now_ns();
			got = by_id ? send_id(f, FIRST_CHANNEL + c, buf, len) :
				      write(f, buf, len);
			r->op.res = now_ns();
			if (got != (ssize_t)len)
				r->error = got < 0 ? errno : EIO;
		} else if (dice < 980) {
			r->op.kind = LIN_READ;
			r->op.inv = now_ns();
			got = by_id ? receive_id(f, FIRST_CHANNEL + c, buf) :
				      read(f, buf, sizeof(buf));
			r->op.res = now_ns();
			if (got < 0 && errno != EWOULDBLOCK) {
				r->error = errno;
			} else if (got >= 0 && !msg_check(buf, got)) {
				r->error = -1;
			} else if (got >= 0) {
				uint32_t writer, wseq;

				memcpy(&writer, buf, 4);
				memcpy(&wseq, buf + 4, 4);
				r->op.value = (uint64_t)writer << 32 | wseq;
			}
		} else {
			r->op.kind = LIN_CLEAR;
			if (dice >= 995)
				r->channel = ALL_CHANNELS;
			if (r->channel == ALL_CHANNELS)
				snprintf(id, sizeof(id), "all");
			else
				snprintf(id, sizeof(id), "%lu", FIRST_CHANNEL + c);
			r->op.inv = now_ns();
			put_clear(clear_fd, id);
			r->op.res = now_ns();
		}
	}
	for (unsigned int c = 0; c < CHANNELS; c++)
		close(fd[c]);
	close(roam);
	close(clear_fd);
}

static void report(const struct lin_op *ops, size_t n,
		   const struct lin_result *r)
{
	const struct lin_op *stuck = &ops[r->stuck];
	char what[64];

	tap_diag("stuck at %s by process %u, [%llu, %llu] ns, with %zu operations placed; overlapping it:",
		 lin_describe(stuck, what, sizeof(what)), stuck->proc,
		 (unsigned long long)stuck->inv, (unsigned long long)stuck->res,
		 r->depth);
	for (size_t i = 0, shown = 0; i < n && shown < 24; i++) {
		if (ops[i].res + 20000 < stuck->inv || ops[i].inv > stuck->res + 20000)
			continue;
		tap_diag("  process %u: %-24s [%+lld, %+lld] ns", ops[i].proc,
			 lin_describe(&ops[i], what, sizeof(what)),
			 (long long)(ops[i].inv - stuck->inv),
			 (long long)(ops[i].res - stuck->inv));
		shown++;
	}
}

/* What the rounds add up to. */
struct totals {
	size_t kinds[3], empty_reads, torn, errors, rounds;
	bool children_ok;
	size_t ops[CHANNELS];		/* per channel, over all rounds */
	unsigned long steps[CHANNELS];
	unsigned int failed[CHANNELS], gave_up[CHANNELS];
};

/* One round: @procs processes, @per operations each, then the check. */
static void one_round(unsigned int procs, size_t per, unsigned long seed,
		      struct totals *t)
{
	size_t n = per * procs;
	struct record *log;
	struct lin_op *ops;
	int status, clear_fd;

	log = mmap(NULL, n * sizeof(*log), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (log == MAP_FAILED)
		tap_bail("mmap: %s", strerror(errno));

	/* Every channel starts empty, as the register does.  (A slot of a
	 * hand-made node appears, with its sysfs files, on its first open.)
	 */
	status = open(DEV, O_RDONLY);
	if (status < 0)
		tap_bail("open %s: %s", DEV, strerror(errno));
	close(status);
	clear_fd = open(CLEAR, O_WRONLY);
	if (clear_fd < 0)
		tap_bail("open %s: %s", CLEAR, strerror(errno));
	put_clear(clear_fd, "all");
	close(clear_fd);

	for (unsigned int p = 0; p < procs; p++) {
		pid_t pid = fork();

		if (pid < 0)
			tap_bail("fork: %s", strerror(errno));
		if (pid == 0) {
			rng_seed(seed, p);
			run(p, per, log + (size_t)p * per);
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			t->children_ok = false;

	for (size_t i = 0; i < n; i++) {
		t->kinds[log[i].op.kind]++;
		if (log[i].op.kind == LIN_READ && !log[i].error && !log[i].op.value)
			t->empty_reads++;
		if (log[i].error == -1)
			t->torn++;
		else if (log[i].error)
			t->errors++;
	}

	ops = calloc(n + 1, sizeof(*ops));
	if (!ops)
		tap_bail("out of memory");
	for (unsigned int c = 0; c < CHANNELS; c++) {
		struct lin_result r;
		size_t m = 0;

		/* A clear of the slot is a clear of each channel, each at its
		 * own instant within the operation.
		 */
		for (size_t i = 0; i < n; i++)
			if (log[i].channel == c || log[i].channel == ALL_CHANNELS)
				ops[m++] = log[i].op;
		lin_check(ops, m, MAX_STEPS, &r);
		t->ops[c] += m;
		t->steps[c] += r.steps;
		if (r.gave_up) {
			t->gave_up[c]++;
		} else if (!r.linearizable) {
			t->failed[c]++;
			tap_diag("round %zu (seed %lu), channel %lu: not linearizable",
				 t->rounds + 1, seed, FIRST_CHANNEL + c);
			report(ops, m, &r);
		}
	}
	t->rounds++;
	free(ops);
	munmap(log, n * sizeof(*log));
}

/* Rounds of at most this many operations bound the guest memory used. */
#define ROUND_OPS 200000

int main(int argc, char **argv)
{
	size_t total = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
	unsigned int procs = argc > 2 ? (unsigned int)atoi(argv[2]) : 4;
	unsigned long seed = argc > 3 ? strtoul(argv[3], NULL, 0) : (unsigned long)time(NULL);
	struct totals t = { .children_ok = true };
	size_t done = 0, per;

	if (procs == 0 || procs > 64 || total < procs)
		tap_bail("usage: linearize [OPERATIONS [PROCESSES(1..64) [SEED]]]");
	tap_diag("%zu operations, %u processes, %d channels, seed %lu", total,
		 procs, CHANNELS, seed);
	while (done + procs <= total) {
		size_t n = total - done < ROUND_OPS ? total - done : ROUND_OPS;

		per = n / procs;
		one_round(procs, per, seed + t.rounds, &t);
		done += per * procs;
	}
	tap_ok(t.children_ok, "%u processes ran %zu operations in %zu rounds",
	       procs, done, t.rounds);
	tap_diag("%zu writes, %zu reads (%zu of an empty channel), %zu clears",
		 t.kinds[LIN_WRITE], t.kinds[LIN_READ], t.empty_reads,
		 t.kinds[LIN_CLEAR]);
	tap_eq((long)t.torn, 0, "no read returned a torn message");
	tap_eq((long)t.errors, 0, "no operation failed");
	for (unsigned int c = 0; c < CHANNELS; c++) {
		tap_ok(!t.failed[c] && !t.gave_up[c],
		       "channel %lu: each history is linearizable (%zu operations, %lu search steps)",
		       FIRST_CHANNEL + c, t.ops[c], t.steps[c]);
		if (t.failed[c] || t.gave_up[c])
			tap_diag("  %u of %zu histories not linearizable, %u gave up",
				 t.failed[c], t.rounds, t.gave_up[c]);
	}
	return tap_done();
}
