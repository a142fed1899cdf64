#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /sys/class/msgslot: the class, the slots made at load and on first use,
# each attribute against what this test did, clear, and refusals for a
# user who is not root.  Reloads the module first, so counters start at 0.
. /payload/lib/tap.sh
. /payload/lib/guest.sh

ko=/payload/message_slot.ko
sys=/sys/class/msgslot
attr() { cat $sys/slot1/$1; }

rmmod message_slot 2>/dev/null
insmod $ko
t_ok "the msgslot class exists" test -d $sys
t_ok "slots 0..3 are made at load (slots=4)" \
	test -e $sys/slot0 -a -e $sys/slot1 -a -e $sys/slot2 -a -e $sys/slot3
t_fails "slot4 is not" test -e $sys/slot4
t_ok "devtmpfs made /dev/slot0 by itself" test -c /dev/slot0
t_is "the device numbers are 235:1" "$(cat $sys/slot1/dev)" "235:1"
modes=$(cd $sys/slot1 && stat -c '%n %a' channels bytes memory open_files writes reads clear | tr '\n' ' ')
t_is "attribute modes" "$modes" \
	"channels 444 bytes 444 memory 444 open_files 444 writes 444 reads 444 clear 200 "

t_is "fresh slot: channels 0" "$(attr channels)" 0
t_is "fresh slot: bytes 0" "$(attr bytes)" 0
t_is "fresh slot: writes 0, reads 0, open_files 0" \
	"$(attr writes) $(attr reads) $(attr open_files)" "0 0 0"
mem0=$(attr memory)
t_ok "fresh slot: memory is the slot, its locks and an empty table ($mem0 bytes)" \
	test "$mem0" -gt 0 -a "$mem0" -lt 65536

message_sender /dev/slot1 1 12345
message_sender /dev/slot1 2 0123456789
message_sender /dev/slot1 3 "$(printf '%0100d' 3)"
t_is "3 channels written: channels 3" "$(attr channels)" 3
t_is "bytes is the sum of their lengths" "$(attr bytes)" 115
t_is "writes 3" "$(attr writes)" 3
mem3=$(attr memory)
t_ok "memory rose ($mem0 -> $mem3)" test "$mem3" -gt "$mem0"
message_sender /dev/slot1 3 x
t_is "overwrite 100 bytes with 1: bytes 16" "$(attr bytes)" 16
t_is "channels still 3, writes 4" "$(attr channels) $(attr writes)" "3 4"
t_ok "memory fell with the shorter message" test "$(attr memory)" -lt "$mem3"
message_sender /dev/slot1 1 "" 2>/dev/null
t_is "a refused write does not count" "$(attr writes)" 4
message_reader /dev/slot1 1 >/dev/null
message_reader /dev/slot1 1 >/dev/null
message_reader /dev/slot1 9 2>/dev/null
t_is "two reads count, a failed one does not" "$(attr reads)" 2
t_is "other slots are untouched" "$(cat $sys/slot0/writes) $(cat $sys/slot2/channels)" "0 0"

exec 3</dev/slot1 4</dev/slot1
t_is "open_files counts open files" "$(attr open_files)" 2
exec 3<&- 4<&-
t_is "and drops when they close" "$(attr open_files)" 0

t_ok "clear one channel" sh -c "echo 2 > $sys/slot1/clear"
t_is "channels 2, bytes 6" "$(attr channels) $(attr bytes)" "2 6"
t_fails "the cleared channel has no message" message_reader /dev/slot1 2
t_is "the others keep theirs" "$(message_reader /dev/slot1 1)" 12345
t_ok "clearing an empty channel is fine" sh -c "echo 2 > $sys/slot1/clear"
for bad in bogus 0 -1 "1 2" 0x10 18446744073709551616; do
	t_fails "clear '$bad' is refused" sh -c "printf '%s' '$bad' > $sys/slot1/clear"
done
t_fails "clear of an empty line is refused" sh -c "echo > $sys/slot1/clear"
t_is "nothing changed" "$(attr channels) $(attr bytes)" "2 6"

/payload/tests/memory /dev/slot1 5000 >/dev/null
mem_many=$(attr memory)
t_is "5000 more channels: channels 5002" "$(attr channels)" 5002
t_ok "memory grew by at least 48 bytes a channel ($mem_many)" \
	test "$mem_many" -gt $((mem3 + 5000 * 48))
t_ok "clear all" sh -c "echo all > $sys/slot1/clear"
t_is "channels 0, bytes 0" "$(attr channels) $(attr bytes)" "0 0"
t_ok "memory is back near empty ($(attr memory) bytes)" test "$(attr memory)" -lt $((mem0 * 2))
t_fails "a cleared slot has no messages" message_reader /dev/slot1 1

t_fails "slot77 is not in the class before use" test -e $sys/slot77
mknod /dev/slot77 c 235 77
message_sender /dev/slot77 1 handmade
t_ok "a hand-made node's slot appears on first use" test -e $sys/slot77
t_is "with its counters" "$(cat $sys/slot77/writes) $(cat $sys/slot77/channels)" "1 1"

t_ok "the test user is not root" test "$(as_user 'id -u')" = 1000
t_fails "a user who is not root cannot clear" as_user "echo all > $sys/slot77/clear"
t_ok "but can read the figures" as_user "cat $sys/slot77/channels"
t_fails "nor read the debugfs listing" as_user "cat /sys/kernel/debug/msgslot/slot77/channels"
t_is "the refused clear changed nothing" "$(cat $sys/slot77/channels)" 1
t_is "root reads the listing: id and length" "$(cut -d' ' -f1,2 /sys/kernel/debug/msgslot/slot77/channels)" "1 8"
t_is "the listing's sequence number and uid" "$(cut -d' ' -f3,6 /sys/kernel/debug/msgslot/slot77/channels)" "1 0"
t_ok "sysfs shows no kernel pointers" sh -c "! grep -qE 'ffff[0-9a-f]{12}' $sys/slot*/[a-o]* $sys/slot*/[q-z]*"
rm -f /dev/slot77
t_done
