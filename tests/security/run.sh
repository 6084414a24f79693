#!/bin/sh
# run.sh - the security rule table (tests/security/rules.json) against vpcgen's output.
#
#   sh tests/security/run.sh          from anywhere; VPCGEN=path/to/vpcgen (default ./vpcgen,
#                                     relative to the repository root, or to the caller's
#                                     directory when it exists only there)
#
# Runs check.py twice: every rule on every example (both targets, every environment), then the
# mutation tests (each rule must catch a flipped property). Prints their lines ("ok - ..." or
# "FAIL - ..."), and a last line "done" only if both runs reached their end. Exit status 0 when
# nothing failed, 1 otherwise.
set -u
here=$(pwd)
cd "$(dirname "$0")/../.." || exit 2
VPCGEN=${VPCGEN:-./vpcgen}
# a relative VPCGEN that only exists from the caller's directory is taken from there
case $VPCGEN in
    /*) ;;
    *) if [ ! -x "$VPCGEN" ] && [ -x "$here/$VPCGEN" ]; then VPCGEN=$here/$VPCGEN; fi ;;
esac
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

status=0
for mode in check mutate; do
    if [ "$mode" = mutate ]; then
        "$PYTHON" tests/security/check.py --vpcgen "$VPCGEN" --mutate >"$tmp/out" 2>"$tmp/err"
    else
        "$PYTHON" tests/security/check.py --vpcgen "$VPCGEN" >"$tmp/out" 2>"$tmp/err"
    fi
    st=$?
    # every line but check.py's own closing "done"
    sed '$ { /^done$/d; }' "$tmp/out"
    if [ -s "$tmp/err" ]; then
        sed 's/^/# /' "$tmp/err"
    fi
    if [ "$(tail -n 1 "$tmp/out")" != "done" ]; then
        echo "FAIL - check.py ($mode) stopped early with status $st"
        exit 1
    fi
    [ $st -eq 0 ] || status=1
done
echo done
exit $status
