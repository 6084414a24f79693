#!/usr/bin/env node
'use strict';
// Dump, for the CloudFormation types in scope.json, every property path of the AWS CDK team's
// service database (@aws-cdk/aws-service-spec, the version pinned in
// tests/conformance/package-lock.json) with its `causesReplacement` flag ('yes' | 'maybe';
// absent = no) and the kind of its value.
//
// usage: node tools/updaterules/dump_cdk.js SCOPE_JSON OUT_JSON
//
// Paths are "Parent/Child": array and map levels are transparent; a property whose type is a
// reference to a type definition is descended into (cycles are cut).  Loads db.json.gz the way
// tests/conformance/cfn-check.js does.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function main() {
  const [scopeFile, out] = process.argv.slice(2);
  if (!scopeFile || !out) {
    process.stderr.write('usage: node dump_cdk.js SCOPE_JSON OUT_JSON\n');
    process.exit(2);
  }
  const conf = path.join(__dirname, '../../tests/conformance');
  let file;
  try {
    file = require.resolve('@aws-cdk/aws-service-spec/db.json.gz', { paths: [conf] });
  } catch (e) {
    file = path.join(conf, 'node_modules/@aws-cdk/aws-service-spec/db.json.gz');
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'package.json'), 'utf8'));
  const spec = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')).schema;
  const res = new Map();
  for (const r of spec.resource.entities) res.set(r.cloudFormationType, r);
  const td = new Map();
  for (const t of spec.typeDefinition.entities) td.set(t.$id, t);

  // kind of a Type, and the type definitions it leads to
  function kindOf(type, refs) {
    switch (type.type) {
      case 'array': case 'map': {
        const k = kindOf(type.element, refs);
        return (type.type === 'array' ? 'list of ' : 'map of ') + k;
      }
      case 'ref': refs.push(type.reference.$ref); return 'object';
      case 'union': return type.types.map((t) => kindOf(t, refs)).join(' | ');
      default: return type.type;
    }
  }

  const scope = JSON.parse(fs.readFileSync(scopeFile, 'utf8'));
  const types = {};
  for (const entry of scope.cloudformation) {
    const t = entry.type;
    const r = res.get(entry.registry_type || t) || res.get(t);
    const rows = {};
    if (r) {
      const walk = (props, prefix, seen) => {
        for (const name of Object.keys(props).sort()) {
          const p = props[name];
          const refs = [];
          const kind = kindOf(p.type, refs);
          const row = { kind };
          if (p.causesReplacement && p.causesReplacement !== 'no') row.causesReplacement = p.causesReplacement;
          rows[prefix + name] = row;
          for (const id of refs) {
            if (seen.has(id)) continue;
            const def = td.get(id);
            if (def) walk(def.properties, prefix + name + '/', new Set([...seen, id]));
          }
        }
      };
      walk(r.properties, '', new Set());
    }
    types[t] = { found: !!r, properties: rows };
  }
  fs.writeFileSync(out, JSON.stringify({
    source: { package: pkg.name, version: pkg.version, file: 'db.json.gz' },
    types,
  }, null, 1) + '\n');
}

main();
