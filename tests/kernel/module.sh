#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Module life: rmmod refused while open, reload forgets messages, major
# conflicts, dynamic major, memory returned at unload.  Leaves the module
# loaded with its defaults.
. /payload/lib/tap.sh

ko=/payload/message_slot.ko
loaded() { grep -q '^message_slot ' /proc/modules; }
# KiB of unreclaimable slab and vmalloc: what the driver's channels and
# hash tables take.  (MemFree misses pages parked on per-CPU lists.)
# Shrinking the caches returns empty slabs, and flushes KASAN's
# quarantine of freed objects on a debug kernel.
kernel_held() {
	sleep 1	# RCU-deferred frees
	for f in /sys/kernel/slab/*/shrink; do echo 1 >"$f"; done 2>/dev/null
	awk '/^(SUnreclaim|VmallocUsed):/ { kib += $2 } END { print kib }' /proc/meminfo
}

loaded || insmod $ko
exec 3</dev/slot0
t_fails "rmmod is refused while a slot is open" rmmod message_slot
t_ok "the module is still loaded" loaded
exec 3<&-
t_ok "rmmod works once the file is closed" rmmod message_slot

t_ok "insmod again" insmod $ko
t_ok "store a message" message_sender /dev/slot0 1 before-reload
rmmod message_slot && insmod $ko
t_fails "after a reload the message is gone" message_reader /dev/slot0 1
rmmod message_slot

t_fails "major=1 (taken by mem) refuses to load" insmod $ko major=1
t_ok "and names the conflict in the kernel log" \
	sh -c 'dmesg | grep -q "major 1 is already used by another driver"'
t_fails "major=5000 is out of range" insmod $ko major=5000
t_fails "nothing is left loaded" loaded

t_ok "major=0 loads with a dynamic major" insmod $ko major=0
dyn=$(awk '$2 == "message_slot" { print $1 }' /proc/devices)
echo "# dynamic major: $dyn"
mknod /tmp/dynslot c "$dyn" 9
t_ok "a node on the dynamic major works" message_sender /tmp/dynslot 3 dynamic
t_is "and reads back" "$(message_reader /tmp/dynslot 3)" dynamic
rm -f /tmp/dynslot
rmmod message_slot

# Unload gives back what the channels took: 200,000 of them, or half the
# memory test's count where that is smaller (the debug kernels' 40,000).
n=$((${MSGSLOT_MEMORY_CHANNELS:-1000000} / 2))
[ $n -le 200000 ] || n=200000
base=$(kernel_held)
insmod $ko
/payload/tests/memory /dev/slot3 $n >/tmp/mem.out 2>&1
filled=$(kernel_held)
rmmod message_slot
after=$(kernel_held)
used=$((filled - base)) back=$((filled - after))
echo "# $n channels took $used KiB; unload gave back $back KiB"
t_ok "unload returns at least 90% of the memory the channels took" \
	test $((back * 10)) -ge $((used * 9)) -a "$used" -gt $((n / 20))

t_ok "reload with defaults" insmod $ko
t_done
