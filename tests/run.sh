#!/bin/sh
# run.sh BUILD_DIR... - runs every test of vpcgen against each build (plain, ASan+UBSan).
#
# Kinds of test, each named after what it checks:
#   unit         cmocka programs BUILD/tests/test_*                 (counts taken from cmocka)
#   diag         tests/diag/NAME.yaml -> NAME.err: exact stderr of `vpcgen --check`, exit 1
#                (NAME.args: extra arguments; NAME.status: another expected exit status)
#   golden       tests/golden/NAME.yaml and examples/NAME.yaml -> NAME.cfn.json / NAME.tf.json:
#                exact stdout, and NAME.stderr (or nothing) on stderr, exit 0
#   cli          tests/cli.sh: the command line's behaviour (exit codes, -o, stdin, ...)
#   conformance  tests/conformance: every golden template against AWS's definitions
#   diff         tests/diff: vpcgen diff of OLD and NEW, exact report and status; its data
#   compat       tests/compat: 1.0.0's specs against 1.0.0's outputs, only in-place changes
#   security     tests/security: the rule table of security controls over every example
#   docs         tests/docs: the language reference, the schema (python3-jsonschema), the man page
# MEMCHECK=1 (tests/valgrind.sh) runs only the suites that exercise the program's paths.
# UPDATE=1 rewrites the expected files from the actual output of the first build (review the
# diff before committing). The last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
[ $# -gt 0 ] || set -- build/release
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
: >"$tmp/empty"

ok() { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok - $1"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -n 40; return 0; }

# suite LABEL COMMAND...: runs a suite that prints "ok - ..." / "FAIL - ..." lines and "done"
# last; counts its lines and shows its failures
suite() {
    label=$1
    shift
    "$@" >"$tmp/suite.out" 2>&1
    p=$(grep -c '^ok - ' "$tmp/suite.out")
    f=$(grep -c '^FAIL - ' "$tmp/suite.out")
    pass=$((pass + p))
    fail=$((fail + f))
    grep -A5 '^FAIL - ' "$tmp/suite.out" | sed "s/^FAIL - /FAIL - $label: /"
    if [ "$(tail -n 1 "$tmp/suite.out")" != "done" ]; then
        bad "$label: stopped early" "$(tail -n 5 "$tmp/suite.out")"
    fi
}

# expect NAME FILE EXPECTED: compares, or rewrites EXPECTED under UPDATE=1 (first build only)
expect() {
    if [ -n "${UPDATE:-}" ] && [ "$first" = 1 ]; then
        if [ -s "$2" ] || [ "${3##*.}" != stderr ]; then cp "$2" "$3"; else rm -f "$3"; fi
        ok "$1"
    elif [ -f "$3" ] && cmp -s "$2" "$3"; then
        ok "$1"
    elif [ ! -f "$3" ] && [ "${3##*.}" = stderr ] && [ ! -s "$2" ]; then
        ok "$1"
    else
        bad "$1" "$(diff -u "${3}" "$2" 2>/dev/null || diff -u "$tmp/empty" "$2")"
    fi
}

first=1
for build in "$@"; do
    bin=$build/vpcgen
    label=${build##*/}
    if [ ! -x "$bin" ]; then
        bad "$label: $bin is missing (run make first)"
        continue
    fi

    # unit tests
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] || continue
        "$t" >"$tmp/unit.out" 2>&1
        st=$?
        p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$tmp/unit.out" | tail -n 1)
        f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$tmp/unit.out" | tail -n 1)
        pass=$((pass + ${p:-0}))
        fail=$((fail + ${f:-0}))
        if [ $st -ne 0 ] && [ -z "$f" ]; then
            bad "$label: ${t##*/} exited with status $st" "$(tail -n 20 "$tmp/unit.out")"
        elif [ -n "$f" ] && [ "$f" != 0 ]; then
            echo "FAIL - $label: ${t##*/}"
            grep -E '^\[  FAILED  \]|^\[  ERROR   \]|error:' "$tmp/unit.out" | head -n 20
        fi
    done

    # diagnostic catalogue
    for spec in tests/diag/*.yaml; do
        [ -f "$spec" ] || continue
        name=${spec%.yaml}
        args=$(cat "$name.args" 2>/dev/null)
        want=$(cat "$name.status" 2>/dev/null || echo 1)
        # shellcheck disable=SC2086
        NO_COLOR=1 "$bin" --check $args "$spec" >"$tmp/out" 2>"$tmp/err"
        st=$?
        if [ $st -ne "$want" ]; then
            bad "$label: diag ${name##*/}: exit status $st, expected $want" "$(head -n 5 "$tmp/err")"
        elif [ -s "$tmp/out" ]; then
            bad "$label: diag ${name##*/}: wrote to stdout"
        else
            expect "$label: diag ${name##*/}" "$tmp/err" "$name.err"
        fi
    done

    # golden outputs: tests/golden and the examples; NAME.env-ENV.* is NAME.yaml with -e ENV
    for spec in tests/golden/*.yaml examples/*.yaml; do
        [ -f "$spec" ] || continue
        name=${spec%.yaml}
        envs=$(ls "$name".env-*.cfn.json 2>/dev/null | sed 's/.*\.env-\(.*\)\.cfn\.json$/\1/')
        for env in "" $envs; do
            out=$name${env:+.env-$env}
            for target in cfn tf; do
                if [ ! -f "$out.$target.json" ] && [ -z "${UPDATE:-}" ]; then
                    bad "$label: golden ${out#*/}.$target.json: no expected output (UPDATE=1 writes it)"
                    continue
                fi
                args="$(cat "$name.args" 2>/dev/null)${env:+ -e $env}"
                # shellcheck disable=SC2086
                NO_COLOR=1 "$bin" --target $target $args "$spec" >"$tmp/out" 2>"$tmp/err"
                st=$?
                if [ $st -ne 0 ]; then
                    bad "$label: golden ${out#*/}.$target.json: exit status $st" "$(head -n 10 "$tmp/err")"
                    continue
                fi
                expect "$label: golden ${out#*/}.$target.json" "$tmp/out" "$out.$target.json"
                expect "$label: golden ${out#*/}.$target stderr" "$tmp/err" "$out.$target.stderr"
            done
        done
    done

    # command line behaviour
    [ -f tests/cli.sh ] && VPCGEN=$bin suite "$label: cli" sh tests/cli.sh
    # vpcgen diff: the cases of tests/diff
    [ "$first" = 1 ] || unset UPDATE
    VPCGEN=$bin suite "$label: diff" sh tests/diff/run.sh
    first=0
done

# The suites below check the outputs, once: they are byte-identical across builds, which
# the golden tests above prove. Under valgrind (MEMCHECK=1) they add time, not coverage.
if [ -n "${MEMCHECK:-}" ]; then
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
fi

# conformance: the project's own checkers against AWS's definitions
[ -f tests/conformance/run.sh ] && suite conformance sh tests/conformance/run.sh

# the runner make check uses to run the valgrind suite beside this one
suite parallel sh tests/parallel-check.sh

# vpcgen diff's data: the update rules cover the templates
suite diff sh tests/diff/data.sh

# section 0: 1.0.0's specs compile to 1.0.0's stacks, changed only by in-place settings
[ -f tests/compat/check.py ] && VPCGEN=$1/vpcgen suite compat python3 tests/compat/check.py

# the security rule table over every example's output in both targets, and its mutations
[ -f tests/security/run.sh ] && VPCGEN=$1/vpcgen suite security sh tests/security/run.sh

# the documentation: every schema property documented, the schema itself checked by an
# independent JSON Schema validator, the man page clean, the documented commands working
export VPCGEN=$1/vpcgen
suite docs python3 tests/docs/check-language.py
suite docs /usr/bin/python3 tests/docs/check-schema.py
suite docs sh tests/docs/check-man.sh
suite docs python3 tests/docs/check-examples.py
# docs/cost.md, generator/cost_gen.c and the unit test's copy of the docs' totals are
# what tools/cost/gen.py makes of tools/cost/prices.json
suite docs python3 tools/cost/gen.py --check

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
