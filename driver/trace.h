/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h - the module's tracepoints, TRACE_SYSTEM msgslot (trace.c makes
 * them): /sys/kernel/tracing/events/msgslot/, perf and bpftrace.
 *
 *   msgslot_write   write(2) and MSG_SLOT_SEND: slot, channel, the length
 *                   asked for, the new sequence number (0 if none), the
 *                   path taken, the result (0 or -errno)
 *   msgslot_read    read(2) and MSG_SLOT_RECEIVE: the same, with the
 *                   length of the message read
 *   msgslot_clear   a clear through sysfs: slot, channel (0: the slot),
 *                   channels and message bytes taken away, the sequence
 *                   number of the message cleared (0 for a whole slot)
 *   msgslot_wake    a write woke the files polled on its channel: slot,
 *                   channel, how many files
 *
 * Paths: "hint" (found through the file's hint: no lookup, no store
 * lock; a write in place under the channel's lock), "lookup" (a read
 * that looked the id up, lock-free), "locked" (a write under the store
 * mutex, in place), "new" (a new channel), "replace" (a new object for
 * another size class), "none" (refused before the store).
 *
 * Each fires once per call, after the store has answered: never inside
 * a seqcount retry loop or under a lock.  Off, each is a static branch
 * that is not taken.  Built with MSGSLOT_TRACE=0 (for the benchmark's
 * comparison) they are empty inline functions.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM msgslot

#if !defined(MSGSLOT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define MSGSLOT_TRACE_H

#include <linux/types.h>

#include "msgslot_drv.h"

#ifdef MSGSLOT_NO_TRACE

static inline void trace_msgslot_write(unsigned int minor, unsigned long channel,
				       unsigned int len, u64 seq,
				       enum msgslot_path path, int ret)
{
}

static inline void trace_msgslot_read(unsigned int minor, unsigned long channel,
				      unsigned int len, u64 seq,
				      enum msgslot_path path, int ret)
{
}

static inline void trace_msgslot_clear(unsigned int minor, unsigned long channel,
				       unsigned long channels,
				       unsigned long bytes, u64 seq)
{
}

static inline void trace_msgslot_wake(unsigned int minor, unsigned long channel,
				      unsigned int files)
{
}

#else /* MSGSLOT_NO_TRACE */

#include <linux/tracepoint.h>

/* The values, for user space's parsers of the format files. */
TRACE_DEFINE_ENUM(MSGSLOT_PATH_NONE);
TRACE_DEFINE_ENUM(MSGSLOT_PATH_HINT);
TRACE_DEFINE_ENUM(MSGSLOT_PATH_LOOKUP);
TRACE_DEFINE_ENUM(MSGSLOT_PATH_LOCKED);
TRACE_DEFINE_ENUM(MSGSLOT_PATH_NEW);
TRACE_DEFINE_ENUM(MSGSLOT_PATH_REPLACE);

#define msgslot_path_name(path)					\
	__print_symbolic(path, { MSGSLOT_PATH_NONE, "none" },		\
			 { MSGSLOT_PATH_HINT, "hint" },			\
			 { MSGSLOT_PATH_LOOKUP, "lookup" },		\
			 { MSGSLOT_PATH_LOCKED, "locked" },		\
			 { MSGSLOT_PATH_NEW, "new" },			\
			 { MSGSLOT_PATH_REPLACE, "replace" })

DECLARE_EVENT_CLASS(msgslot_message,
		    TP_PROTO(unsigned int minor, unsigned long channel,
			     unsigned int len, u64 seq, enum msgslot_path path,
			     int ret),
		    TP_ARGS(minor, channel, len, seq, path, ret),
		    TP_STRUCT__entry(__field(u64, channel)
				     __field(u64, seq)
				     __field(u32, minor)
				     __field(u32, len)
				     __field(u32, path)
				     __field(s32, ret)),
		    TP_fast_assign(__entry->channel = channel;
				   __entry->seq = seq;
				   __entry->minor = minor;
				   __entry->len = len;
				   __entry->path = path;
				   __entry->ret = ret;),
		    TP_printk("slot=%u channel=%llu len=%u seq=%llu path=%s ret=%d",
			      __entry->minor, __entry->channel, __entry->len,
			      __entry->seq, msgslot_path_name(__entry->path),
			      __entry->ret)
);

DEFINE_EVENT(msgslot_message, msgslot_write,
	     TP_PROTO(unsigned int minor, unsigned long channel,
		      unsigned int len, u64 seq, enum msgslot_path path,
		      int ret),
	     TP_ARGS(minor, channel, len, seq, path, ret)
);

DEFINE_EVENT(msgslot_message, msgslot_read,
	     TP_PROTO(unsigned int minor, unsigned long channel,
		      unsigned int len, u64 seq, enum msgslot_path path,
		      int ret),
	     TP_ARGS(minor, channel, len, seq, path, ret)
);

TRACE_EVENT(msgslot_clear,
	    TP_PROTO(unsigned int minor, unsigned long channel,
		     unsigned long channels, unsigned long bytes, u64 seq),
	    TP_ARGS(minor, channel, channels, bytes, seq),
	    TP_STRUCT__entry(__field(u64, channel)
			     __field(u64, channels)
			     __field(u64, bytes)
			     __field(u64, seq)
			     __field(u32, minor)),
	    TP_fast_assign(__entry->channel = channel;
			   __entry->channels = channels;
			   __entry->bytes = bytes;
			   __entry->seq = seq;
			   __entry->minor = minor;),
	    TP_printk("slot=%u channel=%llu channels=%llu bytes=%llu seq=%llu",
		      __entry->minor, __entry->channel, __entry->channels,
		      __entry->bytes, __entry->seq)
);

TRACE_EVENT(msgslot_wake,
	    TP_PROTO(unsigned int minor, unsigned long channel,
		     unsigned int files),
	    TP_ARGS(minor, channel, files),
	    TP_STRUCT__entry(__field(u64, channel)
			     __field(u32, minor)
			     __field(u32, files)),
	    TP_fast_assign(__entry->channel = channel;
			   __entry->minor = minor;
			   __entry->files = files;),
	    TP_printk("slot=%u channel=%llu files=%u", __entry->minor,
		      __entry->channel, __entry->files)
);

#endif /* MSGSLOT_NO_TRACE */
#endif /* MSGSLOT_TRACE_H */

#ifndef MSGSLOT_NO_TRACE
/* Outside the guard: define_trace.h reads this file again. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
#endif
