# SPDX-License-Identifier: GPL-2.0
# fake-sysfs.sh - a fake tree of what libmsgslot reads, for the host
# tests of msgslotctl.  Source it (bash).
#
#   fake_tree MAX_CHANNELS MAX_BYTES   $tree, a new directory, removed at
#                                      exit (a trap the caller may replace,
#                                      removing it too); exports
#                                      MSGSLOT_SYSFS, MSGSLOT_DEBUGFS,
#                                      MSGSLOT_PARAMS and MSGSLOT_DEV into it
#   fake_slot MINOR CHANNELS BYTES MEMORY OPEN WRITES READS
#                                      a slot with those figures
# $ctl is the msgslotctl under test (MSGSLOTCTL, default build/msgslotctl).

ctl=$(realpath "${MSGSLOTCTL:-build/msgslotctl}")

fake_tree() {
	tree=$(mktemp -d)
	trap 'rm -rf "$tree"' EXIT
	export MSGSLOT_SYSFS=$tree/sys MSGSLOT_DEBUGFS=$tree/debug \
		MSGSLOT_PARAMS=$tree/params MSGSLOT_DEV=$tree/dev
	mkdir -p "$MSGSLOT_PARAMS"
	echo "$1" >"$MSGSLOT_PARAMS/max_channels"
	echo "$2" >"$MSGSLOT_PARAMS/max_bytes"
}

fake_slot() {
	local d=$MSGSLOT_SYSFS/slot$1 f
	mkdir -p "$d" "$MSGSLOT_DEBUGFS/slot$1"
	shift
	for f in channels bytes memory open_files writes reads; do
		echo "$1" >"$d/$f"
		shift
	done
	: >"$d/clear"
	echo "235:${d##*slot}" >"$d/dev"
}
