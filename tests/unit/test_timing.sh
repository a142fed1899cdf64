#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/lib/timing.sh and tests/timings: a phase's row holds its wall
# clock and the CPU it and its children used, not what ran beside it;
# the table shows both, and the run's cores on average.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh
. tests/lib/timing.sh
export TMPDIR=${TMPDIR:-/tmp}/timing.$$
mkdir -p "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT
MSGSLOT_TIMINGS=$TMPDIR/t.tsv
: >"$MSGSLOT_TIMINGS"

# spin SECONDS: busy for that long (bash only: no other program).
spin() { local end=$((SECONDS + $1)); while [ $SECONDS -lt "$end" ]; do :; done; }
# burn TICKS: busy until this process has used that much CPU, however
# busy the machine is (user + system ticks of /proc/self/stat).
burn() {
	local t
	while :; do
		read -r -a t </proc/$BASHPID/stat
		[ $((t[13] + t[14])) -lt "$1" ] || break
	done
}
export -f spin burn

timed busy bash -c "burn $((2 * $(getconf CLK_TCK)))"
rc=$?
t_is "timed passes the command's status on" "$rc" 0
timed fails false
t_is "a failing command's too" "$?" 1
# A sibling that spins and ends while a sleeping phase runs: not the
# phase's, though this shell reaps it then.
(spin 2) &
sib=$!
timed sleeping sleep 3
wait "$sib"
row() { awk -F'\t' -v n="$1" '$1 == n { print $2 " " $4 }' "$MSGSLOT_TIMINGS"; }
read -r wall cpu <<<"$(row busy)"
t_ok "a phase that used 2 s of CPU: CPU 2 s ($cpu), wall clock at least that ($wall)" \
	test "$cpu" = 2 -a "$wall" -ge 2
read -r wall cpu <<<"$(row sleeping)"
t_ok "a sleeping phase beside a busy sibling: CPU 0 ($cpu), wall clock 3 s ($wall)" \
	test "$cpu" = 0 -a "$wall" -ge 3

timing_row "g/t1" 5 test
timing_row "tests/run x" 10 total 15
out=$(tests/timings "$MSGSLOT_TIMINGS")
t_ok "the table has a CPU column" grep -q '^#   seconds      CPU  phase$' <<<"$out"
t_ok "each phase's CPU is in it" grep -qE '^# +[0-9]+ +[0-9]+  busy$' <<<"$out"
t_ok "the total says how many cores it kept busy" \
	grep -q 'tests/run x (0:10; CPU 1.5 cores on average)' <<<"$out"
t_done
