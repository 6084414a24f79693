#!/bin/sh
# run.sh - the vpcgen diff cases: each NAME is OLD and NEW, compared per target; the report on
# standard output, the diagnostics on standard error and the exit status are all exact.
#
#   NEW   NAME.new.yaml, or NAME.new holding the path of a spec (from the repository's root)
#   OLD   NAME.old.yaml (a spec: both targets), NAME.old.cfn.json / NAME.old.tf.json (a
#         template: that target), or NAME.old holding the path of either
#   NAME.args      more arguments (-e staging, --diagnostics json, -W error)
#   NAME.stdin     OLD is given as '-' and read from standard input
#   expected: NAME.TARGET.out (stdout), NAME.TARGET.err (stderr; absent: empty),
#             NAME.TARGET.status (absent: 0); TARGET is cfn or tf
# VPCGEN names the binary; UPDATE=1 rewrites the expected files. Run from the repository's
# root. Prints "ok - ..." / "FAIL - ..." and "done".
set -u
V=${VPCGEN:-./vpcgen}
D=tests/diff
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $1"; }
bad() { echo "FAIL - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -n 30; return 0; }

# same LABEL GOT WANT: compares a file with its expected one (absent = empty), or rewrites it
same() {
    if [ -n "${UPDATE:-}" ]; then
        if [ -s "$2" ] || [ "${3##*.}" = out ]; then cp "$2" "$3"; else rm -f "$3"; fi
        return 0
    fi
    if [ -f "$3" ]; then cmp -s "$2" "$3" && return 0; diff -u "$3" "$2" >"$T/d"; else
        [ -s "$2" ] || return 0; diff -u /dev/null "$2" >"$T/d"; fi
    bad "$1" "$(cat "$T/d")"
    return 1
}

for name in $(ls $D/*.new.yaml $D/*.new 2>/dev/null | sed 's/\.new\(\.yaml\)\{0,1\}$//' | sort -u); do
    case=${name##*/}
    new=$name.new.yaml
    [ -f "$new" ] || new=$(cat "$name.new")
    for target in cfn tf; do
        if [ -f "$name.old.yaml" ]; then old=$name.old.yaml
        elif [ -f "$name.old.$target.json" ]; then old=$name.old.$target.json
        elif [ -f "$name.old" ]; then
            old=$(cat "$name.old")
            case $old in *.yaml) ;; *."$target".json) ;; *) continue ;; esac
        else continue; fi
        # a template is compared in its own target; a spec in the target asked
        case $old in *.json) targs= ;; *) targs="-t $target" ;; esac
        args=$(cat "$name.args" 2>/dev/null)
        if [ -f "$name.stdin" ]; then
            # shellcheck disable=SC2086
            NO_COLOR=1 "$V" diff $targs $args - "$new" <"$old" >"$T/out" 2>"$T/err"
        else
            # shellcheck disable=SC2086
            NO_COLOR=1 "$V" diff $targs $args "$old" "$new" >"$T/out" 2>"$T/err"
        fi
        st=$?
        want=$(cat "$name.$target.status" 2>/dev/null || echo 0)
        label="diff $case ($target)"
        if [ -n "${UPDATE:-}" ]; then
            if [ $st -ne 0 ]; then echo $st >"$name.$target.status"; else rm -f "$name.$target.status"; fi
        elif [ $st -ne "$want" ]; then
            bad "$label: exit status $st, expected $want" "$(head -n 20 "$T/err" "$T/out")"
            continue
        fi
        same "$label: stdout" "$T/out" "$name.$target.out" &&
            same "$label: stderr" "$T/err" "$name.$target.err" && ok "$label"
    done
done

# the report goes to standard output whatever the exit status, and is deterministic
for case in vpc-cidr first-replica; do
    "$V" diff $D/$case.old.yaml $D/$case.new.yaml >"$T/a" 2>/dev/null
    "$V" diff $D/$case.old.yaml $D/$case.new.yaml >"$T/b" 2>/dev/null
    if [ -s "$T/a" ] && cmp -s "$T/a" "$T/b"; then ok "diff $case: deterministic"
    else bad "diff $case: two runs differ or print nothing"; fi
done
"$V" diff $D/equal.old.yaml >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "two files" "$T/err" && ok "diff with one file: 2" || bad "diff with one file: 2"
"$V" diff -t dot $D/equal.old.yaml $D/equal.new.yaml >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ok "diff -t dot: 2 (only stacks are compared)" || bad "diff -t dot: 2"
"$V" diff - - </dev/null >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ok "diff - -: 2 (one standard input)" || bad "diff - -: 2"
"$V" diff -t tf tests/compat/v1.0.0/examples-wagtail.cfn.json examples/wagtail.yaml >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "CloudFormation template, but -t asks for terraform" "$T/err" &&
    ok "diff -t tf with a CloudFormation OLD: 2" || bad "diff -t tf with a CloudFormation OLD: 2" "$(cat "$T/err")"
"$V" diff $D/nope.yaml $D/equal.new.yaml >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ok "diff with a missing OLD: 2" || bad "diff with a missing OLD: 2"
echo done
