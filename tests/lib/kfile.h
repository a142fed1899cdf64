/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kfile.h - one value in a kernel file (sysfs, debugfs, cgroupfs, /proc).
 */
#ifndef MSGSLOT_KFILE_H
#define MSGSLOT_KFILE_H

/* Write @text to @path in one write(2): 0, or -errno (errno kept too). */
int kfile_put(const char *path, const char *text);

/* The decimal number at the start of @path; -1 if it cannot be opened. */
long kfile_get(const char *path);

#endif
