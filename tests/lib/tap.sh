# SPDX-License-Identifier: GPL-2.0
# tap.sh - TAP for the shell tests (busybox sh or bash). Source it.
#
#   t_ok DESC CMD...        pass when CMD exits 0
#   t_fails DESC CMD...     pass when CMD exits non-zero
#   t_is DESC GOT WANT      pass when the strings are equal
#   t_done                  print the plan; exit 0 only if all passed
#   until_ok SECONDS CMD... wait until CMD succeeds (every 0.1 s, its
#                           errors unshown); 1 if it did not in time

tap_n=0
tap_failed=0

t_result() { # PASS(0/1) DESC
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n - $2"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $2"
	fi
}

t_ok() {
	_d=$1; shift
	"$@" >/tmp/t_out 2>&1; _rc=$?
	t_result $([ $_rc = 0 ]; echo $?) "$_d"
	[ $_rc = 0 ] || { echo "#   '$*' exited $_rc:"; sed 's/^/#   /' /tmp/t_out; }
	return $_rc
}

t_fails() {
	_d=$1; shift
	"$@" >/tmp/t_out 2>&1; _rc=$?
	t_result $([ $_rc != 0 ]; echo $?) "$_d"
	[ $_rc != 0 ] || echo "#   '$*' succeeded, should have failed"
	[ $_rc != 0 ]
}

t_is() {
	t_result $([ "$2" = "$3" ]; echo $?) "$1"
	[ "$2" = "$3" ] || { echo "#   got:  '$2'"; echo "#   want: '$3'"; return 1; }
}

until_ok() {
	_n=$(($1 * 10))
	shift
	until "$@" 2>/dev/null; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || return 1
		sleep 0.1
	done
}

t_done() {
	echo "1..$tap_n"
	[ $tap_failed = 0 ] && [ $tap_n -gt 0 ]
	exit $?
}
