// SPDX-License-Identifier: GPL-2.0
/* commands.c - list, stats, channels, clear: each asks libmsgslot. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct col_list list_defaults = {
	{ COL_SLOT, COL_DEVICE, COL_CHANNELS, COL_BYTES, COL_MEMORY, COL_OPEN }, 6
};
static const struct col_list slot_record = {
	{ COL_SLOT, COL_DEVICE, COL_MINOR, COL_CHANNELS, COL_BYTES, COL_MEMORY,
	  COL_OPEN, COL_WRITES, COL_READS, COL_MAXCHANNELS, COL_MAXBYTES }, 11
};
/* Limits are per slot and the same for all: shown as they are. */
static const struct col_list totals_record = {
	{ COL_SLOTS, COL_CHANNELS, COL_BYTES, COL_MEMORY, COL_OPEN, COL_WRITES,
	  COL_READS, COL_MAXCHANNELS, COL_MAXBYTES }, 9
};
static const struct col_list channel_defaults = {
	{ COL_ID, COL_LENGTH, COL_SEQ, COL_WRITTEN, COL_AGE, COL_PID, COL_UID }, 7
};

/* One cell of a channel's row; @now: CLOCK_REALTIME ns. */
static struct out_cell channel_cell(const struct msgslot_channel_info *ch,
				    int col, uint64_t now, char *buf, size_t size)
{
	time_t sec = (time_t)(ch->time_ns / 1000000000u);
	struct tm tm;

	switch (col) {
	case COL_ID:
		return (struct out_cell){ .num = ch->id };
	case COL_LENGTH:
		return (struct out_cell){ .num = ch->length };
	case COL_SEQ:
		return (struct out_cell){ .num = ch->seq };
	case COL_WRITTEN:
		if (!gmtime_r(&sec, &tm) ||
		    !strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm))
			return (struct out_cell){ .str = NULL };
		snprintf(buf + strlen(buf), size - strlen(buf), ".%03uZ",
			 (unsigned int)(ch->time_ns % 1000000000u / 1000000u));
		return (struct out_cell){ .str = buf };
	case COL_AGE:
		/* A clock set back makes a message "from the future": age 0. */
		return (struct out_cell){ .num = now > ch->time_ns ?
						 (now - ch->time_ns) / 1000000u : 0 };
	case COL_PID:
		return (struct out_cell){ .num = (uint64_t)ch->pid };
	default:
		return (struct out_cell){ .num = ch->uid };
	}
}

int module_missing(void)
{
	return cli_error("the message_slot module is not loaded (no %s); load it with 'modprobe message_slot'",
			"/sys/class/msgslot");
}

/* Columns from -o, or @defaults; -EINVAL after a usage message. */
int pick_columns(const struct ctl *ctl, const struct out_column *cols,
		 size_t ncols, const struct col_list *defaults,
		 struct col_list *list)
{
	if (!ctl->columns) {
		*list = *defaults;
		return 0;
	}
	return col_list_parse(ctl->columns, cols, ncols, defaults, list);
}

/* "/dev/slotN" when that node is this slot's, else NULL. */
static const char *device_of(unsigned int minor, char *buf, size_t size)
{
	unsigned int node_minor;
	struct stat st;

	snprintf(buf, size, "/dev/slot%u", minor);
	if (stat(buf, &st) || !S_ISCHR(st.st_mode) ||
	    msgslot_parse_slot(buf, &node_minor) || node_minor != minor)
		return NULL;
	return buf;
}

static void slot_cells(const struct col_list *cols,
		       const struct msgslot_stats *st, uint64_t slots,
		       struct out_cell *cells, char *name, char *device)
{
	for (size_t i = 0; i < cols->count; i++) {
		struct out_cell *c = &cells[i];

		*c = (struct out_cell){ 0 };
		switch (cols->ids[i]) {
		case COL_SLOT:
			sprintf(name, "slot%u", st->minor);
			c->str = name;
			break;
		case COL_DEVICE:
			c->str = device_of(st->minor, device, 64);
			break;
		case COL_MINOR:
			c->num = st->minor;
			break;
		case COL_CHANNELS:
			c->num = st->channels;
			break;
		case COL_BYTES:
			c->num = st->bytes;
			break;
		case COL_MEMORY:
			c->num = st->memory;
			break;
		case COL_OPEN:
			c->num = st->open_files;
			break;
		case COL_WRITES:
			c->num = st->writes;
			break;
		case COL_READS:
			c->num = st->reads;
			break;
		case COL_MAXCHANNELS:
			c->num = st->max_channels;
			break;
		case COL_MAXBYTES:
			c->num = st->max_bytes;
			break;
		case COL_SLOTS:
			c->num = slots;
			break;
		}
	}
}

/* Print one table or record of slot figures. */
static int print_slots(const struct ctl *ctl, const struct col_list *cols,
		       const struct msgslot_stats *st, size_t n, uint64_t slots,
		       bool record)
{
	const struct out_column *ptrs[OUT_MAX_COLUMNS];
	struct out_cell cells[OUT_MAX_COLUMNS];
	char name[16], device[64];
	struct out *out;
	int err = 0;

	col_list_pointers(cols, slot_columns, ptrs);
	out = out_new(&ctl->out, ptrs, cols->count, "slots");
	if (!out)
		return cli_error("out of memory");
	for (size_t i = 0; i < n && !err; i++) {
		slot_cells(cols, &st[i], slots, cells, name, device);
		err = out_row(out, cells);
	}
	if (!err)
		err = record ? out_print_record(out, stdout) :
			       out_print_table(out, stdout);
	out_free(out);
	return err ? cli_error("writing the output: %s", strerror(-err)) :
		     EXIT_SUCCESS;
}

/* All slots' figures (msgslot_stats_all()), or the failure printed. */
static int read_slots(struct msgslot_stats **all, size_t *n)
{
	long got = msgslot_stats_all(all, sizeof(**all));

	if (got < 0)
		return cli_error("reading the slots: %s", strerror((int)-got));
	*n = (size_t)got;
	return 0;
}

int cmd_list(const struct ctl *ctl, int argc, char **argv)
{
	struct msgslot_stats *all;
	struct col_list cols;
	size_t n = 0;
	int err;

	(void)argv;
	if (argc)
		return cli_usage_error("list takes no arguments");
	if (pick_columns(ctl, slot_columns, COL_SLOTS, &list_defaults, &cols))
		return EXIT_USAGE;
	if (!msgslot_module_loaded())
		return module_missing();
	if (read_slots(&all, &n))
		return EXIT_FAILURE;
	err = print_slots(ctl, &cols, all, n, n, false);
	free(all);
	return err;
}

/* Parse SLOT and check it exists; prints the error and returns an exit code. */
static int find_slot(const char *text, unsigned int *minor,
		     struct msgslot_stats *st)
{
	int err = msgslot_parse_slot(text, minor);

	if (err == -EINVAL)
		return cli_usage_error("'%s' is not a slot: give slot3, 3 or /dev/slot3",
				       text);
	if (err == -ENOTTY)
		return cli_error("%s: not a message slot device", text);
	if (err)
		return cli_error("%s: %s", text, strerror(-err));
	if (!msgslot_module_loaded())
		return module_missing();
	st->size = sizeof(*st);
	err = msgslot_stats_read(*minor, st);
	if (err == -ENOENT)
		return cli_error("slot%u: no such slot (it appears when loaded with slots=, or on first open)",
				*minor);
	if (err)
		return cli_error("slot%u: %s", *minor, strerror(-err));
	return EXIT_SUCCESS;
}

int cmd_stats(const struct ctl *ctl, int argc, char **argv)
{
	struct msgslot_stats *all, sum = { 0 };
	unsigned int minor;
	size_t n = 0;
	int err;

	if (argc > 1)
		return cli_usage_error("stats takes at most one SLOT");
	if (ctl->columns)
		return cli_usage_error("-o is for list, channels and top");
	if (argc == 1) {
		err = find_slot(argv[0], &minor, &sum);
		return err ? err : print_slots(ctl, &slot_record, &sum, 1, 1, true);
	}
	if (!msgslot_module_loaded())
		return module_missing();
	if (read_slots(&all, &n))
		return EXIT_FAILURE;
	if (n) {
		sum.max_channels = all[0].max_channels;
		sum.max_bytes = all[0].max_bytes;
	}
	for (size_t i = 0; i < n; i++) {
		sum.channels += all[i].channels;
		sum.bytes += all[i].bytes;
		sum.memory += all[i].memory;
		sum.open_files += all[i].open_files;
		sum.writes += all[i].writes;
		sum.reads += all[i].reads;
	}
	free(all);
	return print_slots(ctl, &totals_record, &sum, 1, n, true);
}

/* SLOT's channels: through the node it names, or /dev/slotN. */
static long list_channels(const char *slot, unsigned int minor,
			  struct msgslot_channel_info **list)
{
	long n;
	int fd;

	if (!strchr(slot, '/'))
		return msgslot_channels(minor, list, sizeof(**list));
	fd = msgslot_open(slot, O_RDONLY);
	if (fd < 0)
		return fd;
	n = msgslot_channels_fd(fd, list, sizeof(**list));
	close(fd);
	return n;
}

int cmd_channels(const struct ctl *ctl, int argc, char **argv)
{
	const struct out_column *ptrs[OUT_MAX_COLUMNS];
	struct msgslot_channel_info *list;
	struct out_cell cells[OUT_MAX_COLUMNS];
	char text[OUT_MAX_COLUMNS][40];
	struct msgslot_stats st;
	struct col_list cols;
	struct timespec ts;
	unsigned int minor;
	struct out *out;
	uint64_t now;
	long n;
	int err;

	if (argc != 1)
		return cli_usage_error("channels takes one SLOT");
	if (pick_columns(ctl, channel_columns, CHANNEL_COLUMNS,
			 &channel_defaults, &cols))
		return EXIT_USAGE;
	err = find_slot(argv[0], &minor, &st);
	if (err)
		return err;
	n = list_channels(argv[0], minor, &list);
	if (n == -EACCES || n == -EPERM)
		return cli_error("slot%u: channels: permission denied (listing needs read access to the slot's node, e.g. as a member of its group)",
				minor);
	if (n == -ENOENT)
		return cli_error("slot%u: channels: no /dev/slot%u, and no debugfs listing (this module predates MSG_SLOT_LIST)",
				minor, minor);
	if (n < 0)
		return cli_error("slot%u: channels: %s", minor, strerror((int)-n));

	col_list_pointers(&cols, channel_columns, ptrs);
	out = out_new(&ctl->out, ptrs, cols.count, "channels");
	err = out ? 0 : -ENOMEM;
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	for (long i = 0; i < n && !err; i++) {
		for (size_t c = 0; c < cols.count; c++)
			cells[c] = channel_cell(&list[i], cols.ids[c], now,
						text[c], sizeof(text[c]));
		err = out_row(out, cells);
	}
	if (!err)
		err = out_print_table(out, stdout);
	out_free(out);
	free(list);
	return err ? cli_error("slot%u: channels: %s", minor, strerror(-err)) :
		     EXIT_SUCCESS;
}

int cmd_clear(const struct ctl *ctl, int argc, char **argv)
{
	unsigned long channel = 0;
	struct msgslot_stats st;
	unsigned int minor;
	int err;

	(void)ctl;
	if (argc < 1 || argc > 2)
		return cli_usage_error("clear takes SLOT [CHANNEL]");
	if (argc == 2 && msgslot_parse_channel(argv[1], &channel))
		return cli_usage_error("'%s' is not a channel: give a non-zero decimal or 0x-hexadecimal id",
				       argv[1]);
	err = find_slot(argv[0], &minor, &st);
	if (err)
		return err;
	err = msgslot_clear(minor, channel);
	if (err == -EACCES || err == -EPERM)
		return cli_error("slot%u: clear: permission denied (needs root)",
				minor);
	if (err)
		return cli_error("slot%u: clear: %s", minor, strerror(-err));
	return EXIT_SUCCESS;
}

int cmd_metrics(const struct ctl *ctl, int argc, char **argv)
{
	enum msgslot_metrics_format format = MSGSLOT_METRICS_OPENMETRICS;
	int err;

	(void)argv;
	if (argc)
		return cli_usage_error("metrics takes no arguments");
	if (ctl->columns)
		return cli_usage_error("-o is for list, channels and top");
	if (ctl->format && strcmp(ctl->format, "prometheus") == 0)
		format = MSGSLOT_METRICS_PROMETHEUS;
	else if (ctl->format && strcmp(ctl->format, "openmetrics") != 0)
		return cli_usage_error("--format: '%s' is neither openmetrics nor prometheus",
				       ctl->format);
	if (!msgslot_module_loaded())
		return module_missing();
	err = msgslot_metrics(stdout, format);
	if (!err && fflush(stdout))
		err = -errno;
	return err ? cli_error("metrics: %s", strerror(-err)) : EXIT_SUCCESS;
}
