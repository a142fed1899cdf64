#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# After the whole suite (debug kernel): unload the module and let kmemleak
# scan; any unreferenced object it reports fails the run, printed whole.
# The suite cleared kmemleak's record before the module was first loaded.
. /payload/lib/tap.sh

km=/sys/kernel/debug/kmemleak
t_ok "kmemleak is on" test -w $km
t_ok "the module unloads" rmmod message_slot
# Objects must be unreferenced for a few seconds before a scan reports them.
sleep 6
echo scan >$km
sleep 6
echo scan >$km
cat $km >/tmp/kmemleak
n=$(grep -c 'unreferenced object' /tmp/kmemleak)
t_is "kmemleak reports no leak" "$n" 0
[ "$n" = 0 ] || sed 's/^/#   /' /tmp/kmemleak | head -120
insmod /payload/message_slot.ko
t_done
