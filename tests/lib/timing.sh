# SPDX-License-Identifier: GPL-2.0
# timing.sh - where a test run's time goes (bash; source it).
#
# Every run of tests/run appends rows to $MSGSLOT_TIMINGS (by default
# build/timings.tsv; tests/run empties it when it starts), one a line,
# tab-separated:
#   NAME  SECONDS  KIND
# KIND is phase (a step of the run: deps, build, lint, one guest's boot
# and suite, ...), test (one test in a guest: NAME is GUEST/TEST, written
# by tests/lib/tap-merge.awk) or total.  Rows are appended whole by
# processes running side by side; tests/timings prints the table.

MSGSLOT_TIMINGS=${MSGSLOT_TIMINGS:-build/timings.tsv}
MSGSLOT_TIMINGS=$(realpath -m "$MSGSLOT_TIMINGS")
export MSGSLOT_TIMINGS

timing_row() { # NAME SECONDS KIND
	mkdir -p "$(dirname "$MSGSLOT_TIMINGS")"
	printf '%s\t%d\t%s\n' "$1" "$2" "$3" >>"$MSGSLOT_TIMINGS"
}

# timed NAME CMD...: run CMD, then append NAME's seconds as a phase.
timed() {
	local name=$1 start=$SECONDS rc
	shift
	"$@"
	rc=$?
	timing_row "$name" $((SECONDS - start)) phase
	return $rc
}
