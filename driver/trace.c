// SPDX-License-Identifier: GPL-2.0
/* trace.c - makes the tracepoints trace.h declares. */
#define CREATE_TRACE_POINTS
#include "trace.h"
