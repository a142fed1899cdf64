#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The device test suite, run in the guest as /payload/run (busybox sh).
# Each test is framed by "#@ begin NAME" / "#@ end NAME rc=N" for the host's
# tests/lib/tap-merge.awk.  Sizes come from MSGSLOT_* variables that
# tests/run-vm-tests puts on the kernel command line.  Layout of /payload: message_slot.ko, bin/ (the
# tools), tests/ (test programs and scripts), lib/tap.sh, quickstart-steps.

export PATH=/payload/bin:$PATH
cd /payload

run() {
	name=$1
	shift
	start=$(cut -d. -f1 /proc/uptime)
	echo "#@ begin $name"
	"$@"
	rc=$?
	echo "# $name: $(($(cut -d. -f1 /proc/uptime) - start)) s"
	echo "#@ end $name rc=$rc"
}

# The debug kernel: kmemleak forgets what boot left, to report only ours.
[ "${MSGSLOT_DEBUG:-0}" = 1 ] && echo clear >/sys/kernel/debug/kmemleak

# PREEMPT_RT kernels run the tests that race and check the locking; the
# generic ones run everything.  The RT debug kernel runs all but the
# three heaviest (a million channels' memory and listing, and fault
# injection into module loading), which say nothing about locking and
# run on the generic debug kernel.
rt=0
uname -v | grep -q PREEMPT_RT && rt=1
full() { [ $rt = 0 ] || [ "${MSGSLOT_DEBUG:-0}" = 1 ]; }
heavy() { [ $rt = 0 ]; }
echo "# kernel $(uname -r), $(uname -v | grep -o 'PREEMPT[_A-Z]*' | head -n 1)"

# Before anything is loaded: the README's quick start, as written.
full && run quickstart sh tests/quickstart.sh

insmod message_slot.ko || echo "# insmod failed"
for minor in 0 1 2 3 255; do
	[ -e /dev/slot$minor ] || mknod /dev/slot$minor c 235 $minor
done

run contract tests/contract
run poll tests/poll
run compat32 tests/compat32
run concurrency tests/concurrency 3
run wakeup tests/wakeup "${MSGSLOT_WAKEUP_ROUNDS:-300}" "${MSGSLOT_WAKEUP_FILES:-10000}"
run linearize tests/linearize "${MSGSLOT_LINEARIZE_OPS:-100000}" 4
run tracepoints tests/tracepoints 254
run tools sh tests/tools.sh
full && run module sh tests/module.sh
full && run loadrace tests/loadrace /payload/message_slot.ko 20
full && run sysfs sh tests/sysfs.sh
run listing tests/listing 2 "${MSGSLOT_LISTING_CHANNELS:-100000}"
full && run msgslotctl sh tests/ctl.sh
run limits tests/limits
run model tests/model "${MSGSLOT_MODEL_OPS:-3000}" 4
run stress-few tests/stress "${MSGSLOT_STRESS_SECONDS:-3}" 4
run stress-spread tests/stress "${MSGSLOT_STRESS_SECONDS:-3}" 5000
if [ "${MSGSLOT_DEBUG:-0}" = 1 ]; then
	run faults tests/faults
	heavy && run load-faults tests/faults --load /payload/message_slot.ko
fi
if heavy; then
	run memory tests/memory /dev/slot3 "${MSGSLOT_MEMORY_CHANNELS:-1000000}"
	run listing-1m tests/listing --existing 3 "${MSGSLOT_MEMORY_CHANNELS:-1000000}"
fi
[ "${MSGSLOT_DEBUG:-0}" = 1 ] && run kmemleak sh tests/kmemleak.sh
run kernel-log sh tests/kernel-log.sh
