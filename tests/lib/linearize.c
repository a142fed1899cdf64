// SPDX-License-Identifier: GPL-2.0
/* linearize.c - see linearize.h. */
#include <stdio.h>
#include <stdlib.h>

#include "linearize.h"

/* A call or a return, in one doubly linked list in time order. */
struct entry {
	size_t op;
	bool call;
	uint64_t time;
	struct entry *match;	/* a call's return */
	struct entry *prev, *next;
};

/* Seen (set of linearized operations, register value) pairs. */
struct seen {
	uint64_t h1, h2, value;
	bool used;
};

struct cache {
	struct seen *slot;
	size_t size, used;	/* size: a power of two */
};

static uint64_t mix(uint64_t x)
{
	/* splitmix64's finalizer: a well-spread word per operation. */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "linearize: out of memory\n");
		exit(2);
	}
	return p;
}

static bool cache_insert_slot(struct cache *c, uint64_t h1, uint64_t h2,
			      uint64_t value)
{
	size_t i = (size_t)(h1 ^ mix(value)) & (c->size - 1);

	while (c->slot[i].used) {
		const struct seen *s = &c->slot[i];

		if (s->h1 == h1 && s->h2 == h2 && s->value == value)
			return false;
		i = (i + 1) & (c->size - 1);
	}
	c->slot[i] = (struct seen){ h1, h2, value, true };
	c->used++;
	return true;
}

/* Add the pair; false if it was there already. */
static bool cache_add(struct cache *c, uint64_t h1, uint64_t h2, uint64_t value)
{
	if (2 * (c->used + 1) > c->size) {
		struct cache bigger = { xcalloc(2 * c->size, sizeof(struct seen)),
					2 * c->size, 0 };

		for (size_t i = 0; i < c->size; i++)
			if (c->slot[i].used)
				cache_insert_slot(&bigger, c->slot[i].h1,
						  c->slot[i].h2, c->slot[i].value);
		free(c->slot);
		*c = bigger;
	}
	return cache_insert_slot(c, h1, h2, value);
}

/* The register's step: false if @op cannot happen in state @value. */
static bool apply(const struct lin_op *op, uint64_t *value)
{
	switch (op->kind) {
	case LIN_WRITE:
		*value = op->value;
		return true;
	case LIN_CLEAR:
		*value = 0;
		return true;
	case LIN_READ:
		return op->value == *value;
	}
	return false;
}

static int entry_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	/* At the same instant calls come first: the two operations are
	 * taken to overlap, which never invents a violation.
	 */
	if (x->call != y->call)
		return x->call ? -1 : 1;
	return x->op < y->op ? -1 : x->op > y->op;
}

static void lift(struct entry *e)
{
	e->prev->next = e->next;
	if (e->next)
		e->next->prev = e->prev;
}

static void unlift(struct entry *e)
{
	e->prev->next = e;
	if (e->next)
		e->next->prev = e;
}

void lin_check(const struct lin_op *ops, size_t n, unsigned long max_steps,
	       struct lin_result *result)
{
	struct entry *ev = xcalloc(2 * n + 1, sizeof(*ev));
	struct entry **call_of = xcalloc(n + 1, sizeof(struct entry *));
	struct { struct entry *call; uint64_t value; } *stack;
	struct cache cache = { xcalloc(1024, sizeof(struct seen)), 1024, 0 };
	struct entry head = { 0 };
	uint64_t value = 0, h1 = 0, h2 = 0;
	size_t depth = 0;
	struct entry *e;

	*result = (struct lin_result){ .linearizable = true };
	stack = xcalloc(n + 1, sizeof(*stack));
	for (size_t i = 0; i < n; i++) {
		ev[2 * i] = (struct entry){ .op = i, .call = true, .time = ops[i].inv };
		ev[2 * i + 1] = (struct entry){ .op = i, .time = ops[i].res };
	}
	qsort(ev, 2 * n, sizeof(*ev), entry_order);
	e = &head;
	for (size_t i = 0; i < 2 * n; i++) {
		ev[i].prev = e;
		e->next = &ev[i];
		e = &ev[i];
		if (ev[i].call)
			call_of[ev[i].op] = &ev[i];
		else
			call_of[ev[i].op]->match = &ev[i];
	}

	e = head.next;
	while (head.next) {
		if (++result->steps > max_steps) {
			result->gave_up = true;
			result->linearizable = false;
			break;
		}
		if (e->call) {
			uint64_t next = value;
			uint64_t n1 = h1 ^ mix(2 * e->op);
			uint64_t n2 = h2 ^ mix(2 * e->op + 1);

			if (apply(&ops[e->op], &next) &&
			    cache_add(&cache, n1, n2, next)) {
				stack[depth].call = e;
				stack[depth++].value = value;
				value = next;
				h1 = n1;
				h2 = n2;
				lift(e);
				lift(e->match);
				e = head.next;
			} else {
				e = e->next;
			}
			continue;
		}
		/* A response whose call is not placed: undo the last choice. */
		if (depth >= result->depth) {
			result->depth = depth;
			result->stuck = e->op;
		}
		if (depth == 0) {
			result->linearizable = false;
			break;
		}
		e = stack[--depth].call;
		value = stack[depth].value;
		h1 ^= mix(2 * e->op);
		h2 ^= mix(2 * e->op + 1);
		unlift(e->match);
		unlift(e);
		e = e->next;
	}
	free(cache.slot);
	free(stack);
	free(call_of);
	free(ev);
}

const char *lin_describe(const struct lin_op *op, char *buf, size_t size)
{
	switch (op->kind) {
	case LIN_WRITE:
		snprintf(buf, size, "write %#llx", (unsigned long long)op->value);
		break;
	case LIN_READ:
		if (op->value)
			snprintf(buf, size, "read %#llx", (unsigned long long)op->value);
		else
			snprintf(buf, size, "read (empty)");
		break;
	case LIN_CLEAR:
		snprintf(buf, size, "clear");
		break;
	}
	return buf;
}
