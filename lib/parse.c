// SPDX-License-Identifier: LGPL-2.1-or-later
/* parse.c - channel ids from text. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "msgslot.h"

int msgslot_parse_channel(const char *text, unsigned long *channel)
{
	unsigned long value;
	char *end;
	int base = 10;

	if (!text || !isdigit((unsigned char)text[0]))
		return -EINVAL;	/* also refuses "", "-1", "+1", " 1" */
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		if (!isxdigit((unsigned char)text[2]))
			return -EINVAL;
		base = 16;
	}
	errno = 0;
	value = strtoul(text, &end, base);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	if (value == 0)
		return -EINVAL;
	*channel = value;
	return 0;
}
