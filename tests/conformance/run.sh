#!/bin/sh
# run.sh - the conformance tests, as tests/run.sh runs them (from any directory):
#   1. selftest.sh: the checkers accept valid fixtures and reject broken ones;
#   2. every generated template the suite keeps (tests/golden/NAME.cfn.json / NAME.tf.json and
#      examples/NAME.cfn.json / NAME.tf.json) against AWS's definitions, with cfn-check.js and
#      tf-check.js.
# Prints "ok - NAME" or "FAIL - NAME" followed by the problems, one case per line, and "done"
# as its last line when it ran to the end.
set -u
cd "$(dirname "$0")/../.." || exit 2
dir=tests/conformance
tmp=${TMPDIR:-/tmp}/vpcgen-conformance-run.$$
mkdir -p "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! command -v node >/dev/null 2>&1; then
    echo "FAIL - conformance: node is not installed (make deps-test installs it)"
    echo "done"
    exit 1
fi

sh "$dir/selftest.sh" 2>&1 | sed -e 's/^ok - /ok - conformance selftest: /' \
    -e 's/^FAIL - /FAIL - conformance selftest: /' -e '/^conformance selftest: /d'

# check CHECKER SUFFIX: every golden file with that suffix, in one run of the checker
check() {
    checker=$1 suffix=$2
    set --
    for f in tests/golden/*."$suffix" examples/*."$suffix"; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
    [ $# -gt 0 ] || return 0
    node "$dir/$checker.js" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 2 ]; then
        echo "FAIL - conformance: $checker.js could not run (exit 2)"
        head -n 10 "$tmp/err"
        return 0
    fi
    for f in "$@"; do
        if grep -q -x -F "$f: ok" "$tmp/out"; then
            echo "ok - conformance: $f"
        else
            echo "FAIL - conformance: $f"
            awk -v p="$f: " 'index($0, p) == 1' "$tmp/out" | head -n 30 | sed 's/^/    /'
        fi
    done
}
check cfn-check cfn.json
check tf-check tf.json
echo "done"
