/* SPDX-License-Identifier: GPL-2.0 */
/*
 * output.h - msgslotctl's one printer: rows of typed cells become an
 * aligned table, raw lines, a "Label: value" record or JSON, from the same
 * calls, so every command's text and JSON cannot drift apart.
 */
#ifndef MSGSLOTCTL_OUTPUT_H
#define MSGSLOTCTL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum out_kind {
	OUT_STRING,
	OUT_NUMBER,
	OUT_SIZE,	/* a byte count: human (1.5K) unless exact is asked */
	OUT_MSEC,	/* a duration in ms: human (1.5s, 3m05s) in tables,
			 * seconds (1.500) elsewhere */
	OUT_RATE,	/* thousandths per second: 3.5 or 120 in tables,
			 * 3.500 elsewhere */
};

struct out_column {
	const char *name;	/* header and -o name, e.g. "CHANNELS" */
	const char *key;	/* JSON key, e.g. "channels" */
	const char *label;	/* record label, e.g. "Channels" */
	enum out_kind kind;
	const char *help;	/* one line for --help */
};

enum out_format { OUT_TABLE, OUT_RAW, OUT_JSON };

struct out_options {
	enum out_format format;
	bool headings;		/* table: print the header line */
	bool exact;		/* sizes in bytes, not K/M/G */
};

struct out_cell {
	const char *str;	/* OUT_STRING; NULL prints "-" and JSON null */
	uint64_t num;		/* the other kinds */
	bool none;		/* no value (yet): "-" and JSON null, any kind */
};

#define OUT_MAX_COLUMNS 16

struct out;

/*
 * A table of @ncols columns (pointers into a command's column list).
 * @array: the JSON key of the array of rows, e.g. "slots".
 */
struct out *out_new(const struct out_options *opts,
		    const struct out_column *const *cols, size_t ncols,
		    const char *array);
/* Add a row: one cell per column, in column order.  0 or -ENOMEM. */
int out_row(struct out *out, const struct out_cell *cells);
/* Print all rows as a table (or JSON array of objects). */
int out_print_table(struct out *out, FILE *f);
/* Print the single row as "Label: value" lines (or one JSON object). */
int out_print_record(struct out *out, FILE *f);
void out_free(struct out *out);

/* "350ms", "1.5s", "3m05s", "2h10m", "4d03h". */
void out_human_msec(uint64_t ms, char *buf, size_t size);

/* "1.5K"-style size, base 1024, as util-linux prints them. */
void out_human_size(uint64_t bytes, char *buf, size_t size);

/* A rate in thousandths per second: "0.5", "9.9", "10", "1200". */
void out_human_rate(uint64_t per_s_k, char *buf, size_t size);

#endif
