# SPDX-License-Identifier: GPL-2.0
# cores.sh - what a guest or a kernel build takes of the machine's cores
# (bash; source it).
#
# Under QEMU's software emulation a guest runs slower than its share once
# vCPU threads outnumber the cores: a guest's vCPU that holds a lock
# while the host has it off a core stalls its other vCPUs, and timer work
# grows with wall time, not with progress.  On the 2-core machine of
# 2026-12-06 a fresh run that let them run as they came (four guests and
# a kernel build at once) saw the package guests' first boot take 583
# and 711 s (178 and 227 s warm).
#
# So each guest (tests/vm/boot, as many slots as vCPUs) and each kernel
# build (tests/vm/debug-kernel, as many as its make jobs) first takes
# slots: MSGSLOT_CORES of them on the machine (default nproc + 1: a
# 2-vCPU guest may run beside a 1-vCPU one, not beside another 2-vCPU
# one), all it asks for or none, so that no two wait on each other.
# A slot is an flock on /tmp/msgslot-cores.UID/N held through an open
# file descriptor: it is given back when the last process holding the
# descriptor exits, whatever way it ends.  MSGSLOT_CORES=0: no slots.

cores_held=()

cores_take() { # N: wait until N slots (at most all) are held
	local want=$1 total=${MSGSLOT_CORES:-$(($(nproc) + 1))} dir i fd
	[ "$total" -gt 0 ] || return 0
	[ "$want" -le "$total" ] || want=$total
	dir=${TMPDIR:-/tmp}/msgslot-cores.$(id -u)
	mkdir -p "$dir"
	# In turn: whoever holds the queue waits for its slots, and those
	# that came later wait behind it, so a guest that needs two slots is
	# not overtaken by one-slot guests for as long as they keep coming
	# (a 2-vCPU guest waited 23 minutes so on 2026-12-06).  While it
	# waits at most one slot is idle: the one beyond nproc.
	local queue
	exec {queue}>>"$dir/queue"
	flock "$queue"
	while :; do
		for ((i = 0; i < total && ${#cores_held[@]} < want; i++)); do
			exec {fd}>>"$dir/$i"
			if flock -n "$fd"; then
				cores_held+=("$fd")
			else
				exec {fd}>&-
			fi
		done
		if [ ${#cores_held[@]} -ge "$want" ]; then
			exec {queue}>&-
			return 0
		fi
		cores_give
		sleep "0.$((RANDOM % 9 + 1))"
	done
}

cores_give() { # give back what cores_take took
	local fd
	for fd in "${cores_held[@]}"; do
		exec {fd}>&-
	done
	cores_held=()
}
