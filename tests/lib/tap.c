// SPDX-License-Identifier: GPL-2.0
/* tap.c - see tap.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static unsigned int tap_count, tap_failed;

static bool tap_result(bool pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %u - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return pass;
}

bool tap_ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pass = tap_result(pass, fmt, ap);
	va_end(ap);
	return pass;
}

bool tap_errno(long ret, int err, const char *fmt, ...)
{
	int got = errno;
	bool pass = ret == -1 && got == err;
	va_list ap;

	va_start(ap, fmt);
	tap_result(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag("  want -1 and %s, got %ld and %s", strerror(err), ret,
			 ret == -1 ? strerror(got) : "no error");
	return pass;
}

bool tap_eq(long got, long want, const char *fmt, ...)
{
	int err = errno;
	bool pass = got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_result(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag("  want %ld, got %ld (errno %s)", want, got,
			 strerror(err));
	return pass;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void tap_bail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_result(false, fmt, ap);
	va_end(ap);
	tap_done();
	exit(EXIT_FAILURE);
}

int tap_done(void)
{
	printf("1..%u\n", tap_count);
	fflush(stdout);
	return tap_failed || !tap_count ? EXIT_FAILURE : EXIT_SUCCESS;
}
