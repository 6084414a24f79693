#!/usr/bin/env python3
"""Report every resource type / property (CloudFormation) and resource / argument (Terraform)
that the generator templates use but the update-behaviour data lacks.

usage: check_coverage.py [--templates DIR] [--data DIR] [-v]
  --templates  the templates folder (default: <repo>/templates, with cloudformation/ and
               terraform/ inside; each file is {"document": ..., "attributes": ...})
  --data       the folder holding cfn.json and tf.json (default: this script's folder)
  -v           also list what is covered and by which row

A used path is covered when the data has a row for it, or when its nearest ancestor that has a
row has no rows below it (an opaque value: JSON policy documents, tag lists, maps).  Template
placeholders ("@{...}" keys), intrinsic functions (Ref, Fn::*) and Terraform meta-arguments
(count, for_each, provider, depends_on, lifecycle, provisioner, connection) are not properties.
Rows the data marks "replace (unverified)" are reported too when a template uses them.
Prints nothing and exits 0 when everything is covered; otherwise one line per gap, exit 1.
Python 3 standard library only.
"""
import glob
import json
import os
import sys

TF_META = {'count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection'}


def walk(obj, prefix, out, skip_top=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k.startswith('@{') or k == 'Ref' or k.startswith('Fn::'):
                continue
            if not prefix and k in skip_top:
                continue
            p = prefix + '/' + k if prefix else k
            out.add(p)
            walk(v, p, out)
    elif isinstance(obj, list):
        for x in obj:
            walk(x, prefix, out)


def used_paths(tdir):
    cfn, tf = {}, {}
    for f in sorted(glob.glob(os.path.join(tdir, 'cloudformation', '*.json'))):
        doc = json.load(open(f)).get('document', {})
        for lid, r in (doc.get('Resources') or {}).items():
            s = cfn.setdefault(r.get('Type'), {})
            paths = set()
            walk(r.get('Properties') or {}, '', paths)
            for p in paths:
                s.setdefault(p, set()).add(os.path.basename(f))
            s.setdefault('', set()).add(os.path.basename(f))
    for f in sorted(glob.glob(os.path.join(tdir, 'terraform', '*.json'))):
        doc = json.load(open(f)).get('document', {})
        for t, insts in (doc.get('resource') or {}).items():
            s = tf.setdefault(t, {})
            for _name, body in insts.items():
                paths = set()
                walk(body, '', paths, TF_META)
                for p in paths:
                    s.setdefault(p, set()).add(os.path.basename(f))
                s.setdefault('', set()).add(os.path.basename(f))
    return cfn, tf


def check(kind, used, data, verbose):
    rows = {}
    for r in data['rows']:
        rows.setdefault(r['type'], {})[r['property']] = r
    gaps = []
    for t in sorted(used):
        files = used[t]
        if t not in rows:
            gaps.append('%s: %s: no rows for this type (used in %s)' % (kind, t, ', '.join(sorted(files['']))))
            continue
        have = rows[t]
        for p in sorted(k for k in files if k):
            where = ', '.join(sorted(files[p]))
            if p in have:
                row, how = have[p], 'row'
            else:
                parts = p.split('/')
                row = None
                for i in range(len(parts) - 1, 0, -1):
                    a = '/'.join(parts[:i])
                    if a in have:
                        if any(q.startswith(a + '/') for q in have):
                            row = None
                        else:
                            row, how = have[a], 'opaque value ' + a
                        break
            if row is None:
                gaps.append('%s: %s: %s: no row (used in %s)' % (kind, t, p, where))
                continue
            if row.get('note') and 'unverified' in row['note']:
                gaps.append('%s: %s: %s: behaviour unverified (used in %s)' % (kind, t, p, where))
            if verbose:
                print('%s: %s: %s: %s %s -> %s' % (kind, t, p, how, row['property'], row['behaviour']))
    return gaps


def main():
    args = sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    tdir = os.path.join(here, '..', '..', 'templates')
    ddir = here
    verbose = False
    while args:
        a = args.pop(0)
        if a == '--templates' and args:
            tdir = args.pop(0)
        elif a == '--data' and args:
            ddir = args.pop(0)
        elif a == '-v':
            verbose = True
        else:
            sys.stderr.write(__doc__)
            sys.exit(2)
    try:
        cfn_data = json.load(open(os.path.join(ddir, 'cfn.json')))
        tf_data = json.load(open(os.path.join(ddir, 'tf.json')))
    except OSError as e:
        sys.stderr.write('check_coverage: %s\n' % e)
        sys.exit(2)
    cfn, tf = used_paths(tdir)
    if not cfn and not tf:
        sys.stderr.write('check_coverage: no templates under %s\n' % tdir)
        sys.exit(2)
    gaps = check('cloudformation', cfn, cfn_data, verbose) + check('terraform', tf, tf_data, verbose)
    for g in gaps:
        print(g)
    sys.exit(1 if gaps else 0)


if __name__ == '__main__':
    main()
