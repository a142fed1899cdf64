#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The programs' shared command-line conventions (common/cli.c): each says
# "NAME (msgslot) VERSION" for --version, and a usage error is one line,
# "NAME: what; try 'NAME --help'", with exit status 2.
. "$(dirname "$0")/../lib/tap.sh"
cd "$(dirname "$0")/../.." || exit 1

version=$(make -s --no-print-directory version)
for prog in message_sender message_reader msgslotctl msgslotd; do
	t_is "$prog --version" "$(build/$prog --version 2>&1)" "$prog (msgslot) $version"
	err=$(build/$prog --no-such-option 2>&1 >/dev/null)
	rc=$?
	[ $prog = message_sender ] && want="$prog: expected 3 arguments (DEVICE CHANNEL MESSAGE), got 1; try '$prog --help'" ||
		want="$prog: unknown option '--no-such-option'; try '$prog --help'"
	t_is "$prog: a usage error is one line, exit 2" "$rc $err" "2 $want"
done
err=$(build/msgslotd --config 2>&1 >/dev/null)
t_is "msgslotd: an option without its argument" "$? $err" \
	"2 msgslotd: option '--config' needs an argument; try 'msgslotd --help'"
t_done
