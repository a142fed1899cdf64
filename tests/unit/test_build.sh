#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Makefile honours the builder's CPPFLAGS, CFLAGS and LDFLAGS (as
# dpkg-buildflags hands them over) on every compile and link, and makes
# warnings errors only when asked (the make check targets and make lint
# ask).
# Dry runs (make -n) in a scratch build directory: nothing is built.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh

b=$(mktemp -d)
trap 'rm -rf "$b"' EXIT
plain=$(make -s -n -B B="$b" CPPFLAGS=-DMARK_CPPFLAGS CFLAGS="-O1 -DMARK_CFLAGS" \
	LDFLAGS=-Wl,--mark-ldflags userspace 2>&1)
compile=$(echo "$plain" | grep -- ' -c -o .*lib/parse\.o')
link=$(echo "$plain" | grep -- '-o [^ ]*/msgslotctl ')

t_is "a library object is compiled once" "$(echo "$compile" | wc -l)" 1
t_ok "the compile line has the builder's CPPFLAGS" grep -q -- -DMARK_CPPFLAGS <<<"$compile"
t_ok "the compile line has the builder's CFLAGS" grep -q -- '-O1 -DMARK_CFLAGS' <<<"$compile"
t_fails "a plain build does not make warnings errors" grep -q -- -Werror <<<"$plain"
t_ok "the link line has the builder's LDFLAGS" grep -q -- -Wl,--mark-ldflags <<<"$link"
t_ok "so does the shared library's" grep -q -- '-Wl,--mark-ldflags.* -shared' <<<"$plain"
t_fails "no build input is a stamp file" grep -q -- '\.flags' <<<"$(echo "$plain" | grep -- ' -o ')"

gated=$(make -s -n -B B="$b" WERROR=-Werror userspace 2>&1 | grep -- ' -c -o .*lib/parse\.o')
t_ok "with the gate's WERROR=-Werror, warnings are errors" grep -q -- -Werror <<<"$gated"
t_ok "make lint builds with the gate" \
	bash -c "make -s -n lint 2>/dev/null | grep -q 'WERROR=-Werror'"
t_ok "so does tests/run, behind every make check target" \
	grep -qE '^[[:space:]]*if ! out=\$\(timed build \$MAKE .* WERROR=-Werror' tests/run
t_done
