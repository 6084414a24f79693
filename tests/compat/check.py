#!/usr/bin/env python3
"""check.py - section 0 of the contract: a new vpcgen changes an unchanged spec's stack only by
settings AWS applies in place.

v1.0.0/ holds every example and golden spec of vpcgen 1.0.0 (commit 56b9895) with the outputs
1.0.0 gave for them, in both targets and every environment that had a golden. Those specs have
no `defaults` key, so they are on the 2026-11 epoch. Each is compiled again with VPCGEN, and the
two documents are compared member by member: every difference must be one of IN_PLACE below,
each a setting AWS applies to a live stack in place, without replacement or downtime (with the
source that says so). Anything else - a resource added, removed or changed otherwise - fails.

Prints "ok - ..." / "FAIL - ..." per output and "done". VPCGEN names the binary.
"""
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OLD = os.path.join(HERE, "v1.0.0")
VPCGEN = os.environ.get("VPCGEN", "./vpcgen")

# (target, resource type, property: a regular expression over the path below the resource's
# properties, what AWS does with it and where AWS says so)
IN_PLACE = [
    ("cfn", "AWS::RDS::DBInstance", r"AllowMajorVersionUpgrade",
     "no interruption: CloudFormation reference, AWS::RDS::DBInstance AllowMajorVersionUpgrade "
     "(\"Changing this parameter doesn't result in an outage\")"),
    ("tf", "aws_db_instance", r"allow_major_version_upgrade",
     "in place: ModifyDBInstance AllowMajorVersionUpgrade (\"doesn't result in an outage\"); "
     "not ForceNew in hashicorp/aws"),
    ("cfn", "AWS::RDS::DBInstance", r"DatabaseInsightsMode",
     "no interruption: CloudFormation reference, DatabaseInsightsMode; \"standard\" is RDS's "
     "default, written out"),
    ("tf", "aws_db_instance", r"database_insights_mode",
     "in place: RDS User Guide, Database Insights (\"doesn't cause downtime\")"),
    ("cfn", "AWS::RDS::DBInstance", r"MaxAllocatedStorage",
     "no downtime: RDS User Guide, Settings for DB instances (storage autoscaling): a replica "
     "gets the primary's limit"),
    ("tf", "aws_db_instance", r"max_allocated_storage",
     "no downtime: RDS User Guide, Settings for DB instances (storage autoscaling)"),
    ("cfn", "AWS::RDS::DBParameterGroup", r"Parameters\.(slow_query_log|general_log|log_output)",
     "no interruption: dynamic parameters of the exported logs (CloudFormation reference, "
     "DBParameterGroup Parameters; RDS User Guide, Publishing MySQL logs)"),
    ("cfn", "AWS::EC2::Instance", r"Monitoring",
     "no interruption: CloudFormation reference, AWS::EC2::Instance Monitoring (detailed "
     "monitoring of the bastion)"),
    ("tf", "aws_instance", r"monitoring",
     "in place: not ForceNew in hashicorp/aws (detailed monitoring of the bastion)"),
    ("cfn", "AWS::Lambda::Function", r"ReservedConcurrentExecutions",
     "no interruption: CloudFormation reference (the handler's concurrency limit)"),
    ("cfn", "AWS::IAM::Role", r"ManagedPolicyArns|Policies.*",
     "no interruption: CloudFormation reference, AWS::IAM::Role (the handler's least privilege)"),
    ("cfn", "*", r"Metadata.*",
     "changes no resource: template metadata (checkov skips with their reasons, cfn-lint's "
     "ignored checks)"),
    ("tf", "aws_db_parameter_group", r"parameter(\[\d+\].*)?",
     "in place: the parameters of the exported logs (slow_query_log, general_log, log_output) "
     "added to the group; parameter blocks update in place in hashicorp/aws"),
]
# outputs are values, not resources: a changed output changes nothing AWS runs
OUTPUTS = {"cfn": "Outputs", "tf": "output"}


def resources(doc, target):
    """{name: (type, properties)} of a document."""
    out = {}
    if target == "cfn":
        for name, r in doc.get("Resources", {}).items():
            out[name] = (r.get("Type"), r)
    else:
        for rtype, group in doc.get("resource", {}).items():
            for name, r in group.items():
                out[rtype + "." + name] = (rtype, r)
    return out


def diff(a, b, path, out):
    """Paths where a and b differ; for lists of maps, item by item."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            diff(a.get(k, None), b.get(k, None), path + [k], out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, path + ["[%d]" % i], out)
    elif a != b:
        out.append(path)


def allowed(target, rtype, path):
    """The IN_PLACE row that allows a difference at path (below the resource), or None."""
    text = ".".join(path)
    text = re.sub(r"\.\[", "[", text)
    if target == "cfn":
        text = re.sub(r"^Properties\.", "", text)
    for t, ty, pattern, why in IN_PLACE:
        if t == target and ty in (rtype, "*") and re.fullmatch(pattern, text):
            return why
    return None


def compare(old, new, target):
    """The differences of new from old that are not in place, as text lines."""
    bad = []
    ro, rn = resources(old, target), resources(new, target)
    for name in sorted(set(ro) | set(rn)):
        if name not in rn:
            bad.append("%s: removed" % name)
        elif name not in ro:
            bad.append("%s: added" % name)
        elif ro[name][0] != rn[name][0]:
            bad.append("%s: type changed" % name)
        else:
            paths = []
            diff(ro[name][1], rn[name][1], [], paths)
            for p in paths:
                if not allowed(target, rn[name][0], p):
                    bad.append("%s: %s changed" % (name, ".".join(p)))
    rest_old = {k: v for k, v in old.items() if k not in ("Resources", "resource",
                                                          OUTPUTS[target])}
    rest_new = {k: v for k, v in new.items() if k not in ("Resources", "resource",
                                                          OUTPUTS[target])}
    if rest_old != rest_new:
        paths = []
        diff(rest_old, rest_new, [], paths)
        bad.extend("%s changed" % ".".join(p) for p in paths)
    return bad


def self_test():
    """The comparison fails on what it must: a class change, a removed resource, an added
    property that is not in place; and passes an in-place one. Returns the failures."""
    old = {"Resources": {"Db": {"Type": "AWS::RDS::DBInstance",
                                "Properties": {"DBInstanceClass": "db.t4g.micro"}},
                         "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {}}}}
    new = json.loads(json.dumps(old))
    new["Resources"]["Db"]["Properties"]["AllowMajorVersionUpgrade"] = True
    cases = [(new, [])]
    for change in ("class", "vpc", "az"):
        bad = json.loads(json.dumps(new))
        if change == "class":
            bad["Resources"]["Db"]["Properties"]["DBInstanceClass"] = "db.m5.large"
        elif change == "vpc":
            del bad["Resources"]["Vpc"]
        else:
            bad["Resources"]["Db"]["Properties"]["AvailabilityZone"] = "eu-west-1a"
        cases.append((bad, None))
    failures = 0
    for doc, want in cases:
        got = compare(old, doc, "cfn")
        if (want == [] and got) or (want is None and not got):
            failures += 1
            print("FAIL - self-test: %s" % (got or "a change that is not in place passed"))
    if not failures:
        print("ok - self-test: the comparison tells in-place settings from other changes")
    return failures


def main():
    failed = self_test()
    for spec in sorted(glob.glob(os.path.join(OLD, "*.yaml"))):
        base = spec[:-len(".yaml")]
        for out in sorted(glob.glob(base + ".*json")):
            m = re.fullmatch(re.escape(base) + r"(?:\.env-([a-z0-9-]+))?\.(cfn|tf)\.json", out)
            if not m:
                continue
            env, target = m.group(1), m.group(2)
            args = [VPCGEN, "-t", target] + (["-e", env] if env else []) + [spec]
            run = subprocess.run(args, capture_output=True, text=True)
            label = "%s%s (%s)" % (os.path.basename(base), " -e " + env if env else "", target)
            if run.returncode != 0:
                print("FAIL - %s: exit status %d" % (label, run.returncode))
                print(run.stderr[:2000])
                failed += 1
                continue
            with open(out, encoding="utf-8") as f:
                old = json.load(f)
            bad = compare(old, json.loads(run.stdout), target)
            if bad:
                print("FAIL - %s differs from 1.0.0 beyond in-place settings:" % label)
                for line in bad[:20]:
                    print("  " + line)
                failed += 1
            else:
                print("ok - %s: 1.0.0's stack, changed only in place" % label)
    print("done")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
