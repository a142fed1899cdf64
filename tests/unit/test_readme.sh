#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README as a manual: short, its links resolving, its commands real.
#
# The README's command blocks run for real elsewhere: the quick start in
# the guest test quickstart (and make demo), the install lines after
# 'make' in the systemd guest, those after 'make deb' in the package
# guests, the dkms line in run-systemd-tests, the perf lines in the
# systemd guest.  Here, on the host: that every make target they name
# exists, that every other command is one of those the guests run, and
# that every relative link of every document resolves.
. "$(dirname "$0")/../lib/tap.sh"
cd "$(dirname "$0")/../.." || exit 1

readme=${MSGSLOT_README:-README.md}
lines=$(wc -l <"$readme")
t_ok "$readme is a manual: at most 300 lines ($lines)" test "$lines" -le 300

# Every relative link [text](path) of the project's documents names a file
# or directory of the tree (an anchor after # is not checked).
docs=$(ls README.md HACKING.md docs/*.md docs/bench/*.md 2>/dev/null)
[ "$readme" = README.md ] || docs="$readme"
bad=
for doc in $docs; do
	dir=$(dirname "$doc")
	for link in $(grep -o '\](\([^)]*\))' "$doc" | sed 's/^](//; s/)$//'); do
		case $link in
		http://* | https://* | mailto:* | '#'*) continue ;;
		esac
		[ -e "$dir/${link%%#*}" ] || bad="$bad $doc:$link"
	done
done
t_ok "every relative link resolves${bad:+ (not:$bad)}" test -z "$bad"

# The blocks the guests run, and what each may hold besides make.
blocks="quickstart install-deb install-source install-dkms trace"
for b in $blocks; do
	t_ok "the block $b is there" test -n "$(tests/lib/readme-steps "$readme" "$b")"
done
known="cd dmesg ls chmod insmod rmmod ./message_sender ./message_reader ./msgslotctl
	apt usermod systemctl systemd-sysusers dkms perf"
targets=$(make -p -f Makefile .msgslot-no-such-target 2>/dev/null |
	awk -F: '/^[a-zA-Z0-9][^$#\/\t=]*:([^=]|$)/ { n = split($1, t, " "); for (i = 1; i <= n; i++) print t[i] }' |
	sort -u)
unknown= missing=
for b in $blocks; do
	while read -r line; do
		set -- $line
		[ "$1" = sudo ] && shift
		[ $# -gt 0 ] || continue
		case $1 in
		'#'*) continue ;;
		make)
			shift
			args=
			for a; do
				case $a in '#'*) break ;; esac
				args="$args $a"
			done
			# Each target named is one the Makefile has (make -p's
			# database, asked about a target no one has, runs nothing).
			for a in $args; do
				case $a in *=*) continue ;; esac
				echo "$targets" | grep -qxF -- "$a" || missing="$missing 'make$args'"
			done
			;;
		*)
			echo "$known" | tr -s ' \t' '\n\n' | grep -qxF "$1" || unknown="$unknown $1"
			;;
		esac
	done < <(tests/lib/readme-steps "$readme" "$b")
done
t_ok "every make target of the blocks exists${missing:+ (not:$missing)}" test -z "$missing"
t_ok "every other command is one the guests run${unknown:+ (not:$unknown)}" test -z "$unknown"
t_done
