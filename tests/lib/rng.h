/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rng.h - the tests' random numbers: xorshift64*, seeded by the caller
 * (so that a failing run can be repeated from its printed seed).
 */
#ifndef MSGSLOT_RNG_H
#define MSGSLOT_RNG_H

#include <stdint.h>

/* One generator per process; any non-zero seed. */
static uint64_t rng;

static inline void rng_seed(uint64_t seed, unsigned int stream)
{
	rng = seed * 0x9e3779b97f4a7c15ULL + stream + 1;
}

static inline uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

#endif
