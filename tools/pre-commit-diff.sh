#!/bin/sh
# pre-commit-diff.sh [vpcgen diff options] SPEC... - the vpcgen-diff pre-commit hook: shows what
# each staged spec changes in the stack its version at HEAD deploys (pre-commit stashes the
# unstaged changes first, so the working tree is what is staged), and fails the commit when a
# change loses data or AWS would refuse it (or, with -W error, on any warning). A spec that is
# new at HEAD is compared with an empty stack: everything is an add. Needs vpcgen on PATH
# (VPCGEN to name another) and git.
set -u
V=${VPCGEN:-vpcgen}
opts=
empty='{"Resources": {}}'
while [ $# -gt 0 ]; do
    case $1 in
    -t | --target)
        case ${2:-} in tf | terraform) empty='{"resource": {}}' ;; esac
        opts="$opts $1 ${2:-}"
        shift 2 ;;
    -e | --env | -W | --diagnostics) opts="$opts $1 ${2:-}"; shift 2 ;;
    --) shift; break ;;
    -*) opts="$opts $1"; shift ;;
    *) break ;;
    esac
done
status=0
for f in "$@"; do
    echo "vpcgen diff: $f"
    if git cat-file -e "HEAD:$f" 2>/dev/null; then
        # shellcheck disable=SC2086
        git show "HEAD:$f" | "$V" diff $opts - "$f" || status=1
    else
        # shellcheck disable=SC2086
        printf '%s\n' "$empty" | "$V" diff $opts - "$f" || status=1
    fi
done
exit $status
