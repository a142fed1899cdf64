#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# msgslotctl top on the host against a fake sysfs tree whose counters the
# test moves: as plain repeated tables (stdout not a terminal), as JSON,
# and on a terminal under tmux (redrawn in place on the alternate screen,
# rates from the counters, q quits, the terminal as it was); usage errors.
. "$(dirname "$0")/../lib/tap.sh"

. "$(dirname "$0")/../lib/fake-sysfs.sh"
fake_tree 2097152 1073741824
sock=$tree/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$tree"' EXIT
fake_slot 0 3 115 4096 2 1000 5000
fake_slot 7 0 0 512 0 0 0

# Plain: the counters move by 200 writes and 50 reads during the first
# of two 2-second intervals, by nothing during the second.
( sleep 1; echo 1200 >"$MSGSLOT_SYSFS/slot0/writes"; echo 5050 >"$MSGSLOT_SYSFS/slot0/reads" ) &
"$ctl" top -d 2 --iterations 3 >"$tree/plain" 2>&1
t_is "top --iterations 3, not on a terminal: exit 0" "$?" 0
wait
t_is "three tables" "$(grep -c '^SLOT  CHANNELS BYTES MEMORY OPEN WRITES/S READS/S$' "$tree/plain")" 3
t_is "each after a summary line" \
	"$(grep -c '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]  2 slots: 3 channels, 115B stored, 4.5K memory, ' "$tree/plain")" 3
t_is "the first has no rates yet" "$(grep '^slot0' "$tree/plain" | head -1 | tr -s ' ')" \
	"slot0 3 115B 4K 2 - -"
rates=$(grep '^slot0' "$tree/plain" | sed -n 2p | tr -s ' ' | cut -d' ' -f6,7)
t_ok "the second: 200 writes and 50 reads over 2 s, about 100 and 25 per second ($rates)" \
	awk -v r="$rates" 'BEGIN { split(r, a, " "); exit !(a[1] >= 80 && a[1] <= 120 && a[2] >= 20 && a[2] <= 30) }'
t_is "the third: none moved" "$(grep '^slot0' "$tree/plain" | sed -n 3p | tr -s ' ' | cut -d' ' -f6,7)" "0 0"
t_is "and the summary says so" "$(grep -c ' 0 writes/s, 0 reads/s$' "$tree/plain")" 1

"$ctl" top -J -d 0.1 --iterations 2 >"$tree/json"
t_is "-J: one JSON object per refresh" "$(jq -c '[.slots[] | .writes_per_second]' "$tree/json" | tr '\n' ' ')" \
	"[null,null] [0,0] "
t_is "-o picks columns" "$("$ctl" top -o SLOT,READS/S -n --iterations 1 | tail -2 | tr -s ' ' | tr '\n' '|')" \
	"slot0 -|slot7 -|"

# A terminal: tmux runs it in a 100x20 pane, the shell there records
# the terminal's settings before and after.
tmux -S "$sock" new-session -d -x 100 -y 20 \
	"stty -g >$tree/stty.before; $ctl top -d 0.5; echo \$? >$tree/exit; stty -g >$tree/stty.after; sleep 60"
screen() { tmux -S "$sock" capture-pane -p; }
t_ok "on a terminal, top draws a frame" until_ok 10 sh -c "tmux -S $sock capture-pane -p | grep -q '^SLOT '"
echo 3000 >"$MSGSLOT_SYSFS/slot0/writes"
t_ok "the counters move: a frame with writes/s above 0" until_ok 10 sh -c \
	"tmux -S $sock capture-pane -p | grep -qE '^slot0 +3 +115B +4K +2 +[1-9][0-9]* +0\$'"
sleep 1.2
screen >"$tree/screen"
t_is "redrawn in place: one header, one summary, at the top" \
	"$(grep -c '^SLOT ' "$tree/screen") $(grep -c ' 2 slots: ' "$tree/screen") $(head -1 "$tree/screen" | grep -c ' 2 slots: ')" "1 1 1"
t_is "rates back to 0 once nothing moves" "$(grep '^slot0' "$tree/screen" | tr -s ' ' | cut -d' ' -f6,7)" "0 0"
t_ok "and how to quit, at the bottom" grep -q '^q quits' "$tree/screen"
tmux -S "$sock" send-keys q
t_ok "q quits" until_ok 10 test -s "$tree/exit"
t_is "with status 0" "$(cat "$tree/exit")" 0
t_is "the terminal's settings are as they were" "$(cat "$tree/stty.after")" "$(cat "$tree/stty.before")"
t_is "and the screen as it was: top's frame is gone" "$(screen | grep -c 'SLOT \|q quits')" 0

"$ctl" top -d 0 >/dev/null 2>"$tree/err"
t_is "--delay 0: usage error" "$? $(cat "$tree/err")" \
	"2 msgslotctl: --delay: '0' is not a number of seconds from 0.1 to 3600; try 'msgslotctl --help'"
"$ctl" top --iterations -1 >/dev/null 2>"$tree/err"
t_is "--iterations -1: usage error" "$? $(cat "$tree/err")" \
	"2 msgslotctl: --iterations: '-1' is not a positive number; try 'msgslotctl --help'"
"$ctl" list -d 1 >/dev/null 2>"$tree/err"
t_is "--delay with list: usage error" "$? $(cat "$tree/err")" "2 msgslotctl: --delay and --iterations are for top; try 'msgslotctl --help'"
"$ctl" top slot0 >/dev/null 2>"$tree/err"
t_is "top SLOT: usage error" "$? $(cat "$tree/err")" "2 msgslotctl: top takes no arguments; try 'msgslotctl --help'"
MSGSLOT_SYSFS=$tree/none "$ctl" top >/dev/null 2>"$tree/err"
t_is "module not loaded: exit 1" "$?" 1
t_done
