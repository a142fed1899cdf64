// SPDX-License-Identifier: GPL-2.0
/*
 * message_reader - print the last message of a channel of a message slot,
 * or wait for one, or follow the channel as messages arrive.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

static const char usage[] = "[OPTION]... DEVICE CHANNEL";
static const char summary[] =
	"Write the last message of channel CHANNEL of the message slot DEVICE\n"
	"to standard output, exactly its bytes, with nothing added.\n"
	"CHANNEL is a non-zero decimal or 0x-hexadecimal number.\n"
	"\n"
	"  -w, --wait           if the channel has no message yet, wait for one\n"
	"  -f, --follow         print every new message as it arrives, each followed\n"
	"                       by a newline, until interrupted\n"
	"  -0, --null           with --follow, end each message with NUL instead\n"
	"  -t, --timeout=SECS   give up (exit 1) when nothing arrives for SECS seconds\n"
	"  -m, --meta           print sequence number, time (ISO 8601), pid and uid\n"
	"                       of the writer before the message, separated by spaces\n"
	"  -v, --verbose        with --follow, report messages overwritten unread\n"
	"      --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Exit status: 0 printed (or --follow interrupted), 1 failed (no message\n"
	"yet, or none within --timeout, included), 2 usage error.";

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void out(const char *buf, size_t len)
{
	int err = write_all(STDOUT_FILENO, buf, len);

	if (err) {
		fprintf(stderr, "%s: standard output: %s\n", cli_name(),
			strerror(-err));
		exit(EXIT_FAILURE);
	}
}

/* "SEQ 2026-11-25T12:00:00.123456789Z PID UID " */
static void out_meta(const struct msgslot_meta *m)
{
	char line[160], stamp[32];
	time_t sec = (time_t)(m->time_ns / 1000000000u);
	struct tm tm;
	int n;

	if (!gmtime_r(&sec, &tm) ||
	    !strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(stamp, sizeof(stamp), "@%lld", (long long)sec);
	n = snprintf(line, sizeof(line), "%" PRIu64 " %s.%09uZ %d %u ", m->seq,
		     stamp, (unsigned int)(m->time_ns % 1000000000u),
		     (int)m->pid, (unsigned int)m->uid);
	out(line, (size_t)n);
}

struct options {
	bool wait, follow, nul, meta, verbose;
	int timeout_ms;		/* -1: none */
	const char *dev, *channel;
};


static int parse_timeout(const char *text)
{
	char *end;
	double s;

	errno = 0;
	s = strtod(text, &end);
	if (errno || end == text || *end || !(s >= 0) || s > 2147483.0)
		exit(cli_usage_error("invalid timeout '%s': expected seconds, 0 to 2147483", text));
	return (int)(s * 1000 + 0.5);
}

static void parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ "follow", no_argument, NULL, 'f' },
		{ "null", no_argument, NULL, '0' },
		{ "timeout", required_argument, NULL, 't' },
		{ "meta", no_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pos[2];
	int npos = 0;

	cli_set_name(argc, argv);
	o->timeout_ms = -1;
	opterr = 0;
	while (optind < argc) {
		const char *a = argv[optind];
		int c;

		/* A negative number is a (bad) channel, not an option. */
		if (a[0] == '-' && a[1] >= '1' && a[1] <= '9') {
			c = -1;
		} else {
			c = getopt_long(argc, argv, "+wf0t:mv", longopts, NULL);
		}
		if (c == -1) {
			if (optind >= argc)
				break;
			if (npos < 2)
				pos[npos] = argv[optind];
			npos++;
			optind++;
			continue;
		}
		switch (c) {
		case 'w': o->wait = true; break;
		case 'f': o->follow = true; break;
		case '0': o->nul = true; break;
		case 't': o->timeout_ms = parse_timeout(optarg); break;
		case 'm': o->meta = true; break;
		case 'v': o->verbose = true; break;
		case 'h':
			printf("Usage: %s %s\n\n%s\n", cli_name(), usage, summary);
			exit(EXIT_SUCCESS);
		case 'V':
			cli_version();
			exit(EXIT_SUCCESS);
		default:
			exit(cli_usage_error("unknown option '%s'", argv[optind - 1]));
		}
	}
	if (npos != 2)
		exit(cli_usage_error("expected 2 arguments (DEVICE CHANNEL), got %d", npos));
	if (o->nul && !o->follow)
		exit(cli_usage_error("%s needs --follow", "-0"));
	if (o->verbose && !o->follow)
		exit(cli_usage_error("%s needs --follow", "--verbose"));
	if (o->timeout_ms >= 0 && !o->wait && !o->follow)
		exit(cli_usage_error("%s needs --wait or --follow", "--timeout"));
	o->dev = pos[0];
	o->channel = pos[1];
}

/* Wait for an unread message; false on timeout or interruption. */
static bool wait_for(int fd, const struct options *o)
{
	int ret = msgslot_wait(fd, o->timeout_ms);

	if (ret == -EINTR && interrupted)
		return false;
	if (ret < 0 && ret != -EINTR)
		tool_fail(o->dev, o->channel, MSGSLOT_OP_WAIT, ret);
	if (ret == 0) {
		fprintf(stderr, "%s: %s channel %s: no new message within %g s\n",
			cli_name(), o->dev, o->channel, o->timeout_ms / 1000.0);
		exit(EXIT_FAILURE);
	}
	return true;
}

static int follow(int fd, const struct options *o)
{
	char msg[MSG_SLOT_MAX_LEN];
	struct msgslot_meta m = { .size = sizeof(m) };
	uint64_t last = 0, skipped = 0;
	struct sigaction sa;
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!interrupted) {
		n = msgslot_receive_meta(fd, 0, msg, sizeof(msg), &m);
		if (n == -EWOULDBLOCK || (n >= 0 && m.seq == last)) {
			if (!wait_for(fd, o))
				break;
			continue;
		}
		if (n < 0)
			tool_fail(o->dev, o->channel, MSGSLOT_OP_RECEIVE, (int)n);
		if (last && m.seq > last + 1) {
			skipped += m.seq - last - 1;
			if (o->verbose)
				fprintf(stderr, "%s: %s channel %s: %" PRIu64
					" message(s) overwritten before they were read (%" PRIu64
					"..%" PRIu64 ")\n", cli_name(), o->dev, o->channel,
					m.seq - last - 1, last + 1, m.seq - 1);
		}
		last = m.seq;
		if (o->meta)
			out_meta(&m);
		out(msg, (size_t)n);
		out(o->nul ? "" : "\n", 1);
	}
	if (o->verbose)
		fprintf(stderr, "%s: %s channel %s: %" PRIu64 " message(s) overwritten unread in all\n",
			cli_name(), o->dev, o->channel, skipped);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	char msg[MSG_SLOT_MAX_LEN];
	struct options o = { 0 };
	struct msgslot_meta m = { .size = sizeof(m) };
	ssize_t n;
	int fd;

	parse(argc, argv, &o);
	fd = tool_open_channel(o.dev, o.channel, O_RDONLY);
	if (o.follow)
		return follow(fd, &o);

	n = msgslot_receive_meta(fd, 0, msg, sizeof(msg), &m);
	if (n == -EWOULDBLOCK && o.wait && wait_for(fd, &o))
		n = msgslot_receive_meta(fd, 0, msg, sizeof(msg), &m);
	if (n < 0)
		tool_fail(o.dev, o.channel, MSGSLOT_OP_RECEIVE, (int)n);
	close(fd);
	if (o.meta)
		out_meta(&m);
	out(msg, (size_t)n);
	return EXIT_SUCCESS;
}
