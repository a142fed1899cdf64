/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linearize.h - a linearizability checker for one channel's history.
 *
 * A channel is a register that starts empty: a write sets its value, a
 * clear empties it, a read returns the value (0 for empty).  A history is
 * a set of operations, each with the time it was invoked and the time it
 * returned; it is linearizable if some order of all of them, each placed
 * at one instant between its invocation and its response, is a valid
 * sequential run of the register.
 *
 * The search is Wing and Gong's, with Lowe's memoization (the one
 * Porcupine and Knossos use): linearize the earliest pending call that the
 * register allows, backtrack when a response is reached whose call is not
 * linearized yet, and never visit the same (set of linearized operations,
 * register value) twice.  Sets are kept as 128-bit Zobrist hashes.
 * Linearizability is local (Herlihy and Wing), so a history of many
 * channels is checked one channel at a time.
 */
#ifndef MSGSLOT_LINEARIZE_H
#define MSGSLOT_LINEARIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lin_kind { LIN_WRITE, LIN_READ, LIN_CLEAR };

struct lin_op {
	uint64_t inv;		/* invoked (ns, one clock for all) */
	uint64_t res;		/* returned, >= inv */
	uint64_t value;		/* written, or read (0: empty); unused by clear */
	enum lin_kind kind;
	unsigned int proc;	/* who ran it, for reports */
};

struct lin_result {
	bool linearizable;
	bool gave_up;		/* over the step budget: no verdict */
	unsigned long steps;	/* operations linearized, backtracks included */
	/* Not linearizable: the operation whose response came while it
	 * could not be placed, on the deepest try (an index into ops).
	 */
	size_t stuck;
	size_t depth;		/* operations placed on that try */
};

/* Check @n operations of one channel; @max_steps bounds the search. */
void lin_check(const struct lin_op *ops, size_t n, unsigned long max_steps,
	       struct lin_result *result);

/* "write 0x..." / "read 0x..." / "clear", for reports. */
const char *lin_describe(const struct lin_op *op, char *buf, size_t size);

#endif
