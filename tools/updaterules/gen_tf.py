#!/usr/bin/env python3
"""Generate tf.json: Terraform (hashicorp/aws v6) update behaviour per (resource, argument path).

usage: gen_tf.py [DIR]     (DIR defaults to this script's directory)

Reads DIR/scope.json, DIR/sources/tf_schema.json (extract_tf.py), DIR/tf_curated.json and
DIR/rds_downtime.json; writes DIR/tf.json.  Python 3 standard library only.

Rules
  behaviour  "replace" when the argument's schema says ForceNew: true (SDKv2) or its plan
             modifiers contain RequiresReplace() (Plugin Framework); "conditional" when the
             resource's CustomizeDiff forces new for it only in some cases (ForceNewIf,
             ForceNewIfChange, diff.ForceNew inside a condition) or a RequiresReplaceIf plan
             modifier / ModifyPlan does (curated, with source); otherwise "update".  A nested
             argument has its own flag: in SDKv2 a ForceNew block only forces new when the block
             is added or removed, so children do not inherit it.
             The top-level "region" argument that v6 injects into every regional resource is
             forced new when it changes (internal/provider forceNewIfRegionChanges).
             An argument no source covers would be "replace" with "(unverified)" in the note.
  interruption  null for "replace"; otherwise only where a source states it: RDS / Aurora User
             Guide Downtime notes (rds_downtime.json) or the provider code (tf_curated.json).
"""
import json
import os
import sys

GLOBAL_SERVICES = ('aws_iam_',)  # no injected region argument (global service)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    load = lambda name: json.load(open(os.path.join(d, name)))
    scope = load('scope.json')
    schema = load('sources/tf_schema.json')
    curated = {(c['type'], c['property']): c for c in load('tf_curated.json')['rows']}
    rds = load('rds_downtime.json')
    rds_map = {tuple(x['tf']): x for x in rds['rows'] if x['tf']}
    ver = schema['source']['version']
    idx = schema['source'].get('index_commit')
    rows = []
    unverified = []
    for entry in scope['terraform']:
        t = entry['type']
        res = schema['resources'][t]
        files = ', '.join('internal/service/' + f for f in entry['files'])
        funcs = ', '.join(entry['funcs'])
        base = 'hashicorp/terraform-provider-aws %s %s (%s)' % (ver, files, funcs)
        args = dict(res['arguments'])
        cds = res['customdiff_forcenew']
        paths = set(args) | {p for (tt, p) in curated if tt == t}
        if not t.startswith(GLOBAL_SERVICES):
            paths.add('region')
        for p in sorted(paths):
            a = args.get(p)
            c = curated.get((t, p), {})
            notes = []
            if p == 'region' and a is None:
                beh = 'replace'
                bsrc = ('hashicorp/terraform-provider-aws %s internal/provider/sdkv2 forceNewIfRegionChanges / '
                        'internal/provider/framework resourceForceNewIfRegionChanges: ForceNew when region changes' % ver)
                notes.append('injected by the provider into every regional resource (v6); no change when it goes '
                             'from unset to the provider\'s region or back')
            elif 'behaviour' in c:
                beh, bsrc = c['behaviour'], c['behaviour_source']
            elif a is not None and a.get('unparsed'):
                beh, bsrc = 'replace', base + ': schema entry not parsed'
                notes.append('replace (unverified)')
                unverified.append((t, p))
            elif a is not None and a.get('force_new'):
                beh = 'replace'
                how = 'RequiresReplace()' if a['kind'] and a['kind'][0].isupper() else 'ForceNew: true'
                bsrc = '%s: %s' % (base, how)
                if a.get('kind') in ('list', 'set') and any(q.startswith(p + '/') for q in args):
                    notes.append('block-level ForceNew: adding or removing the block replaces the resource; '
                                 'nested arguments follow their own rows')
            elif p in cds:
                beh = 'conditional'
                bsrc = '%s: CustomizeDiff %s' % (base, '; '.join(cds[p]))
            elif a is not None and a.get('force_new_if'):
                beh = 'conditional'
                bsrc = '%s: %s' % (base, a['force_new_if'])
            elif a is not None:
                beh = 'update'
                bsrc = '%s: no ForceNew / RequiresReplace' % base
            else:
                beh, bsrc = 'replace', 'no source'
                notes.append('replace (unverified)')
                unverified.append((t, p))
            if a is not None and a.get('deprecated'):
                notes.append('deprecated argument')
            interruption, isrc = None, None
            if beh != 'replace':
                if 'interruption' in c:
                    interruption, isrc = c['interruption'], c['interruption_source']
                elif (t, p) in rds_map:
                    g = rds_map[(t, p)]
                    interruption, isrc = g['interruption'], rds['sources'][g['guide']]['cite']
                    notes.append('%s guide: "%s"' % ('RDS' if g['guide'] == 'rds' else 'Aurora', g['downtime_note']))
            if c.get('note'):
                notes.insert(0, c['note'])
            rows.append({'type': t, 'property': p, 'behaviour': beh, 'interruption': interruption,
                         'source': {'behaviour': bsrc, 'interruption': isrc},
                         'note': '; '.join(notes) if notes else None})
    rows.sort(key=lambda r: (r['type'], r['property']))
    meta = {
        'generated_by': 'tools/updaterules/gen_tf.py',
        'sources': {'provider': schema['source'], 'curated': 'tools/updaterules/tf_curated.json',
                    'rds_downtime': rds['sources']},
        'path_syntax': 'argument names joined by "/", list/set block levels transparent; '
                       'meta-arguments (count, for_each, provider, depends_on, lifecycle) are not rows',
        'unverified': ['%s %s' % u for u in unverified],
    }
    with open(os.path.join(d, 'tf.json'), 'w') as f:
        json.dump({'meta': meta, 'rows': rows}, f, indent=1)
        f.write('\n')
    print('tf.json: %d rows; %d unverified' % (len(rows), len(unverified)))


if __name__ == '__main__':
    main()
