#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel log after the whole suite: no BUG (KASAN's included), WARNING,
# Oops, UBSAN, lockdep or RCU report, hung task, stall or OOM kill.
# Matched on the report headers: a bare stack dump also follows the
# allocation-failure notices that fault injection provokes on purpose.
# Leaks are kmemleak.sh's to judge.
. /payload/lib/tap.sh

dmesg >/tmp/dmesg
pattern='BUG:|WARNING:|Oops|UBSAN:|general protection fault|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|rcu.*detected stall|invoked oom-killer'
if grep -qE "$pattern" /tmp/dmesg; then
	t_result 1 "kernel log has no warnings or bugs"
	grep -E -A20 "$pattern" /tmp/dmesg | head -80 | sed 's/^/#   /'
else
	t_result 0 "kernel log has no warnings or bugs"
fi
t_done
