#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# msgslotctl on the host against a fake sysfs/debugfs tree: output in every
# form checked field by field (JSON through jq), argument parsing, exit
# status and error lines.
. "$(dirname "$0")/../lib/tap.sh"

. "$(dirname "$0")/../lib/fake-sysfs.sh"
fake_tree 4194304 1073741824
fake_slot 0 3 115 4096 2 10 20
fake_slot 1 0 0 512 0 0 0
fake_slot 12 1 1 2000000 1 1 1
ninety_ago=$(( $(date +%s) - 90 ))000000000
printf '30 5 12 1700000000123456789 4711 1000\n7 128 3 1700000001000000000 42 0\n1 9 1 %s 99 1000\n' \
	"$ninety_ago" >"$MSGSLOT_DEBUGFS/slot0/channels"

run() { # run ARGS...: stdout in $out, stderr in $err, status in $rc
	out=$("$ctl" "$@" 2>/tmp/ctl.err)
	rc=$?
	err=$(cat /tmp/ctl.err)
}

run list -b
t_is "list -b: header and rows" "$out" "SLOT   DEVICE CHANNELS BYTES  MEMORY OPEN
slot0  -             3   115    4096    2
slot1  -             0     0     512    0
slot12 -             1     1 2000000    1"
t_is "list exits 0" "$rc" 0
run
t_is "list is the default, sizes human" "$(echo "$out" | sed -n 4p)" \
	"slot12 -             1    1B   1.9M    1"
run list -n -r -o SLOT,writes,READS
t_is "list -n -r -o picks columns, case-insensitive" "$out" "slot0 10 20
slot1 0 0
slot12 1 1"
run list -o +MINOR -n
t_is "-o +LIST adds to the defaults; -n sizes columns by their data" "$(echo "$out" | head -1)" \
	"slot0  - 3 115B   4K 2  0"
run list -J
t_is "list -J is valid JSON with one object per slot" \
	"$(echo "$out" | jq -c '[.slots[] | [.slot, .device, .channels, .bytes, .memory, .open_files]]')" \
	'[["slot0",null,3,115,4096,2],["slot1",null,0,0,512,0],["slot12",null,1,1,2000000,1]]'
run list -J -o SLOT,WRITES,READS,MINOR
t_is "list -J -o: only those keys" \
	"$(echo "$out" | jq -c '.slots[0]')" '{"slot":"slot0","writes":10,"reads":20,"minor":0}'

run stats -b
t_is "stats: totals over all slots, with the per-slot limits" "$out" "Slots:        3
Channels:     4
Bytes:        116
Memory:       2004608
Open files:   3
Writes:       11
Reads:        21
Max channels: 4194304
Max bytes:    1073741824"
run stats -J
t_is "stats -J: the totals as one object" "$(echo "$out" | jq -c .)" \
	'{"slots":3,"channels":4,"bytes":116,"memory":2004608,"open_files":3,"writes":11,"reads":21,"max_channels":4194304,"max_bytes":1073741824}'
for name in slot12 12; do
	run stats "$name" -J
	t_is "stats $name -J: that slot's figures" "$(echo "$out" | jq -c .)" \
		'{"slot":"slot12","device":null,"minor":12,"channels":1,"bytes":1,"memory":2000000,"open_files":1,"writes":1,"reads":1,"max_channels":4194304,"max_bytes":1073741824}'
done
run stats 0
t_is "stats SLOT as text" "$(echo "$out" | sed -n 1p; echo "$out" | sed -n 6p; echo "$out" | sed -n 11p)" "Slot:         slot0
Memory:       4K
Max bytes:    1G"

run channels slot0 -o ID,LENGTH,SEQ,WRITTEN,PID,UID
t_is "channels: sorted by id, with sequence, time and writer" "$out" "ID LENGTH SEQ WRITTEN                   PID  UID
 1      9   1 $(date -u -d @${ninety_ago%000000000} +%Y-%m-%dT%H:%M:%S).000Z   99 1000
 7    128   3 2023-11-14T22:13:21.000Z   42    0
30      5  12 2023-11-14T22:13:20.123Z 4711 1000"
run channels slot0
t_is "channels: the default columns end with AGE, PID, UID" "$(echo "$out" | sed -n 1p)" \
	"ID LENGTH SEQ WRITTEN                       AGE  PID  UID"
t_ok "AGE of a message written 90 s ago: 1m30s (or 1m31s)" \
	sh -c "echo '$out' | sed -n 2p | grep -Eq ' 1m3[01]s +99 1000\$'"
run channels 0 -J -o ID,LENGTH,SEQ,WRITTEN,PID,UID
t_is "channels -J" "$(echo "$out" | jq -c .)" \
	'{"channels":[{"id":1,"length":9,"seq":1,"written":"'"$(date -u -d @${ninety_ago%000000000} +%Y-%m-%dT%H:%M:%S)"'.000Z","pid":99,"uid":1000},{"id":7,"length":128,"seq":3,"written":"2023-11-14T22:13:21.000Z","pid":42,"uid":0},{"id":30,"length":5,"seq":12,"written":"2023-11-14T22:13:20.123Z","pid":4711,"uid":1000}]}'
run channels 0 -J -o AGE
t_ok "channels -J: age in seconds, a number" \
	sh -c "echo '$out' | jq -e '.channels[0].age >= 90 and .channels[0].age < 100' >/dev/null"
run channels 0 -o LENGTH -n
t_is "channels -o LENGTH -n" "$out" "  9
128
  5"

run clear slot1
t_is "clear SLOT writes 'all'" "$rc:$(cat "$MSGSLOT_SYSFS/slot1/clear")" "0:all"
run clear 1 0x20
t_is "clear SLOT CHANNEL writes the id in decimal" "$rc:$(cat "$MSGSLOT_SYSFS/slot1/clear")" "0:32"

expect() { # DESC STATUS PATTERN ARGS...
	local d=$1 want=$2 pat=$3
	shift 3
	run "$@"
	if [ "$rc" = "$want" ] && grep -q -- "$pat" <<<"$err" && [ -z "$out" ]; then
		t_result 0 "$d"
	else
		t_result 1 "$d"
		echo "#   exit $rc (want $want), stdout '$out', stderr: $err"
	fi
}
expect "stats of a missing slot: exit 1, names it" 1 "^msgslotctl: slot9: no such slot" stats 9
expect "clear of a missing slot: exit 1" 1 "slot9: no such slot" clear slot9
expect "a bad slot name: usage error" 2 "'slotx' is not a slot" stats slotx
expect "a slot past 255: usage error" 2 "'256' is not a slot" channels 256
expect "a bad channel: usage error" 2 "'0' is not a channel" clear 0 0
expect "an unknown column: usage error" 2 "unknown column 'NOPE'" list -o NOPE
expect "an unknown command: usage error" 2 "unknown command 'frob'" frob
expect "an unknown option: usage error" 2 "unknown option '--frob'" --frob
expect "-o without a value: usage error" 2 "option -o needs an argument" list -o
expect "extra arguments: usage error" 2 "list takes no arguments" list slot0
expect "channels without SLOT: usage error" 2 "channels takes one SLOT" channels
expect "-o with stats: usage error" 2 "-o is for list, channels and top" stats -o SLOT
expect "a node that is not a slot: exit 1" 1 "/dev/null: not a message slot device" stats /dev/null
expect "no node and no listing: exit 1, says both" 1 "no /dev/slot12, and no debugfs listing" channels 12
MSGSLOT_SYSFS=$tree/none expect "module not loaded: one clear line, exit 1" 1 \
	"the message_slot module is not loaded" list
t_is "and only one line" "$(wc -l <<<"$err")" 1
run --help
t_ok "--help lists every column" grep -q "READS  successful reads" <<<"$out"
run --version
t_is "--version" "$out" "msgslotctl (msgslot) $(make -s --no-print-directory version)"
t_done
