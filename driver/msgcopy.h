/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msgcopy.h - copying messages (1..MSG_SLOT_MAX_LEN bytes) in words.
 *
 * A message is copied as 8-byte words, the last one overlapping the one
 * before it so that exactly @len bytes are read and written; messages
 * under 8 bytes go byte by byte.  For such short, bounded copies this
 * beats a call to the generic copy routines, whose string instructions
 * cost one step per byte on some CPUs (and on every emulated one), and it
 * skips the hardened-usercopy object lookup, which has nothing to check:
 * every kernel-side buffer here is a fixed array or a channel's own data,
 * and @len is at most MSG_SLOT_MAX_LEN.
 *
 * The user-side copies need the caller to have checked @len.  On a fault
 * they return -EFAULT, having copied some bytes or none.  Their words may
 * be unaligned, which the architectures Debian builds this for (x86-64,
 * arm64) handle in hardware for user memory too.
 */
#ifndef MSGSLOT_MSGCOPY_H
#define MSGSLOT_MSGCOPY_H

#include <linux/compiler_attributes.h>
#include <linux/types.h>
#include <linux/uaccess.h>

/* A word at any address: the compiler emits what the CPU needs for it. */
struct msg_word {
	u64 v;
} __packed;

static __always_inline u64 word_load(const u8 *p)
{
	return ((const struct msg_word *)p)->v;
}

static __always_inline void word_store(u8 *p, u64 v)
{
	((struct msg_word *)p)->v = v;
}

static __always_inline void msg_copy(u8 *dst, const u8 *src, size_t len)
{
	size_t i;

	if (len < 8) {
		for (i = 0; i < len; i++)
			dst[i] = src[i];
		return;
	}
	for (i = 0; i + 8 <= len; i += 8)
		word_store(dst + i, word_load(src + i));
	if (i < len)
		word_store(dst + len - 8, word_load(src + len - 8));
}

static __always_inline int msg_from_user(u8 *dst, const u8 __user *src,
					 size_t len)
{
	size_t i;
	u64 word;
	u8 byte;

	if (!user_read_access_begin(src, len))
		return -EFAULT;
	if (len < 8) {
		for (i = 0; i < len; i++) {
			unsafe_get_user(byte, src + i, fault);
			dst[i] = byte;
		}
		goto done;
	}
	for (i = 0; i + 8 <= len; i += 8) {
		unsafe_get_user(word, (const u64 __user *)(src + i), fault);
		word_store(dst + i, word);
	}
	if (i < len) {
		unsafe_get_user(word, (const u64 __user *)(src + len - 8), fault);
		word_store(dst + len - 8, word);
	}
done:
	user_read_access_end();
	return 0;
fault:
	user_read_access_end();
	return -EFAULT;
}

/* Never sleeps: with page faults disabled a missing page is a fault. */
static __always_inline int msg_to_user_nofault(u8 __user *dst, const u8 *src,
					       size_t len)
{
	int ret = -EFAULT;
	size_t i;

	pagefault_disable();
	if (!user_write_access_begin(dst, len))
		goto out;
	if (len < 8) {
		for (i = 0; i < len; i++)
			unsafe_put_user(src[i], dst + i, fault);
	} else {
		for (i = 0; i + 8 <= len; i += 8)
			unsafe_put_user(word_load(src + i),
					(u64 __user *)(dst + i), fault);
		if (i < len)
			unsafe_put_user(word_load(src + len - 8),
					(u64 __user *)(dst + len - 8), fault);
	}
	ret = 0;
fault:
	user_write_access_end();
out:
	pagefault_enable();
	return ret;
}

#endif /* MSGSLOT_MSGCOPY_H */
