#!/bin/sh
# check-man.sh - docs/vpcgen.1 renders without a warning and documents every option.
#
#   - groff -man -ww (every warning enabled) writes nothing on stderr, and neither does
#     man -l when man-db is installed;
#   - every long option of `vpcgen --help` (--target, --check, ...) appears in the page, in
#     the roff spelling \-\-name, and so does every short option (-t, -o, ...).
# VPCGEN names the binary (default ./vpcgen). Prints "ok - ..." / "FAIL - ..." and "done".
set -u
cd "$(dirname "$0")/../.." || exit 2
V=${VPCGEN:-./vpcgen}
PAGE=docs/vpcgen.1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $1"; }
bad() { echo "FAIL - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -n 20; return 0; }

if ! command -v groff >/dev/null 2>&1; then
    bad "groff is installed (Debian package groff)"
else
    groff -man -ww -Tutf8 "$PAGE" >"$T/out" 2>"$T/err"
    st=$?
    if [ $st -eq 0 ] && [ ! -s "$T/err" ] && [ -s "$T/out" ]; then
        ok "groff -man -ww renders $PAGE without a warning"
    else
        bad "groff -man -ww renders $PAGE without a warning (status $st)" "$(cat "$T/err")"
    fi
fi
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$PAGE" >"$T/out" 2>"$T/err"
    if [ -s "$T/out" ] && [ ! -s "$T/err" ]; then
        ok "man -l $PAGE renders without a message"
    else
        bad "man -l $PAGE renders without a message" "$(cat "$T/err")"
    fi
fi

if ! "$V" --help >"$T/help" 2>&1; then
    bad "$V --help runs" "$(cat "$T/help")"
else
    # the option column of each option line: "-t, --target TARGET", "-W error"; an option
    # is a word starting with -, its argument an upper-case word or "error"
    opts=$(awk '/^ +-/ {
            for (i = 1; i <= NF; i++) {
                w = $i; sub(/,$/, "", w)
                if (w ~ /^-/) print w
                else if (w !~ /^([A-Z]+|error)$/) break
            }
        }' "$T/help" | sort -u)
    [ -n "$opts" ] || bad "found the options in $V --help"
    for o in $opts; do
        roff=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
        if grep -q -- "$roff" "$PAGE"; then
            ok "the man page documents $o"
        else
            bad "the man page documents $o" "$PAGE has no $(printf '%s' "$o" | sed 's/-/\\-/g')"
        fi
    done
fi
echo "done"
