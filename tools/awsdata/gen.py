#!/usr/bin/env python3
"""gen.py - generate generator/awsdata_gen.c, the tables behind generator/awsdata.h.

Standard library only; runs with any Python 3.8 or later. The output is deterministic: the
same inputs give the same bytes. See tools/awsdata/README.md for the sources, how each is
read, and the caveats of their shapes.

  gen.py [--cfnlint-data DIR] [-o FILE]
      Reads cfn-lint's RDS and EC2 extension data (DIR is cfn-lint's
      src/cfnlint/data/schemas/extensions, checked against the pinned git blob hashes below),
      tools/awsdata/calendar.json and tools/awsdata/graviton.json, and prints the C tables
      (or writes them to FILE).

  gen.py calendar --eol-git GITDIR [-o FILE] [--retrieved YYYY-MM-DD]
      Re-extracts calendar.json from a git clone of endoflife-date/endoflife.date at the
      pinned commits (the product files' front matter carries the dates of AWS's pages).

  gen.py graviton --graviton-git GITDIR [--cfnlint-data DIR] [-o FILE]
      Re-extracts graviton.json from aws/aws-graviton-getting-started at the pinned commit,
      completed by the families of cfn-lint's EC2 and RDS class lists whose names carry the
      Graviton attribute letter.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CALENDAR_JSON = os.path.join(HERE, "calendar.json")
GRAVITON_JSON = os.path.join(HERE, "graviton.json")
DEFAULT_CFNLINT_DATA = ("/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/"
                        "cfnlint/data/schemas/extensions")

# ---------------------------------------------------------------------------------------
# Pins

CFNLINT = {
    "version": "1.51.0",
    "tag": "v1.51.0",
    "commit": "9c6ff05015d6b3c5404462b5209782ff20e4da95",
    "date": "2026-05-12",
    # the last commit before the tag that changed the RDS data: "Update CloudFormation
    # schemas to 2026-05-11 (#4490)"
    "data_commit": "6fc80975b",
    "data_date": "2026-05-11",
}

# git blob hashes of the files read, as in the tree of tag v1.51.0 (path under
# src/cfnlint/data/schemas/extensions/)
CFNLINT_FILES = {
    "aws_rds_dbinstance/engine_version.json": "e95c756f5cbad0dc57facd4787baad8b45dcb98f",
    "aws_rds_dbinstance/engine_version_deprecated.json": "d79555db186893e41042daf5b8fcc558a95edc4a",
    "aws_rds_dbinstance/db_instance_class.json": "32e31ea6edba25a78c9d69eb0f0c88f74ab5980d",
    "aws_rds_dbinstance/dbinstanceclass_enum.json": "88fb53601851e3626144ccecee3cacbeedfc3624",
    "aws_rds_dbcluster/engine_version.json": "b2b4fa2b439ddb37c1556f97b7552a4aeee5694e",
    "aws_rds_dbcluster/engine_version_deprecated.json": "f62e746e548842769128107092175198e7364c73",
    "aws_rds_dbcluster/dbclusterinstanceclass_enum.json": "84f381bb5183cd25fb00b29888ce91e009a8aa51",
    "aws_ec2_instance/instancetype_enum.json": "bfa52d312e3389a6509f322106dbf645709a1f78",
}

# endoflife.date: the newest commit of main that changed the product files read (their
# content is also that of main's newest commit in the snapshot, a70eca33, 2026-08-22).
EOL = {
    "repo": "endoflife-date/endoflife.date",
    "commit": "c86378a1f38e29616d2a75340cb05ba5069f100a",
    "date": "2026-08-16",
}
# Aurora MySQL is not on endoflife.date's main branch: its file exists only in unmerged pull
# requests; the newest one is taken (see README.md for the three and why).
EOL_AURORA_MYSQL = {
    "repo": "endoflife-date/endoflife.date",
    "ref": "refs/pull/10408/head",
    "commit": "b55db0c4030362226c88f083c966ca281175ec80",
    "date": "2026-07-03",
}

GRAVITON = {
    "repo": "aws/aws-graviton-getting-started",
    # the newest commit that changed README.md or optimizing.md
    "commit": "21633eaaa0084c381eac7b4db396f12b8d440361",
    "date": "2026-06-26",
}

ENGINES = ["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql"]

# endoflife.date product file, release-cycle name -> our major, per engine
EOL_PRODUCTS = {
    "postgres": "products/amazon-rds-postgresql.md",
    "mysql": "products/amazon-rds-mysql.md",
    "mariadb": "products/amazon-rds-mariadb.md",
    "aurora-postgresql": "products/amazon-aurora-postgresql.md",
    "aurora-mysql": "products/amazon-aurora-mysql.md",
}
MAJOR_FORM = {
    "postgres": r"^\d+$",
    "mysql": r"^\d+\.\d+$",
    "mariadb": r"^\d+\.\d+$",
    "aurora-postgresql": r"^\d+$",
    "aurora-mysql": r"^\d+$",
}


def die(msg):
    sys.stderr.write("gen.py: %s\n" % msg)
    sys.exit(1)


# ---------------------------------------------------------------------------------------
# Reading cfn-lint's data


def blob_sha(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def load_cfnlint(datadir, rel, check=True):
    path = os.path.join(datadir, rel)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        die("%s: %s" % (path, e.strerror))
    if check and blob_sha(raw) != CFNLINT_FILES[rel]:
        die("%s is not the pinned cfn-lint %s file (git blob %s, want %s); update the pins "
            "in gen.py and README.md, or pass --no-pin-check"
            % (path, CFNLINT["version"], blob_sha(raw), CFNLINT_FILES[rel]))
    return json.loads(raw.decode("utf-8"))


def engine_const(cond):
    eng = cond.get("properties", {}).get("Engine", {})
    return eng.get("const")


def read_engine_versions(doc, what):
    """{engine: [versions]} from engine_version.json (then: EngineVersion enum) or
    engine_version_deprecated.json (if: EngineVersion enum, then: false)."""
    out = {}
    for rule in doc["allOf"]:
        cond, then = rule["if"], rule["then"]
        eng = engine_const(cond)
        if eng is None:
            continue  # the first rule: Engine must be one of the engines
        if then is False:
            versions = cond["properties"]["EngineVersion"]["enum"]
        else:
            versions = then["properties"]["EngineVersion"]["enum"]
        if eng in out:
            die("%s: engine %s appears twice" % (what, eng))
        out[eng] = [str(v) for v in versions]
    return out


def read_version_classes(doc):
    """[(engine, matcher, classes)] from db_instance_class.json. Each rule is
    if Engine const E and EngineVersion pattern P (or enum L) [and LicenseModel ...],
    then DBInstanceClass enum C."""
    rules = []
    for rule in doc["allOf"]:
        props = rule["if"]["properties"]
        unknown = set(props) - {"Engine", "EngineVersion", "DBInstanceClass", "LicenseModel"}
        if unknown:
            die("db_instance_class.json: unknown condition %s" % sorted(unknown))
        eng = props["Engine"]["const"]
        ev = props["EngineVersion"]
        if "pattern" in ev:
            rx = re.compile(ev["pattern"])
            matcher = ("pattern", ev["pattern"], rx)
        elif "enum" in ev:
            matcher = ("enum", tuple(str(v) for v in ev["enum"]), None)
        else:
            die("db_instance_class.json: EngineVersion condition %r" % ev)
        classes = rule["then"]["properties"]["DBInstanceClass"]["enum"]
        rules.append((eng, matcher, frozenset(classes)))
    return rules


def version_matches(matcher, version):
    kind, arg, rx = matcher
    if kind == "pattern":
        return rx.search(version) is not None
    return version in arg


def read_region_classes(doc, prop):
    """{region: {engine: set(classes)}}: the union over every rule of the region (the rules
    differ by LicenseModel and repeat for Single-AZ and Multi-AZ)."""
    out = {}
    for region, body in doc.items():
        if region == "description":
            continue
        if list(body) != ["allOf"]:
            die("class enum: region %s has keys %s" % (region, sorted(body)))
        for rule in body["allOf"]:
            eng = engine_const(rule["if"])
            if eng is None:
                die("class enum: a rule of %s has no Engine const" % region)
            classes = rule["then"]["properties"][prop]["enum"]
            out.setdefault(region, {}).setdefault(eng, set()).update(classes)
    return out


# ---------------------------------------------------------------------------------------
# Versions


def version_key(v):
    """Numeric comparison, dot by dot: a component's leading digits compare as a number and
    the rest ("-rds", "-limitless") as text after it; a numeric component sorts before a
    textual one ("mysql_aurora"); a version sorts after its prefixes."""
    key = []
    for comp in v.split("."):
        m = re.match(r"(\d+)(.*)$", comp)
        if m:
            key.append((0, int(m.group(1)), m.group(2)))
        else:
            key.append((1, 0, comp))
    return tuple(key)


AURORA_MYSQL_RX = re.compile(r"^(\d+\.\d+)\.mysql_aurora\.(\d+)\.")


def major_of(engine, v):
    """(major, family) of a version, or None when the version has no major of ours."""
    if engine in ("postgres", "aurora-postgresql"):
        m = re.match(r"^(\d+)\.", v)
        return (m.group(1), engine + m.group(1)) if m else None
    if engine in ("mysql", "mariadb"):
        m = re.match(r"^(\d+\.\d+)\.", v)
        return (m.group(1), engine + m.group(1)) if m else None
    if engine == "aurora-mysql":
        m = AURORA_MYSQL_RX.match(v)
        return (m.group(2), "aurora-mysql" + m.group(1)) if m else None
    raise AssertionError(engine)


def is_synthesized(engine, v, listed):
    """cfn-lint's script adds to the lists it writes a major-only alias of each version
    (postgres and aurora-postgresql: "17"; aurora-mysql: "8.0"); RDS itself lists none.
    Such an alias has fewer components than a version of the engine and prefixes another."""
    if engine in ("postgres", "aurora-postgresql"):
        alias = re.match(r"^\d+$", v)
    elif engine == "aurora-mysql":
        alias = re.match(r"^\d+\.\d+$", v)
    else:
        alias = None
    return bool(alias) and any(w.startswith(v + ".") for w in listed)


# ---------------------------------------------------------------------------------------
# The model


def build(datadir, check):
    inst_listed = read_engine_versions(
        load_cfnlint(datadir, "aws_rds_dbinstance/engine_version.json", check), "engine_version.json")
    inst_depr = read_engine_versions(
        load_cfnlint(datadir, "aws_rds_dbinstance/engine_version_deprecated.json", check),
        "engine_version_deprecated.json")
    clu_listed = read_engine_versions(
        load_cfnlint(datadir, "aws_rds_dbcluster/engine_version.json", check),
        "dbcluster/engine_version.json")
    clu_depr = read_engine_versions(
        load_cfnlint(datadir, "aws_rds_dbcluster/engine_version_deprecated.json", check),
        "dbcluster/engine_version_deprecated.json")
    vrules = read_version_classes(
        load_cfnlint(datadir, "aws_rds_dbinstance/db_instance_class.json", check))
    inst_regions = read_region_classes(
        load_cfnlint(datadir, "aws_rds_dbinstance/dbinstanceclass_enum.json", check),
        "DBInstanceClass")
    clu_regions = read_region_classes(
        load_cfnlint(datadir, "aws_rds_dbcluster/dbclusterinstanceclass_enum.json", check),
        "DBClusterInstanceClass")

    calendar = load_json(CALENDAR_JSON)
    notes = []
    engines = []
    for eng in ENGINES:
        if eng not in inst_listed:
            die("engine %s is not in engine_version.json" % eng)
        erules = [(m, c) for (e, m, c) in vrules if e == eng]
        # what the engine is priced in anywhere (the Price List API's classes)
        priced = set()
        for r in inst_regions.values():
            priced |= r.get(eng, set())
        cluster_priced = set()
        for r in clu_regions.values():
            cluster_priced |= r.get(eng, set())

        def orderable(v):
            """Union of the classes of every rule matching v (None: no rule matches)."""
            hit = None
            for m, c in erules:
                if version_matches(m, v):
                    hit = (hit or frozenset()) | c
            return hit

        def split(listed, depr):
            """The versions of a list that are offered, and those listed but not offered,
            each as {major: (family, [versions])}; plus what was set aside."""
            offered, retired, dropped = {}, {}, []
            depr = set(depr)
            for v in listed:
                if is_synthesized(eng, v, listed):
                    continue
                mf = major_of(eng, v)
                if mf is None:
                    dropped.append(v)
                    continue
                ok = v not in depr and orderable(v) is not None
                (offered if ok else retired).setdefault(mf, []).append(v)
            return offered, retired, dropped

        offered, retired, dropped = split(inst_listed[eng], inst_depr.get(eng, []))
        for v in dropped:
            if v not in inst_depr.get(eng, []):
                die("%s %s is offered but has no major of ours" % (eng, v))
        if dropped:
            notes.append("%s: not of the major form, left out (all no longer offered): %s"
                         % (eng, ", ".join(sorted(dropped, key=version_key))))
        c_offered, _, _ = split(clu_listed.get(eng, []), clu_depr.get(eng, []))

        majors = []
        for (major, family) in sorted(offered, key=lambda mf: version_key(mf[0])):
            versions = sorted(offered[(major, family)], key=version_key)
            classes = set()
            for v in versions:
                classes |= orderable(v) & priced
            cver = sorted(c_offered.get((major, family), []), key=version_key)
            cclasses = set()
            if eng in ("postgres", "mysql"):
                for v in cver:
                    cclasses |= orderable(v) & cluster_priced
                if not cclasses:
                    cver = []  # no class to run a Multi-AZ DB cluster of this major
            cal = calendar["engines"].get(eng, {}).get("majors", {}).get(major)
            if cal is None:
                notes.append("%s %s: no release-calendar row" % (eng, major))
            majors.append({
                "major": major,
                "family": family,
                "versions": versions,
                "retired": sorted(retired.get((major, family), []), key=version_key),
                "default": None,
                "standard_end": cal["standard_end"] if cal else None,
                "extended_end": cal["extended_end"] if cal else None,
                "classes": classes,
                "cluster_versions": cver,
                "cluster_classes": cclasses,
            })
        # retired versions of majors that have no offered version are left out with them
        gone = sorted({mf[0] for mf in retired} - {m["major"] for m in majors}, key=version_key)
        if gone:
            notes.append("%s: majors without an offered version, left out: %s"
                         % (eng, ", ".join(gone)))

        regions = []
        for region in sorted(set(inst_regions) | set(clu_regions)):
            ic = inst_regions.get(region, {}).get(eng, set())
            cc = clu_regions.get(region, {}).get(eng, set())
            if ic or cc:
                regions.append({"region": region, "classes": set(ic), "cluster_classes": set(cc)})
        engines.append({"engine": eng, "majors": majors, "regions": regions})

    graviton = load_json(GRAVITON_JSON)
    families = sorted(graviton["families"])
    return engines, families, calendar, graviton, notes


def load_json(path):
    try:
        with open(path, "r", encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        die("%s: %s" % (path, e.strerror))


def check_date(s, what):
    if s is None:
        return
    if not re.match(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", s):
        die("%s: %r is not YYYY-MM-DD" % (what, s))


def data_date(calendar, graviton):
    """The one date the data describes: the newest of the dates of the source snapshots
    pinned (cfn-lint's release, and the commits of the calendar's and the families'
    sources as recorded in their JSON files)."""
    dates = [CFNLINT["date"]]
    for src in calendar["sources"]:
        dates.append(src["date"])
    dates.append(graviton["source"]["date"])
    for d in dates:
        check_date(d, "source date")
    return max(dates)


# ---------------------------------------------------------------------------------------
# Writing C


def c_str(s):
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        else:
            die("non-ASCII text %r" % s)
    return '"' + "".join(out) + '"'


def c_ident(s):
    return re.sub(r"[^A-Za-z0-9]", "_", s)


def wrap(items, indent="    ", width=96):
    """items joined by ", " and wrapped."""
    lines, cur = [], indent
    for i, it in enumerate(items):
        piece = it + ("," if i + 1 < len(items) else "")
        if len(cur) + len(piece) + 1 > width and cur.strip():
            lines.append(cur.rstrip())
            cur = indent
        cur += piece + " "
    if cur.strip():
        lines.append(cur.rstrip())
    return "\n".join(lines)


def emit(engines, families, calendar, graviton, notes):
    names = set()
    for e in engines:
        for m in e["majors"]:
            names |= m["classes"] | m["cluster_classes"]
        for r in e["regions"]:
            names |= r["classes"] | r["cluster_classes"]
    names = sorted(names)  # byte order, as strcmp
    if len(names) > 0xFFFF:
        die("too many classes for uint16_t indexes")
    index = {n: i for i, n in enumerate(names)}

    sets = {}  # tuple of indexes -> name; identical sets are emitted once

    def set_ref(classes):
        items = tuple(sorted(index[c] for c in classes))
        if not items:
            return "{NULL, 0}"
        if items not in sets:
            sets[items] = "set_%d" % len(sets)
        return "{%s, %d}" % (sets[items], len(items))

    lists = []  # (name, [strings]) in order of emission

    def list_ref(name, strings):
        if not strings:
            return "NULL, 0"
        lists.append((name, strings))
        return "%s, %d" % (name, len(strings))

    def opt(s):
        return c_str(s) if s is not None else "NULL"

    body = []
    for e in engines:
        eid = c_ident(e["engine"])
        rows = []
        for m in e["majors"]:
            mid = "%s_%s" % (eid, c_ident(m["major"]))
            rows.append("    {%s, %s,\n     %s,\n     %s,\n     %s, %s, %s,\n     %s,\n     %s,\n"
                        "     %s}," % (
                            c_str(m["major"]), c_str(m["family"]),
                            list_ref(mid + "_versions", m["versions"]),
                            list_ref(mid + "_retired", m["retired"]),
                            opt(m["default"]), opt(m["standard_end"]), opt(m["extended_end"]),
                            set_ref(m["classes"]),
                            list_ref(mid + "_cluster_versions", m["cluster_versions"]),
                            set_ref(m["cluster_classes"])))
        body.append("static const rds_major %s_majors[] = {\n%s\n};\n" % (eid, "\n".join(rows)))
        rrows = []
        for r in e["regions"]:
            rrows.append("    {%s, %s, %s}," % (c_str(r["region"]), set_ref(r["classes"]),
                                                 set_ref(r["cluster_classes"])))
        body.append("static const rds_region_classes %s_regions[] = {\n%s\n};\n"
                    % (eid, "\n".join(rrows)))

    out = []
    out.append(header_comment(calendar, graviton, notes, len(names), engines))
    out.append('#include "awsdata.h"\n')
    out.append("const char *const rds_class_names[] = {\n%s\n};\n"
               % wrap([c_str(n) for n in names]))
    out.append("const size_t rds_class_count = sizeof rds_class_names / sizeof *rds_class_names;\n")
    for items, name in sorted(sets.items(), key=lambda kv: int(kv[1].split("_")[1])):
        out.append("static const uint16_t %s[] = {\n%s\n};\n"
                   % (name, wrap([str(i) for i in items])))
    for name, strings in lists:
        out.append("static const char *const %s[] = {\n%s\n};\n"
                   % (name, wrap([c_str(s) for s in strings])))
    out.extend(body)
    erows = []
    for e in engines:
        eid = c_ident(e["engine"])
        erows.append("    {%s, %s_majors, %d, %s_regions, %d}," % (
            c_str(e["engine"]), eid, len(e["majors"]), eid, len(e["regions"])))
    out.append("const rds_engine_data rds_engines[] = {\n%s\n};\n" % "\n".join(erows))
    out.append("const size_t rds_engine_count = sizeof rds_engines / sizeof *rds_engines;\n")
    out.append("const char *const ec2_graviton_families[] = {\n%s\n};\n"
               % wrap([c_str(f) for f in families]))
    out.append("const size_t ec2_graviton_family_count =\n"
               "    sizeof ec2_graviton_families / sizeof *ec2_graviton_families;\n")
    out.append("const char aws_data_date[] = %s;\n" % c_str(data_date(calendar, graviton)))
    src_lines = sources_text(calendar, graviton)
    out.append("const char aws_data_sources[] =\n%s;\n"
               % "\n".join("    " + c_str(l + "\n") for l in src_lines))
    return "\n".join(out)


def sources_text(calendar, graviton):
    """One line per source, for vpcgen --version."""
    lines = ["cfn-lint %s (tag %s, %s, %s): RDS engine versions and instance classes"
             % (CFNLINT["version"], CFNLINT["tag"], CFNLINT["commit"][:8], CFNLINT["date"])]
    cal = []
    for s in calendar["sources"]:
        ref = s.get("ref", "main")
        ref = "PR #" + ref.split("/")[2] if ref.startswith("refs/pull/") else ref
        cal.append("%s %s, %s" % (ref, s["commit"][:8], s["date"]))
    lines.append("endoflife.date (%s): AWS's RDS and Aurora release calendars" % "; ".join(cal))
    g = graviton["source"]
    lines.append("%s (%s, %s) and cfn-lint's EC2 types: Graviton families"
                 % (g["repo"].split("/")[1], g["commit"][:8], g["date"]))
    return lines


def header_comment(calendar, graviton, notes, nclasses, engines):
    lines = [
        "awsdata_gen.c - GENERATED by tools/awsdata/gen.py from AWS-published data: do not edit.",
        "",
        "Regenerate (from the repository's root):",
        "    python3 tools/awsdata/gen.py -o generator/awsdata_gen.c",
        "(--cfnlint-data DIR if cfn-lint %s's data is elsewhere than" % CFNLINT["version"],
        " %s)." % DEFAULT_CFNLINT_DATA,
        "",
        "Sources (tools/awsdata/README.md has what is taken from each, and how):",
        "  cfn-lint %s, tag %s, commit %s (%s),"
        % (CFNLINT["version"], CFNLINT["tag"], CFNLINT["commit"], CFNLINT["date"]),
        "    its RDS data of %s (commit %s), files under" % (CFNLINT["data_date"],
                                                          CFNLINT["data_commit"]),
        "    src/cfnlint/data/schemas/extensions/:",
    ]
    lines.extend("      %s" % f for f in sorted(CFNLINT_FILES))
    for s in calendar["sources"]:
        lines.append("  %s %s, commit %s (%s):"
                     % (s["repo"], s.get("ref", "main"), s["commit"], s["date"]))
        lines.extend("      %s" % f for f in s["files"])
    lines.append("    the dates of AWS's release calendars (each date's AWS page is in "
                 "tools/awsdata/calendar.json)")
    g = graviton["source"]
    lines.append("  %s, commit %s (%s):" % (g["repo"], g["commit"], g["date"]))
    lines.extend("      %s" % f for f in g["files"])
    lines.append("")
    lines.append("aws_data_date, \"today\" for every date rule: the newest of those snapshots' "
                 "dates.")
    lines.append("default_version is NULL throughout: no AWS-published source gives it (README).")
    lines.append("")
    lines.append("%d instance classes. Majors:" % nclasses)
    lines.extend("  %s: %s" % (e["engine"], " ".join(m["major"] for m in e["majors"]))
                 for e in engines)
    if notes:
        lines.append("")
        lines.extend(notes)
    text = "\n".join((" * " + l).rstrip() for l in lines)
    return "/*\n" + text.replace("*/", "* /") + "\n */\n"


# ---------------------------------------------------------------------------------------
# Extraction of the derived JSON files


def git_show(gitdir, commit, path):
    try:
        return subprocess.run(["git", "-C", gitdir, "show", "%s:%s" % (commit, path)],
                              check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE).stdout.decode("utf-8")
    except subprocess.CalledProcessError as e:
        die("git show %s:%s in %s: %s" % (commit, path, gitdir, e.stderr.decode().strip()))


def front_matter(text):
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if not m:
        die("no front matter")
    return m.group(1)


def eol_releases(text):
    """The releases of an endoflife.date product file, as dicts of their scalar fields."""
    fm = front_matter(text)
    page = re.search(r"^releasePolicyLink:\s*(\S+)", fm, re.M)
    rel = fm.split("\nreleases:\n", 1)
    if len(rel) != 2:
        die("no releases")
    out = []
    for block in re.split(r"\n  - ", "\n" + rel[1])[1:]:
        fields = {}
        for line in block.split("\n"):
            m = re.match(r"^\s*(\w+):\s*(.*?)\s*(#.*)?$", line)
            if m:
                fields[m.group(1)] = m.group(2).strip('"')
        out.append(fields)
    return (page.group(1) if page else None), out


AWS_PAGES = {
    "postgres": "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/"
                "postgresql-release-calendar.html",
    "mysql": "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
             "MySQL.Concepts.VersionMgmt.html",
    "mariadb": "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
               "MariaDB.Concepts.VersionMgmt.html",
    "aurora-postgresql": "https://docs.aws.amazon.com/AmazonRDS/latest/"
                         "AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html",
    "aurora-mysql": "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/"
                    "AuroraMySQL.release-calendars.html",
}

# Dates checked against an AWS page directly (not only through endoflife.date): engine,
# major, field -> (page, what it says)
AWS_CONFIRMED = {
    ("aurora-mysql", "2", "standard_end"): (
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/"
        "AuroraMySQL.Updates.20Updates.html",
        "Aurora MySQL version 2 reached the end of standard support on October 31, 2024"),
}


def extract_calendar(gitdir, retrieved):
    cal = {
        "description": "End of RDS (Aurora) standard support and of RDS Extended Support per "
                       "engine and major, from AWS's release-calendar pages, carried by "
                       "endoflife.date's product files. Written by `gen.py calendar`.",
        "retrieved": retrieved,
        "sources": [
            dict(EOL, ref="main", files=[EOL_PRODUCTS[e] for e in ENGINES if e != "aurora-mysql"]),
            dict(EOL_AURORA_MYSQL, files=[EOL_PRODUCTS["aurora-mysql"]]),
        ],
        "engines": {},
    }
    for eng in ENGINES:
        src = EOL_AURORA_MYSQL if eng == "aurora-mysql" else EOL
        path = EOL_PRODUCTS[eng]
        page, releases = eol_releases(git_show(gitdir, src["commit"], path))
        if page != AWS_PAGES[eng]:
            die("%s: releasePolicyLink %s, expected %s" % (path, page, AWS_PAGES[eng]))
        carrier = "%s %s@%s" % (src["repo"], path, src["commit"][:10])
        majors = {}
        for r in releases:
            cyc = r.get("releaseCycle", "")
            if not re.match(MAJOR_FORM[eng], cyc):
                continue  # RDS for MySQL's file also has rows of minor versions
            std = r.get("eol")
            ext = r.get("eoes")
            if not std or not re.match(r"^\d{4}-\d\d-\d\d$", std):
                continue
            row = {"standard_end": std, "standard_end_source": page}
            if ext and re.match(r"^\d{4}-\d\d-\d\d$", ext):
                row["extended_end"] = ext
                row["extended_end_source"] = page
            else:
                row["extended_end"] = None
                row["extended_end_source"] = (
                    None if eng == "mariadb" else "%s (endoflife.date eoes: %s)" % (page, ext))
            row["carrier"] = carrier
            for field in ("standard_end", "extended_end"):
                conf = AWS_CONFIRMED.get((eng, cyc, field))
                if conf:
                    row[field + "_confirmed"] = {"page": conf[0], "says": conf[1]}
            majors[cyc] = row
        entry = {"page": page, "carrier": carrier, "majors": majors}
        if eng == "mariadb":
            entry["note"] = "RDS for MariaDB has no RDS Extended Support."
        if eng == "aurora-mysql":
            entry["note"] = (
                "Not on endoflife.date's main branch: taken from its newest pull request "
                "(#10408, 2026-07-03). PRs #9534 (2026-03-09) and #10139 (2026-06-08) give "
                "2027-02-28 for the end of Extended Support of version 2; #10408 gives "
                "2029-06-30, as main's RDS for MySQL 5.7 row does since the bot's scrape of "
                "AWS's page on 2026-06-20 (it was 2027-02-28 before). The standard-support "
                "dates agree in all three.")
        cal["engines"][eng] = entry
    return cal


GRAVITON_ATTR_RX = re.compile(r"^([a-z]+)(\d+)([a-z]*)$")


def graviton_by_name(family):
    """EC2's naming: family letters, generation, attribute letters; the attribute 'g' means
    AWS Graviton. Names with a hyphen (u7i-12tb, mac2-m2, m7i-flex) carry none."""
    m = GRAVITON_ATTR_RX.match(family)
    return bool(m) and "g" in m.group(3)


def extract_graviton(gitdir, datadir, check):
    readme = git_show(gitdir, GRAVITON["commit"], "README.md")
    row = [l for l in readme.split("\n") if l.startswith("Instances")]
    if len(row) != 1:
        die("README.md: no single 'Instances' row in the processor table")
    documented = {}
    for text in re.findall(r"\[([A-Za-z0-9/]+)\]\(", row[0]):
        for fam in text.split("/"):
            documented[fam.lower()] = "README.md: table 'Building for Graviton', row Instances"
    optimizing = git_show(gitdir, GRAVITON["commit"], "optimizing.md")
    if re.search(r"Graviton-based EC2 A1 instances", optimizing):
        documented["a1"] = "optimizing.md: 'AWS Graviton-based EC2 A1 instances'"
    else:
        die("optimizing.md no longer names A1")

    ec2 = load_cfnlint(datadir, "aws_ec2_instance/instancetype_enum.json", check)
    ec2_fams = set()
    for region, body in ec2.items():
        if isinstance(body, dict):
            ec2_fams |= {t.split(".")[0] for t in body.get("enum", [])}
    rds_fams = set()
    for rel, prop in (("aws_rds_dbinstance/dbinstanceclass_enum.json", "DBInstanceClass"),
                      ("aws_rds_dbcluster/dbclusterinstanceclass_enum.json",
                       "DBClusterInstanceClass")):
        for region in read_region_classes(load_cfnlint(datadir, rel, check), prop).values():
            for classes in region.values():
                rds_fams |= {c.split(".")[1] for c in classes if c.count(".") == 2}
    for fam in documented:
        if fam != "a1" and not graviton_by_name(fam):
            die("documented Graviton family %s does not carry the attribute g" % fam)
    families = {}
    for fam in sorted(set(documented) | {f for f in ec2_fams | rds_fams if graviton_by_name(f)}):
        srcs = []
        if fam in documented:
            srcs.append("%s %s" % (GRAVITON["repo"], documented[fam]))
        if fam in ec2_fams and graviton_by_name(fam):
            srcs.append("cfn-lint %s aws_ec2_instance/instancetype_enum.json (EC2 family, "
                        "attribute g)" % CFNLINT["version"])
        if fam in rds_fams and graviton_by_name(fam):
            srcs.append("cfn-lint %s RDS class enums (db.%s.*, attribute g)"
                        % (CFNLINT["version"], fam))
        families[fam] = srcs
    return {
        "description": "AWS Graviton (arm64) instance families, EC2's and the RDS-only ones "
                       "(db.x2g), for awsdata_is_graviton. Written by `gen.py graviton`.",
        "source": dict(GRAVITON, files=["README.md", "optimizing.md"]),
        "also_from": "cfn-lint %s (%s) aws_ec2_instance/instancetype_enum.json and the RDS "
                     "class enums: every family whose attribute letters (after the generation "
                     "digit) include g, EC2's mark of AWS Graviton processors"
                     % (CFNLINT["version"], CFNLINT["commit"]),
        "families": families,
    }


def write(path, text):
    if path in (None, "-"):
        sys.stdout.write(text)
        return
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", nargs="?", default="c", choices=["c", "calendar", "graviton"])
    ap.add_argument("--cfnlint-data", default=DEFAULT_CFNLINT_DATA)
    ap.add_argument("--no-pin-check", action="store_true",
                    help="accept cfn-lint files other than the pinned ones")
    ap.add_argument("--eol-git", help="git dir of endoflife-date/endoflife.date")
    ap.add_argument("--graviton-git", help="git dir of aws/aws-graviton-getting-started")
    ap.add_argument("--retrieved", help="the calendar's retrieved date (default: today, UTC)")
    ap.add_argument("-o", "--out", help="output file (default: stdout)")
    a = ap.parse_args(argv)
    check = not a.no_pin_check
    if a.command == "calendar":
        if not a.eol_git:
            die("calendar needs --eol-git")
        import datetime
        retrieved = a.retrieved or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        cal = extract_calendar(a.eol_git, retrieved)
        write(a.out, json.dumps(cal, indent=2, sort_keys=True) + "\n")
        return
    if a.command == "graviton":
        if not a.graviton_git:
            die("graviton needs --graviton-git")
        g = extract_graviton(a.graviton_git, a.cfnlint_data, check)
        write(a.out, json.dumps(g, indent=2, sort_keys=True) + "\n")
        return
    engines, families, calendar, graviton, notes = build(a.cfnlint_data, check)
    for e in engines:
        for m in e["majors"]:
            check_date(m["standard_end"], "%s %s standard_end" % (e["engine"], m["major"]))
            check_date(m["extended_end"], "%s %s extended_end" % (e["engine"], m["major"]))
            if m["standard_end"] and m["extended_end"] and m["standard_end"] > m["extended_end"]:
                die("%s %s: standard support ends after Extended Support"
                    % (e["engine"], m["major"]))
    write(a.out, emit(engines, families, calendar, graviton, notes))


if __name__ == "__main__":
    main(sys.argv[1:])
