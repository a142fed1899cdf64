#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The device test suite, run in the guest as /payload/run (busybox sh):
# the tests of /payload/tests.list (tests/kernel/tests.list) that are for
# this kernel, in order, or those MSGSLOT_TESTS names.  Each is framed by
# "#@ begin NAME" / "#@ end NAME rc=N s=SECONDS" for the host's
# tests/lib/tap-merge.awk, and runs in a session of its own under a time
# limit: the list's, times MSGSLOT_TIME_SCALE; past it the whole session
# is killed and "#@ timeout NAME LIMIT" fails the test by name.
# What rides on the kernel command line (tests/run-vm-tests): sizes
# (MSGSLOT_*), MSGSLOT_DEBUG=1 on the debug kernels, MSGSLOT_ONE=1 on the
# kernel that runs the "one" tests, MSGSLOT_TESTS as "a,b" (no spaces).
# Layout of /payload: message_slot.ko, bin/ (the tools), tests/ (test
# programs and scripts), lib/tap.sh, quickstart-steps, tests.list.

export PATH=/payload/bin:$PATH
cd /payload

rt=0
uname -v | grep -q PREEMPT_RT && rt=1
case ${MSGSLOT_DEBUG:-0}$rt in
00) kind=g ;;
01) kind=rt ;;
10) kind=dbg ;;
*) kind=dbg-rt ;;
esac
echo "# kernel $(uname -r), $(uname -v | grep -o 'PREEMPT[_A-Z]*' | head -n 1), tests for '$kind'"

# Is test NAME (runs on WHERE) for this guest?
wanted() { # NAME WHERE
	if [ -n "${MSGSLOT_TESTS:-}" ]; then
		case ",$MSGSLOT_TESTS," in *",$1,"*) return 0 ;; esac
		return 1
	fi
	case ",$2," in
	*,all,* | *",$kind,"*) return 0 ;;
	*,one,*) [ "${MSGSLOT_ONE:-0}" = 1 ] && [ "${MSGSLOT_DEBUG:-0}" = 0 ] ;;
	*) return 1 ;;
	esac
}

loaded() { grep -q '^message_slot ' /proc/modules; }
# Every test but quickstart starts with the module loaded and the nodes
# made; quickstart (the README's, which loads it) with it unloaded.
prepare() { # NAME
	if [ "$1" = quickstart ]; then
		! loaded || rmmod message_slot || echo "# rmmod before $1 failed"
		return
	fi
	loaded || insmod message_slot.ko || echo "# insmod before $1 failed"
	for minor in 0 1 2 3 255; do
		[ -e /dev/slot$minor ] || mknod /dev/slot$minor c 235 $minor
	done
}

uptime_s() { cut -d. -f1 /proc/uptime; }

# Run NAME's COMMAND in a session of its own, killed whole past LIMIT s.
run() { # NAME LIMIT COMMAND...
	name=$1 limit=$(($2 * ${MSGSLOT_TIME_SCALE:-1}))
	shift 2
	prepare "$name"
	echo "#@ begin $name"
	start=$(uptime_s)
	rm -f /tmp/timed-out
	setsid "$@" &
	pid=$!
	(
		sleep "$limit"
		kill -0 "$pid" 2>/dev/null || exit 0
		: >/tmp/timed-out
		kill -TERM -- "-$pid" 2>/dev/null
		sleep 5
		kill -KILL -- "-$pid" 2>/dev/null
	) &
	watchdog=$!
	wait "$pid"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	[ -e /tmp/timed-out ] && echo "#@ timeout $name $limit"
	echo "#@ end $name rc=$rc s=$(($(uptime_s) - start))"
}

# The debug kernel: kmemleak forgets what boot left, to report only ours.
[ "${MSGSLOT_DEBUG:-0}" = 1 ] && echo clear >/sys/kernel/debug/kmemleak

# The list's COMMAND has ${MSGSLOT_...:-default} sizes: expanded here.
grep -v '^#' tests.list | while read -r name where limit command; do
	[ -n "$name" ] || continue
	wanted "$name" "$where" || continue
	eval "set -- $command"
	run "$name" "$limit" "$@" </dev/null
done
