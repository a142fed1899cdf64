// SPDX-License-Identifier: GPL-2.0
/* fuzz/config.c - libFuzzer: msgslotd.conf parsing on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char err[512], *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	config_parse("fuzz.conf", text, &cfg, err, sizeof(err));
	free(text);
	return 0;
}
