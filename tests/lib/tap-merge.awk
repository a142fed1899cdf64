# SPDX-License-Identifier: GPL-2.0
#
# tap-merge.awk -v label=L [-v timings=FILE]: one guest's output ->
# unnumbered TAP lines.
#
# The guest frames each test program with "#@ begin NAME" and
# "#@ end NAME rc=N [s=SECONDS]" and ends with "#@ guest done".  Results
# become "ok - L NAME: description"; a program that exits non-zero
# without a failing result, breaks its plan, ran past its time limit
# ("#@ timeout NAME LIMIT", tests/kernel/suite.sh), or never ends (crash,
# the guest's own time limit) becomes a failure of its own, named after
# the test that was running, and why when tests/vm/boot knows: the kernel
# panicked ("#@ panic: LINE") or the guest fell silent ("#@ silent: N").  Each test's seconds go to FILE as a row
# "L/NAME<TAB>SECONDS<TAB>test" (tests/lib/timing.sh) and to the output
# as "# NAME: N s".  Anything else the guest printed is kept as "# ".

function fail(what) { print "not ok - " label " " what }

/^#@ begin / { name = $3; running = 1; results = 0; failed = 0; plan = -1; limit = ""; next }
/^#@ timeout / { limit = $4; next }
/^#@ end / {
	rc = $4; sub(/^rc=/, "", rc)
	if ($5 ~ /^s=/) {
		secs = substr($5, 3)
		print "# " name ": " secs " s"
		if (timings != "") {
			printf "%s/%s\t%d\ttest\n", label, name, secs >>timings
			fflush(timings)
		}
	}
	if (limit != "")
		fail(name ": did not finish within its time limit (" limit " s): killed")
	else if (plan < 0)
		fail(name ": printed no plan")
	else if (plan != results)
		fail(name ": planned " plan " results, printed " results)
	if (rc != 0 && failed == 0 && limit == "")
		fail(name ": exited with status " rc)
	running = 0
	next
}
/^#@ guest done/ { done = 1; next }
/^#@ panic: / { panic = substr($0, 11); next }
/^#@ silent: / { silent = $3; next }
running && /^(not )?ok( |$)/ {
	ok = ($0 !~ /^not /)
	desc = $0
	sub(/^(not )?ok( [0-9]+)?( - )?/, "", desc)
	print (ok ? "ok" : "not ok") " - " label " " name ": " desc
	results++
	if (!ok)
		failed++
	next
}
running && /^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
/^#/ { print; next }
/./ { print "# " $0 }
END {
	if (running && panic != "")
		fail(name ": did not finish: the kernel panicked (" panic ")")
	else if (running && silent != "")
		fail(name ": did not finish: the guest printed nothing for " silent " s and was stopped")
	else if (running)
		fail(name ": did not finish (guest crashed or timed out)")
	else if (panic != "")
		fail("guest: the kernel panicked (" panic ")")
	if (!done)
		fail("guest: did not finish the suite")
}
