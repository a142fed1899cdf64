# SPDX-License-Identifier: GPL-2.0
# guest.sh - helpers for the guest's shell tests (busybox sh). Source it.

# A user who is not root (uid 1000), for the refusals.
grep -q '^tester:' /etc/passwd 2>/dev/null || {
	printf 'root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000::/tmp:/bin/sh\n' >/etc/passwd
	printf 'root:x:0:\ntester:x:1000:\n' >/etc/group
}

# as_user 'COMMAND LINE': run it as that user.
as_user() { su -s /bin/sh tester -c "$1"; }
