#!/usr/bin/env python3
"""Extract Terraform AWS provider resource schemas: every argument / nested block argument and
whether changing it forces a new resource.

usage: extract_tf.py SRC_DIR SCOPE_JSON OUT_JSON

SRC_DIR/VERSION: first line the provider release tag (e.g. v6.58.0), then optionally
"index_commit <sha>" (the terraform-provider-aws-index commit the copies were taken from).
SRC_DIR holds the Go source of the schema functions named in scope.json ("funcs"), one
function per file, laid out as SRC_DIR/internal/service/<svc>/<kind>.<Name>.goindex - the
layout of github.com/lonegunmanb/terraform-provider-aws-index (index/internal/...), which is
a verbatim per-function copy of hashicorp/terraform-provider-aws at a release tag - plus, for
package-level variables that index does not carry, SRC_DIR/vars/<svc>/<name>.go holding the
`var` declaration copied from the upstream file (see README.md, "Terraform sources").

What is read (no Go toolchain needed; a small lexer/parser of Go composite literals):
  * SDKv2 resources: the map[string]*schema.Schema literal (Schema: / SchemaFunc:), nested
    Elem: &schema.Resource{Schema: ...} blocks; per argument ForceNew, Required, Optional,
    Computed, Deprecated.  Computed-only attributes are dropped (they cannot be set).
  * CustomizeDiff in the same function: customdiff.ForceNewIf("x", ...),
    customdiff.ForceNewIfChange("x", ...) and diff.ForceNew("x") mark "x" conditional.
  * Plugin Framework resources: the Schema method's Attributes / Blocks maps; PlanModifiers
    containing ...planmodifier.RequiresReplace() -> replace, RequiresReplaceIf(...) /
    RequiresReplaceIfConfigured() -> conditional.
Argument paths are "block/argument" (list/set levels transparent), like the CloudFormation data.
Python 3 standard library only.
"""
import json
import os
import re
import sys

# names.AttrX -> "x": names/attr_consts_gen.go is generated from names/attr_constants.csv;
# the literal is the constant name in snake case with initialisms kept whole.  The rule below
# reproduces every constant of names/attr_consts_gen.go that was checked (README.md); the
# table holds the exceptions.
INITIALISMS = ('IOPS', 'CIDR', 'JSON', 'ARN', 'DNS', 'IAM', 'KMS', 'SNS', 'URI', 'URL', 'VPC', 'ID', 'IP', 'S3')


def attr_const(name):
    """'VPCSecurityGroupIDs' -> 'vpc_security_group_ids'"""
    words, i = [], 0
    while i < len(name):
        for ini in INITIALISMS:
            if name.startswith(ini, i):
                j = i + len(ini)
                if j < len(name) and name[j] == 's' and (j + 1 == len(name) or name[j + 1].isupper()):
                    j += 1  # plural: IDs, ARNs
                words.append(name[i:j])
                i = j
                break
        else:
            m = re.match(r'[A-Z][a-z0-9]*|[a-z0-9]+', name[i:])
            words.append(m.group(0))
            i += m.end()
    return '_'.join(w.lower() for w in words)


# ---------------------------------------------------------------- lexer helpers
def skip_ws(s, i):
    n = len(s)
    while i < n:
        if s[i] in ' \t\r\n':
            i += 1
        elif s.startswith('//', i):
            j = s.find('\n', i)
            i = n if j < 0 else j + 1
        elif s.startswith('/*', i):
            j = s.find('*/', i + 2)
            i = n if j < 0 else j + 2
        else:
            break
    return i


def skip_string(s, i):
    q = s[i]
    if q == '`':
        return s.index('`', i + 1) + 1
    i += 1
    while s[i] != q:
        i += 2 if s[i] == '\\' else 1
    return i + 1


def match_close(s, i):
    """s[i] is an opening bracket; return index just past its match."""
    pairs = {'{': '}', '(': ')', '[': ']'}
    stack = [pairs[s[i]]]
    i += 1
    while stack:
        c = s[i]
        if c in '"`\'':
            i = skip_string(s, i)
            continue
        if s.startswith('//', i) or s.startswith('/*', i):
            i = skip_ws(s, i)
            continue
        if c in pairs:
            stack.append(pairs[c])
        elif c in ')}]':
            if c != stack[-1]:
                raise ValueError('bracket mismatch at %d' % i)
            stack.pop()
        i += 1
    return i


def split_top(s):
    """Split the inside of a composite literal at top-level commas."""
    parts, depth, start, i, n = [], 0, 0, 0, len(s)
    while i < n:
        c = s[i]
        if c in '"`\'':
            i = skip_string(s, i)
            continue
        if s.startswith('//', i) or s.startswith('/*', i):
            i = skip_ws(s, i)
            continue
        if c in '{([':
            depth += 1
        elif c in '})]':
            depth -= 1
        elif c == ',' and depth == 0:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return [p for p in (strip_comments(x).strip() for x in parts) if p]


def strip_comments(s):
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c in '"`\'':
            j = skip_string(s, i)
            out.append(s[i:j])
            i = j
        elif s.startswith('//', i) or s.startswith('/*', i):
            i = skip_ws(s, i)
            out.append(' ')
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def split_kv(elem):
    """'key: value' at top level -> (key, value) or (None, elem)."""
    depth, i, n = 0, 0, len(elem)
    while i < n:
        c = elem[i]
        if c in '"`\'':
            i = skip_string(elem, i)
            continue
        if c in '{([':
            depth += 1
        elif c in '})]':
            depth -= 1
        elif c == ':' and depth == 0:
            return elem[:i].strip(), elem[i + 1:].strip()
        i += 1
    return None, elem


def key_name(k, ctx=None):
    k = k.strip()
    if k.startswith('"'):
        return k[1:-1]
    m = re.fullmatch(r'names\.Attr([A-Za-z0-9]+)', k)
    if m:
        return attr_const(m.group(1))
    if ctx is not None and re.fullmatch(r'[a-z][A-Za-z0-9_]*', k):
        v = ctx.const(k)
        if v is not None:
            return v
    if ctx is not None:
        ctx.unresolved.append('key ' + k)
    return None


def literal_body(v):
    """'&schema.Resource{...}' / '{...}' / 'schema.StringAttribute{...}' -> (typename, body)"""
    m = re.match(r'^&?([A-Za-z0-9_.\[\]*]*)\s*\{', v)
    if not m:
        return None, None
    i = v.index('{', m.start())
    j = match_close(v, i)
    return m.group(1), v[i + 1:j - 1]


def fields(body):
    out = {}
    for e in split_top(body):
        k, v = split_kv(e)
        if k is not None:
            out[k] = v
    return out


# ---------------------------------------------------------------- SDKv2
class Ctx:
    def __init__(self, src_dir, svc):
        self.src_dir, self.svc = src_dir, svc
        self.unresolved = []
        self.files = set()

    def const(self, name):
        p = os.path.join(self.src_dir, 'consts', self.svc + '.json')
        if not os.path.exists(p):
            return None
        consts = json.load(open(p))
        if name in consts:
            self.files.add(os.path.relpath(p, self.src_dir))
        return consts.get(name)

    def var(self, name):
        p = os.path.join(self.src_dir, 'vars', self.svc, name + '.go')
        if not os.path.exists(p):
            self.unresolved.append(name)
            return None
        self.files.add(os.path.relpath(p, self.src_dir))
        text = open(p, encoding='utf-8').read()
        m = re.search(r'\b%s\s*=\s*' % re.escape(name), text)
        return text[m.end():].strip() if m else None

    def func(self, name):
        p = os.path.join(self.src_dir, 'internal', 'service', self.svc, 'func.%s.goindex' % name)
        if not os.path.exists(p):
            self.unresolved.append(name + '()')
            return None
        self.files.add(os.path.relpath(p, self.src_dir))
        return open(p, encoding='utf-8').read()


def sdk_schema_map(body, prefix, out, ctx):
    for e in split_top(body):
        k, v = split_kv(e)
        name = key_name(k, ctx) if k else None
        if name is None:
            continue
        sdk_schema(v, prefix + name, out, ctx)


def sdk_schema(v, path, out, ctx):
    v = v.strip()
    typ, body = literal_body(v)
    if body is None:
        m = re.fullmatch(r'([A-Za-z0-9_.]+)\((.*)\)', v, re.S)
        ident = m.group(1) if m else v
        if ident.startswith('tftags.Tags'):
            # tags: TagsSchema() is Optional map; TagsSchemaComputed() is Computed (tags_all)
            if ident in ('tftags.TagsSchema', 'tftags.TagsSchemaForceNew'):
                out[path] = {'force_new': ident.endswith('ForceNew'), 'optional': True, 'kind': 'map',
                             'from': ident + '()'}
            return
        if ident == 'tagsSchemaConflictsWith':
            out[path] = {'force_new': False, 'optional': True, 'kind': 'map', 'from': ident + '()'}
            return
        if ident.startswith('sdkv2.IAMPolicyDocumentSchema'):
            out[path] = {'force_new': False, 'optional': True, 'kind': 'json string', 'from': ident + '()'}
            return
        if re.fullmatch(r'[a-z][A-Za-z0-9_]*', ident):
            text = ctx.var(ident)
            if text is not None:
                sdk_schema(text, path, out, ctx)
                return
        out[path] = {'unparsed': v[:120]}
        return
    f = fields(body)
    computed_only = f.get('Computed') == 'true' and 'Optional' not in f and 'Required' not in f
    row = {
        'force_new': f.get('ForceNew') == 'true',
        'kind': (f.get('Type') or '').replace('schema.Type', '').lower() or None,
    }
    if f.get('Required') == 'true':
        row['required'] = True
    if f.get('Optional') == 'true':
        row['optional'] = True
    if 'Deprecated' in f:
        row['deprecated'] = True
    if 'Default' in f:
        row['default'] = f['Default'][:60]
    if not computed_only:
        out[path] = row
    elem = f.get('Elem')
    if elem:
        et, eb = literal_body(elem)
        if et is None and re.fullmatch(r'[a-z][A-Za-z0-9_]*', elem.strip()):
            text = ctx.var(elem.strip())
            if text:
                et, eb = literal_body(text)
        if et and et.endswith('schema.Resource'):
            ef = fields(eb)
            if 'Schema' in ef:
                _, mb = literal_body(ef['Schema'])
                if computed_only:
                    return
                sdk_schema_map(mb, path + '/', out, ctx)


def sdk_resource(text, ctx):
    """text: the schema function; returns {path: row}, customdiff list"""
    out = {}
    i = text.find('&schema.Resource{')
    if i < 0:
        # a function returning the schema map itself (e.g. resourceInstanceSchema)
        j = text.find('map[string]*schema.Schema{')
        _, mb = literal_body(text[j:])
        sdk_schema_map(mb, '', out, ctx)
        return out
    j = text.find('map[string]*schema.Schema{')
    if re.search(r'^func \w+\(\) map\[string\]\*schema\.Schema', text, re.M) and 0 <= j:
        _, mb = literal_body(text[j:])
        sdk_schema_map(mb, '', out, ctx)
        return out
    _, rb = literal_body(text[i:])
    rf = fields(rb)
    if 'Schema' in rf:
        _, mb = literal_body(rf['Schema'])
        sdk_schema_map(mb, '', out, ctx)
    elif 'SchemaFunc' in rf:
        sf = rf['SchemaFunc']
        if sf.startswith('func'):
            j = sf.find('map[string]*schema.Schema{', sf.find('return'))
            _, mb = literal_body(sf[j:])
            sdk_schema_map(mb, '', out, ctx)
        else:
            sub = ctx.func(sf.strip())
            if sub:
                out.update(sdk_resource(sub, ctx))
    return out


CD_RE = re.compile(r'(customdiff\.ForceNewIf(?:Change)?|\b(?:diff|d|rd)\.ForceNew|sdkv2\.ForceNewIfChanged)'
                   r'\(\s*(?:\w+,\s*)?("([^"]+)"|names\.Attr([A-Za-z0-9]+))')
CD_FUNC_RE = re.compile(r'\b([a-z][A-Za-z0-9]*(?:CustomizeDiff|CustomDiff)[A-Za-z0-9]*)\b')


def customdiff_forcenew(text, ctx, fname, seen=None):
    """ForceNew calls in the CustomizeDiff code of text (and in the CustomizeDiff functions it
    names, followed through the source directory)."""
    seen = seen or set()
    found = {}
    for m in CD_RE.finditer(text):
        name = m.group(3) or attr_const(m.group(4))
        path = '/'.join(p for p in name.split('.') if not p.isdigit())
        line = text.count('\n', 0, m.start()) + 1
        found.setdefault(path, []).append('%s in %s line %d' % (m.group(1), fname, line))
    for name in sorted(set(CD_FUNC_RE.findall(text))):
        if name in seen or name == fname:
            continue
        seen.add(name)
        p = os.path.join(ctx.src_dir, 'internal', 'service', ctx.svc, 'func.%s.goindex' % name)
        if not os.path.exists(p):
            continue
        ctx.files.add(os.path.relpath(p, ctx.src_dir))
        for k, v in customdiff_forcenew(open(p, encoding='utf-8').read(), ctx, name, seen).items():
            found.setdefault(k, []).extend(v)
    return found


# ---------------------------------------------------------------- Plugin Framework
def fw_attrs(body, prefix, out, ctx):
    for e in split_top(body):
        k, v = split_kv(e)
        name = key_name(k, ctx) if k else None
        if name is None:
            continue
        path = prefix + name
        typ, ab = literal_body(v)
        if ab is None:
            if v.startswith('tftags.TagsAttribute()'):
                out[path] = {'force_new': False, 'optional': True, 'kind': 'map', 'from': 'tftags.TagsAttribute()'}
            elif v.startswith('timeouts.'):
                pass
            elif v.startswith('framework.IDAttribute') or v.startswith('tftags.TagsAttributeComputedOnly'):
                pass
            else:
                out[path] = {'unparsed': v[:120]}
            continue
        f = fields(ab)
        computed_only = f.get('Computed') == 'true' and 'Optional' not in f and 'Required' not in f
        pm = f.get('PlanModifiers', '')
        row = {'force_new': bool(re.search(r'planmodifier\.RequiresReplace\(\)', pm)),
               'kind': typ.replace('schema.', '')}
        if re.search(r'RequiresReplaceIf(Configured)?\(', pm):
            row['force_new_if'] = re.search(r'RequiresReplaceIf\w*', pm).group(0)
        if f.get('Required') == 'true':
            row['required'] = True
        if f.get('Optional') == 'true':
            row['optional'] = True
        if 'DeprecationMessage' in f:
            row['deprecated'] = True
        if not computed_only and not typ.endswith('Block'):
            out[path] = row
        if typ.endswith('Block'):
            # NestedObject: schema.NestedBlockObject{Attributes:..., Blocks:...}
            no = f.get('NestedObject')
            if no:
                _, nb = literal_body(no)
                nf = fields(nb)
                out[path] = row
                if 'Attributes' in nf:
                    fw_attrs(literal_body(nf['Attributes'])[1], path + '/', out, ctx)
                if 'Blocks' in nf:
                    fw_attrs(literal_body(nf['Blocks'])[1], path + '/', out, ctx)
        elif 'NestedObject' in f:
            _, nb = literal_body(f['NestedObject'])
            nf = fields(nb)
            if 'Attributes' in nf:
                fw_attrs(literal_body(nf['Attributes'])[1], path + '/', out, ctx)


def fw_resource(text, ctx):
    out = {}
    i = text.find('schema.Schema{')
    _, sb = literal_body(text[i:])
    sf = fields(sb)
    if 'Attributes' in sf:
        fw_attrs(literal_body(sf['Attributes'])[1], '', out, ctx)
    if 'Blocks' in sf:
        fw_attrs(literal_body(sf['Blocks'])[1], '', out, ctx)
    return out


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    src, scope_file, out_file = sys.argv[1:]
    scope = json.load(open(scope_file))
    result = {}
    for entry in scope['terraform']:
        t = entry['type']
        args, cds, used = {}, {}, []
        unresolved = []
        for fn in entry['funcs']:
            svc, name = fn.split('/', 1)
            p = os.path.join(src, 'internal', 'service', svc, name + '.goindex')
            text = open(p, encoding='utf-8').read()
            used.append(os.path.relpath(p, src))
            ctx = Ctx(src, svc)
            if name.startswith('method.'):
                args.update(fw_resource(text, ctx))
            else:
                args.update(sdk_resource(text, ctx))
                cds.update(customdiff_forcenew(text, ctx, name.split('.', 1)[1]))
            used.extend(sorted(ctx.files))
            unresolved.extend(ctx.unresolved)
        result[t] = {'files': used, 'arguments': dict(sorted(args.items())),
                     'customdiff_forcenew': dict(sorted(cds.items())),
                     'unresolved': sorted(set(unresolved))}
    version, index_commit = None, None
    vf = os.path.join(src, 'VERSION')
    if os.path.exists(vf):
        lines = open(vf).read().split('\n')
        version = lines[0].strip()
        for ln in lines[1:]:
            if ln.startswith('index_commit '):
                index_commit = ln.split()[1]
    with open(out_file, 'w') as f:
        json.dump({'source': {'provider': 'hashicorp/terraform-provider-aws', 'version': version,
                              'index_commit': index_commit,
                              'layout': 'per-function copies of the provider source at the release tag '
                                        '(github.com/lonegunmanb/terraform-provider-aws-index layout)'},
                   'resources': result}, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
