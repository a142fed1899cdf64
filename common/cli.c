// SPDX-License-Identifier: GPL-2.0
/* cli.c - the programs' shared command-line conventions (cli.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef MSGSLOT_VERSION
#define MSGSLOT_VERSION "unknown"
#endif

static const char *name = "msgslot";

void cli_set_name(int argc, char **argv)
{
	if (argc > 0 && argv[0][0]) {
		const char *slash = strrchr(argv[0], '/');

		name = slash ? slash + 1 : argv[0];
	}
}

const char *cli_name(void)
{
	return name;
}

void cli_version(void)
{
	printf("%s (msgslot) %s\n", name, MSGSLOT_VERSION);
}

/* "NAME: MESSAGE" on standard error, with the --help hint for @usage. */
static void message(const char *fmt, va_list ap, bool usage)
{
	fprintf(stderr, "%s: ", name);
	vfprintf(stderr, fmt, ap);
	if (usage)
		fprintf(stderr, "; try '%s --help'", name);
	fputc('\n', stderr);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(fmt, ap, false);
	va_end(ap);
	return EXIT_FAILURE;
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(fmt, ap, true);
	va_end(ap);
	return EXIT_USAGE;
}
