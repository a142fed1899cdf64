/* SPDX-License-Identifier: GPL-2.0 */
/* log.h - msgslotd's messages: stderr, with sd-daemon priority prefixes
 * when stderr is the journal. */
#ifndef MSGSLOTD_LOG_H
#define MSGSLOTD_LOG_H

#include <syslog.h>

void log_init(void);
__attribute__((format(printf, 2, 3)))
void log_msg(int priority, const char *fmt, ...);

#endif
