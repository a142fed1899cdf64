#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The bash completion for msgslotctl: commands, options, -o columns, and
# slot names (from 'msgslotctl list', here over a fake sysfs tree).
. "$(dirname "$0")/../lib/tap.sh"

if [ ! -r /usr/share/bash-completion/bash_completion ]; then
	t_result 1 "bash-completion is installed (tests/vm/deps installs it)"
	t_done
fi
. /usr/share/bash-completion/bash_completion
. "$(dirname "$0")/../../completions/msgslotctl"

complete_line() { # WORDS...: the last word is the one being completed
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_msgslotctl msgslotctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	echo "${COMPREPLY[*]}"
}

t_is "commands" "$(complete_line msgslotctl '')" "list stats channels clear metrics top"
t_is "a command by prefix" "$(complete_line msgslotctl ch)" "channels"
t_is "metrics' formats" "$(complete_line msgslotctl metrics --format '')" "openmetrics prometheus"
t_is "top's columns" "$(complete_line msgslotctl top -o SLOT,WRI)" "SLOT,WRITES/S"
t_is "channels' columns" "$(complete_line msgslotctl channels -o ID,WRI)" "ID,WRITTEN"
t_is "nothing after --delay's value" "$(complete_line msgslotctl top --delay 2 '')" ""
t_is "long options by prefix" "$(complete_line msgslotctl --j)" "--json"
t_is "-o columns" "$(complete_line msgslotctl list -o CH)" "CHANNELS"
t_is "-o after a comma keeps the list" "$(complete_line msgslotctl list -o SLOT,WR)" "SLOT,WRITES"
t_is "nothing after list" "$(complete_line msgslotctl list '')" ""

tree=$(mktemp -d)
mkdir -p "$tree/slot0" "$tree/slot12"
for d in "$tree"/slot*; do
	for f in channels bytes memory open_files writes reads; do echo 0 >"$d/$f"; done
done
PATH=$PWD/build:$PATH MSGSLOT_SYSFS=$tree
export PATH MSGSLOT_SYSFS
t_is "slot names after stats" "$(complete_line msgslotctl stats '')" "slot0 slot12"
t_is "slot names by prefix after clear" "$(complete_line msgslotctl -J clear slot1)" "slot12"
t_is "nothing after the slot of clear" "$(complete_line msgslotctl clear slot0 '')" ""
rm -rf "$tree"
t_done
