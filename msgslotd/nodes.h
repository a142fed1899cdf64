/* SPDX-License-Identifier: GPL-2.0 */
/* nodes.h - /dev/slotN with the configured owner, group and mode. */
#ifndef MSGSLOTD_NODES_H
#define MSGSLOTD_NODES_H

#include "config.h"

/*
 * Make every configured /dev/slotN that is missing and give each the
 * owner, group and mode configured for it (its [slots] section's, or the
 * file's).  Returns the number of nodes that
 * could not be set up (each logged).
 */
int nodes_apply(const struct config *cfg, const char *dev_dir);

#endif
