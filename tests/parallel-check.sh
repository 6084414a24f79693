#!/bin/sh
# parallel-check.sh - tests/parallel.sh, which make check runs its suites with: outputs in
# order, the summed summary line, and failure of any command failing the whole.
set -u
P=tests/parallel.sh
check() { # NAME EXPECTED-STATUS EXPECTED-LAST-LINE CMD...
    name=$1 want=$2 last=$3
    shift 3
    out=$(sh "$P" "$@")
    st=$?
    if [ "$st" -eq "$want" ] && [ "$(printf '%s\n' "$out" | tail -n 1)" = "$last" ]; then
        echo "ok - $name"
    else
        echo "FAIL - $name: status $st, last line '$(printf '%s\n' "$out" | tail -n 1)'"
    fi
}
check "parallel: the summaries summed" 0 "8 passed, 0 failed" \
    "echo '3 passed, 0 failed'" "echo '5 passed, 0 failed'"
check "parallel: a failing suite fails the run" 1 "5 passed, 1 failed" \
    "echo '3 passed, 0 failed'" "echo '2 passed, 1 failed'; exit 1"
check "parallel: a command that fails without a summary counts one failure" 1 \
    "3 passed, 1 failed" "echo '3 passed, 0 failed'" "exit 3"
out=$(sh "$P" "sleep 1; echo first" "echo second")
if [ "$(printf '%s\n' "$out" | head -n 2 | tr '\n' ' ')" = "first second " ]; then
    echo "ok - parallel: outputs in the order given, not the order finished"
else
    echo "FAIL - parallel: outputs out of order: $out"
fi
echo done
