/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what every msgslot program does the same way on its command
 * line: its name in messages, --version, usage errors and their exit
 * status.  Compiled into each program (not a library call: it prints).
 */
#ifndef MSGSLOT_CLI_H
#define MSGSLOT_CLI_H

/* Exit status of a usage error (0 success, 1 failure). */
#define EXIT_USAGE 2

/* Take the program's name from argv[0] (its last path component). */
void cli_set_name(int argc, char **argv);

/* The program's name, for messages. */
const char *cli_name(void);

/* Print "NAME (msgslot) VERSION" to standard output. */
void cli_version(void);

/* Print "NAME: MESSAGE" to standard error and return EXIT_FAILURE. */
int cli_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Print "NAME: MESSAGE; try 'NAME --help'" to standard error, one line
 * as every error of these programs is, and return EXIT_USAGE.
 */
int cli_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
