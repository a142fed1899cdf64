// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * metrics.c - every slot's figures as OpenMetrics text, or as the
 * Prometheus text format 0.0.4 that node_exporter's textfile collector
 * and promtool read.  The two differ in how a counter is named: in
 * OpenMetrics the family is msgslot_writes and its sample
 * msgslot_writes_total; in 0.0.4 both are msgslot_writes_total.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgslot.h"

struct family {
	const char *name;	/* without a counter's _total */
	const char *type;	/* gauge or counter */
	const char *unit;	/* OpenMetrics UNIT, the name's suffix; or NULL */
	const char *help;
	size_t offset;		/* of the uint64_t in struct msgslot_stats */
};

#define FIELD(f) offsetof(struct msgslot_stats, f)

static const struct family families[] = {
	{ "msgslot_channels", "gauge", NULL,
	  "Channels of the slot that hold a message.", FIELD(channels) },
	{ "msgslot_message_bytes", "gauge", "bytes",
	  "Sum of the lengths of the messages the slot holds.", FIELD(bytes) },
	{ "msgslot_memory_bytes", "gauge", "bytes",
	  "Kernel memory the slot holds: the slot, its hash table and its channels.",
	  FIELD(memory) },
	{ "msgslot_open_files", "gauge", NULL,
	  "Open files of the slot.", FIELD(open_files) },
	{ "msgslot_writes", "counter", NULL,
	  "Successful writes to the slot since it appeared.", FIELD(writes) },
	{ "msgslot_reads", "counter", NULL,
	  "Successful reads of the slot since it appeared.", FIELD(reads) },
	{ "msgslot_max_channels", "gauge", NULL,
	  "Channels a slot may hold (module parameter max_channels).",
	  FIELD(max_channels) },
	{ "msgslot_max_message_bytes", "gauge", "bytes",
	  "Message bytes a slot may hold (module parameter max_bytes).",
	  FIELD(max_bytes) },
};

static void print_family(FILE *out, const struct family *f,
			 enum msgslot_metrics_format format,
			 const struct msgslot_stats *st, size_t n)
{
	bool om = format == MSGSLOT_METRICS_OPENMETRICS;
	bool counter = strcmp(f->type, "counter") == 0;
	const char *suffix = counter ? "_total" : "";

	/* 0.0.4 names the family as its samples are named. */
	fprintf(out, "# HELP %s%s %s\n", f->name, om ? "" : suffix, f->help);
	fprintf(out, "# TYPE %s%s %s\n", f->name, om ? "" : suffix, f->type);
	if (om && f->unit)
		fprintf(out, "# UNIT %s %s\n", f->name, f->unit);
	for (size_t i = 0; i < n; i++) {
		uint64_t v;

		memcpy(&v, (const char *)&st[i] + f->offset, sizeof(v));
		fprintf(out, "%s%s{slot=\"slot%u\"} %" PRIu64 "\n", f->name,
			suffix, st[i].minor, v);
	}
}

int msgslot_metrics(FILE *out, enum msgslot_metrics_format format)
{
	struct msgslot_stats *st;
	int err = 0;
	long n;

	if (format != MSGSLOT_METRICS_OPENMETRICS &&
	    format != MSGSLOT_METRICS_PROMETHEUS)
		return -EINVAL;
	/* Every figure first: a slot that cannot be read prints nothing. */
	n = msgslot_stats_all(&st, sizeof(*st));
	if (n < 0)
		return (int)n;
	for (size_t k = 0; k < sizeof(families) / sizeof(families[0]); k++)
		print_family(out, &families[k], format, st, (size_t)n);
	if (format == MSGSLOT_METRICS_OPENMETRICS)
		fputs("# EOF\n", out);
	if (ferror(out))
		err = -EIO;
	free(st);
	return err;
}
