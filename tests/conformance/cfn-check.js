#!/usr/bin/env node
'use strict';
const USAGE = `usage: node tests/conformance/cfn-check.js TEMPLATE.json...

Checks CloudFormation JSON templates against AWS's definitions of the resource types (the
AWS CDK team's database @aws-cdk/aws-service-spec, pinned in package-lock.json; run
\`npm ci\` in tests/conformance first):
  - template sections, parameters (names, Type, Default), conditions, mappings, outputs
    (Value, Export.Name, unique export names), limits (500 resources, 200 outputs, ...)
  - resources: logical ids, resource attributes (DeletionPolicy, UpdateReplacePolicy,
    DependsOn, Condition, Metadata), the type exists, property names (nested property
    types too), required properties, value kinds, custom resources need ServiceToken
  - intrinsic functions: known names and argument shapes; whether they give a single value
    or a list where the property wants the other; Ref / Fn::GetAtt / Fn::Sub / DependsOn
    targets exist; Fn::GetAtt attribute names; a Ref or Fn::GetAtt passed to a property that
    names the resource type (and attribute) it expects, e.g. Subnet.VpcId wants an
    AWS::EC2::VPC; circular dependencies; {{resolve:...}} dynamic references
Prints "FILE: ok" or one line per problem "FILE: PATH: MESSAGE".
Exit status: 0 no problem, 1 problems, 2 usage or I/O error.
`;
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { isObj, kindOf, suggest, main } = require('./common.js');

// ------------------------------------------------------------------ the service database
// db.json.gz: { schema: { resource: { entities: [...] }, typeDefinition: { entities: [...] }, ... } }
//   resource:       { cloudFormationType, properties: {Name: Property}, attributes: {Name: {type}},
//                     primaryIdentifier: [...], cfnRefIdentifier?: [...] }
//   typeDefinition: { $id, name, properties: {Name: Property} }
//   Property:       { type: Type, required?, previousTypes?: [Type], relationshipRefs?: [{cloudFormationType, propertyName}] }
//   Type:           {type: string|integer|number|boolean|date-time|json|tag}
//                   | {type: array|map, element: Type} | {type: ref, reference: {$ref: id}} | {type: union, types: [Type]}
let DB = null;
function db() {
  if (DB) return DB;
  let file;
  try {
    file = require.resolve('@aws-cdk/aws-service-spec/db.json.gz', { paths: [__dirname] });
  } catch (e) {
    file = path.join(__dirname, 'node_modules/@aws-cdk/aws-service-spec/db.json.gz');
  }
  let raw;
  try { raw = fs.readFileSync(file); } catch (e) {
    process.stderr.write(`cfn-check: cannot read ${file}: ${e.message}\ncfn-check: run "npm ci" in tests/conformance (or "make deps-test")\n`);
    process.exit(2);
  }
  const spec = JSON.parse(zlib.gunzipSync(raw).toString('utf8')).schema;
  DB = { res: new Map(), td: new Map() };
  for (const r of spec.resource.entities) DB.res.set(r.cloudFormationType, r);
  for (const t of spec.typeDefinition.entities) DB.td.set(t.$id, t);
  return DB;
}

// ------------------------------------------------------------------ CloudFormation's own rules
// the transforms of hosted secret rotation (CloudFormation's AWS::SecretsManager transform page)
const SECRETS_MANAGER_TRANSFORMS = ['AWS::SecretsManager-2020-07-23', 'AWS::SecretsManager-2024-09-16'];
const SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings',
  'Conditions', 'Resources', 'Outputs'];
const RESOURCE_KEYS = ['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy',
  'Metadata', 'CreationPolicy', 'UpdatePolicy'];
const DELETION_POLICIES = ['Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate'];
const UPDATE_REPLACE_POLICIES = ['Delete', 'Retain', 'Snapshot'];
// DeletionPolicy / UpdateReplacePolicy Snapshot: the types that support it (CloudFormation User Guide,
// "DeletionPolicy attribute").
const SNAPSHOT_TYPES = ['AWS::EC2::Volume', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::Redshift::Cluster',
  'AWS::DocDB::DBCluster'];
const PSEUDO = {
  'AWS::AccountId': 'one', 'AWS::NotificationARNs': 'list', 'AWS::NoValue': 'novalue', 'AWS::Partition': 'one',
  'AWS::Region': 'one', 'AWS::StackId': 'one', 'AWS::StackName': 'one', 'AWS::URLSuffix': 'one',
};
const PARAM_KEYS = ['Type', 'Default', 'Description', 'AllowedValues', 'AllowedPattern', 'ConstraintDescription',
  'MaxLength', 'MinLength', 'MaxValue', 'MinValue', 'NoEcho'];
const AWS_PARAM_TYPES = ['AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName', 'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id', 'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id'];
// -> 'one' | 'list' (what Ref to such a parameter gives), or null if the type is not valid
function paramKind(type) {
  if (typeof type !== 'string') return null;
  if (type === 'String' || type === 'Number' || type === 'AWS::SSM::Parameter::Name' || AWS_PARAM_TYPES.includes(type)) return 'one';
  if (type === 'CommaDelimitedList' || type === 'List<Number>') return 'list';
  let m = /^List<(.+)>$/.exec(type);
  if (m && AWS_PARAM_TYPES.includes(m[1])) return 'list';
  m = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (m) {
    const inner = m[1];
    if (inner === 'String' || AWS_PARAM_TYPES.includes(inner)) return 'one';
    if (inner === 'List<String>' || inner === 'CommaDelimitedList') return 'list';
    const l = /^List<(.+)>$/.exec(inner);
    if (l && AWS_PARAM_TYPES.includes(l[1])) return 'list';
  }
  return null;
}
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;
const FUNCTIONS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::GetAZs', 'Fn::If',
  'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::ImportValue'];
const CONDITION_FUNCTIONS = ['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition'];
const TRANSFORM_FUNCTIONS = ['Fn::Length', 'Fn::ToJsonString', 'Fn::ForEach', 'Fn::Transform'];
const isCustom = (type) => type === 'AWS::CloudFormation::CustomResource' || /^Custom::/.test(type);
const SCALAR_TYPES = ['string', 'integer', 'number', 'boolean', 'date-time'];

// an object that is an intrinsic function call (or tries to be one)
const fnName = (v) => {
  if (!isObj(v)) return null;
  const ks = Object.keys(v);
  return ks.length === 1 && (ks[0] === 'Ref' || ks[0].startsWith('Fn::') || ks[0] === 'Condition') ? ks[0] : null;
};
const isNoValue = (v) => fnName(v) === 'Ref' && v.Ref === 'AWS::NoValue';

// ------------------------------------------------------------------ the check
function checkTemplate(t, report) {
  // problems normally go to report; while alternatives of a union type are tried, to a sink
  let sink = null;
  const problem = (p, m) => (sink ? sink(p, m) : report(p, m));
  const withProblemSink = (s, f) => { const old = sink; sink = s; try { f(); } finally { sink = old; } };
  if (!isObj(t)) { problem([], `a template is a JSON object, not ${kindOf(t)}`); return; }
  for (const k of Object.keys(t)) {
    if (k === 'Transform') {
      // AWS::SecretsManager only expands a RotationSchedule's HostedRotationLambda into a
      // nested stack: the template as written is what the schemas check. Any other macro
      // rewrites the template, which is then not the one checked.
      const names = Array.isArray(t[k]) ? t[k] : [t[k]];
      for (const n of names)
        if (!SECRETS_MANAGER_TRANSFORMS.includes(n))
          problem([k], `Transform ${JSON.stringify(n)} is not expected: templates processed by macros other than ${SECRETS_MANAGER_TRANSFORMS.join(' or ')} are not checked`);
    }
    else if (!SECTIONS.includes(k)) problem([k], `unknown top-level section '${k}'${suggest(k, SECTIONS)}`);
  }
  if ('AWSTemplateFormatVersion' in t && t.AWSTemplateFormatVersion !== '2010-09-09') {
    problem(['AWSTemplateFormatVersion'], "AWSTemplateFormatVersion must be '2010-09-09'");
  }
  if ('Description' in t) {
    if (typeof t.Description !== 'string') problem(['Description'], `Description must be a string, not ${kindOf(t.Description)}`);
    else if (Buffer.byteLength(t.Description) > 1024) problem(['Description'], `Description is ${Buffer.byteLength(t.Description)} bytes; the limit is 1024`);
  }
  for (const s of ['Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Outputs']) {
    if (s in t && !isObj(t[s])) problem([s], `${s} must be an object, not ${kindOf(t[s])}`);
  }
  if (!isObj(t.Resources)) { problem(['Resources'], t.Resources === undefined ? 'a template needs a Resources section' : `Resources must be an object, not ${kindOf(t.Resources)}`); return; }
  const resources = t.Resources;
  const params = isObj(t.Parameters) ? t.Parameters : {};
  const conditions = isObj(t.Conditions) ? t.Conditions : {};
  const mappings = isObj(t.Mappings) ? t.Mappings : {};
  const outputs = isObj(t.Outputs) ? t.Outputs : {};
  const limit = (obj, n, what, sect) => { if (Object.keys(obj).length > n) problem([sect], `${Object.keys(obj).length} ${what}; the limit is ${n}`); };
  if (!Object.keys(resources).length) problem(['Resources'], 'Resources is empty; a template needs at least one resource');
  limit(resources, 500, 'resources', 'Resources');
  limit(params, 200, 'parameters', 'Parameters');
  limit(outputs, 200, 'outputs', 'Outputs');
  limit(mappings, 200, 'mappings', 'Mappings');
  const D = db();

  // ---- parameters
  for (const [name, p] of Object.entries(params)) {
    const P = ['Parameters', name];
    if (!LOGICAL_ID.test(name)) problem(P, `parameter name '${name}' must be alphanumeric (A-Z, a-z, 0-9), at most 255 characters`);
    if (name in resources) problem(P, `'${name}' is both a parameter and a resource`);
    if (!isObj(p)) { problem(P, `a parameter is an object, not ${kindOf(p)}`); continue; }
    for (const k of Object.keys(p)) if (!PARAM_KEYS.includes(k)) problem([...P, k], `unknown parameter attribute '${k}'${suggest(k, PARAM_KEYS)}`);
    if (!('Type' in p)) problem(P, 'a parameter needs a Type');
    else if (!paramKind(p.Type)) problem([...P, 'Type'], `unknown parameter type ${JSON.stringify(p.Type)}`);
    for (const k of ['Description', 'AllowedPattern', 'ConstraintDescription']) {
      if (k in p && typeof p[k] !== 'string') problem([...P, k], `${k} must be a string`);
    }
    for (const k of ['MaxLength', 'MinLength', 'MaxValue', 'MinValue']) {
      if (k in p && !(typeof p[k] === 'number' || (typeof p[k] === 'string' && /^-?\d+(\.\d+)?$/.test(p[k])))) problem([...P, k], `${k} must be a number`);
    }
    if ('NoEcho' in p && !(typeof p.NoEcho === 'boolean' || /^(true|false)$/i.test(p.NoEcho))) problem([...P, 'NoEcho'], 'NoEcho must be true or false');
    if ('AllowedValues' in p && !Array.isArray(p.AllowedValues)) problem([...P, 'AllowedValues'], 'AllowedValues must be a list');
    if ('Default' in p) {
      const d = p.Default;
      if (isObj(d) || Array.isArray(d) || d === null) problem([...P, 'Default'], `a parameter Default is a string or number, not ${kindOf(d)}`);
      else if (p.Type === 'Number' && !(typeof d === 'number' || /^-?\d+(\.\d+)?$/.test(d))) problem([...P, 'Default'], `Default ${JSON.stringify(d)} is not a number`);
      if (Array.isArray(p.AllowedValues) && !Array.isArray(d) && !p.AllowedValues.map(String).includes(String(d))) {
        problem([...P, 'Default'], `Default ${JSON.stringify(d)} is not one of AllowedValues`);
      }
    }
  }

  // ---- mappings
  for (const [name, m] of Object.entries(mappings)) {
    if (!/^[A-Za-z0-9]+$/.test(name)) problem(['Mappings', name], `mapping name '${name}' must be alphanumeric`);
    if (!isObj(m)) { problem(['Mappings', name], 'a mapping is an object of objects'); continue; }
    for (const [k, v] of Object.entries(m)) if (!isObj(v)) problem(['Mappings', name, k], `a mapping's top-level key maps to an object, not ${kindOf(v)}`);
  }

  // ---- references: a context tells what may be referred to
  // ctx: { owner: logical id of the resource being checked (for the dependency graph) or null,
  //        type: its type, custom: it is a custom resource,
  //        inConditions: condition functions are allowed,
  //        paramsOnly: a description of a place that may refer to parameters only }
  const edges = new Map(); // logical id -> Set of logical ids it depends on
  const depend = (ctx, target) => { if (ctx.owner) edges.get(ctx.owner).add(target); };
  for (const lid of Object.keys(resources)) edges.set(lid, new Set());

  const resType = (lid) => (isObj(resources[lid]) && typeof resources[lid].Type === 'string' ? resources[lid].Type : null);
  // attribute names of a type; null = any attribute (custom resources, unknown types)
  const attributesOf = (type) => {
    if (!type || isCustom(type)) return null;
    const r = D.res.get(type);
    return r ? r.attributes || {} : null;
  };
  const checkAttribute = (lid, att, P) => {
    // returns the kind of value it gives: 'one' | 'list' | 'any'
    const type = resType(lid);
    const atts = attributesOf(type);
    if (!atts || typeof att !== 'string') return 'any';
    if (type === 'AWS::CloudFormation::Stack' && /^Outputs\.[A-Za-z0-9]+$/.test(att)) return 'any';
    if (!(att in atts)) {
      problem(P, `${type} has no attribute '${att}' (Fn::GetAtt ${lid}.${att})${suggest(att, Object.keys(atts))}`);
      return 'any';
    }
    const ty = atts[att].type;
    return ty.type === 'array' ? 'list' : SCALAR_TYPES.includes(ty.type) ? 'one' : 'any';
  };
  const targetExists = (name, P, how, ctx) => {
    if (name in PSEUDO) return PSEUDO[name];
    if (name in params) return paramKind(params[name].Type) || 'any';
    if (name in resources) {
      if (ctx.paramsOnly) { problem(P, `${how} '${name}': ${ctx.paramsOnly} may refer to parameters only, not to resources`); return 'any'; }
      depend(ctx, name);
      return 'one';
    }
    problem(P, `${how} '${name}' refers to nothing: no such resource, parameter or pseudo parameter${suggest(name, [...Object.keys(resources), ...Object.keys(params), ...Object.keys(PSEUDO)])}`);
    return 'any';
  };
  const checkConditionName = (name, P) => {
    if (typeof name !== 'string') { problem(P, 'a condition name is a string'); return; }
    if (!(name in conditions)) problem(P, `no condition named '${name}'${suggest(name, Object.keys(conditions))}`);
  };

  // dynamic references {{resolve:service:...}} inside a string
  const checkString = (s, P, ctx) => {
    if (typeof s !== 'string' || !s.includes('{{resolve:')) return;
    const DYNREF = /\{\{resolve:((?:\$\{[^}]*\}|[^}])*)\}\}/g; // may contain Fn::Sub's ${X}
    for (const m of s.matchAll(DYNREF)) {
      const [service, ...rest] = m[1].split(':');
      const ref = rest.join(':');
      if (!['ssm', 'ssm-secure', 'secretsmanager'].includes(service)) { problem(P, `dynamic reference {{resolve:${m[1]}}}: unknown service '${service}' (ssm, ssm-secure, secretsmanager)`); continue; }
      if (!ref) { problem(P, `dynamic reference {{resolve:${service}:...}} names no parameter or secret`); continue; }
      if (ctx.custom && service !== 'ssm') problem(P, `dynamic reference {{resolve:${service}:...}}: CloudFormation does not resolve ${service} references in custom resources`);
      if (service === 'secretsmanager') {
        const parts = ref.split(':');
        const idLen = parts[0] === 'arn' ? 7 : 1;
        const after = parts.slice(idLen);
        if (after.length && after[0] !== 'SecretString') problem(P, `dynamic reference {{resolve:secretsmanager:${ref}}}: after the secret id comes 'SecretString', not '${after[0]}'`);
        if (after.length > 4) problem(P, `dynamic reference {{resolve:secretsmanager:${ref}}}: too many fields (secret-id:SecretString:json-key:version-stage:version-id)`);
      }
    }
    if (s.replace(DYNREF, '').includes('{{resolve:')) problem(P, 'unterminated dynamic reference {{resolve:...');
  };

  // Walks any value (a json-typed property, Metadata, a condition, an argument of a function)
  // and checks every intrinsic function in it. Returns the kind of the value.
  const walkAny = (v, P, ctx) => {
    if (fnName(v)) return intrinsic(v, P, ctx, null);
    if (Array.isArray(v)) { v.forEach((x, i) => walkAny(x, [...P, i], ctx)); return 'list'; }
    if (isObj(v)) {
      const ks = Object.keys(v);
      if (ks.length > 1 && ks.some((k) => k === 'Ref' || k.startsWith('Fn::'))) problem(P, `an intrinsic function is an object with exactly one key; this one has ${ks.length}: ${ks.join(', ')}`);
      for (const [k, x] of Object.entries(v)) walkAny(x, [...P, k], ctx);
      return 'object';
    }
    checkString(v, P, ctx);
    return 'one';
  };

  // Checks an intrinsic function call; expected is the property's Type (or null: anything).
  // Returns 'one' | 'list' | 'any' | 'novalue'.
  function intrinsic(v, P, ctx, expected) {
    const fn = fnName(v);
    const arg = v[fn];
    const AP = [...P, fn];
    const bad = (msg) => { problem(AP, msg); return 'any'; };
    if (CONDITION_FUNCTIONS.includes(fn)) {
      if (!ctx.inConditions) return bad(`${fn} may only be used in the Conditions section`);
      if (fn === 'Condition') { checkConditionName(arg, AP); return 'one'; }
      if (!Array.isArray(arg)) return bad(`${fn} takes a list`);
      if (fn === 'Fn::Equals' && arg.length !== 2) return bad('Fn::Equals takes exactly two values');
      if (fn === 'Fn::Not' && arg.length !== 1) return bad('Fn::Not takes exactly one condition');
      if ((fn === 'Fn::And' || fn === 'Fn::Or') && (arg.length < 2 || arg.length > 10)) return bad(`${fn} takes 2 to 10 conditions`);
      arg.forEach((x, i) => walkAny(x, [...AP, i], ctx));
      return 'one';
    }
    if (TRANSFORM_FUNCTIONS.includes(fn)) return bad(`${fn} needs a Transform (AWS::LanguageExtensions or a macro), which these templates do not declare`);
    if (!FUNCTIONS.includes(fn)) return bad(`unknown intrinsic function '${fn}'${suggest(fn, [...FUNCTIONS, ...CONDITION_FUNCTIONS])}`);
    switch (fn) {
      case 'Ref':
        if (typeof arg !== 'string') return bad('Ref takes the name of a resource or parameter (a string)');
        if (arg === 'AWS::NoValue') return 'novalue';
        {
          const kind = targetExists(arg, AP, 'Ref', ctx);
          if (arg in resources && expected && expected.rel) relationship(expected.rel, arg, null, AP);
          return kind;
        }
      case 'Fn::GetAtt': {
        let lid, att;
        if (typeof arg === 'string') {
          const dot = arg.indexOf('.');
          if (dot < 1) return bad("Fn::GetAtt takes [LogicalId, Attribute] or 'LogicalId.Attribute'");
          lid = arg.slice(0, dot); att = arg.slice(dot + 1);
        } else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
          [lid, att] = arg;
          if (typeof att !== 'string') {
            if (fnName(att) === 'Ref') walkAny(att, [...AP, 1], ctx);
            else return bad('the attribute name of Fn::GetAtt is a string (or a Ref to a parameter)');
          }
        } else return bad('Fn::GetAtt takes [LogicalId, Attribute]');
        if (!(lid in resources)) {
          return bad(`Fn::GetAtt '${lid}' refers to no resource${lid in params || lid in PSEUDO ? ' (it is a parameter: use Ref)' : ''}${suggest(lid, Object.keys(resources))}`);
        }
        if (ctx.paramsOnly) return bad(`${ctx.paramsOnly} may refer to parameters only, not to resources`);
        depend(ctx, lid);
        const kind = checkAttribute(lid, att, AP);
        if (expected && expected.rel && typeof att === 'string') relationship(expected.rel, lid, att, AP);
        return kind;
      }
      case 'Fn::Sub': {
        let s, vars = {};
        if (typeof arg === 'string') s = arg;
        else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isObj(arg[1])) {
          [s, vars] = arg;
          for (const [k, x] of Object.entries(vars)) {
            if (!/^[A-Za-z0-9_.:]+$/.test(k)) problem([...AP, 1, k], `Fn::Sub variable name '${k}' is not valid`);
            const kind = walkAny(x, [...AP, 1, k], ctx);
            if (kind === 'list' || kind === 'object') problem([...AP, 1, k], 'a Fn::Sub variable must be a single value, not a list or object');
          }
        } else return bad('Fn::Sub takes a string or [string, {variables}]');
        checkString(s, AP, ctx);
        for (const m of s.matchAll(/\$\{([^}]*)\}/g)) {
          const name = m[1];
          if (name.startsWith('!')) continue; // ${!Literal}
          const n = name.trim();
          if (n !== name || !n) { problem(AP, `Fn::Sub: '\${${name}}' is not a valid variable`); continue; }
          if (n in vars) continue;
          if (n in PSEUDO || n in params) { targetExists(n, AP, 'Fn::Sub variable', ctx); if (n in params && paramKind(params[n].Type) === 'list') problem(AP, `Fn::Sub \${${n}}: parameter '${n}' is a list; Fn::Sub needs single values (use Fn::Join)`); continue; }
          const dot = n.indexOf('.');
          if (dot > 0) {
            const lid = n.slice(0, dot), att = n.slice(dot + 1);
            if (!(lid in resources)) { problem(AP, `Fn::Sub \${${n}}: no resource named '${lid}'${suggest(lid, Object.keys(resources))}`); continue; }
            if (ctx.paramsOnly) { problem(AP, `${ctx.paramsOnly} may refer to parameters only, not to resources`); continue; }
            depend(ctx, lid);
            if (checkAttribute(lid, att, AP) === 'list') problem(AP, `Fn::Sub \${${n}}: that attribute is a list; Fn::Sub needs single values`);
            continue;
          }
          targetExists(n, AP, 'Fn::Sub variable', ctx);
        }
        if (/\$\{[^}]*$/.test(s.replace(/\$\{[^}]*\}/g, ''))) problem(AP, "Fn::Sub: '${' without a closing '}'");
        return 'one';
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) return bad('Fn::Join takes [delimiter, [values...]]');
        if (typeof arg[0] !== 'string') problem([...AP, 0], 'the Fn::Join delimiter is a literal string');
        listArg(arg[1], [...AP, 1], ctx, 'Fn::Join');
        return 'one';
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return bad('Fn::Select takes [index, list]');
        const [ix, list] = arg;
        if (fnName(ix)) walkAny(ix, [...AP, 0], ctx);
        else if (!(Number.isInteger(ix) && ix >= 0) && !(typeof ix === 'string' && /^\d+$/.test(ix))) problem([...AP, 0], `the Fn::Select index is a non-negative integer, not ${JSON.stringify(ix)}`);
        const kind = listArg(list, [...AP, 1], ctx, 'Fn::Select');
        if (Array.isArray(list) && !fnName(ix) && Number(ix) >= list.length) problem([...AP, 0], `Fn::Select index ${ix} is past the end of a ${list.length}-element list`);
        if (Array.isArray(list) && !fnName(ix) && Number(ix) < list.length) {
          const el = list[Number(ix)];
          return fnName(el) ? 'any' : Array.isArray(el) ? 'list' : 'one';
        }
        return kind === 'list' ? 'one' : 'any';
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) return bad('Fn::Split takes [delimiter, string]');
        if (typeof arg[0] !== 'string') problem([...AP, 0], 'the Fn::Split delimiter is a literal string');
        const k = walkAny(arg[1], [...AP, 1], ctx);
        if (k === 'list' || k === 'object') problem([...AP, 1], 'Fn::Split splits a string, not a list or object');
        return 'list';
      }
      case 'Fn::GetAZs': {
        if (typeof arg === 'string') return 'list';
        if (fnName(arg) === 'Ref' && arg.Ref === 'AWS::Region') return 'list';
        if (fnName(arg) === 'Ref') { walkAny(arg, [...AP], ctx); return 'list'; }
        return bad("Fn::GetAZs takes a region name, '' or {\"Ref\": \"AWS::Region\"}");
      }
      case 'Fn::Base64': {
        const k = walkAny(arg, AP, ctx);
        if (k === 'list' || k === 'object') problem(AP, 'Fn::Base64 encodes a string, not a list or object');
        return 'one';
      }
      case 'Fn::Cidr': {
        if (!Array.isArray(arg) || arg.length !== 3) return bad('Fn::Cidr takes [ipBlock, count, cidrBits]');
        arg.forEach((x, i) => walkAny(x, [...AP, i], ctx));
        return 'list';
      }
      case 'Fn::ImportValue': {
        const k = walkAny(arg, AP, { ...ctx, paramsOnly: 'the export name of Fn::ImportValue' });
        if (k === 'list' || k === 'object') problem(AP, 'Fn::ImportValue takes an export name (a string)');
        return 'any';
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length !== 3) return bad('Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
        arg.forEach((x, i) => walkAny(x, [...AP, i], ctx));
        const [m, k1, k2] = arg;
        if (typeof m === 'string') {
          if (!(m in mappings)) return bad(`no mapping named '${m}'${suggest(m, Object.keys(mappings))}`);
          if (typeof k1 === 'string' && isObj(mappings[m])) {
            if (!(k1 in mappings[m])) return bad(`mapping '${m}' has no key '${k1}'`);
            if (typeof k2 === 'string' && isObj(mappings[m][k1])) {
              if (!(k2 in mappings[m][k1])) return bad(`mapping '${m}.${k1}' has no key '${k2}'`);
              return Array.isArray(mappings[m][k1][k2]) ? 'list' : 'one';
            }
          }
        }
        return 'any';
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3) return bad('Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse]');
        checkConditionName(arg[0], [...AP, 0]);
        const kinds = [1, 2].map((i) => (expected ? checkValue(arg[i], expected, [...AP, i], ctx) : walkAny(arg[i], [...AP, i], ctx)));
        const real = kinds.filter((k) => k !== 'novalue');
        if (!real.length) return 'novalue';
        return real.every((k) => k === real[0]) ? real[0] : 'any';
      }
      default:
        return 'any';
    }
  }
  // an argument that must be a list: a literal list or a function giving one
  function listArg(v, P, ctx, fn) {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        const k = walkAny(x, [...P, i], ctx);
        if (k === 'list' || k === 'object') problem([...P, i], `${fn}: the elements of the list must be single values, not ${k === 'list' ? 'lists' : 'objects'}`);
      });
      return 'list';
    }
    if (fnName(v)) {
      const k = intrinsic(v, P, ctx, null);
      if (k === 'one') problem(P, `${fn} needs a list here, but ${fnName(v)} gives a single value`);
      return k;
    }
    problem(P, `${fn} needs a list here, not ${kindOf(v)}`);
    return 'any';
  }

  // A Ref / Fn::GetAtt given to a property whose definition names what it refers to
  // (relationshipRefs: [{cloudFormationType, propertyName}]).
  // Only identifiers are checked: where a relationship names another kind of value (Vpc.CidrBlock for
  // SecurityGroupIngress.CidrIp, Instance.PrivateIp, ...) other resources' values fit as well.
  const sameAttr = (a, b) => a === b || (['Id', 'GroupId'].includes(a) && ['Id', 'GroupId'].includes(b));
  const IDENTIFIER = /(Id|ID|Arn|ARN|Name|Identifier|Url|DefaultSecurityGroup)$/;
  function relationship(rel, lid, att, P) {
    const type = resType(lid);
    if (!type || isCustom(type) || !D.res.get(type)) return;
    if (!rel.refs.every((r) => IDENTIFIER.test(r.propertyName))) return;
    const wanted = rel.refs.filter((r) => r.cloudFormationType === type);
    const expect = rel.refs.map((r) => `${r.cloudFormationType}.${r.propertyName}`).join(' or ');
    if (!wanted.length) {
      problem(P, `${rel.name} expects ${expect}, but '${lid}' is of type ${type}`);
      return;
    }
    const r = D.res.get(type);
    if (att === null) {
      const ids = r.cfnRefIdentifier || r.primaryIdentifier || [];
      if (!r.cfnRefIdentifier && ids.length !== 1) return; // what Ref returns is not known exactly
      const gives = ids[0];
      if (!wanted.some((w) => sameAttr(w.propertyName, gives))) {
        const getatt = wanted.find((w) => w.propertyName in (r.attributes || {}));
        problem(P, `${rel.name} expects ${expect}; Ref ${lid} gives its ${gives}${getatt ? ` (use {"Fn::GetAtt": ["${lid}", "${getatt.propertyName}"]})` : ''}`);
      }
    } else if (!wanted.some((w) => sameAttr(w.propertyName, att))) {
      const ids = r.cfnRefIdentifier || r.primaryIdentifier || [];
      const byRef = ids.length === 1 && wanted.some((w) => sameAttr(w.propertyName, ids[0]));
      problem(P, `${rel.name} expects ${expect}, not ${lid}.${att}${byRef ? ` (use {"Ref": "${lid}"})` : ''}`);
    }
  }

  // ---- value against a property type. expected: { type, prev?: [types], rel?: {name, refs}, owner }
  // Returns the kind of the value ('one' | 'list' | 'object' | 'novalue' | 'any').
  function checkValue(v, expected, P, ctx) {
    const types = [expected.type, ...(expected.prev || [])];
    if (fnName(v)) {
      const kind = intrinsic(v, P, ctx, expected);
      if (fnName(v) === 'Fn::If') return kind; // branches were checked against the type
      if (kind === 'novalue' || kind === 'any') return kind;
      const okKinds = new Set();
      for (const t of types) for (const k of kindsFor(t)) okKinds.add(k);
      if (!okKinds.has(kind)) {
        const want = describe(expected.type);
        problem(P, `${fnName(v)} gives ${kind === 'list' ? 'a list' : 'a single value'}, but ${want} is expected here`);
      }
      return kind;
    }
    if (types.length === 1) { checkType(v, expected.type, P, ctx, expected); return Array.isArray(v) ? 'list' : isObj(v) ? 'object' : 'one'; }
    // several accepted types (current and previous): fine if any accepts it
    checkAlternatives(v, types, P, ctx, expected);
    return Array.isArray(v) ? 'list' : isObj(v) ? 'object' : 'one';
  }
  // the value kinds a type accepts
  function kindsFor(t) {
    if (SCALAR_TYPES.includes(t.type)) return ['one'];
    if (t.type === 'array') return ['list'];
    if (t.type === 'json') return ['one', 'list', 'object'];
    if (t.type === 'union') return [...new Set(t.types.flatMap(kindsFor))];
    return ['object'];
  }
  function describe(t) {
    switch (t.type) {
      case 'string': case 'date-time': return 'a string';
      case 'integer': return 'an integer';
      case 'number': return 'a number';
      case 'boolean': return 'a boolean';
      case 'array': return 'a list';
      case 'map': return 'an object (a map)';
      case 'tag': return 'a {Key, Value} tag';
      case 'json': return 'a JSON value';
      case 'ref': { const td = D.td.get(t.reference.$ref); return `an object (${td ? td.name : 'property type'})`; }
      case 'union': return t.types.map(describe).join(' or ');
      default: return t.type;
    }
  }
  function checkAlternatives(v, types, P, ctx, expected) {
    let best = null;
    for (const t of types) {
      const found = [];
      const sub = (p, m) => found.push([p, m]);
      withProblemSink(sub, () => checkType(v, t, P, ctx, expected));
      if (!found.length) { best = null; return; }
      // prefer the alternative of the value's own shape, then the one with fewest complaints
      const shapeOk = kindsFor(t).includes(Array.isArray(v) ? 'list' : isObj(v) ? 'object' : 'one');
      const score = (shapeOk ? 0 : 1000) + found.length;
      if (!best || score < best.score) best = { score, found };
    }
    if (best) for (const [p, m] of best.found) problem(p, m);
  }
  function checkType(v, t, P, ctx, expected) {
    if (isNoValue(v)) return;
    if (fnName(v)) { checkValue(v, { type: t, rel: expected && expected.rel }, P, ctx); return; }
    switch (t.type) {
      case 'string': case 'date-time':
        if (Array.isArray(v) || isObj(v) || v === null) problem(P, `expected a string, got ${kindOf(v)}`);
        else checkString(v, P, ctx);
        return;
      case 'integer':
        if (!((typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v.trim())))) problem(P, `expected an integer, got ${typeof v === 'number' || typeof v === 'string' ? JSON.stringify(v) : kindOf(v)}`);
        return;
      case 'number':
        if (!(typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.trim())))) problem(P, `expected a number, got ${typeof v === 'string' ? JSON.stringify(v) : kindOf(v)}`);
        return;
      case 'boolean':
        if (!(typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v)))) problem(P, `expected a boolean, got ${typeof v === 'string' || typeof v === 'number' ? JSON.stringify(v) : kindOf(v)}`);
        return;
      case 'json':
        walkAny(v, P, ctx);
        return;
      case 'array':
        if (!Array.isArray(v)) { problem(P, `expected a list, got ${kindOf(v)}`); return; }
        v.forEach((x, i) => { if (!isNoValue(x)) checkValue(x, { type: t.element, rel: expected && expected.rel }, [...P, i], ctx); });
        return;
      case 'map':
        if (!isObj(v)) { problem(P, `expected an object (a map), got ${kindOf(v)}`); return; }
        for (const [k, x] of Object.entries(v)) checkValue(x, { type: t.element }, [...P, k], ctx);
        return;
      case 'tag':
        if (!isObj(v)) { problem(P, `expected a {Key, Value} tag, got ${kindOf(v)}`); return; }
        for (const k of Object.keys(v)) if (k !== 'Key' && k !== 'Value') problem([...P, k], `unknown tag field '${k}' (a tag has Key and Value)${suggest(k, ['Key', 'Value'])}`);
        for (const k of ['Key', 'Value']) {
          if (!(k in v)) problem(P, `a tag needs '${k}'`);
          else checkValue(v[k], { type: { type: 'string' } }, [...P, k], ctx);
        }
        return;
      case 'ref': {
        const td = D.td.get(t.reference.$ref);
        if (!td) { walkAny(v, P, ctx); return; }
        if (!isObj(v)) { problem(P, `expected an object (${ctx.type}.${td.name}), got ${kindOf(v)}`); return; }
        checkProperties(v, td.properties || {}, P, ctx, `${ctx.type}.${td.name}`);
        return;
      }
      case 'union':
        checkAlternatives(v, t.types, P, ctx, expected);
        return;
      default:
        walkAny(v, P, ctx);
    }
  }

  function checkProperties(obj, props, P, ctx, owner) {
    for (const [k, v] of Object.entries(obj)) {
      if (!(k in props)) {
        problem([...P, k], `unknown property '${k}' for ${owner}${suggest(k, Object.keys(props))}`);
        walkAny(v, [...P, k], ctx);
        continue;
      }
      const p = props[k];
      const rel = p.relationshipRefs && p.relationshipRefs.length ? { name: `${owner.replace(/^AWS::[^:]+::/, '')}.${k}`, refs: p.relationshipRefs } : null;
      checkValue(v, { type: p.type, prev: p.previousTypes, rel }, [...P, k], ctx);
    }
    for (const [k, p] of Object.entries(props)) {
      if (p.required && (!(k in obj) || isNoValue(obj[k]))) problem(P, `missing required property '${k}' for ${owner}`);
    }
  }

  // ---- conditions
  for (const [name, c] of Object.entries(conditions)) {
    const P = ['Conditions', name];
    const ctx = { owner: null, inConditions: true, paramsOnly: 'a condition' };
    if (!fnName(c) || !CONDITION_FUNCTIONS.includes(fnName(c))) { problem(P, 'a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or {"Condition": name}'); continue; }
    walkAny(c, P, ctx);
  }
  // conditions that refer to each other in a circle
  {
    const refsOf = (v, out) => {
      if (Array.isArray(v)) v.forEach((x) => refsOf(x, out));
      else if (isObj(v)) for (const [k, x] of Object.entries(v)) { if (k === 'Condition' && typeof x === 'string') out.add(x); else refsOf(x, out); }
      return out;
    };
    const g = new Map(Object.entries(conditions).map(([n, c]) => [n, refsOf(c, new Set())]));
    reportCycles(g, (cycle) => problem(['Conditions', cycle[0]], `circular condition references: ${cycle.join(' -> ')}`));
  }

  // ---- resources
  for (const [lid, r] of Object.entries(resources)) {
    const P = ['Resources', lid];
    if (!LOGICAL_ID.test(lid)) problem(P, `logical id '${lid}' must be alphanumeric (A-Z, a-z, 0-9), at most 255 characters`);
    if (!isObj(r)) { problem(P, `a resource is an object, not ${kindOf(r)}`); continue; }
    for (const k of Object.keys(r)) if (!RESOURCE_KEYS.includes(k)) problem([...P, k], `unknown resource attribute '${k}'${suggest(k, RESOURCE_KEYS)}`);
    const type = r.Type;
    const ctx = { owner: lid, type, custom: typeof type === 'string' && isCustom(type) };
    if ('DependsOn' in r) {
      const deps = typeof r.DependsOn === 'string' ? [r.DependsOn] : r.DependsOn;
      if (!Array.isArray(deps)) problem([...P, 'DependsOn'], 'DependsOn is a logical id or a list of them');
      else {
        deps.forEach((d, i) => {
          const DP = typeof r.DependsOn === 'string' ? [...P, 'DependsOn'] : [...P, 'DependsOn', i];
          if (typeof d !== 'string') problem(DP, 'DependsOn names a resource (a string)');
          else if (!(d in resources)) problem(DP, `DependsOn '${d}': no such resource${suggest(d, Object.keys(resources))}`);
          else if (d === lid) problem(DP, 'a resource cannot depend on itself');
          else edges.get(lid).add(d);
        });
      }
    }
    if ('Condition' in r) checkConditionName(r.Condition, [...P, 'Condition']);
    for (const [attr, allowed] of [['DeletionPolicy', DELETION_POLICIES], ['UpdateReplacePolicy', UPDATE_REPLACE_POLICIES]]) {
      if (!(attr in r)) continue;
      const v = r[attr];
      if (fnName(v)) { walkAny(v, [...P, attr], { ...ctx, owner: null }); continue; }
      if (!allowed.includes(v)) problem([...P, attr], `${attr} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`);
      else if (v === 'Snapshot' && typeof type === 'string' && !SNAPSHOT_TYPES.includes(type)) problem([...P, attr], `${attr} Snapshot is not supported for ${type} (only ${SNAPSHOT_TYPES.join(', ')})`);
    }
    for (const k of ['Metadata', 'CreationPolicy', 'UpdatePolicy']) {
      if (k in r) { if (!isObj(r[k])) problem([...P, k], `${k} must be an object, not ${kindOf(r[k])}`); else walkAny(r[k], [...P, k], { ...ctx, owner: null }); }
    }
    if (typeof type !== 'string') { problem(P, "a resource needs a 'Type' (a string)"); continue; }
    const props0 = 'Properties' in r ? r.Properties : {};
    const PP = [...P, 'Properties'];
    // Properties may be chosen by Fn::If as a whole
    let variants = [[props0, PP]];
    if (fnName(props0) === 'Fn::If' && Array.isArray(props0['Fn::If']) && props0['Fn::If'].length === 3) {
      checkConditionName(props0['Fn::If'][0], [...PP, 'Fn::If', 0]);
      variants = [1, 2].filter((i) => !isNoValue(props0['Fn::If'][i])).map((i) => [props0['Fn::If'][i], [...PP, 'Fn::If', i]]);
    }
    for (const [props, VP] of variants) {
      if (!isObj(props)) { problem(VP, `Properties must be an object, not ${kindOf(props)}`); continue; }
      if (isCustom(type)) {
        if (type !== 'AWS::CloudFormation::CustomResource' && !/^Custom::[A-Za-z0-9_@-]{1,60}$/.test(type)) problem([...P, 'Type'], `custom resource type '${type}' must be Custom:: and up to 60 letters, digits, _, @ or -`);
        if (!('ServiceToken' in props)) problem(VP, `missing required property 'ServiceToken' for ${type}`);
        for (const [k, v] of Object.entries(props)) {
          if (k === 'ServiceToken') checkValue(v, { type: { type: 'string' } }, [...VP, k], ctx);
          else walkAny(v, [...VP, k], ctx);
        }
        continue;
      }
      const spec = D.res.get(type);
      if (!spec) {
        problem([...P, 'Type'], `unknown resource type '${type}'${suggest(type, [...D.res.keys()])}`);
        walkAny(props, VP, ctx);
        continue;
      }
      checkProperties(props, spec.properties || {}, VP, ctx, type);
    }
  }

  // ---- outputs
  const exportNames = new Map();
  for (const [name, o] of Object.entries(outputs)) {
    const P = ['Outputs', name];
    if (!LOGICAL_ID.test(name)) problem(P, `output name '${name}' must be alphanumeric (A-Z, a-z, 0-9), at most 255 characters`);
    if (!isObj(o)) { problem(P, `an output is an object, not ${kindOf(o)}`); continue; }
    const OK = ['Description', 'Value', 'Export', 'Condition'];
    for (const k of Object.keys(o)) if (!OK.includes(k)) problem([...P, k], `unknown output field '${k}'${suggest(k, OK)}`);
    const ctx = { owner: null };
    if ('Description' in o && typeof o.Description !== 'string') problem([...P, 'Description'], 'an output Description is a literal string');
    if ('Condition' in o) checkConditionName(o.Condition, [...P, 'Condition']);
    if (!('Value' in o)) problem(P, 'an output needs a Value');
    else {
      const kind = walkAny(o.Value, [...P, 'Value'], ctx);
      if (kind === 'list' || kind === 'object') problem([...P, 'Value'], `an output Value must be a string, not ${kind === 'list' ? 'a list (join it with Fn::Join)' : 'an object'}`);
      if (kind === 'novalue') problem([...P, 'Value'], 'an output Value cannot be AWS::NoValue');
    }
    if ('Export' in o) {
      const e = o.Export;
      if (!isObj(e)) problem([...P, 'Export'], 'Export is an object with a Name');
      else {
        for (const k of Object.keys(e)) if (k !== 'Name') problem([...P, 'Export', k], `unknown Export field '${k}' (Export has only Name)`);
        if (!('Name' in e)) problem([...P, 'Export'], 'Export needs a Name');
        else {
          const kind = walkAny(e.Name, [...P, 'Export', 'Name'], ctx);
          if (kind === 'list' || kind === 'object') problem([...P, 'Export', 'Name'], 'an export Name is a string');
          const key = JSON.stringify(e.Name);
          if (exportNames.has(key)) problem([...P, 'Export', 'Name'], `export name ${key} is also used by output '${exportNames.get(key)}'; export names are unique in a region`);
          else exportNames.set(key, name);
        }
      }
    }
  }

  // Rules (assertions with their own functions) are not checked beyond being an object.

  // ---- circular dependencies between resources
  reportCycles(edges, (cycle) => problem(['Resources', cycle[0]], `circular dependency: ${cycle.join(' -> ')}`));
}

// Reports each cycle of a graph (Map node -> Set of nodes) once, as [a, b, ..., a].
function reportCycles(graph, report) {
  const state = new Map(); // 1 on stack, 2 done
  const stack = [];
  const visit = (n) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) || []) {
      if (!graph.has(m)) continue;
      if (state.get(m) === 1) report([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
}

main('cfn-check', USAGE, (t, problem) => checkTemplate(t, problem));
