// SPDX-License-Identifier: GPL-2.0
/* output.c - see output.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

struct out {
	struct out_options opts;
	const struct out_column *const *cols;
	size_t ncols;
	const char *array;
	struct out_cell *cells;		/* rows * ncols, strings owned */
	size_t rows, room;
};

struct out *out_new(const struct out_options *opts,
		    const struct out_column *const *cols, size_t ncols,
		    const char *array)
{
	struct out *out;

	if (ncols == 0 || ncols > OUT_MAX_COLUMNS)
		return NULL;
	out = calloc(1, sizeof(*out));
	if (!out)
		return NULL;
	out->opts = *opts;
	out->cols = cols;
	out->ncols = ncols;
	out->array = array;
	return out;
}

int out_row(struct out *out, const struct out_cell *cells)
{
	if (out->rows == out->room) {
		size_t room = out->room ? 2 * out->room : 16;
		struct out_cell *bigger;

		bigger = realloc(out->cells, room * out->ncols * sizeof(*bigger));
		if (!bigger)
			return -ENOMEM;
		out->cells = bigger;
		out->room = room;
	}
	for (size_t c = 0; c < out->ncols; c++) {
		struct out_cell *dst = &out->cells[out->rows * out->ncols + c];

		*dst = cells[c];
		if (cells[c].str) {
			dst->str = strdup(cells[c].str);
			if (!dst->str)
				return -ENOMEM;
		}
	}
	out->rows++;
	return 0;
}

void out_free(struct out *out)
{
	if (!out)
		return;
	for (size_t i = 0; i < out->rows * out->ncols; i++)
		free((char *)out->cells[i].str);
	free(out->cells);
	free(out);
}

void out_human_size(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "BKMGTPE";
	uint64_t whole = bytes, rest = 0;
	int u = 0;

	while (whole >= 1024 && units[u + 1]) {
		rest = whole % 1024;
		whole /= 1024;
		u++;
	}
	/* One decimal, rounded; "1.0K" is written "1K". */
	rest = (rest * 10 + 512) / 1024;
	if (rest == 10) {
		whole++;
		rest = 0;
	}
	if (u == 0)
		snprintf(buf, size, "%" PRIu64 "B", bytes);
	else if (rest)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "%c", whole, rest,
			 units[u]);
	else
		snprintf(buf, size, "%" PRIu64 "%c", whole, units[u]);
}

void out_human_msec(uint64_t ms, char *buf, size_t size)
{
	uint64_t s = ms / 1000;

	if (ms < 1000)
		snprintf(buf, size, "%" PRIu64 "ms", ms);
	else if (s < 60)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "s", s, ms % 1000 / 100);
	else if (s < 3600)
		snprintf(buf, size, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%" PRIu64 "h%02" PRIu64 "m", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, size, "%" PRIu64 "d%02" PRIu64 "h", s / 86400, s % 86400 / 3600);
}

void out_human_rate(uint64_t per_s_k, char *buf, size_t size)
{
	if (per_s_k == 0 || per_s_k >= 9950)
		snprintf(buf, size, "%" PRIu64, (per_s_k + 500) / 1000);
	else
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64, (per_s_k + 50) / 1000,
			 (per_s_k + 50) % 1000 / 100);
}

/* The text of a cell. */
static void cell_text(const struct out *out, const struct out_column *col,
		      const struct out_cell *cell, char *buf, size_t size)
{
	if (cell->none) {
		snprintf(buf, size, "-");
		return;
	}
	switch (col->kind) {
	case OUT_STRING:
		snprintf(buf, size, "%s", cell->str ? cell->str : "-");
		break;
	case OUT_SIZE:
		if (!out->opts.exact && out->opts.format == OUT_TABLE) {
			out_human_size(cell->num, buf, size);
			break;
		}
		/* fall through */
	case OUT_NUMBER:
		snprintf(buf, size, "%" PRIu64, cell->num);
		break;
	case OUT_MSEC:
		if (out->opts.format == OUT_TABLE && !out->opts.exact)
			out_human_msec(cell->num, buf, size);
		else
			snprintf(buf, size, "%" PRIu64 ".%03u", cell->num / 1000,
				 (unsigned int)(cell->num % 1000));
		break;
	case OUT_RATE:
		if (out->opts.format == OUT_TABLE)
			out_human_rate(cell->num, buf, size);
		else
			snprintf(buf, size, "%" PRIu64 ".%03u", cell->num / 1000,
				 (unsigned int)(cell->num % 1000));
		break;
	}
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_object(const struct out *out, const struct out_cell *row,
			FILE *f, const char *indent)
{
	fputs("{", f);
	for (size_t c = 0; c < out->ncols; c++) {
		const struct out_column *col = out->cols[c];

		fprintf(f, "%s\n%s\"%s\": ", c ? "," : "", indent, col->key);
		if (row[c].none || (col->kind == OUT_STRING && !row[c].str))
			fputs("null", f);
		else if (col->kind == OUT_MSEC || col->kind == OUT_RATE)
			fprintf(f, "%" PRIu64 ".%03u", row[c].num / 1000,
				(unsigned int)(row[c].num % 1000));
		else if (col->kind != OUT_STRING)
			fprintf(f, "%" PRIu64, row[c].num);
		else
			json_string(f, row[c].str);
	}
	fprintf(f, "\n%.*s}", (int)strlen(indent) - 2, indent);
}

static int finish(FILE *f)
{
	return fflush(f) || ferror(f) ? -EIO : 0;
}

int out_print_table(struct out *out, FILE *f)
{
	size_t width[OUT_MAX_COLUMNS] = { 0 };
	char text[64];

	if (out->opts.format == OUT_JSON) {
		fprintf(f, "{\n  \"%s\": [", out->array);
		for (size_t r = 0; r < out->rows; r++) {
			fputs(r ? ",\n    " : "\n    ", f);
			json_object(out, &out->cells[r * out->ncols], f,
				    "      ");
		}
		fputs(out->rows ? "\n  ]\n}\n" : "]\n}\n", f);
		return finish(f);
	}
	for (size_t c = 0; c < out->ncols; c++) {
		width[c] = out->opts.headings ? strlen(out->cols[c]->name) : 0;
		for (size_t r = 0; r < out->rows; r++) {
			cell_text(out, out->cols[c], &out->cells[r * out->ncols + c],
				  text, sizeof(text));
			if (strlen(text) > width[c])
				width[c] = strlen(text);
		}
	}
	for (long r = out->opts.headings ? -1 : 0; r < (long)out->rows; r++) {
		for (size_t c = 0; c < out->ncols; c++) {
			const struct out_column *col = out->cols[c];
			bool left = col->kind == OUT_STRING;
			bool last = c + 1 == out->ncols;

			if (r < 0)
				snprintf(text, sizeof(text), "%s", col->name);
			else
				cell_text(out, col, &out->cells[r * out->ncols + c],
					  text, sizeof(text));
			/* Raw, and a last left-aligned column, are not padded. */
			if (out->opts.format == OUT_RAW || (left && last))
				fprintf(f, "%s%s", c ? " " : "", text);
			else
				fprintf(f, "%s%*s", c ? " " : "",
					left ? -(int)width[c] : (int)width[c],
					text);
		}
		fputc('\n', f);
	}
	return finish(f);
}

int out_print_record(struct out *out, FILE *f)
{
	size_t width = 0;
	char text[64];

	if (out->rows != 1)
		return -EINVAL;
	if (out->opts.format == OUT_JSON) {
		json_object(out, out->cells, f, "  ");
		fputc('\n', f);
		return finish(f);
	}
	for (size_t c = 0; c < out->ncols; c++)
		if (strlen(out->cols[c]->label) > width)
			width = strlen(out->cols[c]->label);
	for (size_t c = 0; c < out->ncols; c++) {
		cell_text(out, out->cols[c], &out->cells[c], text, sizeof(text));
		if (out->opts.format == OUT_RAW)
			fprintf(f, "%s %s\n", out->cols[c]->key, text);
		else
			fprintf(f, "%s:%*s %s\n", out->cols[c]->label,
				(int)(width - strlen(out->cols[c]->label)), "",
				text);
	}
	return finish(f);
}
