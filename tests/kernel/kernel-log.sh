#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel log after the whole suite: no BUG (KASAN's included), WARNING,
# Oops, UBSAN, lockdep or RCU report (the raw-lock nesting check's "Invalid
# wait context" too), sleeping in atomic context, hung task, stall or OOM
# kill.  Matched on the report headers: a bare stack dump also follows the
# allocation-failure notices that fault injection provokes on purpose.
# Leaks are kmemleak.sh's to judge.
#
# On a stock kernel every report fails the run.  On the debug kernels
# (MSGSLOT_DEBUG=1) a report fails it when it involves the module (a
# frame, lock or function of message_slot).  A lockdep report about a
# lock taken in an interrupt (6.1's printk taking the serial port's lock
# from a timer interrupt) is not the module's because the module was the
# interrupted task: for lockdep reports the frames after "</IRQ>" do not
# count (for stalls and lockups, printed from an interrupt about the task
# below it, they do); others are the kernel's own (6.1's
# PROVE_RAW_LOCK_NESTING help warns of known ones): counted and printed.
. "${MSGSLOT_TAP_SH:-/payload/lib/tap.sh}"

tmp=${TMPDIR:-/tmp}
dmesg >"$tmp/dmesg"
pattern='BUG:|WARNING:|Oops|UBSAN:|general protection fault|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|Invalid wait context|sleeping function called from invalid context|INFO: task .* blocked|rcu.*detected stall|invoked oom-killer'

# One report per record: its header and what follows, up to the end of its
# trace ("end trace", or for a lockdep report "</TASK>"; at most 80
# lines); records separated by a line "@@".
awk -v pat="$pattern" -v ours="$tmp/ours" -v theirs="$tmp/theirs" '
# Ours: a frame of the module ("[message_slot]"), its lock or function
# names; every report lists the module under "Modules linked in", which
# says nothing, and so do, in a lockdep report, the frames of the task an
# interrupt interrupted (after "</IRQ>").
function mentions(line) {
	if (lockdep && line ~ /<\/IRQ>/)
		interrupted = 1
	return !interrupted && line ~ /message_slot|msgslot/ &&
	       line !~ /Modules linked in/
}
function flush() {
	if (!rep)
		return
	print rep > (mine ? ours : theirs)
	print "@@" > (mine ? ours : theirs)
	rep = ""
}
$0 ~ pat && !(rep && $0 ~ /WARNING:|BUG:/ && n < 2) {
	flush()
	interrupted = 0
	lockdep = ($0 ~ /Invalid wait context|possible (circular|recursive) locking|inconsistent lock state/)
	rep = $0; mine = mentions($0); n = 0
	next
}
rep {
	rep = rep "\n" $0; n++
	if (mentions($0))
		mine = 1
	# A lockdep report ends with its one stack trace (no "end trace"
	# line follows): what the log says after it is not part of it.
	if ($0 ~ /end trace/ || (lockdep && $0 ~ /<\/TASK>/) || n >= 80)
		flush()
}
END { flush() }' "$tmp/dmesg"
: >>"$tmp/ours"
: >>"$tmp/theirs"
mine=$(grep -c '^@@$' "$tmp/ours")
theirs=$(grep -c '^@@$' "$tmp/theirs")

if [ "${MSGSLOT_DEBUG:-0}" = 1 ]; then
	t_is "kernel log has no report that involves the module" "$mine" 0
	echo "# $theirs reports of the kernel's own (not involving the module):"
	grep -v '^@@$' "$tmp/theirs" | head -80 | sed 's/^/#   /'
else
	t_is "kernel log has no warnings or bugs" "$((mine + theirs))" 0
	grep -v '^@@$' "$tmp/theirs" | head -60 | sed 's/^/#   /'
fi
grep -v '^@@$' "$tmp/ours" | head -100 | sed 's/^/#   /'
t_done
