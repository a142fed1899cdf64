/* SPDX-License-Identifier: GPL-2.0 */
/*
 * usercopy.h - a message's bytes to and from user space.
 *
 * A message is at most MSG_SLOT_MAX_LEN (128) bytes, and the kernel side
 * of each copy is a buffer of ours on the stack, bounded by that.  These
 * copy it in words inside one user-access section, inline, as the
 * kernel does its own short copies (unsafe_copy_to_user() in filldir,
 * unsafe_get_user() words in strncpy_from_user()): no call, no string
 * instruction, no hardened-usercopy walk of an object whose bound is a
 * constant here.  Against
 * copy_to_user() and copy_from_user() (a call, rep movsb for 64 bytes or
 * more, __check_object_size()), the 128-byte write+read pair went from
 * 1.79x to 1.46x the floor on 6.12 under QEMU TCG (tests/bench/compare,
 * docs/bench/write-read-path.md).
 *
 * What stays: might_fault() (the debug kernels' sleep-in-atomic and
 * lockdep checks), access_ok() and the speculation barrier of
 * user_access_begin(), and the usercopy fault injection
 * (CONFIG_FAULT_INJECTION_USERCOPY, which the fault tests use).  Nothing
 * between begin and end calls a function (objtool checks).
 *
 * The user side's words may be unaligned, which the architectures Debian
 * builds this for (x86-64, arm64) handle in hardware; elsewhere the
 * generic unsafe accessors fall back to __get_user()/__copy_to_user().
 *
 * Both return 0, or -EFAULT with part of the destination written: a
 * message copied in is not used then, and a read that fails returns
 * -EFAULT as copy_to_user() made it do.
 */
#ifndef MSGSLOT_USERCOPY_H
#define MSGSLOT_USERCOPY_H

#include <linux/fault-inject-usercopy.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/uaccess.h>

/* Copy @len bytes of ours at @src to @dst, in user space. */
static __always_inline int msgslot_to_user(void __user *dst, const void *src,
					   size_t len)
{
	might_fault();
	if (should_fail_usercopy())
		return -EFAULT;
	if (!user_access_begin(dst, len))
		return -EFAULT;
	unsafe_copy_to_user(dst, src, len, fault);
	user_access_end();
	return 0;
fault:
	user_access_end();
	return -EFAULT;
}

/*
 * Copy @len bytes at @src, in user space, to @dst, ours, 8-byte aligned,
 * and zero the rest of the last word: a message is then copied on in
 * whole words (store.c's msg_copy()) with no stale bytes of the stack.
 */
static __always_inline int msgslot_from_user(void *dst, const void __user *src,
					     size_t len)
{
	const u8 __user *s = src;
	u8 *d = dst;

	might_fault();
	if (should_fail_usercopy())
		return -EFAULT;
	if (len % 8)
		((u64 *)dst)[len / 8] = 0;
	if (!user_read_access_begin(src, len))
		return -EFAULT;
	for (; len >= 8; d += 8, s += 8, len -= 8)
		unsafe_get_user(*(u64 *)d, (const u64 __user *)s, fault);
	if (len >= 4) {
		unsafe_get_user(*(u32 *)d, (const u32 __user *)s, fault);
		d += 4, s += 4, len -= 4;
	}
	if (len >= 2) {
		unsafe_get_user(*(u16 *)d, (const u16 __user *)s, fault);
		d += 2, s += 2, len -= 2;
	}
	if (len)
		unsafe_get_user(*d, s, fault);
	user_read_access_end();
	return 0;
fault:
	user_read_access_end();
	return -EFAULT;
}

#endif /* MSGSLOT_USERCOPY_H */
