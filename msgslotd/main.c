// SPDX-License-Identifier: GPL-2.0
/*
 * msgslotd - loads message_slot and keeps /dev/slotN with the configured
 * owner, group and mode (and tells udev, so that its events keep them
 * too); reports readiness and status to systemd, and every slot's figures
 * to node_exporter's textfile collector if asked to.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "log.h"
#include "module.h"
#include "msgslot.h"
#include "nodes.h"
#include "textfile.h"
#include "udev.h"

#ifndef MSGSLOT_VERSION
#define MSGSLOT_VERSION "unknown"
#endif

#define DEV_DIR "/dev"

static uint64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* "STATUS=4 slots, 3 channels, 115 bytes stored, 4096 bytes of kernel memory" */
static void notify_status(const char *state)
{
	uint64_t channels = 0, bytes = 0, memory = 0;
	struct msgslot_stats *st;
	long n = msgslot_stats_all(&st, sizeof(*st));

	if (n < 0) {
		sd_notifyf(0, "%sSTATUS=%s", state, n == -ENOENT ?
			   "module not loaded" : "cannot read the slots");
		return;
	}
	for (long i = 0; i < n; i++) {
		channels += st[i].channels;
		bytes += st[i].bytes;
		memory += st[i].memory;
	}
	free(st);
	sd_notifyf(0, "%sSTATUS=%ld slots, %" PRIu64 " channels, %" PRIu64
		   " bytes stored, %" PRIu64 " bytes of kernel memory",
		   state, n, channels, bytes, memory);
}

/* The configured module options, with slots= covering every kept slot. */
static void module_options(const struct config *cfg, char *buf, size_t size)
{
	int max = config_max_slot(cfg);

	if (strstr(cfg->module_options, "slots=") || max < 0)
		snprintf(buf, size, "%s", cfg->module_options);
	else
		snprintf(buf, size, "%s%sslots=%d", cfg->module_options,
			 cfg->module_options[0] ? " " : "", max + 1);
}

/* The status for systemd, and the figures for node_exporter. */
static void report(const struct config *cfg, const char *state)
{
	notify_status(state);
	if (cfg->textfile[0])
		textfile_write(cfg->textfile);
}

/* The periodic work: owner and mode again, then the report. */
static void refresh(const struct config *cfg, const char *state)
{
	/* Re-assert owner and mode: something else may have changed them. */
	nodes_apply(cfg, DEV_DIR);
	report(cfg, state);
}

static void usage(void)
{
	printf("Usage: msgslotd [--config FILE] [--foreground]\n"
	       "       msgslotd --check [--config FILE]\n\n"
	       "Load the message_slot module, keep the configured /dev/slotN nodes with\n"
	       "their owner, group and mode, and report status to systemd.\n\n"
	       "  -c, --config FILE  configuration (default " MSGSLOTD_CONFIG ")\n"
	       "  -t, --check        validate the configuration and exit\n"
	       "  -f, --foreground   run without systemd (it never forks either way)\n"
	       "  -h, --help         this help\n"
	       "  -V, --version      the version\n\n"
	       "Signals: SIGHUP reloads the configuration, SIGTERM stops.\n"
	       "See msgslotd(8) and msgslotd.conf(5).\n");
}

static int run(const char *config_path, bool explicit_config, struct config *cfg)
{
	uint64_t watchdog_usec = 0, next_status, next_watchdog = UINT64_MAX;
	char options[sizeof(cfg->module_options) + 32], err[512], what[2048];
	struct signalfd_siginfo si;
	int sfd, was_loaded, ret;
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) ||
	    (sfd = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
		log_msg(LOG_ERR, "cannot set up signals: %s", strerror(errno));
		return EXIT_FAILURE;
	}

	/* Before the nodes appear: udev's events for them set these. */
	if (udev_access_write(cfg, UDEV_DIR))
		log_msg(LOG_WARNING, "udev will not know every slot's owner, group and mode (see above)");
	module_options(cfg, options, sizeof(options));
	ret = module_load(options, &was_loaded);
	if (ret) {
		sd_notifyf(0, "STATUS=cannot load message_slot: %s", strerror(-ret));
		return EXIT_FAILURE;
	}
	if (was_loaded)
		log_msg(LOG_INFO, "module message_slot was already loaded; its options stay as they are");
	if (nodes_apply(cfg, DEV_DIR))
		log_msg(LOG_WARNING, "some slot nodes could not be set up (see above)");
	config_describe(cfg, what, sizeof(what));
	log_msg(LOG_INFO, "ready: %s", what);
	report(cfg, "READY=1\n");

	if (sd_watchdog_enabled(0, &watchdog_usec) > 0 && watchdog_usec) {
		next_watchdog = now_usec() + watchdog_usec / 2;
		sd_notify(0, "WATCHDOG=1");
	}
	next_status = now_usec() + (uint64_t)cfg->stats_interval * 1000000;

	for (;;) {
		uint64_t now = now_usec();
		uint64_t next = next_status < next_watchdog ? next_status : next_watchdog;
		struct pollfd pfd = { .fd = sfd, .events = POLLIN };
		int timeout = next > now ? (int)((next - now + 999) / 1000) : 0;

		ret = poll(&pfd, 1, timeout);
		if (ret < 0 && errno != EINTR) {
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			return EXIT_FAILURE;
		}
		now = now_usec();
		if (now >= next_watchdog) {
			sd_notify(0, "WATCHDOG=1");
			next_watchdog = now + watchdog_usec / 2;
		}
		if (now >= next_status) {
			refresh(cfg, "");
			next_status = now + (uint64_t)cfg->stats_interval * 1000000;
		}
		if (ret <= 0 || read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;

		if (si.ssi_signo == SIGHUP) {
			struct config next_cfg;

			sd_notify(0, "RELOADING=1");
			if (config_load(config_path, explicit_config, &next_cfg,
					err, sizeof(err))) {
				log_msg(LOG_ERR, "reload refused, keeping the running configuration: %s",
					err);
			} else {
				char next_options[sizeof(options)];

				module_options(&next_cfg, next_options, sizeof(next_options));
				if (strcmp(next_options, options) != 0)
					log_msg(LOG_NOTICE, "module options changed to '%s': they apply when the module is next loaded",
						next_options);
				if (cfg->textfile[0] &&
				    strcmp(cfg->textfile, next_cfg.textfile) != 0)
					textfile_remove(cfg->textfile);
				*cfg = next_cfg;
				config_describe(cfg, what, sizeof(what));
				log_msg(LOG_INFO, "reloaded %s: %s", config_path, what);
				udev_access_write(cfg, UDEV_DIR);
			}
			refresh(cfg, "READY=1\n");
			next_status = now_usec() + (uint64_t)cfg->stats_interval * 1000000;
			continue;
		}
		/* SIGTERM, SIGINT */
		sd_notify(0, "STOPPING=1\nSTATUS=stopping");
		log_msg(LOG_INFO, "stopping on signal %u", si.ssi_signo);
		if (cfg->textfile[0])
			textfile_remove(cfg->textfile);
		if (cfg->unload_on_stop)
			module_unload();
		close(sfd);
		return EXIT_SUCCESS;
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = MSGSLOTD_CONFIG;
	bool explicit_config = false, check = false, foreground = false;
	struct config cfg;
	char err[512];
	int c;

	log_init();
	cli_set_name(argc, argv);
	opterr = 0;	/* one line per error, ours */
	while ((c = getopt_long(argc, argv, ":c:tfhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config_path = optarg;
			explicit_config = true;
			break;
		case 't':
			check = true;
			break;
		case 'f':
			foreground = true;
			break;
		case 'h':
			usage();
			return EXIT_SUCCESS;
		case 'V':
			cli_version();
			return EXIT_SUCCESS;
		case ':':
			return cli_usage_error("option '%s' needs an argument",
					       argv[optind - 1]);
		default:
			return cli_usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("unexpected argument '%s'", argv[optind]);

	if (config_load(config_path, explicit_config, &cfg, err, sizeof(err))) {
		log_msg(LOG_ERR, "%s", err);
		if (!check)
			sd_notifyf(0, "STATUS=bad configuration: %s", err);
		return EXIT_FAILURE;
	}
	if (check) {
		char what[2048];

		config_describe(&cfg, what, sizeof(what));
		printf("%s: OK: %s, module options '%s', status every %u s%s%s%s\n",
		       config_path, what, cfg.module_options, cfg.stats_interval,
		       cfg.unload_on_stop ? ", unload on stop" : "",
		       cfg.textfile[0] ? ", figures to " : "", cfg.textfile);
		return EXIT_SUCCESS;
	}
	if (!foreground && !getenv("NOTIFY_SOCKET"))
		log_msg(LOG_NOTICE, "not started by systemd; running in the foreground (--foreground says so)");
	return run(config_path, explicit_config, &cfg);
}
