#!/bin/sh
# cli.sh - the command line's behaviour: exit codes, streams, -o, stdin, errors of the
# system (full disk, file size limit, a folder where nothing can be written, a signal),
# colour and the output's independence of the environment. Run by tests/run.sh with
# VPCGEN set to the binary under test; prints "ok - ..." / "FAIL - ..." and "done".
set -u
V=${VPCGEN:-./vpcgen}
case $V in /*) ;; *) V=$(pwd)/$V ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
W=examples/wagtail.yaml
BAD=tests/diag/model-cidr-host-bits.yaml

ok() { echo "ok - $1"; }
bad() { echo "FAIL - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -n 10; return 0; }
# check NAME COMMAND...: the command must succeed
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
# run ARGS...: runs vpcgen, leaving $T/out, $T/err and $st
run() { "$V" "$@" >"$T/out" 2>"$T/err"; st=$?; }
status_is() { [ "$st" -eq "$1" ] || { echo "exit status $st, expected $1" >&2; cat "$T/err" >&2; return 1; }; }
no_stdout() { [ ! -s "$T/out" ]; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "stderr lacks: $1" >&2; cat "$T/err" >&2; return 1; }; }
no_temp_files() { [ -z "$(find "$1" -name '.*.??????' 2>/dev/null)" ]; }

# --- options -----------------------------------------------------------------------------
run --help
check "help exits 0 and prints usage on stdout" eval 'status_is 0 && grep -q "^usage: vpcgen" "$T/out"'
run --version
check "version exits 0" eval 'status_is 0 && grep -q "^vpcgen [0-9]" "$T/out"'
run
check "no spec is a usage error (2), nothing on stdout" eval 'status_is 2 && no_stdout && err_has "no spec file given"'
run --frobnicate $W
check "unknown option is exit 2" eval 'status_is 2 && no_stdout && err_has "unknown option"'
run -t pulumi $W
check "unknown target is exit 2" eval 'status_is 2 && err_has "unknown target '"'"'pulumi'"'"'"'
run -t
check "option without its argument is exit 2" eval 'status_is 2 && err_has "needs an argument"'
run -W all $W
check "-W takes error or no-CODE" eval 'status_is 2 && err_has "-W all"'
run --diagnostics xml $W
check "--diagnostics takes text or json" eval 'status_is 2 && err_has "xml"'
run $W examples/minimal.yaml
check "several specs need --check" eval 'status_is 2 && no_stdout'
run --check -o "$T/x.json" $W
check "--check with -o is a usage error" eval 'status_is 2 && [ ! -e "$T/x.json" ]'
run -t dot $W
check "target dot: a Graphviz digraph that dot renders without a word on stderr" eval 'status_is 0 && head -n 1 "$T/out" | grep -q "^digraph" && dot -Tsvg "$T/out" >/dev/null 2>"$T/dot.err" && [ ! -s "$T/dot.err" ]'
run -t summary $W
check "target summary: the subnet table with usable addresses and routes" eval 'status_is 0 && grep -q "public_subnet_1    public    AZ 1  10.20.0.0/24      251  igw" "$T/out"'
run -t cfn $W
check "target alias cfn" eval 'status_is 0 && [ -s "$T/out" ]'
run -t tf $W
check "target alias tf" eval 'status_is 0 && grep -q "hashicorp/aws" "$T/out"'

# --- init, --list-environments, --compact, accepted warnings ----------------------------------
run init
check "init: a starter spec named my-stack on stdout" eval 'status_is 0 && grep -q "^name: my-stack$" "$T/out"'
run init wagtail
cp "$T/out" "$T/init.yaml"
check "init NAME: named NAME, its staging environment NAME-staging" eval 'status_is 0 && grep -q "^name: wagtail$" "$T/init.yaml" && grep -q "^    name: wagtail-staging$" "$T/init.yaml"'
run --check -W error "$T/init.yaml"
check "init's spec passes --check -W error, with no note: it is in the newest epoch" eval 'status_is 0 && [ ! -s "$T/err" ]'
run init -o "$T/init2.yaml" abcdefghijklmnopqrstuvwxyz012345
check "init -o FILE, a 32-character name: the staging name is cut to fit" eval 'status_is 0 && no_stdout && grep -q "^    name: abcdefghijklmnopqrstuvwx-staging$" "$T/init2.yaml"'
run --check -W error "$T/init2.yaml"
check "init's spec with the longest name passes --check -W error" status_is 0
run init Bad_Name
check "init with an invalid name: 2, says what a name is" eval 'status_is 2 && no_stdout && err_has "'"'"'Bad_Name'"'"' is not a valid stack name (lowercase letters"'
run init one two
check "init with two names: 2" eval 'status_is 2 && no_stdout'
run --list-environments examples/multi-env.yaml
check "--list-environments prints the names, one per line" eval 'status_is 0 && [ "$(cat "$T/out")" = "$(printf "dev\nstaging\nprod")" ]'
run --list-environments examples/minimal.yaml
check "--list-environments of a spec without environments prints nothing, exit 0" eval 'status_is 0 && no_stdout'
run --list-environments $BAD
check "--list-environments of an invalid spec still lists (the rules are not checked)" status_is 0
run --list-environments tests/diag/yaml-syntax-unclosed-quote.yaml
check "--list-environments of a file that is not YAML: 1, located" eval 'status_is 1 && no_stdout && err_has "error:"'
run --list-environments -e staging examples/multi-env.yaml
check "--list-environments with -e: 2" eval 'status_is 2 && no_stdout'
run --compact $W
check "--compact: the same JSON on one line" eval 'status_is 0 && [ "$(wc -l <"$T/out")" -eq 1 ] && "$V" $W 2>/dev/null | python3 -c "import json,sys; a=json.load(sys.stdin); b=json.load(open(\"$T/out\")); sys.exit(a != b)"'
run -t tf --compact $W
check "--compact applies to terraform too" eval 'status_is 0 && [ "$(wc -l <"$T/out")" -eq 1 ]'
run -W error tests/golden/option-nat-none.yaml
check "-W error fails on a warning" eval 'status_is 1 && no_stdout'
run -W error -W no-nat-none-private tests/golden/option-nat-none.yaml
check "-W no-CODE accepts it: shown as a note, -W error passes" eval 'status_is 0 && err_has "note: '"'"'nat: none'"'"' leaves the private subnets with no route to the internet [accepted: nat-none-private]"'
run -W no-nat-nope $W
check "-W no-CODE with a code that is no warning's: 2" eval 'status_is 2 && no_stdout && err_has "'"'"'nat-nope'"'"' is not the code of a warning"'
run -W no-cidr-host-bits $W
check "-W no-CODE with an error's code: 2 (errors cannot be accepted)" eval 'status_is 2 && no_stdout'
big=$T/big.yaml
printf '%s\n' 'vpcgen: 1' 'name: big' 'network: { azs: 4, nat: per-az, endpoints: [s3, dynamodb, ssm, secretsmanager, ecr, logs] }' \
    'bastion: {}' 'database: { replicas: 5, multi_az: true, instance_class: db.r7g.large }' >"$big"
run $big
check "a CloudFormation template over 51,200 bytes: a warning naming --s3-bucket and --compact" eval 'status_is 0 && [ "$(wc -c <"$T/out")" -gt 51200 ] && err_has "warning: the template is" && err_has "--s3-bucket"'
run -W error $big
check "... which -W error turns into an error: nothing written" eval 'status_is 1 && no_stdout'
run -W error -W no-template-size --compact $big
check "--compact makes it smaller; -W no-template-size accepts the warning" eval 'status_is 0 && [ -s "$T/out" ]'

# --- files and streams -------------------------------------------------------------------
run "$T/nope.yaml"
check "a missing spec is an I/O error (2) naming the file" eval 'status_is 2 && no_stdout && err_has "nope.yaml: No such file or directory"'
run "$T"
check "a folder as spec is an I/O error (2)" eval 'status_is 2 && err_has "Is a directory"'
run $BAD
check "an invalid spec is exit 1 with nothing on stdout" eval 'status_is 1 && no_stdout && err_has "error:"'
"$V" $W >"$T/file.json" 2>/dev/null
"$V" - <$W >"$T/stdin.json" 2>/dev/null
check "'-' reads the spec from stdin" cmp -s "$T/file.json" "$T/stdin.json"
"$V" - <$BAD >"$T/out" 2>"$T/err"
st=$?
check "stdin diagnostics are located in <stdin>" eval 'status_is 1 && err_has "<stdin>:4:9: error:"'
run --check $W examples/minimal.yaml examples/ssh-mysql.yaml
check "--check of several valid specs: 0, nothing on stdout" eval 'status_is 0 && no_stdout'
run --check $W $BAD examples/minimal.yaml
check "--check reports the invalid one among several: 1" eval 'status_is 1 && no_stdout && err_has "model-cidr-host-bits.yaml:4:9"'
run --check $W "$T/nope.yaml"
check "--check with an unreadable file: 2" eval 'status_is 2'
head -c 1100000 /dev/zero | tr '\0' '#' | "$V" - >"$T/out" 2>"$T/err"
st=$?
check "more than 1 MiB on stdin is rejected (1)" eval 'status_is 1 && no_stdout && err_has "1048576"'

# --- -o: atomic, untouched when equal, intact on failure -----------------------------------
run -o - $W
check "-o - is standard output" eval 'status_is 0 && grep -q AWSTemplateFormatVersion "$T/out"'
cp $W "$T/self.yaml"
run "$T/self.yaml" -o "$T/self.yaml"
check "-o naming the spec itself: 2, the spec untouched" eval 'status_is 2 && err_has "is the spec itself" && cmp -s $W "$T/self.yaml"'
ln -s self.yaml "$T/link.yaml"
run "$T/self.yaml" -o "$T/link.yaml"
check "-o naming the spec by another name (a symlink): 2, the spec untouched" eval 'status_is 2 && cmp -s $W "$T/self.yaml"'
mkdir "$T/o"
run -o "$T/o/stack.json" $W
check "-o writes the file and nothing on stdout" eval 'status_is 0 && no_stdout && cmp -s "$T/o/stack.json" "$T/file.json"'
touch -d '2001-01-01 00:00:00' "$T/o/stack.json"
before=$(stat -c %Y "$T/o/stack.json")
run -o "$T/o/stack.json" $W
check "-o leaves an identical file untouched (mtime kept)" eval 'status_is 0 && [ "$(stat -c %Y "$T/o/stack.json")" = "$before" ]'
cp "$T/o/stack.json" "$T/keep.json"
run -o "$T/o/stack.json" $BAD
check "-o with an invalid spec leaves the file byte-identical" eval 'status_is 1 && cmp -s "$T/o/stack.json" "$T/keep.json" && no_temp_files "$T/o"'
run -t tf -o "$T/o/stack.json" $W
check "-o replaces a changed file" eval 'status_is 0 && grep -q hashicorp "$T/o/stack.json" && no_temp_files "$T/o"'
run -o /proc/vpcgen-test/stack.json $W
check "-o into a folder that cannot hold files: 2, message" eval 'status_is 2 && err_has "/proc/vpcgen-test/stack.json"'
cp "$T/keep.json" "$T/o/stack.json"
(ulimit -f 8; "$V" -t tf -o "$T/o/stack.json" $W >"$T/out" 2>"$T/err"; echo $? >"$T/st")
st=$(cat "$T/st")
check "-o past the file size limit (ulimit -f): 2, file intact, no temp file" eval 'status_is 2 && err_has "File too large" && cmp -s "$T/o/stack.json" "$T/keep.json" && no_temp_files "$T/o"'
"$V" $W >/dev/full 2>"$T/err"
st=$?
check "stdout on a full disk (/dev/full): 2 with a message" eval 'status_is 2 && err_has "No space left on device"'
# a signal mid-run: vpcgen waits on stdin, is terminated, and leaves the file as it was
(sleep 5 | "$V" -o "$T/o/stack.json" - >/dev/null 2>&1) 2>/dev/null &
sleep 1
pkill -TERM -f "$V -o $T/o/stack.json -" 2>/dev/null
wait 2>/dev/null
check "SIGTERM mid-run leaves the file byte-identical, no temp file" eval 'cmp -s "$T/o/stack.json" "$T/keep.json" && no_temp_files "$T/o"'

# --- diagnostics -------------------------------------------------------------------------
run examples/multi-env.yaml -e dev
check "a warning keeps exit 0 and is printed" eval 'status_is 0 && err_has "warning: deletion protection is off"'
run -W error -e dev examples/multi-env.yaml
check "-W error turns the warning into exit 1, nothing on stdout" eval 'status_is 1 && no_stdout && err_has "[-W error]"'
run --check --diagnostics json tests/diag/model-multiple-errors.yaml
check "--diagnostics json: one valid object per line with the six fields" eval 'status_is 1 && python3 -c "
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 7, len(lines)
for l in lines:
    o = json.loads(l)
    assert list(o) == [\"file\", \"line\", \"column\", \"severity\", \"code\", \"message\"], o
" "$T/err"'
if command -v script >/dev/null 2>&1; then
    script -qec "$V --check $BAD" /dev/null >"$T/tty" 2>&1
    check "colour on a terminal" grep -q "$(printf '\033')\[" "$T/tty"
    NO_COLOR=1 script -qec "$V --check $BAD" /dev/null >"$T/tty" 2>&1
    check "no colour on a terminal when NO_COLOR is set" eval '! grep -q "$(printf "\033")\[" "$T/tty"'
else
    bad "colour tests need script(1) from bsdutils"
fi
run --check $BAD
check "no colour when stderr is not a terminal" eval '! grep -q "$(printf "\033")\[" "$T/err"'
run --print-schema
check "--print-schema prints the schema file byte for byte" cmp -s "$T/out" schema/vpcgen.schema.json

# --- --templates: a team's own copy of the templates -----------------------------------------
mkdir -p "$T/tpl"
cp -r templates/cloudformation "$T/tpl/"
sed 's/"InstanceTenancy": "default"/"InstanceTenancy": "default", "Ipv4NetmaskLength": 16/' \
    templates/cloudformation/vpc.json >"$T/tpl/cloudformation/vpc.json"
run --templates "$T/tpl" $W
check "--templates DIR reads the templates from DIR" eval 'status_is 0 && grep -q Ipv4NetmaskLength "$T/out"'
rm "$T/tpl/cloudformation/subnet.json"
run --templates "$T/tpl" $W
check "--templates with a template missing: 2, names it, nothing on stdout" eval 'status_is 2 && no_stdout && err_has "subnet.json"'
printf '{"document": {' >"$T/tpl/cloudformation/subnet.json"
run --templates "$T/tpl" $W
check "--templates with a malformed template: 2, located" eval 'status_is 2 && no_stdout && err_has "subnet.json:1:"'
sed 's/"@{cidr:str}"/"@{cidr:string}"/' templates/cloudformation/subnet.json >"$T/tpl/cloudformation/subnet.json"
run --templates "$T/tpl" $W
check "--templates with an unknown placeholder type: 2, names the template and the string" eval 'status_is 2 && no_stdout && err_has "template cloudformation/subnet.json: an unknown placeholder type" && err_has "@{cidr:string}"'

# --- make install ----------------------------------------------------------------------------
make -s install DESTDIR="$T/inst" PREFIX=/opt/vpcgen >/dev/null 2>"$T/err"
check "make install honours DESTDIR and PREFIX: binary, man page, schema" eval '[ -x "$T/inst/opt/vpcgen/bin/vpcgen" ] && [ -f "$T/inst/opt/vpcgen/share/man/man1/vpcgen.1" ] && cmp -s "$T/inst/opt/vpcgen/share/vpcgen/vpcgen.schema.json" schema/vpcgen.schema.json'
(cd / && "$T/inst/opt/vpcgen/bin/vpcgen" --check "$OLDPWD/$W") >/dev/null 2>&1
st=$?
check "the installed binary works from any folder (templates and schema are inside it)" status_is 0

# --- the vpcgen-diff pre-commit hook, in a scratch repository ------------------------------
H=$(pwd)/tools/pre-commit-diff.sh
G=$T/repo
mkdir -p "$G/stacks" && git -C "$G" init -q && git -C "$G" config user.email t@example.com &&
    git -C "$G" config user.name t
cp tests/diff/equal.old.yaml "$G/stacks/shop.yaml"
(cd "$G" && VPCGEN=$V sh "$H" stacks/shop.yaml) >"$T/out" 2>"$T/err"
st=$?
check "vpcgen-diff on a spec new at HEAD: everything is an add, exit 0" eval 'status_is 0 && grep -q "^+ Vpc (AWS::EC2::VPC)" "$T/out" && grep -q "to destroy; data loss: no" "$T/out"'
git -C "$G" add stacks/shop.yaml && git -C "$G" commit -q -m spec
sed -i 's/instance_class: db.t4g.medium/instance_class: db.r7g.large/' "$G/stacks/shop.yaml"
(cd "$G" && VPCGEN=$V sh "$H" -W error stacks/shop.yaml) >"$T/out" 2>"$T/err"
st=$?
check "vpcgen-diff -W error: a class change against HEAD warns, exit 1" eval 'status_is 1 && grep -q "update in place, with downtime: DBInstanceClass" "$T/out"'
sed -i 's/name: shop$/name: store/' "$G/stacks/shop.yaml"
(cd "$G" && VPCGEN=$V sh "$H" -t tf stacks/shop.yaml) >"$T/out" 2>"$T/err"
st=$?
check "vpcgen-diff -t tf: renaming the stack replaces its database: data loss, exit 1" eval 'status_is 1 && grep -q "data loss: yes" "$T/out"'

# --- reproducible output -----------------------------------------------------------------
for t in cfn tf; do
    "$V" -t $t $W >"$T/a.json" 2>/dev/null
    LC_ALL=C.UTF-8 TZ=Pacific/Kiritimati "$V" -t $t $W >"$T/b.json" 2>/dev/null
    (cd "$T" && "$V" -t $t "$OLDPWD/$W") >"$T/c.json" 2>/dev/null
    LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 TZ=America/St_Johns "$V" -t $t "$(pwd)/$W" >"$T/d.json" 2>/dev/null
    check "$t output identical across locales, time zones, folders and path forms" eval 'cmp -s "$T/a.json" "$T/b.json" && cmp -s "$T/a.json" "$T/c.json" && cmp -s "$T/a.json" "$T/d.json"'
done
echo done
