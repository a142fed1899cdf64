#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The README's quick start, extracted and run verbatim in a directory that
# holds what 'make' builds (message_slot.ko and the two tools).
. /payload/lib/tap.sh

work=/tmp/quickstart
mkdir -p $work/build
cp /payload/message_slot.ko /payload/bin/message_sender /payload/bin/message_reader \
	/payload/bin/msgslotctl $work/build/
# Made on the host by tests/lib/readme-steps; comments dropped here.
grep -v '^#' /payload/quickstart-steps >$work/steps.sh
t_ok "README quick start extracted" test -s $work/steps.sh
grep -q 'insmod message_slot.ko' $work/steps.sh && grep -q 'rmmod' $work/steps.sh
t_result $? "it loads and unloads the module"

cd $work && sh -e steps.sh >out 2>err
t_result $? "every quick start step succeeded"
sed 's/^/#   /' err
t_ok "message_reader printed Hello, World!" grep -q 'Hello, World!' out
t_ok "the slot's figures show one channel, one write, one read" \
	sh -c "grep -q 'Channels: *1\$' out && grep -q '^Writes: *1\$' out && grep -q '^Reads: *1\$' out"
t_ok "devtmpfs made /dev/slot0 (nobody ran mknod)" sh -c "! grep -q mknod steps.sh"
t_fails "the module is unloaded at the end" grep -q '^message_slot ' /proc/modules
t_done
