#!/usr/bin/env python3
"""Extract the CloudFormation registry schemas' create-only data for the types in scope.

Source: the CloudFormation resource provider schemas as shipped by cfn-lint (pip package
cfn-lint; cfnlint/data/schemas/resources/<hash>.json, the hash per type in
cfnlint/data/schemas/providers/us_east_1.py).  These are AWS's published registry schemas
(CloudformationSchema.zip) with cfn-lint's patches applied; the patches directory is checked
for any patch that touches createOnlyProperties / conditionalCreateOnlyProperties of a type in
scope, and such patches are reported in the output.

usage: extract_registry.py CFNLINT_SCHEMAS_DIR SCOPE_JSON OUT_JSON
  CFNLINT_SCHEMAS_DIR e.g. $(python3 -c 'import cfnlint,os;print(os.path.dirname(cfnlint.__file__))')/data/schemas

Output per type: hash, properties (every settable path "Parent/Child", read-only ones left
out, array levels transparent), createOnly, conditionalCreateOnly, writeOnly (paths in the same
form).  Python 3 standard library only.
"""
import json
import os
import re
import sys


def ptr_to_path(ptr):
    """'/properties/A/*/B' -> 'A/B'"""
    parts = ptr.split('/')
    assert parts[0] == '' and parts[1] == 'properties', ptr
    return '/'.join(p for p in parts[2:] if p not in ('*', 'items'))


def resolve(schema, node):
    seen = 0
    while isinstance(node, dict) and '$ref' in node and seen < 20:
        ref = node['$ref']
        if not ref.startswith('#/'):
            return {}
        cur = schema
        for part in ref[2:].split('/'):
            cur = cur.get(part, {})
        node = cur
        seen += 1
    return node


def walk(schema, node, prefix, out, seen_refs):
    """Collect 'prefix/Child' paths of the object properties reachable from node."""
    if not isinstance(node, dict):
        return
    ref = node.get('$ref')
    if ref:
        if ref in seen_refs:
            return
        seen_refs = seen_refs | {ref}
        node = resolve(schema, node)
        if not isinstance(node, dict):
            return
    for key in ('oneOf', 'anyOf', 'allOf'):
        for sub in node.get(key, []):
            walk(schema, sub, prefix, out, seen_refs)
    if 'items' in node:
        walk(schema, node['items'], prefix, out, seen_refs)
    for sub in (node.get('patternProperties') or {}).values():
        walk(schema, sub, prefix, out, seen_refs)
    if isinstance(node.get('additionalProperties'), dict):
        walk(schema, node['additionalProperties'], prefix, out, seen_refs)
    for name, sub in (node.get('properties') or {}).items():
        path = prefix + name
        out.add(path)
        walk(schema, sub, path + '/', out, seen_refs)


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    base, scope_file, out_file = sys.argv[1:]
    prov = open(os.path.join(base, 'providers', 'us_east_1.py'), encoding='utf-8').read()
    hashes = dict(re.findall(r'"([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)": "([0-9a-f]+)"', prov))
    scope = json.load(open(scope_file))
    # cfn-lint patches that touch create-only data
    patch_root = os.path.join(base, 'patches')
    patches = {}
    for root, _dirs, files in os.walk(patch_root):
        for fn in files:
            if not fn.endswith('.json'):
                continue
            text = open(os.path.join(root, fn), encoding='utf-8').read()
            if re.search(r'[Cc]reate[Oo]nly', text):
                patches.setdefault(os.path.basename(root), []).append(os.path.relpath(os.path.join(root, fn), base))
    types = {}
    for entry in scope['cloudformation']:
        t = entry['type']
        rt = entry.get('registry_type', t)
        h = hashes.get(rt)
        if not h:
            types[t] = {'found': False}
            continue
        schema = json.load(open(os.path.join(base, 'resources', h + '.json'), encoding='utf-8'))
        props = set()
        walk(schema, {'properties': schema.get('properties', {})}, '', props, frozenset())
        ro = {ptr_to_path(p) for p in schema.get('readOnlyProperties', [])}
        props = {p for p in props if p not in ro and not any(p.startswith(r + '/') for r in ro)}
        key = rt.lower().replace('::', '_')
        types[t] = {
            'found': True,
            'registry_type': rt,
            'hash': h,
            'properties': sorted(props),
            'createOnly': sorted(ptr_to_path(p) for p in schema.get('createOnlyProperties', [])),
            'conditionalCreateOnly': sorted(ptr_to_path(p) for p in schema.get('conditionalCreateOnlyProperties', [])),
            'writeOnly': sorted(ptr_to_path(p) for p in schema.get('writeOnlyProperties', [])),
            'cfnlint_createonly_patches': sorted(patches.get(key, [])),
        }
    ver = None
    try:
        import importlib.metadata as md
        ver = md.version('cfn-lint')
    except Exception:
        pass
    with open(out_file, 'w') as f:
        json.dump({'source': {'package': 'cfn-lint', 'version': ver,
                              'files': 'cfnlint/data/schemas/resources/<hash>.json (region us-east-1)'},
                   'types': types}, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
