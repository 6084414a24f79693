#!/usr/bin/env python3
"""check-examples.py - the vpcgen commands shown in docs/*.md run, and print what is shown.

In every Markdown file under docs/:
  - a ```sh block whose commands are all vpcgen (or mkdir -p) is run with sh -e in a scratch
    folder and must succeed;
  - when such a block is followed directly by an untagged ``` block, that block is the
    expected output: stdout and stderr together, byte for byte (colour off);
  - a ```yaml block that starts with "vpcgen: 1" or a "# yaml-language-server" line holds a
    whole spec: it must pass `vpcgen --check`, and when an example of examples/ has the
    same `name:`, it must be that example but for comment lines. The first one of
    walkthrough.md is the scratch folder's wagtail.yaml;
  - a ```yaml block that starts with network:, bastion: or database: is a fragment of a spec:
    completed with vpcgen, name, region (the region of its AZ names, or us-east-1) and
    network: {} where it has none, it must pass `vpcgen --check` (warnings allowed).
The scratch folder holds examples/ (the repository's specs), wagtail.yaml and stacks/ with
specs that have no warnings (stacks/web.yaml has a staging environment).
Commands of AWS, Terraform, Python or the shell beyond that are not run here.

VPCGEN names the binary (default ./vpcgen). Prints "ok - ..." / "FAIL - ..." and "done".
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FENCE = re.compile(r"^```(\S*)\s*$")


def blocks(path):
    """[(tag, text, line, followed_by)] of the fenced blocks of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, tag, body = i + 1, m.group(1), []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1
        out.append([tag, "\n".join(body) + "\n", start, i])
    return out


def runnable(text):
    """True when every command of an sh block is vpcgen or mkdir -p."""
    cont = False
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not cont and not (s.startswith("vpcgen ") or s.startswith("mkdir -p ")):
            return False
        cont = s.endswith("|") or s.endswith("\\")
    return True


def main():
    binary = os.path.abspath(os.environ.get("VPCGEN", os.path.join(ROOT, "vpcgen")))
    scratch = tempfile.mkdtemp(prefix="vpcgen-docs-")
    failed = 0

    def ok(msg):
        print("ok - " + msg)

    def fail(msg, detail=""):
        nonlocal failed
        failed += 1
        print("FAIL - " + msg)
        for line in detail.splitlines()[:30]:
            print("  " + line)

    try:
        os.mkdir(os.path.join(scratch, "bin"))
        os.symlink(binary, os.path.join(scratch, "bin", "vpcgen"))
        shutil.copytree(os.path.join(ROOT, "examples"), os.path.join(scratch, "examples"),
                        ignore=shutil.ignore_patterns("*.json", "*.stderr", "ci"))
        with open(os.path.join(ROOT, "examples", "wagtail.yaml"), encoding="utf-8") as f:
            wagtail = f.read()
        os.mkdir(os.path.join(scratch, "stacks"))
        for name in ("minimal", "ssh-mysql", "explicit-subnets"):
            shutil.copy(os.path.join(ROOT, "examples", name + ".yaml"),
                        os.path.join(scratch, "stacks"))
        with open(os.path.join(scratch, "stacks", "web.yaml"), "w", encoding="utf-8") as f:
            f.write(wagtail.replace("retention_days: 90", "retention_days: 365")
                    .replace(", deletion_protection: false", "")
                    .replace(", multi_az: false", ""))
        env = dict(os.environ, NO_COLOR="1",
                   PATH=os.path.join(scratch, "bin") + os.pathsep + os.environ["PATH"])

        # walkthrough.md's spec is wagtail.yaml, first of all
        docs = sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
        walk = os.path.join(ROOT, "docs", "walkthrough.md")
        if walk in docs:
            docs.remove(walk)
            docs.insert(0, walk)
            spec = next((b[1] for b in blocks(walk) if b[0] == "yaml"), "")
            with open(os.path.join(scratch, "wagtail.yaml"), "w", encoding="utf-8") as f:
                f.write(spec)

        # the examples by stack name, without their comment lines
        comment = re.compile(r"^\s*#.*\n", re.M)
        examples = {}
        for path in glob.glob(os.path.join(ROOT, "examples", "*.yaml")):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            m = re.search(r"^name: (\S+)", text, re.M)
            if m:
                examples[m.group(1)] = (os.path.basename(path), comment.sub("", text))

        for doc in docs:
            name = os.path.basename(doc)
            bs = blocks(doc)
            for k, (tag, text, line, end) in enumerate(bs):
                where = "%s:%d" % (name, line)
                if tag == "yaml" and re.match(r"(# yaml-language-server.*\n)?vpcgen: 1\n", text):
                    r = subprocess.run(["vpcgen", "--check", "-"], input=text, text=True,
                                       capture_output=True, cwd=scratch, env=env)
                    if r.returncode == 0:
                        ok("%s: the spec passes vpcgen --check" % where)
                    else:
                        fail("%s: the spec passes vpcgen --check" % where, r.stderr)
                    m = re.search(r"^name: (\S+)", text, re.M)
                    if m and m.group(1) in examples:
                        ex, want = examples[m.group(1)]
                        if comment.sub("", text) == want:
                            ok("%s: the spec is examples/%s" % (where, ex))
                        else:
                            fail("%s: the spec is examples/%s" % (where, ex))
                if tag == "yaml" and re.match(r"(network|bastion|database):", text):
                    az = re.search(r"\b([a-z]{2}(?:-gov)?-[a-z]+-[0-9])[a-z]\b", text)
                    head = "vpcgen: 1\nname: fragment\nregion: %s\n" % (
                        az.group(1) if az else "us-east-1")
                    if not re.search(r"^network:", text, re.M):
                        head += "network: {}\n"
                    r = subprocess.run(["vpcgen", "--check", "-"], input=head + text, text=True,
                                       capture_output=True, cwd=scratch, env=env)
                    if r.returncode == 0:
                        ok("%s: the fragment passes vpcgen --check" % where)
                    else:
                        fail("%s: the fragment passes vpcgen --check" % where, r.stderr)
                if tag != "sh" or not runnable(text):
                    continue
                r = subprocess.run(["sh", "-e", "-c", text], text=True, cwd=scratch, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                first = text.strip().splitlines()[0]
                if r.returncode != 0:
                    fail("%s: %s (exit status %d)" % (where, first, r.returncode), r.stdout)
                    continue
                ok("%s: %s" % (where, first))
                nxt = bs[k + 1] if k + 1 < len(bs) else None
                with open(doc, encoding="utf-8") as f:
                    between = f.read().split("\n")[end:nxt[2] - 1] if nxt else ["x"]
                if nxt and nxt[0] == "" and not any(s.strip() for s in between):
                    if r.stdout == nxt[1]:
                        ok("%s: the output shown is the output" % where)
                    else:
                        fail("%s: the output shown is the output" % where,
                             "--- shown\n%s--- actual\n%s" % (nxt[1], r.stdout))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("done")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
