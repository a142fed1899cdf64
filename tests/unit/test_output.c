// SPDX-License-Identifier: GPL-2.0
/* test_output.c - msgslotctl's printer: sizes, alignment, raw, JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "tap.h"

static const struct out_column cols[] = {
	{ "NAME", "name", "Name", OUT_STRING, "" },
	{ "COUNT", "count", "Count", OUT_NUMBER, "" },
	{ "SIZE", "size", "Size", OUT_SIZE, "" },
};
static const struct out_column *const ptrs[] = { &cols[0], &cols[1], &cols[2] };

/* Print rows with @opts through @print and return the text (static). */
static const char *render(struct out_options opts, bool record,
			  const struct out_cell (*rows)[3], size_t n)
{
	static char *text;
	size_t len;
	FILE *f;
	struct out *out = out_new(&opts, ptrs, 3, "items");

	free(text);
	f = open_memstream(&text, &len);
	for (size_t i = 0; i < n; i++)
		out_row(out, rows[i]);
	if (record)
		out_print_record(out, f);
	else
		out_print_table(out, f);
	out_free(out);
	fclose(f);
	return text;
}

int main(void)
{
	static const struct {
		unsigned long long bytes;
		const char *text;
	} sizes[] = {
		{ 0, "0B" }, { 1023, "1023B" }, { 1024, "1K" }, { 1536, "1.5K" },
		{ 1100, "1.1K" }, { 1048576, "1M" }, { 5 * 1048576 / 2, "2.5M" },
		{ 1073741824ULL * 3, "3G" }, { 18446744073709551615ULL, "16E" },
	};
	const struct out_cell rows[][3] = {
		{ { .str = "slot0" }, { .num = 3 }, { .num = 1536 } },
		{ { .str = NULL }, { .num = 12345 }, { .num = 10 } },
	};
	const struct out_cell odd[][3] = {
		{ { .str = "a\"b\\c\nd" }, { .num = 0 }, { .num = 0 } },
	};
	struct out_options table = { OUT_TABLE, true, false };
	char buf[32];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		out_human_size(sizes[i].bytes, buf, sizeof(buf));
		tap_ok(strcmp(buf, sizes[i].text) == 0, "human size %llu -> %s",
		       sizes[i].bytes, sizes[i].text);
		if (strcmp(buf, sizes[i].text) != 0)
			tap_diag("  got %s", buf);
	}

	{
		static const struct {
			unsigned long long per_s_k;
			const char *text;
		} rates[] = {
			{ 0, "0" }, { 40, "0.0" }, { 500, "0.5" }, { 9949, "9.9" },
			{ 9950, "10" }, { 1200499, "1200" }, { 1200500, "1201" },
		};

		for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
			out_human_rate(rates[i].per_s_k, buf, sizeof(buf));
			tap_ok(strcmp(buf, rates[i].text) == 0,
			       "human rate %llu thousandths/s -> %s",
			       rates[i].per_s_k, rates[i].text);
			if (strcmp(buf, rates[i].text) != 0)
				tap_diag("  got %s", buf);
		}
	}

	tap_ok(strcmp(render(table, false, rows, 2),
		      "NAME  COUNT SIZE\n"
		      "slot0     3 1.5K\n"
		      "-     12345  10B\n") == 0,
	       "table: strings left, numbers right, human sizes, '-' for none");
	table.exact = true;
	tap_ok(strcmp(render(table, false, rows, 2),
		      "NAME  COUNT SIZE\n"
		      "slot0     3 1536\n"
		      "-     12345   10\n") == 0, "table -b: exact sizes");
	table.headings = false;
	tap_ok(strcmp(render(table, false, rows, 2),
		      "slot0     3 1536\n"
		      "-     12345   10\n") == 0, "table -n: no header");
	tap_ok(strcmp(render((struct out_options){ OUT_RAW, true, false },
			     false, rows, 2),
		      "NAME COUNT SIZE\nslot0 3 1536\n- 12345 10\n") == 0,
	       "raw: single spaces, exact sizes");
	tap_ok(strcmp(render((struct out_options){ OUT_JSON, true, false },
			     false, rows, 2),
		      "{\n  \"items\": [\n"
		      "    {\n      \"name\": \"slot0\",\n      \"count\": 3,\n      \"size\": 1536\n    },\n"
		      "    {\n      \"name\": null,\n      \"count\": 12345,\n      \"size\": 10\n    }\n"
		      "  ]\n}\n") == 0, "json: array of objects, exact numbers, null");
	tap_ok(strcmp(render((struct out_options){ OUT_JSON, true, false },
			     false, rows, 0),
		      "{\n  \"items\": []\n}\n") == 0, "json: empty array");
	tap_ok(strstr(render((struct out_options){ OUT_JSON, true, false },
			     false, odd, 1),
		      "\"a\\\"b\\\\c\\u000ad\"") != NULL,
	       "json: quote, backslash and control characters escaped");
	tap_ok(strcmp(render((struct out_options){ OUT_TABLE, true, false },
			     true, rows, 1),
		      "Name:  slot0\nCount: 3\nSize:  1.5K\n") == 0,
	       "record: aligned labels");
	tap_ok(strcmp(render((struct out_options){ OUT_JSON, true, false },
			     true, rows, 1),
		      "{\n  \"name\": \"slot0\",\n  \"count\": 3,\n  \"size\": 1536\n}\n") == 0,
	       "record json: one object");
	return tap_done();
}
