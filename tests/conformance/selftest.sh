#!/bin/sh
# selftest.sh - proves the conformance checkers can fail: every valid fixture passes
# ("FILE: ok", exit 0), every broken fixture fails with exactly one problem that contains the
# expected words (exit 1), and usage / I/O errors exit 2.
#
#   sh tests/conformance/selftest.sh        (from the repository root; needs node and
#                                            `npm ci` in tests/conformance for cfn-check)
# Prints "ok - NAME" or "FAIL - NAME: why" per case; exits 1 if any case failed.
set -u
dir=$(dirname "$0")
fx=$dir/fixtures
tmp=${TMPDIR:-/tmp}/vpcgen-conformance-selftest.$$
mkdir -p "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "FAIL - $1: $2"; fail=$((fail + 1)); }

# run CHECKER FILE... -> $tmp/out, $tmp/err, $rc
run() {
    checker=$1
    shift
    node "$dir/$checker.js" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# a fixture that must pass
valid() {
    name=$1 checker=$2 file=$fx/$3
    run "$checker" "$file"
    if [ "$rc" -ne 0 ]; then
        bad "$name" "exit $rc, expected 0: $(cat "$tmp/out" "$tmp/err" | head -n 3 | tr '\n' ' ')"
    elif [ "$(cat "$tmp/out")" != "$file: ok" ]; then
        bad "$name" "expected only '$file: ok', got: $(head -n 3 "$tmp/out" | tr '\n' ' ')"
    else
        ok "$name"
    fi
}

# a fixture that must fail with exactly one problem containing TEXT
invalid() {
    name=$1 checker=$2 file=$fx/$3 text=$4
    run "$checker" "$file"
    lines=$(grep -c . "$tmp/out")
    if [ "$rc" -ne 1 ]; then
        bad "$name" "exit $rc, expected 1: $(cat "$tmp/out" "$tmp/err" | head -n 3 | tr '\n' ' ')"
    elif ! grep -F -q -- "$text" "$tmp/out"; then
        bad "$name" "no problem mentions \"$text\"; got: $(head -n 3 "$tmp/out" | tr '\n' ' ')"
    elif [ "$lines" -ne 1 ]; then
        bad "$name" "expected exactly one problem, got $lines: $(tr '\n' ' ' <"$tmp/out")"
    elif ! grep -q "^$file: " "$tmp/out"; then
        bad "$name" "the problem does not start with '$file: '"
    else
        ok "$name"
    fi
}

command -v node >/dev/null 2>&1 || { echo "FAIL - node: node is not installed"; exit 1; }

# ---- CloudFormation
valid cfn-valid cfn-check cfn-valid.json
valid cfn-full-template cfn-check cfn-full.json
valid cfn-replica-template cfn-check cfn-replica.json
valid cfn-hosted-rotation cfn-check cfn-rotation.json
valid cfn-aurora-serverless-v2 cfn-check cfn-aurora-valid.json
invalid cfn-other-transform cfn-check cfn-other-transform.json \
    'Transform "AWS::Serverless-2016-10-31" is not expected'
invalid cfn-misspelt-property cfn-check cfn-bad-property.json \
    "Resources.Vpc.Properties.CidrBlok: unknown property 'CidrBlok' for AWS::EC2::VPC"
invalid cfn-misspelt-nested-property cfn-check cfn-bad-nested-property.json \
    "MetadataOptions.HttpToken: unknown property 'HttpToken' for AWS::EC2::LaunchTemplate.MetadataOptions"
invalid cfn-aurora-misspelt-nested-property cfn-check cfn-aurora-bad-nested.json \
    "MinCapacty: unknown property 'MinCapacty' for AWS::RDS::DBCluster.ServerlessV2ScalingConfiguration"
invalid cfn-dangling-ref cfn-check cfn-dangling-ref.json "Ref 'Vpcc' refers to nothing"
invalid cfn-dangling-sub cfn-check cfn-dangling-sub.json "Fn::Sub variable 'Vpcc' refers to nothing"
invalid cfn-bad-getatt cfn-check cfn-bad-getatt.json "AWS::EC2::VPC has no attribute 'CidrBlok'"
invalid cfn-missing-required cfn-check cfn-missing-required.json \
    "missing required property 'VpcId' for AWS::EC2::Subnet"
invalid cfn-unknown-type cfn-check cfn-bad-type.json "unknown resource type 'AWS::EC2::Subnett'"
invalid cfn-list-for-string cfn-check cfn-list-for-string.json \
    "Fn::GetAZs gives a list, but a string is expected here"
invalid cfn-eip-ref-for-allocation-id cfn-check cfn-eip-ref.json \
    "NatGateway.AllocationId expects AWS::EC2::EIP.AllocationId; Ref Eip gives its PublicIp"
invalid cfn-output-list cfn-check cfn-output-list.json "an output Value must be a string"
invalid cfn-circular-dependency cfn-check cfn-cycle.json "circular dependency: Vpc -> Subnet -> Vpc"
invalid cfn-snapshot-policy cfn-check cfn-bad-deletion-policy.json \
    "DeletionPolicy Snapshot is not supported for AWS::EC2::VPC"
invalid cfn-update-replace-policy cfn-check cfn-bad-update-replace-policy.json \
    "UpdateReplacePolicy must be one of Delete, Retain, Snapshot"
invalid cfn-custom-resource-token cfn-check cfn-custom-no-token.json \
    "missing required property 'ServiceToken' for Custom::VpcRestrictDefaultSG"
invalid cfn-parameter-type cfn-check cfn-bad-parameter-type.json "unknown parameter type"
invalid cfn-duplicate-key cfn-check cfn-duplicate-key.json "duplicate key 'CidrBlock'"
invalid cfn-invalid-json cfn-check cfn-invalid-json.json "not valid JSON: line 4"

# ---- Terraform
valid tf-valid tf-check tf-valid.tf.json
valid tf-full-configuration tf-check tf-full.tf.json
valid tf-aurora-serverless-v2 tf-check tf-aurora-valid.tf.json
invalid tf-misspelt-argument tf-check tf-bad-argument.tf.json \
    "resource.aws_vpc.main.cidr_blok: unknown argument 'cidr_blok' for aws_vpc"
invalid tf-aurora-misspelt-block tf-check tf-aurora-bad-argument.tf.json \
    "aws_rds_cluster.main.serverlessv2_scaling_config: unknown argument 'serverlessv2_scaling_config' for aws_rds_cluster"
invalid tf-misspelt-nested-argument tf-check tf-bad-nested.tf.json \
    "metadata_options.http_token: unknown argument 'http_token' for aws_instance.metadata_options"
invalid tf-dangling-ref tf-check tf-dangling-ref.tf.json "reference to undeclared resource 'aws_vpc.nope'"
invalid tf-undeclared-data tf-check tf-undeclared-data.tf.json \
    "reference to undeclared data source 'data.aws_availability_zones.available'"
invalid tf-computed-only tf-check tf-computed.tf.json "'arn' is computed by the provider"
invalid tf-missing-required tf-check tf-missing-required.tf.json "missing required argument 'vpc_id' for aws_subnet"
invalid tf-bad-ref-attribute tf-check tf-bad-ref-attr.tf.json "aws_vpc has no attribute 'idd'"
invalid tf-count-needs-index tf-check tf-count-index.tf.json "aws_subnet.a has count"
invalid tf-template-for-list tf-check tf-list-template.tf.json \
    "subnet_ids expects set(string), but a string template gives a string"
invalid tf-ephemeral-in-plain-argument tf-check tf-ephemeral-misuse.tf.json \
    "'ephemeral.random_password.db.result' is ephemeral"
invalid tf-ephemeral-output tf-check tf-ephemeral-output.tf.json "a root module output cannot take ephemeral values"
invalid tf-write-only-version tf-check tf-wo-no-version.tf.json "set password_wo_version too"
invalid tf-write-only-terraform-version tf-check tf-old-terraform.tf.json \
    "write-only arguments need Terraform >= 1.11"
invalid tf-random-version tf-check tf-old-random.tf.json "needs hashicorp/random >= 3.7.0"
invalid tf-provider-version tf-check tf-provider-no-version.tf.json \
    "provider requirement 'aws' needs a version constraint"
invalid tf-output-value tf-check tf-output-no-value.tf.json "an output needs 'value'"
invalid tf-unknown-type tf-check tf-unknown-type.tf.json "unknown resource type 'aws_vpc_endpoints'"

# ---- command line
run cfn-check
if [ "$rc" -eq 2 ] && grep -q '^usage:' "$tmp/err"; then ok cfn-usage; else bad cfn-usage "no arguments: exit $rc, expected 2 and a usage message"; fi
run tf-check "$tmp/missing.tf.json"
if [ "$rc" -eq 2 ] && grep -q 'no such file' "$tmp/err"; then ok tf-missing-file; else bad tf-missing-file "exit $rc, expected 2 and 'no such file' on stderr"; fi
run tf-check "$fx/tf-valid.tf.json" "$fx/tf-dangling-ref.tf.json"
if [ "$rc" -eq 1 ] && grep -q "^$fx/tf-valid.tf.json: ok\$" "$tmp/out" && grep -q "^$fx/tf-dangling-ref.tf.json: " "$tmp/out"; then
    ok tf-several-files
else
    bad tf-several-files "exit $rc, expected 1 with one ok and one problem line"
fi

echo "conformance selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
