#!/bin/sh
# data.sh - the update rules vpcgen diff reads: they cover every property of every template in
# both targets (tools/updaterules/check_coverage.py), a property they lack is caught, and the
# C table is exactly what tools/updaterules/gen_c.py makes of the committed data. Run from the
# repository's root; prints "ok - ..." / "FAIL - ..." and "done".
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if python3 tools/updaterules/check_coverage.py >"$T/out" 2>&1; then
    echo "ok - the update rules cover every property of every template, both targets"
else
    echo "FAIL - properties of the templates without an update rule"; head -n 20 "$T/out"
fi
cp -r templates "$T/tpl"
sed 's/"CidrBlock": /"CidrBlockNotInTheData": /' templates/cloudformation/vpc.json >"$T/tpl/cloudformation/vpc.json"
if python3 tools/updaterules/check_coverage.py --templates "$T/tpl" >"$T/out" 2>&1; then
    echo "FAIL - the coverage check misses a property the data lacks"
else
    grep -q CidrBlockNotInTheData "$T/out" && echo "ok - the coverage check names a property the data lacks" ||
        { echo "FAIL - the coverage check failed without naming the property"; cat "$T/out"; }
fi
python3 tools/updaterules/gen_c.py -o "$T/gen.c"
if cmp -s "$T/gen.c" generator/updaterules_gen.c; then
    echo "ok - generator/updaterules_gen.c is gen_c.py's output of the committed data"
else
    echo "FAIL - generator/updaterules_gen.c differs from the data: run python3 tools/updaterules/gen_c.py"
fi
echo done
