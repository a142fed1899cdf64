# SPDX-License-Identifier: GPL-2.0
# timing.sh - where a test run's time goes (bash; source it).
#
# Every run of tests/run appends rows to $MSGSLOT_TIMINGS (by default
# build/timings.tsv; tests/run empties it when it starts), one a line,
# tab-separated:
#   NAME  SECONDS  KIND  [CPU]
# KIND is phase (a step of the run: deps, build, lint, one guest's boot
# and suite, ...), test (one test in a guest: NAME is GUEST/TEST, written
# by tests/lib/tap-merge.awk) or total.  CPU, where known, is the user and
# system seconds the step and everything it ran used: on a machine whose
# cores are all busy, the figure that adds up (wall clocks of steps side
# by side overlap).  Rows are appended whole by processes running side by
# side; tests/timings prints the table.

MSGSLOT_TIMINGS=${MSGSLOT_TIMINGS:-build/timings.tsv}
MSGSLOT_TIMINGS=$(realpath -m "$MSGSLOT_TIMINGS")
export MSGSLOT_TIMINGS

timing_row() { # NAME SECONDS KIND [CPU]
	mkdir -p "$(dirname "$MSGSLOT_TIMINGS")"
	printf '%s\t%d\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$MSGSLOT_TIMINGS"
}

# cpu_of PID: the CPU seconds (user + system) of the children PID has
# waited for, theirs included (cutime + cstime of /proc/PID/stat).
cpu_of() {
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($14 + $15) / hz) }' \
		"/proc/$1/stat"
}

# timed NAME CMD...: run CMD, then append NAME's seconds as a phase, with
# its CPU.  CMD runs in a subshell of its own, whose children are only
# CMD's: what else this shell runs in the background is not counted.
timed() {
	local name=$1
	shift
	(
		start=$SECONDS self=$BASHPID
		"$@"
		rc=$?
		timing_row "$name" $((SECONDS - start)) phase "$(cpu_of "$self")"
		exit $rc
	)
}
