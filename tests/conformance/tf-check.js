#!/usr/bin/env node
'use strict';
const USAGE = `usage: node tests/conformance/tf-check.js FILE.tf.json...

Checks Terraform JSON configurations (each file is checked as a root module of its own)
against provider schemas in the format of \`terraform providers schema -json\`:
terraform-aws-subset.schema.json beside this script (hashicorp/aws 6.25.0, the types vpcgen
emits, and hashicorp/random's ephemeral random_password; see PROVENANCE.md).
  - top-level blocks; terraform.required_version and required_providers (source, version;
    the versions the schema describes and the features used need must be allowed)
  - provider, resource, data and ephemeral blocks: the type exists; argument and nested block
    names (recursively, per nesting mode, with min/max items); computed-only attributes are
    not set; required arguments and blocks are present; value kinds of literals; meta-arguments
    (count, for_each, depends_on, lifecycle, provider)
  - write-only arguments (marked "write_only"): Terraform >= 1.11 required; a *_wo argument
    comes with its *_wo_version; ephemeral values go only where Terraform allows them
  - every reference in "\${...}" (resources, data., ephemeral., var., local.) is declared and
    its first attribute (and further ones where the schema tells) exists; indexes agree with
    count / for_each; function names are Terraform's; depends_on targets exist
  - variables and outputs (output needs value)
Prints "FILE: ok" or one line per problem "FILE: PATH: MESSAGE".
Exit status: 0 no problem, 1 problems, 2 usage or I/O error.
`;
const fs = require('fs');
const path = require('path');
const { isObj, kindOf, suggest, main } = require('./common.js');

// ------------------------------------------------------------------ schema
const SCHEMA_FILE = path.join(__dirname, 'terraform-aws-subset.schema.json');
let SCHEMA;
try { SCHEMA = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')); } catch (e) {
  process.stderr.write(`tf-check: cannot read ${SCHEMA_FILE}: ${e.message}\n`);
  process.exit(2);
}
// local provider name -> { address, schema, version }
const PROVIDERS = {};
for (const [address, schema] of Object.entries(SCHEMA.provider_schemas || {})) {
  PROVIDERS[address.split('/').pop()] = { address, schema };
}
const AWS_VERSION = SCHEMA.x_provenance && SCHEMA.x_provenance.provider_version;
// what a feature needs: (Terraform, provider) versions that must be excluded by the constraints
const FEATURES = {
  ephemeral: { terraform: '1.10.0', why: 'ephemeral blocks need Terraform >= 1.10' },
  writeOnly: { terraform: '1.11.0', why: 'write-only arguments need Terraform >= 1.11' },
  randomEphemeral: { random: '3.7.0', why: 'the ephemeral random_password needs hashicorp/random >= 3.7.0' },
};

const KINDS = { resource: 'resource_schemas', data: 'data_source_schemas', ephemeral: 'ephemeral_resource_schemas' };
const providerOf = (type) => type.split('_')[0];
function typeSchema(kind, type) {
  const p = PROVIDERS[providerOf(type)];
  const all = p && p.schema[KINDS[kind]];
  return all && all[type] ? all[type].block : null;
}
const typeNames = (kind) => Object.values(PROVIDERS).flatMap((p) => Object.keys(p.schema[KINDS[kind]] || {}));

// ------------------------------------------------------------------ Terraform's language
const TOP_LEVEL = ['terraform', 'provider', 'data', 'resource', 'ephemeral', 'output', 'variable', 'locals'];
const META = {
  resource: ['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection'],
  data: ['count', 'for_each', 'depends_on', 'lifecycle', 'provider'],
  ephemeral: ['count', 'for_each', 'depends_on', 'lifecycle', 'provider'],
};
const LIFECYCLE = ['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by', 'precondition', 'postcondition'];
const TERRAFORM_KEYS = ['required_version', 'required_providers', 'backend', 'cloud', 'experiments', 'provider_meta'];
const VARIABLE_KEYS = ['type', 'default', 'description', 'validation', 'sensitive', 'nullable', 'ephemeral'];
const OUTPUT_KEYS = ['value', 'description', 'sensitive', 'depends_on', 'precondition', 'ephemeral'];
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);
// Terraform's built-in functions (Terraform 1.11 language documentation, "Functions")
const FUNCTIONS = new Set(`
  abs ceil floor log max min parseint pow signum
  chomp endswith format formatlist indent join lower regex regexall replace split startswith strcontains
  strrev substr templatestring title trim trimprefix trimsuffix trimspace upper
  alltrue anytrue chunklist coalesce coalescelist compact concat contains distinct element flatten index
  keys length lookup matchkeys merge one range reverse setintersection setproduct setsubtract setunion
  slice sort sum transpose values zipmap
  base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64 textencodebase64
  urlencode yamldecode yamlencode
  abspath dirname pathexpand basename file fileexists fileset filebase64 templatefile
  formatdate plantimestamp timeadd timecmp timestamp
  base64sha256 base64sha512 bcrypt filebase64sha256 filebase64sha512 filemd5 filesha1 filesha256
  filesha512 md5 rsadecrypt sha1 sha256 sha512 uuid uuidv5
  cidrhost cidrnetmask cidrsubnet cidrsubnets
  can ephemeralasnull issensitive nonsensitive sensitive tobool tolist tomap tonumber toset tostring try type
`.trim().split(/\s+/));

// ------------------------------------------------------------------ version constraints
function parseVersion(s) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?$/.exec(s.trim());
  return m ? { parts: [+m[1], +(m[2] || 0), +(m[3] || 0)], given: [m[1], m[2], m[3]].filter((x) => x !== undefined).length, pre: m[4] || '' } : null;
}
const cmp = (a, b) => { for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1; return 0; };
// -> array of predicates, or an error string
function parseConstraint(s) {
  if (typeof s !== 'string' || !s.trim()) return 'a version constraint is a non-empty string';
  const preds = [];
  for (const part of s.split(',')) {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*([^\s]+)\s*$/.exec(part);
    const v = m && parseVersion(m[2]);
    if (!v) return `'${part.trim()}' is not a version constraint`;
    const op = m[1] || '=';
    if (op === '~>') {
      const upper = v.given <= 1 ? [Infinity, 0, 0] : v.given === 2 ? [v.parts[0] + 1, 0, 0] : [v.parts[0], v.parts[1] + 1, 0];
      preds.push((x) => cmp(x, v.parts) >= 0 && cmp(x, upper) < 0);
    } else {
      preds.push({
        '=': (x) => cmp(x, v.parts) === 0, '!=': (x) => cmp(x, v.parts) !== 0, '>': (x) => cmp(x, v.parts) > 0,
        '>=': (x) => cmp(x, v.parts) >= 0, '<': (x) => cmp(x, v.parts) < 0, '<=': (x) => cmp(x, v.parts) <= 0,
      }[op]);
    }
  }
  return preds;
}
const allows = (preds, version) => preds.every((p) => p(parseVersion(version).parts));
// does a constraint allow some version older than `min`? (probes the releases just below it)
function allowsOlderThan(preds, min) {
  const [a, b] = parseVersion(min).parts;
  const probes = [];
  for (let minor = b - 1; minor >= Math.max(0, b - 3); minor--) for (const patch of [0, 1, 5, 9, 99]) probes.push(`${a}.${minor}.${patch}`);
  probes.push(`${a - 1}.99.0`, `${a - 1}.0.0`, '0.15.5', '0.1.0');
  return probes.find((v) => parseVersion(v).parts.every((x) => x >= 0) && allows(preds, v)) || null;
}

// ------------------------------------------------------------------ cty types
const isPrimitive = (t) => t === 'string' || t === 'number' || t === 'bool';
function typeStr(t) {
  if (typeof t === 'string') return t;
  if (!Array.isArray(t)) return 'any';
  if (t[0] === 'object') return `object({${Object.keys(t[1]).join(', ')}})`;
  if (t[0] === 'tuple') return 'tuple';
  return `${t[0]}(${typeStr(t[1])})`;
}
// the shape family of a type: 'primitive' | 'list' | 'map' | 'any'
const family = (t) => (t === undefined || t === 'dynamic' ? 'any' : isPrimitive(t) ? 'primitive'
  : ['list', 'set', 'tuple'].includes(t[0]) ? 'list' : ['map', 'object'].includes(t[0]) ? 'map' : 'any');

// ------------------------------------------------------------------ HCL expressions in JSON strings
// Scans template text from i: ${...} and %{...} sequences, up to the end or, inside an expression's
// string literal (quoted), up to the closing quote. -> { end, exprs: [{src, directive}], text }
function scanTemplate(s, i, quoted) {
  const exprs = [];
  let text = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted && c === '"') break;
    if (quoted && c === '\\') { i += 2; text = true; continue; }
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') { i += 3; text = true; continue; } // $${ %%{ escapes
    if ((c === '$' || c === '%') && s[i + 1] === '{') {
      const end = scanExpr(s, i + 2);
      if (end < 0) return { end: s.length, exprs, text, error: `'${c}{' without its closing '}'` };
      exprs.push({ src: s.slice(i + 2, end).replace(/^~/, '').replace(/~$/, ''), directive: c === '%' });
      i = end + 1;
      continue;
    }
    text = true;
    i++;
  }
  return { end: i, exprs, text };
}
function scanExpr(s, i) { // -> index of the '}' closing the expression, or -1
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') { const t = scanTemplate(s, i + 1, true); if (t.error || t.end >= s.length) return -1; i = t.end + 1; continue; }
    if (c === '{') depth++;
    else if (c === '}') { if (depth === 0) return i; depth--; }
    i++;
  }
  return -1;
}
// -> tokens [{t: 'id'|'num'|'str'|'op', v, nested?: [exprs]}]
function tokenize(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (c === '"') {
      const t = scanTemplate(src, i + 1, true);
      toks.push({ t: 'str', v: src.slice(i + 1, t.end), nested: t.exprs, error: t.error });
      i = t.end + 1;
      continue;
    }
    let m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (m) {
      let id = m[0];
      while (id.endsWith('-')) id = id.slice(0, -1); // a-1: the '-' is an operator
      toks.push({ t: 'id', v: id });
      i += id.length;
      continue;
    }
    m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i));
    if (m) { toks.push({ t: 'num', v: m[0] }); i += m[0].length; continue; }
    m = /^(::|\.\.\.|==|!=|<=|>=|&&|\|\||=>)/.exec(src.slice(i));
    if (m) { toks.push({ t: 'op', v: m[0] }); i += m[0].length; continue; }
    toks.push({ t: 'op', v: c });
    i++;
  }
  return toks;
}
// Parses one expression's source: -> { refs: [{root, parts}], fns: [name], exprOnlyRef: ref|null }
// parts: {attr: name} | {index: n|key|null} | {splat: true}
function analyse(src, inheritedVars) {
  const toks = tokenize(src);
  const vars = new Set(inheritedVars || []);
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].t === 'id' && toks[i].v === 'for') {
      for (let j = i + 1; j < toks.length && !(toks[j].t === 'id' && toks[j].v === 'in'); j++) if (toks[j].t === 'id') vars.add(toks[j].v);
    }
  }
  const out = { refs: [], fns: [], exprOnlyRef: null, errors: [] };
  for (let i = 0; i < toks.length; i++) {
    const tk = toks[i];
    if (tk.t === 'str') {
      if (tk.error) out.errors.push(`in a string literal: ${tk.error}`);
      for (const e of tk.nested) mergeInto(out, analyse(e.directive ? directiveExpr(e.src, vars) : e.src, vars));
      continue;
    }
    if (tk.t !== 'id') continue;
    const prev = toks[i - 1], next = toks[i + 1];
    if (prev && prev.t === 'op' && (prev.v === '.' || prev.v === '::')) continue;
    if (next && next.t === 'op' && next.v === '::') {
      let j = i; const ns = [];
      while (toks[j] && toks[j].t === 'id' && toks[j + 1] && toks[j + 1].v === '::') { ns.push(toks[j].v); j += 2; }
      if (toks[j] && toks[j].t === 'id') ns.push(toks[j].v);
      out.fns.push(ns.join('::'));
      i = j;
      continue;
    }
    if (next && next.t === 'op' && next.v === '(') { out.fns.push(tk.v); continue; }
    if (KEYWORDS.has(tk.v) || vars.has(tk.v)) continue;
    if (next && next.t === 'op' && (next.v === '=' || (next.v === ':' && prev && prev.t === 'op' && (prev.v === '{' || prev.v === ',')))) continue; // object key
    const parts = [];
    let j = i + 1;
    for (;;) {
      const a = toks[j], b = toks[j + 1];
      if (a && a.t === 'op' && a.v === '.' && b && b.t === 'id') { parts.push({ attr: b.v }); j += 2; continue; }
      if (a && a.t === 'op' && a.v === '.' && b && b.t === 'num') { parts.push({ index: Number(b.v) }); j += 2; continue; }
      if (a && a.t === 'op' && a.v === '.' && b && b.t === 'op' && b.v === '*') { parts.push({ splat: true }); j += 2; continue; }
      if (a && a.t === 'op' && a.v === '[') {
        let depth = 0, k = j;
        for (; k < toks.length; k++) { if (toks[k].v === '[' && toks[k].t === 'op') depth++; else if (toks[k].v === ']' && toks[k].t === 'op' && --depth === 0) break; }
        const inner = toks.slice(j + 1, k);
        if (inner.length === 1 && inner[0].t === 'op' && inner[0].v === '*') parts.push({ splat: true });
        else if (inner.length === 1 && inner[0].t === 'num') parts.push({ index: Number(inner[0].v) });
        else if (inner.length === 1 && inner[0].t === 'str' && !inner[0].nested.length) parts.push({ index: inner[0].v });
        else parts.push({ index: null });
        j = k + 1;
        continue;
      }
      break;
    }
    const ref = { root: tk.v, parts };
    out.refs.push(ref);
    if (i === 0 && j === toks.length) out.exprOnlyRef = ref;
  }
  return out;
}
function mergeInto(out, a) { out.refs.push(...a.refs); out.fns.push(...a.fns); out.errors.push(...a.errors); }
// %{ if X } / %{ for a, b in X } / %{ else } ... -> the expression part
function directiveExpr(src, vars) {
  const s = src.trim();
  let m = /^if\s+([\s\S]*)$/.exec(s);
  if (m) return m[1];
  m = /^for\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s*,\s*([A-Za-z_][A-Za-z0-9_]*))?\s+in\s+([\s\S]*)$/.exec(s);
  if (m) { vars.add(m[1]); if (m[2]) vars.add(m[2]); return m[3]; }
  return '';
}
const refText = (r) => r.root + r.parts.map((p) => (p.attr !== undefined ? `.${p.attr}` : p.splat ? '[*]'
  : typeof p.index === 'number' ? `[${p.index}]` : typeof p.index === 'string' ? `["${p.index}"]` : '[...]')).join('');

// ------------------------------------------------------------------ the check
function checkConfig(doc, problem) {
  if (!isObj(doc)) { problem([], `a Terraform JSON file is an object, not ${kindOf(doc)}`); return; }
  // ---- collect declarations
  const decl = { resource: {}, data: {}, ephemeral: {}, variable: {}, locals: {}, output: {}, provider: {} };
  const bodies = []; // { kind, type, name, body, P }
  const terraformBlocks = [];
  const asList = (v) => (Array.isArray(v) ? v : [v]);
  for (const [top, val] of Object.entries(doc)) {
    if (top === '//') continue;
    if (!TOP_LEVEL.includes(top)) {
      problem([top], `unknown top-level block type '${top}'${suggest(top, TOP_LEVEL)}${['module', 'moved', 'import', 'removed', 'check'].includes(top) ? ' (not expected in vpcgen output)' : ''}`);
      continue;
    }
    const items = asList(val);
    items.forEach((item, ix) => {
      const TP = Array.isArray(val) ? [top, ix] : [top];
      if (!isObj(item)) { problem(TP, `'${top}' is an object (or a list of objects), not ${kindOf(item)}`); return; }
      if (top === 'terraform') { terraformBlocks.push({ body: item, P: TP }); return; }
      if (top === 'locals') {
        for (const [n, e] of Object.entries(item)) {
          if (n === '//') continue;
          if (!NAME.test(n)) problem([...TP, n], `'${n}' is not a valid name`);
          if (n in decl.locals) problem([...TP, n], `duplicate local value '${n}'`);
          decl.locals[n] = e;
          bodies.push({ kind: 'local', name: n, body: e, P: [...TP, n] });
        }
        return;
      }
      if (top === 'provider') {
        for (const [pn, pbs] of Object.entries(item)) {
          if (pn === '//') continue;
          asList(pbs).forEach((b, k) => {
            const P = Array.isArray(pbs) ? [...TP, pn, k] : [...TP, pn];
            if (!isObj(b)) { problem(P, 'a provider block is an object'); return; }
            const key = typeof b.alias === 'string' ? `${pn}.${b.alias}` : pn;
            if (key in decl.provider) problem(P, `duplicate provider configuration '${key}'`);
            decl.provider[key] = b;
            bodies.push({ kind: 'provider', name: pn, body: b, P });
          });
        }
        return;
      }
      if (top === 'resource' || top === 'data' || top === 'ephemeral') {
        for (const [type, byName] of Object.entries(item)) {
          if (type === '//') continue;
          asList(byName).forEach((named, k) => {
            const P0 = Array.isArray(byName) ? [...TP, type, k] : [...TP, type];
            if (!isObj(named)) { problem(P0, `expected an object of ${top} names, not ${kindOf(named)}`); return; }
            for (const [name, b] of Object.entries(named)) {
              if (name === '//') continue;
              const P = [...P0, name];
              if (!NAME.test(name)) problem(P, `'${name}' is not a valid ${top} name`);
              const bl = asList(b);
              if (bl.length !== 1 || !isObj(bl[0])) { problem(P, `a ${top} body is one object`); continue; }
              decl[top][type] = decl[top][type] || {};
              if (name in decl[top][type]) problem(P, `duplicate ${top} '${type}.${name}'`);
              decl[top][type][name] = bl[0];
              bodies.push({ kind: top, type, name, body: bl[0], P });
            }
          });
        }
        return;
      }
      // variable, output
      for (const [name, b] of Object.entries(item)) {
        if (name === '//') continue;
        const P = [...TP, name];
        if (!NAME.test(name)) problem(P, `'${name}' is not a valid ${top} name`);
        const bl = asList(b);
        if (bl.length !== 1 || !isObj(bl[0])) { problem(P, `a ${top} body is one object`); continue; }
        if (name in decl[top]) problem(P, `duplicate ${top} '${name}'`);
        decl[top][name] = bl[0];
        bodies.push({ kind: top, name, body: bl[0], P });
      }
    });
  }

  // ---- what is ephemeral: ephemeral resources, ephemeral variables, locals built from them
  const ephemeralVars = new Set(Object.entries(decl.variable).filter(([, v]) => v.ephemeral === true).map(([n]) => n));
  const ephemeralLocals = new Set();
  const exprsOf = (v, out = []) => {
    if (typeof v === 'string') { const t = scanTemplate(v, 0, false); for (const e of t.exprs) out.push(e); }
    else if (Array.isArray(v)) v.forEach((x) => exprsOf(x, out));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) { exprsOf(k, out); exprsOf(x, out); }
    return out;
  };
  const isEphemeralRef = (r) => r.root === 'ephemeral' || (r.root === 'var' && r.parts[0] && ephemeralVars.has(r.parts[0].attr))
    || (r.root === 'local' && r.parts[0] && ephemeralLocals.has(r.parts[0].attr));
  const ephemeralIn = (v) => {
    for (const e of exprsOf(v)) {
      const a = analyse(e.directive ? directiveExpr(e.src, new Set()) : e.src);
      if (a.fns.includes('ephemeralasnull')) continue;
      const r = a.refs.find(isEphemeralRef);
      if (r) return refText(r);
    }
    return null;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const [n, e] of Object.entries(decl.locals)) if (!ephemeralLocals.has(n) && ephemeralIn(e)) { ephemeralLocals.add(n); changed = true; }
  }

  // ---- features used, checked against terraform {} at the end
  const used = { providers: new Map(), writeOnly: null, ephemeral: null, randomEphemeral: null };
  const useProvider = (name, P) => { if (!used.providers.has(name)) used.providers.set(name, P); };

  // ---- references
  // ctx: { P, hasCount, hasForEach, iterators: Set, ephemeralOk: bool|string }
  function instanceOf(kind, type, name) { return decl[kind][type] && decl[kind][type][name]; }
  function checkRef(r, ctx, P) {
    const a0 = r.parts[0] && r.parts[0].attr;
    const what = refText(r);
    switch (r.root) {
      case 'var':
        if (!a0) { problem(P, `'${what}': var needs a name`); return undefined; }
        if (!(a0 in decl.variable)) { problem(P, `reference to undeclared input variable 'var.${a0}'${suggest(a0, Object.keys(decl.variable))}`); return undefined; }
        return varType(decl.variable[a0], r.parts.slice(1));
      case 'local':
        if (!a0) { problem(P, `'${what}': local needs a name`); return undefined; }
        if (!(a0 in decl.locals)) problem(P, `reference to undeclared local value 'local.${a0}'${suggest(a0, Object.keys(decl.locals))}`);
        return undefined;
      case 'count':
        if (a0 !== 'index') problem(P, `'${what}': the only attribute of count is count.index`);
        else if (!ctx.hasCount) problem(P, `'${what}' is used in a block without count`);
        return 'number';
      case 'each':
        if (a0 !== 'key' && a0 !== 'value') problem(P, `'${what}': each has only each.key and each.value`);
        else if (!ctx.hasForEach) problem(P, `'${what}' is used in a block without for_each`);
        return undefined;
      case 'self': case 'path': case 'terraform':
        return undefined;
      case 'module':
        problem(P, `reference to undeclared module '${what}' (this configuration declares no modules)`);
        return undefined;
      case 'data': case 'ephemeral': {
        const type = a0, name = r.parts[1] && r.parts[1].attr;
        if (!type || !name) { problem(P, `'${what}': expected ${r.root}.TYPE.NAME`); return undefined; }
        return resolveBlockRef(r.root, type, name, r.parts.slice(2), `${r.root}.${type}.${name}`, what, P);
      }
      default: {
        if (ctx.iterators && ctx.iterators.has(r.root)) return undefined;
        if (!a0) {
          problem(P, `unknown name '${r.root}' in '${what}'`);
          return undefined;
        }
        return resolveBlockRef('resource', r.root, a0, r.parts.slice(1), `${r.root}.${a0}`, what, P);
      }
    }
  }
  function resolveBlockRef(kind, type, name, rest, addr, what, P) {
    const body = instanceOf(kind, type, name);
    const label = kind === 'resource' ? 'resource' : kind === 'data' ? 'data source' : 'ephemeral resource';
    if (!body) {
      const names = Object.keys(decl[kind][type] || {});
      if (!names.length && !typeSchema(kind, type) && kind === 'resource') problem(P, `unknown name '${type}' in '${what}' (no such resource type, and not var., local., data. or ephemeral.)`);
      else problem(P, `reference to undeclared ${label} '${addr}'${suggest(name, names)}`);
      return undefined;
    }
    const schema = typeSchema(kind, type);
    let i = 0;
    const multi = 'count' in body || 'for_each' in body;
    if (multi) {
      if (rest[0] && rest[0].attr !== undefined) { problem(P, `'${what}': ${addr} has ${'count' in body ? 'count' : 'for_each'}; refer to one instance (${addr}[${'count' in body ? '0' : '"key"'}].${rest[0].attr}) or to all ([*])`); return undefined; }
    } else if (rest[0] && rest[0].index !== undefined) {
      problem(P, `'${what}': ${addr} has no count or for_each, so it cannot be indexed`);
      return undefined;
    }
    let splat = false;
    while (rest[i] && rest[i].attr === undefined) { if (rest[i].splat) splat = true; i++; }
    if (!schema) return undefined;
    if (!rest[i]) return undefined;
    const t = follow(schema, rest.slice(i), what, P, type);
    return splat ? ['list', t === undefined ? 'dynamic' : t] : t;
  }
  // follows attribute names through a schema block -> cty type (or undefined when not known)
  function follow(block, parts, what, P, owner) {
    const p = parts[0];
    const attrs = block.attributes || {}, blocks = block.block_types || {};
    if (p.attr in attrs) {
      const a = attrs[p.attr];
      if (a.write_only) problem(P, `'${what}': ${p.attr} is write-only; it always reads as null`);
      if (a.nested_type) return followNested(a.nested_type, parts.slice(1), what, P, owner);
      return followType(a.type, parts.slice(1), what, P);
    }
    if (p.attr in blocks) {
      const bt = blocks[p.attr];
      let rest = parts.slice(1);
      if (!rest.length) return bt.nesting_mode === 'single' ? 'dynamic' : ['list', 'dynamic'];
      if (bt.nesting_mode !== 'single') {
        if (rest[0].attr !== undefined) { problem(P, `'${what}': ${p.attr} is a block list; index it first (${p.attr}[0].${rest[0].attr})`); return undefined; }
        rest = rest.slice(1);
        if (!rest.length) return 'dynamic';
        if (rest[0].attr === undefined) return undefined;
      }
      return follow(bt.block, rest, what, P, owner);
    }
    problem(P, `'${what}': ${owner} has no attribute '${p.attr}'${suggest(p.attr, [...Object.keys(attrs), ...Object.keys(blocks)])}`);
    return undefined;
  }
  function followNested(nt, parts, what, P, owner) {
    const block = { attributes: nt.attributes };
    if (!parts.length) return 'dynamic';
    if (nt.nesting_mode === 'single') return parts[0].attr !== undefined ? follow(block, parts, what, P, owner) : undefined;
    if (parts[0].attr !== undefined && nt.nesting_mode !== 'map') { problem(P, `'${what}': index the ${nt.nesting_mode} before '.${parts[0].attr}'`); return undefined; }
    const rest = parts.slice(1);
    return rest.length && rest[0].attr !== undefined ? follow(block, rest, what, P, owner) : undefined;
  }
  function followType(t, parts, what, P) {
    for (const p of parts) {
      if (t === undefined || t === 'dynamic') return undefined;
      if (isPrimitive(t)) { problem(P, `'${what}': a ${t} has no ${p.attr !== undefined ? `attribute '${p.attr}'` : 'elements'}`); return undefined; }
      const [k, inner] = t;
      if (p.splat) { t = k === 'object' ? undefined : ['list', inner]; continue; }
      if (k === 'object') {
        if (p.attr === undefined && typeof p.index !== 'string') return undefined;
        const name = p.attr !== undefined ? p.attr : p.index;
        if (!(name in inner)) { problem(P, `'${what}': the object has no attribute '${name}'${suggest(name, Object.keys(inner))}`); return undefined; }
        t = inner[name];
        continue;
      }
      if (k === 'map') { t = inner; continue; }
      if (k === 'list' || k === 'set') {
        if (p.attr !== undefined) { problem(P, `'${what}': index the ${k} before '.${p.attr}'`); return undefined; }
        t = inner;
        continue;
      }
      return undefined;
    }
    return t;
  }
  function varType(v, rest) {
    if (rest.length || typeof v.type !== 'string') return undefined;
    const s = v.type.replace(/^\$\{(.*)\}$/, '$1').trim();
    if (isPrimitive(s)) return s;
    const m = /^(list|set|map|tuple|object)\s*\(/.exec(s);
    return m ? [m[1] === 'tuple' ? 'list' : m[1] === 'object' ? 'map' : m[1], 'dynamic'] : undefined;
  }

  // all expressions in a JSON value: references, function names, ephemeral values.
  // -> the type of the value when it is exactly one reference "${ref}", else undefined
  function checkExprs(v, ctx, P) {
    if (typeof v === 'string') {
      const t = scanTemplate(v, 0, false);
      if (t.error) problem(P, `template: ${t.error}`);
      let onlyType;
      // %{ for x in ... } directives bind x for the whole template
      const vars = new Set(ctx.iterators || []);
      const srcs = t.exprs.map((e) => (e.directive ? directiveExpr(e.src, vars) : e.src));
      t.exprs.forEach((e, ix) => {
        const a = analyse(srcs[ix], vars);
        for (const err of a.errors) problem(P, err);
        for (const f of a.fns) {
          if (f.includes('::')) {
            const ns = f.split('::');
            if (ns[0] !== 'provider' || ns.length !== 3) problem(P, `'${f}' is not a function name`);
            continue;
          }
          if (!FUNCTIONS.has(f)) problem(P, `call to unknown function '${f}'${suggest(f, [...FUNCTIONS])}`);
        }
        for (const r of a.refs) {
          const ty = checkRef(r, ctx, P);
          if (a.exprOnlyRef === r && !t.text && t.exprs.length === 1 && !e.directive) onlyType = ty;
        }
        if (!ctx.ephemeralOk && !a.fns.includes('ephemeralasnull')) {
          const r = a.refs.find(isEphemeralRef);
          if (r) problem(P, `'${refText(r)}' is ephemeral; ${ctx.ephemeralWhy || 'Terraform accepts ephemeral values only in write-only arguments, locals, provider and ephemeral blocks'}`);
        }
      });
      return onlyType;
    }
    if (Array.isArray(v)) v.forEach((x, i) => checkExprs(x, ctx, [...P, i]));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) { checkExprs(k, ctx, P); checkExprs(x, ctx, [...P, k]); }
    return undefined;
  }
  // a string value: 'template' (text around interpolations: a string), 'expr' (one "${...}": any type), 'literal'
  const stringForm = (s) => {
    const t = scanTemplate(s, 0, false);
    if (!t.exprs.length) return 'literal';
    return !t.text && t.exprs.length === 1 && !t.exprs[0].directive ? 'expr' : 'template';
  };

  // value against a cty type (literal kinds; references are checked by checkExprs)
  function checkValue(v, ty, P, ctx, label) {
    if (v === null || ty === undefined || ty === 'dynamic') { checkExprs(v, ctx, P); return; }
    if (typeof v === 'string') {
      const refType = checkExprs(v, ctx, P);
      const form = stringForm(v);
      if (form === 'expr') {
        const f1 = family(refType), f2 = family(ty);
        if (f1 !== 'any' && f2 !== 'any' && f1 !== f2 && !(f1 === 'map' && f2 === 'map')) {
          problem(P, `${label} expects ${typeStr(ty)}, but ${v.slice(2, -1).trim()} is ${typeStr(refType)}`);
        }
        return;
      }
      if (form === 'template') {
        if (!isPrimitive(ty)) problem(P, `${label} expects ${typeStr(ty)}, but a string template gives a string`);
        return;
      }
      if (ty === 'number' && !/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(v.trim())) problem(P, `${label} expects a number, got ${JSON.stringify(v)}`);
      else if (ty === 'bool' && v !== 'true' && v !== 'false') problem(P, `${label} expects a bool, got ${JSON.stringify(v)}`);
      else if (!isPrimitive(ty)) problem(P, `${label} expects ${typeStr(ty)}, got a string`);
      return;
    }
    if (typeof v === 'number') { if (ty === 'bool' || !isPrimitive(ty)) problem(P, `${label} expects ${typeStr(ty)}, got a number`); return; }
    if (typeof v === 'boolean') { if (ty === 'number' || !isPrimitive(ty)) problem(P, `${label} expects ${typeStr(ty)}, got a bool`); return; }
    if (Array.isArray(v)) {
      if (isPrimitive(ty) || ['map', 'object'].includes(ty[0])) { problem(P, `${label} expects ${typeStr(ty)}, got a list`); checkExprs(v, ctx, P); return; }
      if (ty[0] === 'tuple') { v.forEach((x, i) => checkValue(x, ty[1][i], [...P, i], ctx, label)); return; }
      v.forEach((x, i) => checkValue(x, ty[1], [...P, i], ctx, label));
      return;
    }
    // object
    if (isPrimitive(ty) || ['list', 'set', 'tuple'].includes(ty[0])) { problem(P, `${label} expects ${typeStr(ty)}, got an object`); checkExprs(v, ctx, P); return; }
    if (ty[0] === 'map') { for (const [k, x] of Object.entries(v)) { checkExprs(k, ctx, P); checkValue(x, ty[1], [...P, k], ctx, label); } return; }
    const attrs = ty[1], optional = new Set(ty[2] || []);
    for (const [k, x] of Object.entries(v)) {
      if (!(k in attrs)) { problem([...P, k], `unknown attribute '${k}' in ${label}${suggest(k, Object.keys(attrs))}`); checkExprs(x, ctx, [...P, k]); continue; }
      checkValue(x, attrs[k], [...P, k], ctx, `${label}.${k}`);
    }
    const missing = Object.keys(attrs).filter((k) => !(k in v) && !optional.has(k));
    if (missing.length) problem(P, `${label} needs every attribute of its object type (null for an unset one); missing: ${missing.join(', ')}`);
  }

  // a block body against a schema block
  function checkBlock(body, block, P, ctx, owner, meta) {
    const attrs = block.attributes || {}, blocks = block.block_types || {};
    for (const [k, v] of Object.entries(body)) {
      if (k === '//') continue;
      if (meta && meta.includes(k)) continue;
      if (k === 'dynamic' && isObj(v)) { checkDynamic(v, blocks, [...P, k], ctx, owner); continue; }
      if (k in attrs) {
        const a = attrs[k];
        if (a.computed && !a.optional && !a.required) {
          problem([...P, k], `'${k}' is computed by the provider (read-only) for ${owner}; it cannot be set`);
          continue;
        }
        const sub = { ...ctx };
        if (a.write_only) {
          sub.ephemeralOk = true;
          if (v !== null) {
            used.writeOnly = used.writeOnly || [...P, k];
            const plain = k.replace(/_wo$/, '');
            if (plain in attrs && plain in body && body[plain] !== null) problem([...P, k], `${k} and ${plain} cannot both be set (${k} is the write-only form of ${plain})`);
            const ver = `${k}_version`;
            if (ver in attrs && (!(ver in body) || body[ver] === null)) problem([...P, k], `${k} is write-only: set ${ver} too (Terraform never sees the old value; changing ${ver} is what makes it apply a new one)`);
          }
        }
        if (a.nested_type) checkNested(v, a.nested_type, [...P, k], sub, `${owner}.${k}`);
        else checkValue(v, a.type, [...P, k], sub, `${k}`);
        continue;
      }
      if (k in blocks) { checkNestedBlock(v, blocks[k], [...P, k], ctx, `${owner}.${k}`, k); continue; }
      problem([...P, k], `unknown argument '${k}' for ${owner}${suggest(k, [...Object.keys(attrs).filter((n) => !(attrs[n].computed && !attrs[n].optional && !attrs[n].required)), ...Object.keys(blocks), ...(meta || [])])}`);
      checkExprs(v, ctx, [...P, k]);
    }
    for (const [k, a] of Object.entries(attrs)) {
      if (a.required && (!(k in body) || body[k] === null)) problem(P, `missing required argument '${k}' for ${owner}`);
    }
    for (const [k, bt] of Object.entries(blocks)) {
      if ((bt.min_items || 0) > 0 && !(k in body) && !(isObj(body.dynamic) && k in body.dynamic)) problem(P, `missing required block '${k}' for ${owner}`);
    }
  }
  function checkNestedBlock(v, bt, P, ctx, owner, name) {
    if (v === null) return;
    let items;
    if (Array.isArray(v)) items = v.map((x, i) => [x, [...P, i]]);
    else if (isObj(v)) items = [[v, P]];
    else { checkExprs(v, ctx, P); problem(P, `'${name}' is a block: give an object${bt.nesting_mode === 'single' ? '' : ' or a list of objects'}, not ${kindOf(v)}${typeof v === 'string' && stringForm(v) === 'expr' ? ' (use a dynamic block for computed blocks)' : ''}`); return; }
    const max = bt.nesting_mode === 'single' ? 1 : bt.max_items;
    if (max && items.length > max) problem(P, `'${name}' takes at most ${max} block${max === 1 ? '' : 's'}, got ${items.length}`);
    if (bt.min_items && items.length < bt.min_items) problem(P, `'${name}' needs at least ${bt.min_items} block${bt.min_items === 1 ? '' : 's'}`);
    for (const [x, XP] of items) {
      if (!isObj(x)) { problem(XP, `a '${name}' block is an object, not ${kindOf(x)}`); continue; }
      checkBlock(x, bt.block, XP, ctx, owner, null);
    }
  }
  function checkNested(v, nt, P, ctx, owner) {
    if (v === null) return;
    if (typeof v === 'string') { checkExprs(v, ctx, P); return; }
    const block = { attributes: nt.attributes };
    if (nt.nesting_mode === 'single') { if (!isObj(v)) problem(P, `${owner} is an object, not ${kindOf(v)}`); else checkBlock(v, block, P, ctx, owner, null); return; }
    if (nt.nesting_mode === 'map') { if (!isObj(v)) problem(P, `${owner} is a map of objects`); else for (const [k, x] of Object.entries(v)) if (isObj(x)) checkBlock(x, block, [...P, k], ctx, owner, null); return; }
    if (!Array.isArray(v)) { problem(P, `${owner} is a ${nt.nesting_mode} of objects, not ${kindOf(v)}`); return; }
    v.forEach((x, i) => { if (isObj(x)) checkBlock(x, block, [...P, i], ctx, owner, null); else problem([...P, i], `an element of ${owner} is an object`); });
  }
  function checkDynamic(dyn, blocks, P, ctx, owner) {
    for (const [name, d0] of Object.entries(dyn)) {
      const DP = [...P, name];
      if (!(name in blocks)) { problem(DP, `dynamic '${name}': ${owner} has no block '${name}'${suggest(name, Object.keys(blocks))}`); continue; }
      for (const d of Array.isArray(d0) ? d0 : [d0]) {
        if (!isObj(d)) { problem(DP, 'a dynamic block is an object with for_each and content'); continue; }
        for (const k of Object.keys(d)) if (!['for_each', 'iterator', 'content', 'labels'].includes(k)) problem([...DP, k], `unknown argument '${k}' in a dynamic block`);
        if (!('for_each' in d)) problem(DP, 'a dynamic block needs for_each');
        else checkExprs(d.for_each, ctx, [...DP, 'for_each']);
        const it = typeof d.iterator === 'string' ? d.iterator : name;
        const sub = { ...ctx, iterators: new Set([...(ctx.iterators || []), it]) };
        if (!isObj(d.content)) problem(DP, 'a dynamic block needs a content object');
        else checkBlock(d.content, blocks[name].block, [...DP, 'content'], sub, `${owner}.${name}`, null);
      }
    }
  }

  // depends_on entries and lifecycle.replace_triggered_by: whole objects
  function checkDependsOn(list, P, ctx, attrsAllowed) {
    if (!Array.isArray(list)) { problem(P, 'a list of references is expected'); return; }
    list.forEach((s, i) => {
      if (typeof s !== 'string') { problem([...P, i], 'a reference (a string) is expected'); return; }
      const src = stringForm(s) === 'expr' ? s.slice(2, -1) : s;
      const a = analyse(src);
      if (a.refs.length !== 1 || a.fns.length || !a.exprOnlyRef) { problem([...P, i], `'${s}' is not a reference to a resource`); return; }
      const r = a.refs[0];
      if (!['data', 'ephemeral', 'var', 'local', 'module'].includes(r.root) && r.parts.length > 1 && !attrsAllowed && r.parts.slice(1).some((p) => p.attr !== undefined)) {
        problem([...P, i], `'${s}': depends_on names whole resources, not attributes`);
      }
      checkRef(r, { ...ctx, ephemeralOk: true }, [...P, i]);
    });
  }
  function checkLifecycle(lc, P, ctx, schema, owner) {
    if (!isObj(lc)) { problem(P, 'lifecycle is an object'); return; }
    for (const [k, v] of Object.entries(lc)) {
      if (!LIFECYCLE.includes(k)) { problem([...P, k], `unknown lifecycle argument '${k}'${suggest(k, LIFECYCLE)}`); continue; }
      if ((k === 'create_before_destroy' || k === 'prevent_destroy') && typeof v !== 'boolean') problem([...P, k], `${k} is true or false (a literal)`);
      if (k === 'ignore_changes') {
        if (v === 'all') continue;
        if (!Array.isArray(v)) { problem([...P, k], "ignore_changes is a list of attribute names or 'all'"); continue; }
        v.forEach((n, i) => {
          const name = typeof n === 'string' ? n.replace(/^\$\{(.*)\}$/, '$1').split(/[.[]/)[0] : null;
          if (!name) { problem([...P, k, i], 'an attribute name is expected'); return; }
          if (schema && !(name in (schema.attributes || {})) && !(name in (schema.block_types || {}))) problem([...P, k, i], `ignore_changes: ${owner} has no attribute '${name}'${suggest(name, [...Object.keys(schema.attributes || {}), ...Object.keys(schema.block_types || {})])}`);
        });
      }
      if (k === 'replace_triggered_by') checkDependsOn(v, [...P, k], ctx, true);
      if (k === 'precondition' || k === 'postcondition') {
        for (const [c, i] of (Array.isArray(v) ? v : [v]).map((c0, i0) => [c0, i0])) {
          const CP = Array.isArray(v) ? [...P, k, i] : [...P, k];
          if (!isObj(c) || !('condition' in c) || !('error_message' in c)) problem(CP, `a ${k} has condition and error_message`);
          else checkExprs(c, { ...ctx, iterators: new Set([...(ctx.iterators || []), 'self']) }, CP);
        }
      }
    }
  }

  // ---- bodies
  for (const b of bodies) {
    const { body, P } = b;
    if (b.kind === 'resource' || b.kind === 'data' || b.kind === 'ephemeral') {
      const label = `${b.kind === 'resource' ? '' : `${b.kind}.`}${b.type}`;
      const ctx = { hasCount: 'count' in body, hasForEach: 'for_each' in body, ephemeralOk: b.kind === 'ephemeral' };
      if (b.kind !== 'ephemeral') ctx.ephemeralWhy = `only write-only arguments of a ${b.kind === 'data' ? 'resource' : 'resource (e.g. password_wo)'} accept ephemeral values`;
      const pname = typeof body.provider === 'string' ? body.provider.split('.')[0] : providerOf(b.type);
      useProvider(pname, P);
      if (b.kind === 'ephemeral') used.ephemeral = used.ephemeral || P;
      if (b.kind === 'ephemeral' && b.type === 'random_password') used.randomEphemeral = used.randomEphemeral || P;
      if ('count' in body && 'for_each' in body) problem(P, 'count and for_each cannot both be set');
      if ('count' in body) { const c = body.count; if (!(Number.isInteger(c) && c >= 0) && !(typeof c === 'string' && stringForm(c) === 'expr')) problem([...P, 'count'], 'count is a whole number or an expression'); checkExprs(c, ctx, [...P, 'count']); }
      if ('for_each' in body) { const f = body.for_each; if (!(isObj(f) || Array.isArray(f) || (typeof f === 'string' && stringForm(f) === 'expr'))) problem([...P, 'for_each'], 'for_each is a map, a set or an expression'); checkExprs(f, { ...ctx, hasForEach: false }, [...P, 'for_each']); }
      if ('depends_on' in body) checkDependsOn(body.depends_on, [...P, 'depends_on'], ctx, false);
      if ('provider' in body) {
        const pv = body.provider;
        if (typeof pv !== 'string' || !/^[a-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/.test(pv)) problem([...P, 'provider'], "provider is a provider reference like 'aws' or 'aws.west' (without ${})");
        else if (pv.includes('.') && !(pv in decl.provider)) problem([...P, 'provider'], `no provider configuration '${pv}' (a provider block with alias '${pv.split('.')[1]}')`);
      }
      const schema = typeSchema(b.kind, b.type);
      if ('lifecycle' in body) checkLifecycle(body.lifecycle, [...P, 'lifecycle'], ctx, schema, label);
      for (const k of ['provisioner', 'connection']) if (k in body) checkExprs(body[k], { ...ctx, ephemeralOk: true, iterators: new Set(['self']) }, [...P, k]);
      if (!schema) {
        const kindName = b.kind === 'resource' ? 'resource type' : b.kind === 'data' ? 'data source' : 'ephemeral resource type';
        problem(P, PROVIDERS[providerOf(b.type)]
          ? `unknown ${kindName} '${b.type}'${suggest(b.type, typeNames(b.kind))}`
          : `unknown ${kindName} '${b.type}': no schema for provider '${providerOf(b.type)}'`);
        checkExprs(body, ctx, P);
        continue;
      }
      checkBlock(body, schema, P, ctx, label, META[b.kind]);
    } else if (b.kind === 'provider') {
      const prov = PROVIDERS[b.name];
      useProvider(b.name, P);
      const ctx = { ephemeralOk: true };
      if (!prov) { problem(P, `no schema for provider '${b.name}'`); checkExprs(body, ctx, P); continue; }
      if ('alias' in body && (typeof body.alias !== 'string' || !NAME.test(body.alias))) problem([...P, 'alias'], 'alias is a name');
      if ('version' in body) problem([...P, 'version'], 'version in a provider block is deprecated; constrain it in terraform.required_providers');
      checkBlock(body, prov.schema.provider.block, P, ctx, `provider ${b.name}`, ['alias']);
    } else if (b.kind === 'local') {
      checkExprs(body, { ephemeralOk: true }, P);
    } else if (b.kind === 'variable') {
      for (const k of Object.keys(body)) if (!VARIABLE_KEYS.includes(k)) problem([...P, k], `unknown variable argument '${k}'${suggest(k, VARIABLE_KEYS)}`);
      for (const k of ['sensitive', 'nullable', 'ephemeral']) if (k in body && typeof body[k] !== 'boolean') problem([...P, k], `${k} is true or false`);
      if ('description' in body && typeof body.description !== 'string') problem([...P, 'description'], 'description is a string');
      if (body.ephemeral === true) used.ephemeral = used.ephemeral || P;
      if ('validation' in body) checkExprs(body.validation, { ephemeralOk: true }, [...P, 'validation']);
    } else if (b.kind === 'output') {
      for (const k of Object.keys(body)) if (!OUTPUT_KEYS.includes(k)) problem([...P, k], `unknown output argument '${k}'${suggest(k, OUTPUT_KEYS)}`);
      if (!('value' in body)) problem(P, "an output needs 'value'");
      if ('sensitive' in body && typeof body.sensitive !== 'boolean') problem([...P, 'sensitive'], 'sensitive is true or false');
      if ('description' in body && typeof body.description !== 'string') problem([...P, 'description'], 'description is a string');
      if (body.ephemeral === true) problem([...P, 'ephemeral'], 'outputs of the root module cannot be ephemeral');
      const ctx = { ephemeralOk: false, ephemeralWhy: 'a root module output cannot take ephemeral values' };
      if ('value' in body) checkExprs(body.value, ctx, [...P, 'value']);
      if ('depends_on' in body) checkDependsOn(body.depends_on, [...P, 'depends_on'], ctx, false);
      if ('precondition' in body) checkExprs(body.precondition, { ephemeralOk: true }, [...P, 'precondition']);
    }
  }

  // ---- terraform {}: versions of Terraform and providers
  const required = {};
  let requiredVersion = null;
  for (const { body, P } of terraformBlocks) {
    for (const k of Object.keys(body)) if (k !== '//' && !TERRAFORM_KEYS.includes(k)) problem([...P, k], `unknown terraform argument '${k}'${suggest(k, TERRAFORM_KEYS)}`);
    if ('required_version' in body) {
      const c = parseConstraint(body.required_version);
      if (typeof c === 'string') problem([...P, 'required_version'], c);
      else requiredVersion = { preds: c, P: [...P, 'required_version'], text: body.required_version };
    }
    if ('required_providers' in body) {
      for (const rp of Array.isArray(body.required_providers) ? body.required_providers : [body.required_providers]) {
        if (!isObj(rp)) { problem([...P, 'required_providers'], 'required_providers is an object'); continue; }
        for (const [name, req] of Object.entries(rp)) {
          const RP = [...P, 'required_providers', name];
          if (!isObj(req)) { problem(RP, `a provider requirement is {source, version}, not ${kindOf(req)}`); continue; }
          for (const k of Object.keys(req)) if (!['source', 'version', 'configuration_aliases'].includes(k)) problem([...RP, k], `unknown provider requirement argument '${k}'`);
          if (typeof req.source !== 'string') problem(RP, `provider requirement '${name}' needs a source (e.g. hashicorp/${name})`);
          else if (!/^([A-Za-z0-9.-]+\/)?[A-Za-z0-9-]+\/[A-Za-z0-9-]+$/.test(req.source)) problem([...RP, 'source'], `'${req.source}' is not a provider source address`);
          let preds = null;
          if (!('version' in req)) problem(RP, `provider requirement '${name}' needs a version constraint`);
          else { preds = parseConstraint(req.version); if (typeof preds === 'string') { problem([...RP, 'version'], preds); preds = null; } }
          required[name] = { req, preds, P: RP };
          const prov = PROVIDERS[name];
          if (prov && typeof req.source === 'string') {
            const want = prov.address.replace(/^registry\.terraform\.io\//, '');
            if (req.source.replace(/^registry\.terraform\.io\//, '').toLowerCase() !== want) problem([...RP, 'source'], `source '${req.source}' is not ${want}, the provider the schema describes`);
          }
          if (name === 'aws' && preds && AWS_VERSION && !allows(preds, AWS_VERSION)) problem([...RP, 'version'], `constraint '${req.version}' excludes ${AWS_VERSION}, the hashicorp/aws version whose schema this check uses`);
        }
      }
    }
  }
  for (const [name, P] of used.providers) {
    if (!(name in required)) problem(P, `provider '${name}' is not in terraform.required_providers (its source and version must be pinned)`);
  }
  const needTerraform = (feature, at) => {
    const f = FEATURES[feature];
    if (!requiredVersion) { problem(at, `${f.why}: terraform.required_version must say so (e.g. ">= ${f.terraform.replace(/\.0$/, '')}")`); return; }
    const older = allowsOlderThan(requiredVersion.preds, f.terraform);
    if (older) problem(requiredVersion.P, `${f.why}, but required_version '${requiredVersion.text}' allows ${older}`);
  };
  if (used.writeOnly) needTerraform('writeOnly', used.writeOnly);
  if (used.ephemeral && !used.writeOnly) needTerraform('ephemeral', used.ephemeral);
  if (used.randomEphemeral && required.random && required.random.preds) {
    const older = allowsOlderThan(required.random.preds, FEATURES.randomEphemeral.random);
    if (older) problem([...required.random.P, 'version'], `${FEATURES.randomEphemeral.why}, but '${required.random.req.version}' allows ${older}`);
  }
}

main('tf-check', USAGE, (doc, problem) => checkConfig(doc, problem));
