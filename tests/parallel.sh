#!/bin/sh
# parallel.sh CMD... - runs the commands at once (the suites are independent: each works in
# its own temporary directory), then prints their outputs in the order given, each whole, and
# ends with one "N passed, N failed" line: the sum of each command's own last such line (a
# command that failed without one counts as one failure). Exits 1 if any command failed.
# make check runs the valgrind suite beside the main one with it: on a 2-core machine that
# shortens the run by the valgrind suite's length.
set -u
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
i=0
for cmd in "$@"; do
    i=$((i + 1))
    (sh -c "$cmd" >"$tmp/$i.out" 2>&1; echo $? >"$tmp/$i.status") &
done
wait
status=0 passed=0 failed=0 i=0
for cmd in "$@"; do
    i=$((i + 1))
    cat "$tmp/$i.out"
    st=$(cat "$tmp/$i.status" 2>/dev/null || echo 2)
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/$i.out" | tail -n 1)
    if [ -n "$line" ]; then
        passed=$((passed + ${line%% *}))
        rest=${line#*, }
        failed=$((failed + ${rest%% *}))
    fi
    if [ "$st" -ne 0 ]; then
        echo "FAIL - '$cmd' exited with status $st"
        status=1
        [ -n "$line" ] && [ "${rest%% *}" -gt 0 ] || failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
exit $status
