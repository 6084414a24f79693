#!/usr/bin/env python3
"""check-language.py - every property of the schema is documented in docs/language.md.

Walks schema/vpcgen.schema.json from the root, following $ref, oneOf/anyOf/allOf branches,
array items and additionalProperties, and lists every property path. Each path must appear
in docs/language.md in the recognisable form:

    a Markdown table row whose first cell is the path in backticks:
        | `network.flow_logs.retention_days` | integer | `365` | ... |
    or a heading that holds the path in backticks:
        ### `network.subnets.public`

Paths are property names joined by dots; `[]` stands for the items of an array
(`network.subnets.public[].cidr`) and `<name>` for the keys of a map whose values are
objects with properties (`environments.<name>.network`). A $def used in several places is
walked once: its properties are documented under the first path that reaches it (the
schema's order), and every later place documents only its own path. So
`network.subnets.private` needs a row, and `network.subnets.public.mask` stands for the
mask of every tier.

Where the schema gives a `default`, the path's row (or, for a heading, its section up to
the next heading) must show it in backticks, written as YAML flow: `ssm`, `"17"`, `true`,
`[s3]`, `{mask: 24}`, `{}`, `""`.

Every diagnostic code the compiler can report must appear in the doc in backticks too:
the codes are read from generator/*.c (the code argument of each diag_error / diag_warning
/ diag_report / diag_info call, the codes load.c returns from its character check, and the code of each
row of a rule table, {"key.path", predicate, "code", ...}).

Prints "ok - documented PATH" / "FAIL - undocumented PATH" per property, "ok - default of
PATH" / "FAIL - ..." per default, "ok - documented code CODE" / "FAIL - undocumented code
CODE" per diagnostic code, then "done". Exit status 1 when anything failed.
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SCHEMA = os.path.join(ROOT, "schema", "vpcgen.schema.json")
DOC = os.path.join(ROOT, "docs", "language.md")

# A plain YAML scalar that YAML 1.2 core would not read as a string, or that needs quotes.
NOT_PLAIN = re.compile(r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
                       r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                       r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                       r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


def yaml_flow(v):
    """v (a JSON value) written as YAML flow, the way the doc shows defaults."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        if v == "" or NOT_PLAIN.match(v) or re.search(r"[:{}\[\],#&*!|>'\"%@`]|^[-?\s]|\s$", v):
            return json.dumps(v)
        return v
    if isinstance(v, list):
        return "[" + ", ".join(yaml_flow(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (k, yaml_flow(x)) for k, x in v.items()) + "}"
    return "null"


def resolve(schema, ref):
    assert ref.startswith("#/"), ref
    node = schema
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def walk(schema):
    """[(path, default or None, has_default)] for every property, in schema order."""
    out = []
    walked = set()  # $refs whose properties have been listed

    def visit(node, path):
        # node: a schema reached at path (its own row was recorded by the caller)
        ref = node.get("$ref")
        if ref:
            if ref in walked:
                return
            walked.add(ref)
            visit(resolve(schema, ref), path)
        for key in ("oneOf", "anyOf", "allOf"):
            for branch in node.get(key, []):
                visit(branch, path)
        if isinstance(node.get("items"), dict):
            visit(node["items"], path + "[]")
        for name, sub in node.get("properties", {}).items():
            record(path + "." + name if path else name, sub)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            target = resolve(schema, extra["$ref"]) if "$ref" in extra else extra
            if "properties" in target:
                record(path + ".<name>", extra)

    def record(path, sub):
        default = sub.get("default")
        if "default" not in sub and "$ref" in sub:
            default = resolve(schema, sub["$ref"]).get("default")
            has = "default" in resolve(schema, sub["$ref"])
        else:
            has = "default" in sub
        out.append((path, default, has))
        visit(sub, path)

    visit(schema, "")
    return out


CODE = r'"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"'


def call_args(text, start):
    """The top-level arguments of the call whose "(" is at text[start]."""
    args, depth, i, cur, quote = [], 0, start, "", None
    while i < len(text):
        ch = text[i]
        if quote:
            cur += ch
            if ch == "\\":
                cur += text[i + 1]
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            cur += ch
        elif ch == "(":
            depth += 1
            if depth > 1:
                cur += ch
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append(cur.strip())
                return args
            cur += ch
        elif ch == "," and depth == 1:
            args.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    return args


# a row of a table of rules: {"key.path", predicate, "code", ...} (the control warnings)
TABLE_ROW = r'\{\s*"[a-z_.]+",\s*\w+,\s*' + CODE


def codes_of(calls):
    """The codes of the diagnostics in generator/*.c reported by the diag_CALL calls named in
    calls (and the rows of rule tables), sorted; with "error", also the codes load.c returns
    from its character check."""
    codes = set()
    for path in glob.glob(os.path.join(ROOT, "generator", "*.c")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(r"\bdiag_(%s)\s*\(" % "|".join(calls), text):
            args = call_args(text, m.end() - 1)
            pos = 3 if m.group(1) == "report" else 2  # (d, [sev,] loc, code, fmt, ...)
            if len(args) > pos:
                codes.update(re.findall(CODE, args[pos]))
        if "error" in calls:  # load.c's character check returns its code
            codes.update(re.findall(r"(?:return|code\s*=)\s*" + CODE, text))
        codes.update(re.findall(TABLE_ROW, text))
    return sorted(codes)


def diagnostic_codes():
    """The codes of every diagnostic in generator/*.c, sorted."""
    return codes_of(["error", "warning", "report", "info"])


def warning_codes():
    """The codes of every warning in generator/*.c: diag_warning calls and the rows of the
    control-warning table (model_controls.c)."""
    return codes_of(["warning"])


def check_majors_table(text):
    """The table of majors in the doc is AWS's data: the majors of generator/awsdata_gen.c's
    header and their dates in tools/awsdata/calendar.json. Returns the failures."""
    with open(os.path.join(ROOT, "tools", "awsdata", "calendar.json"), encoding="utf-8") as f:
        calendar = json.load(f)
    with open(os.path.join(ROOT, "generator", "awsdata_gen.c"), encoding="utf-8") as f:
        gen = f.read()
    failed = 0
    for engine in ("postgres", "mysql", "mariadb"):
        m = re.search(r"^ \*   %s: (.*)$" % re.escape(engine), gen, re.M)
        cells = []
        for major in m.group(1).split():
            d = calendar["engines"][engine]["majors"][major]
            cells.append("%s (%s%s)" % (major, d["standard_end"],
                                        "; " + d["extended_end"] if d["extended_end"] else ""))
        row = "| %s | %s |" % (engine, ", ".join(cells))
        if row in text:
            print("ok - the majors of %s in the doc are AWS's data" % engine)
        else:
            print("FAIL - the doc's majors of %s are not AWS's data: want %s" % (engine, row))
            failed += 1
    return failed


def sections(lines):
    """{path: text of its row or section} for every documented path."""
    found = {}
    for i, line in enumerate(lines):
        if line.startswith("|"):
            cells = line.strip().strip("|").split("|")
            m = re.fullmatch(r"\s*`([^`]+)`\s*", cells[0]) if cells else None
            if m and m.group(1) not in found:
                found[m.group(1)] = line
        elif line.startswith("#"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("#")),
                       len(lines))
            for p in re.findall(r"`([^`]+)`", line):
                found.setdefault(p, "\n".join(lines[i:end]))
    return found


def main():
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        with open(DOC, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        print("FAIL - cannot read docs/language.md: %s" % e.strerror)
        print("done")
        return 1
    doc = sections(lines)
    failed = 0
    for path, default, has_default in walk(schema):
        if path not in doc:
            print("FAIL - undocumented %s" % path)
            failed += 1
            continue
        print("ok - documented %s" % path)
        if has_default:
            want = "`%s`" % yaml_flow(default)
            if want in doc[path]:
                print("ok - default of %s is shown as %s" % (path, want))
            else:
                print("FAIL - default of %s: its row does not show %s" % (path, want))
                failed += 1
    text = "\n".join(lines)
    # the warnings a spec can accept are the schema's enum of accept[]: exactly the warnings
    warnings = set(warning_codes())
    enum = set(schema["$defs"]["accept"]["items"]["enum"])
    for code in sorted(warnings | enum):
        if code in warnings and code in enum:
            print("ok - warning %s can be accepted" % code)
        elif code in warnings:
            print("FAIL - warning %s is not in the schema's accept enum" % code)
            failed += 1
        else:
            print("FAIL - accept enum has %s, which is no warning's code" % code)
            failed += 1
    failed += check_majors_table(text)
    for code in diagnostic_codes():
        if "`%s`" % code in text:
            print("ok - documented code %s" % code)
        else:
            print("FAIL - undocumented code %s" % code)
            failed += 1
    print("done")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
