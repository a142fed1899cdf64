/* SPDX-License-Identifier: GPL-2.0 */
/* textfile.h - the figures for node_exporter's textfile collector. */
#ifndef MSGSLOTD_TEXTFILE_H
#define MSGSLOTD_TEXTFILE_H

/*
 * Write every slot's figures to @path in the Prometheus text format
 * (0.0.4, what the textfile collector parses), atomically: a temporary
 * file in the same directory, mode 0644, renamed over @path.  With the
 * module not loaded, @path is removed instead: no figures rather than
 * stale ones.  0 or -errno; a failure is logged when it differs from the
 * last one, so a lasting one is not logged every interval.
 */
int textfile_write(const char *path);

/* Remove @path (msgslotd stops, or the key changed).  Logged. */
void textfile_remove(const char *path);

#endif
