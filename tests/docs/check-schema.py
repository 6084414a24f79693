#!/usr/bin/python3
"""check-schema.py - schema/vpcgen.schema.json judged by an independent JSON Schema validator.

The compiler validates specs with its own engine (generator/schema.c). Editors validate them
with whatever their YAML language server uses. This test makes a third, unrelated
implementation (Debian's python3-jsonschema, Draft202012Validator) agree with the compiler on
the cases where they must agree:

  - the schema itself is a valid draft 2020-12 schema (check_schema);
  - every example (examples/*.yaml) is accepted;
  - every structurally invalid catalogue case (tests/diag/schema-*.yaml, keys-*.yaml) is
    rejected;
  - every semantic catalogue case (tests/diag/model-*.yaml, target-*.yaml) is accepted: the
    compiler reports those problems after the schema has passed, so an editor must not flag
    them as schema errors either.

Skipped, with the reason printed:
  - yaml11-*: these rules are about how a scalar is *written* (010, 0o10, 0x50, 1e3, yes, a
    quoted "1"); once loaded, 010 is just the integer 10 and 1e3 the number 1000, which JSON
    Schema counts as an integer. They need the compiler's YAML 1.2 loader, not a schema.
  - yaml-*, encoding-*, input-*: rules of the loader (anchors, tags, duplicate keys, depth,
    size, UTF-8), below anything a schema can see.

YAML is read with PyYAML (python3-yaml) through Core12Loader below: PyYAML implements YAML 1.1,
where yes/no/on/off are booleans, 010 is 8, 1:20 is 80 and 2024-01-01 is a date. Core12Loader
resolves plain scalars with the YAML 1.2 core schema instead, as the compiler does (null: ~,
null, empty; bool: true/false in three spellings; int: decimal, 0o, 0x; float; everything else
a string), refuses duplicate keys, and never builds anything but JSON values.

A map with a non-string key (keys-non-string-*) is no JSON object at all, so no JSON Schema
can judge it: it is rejected here before validation, as the compiler's schema pass does
("keys must be strings"). An editor that turns the key into a string may accept it.

Run: /usr/bin/python3 tests/docs/check-schema.py   (prints ok/FAIL/skip lines, then "done")
"""
import glob
import json
import math
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # the Debian packages python3-jsonschema and python3-yaml
    print("FAIL - missing Python module: %s (apt-get install python3-jsonschema python3-yaml)"
          % e.name)
    print("done")
    sys.exit(1)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


class Core12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema's scalar resolution."""


Core12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"(?:~|null|Null|NULL|)\Z", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"(?:true|True|TRUE|false|False|FALSE)\Z", list("tTfF")),
    ("tag:yaml.org,2002:int", r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z", list("-+.0123456789")),
]
for _tag, _regexp, _first in _RESOLVERS:
    Core12Loader.add_implicit_resolver(_tag, re.compile(_regexp), _first)


def _bool(loader, node):
    return loader.construct_scalar(node) in ("true", "True", "TRUE")


def _int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)  # "010" is 10, as YAML 1.2 says


def _float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    return math.nan if text == ".nan" else float(text)


def _mapping(loader, node):
    out = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise ValueError("keys must be strings; found %r at line %d"
                             % (key, key_node.start_mark.line + 1))
        if key in out:
            raise ValueError("duplicate key %r at line %d" % (key, key_node.start_mark.line + 1))
        out[key] = loader.construct_object(value_node, deep=True)
    return out


Core12Loader.add_constructor("tag:yaml.org,2002:bool", _bool)
Core12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _float)
Core12Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def load(path):
    """The spec at path as a JSON value, or raises ValueError / yaml.YAMLError."""
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Core12Loader)


def main():
    os.chdir(ROOT)
    passed = failed = 0

    def ok(msg):
        nonlocal passed
        passed += 1
        print("ok - " + msg)

    def fail(msg, detail=None):
        nonlocal failed
        failed += 1
        print("FAIL - " + msg)
        if detail:
            print("  " + detail)

    # The loader itself: YAML 1.2 core, not YAML 1.1.
    probe = yaml.load("a: yes\nb: 010\nc: 0o10\nd: 1:20\ne: 2024-01-01\nf: 1_000\ng: True\n",
                      Loader=Core12Loader)
    want = {"a": "yes", "b": 10, "c": 8, "d": "1:20", "e": "2024-01-01", "f": "1_000", "g": True}
    if probe == want:
        ok("the YAML loader resolves scalars with the YAML 1.2 core schema")
    else:
        fail("the YAML loader resolves scalars with the YAML 1.2 core schema", repr(probe))

    with open("schema/vpcgen.schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        ok("schema/vpcgen.schema.json is a valid JSON Schema (draft 2020-12)")
    except jsonschema.exceptions.SchemaError as e:
        fail("schema/vpcgen.schema.json is a valid JSON Schema (draft 2020-12)", e.message)
        print("done")
        return 1
    validator = jsonschema.Draft202012Validator(schema)

    def errors(path):
        """Schema errors of the spec at path (the loader's refusal counts as one)."""
        try:
            doc = load(path)
        except (ValueError, yaml.YAMLError) as e:
            return ["not a JSON document: %s" % str(e).splitlines()[0]]
        return ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(root)", e.message)
                for e in validator.iter_errors(doc)]

    for path in sorted(glob.glob("examples/*.yaml")):
        errs = errors(path)
        if errs:
            fail("accepts %s" % path, "; ".join(errs))
        else:
            ok("accepts %s" % path)

    for path in sorted(glob.glob("tests/diag/*.yaml")):
        name = os.path.basename(path)[:-5]
        kind = name.split("-")[0]
        if kind in ("schema", "keys"):
            errs = errors(path)
            if errs:
                first = errs[0] if len(errs[0]) <= 100 else errs[0][:97] + "..."
                ok("rejects %s (%s)" % (path, first))
            else:
                fail("rejects %s" % path, "the validator accepts it; the compiler does not")
        elif kind in ("model", "target"):
            errs = errors(path)
            if errs:
                fail("accepts %s (its error is semantic)" % path, "; ".join(errs))
            else:
                ok("accepts %s (its error is semantic)" % path)
        elif kind == "yaml11":
            print("skip - %s: a rule on how a scalar is written in YAML, invisible once loaded"
                  % path)
        else:
            print("skip - %s: a rule of the YAML loader, below the schema" % path)

    print("done")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
