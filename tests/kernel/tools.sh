#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# message_sender and message_reader against the real device: output bytes,
# exit status and the one-line error for each failure.
. /payload/lib/tap.sh

dev=/dev/slot0

expect() { # DESC STATUS PATTERN CMD...: exit status and stderr line
	_d=$1 _want=$2 _pat=$3; shift 3
	"$@" >/tmp/t_stdout 2>/tmp/t_stderr; _rc=$?
	_lines=$(wc -l </tmp/t_stderr)
	if [ $_rc = "$_want" ] &&
	   { [ -z "$_pat" ] || grep -q -- "$_pat" /tmp/t_stderr; } &&
	   { [ "$_want" = 0 ] || [ "$_lines" = 1 ]; }; then
		t_result 0 "$_d"
	else
		t_result 1 "$_d"
		echo "#   exit $_rc (want $_want), stderr:"
		sed 's/^/#   /' /tmp/t_stderr
	fi
}

t_ok "sender stores a message" message_sender $dev 5 "hello there"
message_reader $dev 5 >/tmp/got
printf 'hello there' >/tmp/want
t_ok "reader writes exactly the message bytes, nothing added" cmp /tmp/got /tmp/want

msg128=$(printf '%0128d' 7)
t_ok "a 128-byte message goes through" message_sender $dev 6 "$msg128"
t_is "and reads back whole" "$(message_reader $dev 6)" "$msg128"
t_ok "0x channel ids are accepted" message_sender $dev 0x10 sixteen
t_is "0x10 and 16 name the same channel" "$(message_reader $dev 16)" sixteen
t_ok "the largest 64-bit id works" message_sender $dev 18446744073709551615 top

expect "129 bytes: exit 1, says the size limit and the errno" 1 "message must be 1 to 128 bytes (Message too long)$" \
	message_sender $dev 6 "${msg128}x"
t_is "the refused message left the old one" "$(message_reader $dev 6)" "$msg128"
expect "an empty message: exit 1, says the size limit" 1 "message must be 1 to 128 bytes" \
	message_sender $dev 6 ""
expect "reading an empty channel: exit 1, says so" 1 "channel 999: no message on this channel yet (Resource temporarily unavailable)$" \
	message_reader $dev 999
expect "channel 0: usage error, with the errno" 2 "invalid channel '0': .* (Invalid argument)$" message_sender $dev 0 x
expect "channel 'abc': usage error" 2 "invalid channel 'abc'" message_reader $dev abc
expect "channel '-1': usage error" 2 "invalid channel '-1'" message_reader $dev -1
expect "channel '12x': usage error" 2 "invalid channel '12x'" message_reader $dev 12x
expect "channel 2^64: usage error, says too large" 2 "too large for an unsigned long (Numerical result out of range)$" \
	message_reader $dev 18446744073709551616
expect "missing arguments: usage error" 2 "expected 3 arguments (DEVICE CHANNEL MESSAGE), got 2" message_sender $dev 1
expect "too many arguments: usage error" 2 "expected 2 arguments (DEVICE CHANNEL), got 3" message_reader $dev 1 2
expect "no such node: exit 1, says so" 1 "/dev/nonexistent: no such device node (No such file or directory)$" \
	message_reader /dev/nonexistent 1
mknod /tmp/wrongmajor c 236 0
expect "a node with no driver: exit 1, says so" 1 "no message_slot driver" \
	message_reader /tmp/wrongmajor 1
expect "a node of another driver: exit 1, says so" 1 "not a message slot device" \
	message_sender /dev/null 1 x
message_sender $dev 6 "$msg128"
echo 64 >/sys/module/message_slot/parameters/max_bytes
expect "a full slot: exit 1, says which limit, with the errno" 1 "max_channels or max_bytes limit was reached (No space left on device)$" \
	message_sender $dev 4242 "a message for a new channel, over the slot's byte limit"
echo 1073741824 >/sys/module/message_slot/parameters/max_bytes
t_is "the refused send stored nothing" "$(message_reader $dev 4242 2>/dev/null)" ""
expect "--help: exit 0" 0 "" message_sender --help
t_ok "--help prints the usage on stdout" grep -q "^Usage: message_sender DEVICE CHANNEL MESSAGE" /tmp/t_stdout
expect "--version: exit 0" 0 "" message_reader --version
t_ok "--version names the program and version" grep -q "^message_reader (msgslot) [0-9]" /tmp/t_stdout
t_done
