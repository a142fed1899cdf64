// SPDX-License-Identifier: GPL-2.0
/*
 * top.c - msgslotctl top: every slot's figures and its writes and reads
 * per second, refreshed every interval.  On a terminal it redraws in
 * place, on the alternate screen as top(1) does, and q quits; otherwise
 * it prints one table after another (JSON objects with -J).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

static const struct col_list top_defaults = {
	{ TOP_SLOT, TOP_CHANNELS, TOP_BYTES, TOP_MEMORY, TOP_OPEN, TOP_WRITES_S,
	  TOP_READS_S }, 7
};

/* One reading of every slot, and when it was taken. */
struct sample {
	struct msgslot_stats *st;
	size_t n;
	double t;		/* CLOCK_MONOTONIC, seconds */
	int err;		/* -ENOENT: the module is not loaded */
};

static volatile sig_atomic_t stop_signal;
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction old_actions[3];
static struct termios saved_tty;
static bool tty_saved, screen_saved;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void take(struct sample *s)
{
	long got;

	free(s->st);
	s->st = NULL;
	s->n = 0;
	s->t = now_s();
	got = msgslot_module_loaded() ? msgslot_stats_all(&s->st, sizeof(*s->st)) :
					-ENOENT;
	s->err = got < 0 ? (int)got : 0;
	s->n = got < 0 ? 0 : (size_t)got;
}

/* The slot of @minor in @s, or NULL. */
static const struct msgslot_stats *find(const struct sample *s,
					unsigned int minor)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->st[i].minor == minor)
			return &s->st[i];
	return NULL;
}

/* Thousandths per second of the counter going from @a to @b in @dt s. */
static struct out_cell rate(uint64_t a, uint64_t b, double dt, bool known)
{
	if (!known || b < a || dt <= 0)
		return (struct out_cell){ .none = true };
	return (struct out_cell){ .num = (uint64_t)((double)(b - a) * 1000.0 / dt + 0.5) };
}

/* The rows of @now, with rates against @before (if there was one). */
static int rows(struct out *out, const struct col_list *cols,
		const struct sample *now, const struct sample *before,
		uint64_t *writes_k, uint64_t *reads_k, bool *known)
{
	double dt = now->t - before->t;

	*writes_k = *reads_k = 0;
	*known = before->t > 0 && !before->err;
	for (size_t i = 0; i < now->n; i++) {
		const struct msgslot_stats *st = &now->st[i];
		const struct msgslot_stats *was = find(before, st->minor);
		struct out_cell cells[OUT_MAX_COLUMNS], w, r;
		char name[16];
		int err;

		w = rate(was ? was->writes : 0, st->writes, dt, was && *known);
		r = rate(was ? was->reads : 0, st->reads, dt, was && *known);
		*writes_k += w.num;
		*reads_k += r.num;
		snprintf(name, sizeof(name), "slot%u", st->minor);
		for (size_t c = 0; c < cols->count; c++) {
			struct out_cell *cell = &cells[c];

			*cell = (struct out_cell){ 0 };
			switch (cols->ids[c]) {
			case TOP_SLOT:
				cell->str = name;
				break;
			case TOP_CHANNELS:
				cell->num = st->channels;
				break;
			case TOP_BYTES:
				cell->num = st->bytes;
				break;
			case TOP_MEMORY:
				cell->num = st->memory;
				break;
			case TOP_OPEN:
				cell->num = st->open_files;
				break;
			case TOP_WRITES_S:
				*cell = w;
				break;
			default:
				*cell = r;
				break;
			}
		}
		err = out_row(out, cells);
		if (err)
			return err;
	}
	return 0;
}

/* "12:00:01  4 slots: 3 channels, 13B stored, 3.3K memory, 12 writes/s, 4.5 reads/s" */
static void summary(FILE *f, const struct ctl *ctl, const struct sample *s,
		    uint64_t writes_k, uint64_t reads_k, bool known)
{
	uint64_t channels = 0, bytes = 0, memory = 0;
	char when[16], b[32], m[32], w[32] = "-", r[32] = "-";
	time_t t = time(NULL);
	struct tm tm;

	strftime(when, sizeof(when), "%H:%M:%S", localtime_r(&t, &tm));
	if (s->err) {
		fprintf(f, "%s  %s\n", when, s->err == -ENOENT ?
			"the message_slot module is not loaded" : strerror(-s->err));
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		channels += s->st[i].channels;
		bytes += s->st[i].bytes;
		memory += s->st[i].memory;
	}
	if (ctl->out.exact) {
		snprintf(b, sizeof(b), "%llu", (unsigned long long)bytes);
		snprintf(m, sizeof(m), "%llu", (unsigned long long)memory);
	} else {
		out_human_size(bytes, b, sizeof(b));
		out_human_size(memory, m, sizeof(m));
	}
	if (known) {
		out_human_rate(writes_k, w, sizeof(w));
		out_human_rate(reads_k, r, sizeof(r));
	}
	fprintf(f, "%s  %zu slots: %llu channels, %s stored, %s memory, %s writes/s, %s reads/s\n",
		when, s->n, (unsigned long long)channels, b, m, w, r);
}

/* The frame: the summary line, a blank line, the table. */
static int frame(FILE *f, const struct ctl *ctl, const struct col_list *cols,
		 const struct sample *now, const struct sample *before)
{
	const struct out_column *ptrs[OUT_MAX_COLUMNS];
	uint64_t writes_k, reads_k;
	struct out *out;
	bool known;
	int err;

	col_list_pointers(cols, top_columns, ptrs);
	out = out_new(&ctl->out, ptrs, cols->count, "slots");
	if (!out)
		return -ENOMEM;
	err = rows(out, cols, now, before, &writes_k, &reads_k, &known);
	if (!err && ctl->out.format != OUT_JSON) {
		summary(f, ctl, now, writes_k, reads_k, known);
		fputc('\n', f);
	}
	if (!err && !now->err)
		err = out_print_table(out, f);
	out_free(out);
	return err;
}

static void restore_terminal(void)
{
	if (screen_saved) {
		/* Show the cursor, leave the alternate screen. */
		fputs("\033[?25h\033[?1049l", stdout);
		fflush(stdout);
		screen_saved = false;
	}
	if (tty_saved) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		tty_saved = false;
	}
}

/* Keys one at a time, unechoed; the alternate screen, no cursor. */
static void setup_terminal(void)
{
	struct termios raw;

	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		raw = saved_tty;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tty_saved = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
	}
	fputs("\033[?1049h\033[?25l", stdout);
	screen_saved = true;
	atexit(restore_terminal);
}

/* Draw @text at the top of the screen, each line cleared to its end. */
static void draw(const char *text, size_t len)
{
	struct winsize ws = { 0 };
	unsigned int lines = 0, room;
	const char *p = text, *end = text + len;

	ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
	room = ws.ws_row > 1 ? ws.ws_row - 1u : 24;
	fputs("\033[H", stdout);
	while (p < end && lines < room) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (ws.ws_col && n > ws.ws_col)
			n = ws.ws_col;
		fwrite(p, 1, n, stdout);
		fputs("\033[K\n", stdout);
		lines++;
		p = nl ? nl + 1 : end;
	}
	if (p < end)
		fputs("(more slots than lines)\033[K\n", stdout);
	else
		fputs("q quits\033[K\n", stdout);
	fputs("\033[J", stdout);
	fflush(stdout);
}

/* Wait @delay s; true if the user asked to quit (q) or a signal came. */
static bool wait_or_quit(double delay, bool keys)
{
	double until = now_s() + delay;

	for (;;) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		double left = until - now_s();
		char c;

		if (stop_signal)
			return true;
		if (left <= 0)
			return false;
		if (poll(&p, keys ? 1 : 0, (int)(left * 1000) + 1) <= 0)
			continue;	/* time is up, or a signal: look again */
		if (read(STDIN_FILENO, &c, 1) != 1)
			keys = false;	/* end of input: only time from now */
		else if (c == 'q' || c == 'Q')
			return true;
		else if (c == ' ')
			return false;	/* refresh now */
	}
}

static int parse_options(const struct ctl *ctl, double *delay,
			 unsigned long *iterations)
{
	char *end;

	*delay = 1.0;
	*iterations = 0;
	if (ctl->delay) {
		errno = 0;
		*delay = strtod(ctl->delay, &end);
		if (errno || end == ctl->delay || *end || !(*delay >= 0.1) ||
		    *delay > 3600)
			return cli_usage_error("--delay: '%s' is not a number of seconds from 0.1 to 3600",
					       ctl->delay);
	}
	if (ctl->iterations) {
		errno = 0;
		*iterations = strtoul(ctl->iterations, &end, 10);
		if (errno || end == ctl->iterations || *end || *iterations == 0 ||
		    ctl->iterations[0] == '-')
			return cli_usage_error("--iterations: '%s' is not a positive number",
					       ctl->iterations);
	}
	return 0;
}

int cmd_top(const struct ctl *ctl, int argc, char **argv)
{
	struct sample samples[2] = { { 0 }, { 0 } };
	bool interactive, quit = false;
	unsigned long iterations, drawn = 0;
	struct col_list cols;
	double delay;
	int err = 0;

	(void)argv;
	if (argc)
		return cli_usage_error("top takes no arguments");
	if (parse_options(ctl, &delay, &iterations))
		return EXIT_USAGE;
	if (pick_columns(ctl, top_columns, TOP_COLUMNS, &top_defaults, &cols))
		return EXIT_USAGE;
	if (!msgslot_module_loaded())
		return module_missing();
	interactive = isatty(STDOUT_FILENO) && ctl->out.format == OUT_TABLE;
	/* A signal ends the loop, so that the terminal is put back. */
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaction(stop_signals[i], &(struct sigaction){ .sa_handler = on_signal },
			  &old_actions[i]);
	if (interactive)
		setup_terminal();

	for (unsigned long k = 0; !quit && !err; k++) {
		struct sample *now = &samples[k % 2], *before = &samples[(k + 1) % 2];
		char *text = NULL;
		size_t len = 0;
		FILE *f;

		take(now);
		if (now->err && now->err != -ENOENT) {
			err = now->err;
			break;
		}
		f = interactive ? open_memstream(&text, &len) : stdout;
		if (!f) {
			err = -ENOMEM;
			break;
		}
		if (!interactive && drawn)
			fputc('\n', f);
		err = frame(f, ctl, &cols, now, before);
		if (interactive) {
			fclose(f);
			if (!err)
				draw(text, len);
			free(text);
		} else if (fflush(stdout)) {
			err = -errno;
		}
		drawn++;
		if (iterations && drawn >= iterations)
			break;
		quit = wait_or_quit(delay, interactive && tty_saved);
	}
	if (interactive)
		restore_terminal();
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaction(stop_signals[i], &old_actions[i], NULL);
	free(samples[0].st);
	free(samples[1].st);
	return err ? cli_error("top: %s", strerror(-err)) : EXIT_SUCCESS;
}
