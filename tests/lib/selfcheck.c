// SPDX-License-Identifier: GPL-2.0
/* selfcheck.c - see selfcheck.h. */
#include <string.h>

#include <message_slot.h>

#include "selfcheck.h"

static size_t msg_len(uint32_t writer, uint32_t seq)
{
	return 8 + (writer * 13 + seq) % (MSG_SLOT_MAX_LEN - 7);
}

static uint8_t msg_byte(uint32_t writer, uint32_t seq, size_t i)
{
	return (uint8_t)(writer * 31 + seq * 7 + i);
}

size_t msg_make(uint8_t *buf, uint32_t writer, uint32_t seq)
{
	size_t len = msg_len(writer, seq);

	memcpy(buf, &writer, 4);
	memcpy(buf + 4, &seq, 4);
	for (size_t i = 8; i < len; i++)
		buf[i] = msg_byte(writer, seq, i);
	return len;
}

bool msg_check(const uint8_t *buf, ssize_t len)
{
	uint32_t writer, seq;

	if (len < 8)
		return false;
	memcpy(&writer, buf, 4);
	memcpy(&seq, buf + 4, 4);
	if ((size_t)len != msg_len(writer, seq))
		return false;
	for (size_t i = 8; i < (size_t)len; i++)
		if (buf[i] != msg_byte(writer, seq, i))
			return false;
	return true;
}
