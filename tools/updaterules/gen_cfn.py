#!/usr/bin/env python3
"""Generate cfn.json: CloudFormation update behaviour per (type, property path).

usage: gen_cfn.py [DIR]     (DIR defaults to this script's directory)

Reads DIR/sources/cdk.json (dump_cdk.js), DIR/sources/cfn_registry.json (extract_registry.py),
DIR/sources/cfn_docs.json (extract_cfn_docs.py) and the hand-curated DIR/cfn_curated.json;
writes DIR/cfn.json and DIR/cfn_disagreements.json.  Python 3 standard library only.

Rules
  behaviour  registry schema (createOnlyProperties -> "replace", conditionalCreateOnlyProperties
             -> "conditional", else "update"), applied to a path when the path or one of its
             ancestors is listed; the registry wins over the CDK database.  A path the registry
             schema lacks takes the CDK database's causesReplacement (yes -> replace,
             maybe -> conditional, else update), again inherited from ancestors.  A curated row
             can set the behaviour only for a path neither source has (custom resource
             properties).
  interruption  null for "replace".  Otherwise the curated value (URL given) if there is one,
             else for RDS the RDS / Aurora User Guide's Downtime notes (rds_downtime.json) - raised
             to "some" when the CloudFormation User Guide says Some interruptions - else the
             CloudFormation User Guide's "Update requires"
             class of the path (or of its nearest documented ancestor): No interruption ->
             "none", Some interruptions -> "some"; null when the guide has no class for it or
             its class is Replacement although the registry does not make the path create-only.
"""
import json
import os
import sys

DOCS_BASE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/'
DOCS_COMMIT = 'awsdocs/aws-cloudformation-user-guide@6c68a17 (2023-09-19)'
RANK = {'update': 0, 'conditional': 1, 'replace': 2}


def ancestors(path):
    """'A/B/C' -> ['A/B/C', 'A/B', 'A']"""
    parts = path.split('/')
    return ['/'.join(parts[:i]) for i in range(len(parts), 0, -1)]


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    load = lambda name: json.load(open(os.path.join(d, name)))
    scope = load('scope.json')
    cdk = load('sources/cdk.json')
    reg = load('sources/cfn_registry.json')
    docs = load('sources/cfn_docs.json')
    curated = load('cfn_curated.json')
    rds = load('rds_downtime.json')
    rds_map = {}
    for x in rds['rows']:
        if x['cfn']:
            rds_map[tuple(x['cfn'])] = x
    cdk_src = '%s %s' % (cdk['source']['package'], cdk['source']['version'])
    reg_src = 'registry schema (cfn-lint %s' % reg['source']['version']
    cur = {}
    for c in curated['rows']:
        cur[(c['type'], c['property'])] = c

    rows = []
    disagreements = []
    docs_conflicts = []
    docs_interruption_conflicts = []
    for entry in scope['cloudformation']:
        t = entry['type']
        ct = cdk['types'][t]['properties']
        rt = reg['types'][t]
        dt = docs['types'].get(t, {})
        rprops = set(rt.get('properties', []))
        create = set(rt.get('createOnly', []))
        cond = set(rt.get('conditionalCreateOnly', []))
        rname = '%s %s %s.json)' % (reg_src, rt.get('registry_type', t), rt.get('hash'))
        paths = set(ct) | rprops | {p for (tt, p) in cur if tt == t}

        def reg_state(p):
            best, why = 'update', None
            for a in ancestors(p):
                if a in create and RANK['replace'] > RANK[best]:
                    best, why = 'replace', 'createOnlyProperties /properties/' + a
                elif a in cond and RANK['conditional'] > RANK[best]:
                    best, why = 'conditional', 'conditionalCreateOnlyProperties /properties/' + a
            return best, why

        def cdk_state(p):
            best, why = 'update', None
            for a in ancestors(p):
                v = ct.get(a, {}).get('causesReplacement')
                s = {'yes': 'replace', 'maybe': 'conditional'}.get(v, 'update')
                if RANK[s] > RANK[best]:
                    best, why = s, 'causesReplacement %s on %s' % (v, a)
            return best, why

        for p in sorted(paths):
            c = cur.get((t, p), {})
            in_reg = p in rprops
            in_cdk = p in ct
            notes = []
            rs, rwhy = reg_state(p)
            cs, cwhy = cdk_state(p)
            if in_reg:
                beh = rs
                bsrc = '%s: %s' % (rname, rwhy or 'not create-only')
            elif in_cdk:
                beh = cs
                bsrc = '%s: %s' % (cdk_src, cwhy or 'causesReplacement absent')
                if rt.get('found'):
                    notes.append('path not in the registry schema shipped with cfn-lint %s; CDK data used'
                                 % reg['source']['version'])
            else:
                beh = c['behaviour']
                bsrc = c['behaviour_source']
            if in_reg and in_cdk and rs != cs:
                disagreements.append({'type': t, 'property': p, 'registry': rs, 'registry_why': rwhy,
                                      'cdk': cs, 'cdk_why': cwhy, 'used': beh})
            # documentation class (nearest documented ancestor)
            doc, doc_at = None, None
            for a in ancestors(p):
                if a in dt and dt[a]['update_requires']:
                    doc, doc_at = dt[a], a
                    break
            interruption, isrc = None, None
            g = rds_map.get((t, p))
            if beh != 'replace':
                if 'interruption' in c:
                    interruption, isrc = c['interruption'], c['interruption_source']
                elif g:
                    interruption, isrc = g['interruption'], rds['sources'][g['guide']]['cite']
                    notes.append('%s guide: "%s"' % ('RDS' if g['guide'] == 'rds' else 'Aurora', g['downtime_note']))
                    if doc and doc_at == p:
                        klass = {'No interruption': 'none', 'Some interruptions': 'some'}.get(doc['update_requires'])
                        url = '%s%s.html#%s (%s)' % (DOCS_BASE, doc['page'][:-3], doc['anchor'], DOCS_COMMIT)
                        if klass != interruption:
                            docs_interruption_conflicts.append({'type': t, 'property': p, 'cfn_docs_2023': doc['update_requires'],
                                                                'rds_guide': interruption})
                            notes.append('the CloudFormation User Guide (2023) class is "%s"' % doc['update_requires'])
                        if klass == 'some':
                            # both are AWS's word; CloudFormation's handler may add a reboot the API table does not
                            interruption = 'some'
                            isrc = url + '; ' + isrc
                elif doc:
                    klass = doc['update_requires']
                    url = '%s%s.html#%s (%s)' % (DOCS_BASE, doc['page'][:-3], doc['anchor'], DOCS_COMMIT)
                    if klass == 'No interruption':
                        interruption, isrc = 'none', url
                    elif klass == 'Some interruptions':
                        interruption, isrc = 'some', url
                    else:
                        isrc = url
                        notes.append('the 2023 User Guide says "Update requires: %s" but the registry schema '
                                     'does not make it create-only; interruption not documented' % klass)
                    if doc_at != p:
                        notes.append('interruption class inherited from %s' % doc_at)
                else:
                    notes.append('no "Update requires" class in the 2023 User Guide snapshot')
            if doc and doc_at == p:
                klass = doc['update_requires']
                dstate = 'replace' if klass in ('Replacement', 'Updates are not supported') else 'update'
                if in_reg and (dstate == 'replace') != (beh == 'replace') and (beh != 'replace' or rwhy.endswith('/' + p)):
                    docs_conflicts.append({'type': t, 'property': p, 'docs_2023': klass, 'used': beh})
            if c.get('note'):
                notes.insert(0, c['note'])
            rows.append({
                'type': t,
                'property': p,
                'behaviour': beh,
                'interruption': interruption,
                'source': {'behaviour': bsrc, 'interruption': isrc},
                'note': '; '.join(notes) if notes else None,
            })
    rows.sort(key=lambda r: (r['type'], r['property']))
    meta = {
        'generated_by': 'tools/updaterules/gen_cfn.py',
        'sources': {
            'cdk': cdk['source'],
            'registry': reg['source'],
            'docs': docs['source'],
            'curated': 'tools/updaterules/cfn_curated.json',
            'rds_downtime': rds['sources'],
        },
        'path_syntax': 'property names joined by "/", list and map levels transparent; '
                       'a change under a path with no row of its own takes the nearest ancestor row',
    }
    with open(os.path.join(d, 'cfn.json'), 'w') as f:
        json.dump({'meta': meta, 'rows': rows}, f, indent=1, sort_keys=False)
        f.write('\n')
    disagreements.sort(key=lambda r: (r['type'], r['property']))
    docs_conflicts.sort(key=lambda r: (r['type'], r['property']))
    with open(os.path.join(d, 'cfn_disagreements.json'), 'w') as f:
        json.dump({'cdk_vs_registry': disagreements, 'docs2023_vs_registry': docs_conflicts,
                   'docs2023_vs_rds_guide_interruption': docs_interruption_conflicts}, f, indent=1)
        f.write('\n')
    print('cfn.json: %d rows; %d CDK-vs-registry disagreements; %d docs-vs-registry'
          % (len(rows), len(disagreements), len(docs_conflicts)))


if __name__ == '__main__':
    main()
