/* SPDX-License-Identifier: GPL-2.0 */
/*
 * selfcheck.h - messages that carry what they must look like.
 *
 * A message is: u32 writer, u32 sequence, then bytes that are a function
 * of both; its length too (8..128).  A read that mixes two writes has a
 * wrong length or a wrong byte, so a torn message cannot pass unseen.
 */
#ifndef MSGSLOT_SELFCHECK_H
#define MSGSLOT_SELFCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Fill @buf (MSG_SLOT_MAX_LEN bytes) with message @seq of @writer; its length. */
size_t msg_make(uint8_t *buf, uint32_t writer, uint32_t seq);

/* Whether @len bytes at @buf are a whole message. */
bool msg_check(const uint8_t *buf, ssize_t len);

#endif
