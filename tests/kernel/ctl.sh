#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# msgslotctl against the real module: every form of output checked field by
# field against sysfs and against what this test wrote (JSON through jq),
# clear, refusals for a user who is not root, and the module-not-loaded
# message.  Leaves the module loaded with its defaults.
. /payload/lib/tap.sh
. /payload/lib/guest.sh

ko=/payload/message_slot.ko
sys=/sys/class/msgslot
rmmod message_slot 2>/dev/null
insmod $ko
message_sender /dev/slot1 7 "seven"
message_sender /dev/slot1 3 "three!"
message_sender /dev/slot1 18446744073709551615 "$(printf '%0128d' 1)"
message_sender /dev/slot2 1 x
message_reader /dev/slot1 7 >/dev/null

# Every row of 'list -r -n -b -o ...' equals the slot's sysfs files.
bad=0 rows=0
msgslotctl list -r -n -b -o SLOT,DEVICE,CHANNELS,BYTES,MEMORY,OPEN,WRITES,READS >/tmp/list
while read -r slot dev channels bytes memory open writes reads; do
	rows=$((rows + 1))
	d=$sys/$slot
	# memory may move between the two reads only if something writes: nothing does.
	[ "$dev" = "/dev/$slot" ] && [ "$channels" = "$(cat $d/channels)" ] &&
	[ "$bytes" = "$(cat $d/bytes)" ] && [ "$memory" = "$(cat $d/memory)" ] &&
	[ "$open" = "$(cat $d/open_files)" ] && [ "$writes" = "$(cat $d/writes)" ] &&
	[ "$reads" = "$(cat $d/reads)" ] || { bad=$((bad + 1)); echo "# row: $slot $dev $channels $bytes $memory $open $writes $reads"; }
done </tmp/list
t_is "list has a row per slot in sysfs" "$rows" "$(ls -d $sys/slot* | wc -l)"
t_is "every field of every row equals sysfs" "$bad" 0
t_is "slot1's row: 3 channels, 139 bytes, 3 writes, 1 read" \
	"$(grep '^slot1 ' /tmp/list | cut -d' ' -f3,4,7,8)" "3 139 3 1"
t_ok "the table form has the documented header" \
	sh -c "msgslotctl | head -1 | grep -qE '^SLOT +DEVICE +CHANNELS +BYTES +MEMORY +OPEN$'"

msgslotctl list -J >/tmp/list.json
t_ok "list -J is valid JSON" jq -e . /tmp/list.json
t_is "list -J: slot1's object" \
	"$(jq -c '.slots[] | select(.slot == "slot1") | [.device, .channels, .bytes, .open_files]' /tmp/list.json)" \
	'["/dev/slot1",3,139,0]'
t_is "list -J: memory equals sysfs" \
	"$(jq '.slots[] | select(.slot == "slot1") | .memory' /tmp/list.json)" "$(cat $sys/slot1/memory)"

msgslotctl stats /dev/slot1 -J >/tmp/stats.json
t_is "stats /dev/slot1 -J: every field" \
	"$(jq -c '[.slot, .device, .minor, .channels, .bytes, .open_files, .writes, .reads]' /tmp/stats.json)" \
	'["slot1","/dev/slot1",1,3,139,0,3,1]'
t_is "stats -J: totals are the sums over slots" \
	"$(msgslotctl stats -J | jq -c '[.slots, .channels, .bytes, .writes, .reads]')" \
	"$(jq -c '[(.slots | length), ([.slots[].channels] | add), ([.slots[].bytes] | add), 4, 1]' /tmp/list.json)"
t_is "stats slot1 (text): the channels line" "$(msgslotctl stats slot1 | grep '^Channels:')" "Channels:     3"
t_is "stats slot1 -J: the limits" "$(msgslotctl stats slot1 -J | jq -c '[.max_channels, .max_bytes]')" \
	"[$(cat /sys/module/message_slot/parameters/max_channels),$(cat /sys/module/message_slot/parameters/max_bytes)]"

msgslotctl channels slot1 -J >/tmp/channels.json
t_is "channels slot1 -J: ids sorted with lengths" \
	"$(jq -c '[.channels[] | .length]' /tmp/channels.json) $(jq -c '[.channels[0:2][] | .id]' /tmp/channels.json)" \
	'[6,5,128] [3,7]'
# jq keeps numbers as doubles: the 64-bit id is checked in the text itself.
t_ok "channels -J writes the id 2^64-1 exactly" \
	grep -q '"id": 18446744073709551615,' /tmp/channels.json
t_is "channels 1 (text)" "$(msgslotctl channels 1 -n -o ID,LENGTH | tr -s ' ' | tr '\n' '|')" \
	" 3 6| 7 5|18446744073709551615 128|"
t_is "channels -J: each has a sequence number, a time, a pid and uid 0" \
	"$(jq -c '[.channels[] | (.seq > 0 and (.written | test("^20[0-9-]{8}T")) and .age >= 0 and .pid > 0 and .uid == 0)] | unique' /tmp/channels.json)" \
	'[true]'

t_ok "clear slot1 7" msgslotctl clear slot1 7
t_fails "channel 7 is empty now" message_reader /dev/slot1 7
t_is "channels 2 left" "$(cat $sys/slot1/channels)" 2
t_fails "a user who is not root cannot clear" as_user "msgslotctl clear slot1"
t_ok "and is told why in one line" sh -c \
	"su -s /bin/sh tester -c 'msgslotctl clear slot1' 2>&1 | grep -qx 'msgslotctl: slot1: clear: permission denied (needs root)'"
t_is "nothing was cleared" "$(cat $sys/slot1/channels)" 2
t_ok "a user who is not root can list" as_user "msgslotctl list -J | jq -e '.slots | length > 0'"
t_ok "who may not read /dev/slot1 is refused its channels, and told why" sh -c \
	"su -s /bin/sh tester -c 'msgslotctl channels slot1' 2>&1 | grep -qx 'msgslotctl: slot1: channels: permission denied (listing needs read access to the slot'\''s node, e.g. as a member of its group)'"
mode=$(stat -c %a /dev/slot1)
chgrp 1000 /dev/slot1 && chmod 0640 /dev/slot1
t_is "a member of the node's group (read-only, 0640) lists its channels, without root or debugfs" \
	"$(umount /sys/kernel/debug; as_user 'msgslotctl channels slot1 -n -o ID' | tr -d ' ' | tr '\n' ' '; mount -t debugfs debugfs /sys/kernel/debug)" "3 18446744073709551615 "
t_is "through the node's path too" "$(as_user 'msgslotctl channels /dev/slot1 -n -o ID,LENGTH' | tr -s ' ' | tr '\n' '|')" \
	" 3 6|18446744073709551615 128|"
chgrp 0 /dev/slot1 && chmod "$mode" /dev/slot1
t_ok "clear slot1" msgslotctl clear slot1
t_is "channels 0, bytes 0" "$(cat $sys/slot1/channels) $(cat $sys/slot1/bytes)" "0 0"

rmmod message_slot
msgslotctl list >/tmp/out 2>/tmp/err
t_is "module not loaded: exit 1" "$?" 1
t_is "with one line saying so" "$(cat /tmp/err)" \
	"msgslotctl: the message_slot module is not loaded (no /sys/class/msgslot); load it with 'modprobe message_slot'"
insmod $ko
t_done
