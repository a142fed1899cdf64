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

# Waiting and following (issue: poll, metadata).
# PID sleeps in poll(2): it has read what there was, and waits.
polling() { grep -q poll "/proc/$1/wchan" 2>/dev/null; }
# FILE has LINE, one of its newline- or NUL-ended lines.
printed() { tr '\0' '\n' <"$1" | grep -qx "$2"; }
echo 700 >/sys/class/msgslot/slot0/clear
expect "--wait --timeout 0.3 on an empty channel: exit 1, says so" 1 "no new message within 0.3 s" \
	message_reader --wait --timeout 0.3 $dev 700
(sleep 0.5; message_sender $dev 700 "late") &
t_is "--wait: waits for the first message" "$(message_reader --wait --timeout 10 $dev 700)" "late"
wait
t_is "--wait with a message there: prints it at once" "$(message_reader -w $dev 700)" "late"
meta=$(message_reader --meta $dev 700)
t_ok "--meta: SEQ TIME PID UID MESSAGE" \
	sh -c "echo '$meta' | grep -Eq '^[1-9][0-9]* [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z [1-9][0-9]* 0 late$'"
# The followers are waited for, not slept on: a debug kernel can take
# longer than any sleep to start a process.
message_reader --follow $dev 701 >/tmp/follow.out 2>/tmp/follow.err &
fpid=$!
until_ok 30 polling $fpid
for m in one two three; do
	message_sender $dev 701 $m
	until_ok 30 printed /tmp/follow.out $m
done
kill -INT $fpid; wait $fpid; frc=$?
t_is "--follow prints each new message with a newline" "$(cat /tmp/follow.out)" "one
two
three"
t_is "--follow: interrupted, exit 0" "$frc" 0
message_reader -f -0 $dev 702 >/tmp/follow0.out &
fpid=$!
until_ok 30 polling $fpid
message_sender $dev 702 a
until_ok 30 printed /tmp/follow0.out a
message_sender $dev 702 b
until_ok 30 printed /tmp/follow0.out b
kill $fpid; wait $fpid
t_is "-0 ends each message with NUL" "$(od -An -c /tmp/follow0.out | tr -s ' ')" " a \\0 b \\0"
message_reader --follow --verbose $dev 703 >/tmp/follow.out 2>/tmp/follow.err &
fpid=$!
until_ok 30 polling $fpid
message_sender $dev 703 first
until_ok 30 printed /tmp/follow.out first
until_ok 30 polling $fpid
kill -STOP $fpid
message_sender $dev 703 lost1; message_sender $dev 703 lost2; message_sender $dev 703 last
kill -CONT $fpid
until_ok 30 printed /tmp/follow.out last
kill -INT $fpid; wait $fpid
t_is "--follow prints what it sees: the first and the last" "$(cat /tmp/follow.out)" "first
last"
t_ok "--verbose counts the 2 overwritten unread" grep -q "2 message(s) overwritten before they were read" /tmp/follow.err
echo 704 >/sys/class/msgslot/slot0/clear
message_reader --follow --timeout 1 $dev 704 >/tmp/follow.out 2>/tmp/follow.err
t_is "--follow --timeout: nothing for 1 s, exit 1" "$?" 1
t_ok "and says so" grep -q "no new message within 1 s" /tmp/follow.err
expect "-0 without --follow: usage error" 2 "needs --follow" message_reader -0 $dev 1
expect "--timeout without --wait: usage error" 2 "needs --wait or --follow" message_reader -t 1 $dev 1
expect "a bad timeout: usage error" 2 "invalid timeout 'soon'" message_reader -w -t soon $dev 1
expect "an unknown option: usage error" 2 "unknown option '--frobnicate'" message_reader --frobnicate $dev 1
t_done
