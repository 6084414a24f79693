#!/bin/sh
# run.sh - the benchmark of vpcgen: times every case, counts its instructions per phase, and
# prints a table of medians with the goals of issue 6 marked PASS or MISS.
#
#   sh bench/run.sh            (normally through `make bench`, which builds what it needs)
#
# Environment (defaults in brackets):
#   VPCGEN    the binary under test                    [build/bench/vpcgen]
#   FLOOR     the process-start floor (bench/floor.c)  [bench/out/floor]
#   MEASURE   the timer (bench/measure.c)              [bench/out/measure]
#   OUT       generated inputs and results             [bench/out]
#   WARM RUNS warm-up and timed runs of the small cases [5 30]
#   BATCH_WARM BATCH_RUNS   the same for the batch cases [2 10]
#   CALLGRIND 0 skips the instruction counts           [1]
#   CG_MAX_MS cases slower than this natively are not run under callgrind [3000]
#   BENCH_CDK 1 runs the CDK peer (bench/peers/cdk), 0 never; by default it runs when its
#             node_modules exists
#   BENCH_CASES  a space-separated subset of case names to run (default: all)
#
# Each case is timed by bench/measure (fork, exec, wait4: wall time and ru_maxrss) with the
# floor program run before each timed run, so "x floor" compares runs taken side by side.
# The instruction counts come from one run under valgrind --tool=callgrind, read back with
# callgrind_annotate as the inclusive cost of each pass's entry point:
#   startup = the dynamic loader, libc start-up and exit (total - main) + schema_new
#   load = load_spec, check = schema_validate, model = model_build, plan = plan_build,
#   emit = emit_document, dump = emit_dump, write = write_output, diag = diag_print,
#   rest = what main spends outside these (reading files, freeing).
# Results: the table on standard output and in $OUT/results.md, the raw rows in
# $OUT/results.tsv. A missed goal is reported, never a failure: the exit status is 0 unless
# the benchmark itself could not run.
set -eu

VPCGEN=${VPCGEN:-build/bench/vpcgen}
FLOOR=${FLOOR:-bench/out/floor}
MEASURE=${MEASURE:-bench/out/measure}
OUT=${OUT:-bench/out}
WARM=${WARM:-5}
RUNS=${RUNS:-30}
BATCH_WARM=${BATCH_WARM:-2}
BATCH_RUNS=${BATCH_RUNS:-10}
CALLGRIND=${CALLGRIND:-1}
CG_MAX_MS=${CG_MAX_MS:-3000}
BENCH_CASES=${BENCH_CASES:-}
CDK_DIR=bench/peers/cdk
if [ -z "${BENCH_CDK:-}" ]; then
    if [ -d "$CDK_DIR/node_modules/aws-cdk-lib" ]; then BENCH_CDK=1; else BENCH_CDK=0; fi
fi

for f in "$VPCGEN" "$FLOOR" "$MEASURE"; do
    [ -x "$f" ] || { echo "run.sh: $f is missing; run 'make bench'" >&2; exit 2; }
done
[ -f "$OUT/batch-10000.list" ] || { echo "run.sh: no inputs in $OUT; run 'make bench'" >&2; exit 2; }
if [ "$CALLGRIND" = 1 ] && ! command -v valgrind >/dev/null 2>&1; then
    echo "run.sh: valgrind not found: instruction counts skipped" >&2
    CALLGRIND=0
fi

TSV=$OUT/results.tsv
CG=$OUT/callgrind
mkdir -p "$CG"
printf 'case\tdesc\truns\twall_ms\tfloor_ms\tratio\trss_kib\tstatus\tir_total\tir_startup\tir_load\tir_check\tir_model\tir_plan\tir_emit\tir_dump\tir_write\tir_diag\tir_rest\n' >"$TSV"

# Instruction counts of one callgrind profile: "total startup load check model plan emit dump
# write diag rest" (each inclusive; "-" where the function never ran).
phases() {
    callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$1" 2>/dev/null | awk '
        function num(s) { gsub(/,/, "", s); return s + 0 }
        /PROGRAM TOTALS/ { total = num($1) }
        # a function is listed once per source file its code comes from (inlined header
        # functions count apart): the largest figure is the whole function
        {
            for (i = 1; i <= nf; i++)
                if ($0 ~ (":" fn[i] "( \\[.*)?$") && num($1) > v[fn[i]] + 0)
                    v[fn[i]] = num($1)
        }
        BEGIN {
            nf = split("main schema_new load_spec schema_validate model_build plan_build " \
                       "emit_document emit_dump write_output diag_print", fn, " ")
        }
        END {
            if (!v["main"]) { print "- - - - - - - - - - -"; exit }
            startup = total - v["main"] + v["schema_new"]
            rest = v["main"] - v["schema_new"]
            out = total " " startup
            for (i = 3; i <= nf; i++) {
                out = out " " (v[fn[i]] ? v[fn[i]] : "-")
                rest -= v[fn[i]]
            }
            print out " " rest
        }'
}

# case NAME "DESCRIPTION" WARM RUNS BUDGET_S MEASURE_OPTS -- COMMAND...
case_run() {
    name=$1 desc=$2 warm=$3 runs=$4 budget=$5 opts=$6
    shift 7
    if [ -n "$BENCH_CASES" ]; then
        case " $BENCH_CASES " in *" $name "*) ;; *) return 0 ;; esac
    fi
    printf '%-22s' "$name" >&2
    # shellcheck disable=SC2086 # opts is a list of options
    line=$("$MEASURE" -w "$warm" -n "$runs" -b "$budget" -f "$FLOOR" $opts -- "$@")
    runs= wall_ms= rss_kib= status= floor_wall_ms=
    eval "$line"
    ratio=$(awk -v a="$wall_ms" -v b="$floor_wall_ms" 'BEGIN { printf "%.2f", a / b }')
    ir="- - - - - - - - - - -"
    file=$(echo "$name" | tr / _)
    slow=$(awk -v a="$wall_ms" -v m="$CG_MAX_MS" 'BEGIN { print (a > m) }')
    if [ "$CALLGRIND" = 1 ] && [ "$slow" = 0 ]; then
        # shellcheck disable=SC2086
        valgrind --tool=callgrind --callgrind-out-file="$CG/$file.out" \
            --dump-instr=no --collect-jumps=no "$@" >/dev/null 2>"$CG/$file.log" </dev/null || true
        ir=$(phases "$CG/$file.out")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$desc" "$runs" "$wall_ms" \
        "$floor_wall_ms" "$ratio" "$rss_kib" "$status" "$(echo "$ir" | tr ' ' '\t')" >>"$TSV"
    printf ' %9.3f ms  x%-7s %6s KiB  status %s\n' "$wall_ms" "$ratio" "$rss_kib" "$status" >&2
}

V=$VPCGEN
B1000=$(cat "$OUT/batch-1000.list")
B10000=$(cat "$OUT/batch-10000.list")
# hostile inputs: killed past 1 GiB of address space or 10 s of CPU
HOSTILE="-m 1024 -t 10"

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
# the revision the binary was built from (make bench builds it just before this script runs)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- generator schema templates Makefile 2>/dev/null | wc -l)
[ "$dirty" -gt 0 ] && rev="$rev + $dirty uncommitted file(s) in generator/ schema/ templates/"
echo "vpcgen benchmark: $V ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs)" >&2
case_run floor "the floor: exec of a program linking libyaml, jansson, PCRE2" "$WARM" "$RUNS" 20 "" -- "$FLOOR"
case_run check-wagtail "--check examples/wagtail.yaml" "$WARM" "$RUNS" 20 "" -- "$V" --check examples/wagtail.yaml
case_run cfn-wagtail "examples/wagtail.yaml to CloudFormation" "$WARM" "$RUNS" 20 "" -- "$V" examples/wagtail.yaml
case_run tf-wagtail "examples/wagtail.yaml to Terraform" "$WARM" "$RUNS" 20 "" -- "$V" -t tf examples/wagtail.yaml
case_run cfn-aurora "examples/wagtail-aurora.yaml (an Aurora cluster) to CloudFormation" "$WARM" "$RUNS" 20 "" -- "$V" examples/wagtail-aurora.yaml
case_run cfn-dualstack "examples/wagtail-dualstack.yaml (dual stack, a regional NAT) to CloudFormation" "$WARM" "$RUNS" 20 "" -- "$V" examples/wagtail-dualstack.yaml
case_run cfn-devstack "examples/wagtail-dev.yaml (a NAT instance, an Instance Connect bastion) to CloudFormation" "$WARM" "$RUNS" 20 "" -- "$V" examples/wagtail-dev.yaml
case_run cfn-minimal "examples/minimal.yaml to CloudFormation" "$WARM" "$RUNS" 20 "" -- "$V" examples/minimal.yaml
# vpcgen diff of wagtail against a copy with a bigger class and a third AZ (exit 0)
sed 's/instance_class: db.t4g.medium/instance_class: db.r7g.large/; s/azs: 2 /azs: 3 /' \
    examples/wagtail.yaml >"$OUT/wagtail-changed.yaml"
case_run diff-wagtail "diff of examples/wagtail.yaml and a changed copy" "$WARM" "$RUNS" 20 "" -- "$V" diff examples/wagtail.yaml "$OUT/wagtail-changed.yaml"
# shellcheck disable=SC2086 # the lists are paths without spaces
case_run check-1000 "--check over 1000 generated specs" "$BATCH_WARM" "$BATCH_RUNS" 30 "" -- "$V" --check $B1000
# shellcheck disable=SC2086
case_run check-10000 "--check over 10000 generated specs" "$BATCH_WARM" "$BATCH_RUNS" 60 "" -- "$V" --check $B10000
case_run bomb-2m "2 MiB of '[' (over the size limit)" "$WARM" "$RUNS" 20 "$HOSTILE" -- "$V" "$OUT/bomb-2m.yaml"
case_run bomb-1m "1 MiB - 1 of '[' (under the size limit)" "$WARM" "$RUNS" 5 "$HOSTILE" -- "$V" "$OUT/bomb-1m.yaml"
case_run bomb-block "1 MiB of '- ' (block sequences)" "$WARM" "$RUNS" 5 "$HOSTILE" -- "$V" "$OUT/bomb-block.yaml"
worst() { # the description of a worst case (see bench/gen.py)
    case $1 in
    valid-max) echo "valid: as large as the caps allow (49 long tags, 50 CIDRs, 200 parameters, 29 environments)" ;;
    long-scalar) echo "1 MiB double-quoted description" ;;
    long-name) echo "1 MiB plain scalar as the name (pattern with lookahead)" ;;
    many-params) echo "~45k database parameters (cap 200)" ;;
    unknown-keys) echo "~75k unknown top-level keys" ;;
    many-items) echo "~250k identical list items (uniqueItems)" ;;
    deep) echo "~17k list items nested 32 deep (the limit)" ;;
    flow-items) echo "~520k one-letter items in a flow list" ;;
    cidrs) echo "ssh bastion with ~40k allowed CIDRs (cap 50)" ;;
    envs) echo "~20k environments (cap 32), each warns" ;;
    env-merge) echo "25k parameters merged with a 25k overlay (cap 200)" ;;
    envs-x-params) echo "2000 parameters x ~37k empty environments (caps 200, 32)" ;;
    esac
}
for w in valid-max long-scalar long-name many-params unknown-keys many-items deep flow-items cidrs \
    envs env-merge envs-x-params; do
    f=$OUT/w-$w.yaml
    [ -f "$f" ] || continue
    case_run "w-$w" "$(worst "$w"), compile" 1 5 5 "$HOSTILE" -- "$V" "$f"
    case_run "w-$w/check" "$(worst "$w"), --check" 1 5 5 "$HOSTILE" -- "$V" --check "$f"
    if [ "$w" = valid-max ]; then
        last=$(sed -n 's/^  \(env[0-9]*\):$/\1/p' "$f" | tail -1)
        case_run "w-$w/env" "$(worst "$w"), compile -e $last" 1 5 5 "$HOSTILE" -- "$V" -e "$last" "$f"
    fi
done
if [ "$BENCH_CDK" = 1 ]; then
    if command -v node >/dev/null 2>&1 && [ -d "$CDK_DIR/node_modules/aws-cdk-lib" ]; then
        export CDK_OUTDIR="$OUT/cdk.out"
        cg=$CALLGRIND CALLGRIND=0
        case_run cdk-wagtail \
            "AWS CDK $(node -p 'require("./'"$CDK_DIR"'/node_modules/aws-cdk-lib/package.json").version' 2>/dev/null) synth of the same stack (node app.js)" \
            1 5 60 "" -- node "$CDK_DIR/app.js"
        CALLGRIND=$cg
    else
        echo "run.sh: BENCH_CDK=1 but node or $CDK_DIR/node_modules is missing; run 'make bench-cdk-deps'" >&2
    fi
fi

{
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
    mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
    echo "Run ending $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs ($cpu), $mem RAM, $(uname -sr);"
    echo "vpcgen at $rev, built with ${BENCH_OPT:-the top Makefile's flags}; load average before the run: $LOAD0."
    echo
    sh bench/report.sh "$TSV"
} | tee "$OUT/results.md"
