#!/usr/bin/env python3
"""check.py - proves vpcgen's output secure by default against the rule table rules.json.

usage: python3 tests/security/check.py [--vpcgen ./vpcgen] [--mutate [-v]] [--rules FILE]
                                      [--examples DIR]

Default mode: compiles every examples/*.yaml to CloudFormation and Terraform (and, for each
spec that has `environments:`, each environment with -e NAME), applies every rule of the table
and prints one line per (rule, example, target[, env]):
    ok - RULE EXAMPLE TARGET [ENV]                 (a comment after ' # ' says why when the
    FAIL - RULE EXAMPLE TARGET [ENV]: WHY           rule was not applicable or an exception)
then checks that every opt-in rule (`when`) was really applied where the spec turns it on.

--mutate: for each rule and each target it applies to, takes the compiled output of the
example named by the rule's mutation, shows the rule passes on it, flips exactly the property
the rule checks, and shows the rule fails on the mutated document:
    ok - mutation RULE TARGET [# what was flipped]
    FAIL - mutation RULE TARGET: the table did not catch it
A mutation with "expect": "pass" (and usually "spec_set") is an exemption check instead: the
change is allowed by the spec and the rule must still pass. -v prints why each was caught.

The last line is `done` when the run reached its end. Exit status: 0 all passed, 1 a check
failed, 2 usage error or an unusable rule table. Python 3 standard library only.

The condition vocabulary is documented in rules.json ("vocabulary") and README.md.
"""
import argparse
import copy
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ("cfn", "tf")
TARGET_ARG = {"cfn": "cloudformation", "tf": "terraform"}
VERBOSE = False


class TableError(Exception):
    """The rule table is malformed (exit 2)."""


# ----------------------------------------------------------------------------- spec reader
# A small reader for the YAML subset the spec language allows (spec-v1 rejects anchors,
# aliases, tags, multiple documents and complex keys): block maps, block sequences, flow maps
# and sequences, plain / single- / double-quoted scalars, comments. Used only to read the few
# spec facts the table's `when` / `scope` / exceptions depend on; vpcgen itself validates specs.

class SpecError(Exception):
    pass


def _strip_comment(line):
    out, quote, i = [], None, 0
    while i < len(line):
        c = line[i]
        if quote:
            out.append(c)
            if c == "\\" and quote == '"' and i + 1 < len(line):
                out.append(line[i + 1])
                i += 1
            elif c == quote:
                if quote == "'" and i + 1 < len(line) and line[i + 1] == "'":
                    out.append("'")
                    i += 1
                else:
                    quote = None
        elif c in "'\"" and (not out or out[-1] in " \t[{,:-"):
            quote = c
            out.append(c)
        elif c == "#" and (not out or out[-1] in " \t"):
            break
        else:
            out.append(c)
        i += 1
    return "".join(out).rstrip()


def _scalar(text):
    t = text.strip()
    if t == "":
        return None
    if t[0] == '"':
        if not t.endswith('"') or len(t) < 2:
            raise SpecError("unterminated string %s" % t)
        try:
            return json.loads(t)
        except ValueError:
            return t[1:-1]
    if t[0] == "'":
        if not t.endswith("'") or len(t) < 2:
            raise SpecError("unterminated string %s" % t)
        return t[1:-1].replace("''", "'")
    if t in ("true", "True", "TRUE"):
        return True
    if t in ("false", "False", "FALSE"):
        return False
    if t in ("null", "Null", "NULL", "~"):
        return None
    if re.fullmatch(r"[-+]?[0-9]+", t):
        return int(t)
    if re.fullmatch(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", t):
        return float(t)
    return t


class _Flow:
    def __init__(self, text):
        self.s, self.i = text, 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\n":
            self.i += 1

    def value(self, in_map_key=False):
        self.ws()
        if self.i >= len(self.s):
            raise SpecError("unexpected end of flow collection")
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            out = {}
            while True:
                self.ws()
                if self.s[self.i:self.i + 1] == "}":
                    self.i += 1
                    return out
                k = self.value(in_map_key=True)
                self.ws()
                if self.s[self.i:self.i + 1] != ":":
                    raise SpecError("expected ':' in flow map")
                self.i += 1
                v = self.value()
                if k in out:
                    raise SpecError("duplicate key %s" % k)
                out[k] = v
                self.ws()
                if self.s[self.i:self.i + 1] == ",":
                    self.i += 1
                elif self.s[self.i:self.i + 1] != "}":
                    raise SpecError("expected ',' or '}' in flow map")
        if c == "[":
            self.i += 1
            out = []
            while True:
                self.ws()
                if self.s[self.i:self.i + 1] == "]":
                    self.i += 1
                    return out
                out.append(self.value())
                self.ws()
                if self.s[self.i:self.i + 1] == ",":
                    self.i += 1
                elif self.s[self.i:self.i + 1] != "]":
                    raise SpecError("expected ',' or ']' in flow sequence")
        if c in "'\"":
            j = self.i + 1
            while j < len(self.s):
                if self.s[j] == "\\" and c == '"':
                    j += 2
                    continue
                if self.s[j] == c:
                    if c == "'" and self.s[j + 1:j + 2] == "'":
                        j += 2
                        continue
                    break
                j += 1
            tok = self.s[self.i:j + 1]
            self.i = j + 1
            return _scalar(tok)
        j = self.i
        while j < len(self.s):
            ch = self.s[j]
            if ch in ",]}":
                break
            if ch == ":" and (j + 1 >= len(self.s) or self.s[j + 1] in " \t,]}"):
                break
            j += 1
        tok = self.s[self.i:j]
        self.i = j
        return _scalar(tok)


def _flow(text):
    f = _Flow(text)
    v = f.value()
    f.ws()
    if f.i != len(f.s):
        raise SpecError("trailing text after flow collection: %r" % f.s[f.i:])
    return v


def _balance(text):
    depth, quote = 0, None
    for c in text:
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
    return depth


def _split_key(content):
    """'key: rest' -> (key, rest) or None when content is not a mapping entry."""
    quote = None
    for i, c in enumerate(content):
        if quote:
            if c == quote:
                quote = None
            continue
        if c in "'\"" and i == 0:
            quote = c
            continue
        if c in "[{" and i == 0:
            return None
        if c == ":" and (i + 1 == len(content) or content[i + 1] in " \t"):
            return _scalar(content[:i]), content[i + 1:].strip()
    return None


def read_spec(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read().split("\n")
    lines = []
    for n, line in enumerate(raw, 1):
        if line.strip() in ("---",) or line.startswith("%"):
            raise SpecError("%s:%d: unsupported YAML construct" % (path, n))
        s = _strip_comment(line)
        if s.strip():
            if "\t" in s[:len(s) - len(s.lstrip())]:
                raise SpecError("%s:%d: tab indentation" % (path, n))
            lines.append([len(s) - len(s.lstrip()), s.strip(), n])
    pos = [0]

    def inline(text):
        if text[:1] in "[{":
            while _balance(text) > 0:
                if pos[0] >= len(lines):
                    raise SpecError("%s: unterminated flow collection" % path)
                text += " " + lines[pos[0]][1]
                pos[0] += 1
            return _flow(text)
        if text[:1] in "&*!|>":
            raise SpecError("%s: unsupported YAML construct %r" % (path, text))
        return _scalar(text)

    def block(indent):
        if pos[0] >= len(lines):
            return None
        ind, content, _ = lines[pos[0]]
        if content.startswith("- ") or content == "-":
            out = []
            while pos[0] < len(lines) and lines[pos[0]][0] == indent and \
                    (lines[pos[0]][1].startswith("- ") or lines[pos[0]][1] == "-"):
                item = lines[pos[0]][1][1:].strip()
                if not item:
                    pos[0] += 1
                    if pos[0] < len(lines) and lines[pos[0]][0] > indent:
                        out.append(block(lines[pos[0]][0]))
                    else:
                        out.append(None)
                elif _split_key(item) is not None:
                    sub = indent + (len(lines[pos[0]][1]) - len(item))
                    lines[pos[0]] = [sub, item, lines[pos[0]][2]]
                    out.append(block(sub))
                else:
                    pos[0] += 1
                    out.append(inline(item))
            return out
        out = {}
        while pos[0] < len(lines) and lines[pos[0]][0] == indent:
            ind, content, n = lines[pos[0]]
            if content.startswith("- "):
                break
            kv = _split_key(content)
            if kv is None:
                raise SpecError("%s:%d: expected 'key: value'" % (path, n))
            key, rest = kv
            if key in out:
                raise SpecError("%s:%d: duplicate key %s" % (path, n, key))
            pos[0] += 1
            if rest:
                out[key] = inline(rest)
            elif pos[0] < len(lines) and lines[pos[0]][0] > indent:
                out[key] = block(lines[pos[0]][0])
            elif pos[0] < len(lines) and lines[pos[0]][0] == indent and lines[pos[0]][1].startswith("- "):
                out[key] = block(indent)
            else:
                out[key] = None
        if pos[0] < len(lines) and lines[pos[0]][0] > indent:
            raise SpecError("%s:%d: bad indentation" % (path, lines[pos[0]][2]))
        return out

    if not lines:
        return {}
    doc = block(lines[0][0])
    if pos[0] != len(lines):
        raise SpecError("%s:%d: could not read the rest of the spec" % (path, lines[pos[0]][2]))
    if not isinstance(doc, dict):
        raise SpecError("%s: the spec is not a map" % path)
    return doc


def deep_merge(base, overlay):
    """spec-v1 overlays: maps merge key by key, scalars and lists replace."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        out = dict(base)
        for k, v in overlay.items():
            out[k] = deep_merge(base[k], v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(overlay)


def effective_spec(spec, env):
    base = {k: v for k, v in spec.items() if k != "environments"}
    if env is None:
        return base
    return deep_merge(base, (spec.get("environments") or {}).get(env) or {})


_MISSING = object()


def spec_set(spec, dotted, value):
    """A copy of spec with the dotted key set (mutation tests of exemptions)."""
    out = copy.deepcopy(spec)
    cur = out
    parts = dotted.split(".")
    for part in parts[:-1]:
        if not isinstance(cur.get(part), dict):
            cur[part] = {}
        cur = cur[part]
    cur[parts[-1]] = value
    return out


def spec_get(spec, dotted):
    """'database.backup.retention_days' -> value or _MISSING; suffix '#count': list length or int."""
    count = dotted.endswith("#count")
    if count:
        dotted = dotted[:-len("#count")]
    cur = spec
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return _MISSING
        cur = cur[part]
    if count:
        if isinstance(cur, list):
            return len(cur)
        return cur
    return cur


SPEC_OPS = ("equals", "in", "is_true", "present", "absent", "matches")


def spec_cond(spec, cond):
    """Evaluates a condition on the (environment-merged) spec -> (bool, text)."""
    if "all" in cond:
        res = [spec_cond(spec, c) for c in cond["all"]]
        return all(r[0] for r in res), " and ".join(r[1] for r in res)
    if "any" in cond:
        res = [spec_cond(spec, c) for c in cond["any"]]
        return any(r[0] for r in res), " or ".join(r[1] for r in res)
    if "not" in cond:
        ok, text = spec_cond(spec, cond["not"])
        return not ok, "not (%s)" % text
    key = cond["spec"]
    raw = spec_get(spec, key)
    val = raw
    if raw is _MISSING:
        val = cond.get("default", None)
    shown = "%s=%s%s" % (key, json.dumps(val), " (default)" if raw is _MISSING else "")
    if "equals" in cond:
        return val == cond["equals"], shown
    if "in" in cond:
        return val in cond["in"], shown
    if "is_true" in cond:
        return val is True, shown
    if "present" in cond:
        return raw is not _MISSING, "%s %s" % (key, "is set" if raw is not _MISSING else "is not set")
    if "absent" in cond:
        return raw is _MISSING, "%s %s" % (key, "is set" if raw is not _MISSING else "is not set")
    if "matches" in cond:
        return isinstance(val, str) and re.search(cond["matches"], val) is not None, shown
    raise TableError("spec condition without an operator: %s" % json.dumps(cond))


# ----------------------------------------------------------------------------- documents

class Res:
    __slots__ = ("type", "name", "key", "body")

    def __init__(self, rtype, name, key, body):
        self.type, self.name, self.key, self.body = rtype, name, key, body

    def __repr__(self):
        return self.key


class Doc:
    def __init__(self, target, data):
        self.target, self.data = target, data
        self.resources = []
        if target == "cfn":
            for name, body in (data.get("Resources") or {}).items():
                self.resources.append(Res(body.get("Type", ""), name, name, body))
        else:
            for rtype, group in (data.get("resource") or {}).items():
                for name, body in (group or {}).items():
                    self.resources.append(Res(rtype, name, "%s.%s" % (rtype, name), body))
            # provider configurations, as pseudo-resources of type provider.NAME
            providers = data.get("provider") or {}
            for name, body in (providers.items() if isinstance(providers, dict) else ()):
                for i, conf in enumerate(body if isinstance(body, list) else [body]):
                    key = "provider.%s" % name + ("[%d]" % i if isinstance(body, list) else "")
                    self.resources.append(Res("provider." + name, name, key, conf))
        self.by_key = {r.key: r for r in self.resources}

    def of_type(self, rtype):
        return [r for r in self.resources if rtype == "*" or r.type == rtype]

    def refs(self, value):
        """Keys of the resources a value refers to (CFN Ref / Fn::GetAtt / Fn::Sub; TF ${type.name...})."""
        out = []

        def add(k):
            if k in self.by_key and k not in out:
                out.append(k)

        def walk(v):
            if isinstance(v, dict):
                if self.target == "cfn" and len(v) == 1:
                    (fn, arg), = v.items()
                    if fn == "Ref" and isinstance(arg, str):
                        add(arg)
                        return
                    if fn == "Fn::GetAtt":
                        if isinstance(arg, list) and arg and isinstance(arg[0], str):
                            add(arg[0])
                        elif isinstance(arg, str):
                            add(arg.split(".", 1)[0])
                        return
                    if fn == "Fn::Sub":
                        tmpl = arg[0] if isinstance(arg, list) and arg else arg
                        if isinstance(tmpl, str):
                            for m in re.finditer(r"\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}", tmpl):
                                add(m.group(1))
                        if isinstance(arg, list) and len(arg) > 1:
                            walk(arg[1])
                        return
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
            elif isinstance(v, str) and self.target == "tf":
                for m in re.finditer(r"\$\{(.*?)\}", v):
                    for r in re.finditer(r"(?<![\w.])([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)", m.group(1)):
                        add("%s.%s" % (r.group(1), r.group(2)))
        walk(value)
        return out


# ----------------------------------------------------------------------------- paths
# A path is '/'-separated, evaluated from a resource (CFN: the whole resource, so paths start
# with Properties/... or DeletionPolicy; TF: the resource's arguments). It yields every value
# it reaches (none when a key is missing). Segments:
#   KEY           a map key (applied to every map of a list: Terraform blocks may be lists)
#   *             every element of a list (a map counts as a list of one: Terraform blocks)
#   N             the N-th element of a list
#   [K=V]         the elements of a list whose key K equals V (compared as text)
#   ->TYPE        the resources of TYPE (or * for any) the value refers to
#   <-TYPE:VIA    the resources of TYPE whose path VIA ('.'-separated) refers to this resource
#   ~             the elements of a list, or the value itself when it is not a list (IAM's
#                 Action / Resource / Principal: a string or a list of them)
#   @json         a string parsed as JSON (Terraform's policy documents); nothing when it is not

def split_path(path):
    if path in ("", "."):
        return []
    return path.split("/")


def eval_path(doc, node, path):
    cur = [node]
    for seg in split_path(path):
        nxt = []
        if seg.startswith("->"):
            rtype = seg[2:]
            for v in cur:
                val = v.body if isinstance(v, Res) else v
                for k in doc.refs(val):
                    r = doc.by_key[k]
                    if rtype == "*" or r.type == rtype:
                        nxt.append(r)
        elif seg.startswith("<-"):
            rtype, _, via = seg[2:].rpartition(":")
            via = via.replace(".", "/")
            for v in cur:
                if not isinstance(v, Res):
                    continue
                for r in doc.of_type(rtype):
                    if any(v.key in doc.refs(x.body if isinstance(x, Res) else x)
                           for x in eval_path(doc, r, via)):
                        if r not in nxt:
                            nxt.append(r)
        else:
            for v in cur:
                if isinstance(v, Res):
                    v = v.body
                if seg == "~":
                    nxt.extend(x for x in (v if isinstance(v, list) else [v]) if x is not None)
                elif seg == "@json":
                    if isinstance(v, str):
                        try:
                            nxt.append(json.loads(v))
                        except ValueError:
                            pass
                elif seg == "*":
                    if isinstance(v, list):
                        nxt.extend(x for x in v if x is not None)
                    elif isinstance(v, dict):
                        nxt.append(v)   # a Terraform block written as one object
                elif re.fullmatch(r"[0-9]+", seg) and isinstance(v, list):
                    i = int(seg)
                    if i < len(v) and v[i] is not None:
                        nxt.append(v[i])
                elif seg.startswith("[") and seg.endswith("]") and "=" in seg:
                    k, _, want = seg[1:-1].partition("=")
                    if isinstance(v, list):
                        nxt.extend(x for x in v if isinstance(x, dict) and k in x and _text(x[k]) == want)
                elif isinstance(v, dict):
                    if seg in v and v[seg] is not None:
                        nxt.append(v[seg])
                elif isinstance(v, list):
                    nxt.extend(x[seg] for x in v if isinstance(x, dict) and x.get(seg) is not None)
        cur = nxt
    return cur


def _text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _num(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v.strip()):
        return float(v)
    return None


def same_value(output, spec_value):
    """A value of the output equals the spec's (numbers may be written as text in CloudFormation)."""
    if isinstance(spec_value, bool):
        return _truthy(output, spec_value)
    if isinstance(output, bool):
        return False
    if _num(spec_value) is not None and _num(output) is not None:
        return _num(spec_value) == _num(output)
    return output == spec_value


def _truthy(v, want):
    if isinstance(v, bool):
        return v is want
    if isinstance(v, str):
        return v.strip().lower() == ("true" if want else "false")
    return False


def _show(v):
    if isinstance(v, Res):
        return v.key
    s = json.dumps(v, sort_keys=True)
    return s if len(s) <= 80 else s[:77] + "..."


def _empty(v):
    return v is None or (isinstance(v, (str, list, dict)) and len(v if not isinstance(v, str) else v.strip()) == 0)


DYNAMIC_REF = {
    # the reference may hold Fn::Sub variables: {{resolve:secretsmanager:${DbSecret}:SecretString:password}}
    "secretsmanager": r"\{\{resolve:secretsmanager:(?:[^{}$]|\$\{[A-Za-z0-9.:]+\})+\}\}",
    "ssm-secure": r"\{\{resolve:ssm-secure:(?:[^{}$]|\$\{[A-Za-z0-9.:]+\})+\}\}",
}

VALUE_OPS = ("equals", "in", "not_in", "not_in_ci", "is_true", "is_false", "absent_or_false",
             "absent_or_true", "absent", "present", "absent_or_empty", "not_empty", "min", "max",
             "contains", "not_contains", "matches", "dynamic_ref", "equals_path", "count")
COMBINATORS = ("any_of", "not", "each", "some", "none", "use")
DEFINITIONS = {}   # name -> list of conditions (rules.json "definitions")


def check_spec_cond(cond, where):
    if not isinstance(cond, dict):
        raise TableError("%s: a spec condition must be an object" % where)
    if "all" in cond or "any" in cond:
        for c in cond.get("all", cond.get("any")):
            check_spec_cond(c, where)
        return
    if "not" in cond:
        check_spec_cond(cond["not"], where)
        return
    ops = [k for k in cond if k in SPEC_OPS]
    extra = set(cond) - set(SPEC_OPS) - {"spec", "default"}
    if "spec" not in cond or len(ops) != 1 or extra:
        raise TableError("%s: a spec condition needs 'spec' and one of %s: %s" % (where, ", ".join(SPEC_OPS), json.dumps(cond)))


def check_table_cond(cond, where):
    if not isinstance(cond, dict):
        raise TableError("%s: a condition must be an object: %s" % (where, json.dumps(cond)))
    keys = set(cond) - {"path", "why"}
    comb = keys & set(COMBINATORS)
    ops = keys & set(VALUE_OPS)
    if len(comb) + len(ops) != 1 or keys - set(COMBINATORS) - set(VALUE_OPS):
        raise TableError("%s: a condition needs exactly one known operator: %s" % (where, json.dumps(cond)))
    if comb:
        c = comb.pop()
        if c == "use":
            if cond["use"] not in DEFINITIONS:
                raise TableError("%s: unknown definition %r" % (where, cond["use"]))
        elif c == "any_of":
            for branch in cond[c]:
                for x in branch:
                    check_table_cond(x, where)
        else:
            if c in ("each", "some", "none") and "path" not in cond:
                raise TableError("%s: '%s' needs a path" % (where, c))
            for x in cond[c]:
                check_table_cond(x, where)
    elif "path" not in cond:
        raise TableError("%s: condition without a path: %s" % (where, json.dumps(cond)))


def eval_cond(doc, node, cond):
    """-> (ok, why) where why explains a failure."""
    if "use" in cond:
        return eval_all(doc, node, DEFINITIONS[cond["use"]])
    if "any_of" in cond:
        whys = []
        for branch in cond["any_of"]:
            ok, why = eval_all(doc, node, branch)
            if ok:
                return True, ""
            whys.append(why)
        return False, "none of the alternatives holds: " + " | ".join(whys)
    if "not" in cond:
        ok, _ = eval_all(doc, node, cond["not"])
        return (not ok), (cond.get("why") or "forbidden condition holds: %s" % json.dumps(cond["not"]))
    path = cond["path"]
    vals = eval_path(doc, node, path)
    for q in ("each", "some", "none"):
        if q in cond:
            results = [(v, eval_all(doc, v, cond[q])) for v in vals]
            if q == "each":
                bad = [(v, r[1]) for v, r in results if not r[0]]
                if bad:
                    return False, "%s: %s" % (path, bad[0][1])
                return True, ""
            if q == "some":
                if any(r[0] for _, r in results):
                    return True, ""
                if not results:
                    return False, "%s: nothing there" % path
                return False, "%s: none of the %d found qualifies (%s: %s)" % (
                    path, len(results), _show(results[0][0]), results[0][1][1])
            good = [v for v, r in results if r[0]]
            if good:
                return False, "%s: %s matches a forbidden pattern" % (path, _show(good[0]))
            return True, ""
    shown = ", ".join(_show(v) for v in vals) if vals else "absent"

    def fail(expect):
        return False, "%s is %s, expected %s" % (path, shown, expect)

    if "absent" in cond:
        return (True, "") if not vals else fail("absent")
    if "present" in cond:
        return (True, "") if vals else fail("present")
    if "absent_or_false" in cond:
        return (True, "") if all(_truthy(v, False) for v in vals) else fail("absent or false")
    if "absent_or_true" in cond:
        return (True, "") if all(_truthy(v, True) for v in vals) else fail("absent or true")
    if "absent_or_empty" in cond:
        return (True, "") if all(_empty(v) for v in vals) else fail("absent or empty")
    if "not_in" in cond:
        bad = [v for v in vals if v in cond["not_in"]]
        return (True, "") if not bad else fail("none of %s" % json.dumps(cond["not_in"]))
    if "not_in_ci" in cond:
        forbidden = [str(x).lower() for x in cond["not_in_ci"]]
        bad = [v for v in vals if isinstance(v, str) and v.lower() in forbidden]
        return (True, "") if not bad else fail("none of %s" % json.dumps(cond["not_in_ci"]))
    if "not_contains" in cond:
        x = cond["not_contains"]
        bad = [v for v in vals if v == x or (isinstance(v, list) and x in v)]
        return (True, "") if not bad else fail("not to contain %s" % json.dumps(x))
    if "count" in cond:
        lim, n = cond["count"], len(vals)
        if "min" in lim and n < lim["min"] or "max" in lim and n > lim["max"]:
            return False, "%s: %d value(s), expected %s" % (path, n, json.dumps(lim))
        return True, ""
    # the remaining operators need at least one value, and every value must satisfy them
    if not vals:
        return fail(_describe(cond))
    for v in vals:
        if "equals" in cond and v != cond["equals"]:
            return fail(json.dumps(cond["equals"]))
        if "in" in cond and v not in cond["in"]:
            return fail("one of %s" % json.dumps(cond["in"]))
        if "is_true" in cond and not _truthy(v, True):
            return fail("true")
        if "is_false" in cond and not _truthy(v, False):
            return fail("false")
        if "not_empty" in cond and _empty(v):
            return fail("not empty")
        if "min" in cond and (_num(v) is None or _num(v) < cond["min"]):
            return fail(">= %s" % cond["min"])
        if "max" in cond and (_num(v) is None or _num(v) > cond["max"]):
            return fail("<= %s" % cond["max"])
        if "contains" in cond:
            x = cond["contains"]
            if not ((isinstance(v, str) and isinstance(x, str) and x in v) or (isinstance(v, list) and x in v)):
                return fail("to contain %s" % json.dumps(x))
        if "matches" in cond and not (isinstance(v, str) and re.search(cond["matches"], v)):
            return fail("to match /%s/" % cond["matches"])
        if "dynamic_ref" in cond:
            pattern = DYNAMIC_REF[cond["dynamic_ref"]]
            s = v
            if isinstance(v, dict) and list(v) == ["Fn::Sub"]:
                s = v["Fn::Sub"][0] if isinstance(v["Fn::Sub"], list) else v["Fn::Sub"]
            if not (isinstance(s, str) and re.fullmatch(pattern, s)):
                return fail("a {{resolve:%s:...}} dynamic reference" % cond["dynamic_ref"])
        if "equals_path" in cond:
            other = eval_path(doc, node, cond["equals_path"])
            if not other:
                return False, "%s: nothing at %s to compare with" % (path, cond["equals_path"])
            bad = [o for o in other if o != v]
            if bad:
                return False, "%s is %s but %s is %s" % (path, _show(v), cond["equals_path"], _show(bad[0]))
    return True, ""


def _describe(cond):
    text = {"equals": lambda x: json.dumps(x), "in": lambda x: "one of " + json.dumps(x),
            "is_true": lambda x: "true", "is_false": lambda x: "false", "not_empty": lambda x: "not empty",
            "min": lambda x: ">= %s" % x, "max": lambda x: "<= %s" % x,
            "contains": lambda x: "to contain " + json.dumps(x), "matches": lambda x: "to match /%s/" % x,
            "dynamic_ref": lambda x: "a {{resolve:%s:...}} dynamic reference" % x,
            "equals_path": lambda x: "to equal " + x}
    for k, f in text.items():
        if k in cond:
            return f(cond[k])
    return "?"


def eval_all(doc, node, conds):
    for c in conds:
        ok, why = eval_cond(doc, node, c)
        if not ok:
            return False, (c.get("why") + ": " + why) if c.get("why") else why
    return True, ""


# ----------------------------------------------------------------------------- rules

class Outcome:
    """status: 'pass', 'fail', 'na' (not applicable to this spec), 'off' (opt-in rule not turned on)."""

    def __init__(self, status, note="", reasons=None, checked=0, failed=None):
        self.status, self.note, self.reasons, self.checked = status, note, reasons or [], checked
        # keys of the resources that failed; None stands for a failure of a whole clause
        self.failed = failed or set()


def rule_applies(rule, spec):
    """-> (status or None, note): None when the rule is to be checked on this spec."""
    req = rule.get("requires")
    if req and spec_get(spec, req) is _MISSING:
        return "na", "no %s in this spec" % req
    if "scope" in rule:
        ok, text = spec_cond(spec, rule["scope"])
        if not ok:
            return "na", "out of scope: %s" % text
    if "when" in rule:
        ok, text = spec_cond(spec, rule["when"])
        if not ok:
            return "off", "not turned on: %s" % text
        return None, "turned on: %s" % text
    return None, ""


def eval_rule(rule, target, doc, spec):
    if target in rule.get("not_applicable", {}):
        return Outcome("na", "nothing of this rule in %s: %s" % (target, rule["not_applicable"][target]))
    status, note = rule_applies(rule, spec)
    if status:
        return Outcome(status, note)
    reasons, checked, failed = [], 0, set()
    for clause in rule[target]:
        if "when" in clause and not spec_cond(spec, clause["when"])[0]:
            continue  # a clause for another topology of the database
        before = len(reasons)
        rtype = clause["type"]
        selected = []
        for r in doc.of_type(rtype):
            ok, _ = eval_all(doc, r, clause.get("where", []))
            if not ok:
                continue
            ex = clause.get("exempt")
            if ex:
                on, _ = spec_cond(spec, ex["when"])
                if on and eval_all(doc, r, ex.get("where", []))[0]:
                    continue
            selected.append(r)
        label = clause.get("label") or rtype
        n = len(selected)
        lo = clause.get("min", 0)
        if n < lo:
            reasons.append("%s: %d resource(s), expected at least %d" % (label, n, lo))
        if "max" in clause and n > clause["max"]:
            reasons.append("%s: %d resource(s) (%s), expected at most %d" % (
                label, n, ", ".join(r.key for r in selected), clause["max"]))
        if "count_spec" in clause:
            cs = clause["count_spec"]
            want = spec_get(spec, cs["spec"])
            if want is _MISSING:
                want = cs.get("default")
            if n != want:
                reasons.append("%s: %d resource(s), expected %s (%s)" % (label, n, want, cs["spec"]))
        if len(reasons) > before:
            failed.add(None)
        for r in selected:
            checked += 1
            ok, why = eval_all(doc, r, clause.get("expect", []))
            if not ok:
                reasons.append("%s: %s" % (r.key, why))
                failed.add(r.key)
        if "distinct" in clause and selected:
            seen = {}
            for r in selected:
                for v in eval_path(doc, r, clause["distinct"]):
                    k = json.dumps(v, sort_keys=True)
                    if k in seen:
                        reasons.append("%s and %s share %s %s" % (seen[k], r.key, clause["distinct"], _show(v)))
                        failed.add(None)
                    seen[k] = r.key
    if reasons:
        return Outcome("fail", note, reasons, checked, failed)
    return Outcome("pass", note, [], checked)


def load_table(path):
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    ids = set()
    DEFINITIONS.clear()
    for name, conds in (table.get("definitions") or {}).items():
        if not isinstance(conds, list):
            raise TableError("definition %s must be a list of conditions" % name)
        DEFINITIONS[name] = conds
    for name, conds in DEFINITIONS.items():
        for c in conds:
            check_table_cond(c, "definitions." + name)
    for rule in table.get("rules", []):
        rid = rule.get("id")
        if not rid or not re.fullmatch(r"[a-z][a-z0-9_]*", rid) or rid in ids:
            raise TableError("rule id missing, not snake_case or duplicated: %r" % rid)
        ids.add(rid)
        for field in ("title", "controls", "applies_to"):
            if not rule.get(field):
                raise TableError("%s: missing %s" % (rid, field))
        if ("default" in rule) == ("when" in rule):
            raise TableError("%s: give either default: true or when" % rid)
        if "default" in rule and rule["default"] is not True:
            raise TableError("%s: default must be true" % rid)
        for part in ("when", "scope"):
            if part in rule:
                check_spec_cond(rule[part], "%s.%s" % (rid, part))
        for t in TARGETS:
            if t in rule.get("not_applicable", {}):
                if rule.get(t) or rule.get("mutations", {}).get(t) or rule["applies_to"].get(t):
                    raise TableError("%s: not applicable to %s, yet it has %s clauses or mutations" % (rid, t, t))
                if not rule["not_applicable"][t]:
                    raise TableError("%s: not_applicable.%s needs the reason" % (rid, t))
                continue
            if t not in rule["applies_to"]:
                raise TableError("%s: applies_to.%s missing" % (rid, t))
            if not isinstance(rule.get(t), list) or not rule[t]:
                raise TableError("%s: no %s clauses" % (rid, t))
            for i, clause in enumerate(rule[t]):
                where = "%s.%s[%d]" % (rid, t, i)
                if clause.get("type") not in rule["applies_to"][t]:
                    raise TableError("%s: type %r is not in applies_to.%s" % (where, clause.get("type"), t))
                for part in ("where", "expect"):
                    for c in clause.get(part, []):
                        check_table_cond(c, where)
                if "when" in clause:
                    check_spec_cond(clause["when"], where + ".when")
                if "exempt" in clause:
                    check_spec_cond(clause["exempt"].get("when"), where + ".exempt.when")
                    for c in clause["exempt"].get("where", []):
                        check_table_cond(c, where)
            muts = rule.get("mutations", {}).get(t)
            if muts is None:
                raise TableError("%s: no mutations for %s" % (rid, t))
    for ex in table.get("exceptions", []):
        if ex.get("rule") not in ids:
            raise TableError("exception for unknown rule %r" % ex.get("rule"))
        for field in ("example", "spec_key", "reason", "failing"):
            if field not in ex:
                raise TableError("exception %s: missing %s" % (json.dumps(ex), field))
        for t in TARGETS:
            if not isinstance(ex["failing"].get(t), dict) or not ex["failing"][t]:
                raise TableError("exception %s: failing.%s must map resource keys to the property "
                                 "holding the spec's value" % (ex["rule"], t))
    return table


# ----------------------------------------------------------------------------- compiling

class Compiler:
    def __init__(self, vpcgen):
        self.vpcgen = vpcgen
        self.cache = {}

    def compile(self, spec_path, target, env):
        key = (spec_path, target, env)
        if key not in self.cache:
            cmd = [self.vpcgen, "--target", TARGET_ARG[target], "--diagnostics", "json"]
            if env:
                cmd += ["--env", env]
            cmd.append(spec_path)
            envv = dict(os.environ, NO_COLOR="1")
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, env=envv, timeout=120)
            except (OSError, subprocess.TimeoutExpired) as e:
                self.cache[key] = (None, [], "cannot run %s: %s" % (self.vpcgen, e))
                return self.cache[key]
            diags = []
            for line in p.stderr.splitlines():
                try:
                    d = json.loads(line)
                    if isinstance(d, dict):
                        diags.append(d)
                        continue
                except ValueError:
                    pass
                diags.append({"severity": "unknown", "message": line})
            if p.returncode != 0:
                msg = "; ".join(d.get("message", "") for d in diags[:3])
                self.cache[key] = (None, diags, "vpcgen exited with status %d: %s" % (p.returncode, msg))
            else:
                try:
                    self.cache[key] = (Doc(target, json.loads(p.stdout)), diags, None)
                except ValueError as e:
                    self.cache[key] = (None, diags, "output is not JSON: %s" % e)
        return self.cache[key]


def control_ids(rule):
    return [c.split()[-1] for c in rule["controls"]]


def warning_naming(diags, rule):
    # bare section numbers (CIS 5.2) are too ambiguous to identify a control in a message
    ids = [cid for cid in control_ids(rule) if not re.fullmatch(r"[0-9.]+", cid)]
    for d in diags:
        if d.get("severity") not in ("warning", "unknown"):
            continue
        text = "%s %s" % (d.get("code", ""), d.get("message", ""))
        for cid in ids:
            if re.search(r"(?<![\w.])" + re.escape(cid) + r"(?![\w])", text):
                return cid, d
    return None, None


def examples_in(directory):
    out = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".yaml"):
            out.append((name[:-5], os.path.join(directory, name)))
    return out


def label(example, env):
    return example if env is None else "%s@%s" % (example, env)


# ----------------------------------------------------------------------------- modes

def run_check(table, compiler, examples, out):
    failures = 0
    applied = {}   # (rule id, target) -> {label: status}
    exceptions = {(e["rule"], e["example"], e.get("env")): e for e in table.get("exceptions", [])}
    used_exceptions = set()

    def emit(ok, text):
        nonlocal failures
        if not ok:
            failures += 1
        out("%s - %s" % ("ok" if ok else "FAIL", text))

    for ex_name, ex_path in examples:
        try:
            spec = read_spec(ex_path)
        except (SpecError, OSError) as e:
            emit(False, "spec %s: cannot read it: %s" % (ex_name, e))
            continue
        envs = [None] + sorted((spec.get("environments") or {}).keys())
        for env in envs:
            espec = effective_spec(spec, env)
            for target in TARGETS:
                where = " ".join(x for x in (ex_name, target, env) if x)
                doc, diags, err = compiler.compile(ex_path, target, env)
                if err:
                    emit(False, "compile %s: %s" % (where, err))
                    continue
                for rule in table["rules"]:
                    rid = rule["id"]
                    o = eval_rule(rule, target, doc, espec)
                    applied.setdefault((rid, target), {})[label(ex_name, env)] = o.status
                    exc = exceptions.get((rid, ex_name, env))
                    if exc:
                        used_exceptions.add((rid, ex_name, env))
                    line = "%s %s" % (rid, where)
                    if o.status in ("na", "off"):
                        if exc:
                            emit(False, "%s: an exception is recorded but the rule was not applied (%s)" % (line, o.note))
                        else:
                            emit(True, "%s # %s" % (line, o.note))
                    elif o.status == "pass":
                        if exc:
                            emit(False, "%s: an expected exception is recorded (%s) but the rule passes: "
                                        "remove it from rules.json" % (line, exc["spec_key"]))
                        else:
                            emit(True, line + (" # %s" % o.note if o.note else ""))
                    else:
                        why = "; ".join(o.reasons[:4]) + (" (+%d more)" % (len(o.reasons) - 4) if len(o.reasons) > 4 else "")
                        if not exc:
                            emit(False, "%s: %s" % (line, why))
                            continue
                        val = spec_get(espec, exc["spec_key"])
                        if val is _MISSING:
                            emit(False, "%s: %s; the recorded exception says the spec sets %s but it does not"
                                 % (line, why, exc["spec_key"]))
                            continue
                        # only the recorded resources may fail, and only with the user's value
                        expected = exc["failing"][target]
                        if o.failed != set(expected):
                            emit(False, "%s: %s; the exception covers only %s" % (
                                line, why, ", ".join(sorted(expected))))
                            continue
                        wrong = []
                        for key, path in sorted(expected.items()):
                            got = eval_path(doc, doc.by_key[key], path)
                            if len(got) != 1 or not same_value(got[0], val):
                                wrong.append("%s %s is %s" % (key, path, ", ".join(_show(g) for g in got) or "absent"))
                        if wrong:
                            emit(False, "%s: %s; the spec sets %s: %s but %s" % (
                                line, why, exc["spec_key"], json.dumps(val), "; ".join(wrong)))
                            continue
                        cid, _ = warning_naming(diags, rule)
                        if not cid:
                            emit(False, "%s: %s; the spec sets %s: %s (the user's choice) but vpcgen printed no "
                                        "warning naming %s" % (line, why, exc["spec_key"], json.dumps(val),
                                                               " / ".join(control_ids(rule))))
                            continue
                        emit(True, "%s # expected exception: the spec sets %s: %s and vpcgen warns (%s)"
                             % (line, exc["spec_key"], json.dumps(val), cid))
    # exceptions must name outputs that exist
    for key, exc in exceptions.items():
        if key not in used_exceptions:
            emit(False, "exception %s %s%s: no such example/environment was compiled" % (
                key[0], key[1], "@" + key[2] if key[2] else ""))
    # opt-in rules: applied where the spec turns them on, and only there
    for rule in table["rules"]:
        if "when" not in rule:
            continue
        rid = rule["id"]
        expect = rule.get("expect_applied", {})
        for target in TARGETS:
            seen = applied.get((rid, target), {})
            on = sorted(k for k, s in seen.items() if s in ("pass", "fail"))
            problems = []
            for lab in expect.get("on", []):
                if seen.get(lab) not in ("pass", "fail"):
                    problems.append("%s: expected the rule to be applied, it was %s" % (lab, seen.get(lab, "not compiled")))
            for lab in expect.get("off", []):
                if seen.get(lab) != "off":
                    problems.append("%s: expected the rule not to be turned on, it was %s" % (lab, seen.get(lab, "not compiled")))
            if problems:
                emit(False, "when %s %s: %s" % (rid, target, "; ".join(problems)))
            else:
                emit(True, "when %s %s # applied on: %s" % (rid, target, ", ".join(on) if on else
                                                              "nothing (%s)" % expect.get("never", "never on")))
    return failures


def apply_mutation(doc_data, target, op):
    data = copy.deepcopy(doc_data)
    if target == "cfn":
        resources = data.setdefault("Resources", {})
        def get_res():
            r = resources.get(op["name"])
            if r is None or r.get("Type") != op["type"]:
                raise KeyError("no %s %s" % (op["type"], op["name"]))
            return r
    elif op["type"].startswith("provider."):
        resources = data.setdefault("provider", {})
        def get_res():
            r = resources.get(op["type"][len("provider."):])
            if not isinstance(r, dict):
                raise KeyError("no %s" % op["type"])
            return r
    else:
        resources = data.setdefault("resource", {})
        def get_res():
            r = resources.get(op["type"], {}).get(op["name"])
            if r is None:
                raise KeyError("no %s.%s" % (op["type"], op["name"]))
            return r
    kind = op["op"]
    if kind == "add_resource":
        if target == "cfn":
            resources[op["name"]] = copy.deepcopy(op["body"])
        else:
            resources.setdefault(op["type"], {})[op["name"]] = copy.deepcopy(op["body"])
        return data
    if kind == "delete_resource":
        get_res()
        if target == "cfn":
            del resources[op["name"]]
        else:
            del resources[op["type"]][op["name"]]
        return data
    node = get_res()
    segs = split_path(op["path"])
    for seg in segs[:-1]:
        node = _mut_step(node, seg, create=(kind == "set"))
    last = segs[-1]
    if kind == "set":
        if isinstance(node, list):
            node[int(last)] = copy.deepcopy(op["value"])
        else:
            node[last] = copy.deepcopy(op["value"])
    elif kind == "delete":
        if isinstance(node, list):
            del node[int(last)]
        elif last in node:
            del node[last]
        else:
            raise KeyError("nothing at %s" % op["path"])
    elif kind == "append":
        node.setdefault(last, []).append(copy.deepcopy(op["value"]))
    else:
        raise TableError("unknown mutation op %r" % kind)
    return data


def _mut_step(node, seg, create):
    if isinstance(node, list):
        if seg.startswith("[") and "=" in seg:
            k, _, want = seg[1:-1].partition("=")
            for x in node:
                if isinstance(x, dict) and _text(x.get(k)) == want:
                    return x
            raise KeyError("no element [%s=%s]" % (k, want))
        return node[int(seg)]
    if seg not in node:
        if not create:
            raise KeyError("nothing at %s" % seg)
        node[seg] = {}
    return node[seg]


def run_mutate(table, compiler, examples, out):
    failures = 0
    paths = dict(examples)

    def emit(ok, text):
        nonlocal failures
        if not ok:
            failures += 1
        out("%s - %s" % ("ok" if ok else "FAIL", text))

    for rule in table["rules"]:
        rid = rule["id"]
        for target in TARGETS:
            head = "mutation %s %s" % (rid, target)
            if target in rule.get("not_applicable", {}):
                emit(True, "%s # not applicable: %s" % (head, rule["not_applicable"][target]))
                continue
            muts = rule["mutations"][target]
            if not muts:
                reason = rule.get("mutations", {}).get("none_because")
                if reason:
                    emit(True, "%s # skipped: %s" % (head, reason))
                else:
                    emit(False, "%s: the table has no mutation for this rule and target" % head)
                continue
            for m in muts:
                tag = " # %s" % m["what"] if m.get("what") else ""
                ex, env = m["example"], m.get("env")
                if ex not in paths:
                    emit(False, "%s: no example %s" % (head, ex))
                    continue
                try:
                    spec = effective_spec(read_spec(paths[ex]), env)
                except (SpecError, OSError) as e:
                    emit(False, "%s: cannot read %s: %s" % (head, ex, e))
                    continue
                for key, value in (m.get("spec_set") or {}).items():
                    spec = spec_set(spec, key, value)
                doc, _, err = compiler.compile(paths[ex], target, env)
                if err:
                    emit(False, "%s: compiling %s: %s" % (head, label(ex, env), err))
                    continue
                before = eval_rule(rule, target, doc, spec)
                if before.status != "pass":
                    emit(False, "%s: the rule does not pass on the unmutated %s (%s%s)" % (
                        head, label(ex, env), before.status,
                        ": " + "; ".join(before.reasons[:3]) if before.reasons else ", " + before.note))
                    continue
                try:
                    data = doc.data
                    for op in m["ops"]:
                        data = apply_mutation(data, target, op)
                except (KeyError, IndexError, ValueError, TypeError) as e:
                    emit(False, "%s: cannot apply the mutation to %s: %s" % (head, label(ex, env), e))
                    continue
                after = eval_rule(rule, target, Doc(target, data), spec)
                if m.get("expect") == "pass":
                    # an exemption check: with spec_set, the change is allowed and must not be reported
                    if after.status == "pass":
                        emit(True, head + tag)
                    else:
                        emit(False, "%s: the exemption does not hold%s (%s: %s)" % (
                            head, tag.replace(" # ", ": "), after.status, "; ".join(after.reasons[:3])))
                    continue
                if after.status == "fail":
                    emit(True, head + tag)
                    if VERBOSE:
                        for why in after.reasons:
                            out("    caught: " + why)
                else:
                    emit(False, "%s: the table did not catch it%s (%s on the mutated %s)" % (
                        head, tag.replace(" # ", ": "), after.status, label(ex, env)))
    return failures


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vpcgen", default=os.environ.get("VPCGEN", "./vpcgen"))
    ap.add_argument("--mutate", action="store_true", help="run the mutation tests instead")
    ap.add_argument("--rules", default=os.path.join(HERE, "rules.json"))
    ap.add_argument("-v", "--verbose", action="store_true", help="--mutate: print why each mutation was caught")
    ap.add_argument("--examples", default=os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples"))
    args = ap.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose

    def out(line):
        print(line, flush=True)

    try:
        table = load_table(args.rules)
    except (OSError, ValueError, TableError) as e:
        print("check.py: %s: %s" % (args.rules, e), file=sys.stderr)
        return 2
    if not (os.path.isfile(args.vpcgen) and os.access(args.vpcgen, os.X_OK)):
        out("FAIL - %s is not an executable (build it with make, or set --vpcgen / VPCGEN)" % args.vpcgen)
        out("done")
        return 1
    try:
        examples = examples_in(args.examples)
    except OSError as e:
        print("check.py: %s" % e, file=sys.stderr)
        return 2
    compiler = Compiler(args.vpcgen)
    try:
        if args.mutate:
            failures = run_mutate(table, compiler, examples, out)
        else:
            failures = run_check(table, compiler, examples, out)
    except TableError as e:
        print("check.py: %s: %s" % (args.rules, e), file=sys.stderr)
        return 2
    out("done")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
