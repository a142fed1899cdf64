// SPDX-License-Identifier: GPL-2.0
/*
 * test_linearize.c - the linearizability checker (tests/lib/linearize.c)
 * on histories whose answer is known: small hand-made ones, including
 * the two anomalies a store that unlinks a channel before marking it dead
 * produces, and large random ones made from a real sequential run (so
 * linearizable), then each made wrong by one planted stale read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "linearize.h"
#include "rng.h"
#include "tap.h"

#define W(v, a, b) { (a), (b), (v), LIN_WRITE, 0 }
#define R(v, a, b) { (a), (b), (v), LIN_READ, 0 }
#define C(a, b) { (a), (b), 0, LIN_CLEAR, 0 }
#define STEPS 10000000UL

static bool check(const struct lin_op *ops, size_t n)
{
	struct lin_result r;

	lin_check(ops, n, STEPS, &r);
	return r.linearizable && !r.gave_up;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void hand_made(void)
{
	const struct lin_op sequential[] = {
		R(0, 0, 1), W(1, 2, 3), R(1, 4, 5), W(2, 6, 7), R(2, 8, 9),
		C(10, 11), R(0, 12, 13),
	};
	const struct lin_op overlapping[] = {
		W(1, 0, 1), W(2, 10, 20), R(1, 11, 12), R(2, 13, 14),
		R(2, 21, 22),
	};
	/* The reader overlapping the write saw it, a later reader did not. */
	const struct lin_op new_then_old[] = {
		W(1, 0, 1), W(2, 10, 20), R(2, 11, 12), R(1, 13, 14),
	};
	/* "B, then A, then B": a write replaces A by B ... */
	const struct lin_op b_a_b[] = {
		W(0xa, 0, 1), W(0xb, 10, 30), R(0xb, 12, 13), R(0xa, 14, 15),
		R(0xb, 31, 32),
	};
	/* ... and "empty, then A, then empty" across a clear. */
	const struct lin_op empty_a_empty[] = {
		W(0xa, 0, 1), C(10, 30), R(0, 12, 13), R(0xa, 14, 15),
		R(0, 31, 32),
	};
	const struct lin_op stale[] = {
		W(1, 0, 1), W(2, 2, 3), R(1, 4, 5),
	};
	const struct lin_op never_written[] = {
		W(1, 0, 10), R(7, 2, 3),
	};
	/* Two writers racing, readers agreeing on either order. */
	const struct lin_op race_ok[] = {
		W(1, 0, 10), W(2, 0, 10), R(2, 5, 6), R(1, 7, 8), R(1, 11, 12),
	};
	const struct lin_op race_bad[] = {
		W(1, 0, 10), W(2, 0, 10), R(2, 5, 6), R(1, 7, 8), R(2, 11, 12),
	};
	/* Equal times count as overlapping. */
	const struct lin_op touching[] = {
		W(1, 0, 5), R(0, 5, 6),
	};

	tap_ok(check(sequential, N(sequential)), "a sequential history is linearizable");
	tap_ok(check(overlapping, N(overlapping)), "a read overlapping a write may see either value");
	tap_ok(!check(new_then_old, N(new_then_old)), "new value, then old value: not linearizable");
	tap_ok(!check(b_a_b, N(b_a_b)), "B, then A, then B across a replace: not linearizable");
	tap_ok(!check(empty_a_empty, N(empty_a_empty)), "empty, then A, then empty across a clear: not linearizable");
	tap_ok(!check(stale, N(stale)), "a read after a completed write returns the older value: not linearizable");
	tap_ok(!check(never_written, N(never_written)), "a read of a value nobody wrote: not linearizable");
	tap_ok(check(race_ok, N(race_ok)), "racing writers, readers agree on one order: linearizable");
	tap_ok(!check(race_bad, N(race_bad)), "racing writers, readers disagree on the order: not linearizable");
	tap_ok(check(touching, N(touching)), "operations that touch at one instant may be in either order");
	tap_ok(check(NULL, 0), "the empty history is linearizable");
}

/*
 * A history from a real run: @procs processes each run one operation at a
 * time against a register; each operation takes effect at its own instant
 * (the real order) and its invocation and response are spread around it,
 * so that neighbours overlap.
 */
static struct lin_op *random_history(size_t n, unsigned int procs)
{
	struct lin_op *ops = calloc(n, sizeof(*ops));
	uint64_t *busy = calloc(procs, sizeof(*busy));
	uint64_t value = 0, now = 1000;

	if (!ops || !busy)
		tap_bail("out of memory");
	for (size_t i = 0; i < n; i++) {
		unsigned int p = (unsigned int)(next() % procs);
		uint64_t lp, r = next() % 100;

		now += 1 + next() % 5;
		lp = now;
		ops[i].proc = p;
		/* The process must be free: its last operation returned. */
		if (busy[p] >= lp)
			lp = busy[p] + 1;
		now = lp;
		ops[i].inv = lp - next() % 20;
		if (ops[i].inv <= busy[p])
			ops[i].inv = busy[p] + 1;
		if (ops[i].inv > lp)
			ops[i].inv = lp;
		ops[i].res = lp + next() % 20;
		busy[p] = ops[i].res;
		if (r < 45) {
			ops[i].kind = LIN_WRITE;
			ops[i].value = i + 1;
			value = i + 1;
		} else if (r < 95) {
			ops[i].kind = LIN_READ;
			ops[i].value = value;
		} else {
			ops[i].kind = LIN_CLEAR;
			value = 0;
		}
	}
	free(busy);
	return ops;
}

static void random_histories(void)
{
	const size_t n = 20000;
	unsigned int planted = 0, caught = 0, procs = 6;
	struct lin_result r;
	struct lin_op *ops;

	rng_seed(1, 0);
	ops = random_history(n, procs);
	lin_check(ops, n, STEPS, &r);
	tap_ok(r.linearizable, "a %zu-operation history of %u processes from a real run is linearizable (%lu steps)",
	       n, procs, r.steps);

	/* Plant one stale read: it returns a value written and overwritten
	 * by operations that both returned before it was invoked.
	 */
	for (size_t i = 0; i < n && planted < 20; i++) {
		size_t w1, w2;

		if (ops[i].kind != LIN_READ)
			continue;
		for (w2 = i; w2 > 0 && !(ops[w2 - 1].kind == LIN_WRITE &&
					 ops[w2 - 1].res < ops[i].inv); w2--)
			;
		if (w2 == 0)
			continue;
		w2--;
		for (w1 = w2; w1 > 0 && !(ops[w1 - 1].kind == LIN_WRITE &&
					  ops[w1 - 1].res < ops[w2].inv); w1--)
			;
		if (w1 == 0)
			continue;
		w1--;
		uint64_t saved = ops[i].value;

		ops[i].value = ops[w1].value;
		planted++;
		lin_check(ops, n, STEPS, &r);
		if (!r.linearizable && !r.gave_up)
			caught++;
		ops[i].value = saved;
		i += n / 20;
	}
	tap_ok(planted > 10 && caught == planted,
	       "each planted stale read is found (%u of %u)", caught, planted);
	free(ops);
}

int main(void)
{
	hand_made();
	random_histories();
	return tap_done();
}
