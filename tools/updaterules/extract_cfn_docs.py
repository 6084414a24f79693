#!/usr/bin/env python3
"""Extract CloudFormation's documented "Update requires" class per property path.

Source: the Markdown source of the AWS CloudFormation User Guide resource reference,
github.com/awsdocs/aws-cloudformation-user-guide, directory doc_source/ (the repository was
archived in Dec 2023; its last content commit is 6c68a17aef7f0ccd1f6786f19da341d8c92737e7,
"Periodic update - 19 Sep 2023"; the content was deleted in the next commit, so read that one).

usage: extract_cfn_docs.py DOC_SOURCE_DIR SCOPE_JSON OUT_JSON

DOC_SOURCE_DIR: a checkout of doc_source/ at that commit, e.g.
    git -C <clone> archive 6c68a17aef7f0ccd1f6786f19da341d8c92737e7 doc_source | tar -x -C DIR
SCOPE_JSON: tools/updaterules/scope.json (the CloudFormation types in scope)
OUT_JSON: {type: {path: {"update_requires": ..., "page": file, "anchor": ...}}}

A property block in those pages looks like
    `Name`  <a name="cfn-...-name"></a>
    ...
    *Type*: [Sub](aws-properties-....md)   or   List of [Sub](...)   or   String
    *Update requires*: [No interruption](...)
Nested property types are followed through their *Type* links; paths are "Parent/Child"
(list and map levels are transparent).  Python 3 standard library only.
"""
import json
import os
import re
import sys

HEAD_RE = re.compile(r'^# (AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)(?: ([A-Za-z0-9.]+))?\s*<a name="([^"]+)"')
PROP_RE = re.compile(r'^`([A-Za-z0-9_.:-]+)`\s*<a name="([^"]+)"></a>')
TYPE_RE = re.compile(r'^\*Type\*: (.*?)\s*$')
UPD_RE = re.compile(r'^\*Update requires\*: (.*?)\s*$')
LINK_RE = re.compile(r'\[([^\]]*)\]\(([^)]+\.md)\)')


def norm_update(text):
    t = re.sub(r'\]\([^)]*\)', ']', text)
    t = t.replace('[', '').replace(']', '').replace('\\', '').strip().rstrip('.')
    for k in ('No interruption', 'Some interruptions', 'Replacement'):
        if t.startswith(k):
            return k
    if t.lower().startswith('updates are not supported'):
        return 'Updates are not supported'
    return t


def parse_page(path):
    """-> (heading type, [ {name, anchor, type_links:[file], update_requires} ])"""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    head = None
    props = []
    cur = None
    in_props = False
    for ln in lines:
        m = HEAD_RE.match(ln)
        if m and head is None:
            head = (m.group(1), m.group(2))
            continue
        if ln.startswith('## '):
            in_props = ln.startswith('## Properties')
            cur = None
            continue
        if not in_props:
            continue
        m = PROP_RE.match(ln)
        if m:
            cur = {'name': m.group(1), 'anchor': m.group(2), 'links': [], 'update_requires': None}
            props.append(cur)
            continue
        if cur is None:
            continue
        m = TYPE_RE.match(ln)
        if m:
            cur['links'] = [l for _, l in LINK_RE.findall(m.group(1))
                            if l.startswith('aws-properties-') and not l.startswith('aws-properties-resource-tags')]
            continue
        m = UPD_RE.match(ln)
        if m:
            cur['update_requires'] = norm_update(m.group(1))
    return head, props


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    docdir, scope_file, out = sys.argv[1:]
    scope = json.load(open(scope_file))
    want = [t['type'] for t in scope['cloudformation']]
    # map resource type -> its top-level page (by the page heading, since file names vary)
    top = {}
    for fn in sorted(os.listdir(docdir)):
        if not fn.endswith('.md') or not (fn.startswith('aws-resource-') or fn.startswith('aws-properties-')):
            continue
        with open(os.path.join(docdir, fn), encoding='utf-8') as f:
            first = f.readline()
        m = HEAD_RE.match(first)
        if m and m.group(2) is None:
            top.setdefault(m.group(1), fn)
    cache = {}

    def page(fn):
        if fn not in cache:
            p = os.path.join(docdir, fn)
            cache[fn] = parse_page(p)[1] if os.path.exists(p) else None
        return cache[fn]

    result = {}
    for t in want:
        fn = top.get(t)
        if t.startswith('Custom::'):
            fn = top.get('AWS::CloudFormation::CustomResource')
        if not fn:
            result[t] = {}
            continue
        rows = {}

        def walk(fn, prefix, seen):
            props = page(fn)
            if props is None:
                return
            for p in props:
                path = prefix + p['name']
                rows[path] = {'update_requires': p['update_requires'], 'page': fn, 'anchor': p['anchor']}
                for l in p['links']:
                    if l not in seen:
                        walk(l, path + '/', seen | {l})

        walk(fn, '', {fn})
        result[t] = dict(sorted(rows.items()))
    with open(out, 'w') as f:
        json.dump({'source': {
            'repository': 'https://github.com/awsdocs/aws-cloudformation-user-guide',
            'commit': '6c68a17aef7f0ccd1f6786f19da341d8c92737e7',
            'commit_date': '2023-09-19',
            'directory': 'doc_source',
            'published_as': 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/<page>.html#<anchor>'},
            'types': result}, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
