#!/bin/sh
# Regenerate the update-behaviour data (tools/updaterules/cfn.json, tf.json) from its sources.
# See README.md ("Regenerating") for where the two external inputs come from.
#
#   CFN_DOCS_DIR  doc_source/ of github.com/awsdocs/aws-cloudformation-user-guide at commit
#                 6c68a17aef7f0ccd1f6786f19da341d8c92737e7
#   TF_SRC_DIR    the directory fetch_tf_sources.py builds (provider v6.58.0)
#
# Either may be left unset: the step that needs it is skipped and the committed
# sources/*.json extract is used as is.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
node dump_cdk.js scope.json sources/cdk.json
schemas=$(python3 -c 'import cfnlint, os; print(os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas"))')
python3 extract_registry.py "$schemas" scope.json sources/cfn_registry.json
if [ -n "${CFN_DOCS_DIR:-}" ]; then
    python3 extract_cfn_docs.py "$CFN_DOCS_DIR" scope.json sources/cfn_docs.json
fi
if [ -n "${TF_SRC_DIR:-}" ]; then
    python3 extract_tf.py "$TF_SRC_DIR" scope.json sources/tf_schema.json
fi
python3 gen_cfn.py
python3 gen_tf.py
python3 check_coverage.py
