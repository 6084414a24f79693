#!/bin/sh
# many-environments.sh [VPCGEN] - times `vpcgen --check` on two specs just under the 1 MiB
# input limit with tens of thousands of environments. Not replayed by fuzz-replay (the fuzz
# targets check at most 8 environments per input); run it by hand against a build.
#
#   empty.yaml     ~80,000 environments `eN: {}`
#   warnings.yaml  ~25,000 environments `eN: {network: {flow_logs: false}}`, one warning each
#
# Before the input caps of 53b693c (at most 32 environments) these took 20 s and 26 s
# (quadratic: model_build looked each environment up by name with node_get; diag_report
# compared each new diagnostic with every earlier one; print_excerpt -> source_line scanned
# the file from its start for each quoted line; and 25,000 warnings were printed, warnings not
# being capped). Now both are refused at once. Exits 1 when one takes more than LIMIT seconds
# (default 5).
set -eu
bin=${1:-./vpcgen}
limit=${LIMIT:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gen() { # gen FILE OVERLAY: environments eN: OVERLAY up to just under 1 MiB
    awk -v ov="$2" 'BEGIN { print "vpcgen: 1\nname: ab\nnetwork: {}\nenvironments:";
        n = 47; for (i = 0; n + length(ov) + 12 < 1048576; i++) {
            line = "  e" i ": " ov; print line; n += length(line) + 1 } }' > "$1"
}
gen "$tmp/empty.yaml" '{}'
gen "$tmp/warnings.yaml" '{network: {flow_logs: false}}'
status=0
for f in empty warnings; do
    start=$(date +%s)
    "$bin" --check "$tmp/$f.yaml" > /dev/null 2>&1 || true
    took=$(( $(date +%s) - start ))
    echo "$f.yaml ($(wc -c < "$tmp/$f.yaml") bytes): ${took} s"
    [ "$took" -le "$limit" ] || status=1
done
exit $status
