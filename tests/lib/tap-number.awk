# SPDX-License-Identifier: GPL-2.0
#
# tap-number.awk: unnumbered TAP lines -> numbered TAP with the plan at the
# end and a closing "N passed, N failed" line.  Exit 1 on any failure or
# when no test ran.

/^(not )?ok( |$)/ {
	n++
	ok = ($0 !~ /^not /)
	rest = $0
	sub(/^(not )?ok */, "", rest)
	print (ok ? "ok " : "not ok ") n " " rest
	if (ok) passed++; else failed++
	fflush()
	next
}
{ print; fflush() }
END {
	print "1.." n
	printf "%d passed, %d failed\n", passed, failed
	exit (failed > 0 || n == 0)
}
