// common.js -- what cfn-check.js and tf-check.js share: a strict JSON reader that reports
// duplicate keys (JSON.parse silently keeps the last one), "did you mean" suggestions, path
// formatting, and the command-line driver with the output and exit-status conventions:
//
//   FILE: ok                        no problem in FILE
//   FILE: PATH: MESSAGE             one line per problem
//   exit 0 no problem, 1 a problem in some file, 2 usage or I/O error
'use strict';
const fs = require('fs');

// ------------------------------------------------------------------ strict JSON
// Returns { value, duplicates: [{ path: [...], key }] }; throws Error('line L, column C: ...').
function parseJSON(text) {
  let i = 0;
  const duplicates = [];
  const where = (at) => {
    let line = 1, col = 1;
    for (let k = 0; k < at && k < text.length; k++) {
      if (text[k] === '\n') { line++; col = 1; } else col++;
    }
    return `line ${line}, column ${col}`;
  };
  const fail = (msg, at = i) => { throw new Error(`${where(at)}: ${msg}`); };
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const str = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i])) fail('bad escape');
      }
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path) => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = {};
      const seen = new Set();
      ws();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const k = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        const v = value([...path, k]);
        if (seen.has(k)) duplicates.push({ path, key: k });
        seen.add(k);
        Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return obj; }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(value([...path, arr.length]));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return arr; }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail(i >= text.length ? 'unexpected end of input' : `unexpected character '${c}'`);
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  if (text.charCodeAt(0) === 0xfeff) fail('byte order mark at start of file', 0);
  const v = value([]);
  ws();
  if (i < text.length) fail('trailing characters after the JSON value');
  return { value: v, duplicates };
}

// ------------------------------------------------------------------ helpers
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const kindOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object'
  : typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v);

// Path segments -> "Resources.Vpc.Properties.Tags[0].Key"; keys that are not plain
// identifiers are quoted: Conditions["a.b"].
function fmtPath(parts) {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z0-9_:-]+$/.test(p)) s += (s ? '.' : '') + p;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

function editDistance(a, b) {
  const prev = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
// " (did you mean 'X'?)" when one candidate is close, else ''.
function suggest(name, candidates) {
  let best = null, bestD = Infinity;
  const lname = String(name).toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lname ? 0 : editDistance(lname, c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(String(name).length / 4)) ? ` (did you mean '${best}'?)` : '';
}

// ------------------------------------------------------------------ driver
// check(value, problem, file) reports with problem(pathParts, message).
function main(tool, usage, check) {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) { process.stdout.write(usage); process.exit(0); }
  if (!args.length || args.some((a) => a.startsWith('-') && a !== '-')) { process.stderr.write(usage); process.exit(2); }
  let anyProblem = false, ioError = false;
  for (const file of args) {
    let text;
    try { text = fs.readFileSync(file === '-' ? 0 : file, 'utf8'); } catch (e) {
      process.stderr.write(`${tool}: ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}\n`);
      ioError = true;
      continue;
    }
    const out = [];
    const problem = (parts, msg) => out.push(`${file}: ${parts.length ? fmtPath(parts) + ': ' : ''}${msg}`);
    let doc = null;
    try { doc = parseJSON(text); } catch (e) { problem([], `not valid JSON: ${e.message}`); }
    if (doc) {
      for (const d of doc.duplicates) problem(d.path, `duplicate key '${d.key}' (JSON readers keep only one)`);
      try { check(doc.value, problem, file); } catch (e) { problem([], `internal error in ${tool}: ${e.stack}`); }
    }
    const seen = new Set();
    const lines = out.filter((l) => (seen.has(l) ? false : seen.add(l)));
    if (lines.length) { anyProblem = true; process.stdout.write(lines.join('\n') + '\n'); }
    else process.stdout.write(`${file}: ok\n`);
  }
  process.exit(ioError ? 2 : anyProblem ? 1 : 0);
}

module.exports = { parseJSON, isObj, kindOf, fmtPath, suggest, main };
