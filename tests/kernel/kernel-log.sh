#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel log after the whole suite: no BUG, WARNING, Oops, KASAN, UBSAN,
# lockdep or RCU report.
. /payload/lib/tap.sh

dmesg >/tmp/dmesg
pattern='BUG:|WARNING:|Oops|Call Trace|KASAN|UBSAN|possible circular|suspicious RCU|kmemleak'
if grep -qE "$pattern" /tmp/dmesg; then
	t_result 1 "kernel log has no warnings or bugs"
	grep -E -A20 "$pattern" /tmp/dmesg | head -80 | sed 's/^/#   /'
else
	t_result 0 "kernel log has no warnings or bugs"
fi
t_done
