/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a small TAP producer for the msgslot tests.
 *
 * Results are numbered in order; tap_done() prints the plan last ("1..N")
 * and returns the exit status: 0 only if every result passed.
 */
#ifndef MSGSLOT_TAP_H
#define MSGSLOT_TAP_H

#include <stdbool.h>

__attribute__((format(printf, 2, 3)))
bool tap_ok(bool pass, const char *fmt, ...);

/* Pass when @ret is -1 and errno is @err. */
__attribute__((format(printf, 3, 4)))
bool tap_errno(long ret, int err, const char *fmt, ...);

/* Pass when @got equals @want. */
__attribute__((format(printf, 3, 4)))
bool tap_eq(long got, long want, const char *fmt, ...);

__attribute__((format(printf, 1, 2)))
void tap_diag(const char *fmt, ...);

/* Stop here: report a failure and exit; for broken test preconditions. */
__attribute__((format(printf, 1, 2), noreturn))
void tap_bail(const char *fmt, ...);

int tap_done(void);

#endif
