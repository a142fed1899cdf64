/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kfile.h - one value in a kernel file (sysfs, debugfs, cgroupfs, /proc),
 * or the text of any small file.
 */
#ifndef MSGSLOT_KFILE_H
#define MSGSLOT_KFILE_H

/* Write @text to @path in one write(2): 0, or -errno (errno kept too). */
int kfile_put(const char *path, const char *text);

/* The decimal number at the start of @path; -1 if it cannot be opened. */
long kfile_get(const char *path);

/*
 * The text of @path, at most 8 KiB of it, in a buffer the next call
 * overwrites; NULL if it cannot be opened.
 */
const char *kfile_text(const char *path);

#endif
