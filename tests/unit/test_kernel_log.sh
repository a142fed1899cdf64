#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest's kernel-log gate (tests/kernel/kernel-log.sh) on logs whose
# verdict is known: which reports involve the module on a debug kernel,
# and that a stock kernel fails on any.  dmesg is a stand-in that prints
# the log under test.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
export MSGSLOT_TAP_SH=$PWD/tests/lib/tap.sh

gate() { # DEBUG LOG: the gate's first result line
	printf '#!/bin/sh\ncat %s\n' "$2" >"$work/bin/dmesg"
	chmod 755 "$work/bin/dmesg"
	rm -f "$work/ours" "$work/theirs"
	TMPDIR=$work PATH=$work/bin:$PATH MSGSLOT_DEBUG=$1 \
		bash tests/kernel/kernel-log.sh | grep -m1 -E '^(not )?ok'
}

cat >"$work/ours-lockdep" <<'X'
[   40.0] [ BUG: Invalid wait context ]
[   40.0] concurrency/98 is trying to lock:
[   40.0] ff11 (&ch->lock){+.+.}-{3:3}, at: channel_update+0x2f/0x260 [message_slot]
[   40.0] stack backtrace:
[   40.0]  channel_update+0x2f/0x260 [message_slot]
X
cat >"$work/irq-lockdep" <<'X'
[  169.9] [ BUG: Invalid wait context ]
[  169.9] rmmod/288 is trying to lock:
[  169.9] ffff (&port_lock_key){-.-.}-{3:3}, at: serial8250_console_write+0x55c/0x8c0
[  169.9]  #0: ff11 (&ht->mutex){+.+.}-{4:4}, at: rhashtable_free_and_destroy+0x32/0x4a0
[  169.9] Call Trace:
[  169.9]  <IRQ>
[  169.9]  serial8250_console_write+0x55c/0x8c0
[  169.9]  _printk+0xc5/0xfb
[  169.9]  </IRQ>
[  169.9]  <TASK>
[  169.9]  msgslot_store_destroy+0x12/0x40 [message_slot]
[  169.9]  msgslot_exit+0x5/0x3c [message_slot]
X
cat >"$work/stall" <<'X'
[   10.0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[   10.0] Call Trace:
[   10.0]  <IRQ>
[   10.0]  rcu_sched_clock_irq+0x1/0x2
[   10.0]  </IRQ>
[   10.0]  <TASK>
[   10.0]  store_read_slow+0x10/0x20 [message_slot]
[   10.0] ---[ end trace 1 ]---
X
cat >"$work/linked-in" <<'X'
[    5.0] WARNING: CPU: 0 PID: 1 at drivers/foo.c:10 foo_init+0x1/0x2
[    5.0] Modules linked in: message_slot(O)
[    5.0]  foo_init+0x1/0x2
[    5.0] ---[ end trace 2 ]---
X
printf '[    1.0] message_slot: loaded, major 235, 4 slots\n' >"$work/clean"
# 6.1's kmemleak printing under its raw object lock, while the load
# fault test loads the module (an injected failslab): the kernel's own.
# The module's load messages right after its trace are not in it.
cat >"$work/after-trace" <<'X'
[  192.8] [ BUG: Invalid wait context ]
[  192.8] faults/522 is trying to lock:
[  192.8] ffff (&port_lock_key){-.-.}-{3:3}, at: serial8250_console_write+0x501/0x850
[  192.8]  #0: ff88 (&object->lock){..-.}-{2:2}, at: kmemleak_scan_area+0x98/0x210
[  192.8] stack backtrace:
[  192.8] Call Trace:
[  192.8]  <TASK>
[  192.8]  serial8250_console_write+0x501/0x850
[  192.8]  kmemleak_scan_area+0x1b9/0x210
[  192.8]  load_module+0x16d9/0x30c0
[  192.8]  </TASK>
[  192.9] message_slot: loaded, major 235, 2 slots
[  193.1] message_slot: loaded, major 235, 2 slots
X

t_is "a lock of the module taken where it may not be: the module's" \
	"$(gate 1 "$work/ours-lockdep")" "not ok 1 - kernel log has no report that involves the module"
t_is "a lockdep report about an interrupt that interrupted the module: the kernel's" \
	"$(gate 1 "$work/irq-lockdep")" "ok 1 - kernel log has no report that involves the module"
t_is "a stall printed from an interrupt about the module's task: the module's" \
	"$(gate 1 "$work/stall")" "not ok 1 - kernel log has no report that involves the module"
t_is "a lockdep report whose trace ends before the module's own log lines: the kernel's" \
	"$(gate 1 "$work/after-trace")" "ok 1 - kernel log has no report that involves the module"
t_is "a warning that only lists the module as loaded: the kernel's" \
	"$(gate 1 "$work/linked-in")" "ok 1 - kernel log has no report that involves the module"
t_is "a stock kernel fails on any report" \
	"$(gate 0 "$work/linked-in")" "not ok 1 - kernel log has no warnings or bugs"
t_is "a clean log passes" "$(gate 0 "$work/clean")" "ok 1 - kernel log has no warnings or bugs"
t_done
