#!/usr/bin/env python3
"""Build the SRC_DIR that extract_tf.py reads, from a clone of
github.com/lonegunmanb/terraform-provider-aws-index (a per-function copy of
hashicorp/terraform-provider-aws made by its CI at each provider release tag) and, for the
few package-level variables / constants that index does not carry, the upstream provider files.

usage: fetch_tf_sources.py INDEX_CLONE TAG UPSTREAM_DIR OUT_DIR
  INDEX_CLONE   git clone of lonegunmanb/terraform-provider-aws-index
  TAG           provider release tag, e.g. v6.58.0 (a tag of that repository)
  UPSTREAM_DIR  directory with the upstream files named on the "upstream" lines of
                tf_sources.txt, at the same tag, e.g. from
                https://raw.githubusercontent.com/hashicorp/terraform-provider-aws/<TAG>/<path>
                (missing files are reported; the vars/consts already in OUT_DIR are kept)
  OUT_DIR       the SRC_DIR to write

Reads tools/updaterules/tf_sources.txt.  Python 3 standard library + git.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extract_tf import match_close  # noqa: E402


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        sys.exit(2)
    clone, tag, upstream, out = sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    commit = subprocess.run(['git', '-C', clone, 'rev-list', '-n1', tag], check=True,
                            capture_output=True, text=True).stdout.strip()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'VERSION'), 'w') as f:
        f.write('%s\nindex_commit %s\n' % (tag, commit))
    for line in open(os.path.join(here, 'tf_sources.txt')):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('upstream '):
            _, path, kind, *names = line.split()
            src = os.path.join(upstream, path)
            if not os.path.exists(src):
                print('missing upstream file %s (kept what %s has)' % (path, out))
                continue
            text = open(src, encoding='utf-8').read()
            svc = path.split('/')[2]
            if kind == 'var':
                os.makedirs(os.path.join(out, 'vars', svc), exist_ok=True)
                for n in names:
                    m = re.search(r'\b%s\s*=\s*&?[\w.]+\{' % re.escape(n), text)
                    j = match_close(text, text.index('{', m.start()))
                    with open(os.path.join(out, 'vars', svc, n + '.go'), 'w') as f:
                        f.write('// from hashicorp/terraform-provider-aws %s %s\n\t%s\n' % (tag, path, text[m.start():j]))
            else:
                os.makedirs(os.path.join(out, 'consts'), exist_ok=True)
                cf = os.path.join(out, 'consts', svc + '.json')
                consts = json.load(open(cf)) if os.path.exists(cf) else {}
                for n in names:
                    m = re.search(r'\b%s\s*=\s*"([^"]*)"' % re.escape(n), text)
                    consts[n] = m.group(1)
                consts['_source'] = 'hashicorp/terraform-provider-aws %s %s' % (tag, path)
                json.dump(consts, open(cf, 'w'), indent=1, sort_keys=True)
            continue
        blob = subprocess.run(['git', '-C', clone, 'show', '%s:index/%s' % (commit, line)], check=True,
                              capture_output=True).stdout
        dst = os.path.join(out, line)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, 'wb') as f:
            f.write(blob)
    print('%s: provider %s from index commit %s' % (out, tag, commit))


if __name__ == '__main__':
    main()
