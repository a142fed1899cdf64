#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The README's quick start, extracted and run verbatim in a directory that
# holds what 'make' builds (message_slot.ko and the two tools).
. /payload/lib/tap.sh

work=/tmp/quickstart
mkdir -p $work/build
cp /payload/message_slot.ko /payload/bin/message_sender /payload/bin/message_reader \
	$work/build/
# The lines between the markers, fences and comment lines dropped.
sed -n '/<!-- quickstart:begin -->/,/<!-- quickstart:end -->/p' /payload/README.md |
	grep -vE '^(<!--|~~~|```|#|$)' >$work/steps.sh
t_ok "README quick start extracted" test -s $work/steps.sh
grep -q 'insmod message_slot.ko' $work/steps.sh && grep -q 'rmmod' $work/steps.sh
t_result $? "it loads and unloads the module"

cd $work && sh -e steps.sh >out 2>err
t_result $? "every quick start step succeeded"
sed 's/^/#   /' err
t_ok "message_reader printed Hello, World!" grep -q 'Hello, World!$' out
t_fails "the module is unloaded at the end" grep -q '^message_slot ' /proc/modules
rm -f /dev/slot0
t_done
