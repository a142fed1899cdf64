/* SPDX-License-Identifier: GPL-2.0 */
/* ctl.h - what msgslotctl's files share. */
#ifndef MSGSLOTCTL_H
#define MSGSLOTCTL_H

#include "cli.h"
#include "msgslot.h"
#include "output.h"

/* Columns of the slot figures and of the channel listing. */
enum slot_col {
	COL_SLOT, COL_DEVICE, COL_MINOR, COL_CHANNELS, COL_BYTES, COL_MEMORY,
	COL_OPEN, COL_WRITES, COL_READS, COL_MAXCHANNELS, COL_MAXBYTES,
	COL_SLOTS, SLOT_COLUMNS
};
enum channel_col { COL_ID, COL_LENGTH, COL_SEQ, COL_WRITTEN, COL_AGE,
		   COL_PID, COL_UID, CHANNEL_COLUMNS };
/* top: a slot's figures now and its rates over the last interval. */
enum top_col { TOP_SLOT, TOP_CHANNELS, TOP_BYTES, TOP_MEMORY, TOP_OPEN,
	       TOP_WRITES_S, TOP_READS_S, TOP_COLUMNS };

extern const struct out_column slot_columns[SLOT_COLUMNS];
extern const struct out_column channel_columns[CHANNEL_COLUMNS];
extern const struct out_column top_columns[TOP_COLUMNS];

/* What -o asked for, or a command's defaults. */
struct col_list {
	int ids[OUT_MAX_COLUMNS];
	size_t count;
};

/*
 * Parse "-o NAME,NAME" against @cols (names case-insensitive); a leading
 * '+' adds to @defaults.  0, or -EINVAL after printing which name is bad.
 */
int col_list_parse(const char *text, const struct out_column *cols,
		   size_t ncols, const struct col_list *defaults,
		   struct col_list *list);
void col_list_pointers(const struct col_list *list,
		       const struct out_column *cols,
		       const struct out_column **ptrs);
void col_help(FILE *f, const struct out_column *cols, size_t ncols);

struct ctl {
	struct out_options out;
	const char *columns;	/* -o, or NULL */
	const char *format;	/* --format, or NULL */
	const char *delay;	/* top's -d, or NULL */
	const char *iterations;	/* top's --iterations, or NULL */
};

int cmd_list(const struct ctl *ctl, int argc, char **argv);
int cmd_stats(const struct ctl *ctl, int argc, char **argv);
int cmd_channels(const struct ctl *ctl, int argc, char **argv);
int cmd_clear(const struct ctl *ctl, int argc, char **argv);
int cmd_metrics(const struct ctl *ctl, int argc, char **argv);
int cmd_top(const struct ctl *ctl, int argc, char **argv);

/* Shared by the commands (commands.c). */
int module_missing(void);
int pick_columns(const struct ctl *ctl, const struct out_column *cols,
		 size_t ncols, const struct col_list *defaults,
		 struct col_list *list);

#endif
