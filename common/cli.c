// SPDX-License-Identifier: GPL-2.0
/* cli.c - the programs' shared command-line conventions (cli.h). */
#include <stdarg.h>
#include <stdio.h>
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

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; try '%s --help'\n", name);
	return EXIT_USAGE;
}
