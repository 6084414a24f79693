#!/usr/bin/env python3
"""reserved.py - generate generator/reserved_gen.c, the master user names RDS refuses.

Standard library only; runs with any Python 3.8 or later. The output is deterministic: the
same inputs give the same bytes. tools/awsdata/README.md ("Reserved master user names") has
the sources, what is taken from each and what could not be found.

  reserved.py [-o FILE]
      Reads tools/awsdata/reserved.json and prints the C arrays (or writes them to FILE).

  reserved.py json --pg-tarball FILE --mysql-docs-git GITDIR --mariadb-docs-git GITDIR
                   [--retrieved YYYY-MM-DD] [-o FILE]
      Re-extracts reserved.json from the pinned sources: PostgreSQL 18.6's release tarball
      (Debian's postgresql-18_18.6.orig.tar.bz2), git clones of tavaresgerson/mysql-docs and
      mariadb-corporation/mariadb-docs (bare clones do). Every file read is checked against
      its pinned git blob hash, the tarball against its SHA-256.

RDS publishes no list of its own: CreateDBInstance and CreateDBCluster say of MasterUsername
only "Can't be a reserved word for the chosen database engine". The lists are therefore the
engines' own reserved words, the roles RDS creates, and the names a deployment was seen to
refuse, each group with its source.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
RESERVED_JSON = os.path.join(HERE, "reserved.json")

ENGINES = ["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql"]
# an Aurora engine takes its base engine's list and adds its own rules
BASE = {"aurora-postgresql": "postgres", "aurora-mysql": "mysql"}

# The newest MariaDB major RDS offers, in cfn-lint 1.51.0's data (generator/awsdata_gen.c:
# mariadb 10.5 10.6 10.11 11.4 11.8). Words the MariaDB page marks as reserved only from a
# later release are left out.
MARIADB_NEWEST_RDS_MAJOR = (11, 8)

# ---------------------------------------------------------------------------------------
# Pins

PG = {
    "name": "PostgreSQL 18.6 release tarball",
    "file": "postgresql-18_18.6.orig.tar.bz2",
    "sha256": "555610c24d53e4316da5b7d3fc25c279d96856d5e0e23ee308c328c5fa881d9f",
    "carrier": "Debian source package postgresql-18 18.6-3 (sid), its .orig.tar.bz2 "
               "(the upstream tarball; apt-get source --download-only postgresql-18)",
    "version": "18.6",
    "upstream": "postgres/postgres, tag REL_18_6",
    "top": "postgresql-18.6/",
}
# git blob hashes of the files read from the tarball
PG_FILES = {
    "src/include/parser/kwlist.h": "a4af3f717a1118e4b3561786c9f642c2ca5772d5",
    "src/backend/parser/gram.y": "03c80eaaf22a74fa2a4a6b977e394d3bc34ffb46",
    "src/backend/commands/user.c": "5ce8ffa863a725eca8ad96f4ee1c0f9ba51e5232",
    "src/backend/catalog/catalog.c": "59caae8f1bc232a84a5ed4858e750bfa65487ecf",
}

# A markdown copy of Oracle's MySQL Reference Manuals (Oracle's own pages could not be read
# whole here, and the mysql-server sources at 8.4 could not be had: see README.md).
MYSQL_DOCS = {
    "repo": "tavaresgerson/mysql-docs",
    "commit": "f44f3499a189ce8a33542a4cb7dbb68464141c59",
    "date": "2026-06-23",
}
MYSQL_80 = {
    "path": "v8/en/12_Language_Structure/03_Keywords_and_Reserved_Words.md",
    "blob": "0e77da7d3a2d3ef38073ae3b20c7591c86735b98",
    "page": "https://dev.mysql.com/doc/refman/8.0/en/keywords.html",
    "manual": "MySQL 8.0 Reference Manual, through release 8.0.44",
    "section": "### MySQL 8.0 Keywords and Reserved Words",
}
MYSQL_95 = {
    "path": "v9/en/12_Language_Structure/03_Keywords_and_Reserved_Words.md",
    "blob": "770368120da1a4a9f0010c572360c4624554e442",
    "page": "https://dev.mysql.com/doc/refman/9.5/en/keywords.html",
    "manual": "MySQL 9.5 Reference Manual (9.5.0 Innovation release)",
    "section": "### MySQL 9.5 Keywords and Reserved Words",
    "new_section": "### MySQL 9.5 New Keywords and Reserved Words",
    "removed_none": "There are no keywords removed between MySQL 8.4-9.5.",
}
MARIADB_DOCS = {
    "repo": "mariadb-corporation/mariadb-docs",
    "commit": "97b0d93e244bf89115e2b642578c1690c2395ee8",
    "date": "2026-08-21",
    "path": "server/reference/sql-structure/sql-language-structure/reserved-words.md",
    "blob": "8a0567e0b1c4bcc4f59af6105b5673c217353aac",
    "file_commit": "4aabbf2e13fb3dc2f536cf51ffa01f4e56514a62",
    "file_date": "2026-08-20",
    "page": "https://mariadb.com/docs/server/reference/sql-structure/sql-language-structure/"
            "reserved-words (formerly https://mariadb.com/kb/en/reserved-words/)",
}

RDS_GUIDE_GIT = {
    "repo": "awsdocs/amazon-rds-user-guide",
    "commit": "f2e9ed35fba2cb7e3942a1c23ed5b37162222d41",
    "date": "2023-06-15",
}
AURORA_GUIDE_GIT = {
    "repo": "awsdocs/amazon-aurora-user-guide",
    "commit": "7a931b460fab44aa012879002cf8c0e1a2a1d70e",
    "date": "2023-06-15",
}
CFNLINT_PR = {
    "repo": "aws-cloudformation/cfn-lint",
    "pull_request": 4425,
    "commit": "9129769d7",
    "url": "https://github.com/aws-cloudformation/cfn-lint/pull/4425",
    "date": "2026-03-26",
}

# ---------------------------------------------------------------------------------------
# The groups written from prose (no machine-readable source): each with its source.


def static_groups(retrieved):
    pr = dict(CFNLINT_PR)
    return [
        {
            "id": "rds-admin-user",
            "engines": ENGINES,
            "names": ["rdsadmin"],
            "prefixes": [],
            "source": pr,
            "retrieved": retrieved,
            "how": "cfn-lint PR #4425 blocks MasterUsername rdsadmin on every engine; its "
                   "author verified against real deployments: \"rdsadmin on both engines -> "
                   "fails\" (aurora-postgresql, aurora-mysql).",
        },
        {
            "id": "postgres-admin",
            "engines": ["postgres", "aurora-postgresql"],
            "names": ["admin"],
            "prefixes": [],
            "source": dict(pr, also={
                "repo": "aws/aws-cdk",
                "pull_request": 5125,
                "url": "https://github.com/aws/aws-cdk/pull/5125",
                "date": "2019-11-20",
                "error": "MasterUsername admin cannot be used as it is a reserved word used "
                         "by the engine (Service: AmazonRDS; Status Code: 400; Error Code: "
                         "InvalidParameterValue)",
            }),
            "retrieved": retrieved,
            "how": "cfn-lint PR #4425 blocks admin on aurora-postgresql and postgresql: "
                   "\"admin on aurora-postgresql -> fails (reserved word used by the "
                   "engine)\"; aws-cdk PR #5125 shows RDS's error for aurora-postgresql.",
        },
        {
            "id": "rds-postgres-roles",
            "engines": ["postgres"],
            "names": ["rds_ad", "rds_iam", "rds_password", "rds_replication", "rds_superuser",
                      "rdsadmin", "rdstopmgr"],
            "prefixes": [],
            "source": {
                "title": "Amazon RDS User Guide, \"Understanding PostgreSQL roles and "
                         "permissions\" and \"Database authentication with Amazon RDS\"",
                "url": "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
                       "Appendix.PostgreSQL.CommonDBATasks.Roles.html",
                "copy": dict(RDS_GUIDE_GIT, paths=[
                    "doc_source/Appendix.PostgreSQL.CommonDBATasks.Roles.md",
                    "doc_source/database-authentication.md"]),
            },
            "retrieved": retrieved,
            "how": "The roles RDS creates on every RDS for PostgreSQL instance: \"some of the "
                   "other predefined roles that are created automatically for a new RDS for "
                   "PostgreSQL DB instance\" (rds_password, rdsadmin, rdstopmgr), "
                   "rds_superuser and rds_replication (the \\du output shown: rds_superuser is "
                   "a member of rds_replication and rds_password), rds_iam and rds_ad (\"assign "
                   "the rds_iam role\", \"assign the rds_ad role\"). Inferred, not seen: a "
                   "master user of such a name would collide with the existing role; no "
                   "source shows RDS's answer to it.",
        },
        {
            "id": "aurora-postgres-roles",
            "engines": ["aurora-postgresql"],
            "names": ["rds_ad", "rds_iam", "rds_password", "rds_replication", "rds_superuser",
                      "rdsadmin"],
            "prefixes": [],
            "source": {
                "title": "Amazon Aurora User Guide, \"Understanding PostgreSQL roles and "
                         "permissions\" and \"Database authentication with Amazon Aurora\"",
                "url": "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/"
                       "Appendix.PostgreSQL.CommonDBATasks.Roles.html",
                "copy": dict(AURORA_GUIDE_GIT, paths=[
                    "doc_source/Appendix.PostgreSQL.CommonDBATasks.Roles.md",
                    "doc_source/database-authentication.md"]),
            },
            "retrieved": retrieved,
            "how": "As rds-postgres-roles, for Aurora PostgreSQL (whose page names no "
                   "rdstopmgr). Inferred in the same way.",
        },
    ]


# Names a source shows RDS accepting: the generator stops if a list refuses one.
ALLOWED = [
    {"engines": ["mysql", "aurora-mysql"], "name": "admin",
     "source": "cfn-lint PR #4425: \"admin on aurora-mysql -> succeeds (not reserved)\""},
    {"engines": ["postgres", "aurora-postgresql"], "name": "postgres",
     "source": "cfn-lint PR #4425: \"postgres on aurora-postgresql -> succeeds (not "
               "reserved)\"; the RDS User Guide: \"By default, its name is postgres\""},
]

NOT_FOUND = [
    "MySQL 8.4 from a primary source: Oracle's refman 8.4 \"Keywords and Reserved Words\" "
    "page is only reachable here in excerpts, the mysql-server repository (4.3 GB) cannot "
    "be fetched, and its indexed sql/lex.h and sql/sql_yacc.yy are not of 8.4. The 8.4 list "
    "is derived from the MySQL 9.5 manual's list and its \"added in 9.5, compared to MySQL "
    "8.4\" section, in a third-party markdown copy of the manuals.",
    "Whether RDS refuses root as the master user of MySQL or MariaDB: no source found says "
    "either way; root is not refused here.",
    "Whether RDS compares MasterUsername with its reserved words without letter case: no "
    "source says. cfn-lint's rules compare exactly; vpcgen compares without case (see "
    "compare).",
    "RDS's own MySQL/MariaDB accounts besides rdsadmin (such as rdsrepladmin, seen in the "
    "User Guide's example output of mysql.rds_replica_status): no source says they are "
    "refused; not listed.",
    "A reserved-word list for Aurora MySQL or Aurora PostgreSQL of their own: none found; they "
    "take their base engine's list.",
]

COMPARE = {
    "case": "insensitive",
    "why": "No source says how RDS compares. PostgreSQL matches key words without letter case "
           "(src/common/kwlookup.c: \"applying an ASCII-only downcasing to the input "
           "characters\") and folds an unquoted identifier to lower case (src/backend/parser/"
           "scan.l: downcase_truncate_identifier); the MySQL and MariaDB lists are written in "
           "upper case. vpcgen therefore refuses a listed name in any letter case, the stricter "
           "choice. PostgreSQL's own pg_ check (IsReservedName, src/backend/catalog/catalog.c) "
           "is case-sensitive; vpcgen refuses PG_ too.",
}

# ---------------------------------------------------------------------------------------


def die(msg):
    sys.stderr.write("reserved.py: %s\n" % msg)
    sys.exit(1)


def blob_sha(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def checked(name, data, want):
    got = blob_sha(data)
    if got != want:
        die("%s is not the pinned file (git blob %s, want %s); update the pins in reserved.py "
            "and README.md" % (name, got, want))
    return data.decode("utf-8")


def git_blob(gitdir, commit, path, want):
    try:
        data = subprocess.run(["git", "--git-dir", gitdir, "show", "%s:%s" % (commit, path)],
                              check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        die("git show %s:%s in %s: %s" % (commit, path, gitdir,
                                           getattr(e, "stderr", b"").decode().strip() or e))
    return checked("%s:%s" % (commit, path), data, want)


NAME_RX = re.compile(r"^[a-z_][a-z0-9_$]*$")


def norm(words, what):
    out = sorted(set(w.lower() for w in words))
    for w in out:
        if not NAME_RX.match(w):
            die("%s: unexpected word %r" % (what, w))
    return out


# ---- PostgreSQL ------------------------------------------------------------------------


def pg_read(tarball):
    h = hashlib.sha256()
    try:
        with open(tarball, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as e:
        die("%s: %s" % (tarball, e.strerror))
    if h.hexdigest() != PG["sha256"]:
        die("%s is not the pinned tarball (sha256 %s, want %s)"
            % (tarball, h.hexdigest(), PG["sha256"]))
    texts = {}
    with tarfile.open(tarball, "r:*") as tf:
        for rel, blob in PG_FILES.items():
            m = tf.extractfile(PG["top"] + rel)
            if m is None:
                die("%s has no %s" % (tarball, rel))
            texts[rel] = checked(rel, m.read(), blob)
    return texts


def pg_groups(texts, retrieved):
    kw = texts["src/include/parser/kwlist.h"]
    entries = re.findall(r'^PG_KEYWORD\("([^"]+)", (\w+), (\w+), (\w+)\)', kw, re.M)
    if len(entries) < 400:
        die("kwlist.h: only %d PG_KEYWORD entries" % len(entries))
    cats = set(e[2] for e in entries)
    if cats != {"UNRESERVED_KEYWORD", "COL_NAME_KEYWORD", "TYPE_FUNC_NAME_KEYWORD",
                "RESERVED_KEYWORD"}:
        die("kwlist.h: unexpected categories %s" % sorted(cats))
    reserved = norm([e[0] for e in entries if e[2] == "RESERVED_KEYWORD"], "kwlist.h")

    gram = texts["src/backend/parser/gram.y"]
    for name in ("public", "none"):
        if not re.search(r'strcmp\(\$1, "%s"\) == 0' % name, gram) or not re.search(
                r'errmsg\("role name \\"%%s\\" is reserved",\s*"%s"\)' % name, gram):
            die("gram.y: %s is no longer refused as a role name" % name)
    user = texts["src/backend/commands/user.c"]
    if 'errdetail("Role names starting with \\"pg_\\" are reserved.")' not in user:
        die("user.c: no \"Role names starting with pg_ are reserved\"")
    cat = texts["src/backend/catalog/catalog.c"]
    if not re.search(r"IsReservedName\(const char \*name\)\n\{\n[^}]*name\[0\] == 'p' &&\s*"
                     r"name\[1\] == 'g' &&\s*name\[2\] == '_'", cat):
        die("catalog.c: IsReservedName is not the pg_ check")

    src = {"name": PG["name"], "file": PG["file"], "sha256": PG["sha256"],
           "carrier": PG["carrier"], "upstream": PG["upstream"]}
    return [
        {
            "id": "postgres-reserved-keywords",
            "engines": ["postgres"],
            "names": reserved,
            "prefixes": [],
            "source": dict(src, path="src/include/parser/kwlist.h",
                           blob=PG_FILES["src/include/parser/kwlist.h"]),
            "retrieved": retrieved,
            "how": "Every PG_KEYWORD entry of category RESERVED_KEYWORD (%d of %d). The "
                   "other categories (unreserved, column-name, type/function-name) are "
                   "accepted by the grammar as role names (RoleSpec: NonReservedWord)."
                   % (len(reserved), len(entries)),
        },
        {
            "id": "postgres-role-grammar",
            "engines": ["postgres"],
            "names": ["none", "public"],
            "prefixes": [],
            "source": dict(src, path="src/backend/parser/gram.y",
                           blob=PG_FILES["src/backend/parser/gram.y"]),
            "retrieved": retrieved,
            "how": "RoleId/RoleSpec: \"public\" and \"none\" are not keywords but refused as "
                   "role names: errmsg(\"role name \\\"%s\\\" is reserved\").",
        },
        {
            "id": "postgres-pg-prefix",
            "engines": ["postgres"],
            "names": [],
            "prefixes": ["pg_"],
            "source": dict(src, paths=["src/backend/commands/user.c",
                                       "src/backend/catalog/catalog.c"],
                           blobs=[PG_FILES["src/backend/commands/user.c"],
                                  PG_FILES["src/backend/catalog/catalog.c"]]),
            "retrieved": retrieved,
            "how": "CreateRole: if (IsReservedName(stmt->role)) ... errdetail(\"Role names "
                   "starting with \\\"pg_\\\" are reserved.\"). PostgreSQL 18.6's "
                   "documentation sources say so of schema and tablespace names (CREATE "
                   "SCHEMA, CREATE TABLESPACE) but not in \"Database Roles\" or CREATE ROLE.",
        },
    ]


# ---- MySQL -------------------------------------------------------------------------------


def md_section(text, heading, what):
    i = text.find("\n" + heading + "\n")
    if i < 0:
        die("%s: no section %r" % (what, heading))
    rest = text[i + len(heading) + 2:]
    j = rest.find("\n### ")
    return rest if j < 0 else rest[:j]


MYSQL_ITEM = re.compile(r"^\* `([A-Za-z0-9_$]+)`(.*)$", re.M)


def mysql_reserved(section, what, least=100):
    items = MYSQL_ITEM.findall(section)
    if len(items) < least:
        die("%s: only %d items" % (what, len(items)))
    words = []
    for word, rest in items:
        # "(R)" right after the word marks it reserved in the manual's release; the notes after
        # ";" tell its history ("added in 8.0.17 (reserved); became nonreserved in 8.0.19")
        if rest.startswith(" (R)"):
            words.append(word)
        elif rest and not rest.startswith(";"):
            die("%s: cannot read %r" % (what, word + rest))
    return words, items


def mysql_groups(gitdir, retrieved):
    t80 = git_blob(gitdir, MYSQL_DOCS["commit"], MYSQL_80["path"], MYSQL_80["blob"])
    t95 = git_blob(gitdir, MYSQL_DOCS["commit"], MYSQL_95["path"], MYSQL_95["blob"])
    for t, what in ((t80, "8.0"), (t95, "9.5")):
        if "In addition, `_FILENAME` is reserved." not in t:
            die("MySQL %s page: no \"_FILENAME is reserved\"" % what)
    r80, _ = mysql_reserved(md_section(t80, MYSQL_80["section"], "8.0"), "MySQL 8.0 list")
    main95 = md_section(t95, MYSQL_95["section"], "9.5")
    r95, items95 = mysql_reserved(main95, "MySQL 9.5 list")
    if any("became" in rest or "removed" in rest for _, rest in items95):
        die("MySQL 9.5 list: a word changed status; the 8.4 derivation assumes none did")
    new95, _ = mysql_reserved(md_section(t95, MYSQL_95["new_section"], "9.5 new"),
                              "MySQL 9.5 new", least=1)
    if MYSQL_95["removed_none"] not in t95:
        die("MySQL 9.5 page: removed keywords since 8.4 are no longer \"none\"")
    for w in new95:
        if w not in r95:
            die("MySQL 9.5: new reserved word %s is not in the main list" % w)
    r84 = [w for w in r95 if w not in new95]

    def src(page):
        return {"title": "%s, \"Keywords and Reserved Words\"" % page["manual"],
                "url": page["page"],
                "copy": dict(MYSQL_DOCS, path=page["path"], blob=page["blob"],
                             note="a third-party markdown copy of Oracle's manual")}

    return [
        {
            "id": "mysql-8.0-reserved-words",
            "engines": ["mysql"],
            "names": norm(r80 + ["_FILENAME"], "MySQL 8.0"),
            "prefixes": [],
            "source": src(MYSQL_80),
            "retrieved": retrieved,
            "how": "The words marked (R) in \"MySQL 8.0 Keywords and Reserved Words\" (the "
                   "manual through 8.0.44: the mark is the word's status there, its history "
                   "follows), and _FILENAME (\"In addition, _FILENAME is reserved\").",
        },
        {
            "id": "mysql-8.4-reserved-words",
            "engines": ["mysql"],
            "names": norm(r84 + ["_FILENAME"], "MySQL 8.4"),
            "prefixes": [],
            "source": src(MYSQL_95),
            "retrieved": retrieved,
            "how": "Derived: the words marked (R) in \"MySQL 9.5 Keywords and Reserved Words\" "
                   "less those marked (R) in \"MySQL 9.5 New Keywords and Reserved Words\" "
                   "(\"added in MySQL 9.5, compared to MySQL 8.4\": %s); the page says \"There "
                   "are no keywords removed between MySQL 8.4-9.5\" and the 9.5 list notes no "
                   "change of status. Left out: %s." % (", ".join(new95), ", ".join(new95)),
            "excluded": norm(new95, "MySQL 9.5 new"),
        },
    ]


# ---- MariaDB -----------------------------------------------------------------------------


def mariadb_groups(gitdir, retrieved):
    t = git_blob(gitdir, MARIADB_DOCS["commit"], MARIADB_DOCS["path"], MARIADB_DOCS["blob"])
    i = t.find("\n## Reserved Words\n")
    j = t.find("\n## Exceptions\n")
    if i < 0 or j < i:
        die("MariaDB page: no \"Reserved Words\" table before \"Exceptions\"")
    rows = re.findall(r"^\| ([A-Z0-9\\_]+)(?: \((\d+)\.(\d+)\+\))? *\|$", t[i:j], re.M)
    if len(rows) < 200:
        die("MariaDB page: only %d rows" % len(rows))
    keep, later = [], []
    for word, major, minor in rows:
        word = word.replace("\\_", "_")
        if major and (int(major), int(minor)) > MARIADB_NEWEST_RDS_MAJOR:
            later.append("%s (%s.%s+)" % (word, major, minor))
        else:
            keep.append(word)
    return [{
        "id": "mariadb-reserved-words",
        "engines": ["mariadb"],
        "names": norm(keep, "MariaDB"),
        "prefixes": [],
        "source": {
            "title": "MariaDB documentation, \"Reserved Words\" (the MariaDB Knowledge Base "
                     "page)",
            "url": MARIADB_DOCS["page"],
            "copy": {"repo": MARIADB_DOCS["repo"], "commit": MARIADB_DOCS["commit"],
                     "date": MARIADB_DOCS["date"], "path": MARIADB_DOCS["path"],
                     "blob": MARIADB_DOCS["blob"],
                     "file_commit": MARIADB_DOCS["file_commit"],
                     "file_date": MARIADB_DOCS["file_date"]},
        },
        "retrieved": retrieved,
        "how": "The \"Reserved Words\" table (not \"Exceptions\", which are permitted, nor the "
               "Oracle-mode words, which apply only under sql_mode=ORACLE). Words marked as "
               "reserved only from a release after %d.%d, the newest MariaDB RDS offers, are "
               "left out: %s. The page's last commit says a wider audit found \"roughly ten "
               "more entries that may not be reserved and a dozen reserved words that are "
               "missing\", not yet corrected."
               % (MARIADB_NEWEST_RDS_MAJOR + (", ".join(later) or "none",)),
        "excluded": norm([w.split(" ")[0] for w in later], "MariaDB later"),
    }]


# ---------------------------------------------------------------------------------------
# The JSON and the C


def build_json(args):
    retrieved = args.retrieved or datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%d")
    groups = static_groups(retrieved)
    groups += pg_groups(pg_read(args.pg_tarball), retrieved)
    groups += mysql_groups(args.mysql_docs_git, retrieved)
    groups += mariadb_groups(args.mariadb_docs_git, retrieved)
    doc = {
        "about": "The master user names RDS refuses, per engine, with the source of each "
                 "group; generated by tools/awsdata/reserved.py json (see README.md). RDS's "
                 "API: MasterUsername \"Can't be a reserved word for the chosen database "
                 "engine\"; RDS publishes no list.",
        "retrieved": retrieved,
        "compare": COMPARE,
        "engines": {e: {"base": BASE.get(e),
                        "groups": [g["id"] for g in groups if e in g["engines"]]}
                    for e in ENGINES},
        "groups": groups,
        "allowed": ALLOWED,
        "not_found": NOT_FOUND,
    }
    check(doc)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def lists(doc):
    """Per engine: (names, prefixes) of its own groups; an Aurora engine's own lists leave out
    what its base engine already refuses."""
    out = {}
    for e in ENGINES:
        names, prefixes = set(), set()
        for g in doc["groups"]:
            if e in g["engines"]:
                names.update(g["names"])
                prefixes.update(g["prefixes"])
        out[e] = (names, prefixes)
    for e, base in BASE.items():
        bn, bp = out[base]
        n, p = out[e]
        out[e] = (n - bn, p - bp)
    return {e: (sorted(n), sorted(p)) for e, (n, p) in out.items()}


def refuses(ls, engine, name):
    for e in (engine, BASE.get(engine)):
        if e is None:
            continue
        n, p = ls[e]
        if name in n or any(name.startswith(x) for x in p):
            return True
    return False


def check(doc):
    if sorted(doc["engines"]) != sorted(ENGINES):
        die("reserved.json: engines %s" % sorted(doc["engines"]))
    ids = [g["id"] for g in doc["groups"]]
    if len(set(ids)) != len(ids):
        die("reserved.json: duplicate group ids")
    for g in doc["groups"]:
        for k in ("id", "engines", "names", "prefixes", "source", "retrieved", "how"):
            if k not in g:
                die("reserved.json: group %s has no %s" % (g.get("id"), k))
        if g["names"] != norm(g["names"], g["id"]) or any(not NAME_RX.match(p)
                                                          for p in g["prefixes"]):
            die("reserved.json: group %s is not lower case, sorted and unique" % g["id"])
        for e in g["engines"]:
            if e not in ENGINES:
                die("reserved.json: group %s names engine %s" % (g["id"], e))
    ls = lists(doc)
    for a in doc["allowed"]:
        for e in a["engines"]:
            if refuses(ls, e, a["name"]):
                die("%s would refuse %s, which a source shows accepted (%s)"
                    % (e, a["name"], a["source"]))


def c_name(engine):
    return engine.replace("-", "_")


def c_strings(words, indent="    ", width=96):
    lines, cur = [], indent
    for w in ['"%s"' % x for x in words] + ["NULL"]:
        piece = w + ","
        if len(cur) + len(piece) + (0 if cur == indent else 1) > width:
            lines.append(cur)
            cur = indent
        cur += ("" if cur == indent else " ") + piece
    lines.append(cur)
    return "\n".join(lines)


def emit(doc):
    ls = lists(doc)
    out = []
    w = out.append
    w("/*")
    w(" * reserved_gen.c - GENERATED by tools/awsdata/reserved.py from tools/awsdata/reserved.json:")
    w(" * do not edit.")
    w(" *")
    w(" * Regenerate (from the repository's root):")
    w(" *     python3 tools/awsdata/reserved.py -o generator/reserved_gen.c")
    w(" * and reserved.json itself from its sources (tools/awsdata/README.md, \"Reserved master")
    w(" * user names\"):")
    w(" *     python3 tools/awsdata/reserved.py json --pg-tarball postgresql-18_18.6.orig.tar.bz2 \\")
    w(" *         --mysql-docs-git MYSQL_DOCS_GIT --mariadb-docs-git MARIADB_DOCS_GIT \\")
    w(" *         -o tools/awsdata/reserved.json")
    w(" *")
    w(" * RDS publishes no list (MasterUsername: \"Can't be a reserved word for the chosen database")
    w(" * engine\"). Each array is the union of reserved.json's groups for the engine, sorted, in")
    w(" * lower case (reserved.c compares without case); an Aurora engine's arrays hold only what")
    w(" * its base engine's do not (reserved.c checks both). Groups (retrieved %s):"
      % doc["retrieved"])
    for g in doc["groups"]:
        s = g["source"]
        where = s.get("url") or ""
        if "path" in s and "file" in s:
            where = "%s %s (%s)" % (s["file"], s["path"], s["upstream"])
        elif "paths" in s and "file" in s:
            where = "%s %s (%s)" % (s["file"], ", ".join(s["paths"]), s["upstream"])
        elif "repo" in s and "pull_request" in s:
            where = "%s PR #%d, commit %s" % (s["repo"], s["pull_request"], s["commit"])
        n = len(g["names"]) + len(g["prefixes"])
        w(" *   %s: %d %s, %s" % (g["id"], n, "entry" if n == 1 else "entries",
                                  ", ".join(g["engines"])))
        w(" *     %s" % where)
        copy = s.get("copy")
        if copy:
            w(" *     copy: %s, commit %s" % (copy["repo"], copy["commit"]))
        if g.get("excluded"):
            w(" *     left out (reserved only in later releases): %s" % ", ".join(g["excluded"]))
    w(" */")
    w('#include "reserved.h"')
    w("")
    w("#include <stddef.h>")
    for e in ENGINES:
        names, prefixes = ls[e]
        w("")
        base = BASE.get(e)
        w("/* %s: %d names, %d prefixes%s */" % (e, len(names), len(prefixes),
                                                 ", besides %s's" % base if base else ""))
        w("const char *const rds_reserved_users_%s[] = {" % c_name(e))
        w(c_strings(names))
        w("};")
        w("const char *const rds_reserved_prefixes_%s[] = {" % c_name(e))
        w(c_strings(prefixes))
        w("};")
    return "\n".join(out) + "\n"


def write(text, path):
    if path:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", nargs="?", default="c", choices=["c", "json"])
    ap.add_argument("--pg-tarball", help="postgresql-18_18.6.orig.tar.bz2")
    ap.add_argument("--mysql-docs-git", help="git dir of tavaresgerson/mysql-docs")
    ap.add_argument("--mariadb-docs-git", help="git dir of mariadb-corporation/mariadb-docs")
    ap.add_argument("--retrieved", help="the retrieved date (default: today, UTC)")
    ap.add_argument("--json", default=RESERVED_JSON, help="reserved.json to read (c)")
    ap.add_argument("-o", "--out", help="output file (default: stdout)")
    args = ap.parse_args(argv)
    if args.command == "json":
        if not (args.pg_tarball and args.mysql_docs_git and args.mariadb_docs_git):
            die("json needs --pg-tarball, --mysql-docs-git and --mariadb-docs-git")
        write(build_json(args), args.out)
        return
    try:
        with open(args.json, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        die("%s: %s" % (args.json, e))
    check(doc)
    write(emit(doc), args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
