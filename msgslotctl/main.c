// SPDX-License-Identifier: GPL-2.0
/* msgslotctl - show and manage message slots. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

static void usage(void)
{
	printf("Usage:\n"
	       " msgslotctl [options] [list]\n"
	       " msgslotctl [options] stats [SLOT]\n"
	       " msgslotctl [options] channels SLOT\n"
	       " msgslotctl clear SLOT [CHANNEL]\n"
	       " msgslotctl metrics [--format FORMAT]\n"
	       " msgslotctl [options] top [--delay SECONDS] [--iterations N]\n"
	       "\n"
	       "Show and manage message slots (the message_slot module).\n"
	       "\n"
	       "Commands:\n"
	       " list             one line per slot (the default)\n"
	       " stats [SLOT]     totals over all slots, or one slot's figures\n"
	       " channels SLOT    the slot's stored channels, by id\n"
	       " clear SLOT [CH]  empty the slot, or one channel of it (root)\n"
	       " metrics          every slot's figures for Prometheus\n"
	       " top              the slots' figures and rates, refreshed (q quits)\n"
	       "\n"
	       "SLOT is a slot name (slot0), a minor (0) or a device node (/dev/slot0).\n"
	       "\n"
	       "Options:\n"
	       " -o, --output LIST  columns for list or channels; +LIST adds to the defaults\n"
	       " -n, --noheadings   no header line\n"
	       " -r, --raw          unaligned, space-separated output\n"
	       " -b, --bytes        sizes in bytes instead of K, M, G\n"
	       " -J, --json         JSON output\n"
	       "     --format FMT   metrics as openmetrics (the default) or prometheus,\n"
	       "                    the text format 0.0.4 of node_exporter's textfiles\n"
	       " -d, --delay SEC    top: seconds between refreshes (default 1)\n"
	       "     --iterations N top: stop after N refreshes\n"
	       " -h, --help         this help\n"
	       " -V, --version      the version\n"
	       "\n"
	       "Slot columns (list; stats shows them all):\n");
	col_help(stdout, slot_columns, SLOT_COLUMNS);
	printf("\nChannel columns (channels):\n");
	col_help(stdout, channel_columns, CHANNEL_COLUMNS);
	printf("\nTop columns (top):\n");
	col_help(stdout, top_columns, TOP_COLUMNS);
	printf("\nExit status: 0 success, 1 failure, 2 usage error.\n"
	       "See msgslotctl(8).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'J' },
		{ "format", required_argument, NULL, 'F' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char *name;
		int (*run)(const struct ctl *ctl, int argc, char **argv);
	} commands[] = {
		{ "list", cmd_list },
		{ "stats", cmd_stats },
		{ "channels", cmd_channels },
		{ "clear", cmd_clear },
		{ "metrics", cmd_metrics },
		{ "top", cmd_top },
	};
	struct ctl ctl = { .out = { .format = OUT_TABLE, .headings = true } };
	const char *command = "list";
	int c;

	opterr = 0;
	cli_set_name(argc, argv);
	while ((c = getopt_long(argc, argv, "o:nrbJhVd:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			ctl.columns = optarg;
			break;
		case 'n':
			ctl.out.headings = false;
			break;
		case 'r':
			ctl.out.format = OUT_RAW;
			break;
		case 'b':
			ctl.out.exact = true;
			break;
		case 'J':
			ctl.out.format = OUT_JSON;
			break;
		case 'F':
			ctl.format = optarg;
			break;
		case 'd':
			ctl.delay = optarg;
			break;
		case 'I':
			ctl.iterations = optarg;
			break;
		case 'h':
			usage();
			return EXIT_SUCCESS;
		case 'V':
			cli_version();
			return EXIT_SUCCESS;
		default:
			if (optopt && strchr("od", optopt))
				return cli_usage_error("option -%c needs an argument",
						       optopt);
			if (optopt == 'F' || optopt == 'I')
				return cli_usage_error("option --%s needs an argument",
						       optopt == 'F' ? "format" : "iterations");
			return cli_usage_error("unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		command = argv[optind++];
	if (ctl.format && strcmp(command, "metrics") != 0)
		return cli_usage_error("--format is for metrics");
	if ((ctl.delay || ctl.iterations) && strcmp(command, "top") != 0)
		return cli_usage_error("--delay and --iterations are for top");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(command, commands[i].name) == 0)
			return commands[i].run(&ctl, argc - optind, argv + optind);
	return cli_usage_error("unknown command '%s'", command);
}
