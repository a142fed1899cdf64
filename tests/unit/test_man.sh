#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every binary has a man page, every function libmsgslot exports has one in
# section 3, the device has message_slot(4), make install puts them all in
# place, and groff renders each without a warning.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh

missing=
for sym in $(sed -n 's/^\t\(msgslot_[a-z_]*\);$/\1/p' lib/libmsgslot.map); do
	[ -f "docs/man/$sym.3" ] || missing="$missing $sym"
done
t_is "every exported function has a section-3 page" "$missing" ""
t_ok "libmsgslot(3) names every exported function" bash -c '
	for sym in $(sed -n "s/^\t\(msgslot_[a-z_]*\);\$/\1/p" lib/libmsgslot.map); do
		grep -q "fB$sym\\\\fR(3)" docs/man/libmsgslot.3 || { echo "$sym"; exit 1; }
	done'
t_ok "the device has message_slot(4)" test -f docs/man/message_slot.4
for bin in message_sender message_reader msgslotctl msgslotd; do
	t_ok "$bin has a man page" bash -c "ls docs/man/$bin.[18] >/dev/null"
done

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
make -s -n -o all install DESTDIR="$d" PREFIX=/usr KVER=0 >"$d/plan" 2>&1
t_ok "make install installs the section 3 and 4 pages" \
	bash -c "grep -q 'man3.*msgslot_wait.3' '$d/plan' && grep -q 'man4.*message_slot.4' '$d/plan'"

warn=
mkdir -p "$d/man3"
cp docs/man/*.3 "$d/man3/"
for page in docs/man/*.[1-8]; do
	out=$(cd "$d" && LC_ALL=C.UTF-8 MANWIDTH=80 groff -man -Tutf8 -ww -z \
		-I"$d" "$OLDPWD/$page" 2>&1)
	[ -z "$out" ] || warn="$warn $(basename "$page"): $out"
done
t_is "groff renders every page without a warning" "$warn" ""
t_done
