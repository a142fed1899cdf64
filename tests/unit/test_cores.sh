#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/lib/cores.sh: a guest or a build holds the core slots it asked
# for, all or none, until it exits; what does not fit waits.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh
export TMPDIR=${TMPDIR:-/tmp}/cores.$$
mkdir -p "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT
export MSGSLOT_CORES=3

# hold N SECONDS: take N slots, say so, keep them SECONDS.
hold() { bash -c '. tests/lib/cores.sh; cores_take "$1"; echo held; sleep "$2"' _ "$@"; }
# within SECONDS N: did a take of N slots succeed within SECONDS?
within() { timeout "$1" bash -c '. tests/lib/cores.sh; cores_take "$1"' _ "$2"; }

hold 2 3 >"$TMPDIR/a" &
a=$!
for _ in $(seq 50); do [ -s "$TMPDIR/a" ] && break; sleep 0.1; done
t_is "a 2-slot holder starts at once" "$(cat "$TMPDIR/a")" held
t_ok "a 1-slot guest fits beside it" within 1 1
t_fails "a 2-slot one waits while it runs" within 1 2
t_fails "so does one that asks for more than there are (it gets all)" within 1 9
wait "$a"
t_ok "its slots come back when it exits" within 1 2

# In turn: a 2-slot job waiting behind two 1-slot holders is not
# overtaken by a 1-slot job that comes after it.
hold 1 3 >"$TMPDIR/b" &
b=$!
hold 1 3 >"$TMPDIR/c" &
c=$!
for _ in $(seq 50); do [ -s "$TMPDIR/b" ] && [ -s "$TMPDIR/c" ] && break; sleep 0.1; done
hold 2 0 >"$TMPDIR/d" &
d=$!
sleep 0.5
t_fails "a 1-slot job waits behind a 2-slot one that came first" within 1 1
wait "$b" "$c" "$d"
t_is "and the 2-slot one ran once the slots were free" "$(cat "$TMPDIR/d")" held
t_ok "MSGSLOT_CORES=0: no slots, nothing waits" \
	env MSGSLOT_CORES=0 bash -c '. tests/lib/cores.sh; cores_take 5 & cores_take 5'
t_ok "cores_give gives back what was taken" bash -c \
	'. tests/lib/cores.sh; cores_take 3; cores_give; timeout 1 bash -c ". tests/lib/cores.sh; cores_take 3"'
t_done
