// SPDX-License-Identifier: GPL-2.0
/*
 * columns.c - the one table of columns: headers, -o names, record labels,
 * JSON keys and --help text all come from here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ctl.h"

/* The slot columns that top shows too. */
#define COLUMN_SLOT { "SLOT", "slot", "Slot", OUT_STRING, "slot name (slot<minor>)" }
#define COLUMN_CHANNELS { "CHANNELS", "channels", "Channels", OUT_NUMBER, "channels holding a message" }
#define COLUMN_BYTES { "BYTES", "bytes", "Bytes", OUT_SIZE, "sum of the stored message lengths" }
#define COLUMN_MEMORY { "MEMORY", "memory", "Memory", OUT_SIZE, "kernel memory the slot holds" }
#define COLUMN_OPEN { "OPEN", "open_files", "Open files", OUT_NUMBER, "open files of the slot" }

const struct out_column slot_columns[SLOT_COLUMNS] = {
	[COL_SLOT] = COLUMN_SLOT,
	[COL_DEVICE] = { "DEVICE", "device", "Device", OUT_STRING, "device node, if /dev has it" },
	[COL_MINOR] = { "MINOR", "minor", "Minor", OUT_NUMBER, "minor number" },
	[COL_CHANNELS] = COLUMN_CHANNELS,
	[COL_BYTES] = COLUMN_BYTES,
	[COL_MEMORY] = COLUMN_MEMORY,
	[COL_OPEN] = COLUMN_OPEN,
	[COL_WRITES] = { "WRITES", "writes", "Writes", OUT_NUMBER, "successful writes since the slot appeared" },
	[COL_READS] = { "READS", "reads", "Reads", OUT_NUMBER, "successful reads since the slot appeared" },
	[COL_MAXCHANNELS] = { "MAXCHANNELS", "max_channels", "Max channels", OUT_NUMBER, "channels a slot may hold (module parameter)" },
	[COL_MAXBYTES] = { "MAXBYTES", "max_bytes", "Max bytes", OUT_SIZE, "message bytes a slot may hold (module parameter)" },
	[COL_SLOTS] = { "SLOTS", "slots", "Slots", OUT_NUMBER, "number of slots (stats totals)" },
};

const struct out_column channel_columns[CHANNEL_COLUMNS] = {
	[COL_ID] = { "ID", "id", "Channel", OUT_NUMBER, "channel id" },
	[COL_LENGTH] = { "LENGTH", "length", "Length", OUT_NUMBER, "message length in bytes" },
	[COL_SEQ] = { "SEQ", "seq", "Sequence", OUT_NUMBER, "the message's sequence number" },
	[COL_WRITTEN] = { "WRITTEN", "written", "Written", OUT_STRING, "when it was written (ISO 8601, UTC)" },
	[COL_AGE] = { "AGE", "age", "Age", OUT_MSEC, "time since it was written (JSON: seconds)" },
	[COL_PID] = { "PID", "pid", "Writer pid", OUT_NUMBER, "the writer's process id" },
	[COL_UID] = { "UID", "uid", "Writer uid", OUT_NUMBER, "the writer's user id" },
};

const struct out_column top_columns[TOP_COLUMNS] = {
	[TOP_SLOT] = COLUMN_SLOT,
	[TOP_CHANNELS] = COLUMN_CHANNELS,
	[TOP_BYTES] = COLUMN_BYTES,
	[TOP_MEMORY] = COLUMN_MEMORY,
	[TOP_OPEN] = COLUMN_OPEN,
	[TOP_WRITES_S] = { "WRITES/S", "writes_per_second", "Writes/s", OUT_RATE, "successful writes per second, over the last interval" },
	[TOP_READS_S] = { "READS/S", "reads_per_second", "Reads/s", OUT_RATE, "successful reads per second, over the last interval" },
};

static int col_find(const char *name, size_t len, const struct out_column *cols,
		    size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len &&
		    strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

int col_list_parse(const char *text, const struct out_column *cols,
		   size_t ncols, const struct col_list *defaults,
		   struct col_list *list)
{
	const char *p = text;

	list->count = 0;
	if (*p == '+') {
		*list = *defaults;
		p++;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		int id = col_find(p, len, cols, ncols);

		if (id < 0) {
			cli_usage_error("unknown column '%.*s' (see --help)",
					(int)len, p);
			return -EINVAL;
		}
		if (list->count == OUT_MAX_COLUMNS) {
			cli_usage_error("too many columns");
			return -EINVAL;
		}
		list->ids[list->count++] = id;
		p += len;
		if (*p == ',')
			p++;
	}
	if (!list->count) {
		cli_usage_error("no columns in '%s'", text);
		return -EINVAL;
	}
	return 0;
}

void col_list_pointers(const struct col_list *list,
		       const struct out_column *cols,
		       const struct out_column **ptrs)
{
	for (size_t i = 0; i < list->count; i++)
		ptrs[i] = &cols[list->ids[i]];
}

void col_help(FILE *f, const struct out_column *cols, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		fprintf(f, " %10s  %s\n", cols[i].name, cols[i].help);
}
