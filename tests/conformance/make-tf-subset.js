#!/usr/bin/env node
// make-tf-subset.js -- regenerate terraform-aws-subset.schema.json, the provider schema that
// tf-check.js reads.
//
// usage: node tests/conformance/make-tf-subset.js FULL-SCHEMA.json [OUT.json]
//   FULL-SCHEMA.json  the hashicorp/aws provider schema in the JSON format of
//                     `terraform providers schema -json` (see PROVENANCE.md for where the
//                     project's copy comes from and its sha256)
//   OUT.json          default: terraform-aws-subset.schema.json beside this script
//
// What it does, and nothing else:
//   * keeps the `provider` schema of hashicorp/aws and only the resource and data source types
//     listed below (the ones vpcgen emits, plus a few it plausibly will);
//   * marks write-only arguments with "write_only": true, as `terraform providers schema -json`
//     does since Terraform 1.11. The input records no such flag, so the mark is derived from
//     the provider's naming convention: an argument named *_wo that can be set (optional or
//     required, not computed). Every such argument of hashicorp/aws 6.25.0 is write-only.
//   * adds the hand-written schema of hashicorp/random's ephemeral resource `random_password`
//     (RANDOM below), transcribed from that provider's documentation (3.7.x);
//   * copies the input's x_provenance and adds the sha256 of the input and what was kept.
// The output is deterministic (keys sorted), so a regeneration diff shows real changes only.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const RESOURCES = [
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_db_instance',
  'aws_db_option_group',
  'aws_db_parameter_group',
  'aws_db_subnet_group',
  'aws_default_network_acl',
  'aws_default_route_table',
  'aws_default_security_group',
  'aws_ec2_instance_connect_endpoint',
  'aws_egress_only_internet_gateway',
  'aws_eip',
  'aws_eip_association',
  'aws_flow_log',
  'aws_iam_instance_profile',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_instance',
  'aws_internet_gateway',
  'aws_kms_alias',
  'aws_kms_key',
  'aws_kms_key_policy',
  'aws_lambda_function',
  'aws_lambda_permission',
  'aws_launch_template',
  'aws_nat_gateway',
  'aws_network_interface',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_rds_cluster_parameter_group',
  'aws_route',
  'aws_route_table',
  'aws_route_table_association',
  'aws_secretsmanager_secret',
  'aws_secretsmanager_secret_rotation',
  'aws_secretsmanager_secret_version',
  'aws_security_group',
  'aws_serverlessapplicationrepository_cloudformation_stack',
  'aws_subnet',
  'aws_vpc',
  'aws_vpc_endpoint',
  'aws_vpc_endpoint_route_table_association',
  'aws_vpc_endpoint_subnet_association',
  'aws_vpc_ipv6_cidr_block_association',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
];
const DATA_SOURCES = [
  'aws_ami',
  'aws_availability_zones',
  'aws_caller_identity',
  'aws_ec2_instance_type',
  'aws_iam_policy_document',
  'aws_partition',
  'aws_region',
  'aws_ssm_parameter',
  'aws_vpc_endpoint_service',
];

// hashicorp/random >= 3.7.0, ephemeral resource random_password. Hand-written from the
// provider's documentation (docs/ephemeral-resources/password.md, "Schema" section, generated
// by tfplugindocs) and its CHANGELOG (the ephemeral resource first appears in 3.7.0).
// Optional arguments with a documented default are optional+computed in a real dump; that
// makes no difference to tf-check.js.
const RANDOM = {
  provider: { version: 0, block: {} },
  ephemeral_resource_schemas: {
    random_password: {
      version: 0,
      block: {
        attributes: {
          length: { type: 'number', required: true },
          lower: { type: 'bool', optional: true, computed: true },
          min_lower: { type: 'number', optional: true, computed: true },
          min_numeric: { type: 'number', optional: true, computed: true },
          min_special: { type: 'number', optional: true, computed: true },
          min_upper: { type: 'number', optional: true, computed: true },
          numeric: { type: 'bool', optional: true, computed: true },
          override_special: { type: 'string', optional: true },
          special: { type: 'bool', optional: true, computed: true },
          upper: { type: 'bool', optional: true, computed: true },
          bcrypt_hash: { type: 'string', computed: true, sensitive: true },
          result: { type: 'string', computed: true, sensitive: true },
        },
      },
    },
  },
};
const RANDOM_PROVENANCE = {
  provider: 'registry.terraform.io/hashicorp/random',
  min_version: '3.7.0',
  hand_written: true,
  from: 'terraform-provider-random docs/ephemeral-resources/password.md (Schema) and CHANGELOG.md 3.7.0',
};

function main() {
  const [input, output0] = process.argv.slice(2);
  if (!input) {
    process.stderr.write('usage: node make-tf-subset.js FULL-SCHEMA.json [OUT.json]\n');
    process.exit(2);
  }
  const output = output0 || path.join(__dirname, 'terraform-aws-subset.schema.json');
  let raw, full;
  try {
    raw = fs.readFileSync(input);
    full = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    process.stderr.write(`make-tf-subset: ${input}: ${e.message}\n`);
    process.exit(2);
  }
  const AWS = 'registry.terraform.io/hashicorp/aws';
  const aws = full.provider_schemas && full.provider_schemas[AWS];
  if (!aws) {
    process.stderr.write(`make-tf-subset: ${input} has no ${AWS} schema\n`);
    process.exit(2);
  }
  const pick = (all, names, what) => {
    const out = {};
    for (const n of names) {
      if (!all[n]) {
        process.stderr.write(`make-tf-subset: ${what} ${n} is not in ${input}\n`);
        process.exit(1);
      }
      out[n] = markWriteOnly(JSON.parse(JSON.stringify(all[n])));
    }
    return out;
  };
  function markWriteOnly(schema) {
    const walk = (block, prefix) => {
      for (const [name, a] of Object.entries(block.attributes || {})) {
        if (/_wo$/.test(name) && (a.optional || a.required) && !a.computed) {
          a.write_only = true;
        }
        if (a.nested_type) walk(a.nested_type, `${prefix}${name}.`);
      }
      for (const [name, bt] of Object.entries(block.block_types || {})) walk(bt.block, `${prefix}${name}.`);
    };
    walk(schema.block, '');
    return schema;
  }
  const subset = {
    format_version: full.format_version || '1.0',
    provider_schemas: {
      [AWS]: {
        provider: aws.provider,
        resource_schemas: pick(aws.resource_schemas || {}, RESOURCES, 'resource'),
        data_source_schemas: pick(aws.data_source_schemas || {}, DATA_SOURCES, 'data source'),
      },
      'registry.terraform.io/hashicorp/random': RANDOM,
    },
    x_provenance: {
      ...(full.x_provenance || {}),
      subset: {
        made_by: 'tests/conformance/make-tf-subset.js',
        source_file: path.basename(input),
        source_sha256: crypto.createHash('sha256').update(raw).digest('hex'),
        resources: RESOURCES.length,
        data_sources: DATA_SOURCES.length,
        write_only_marked_by_name: true,
        hand_written: [RANDOM_PROVENANCE],
      },
    },
  };
  // record which arguments were marked, for review in a diff
  subset.x_provenance.subset.write_only_arguments = [];
  for (const [t, s] of Object.entries(subset.provider_schemas[AWS].resource_schemas)) {
    const walk = (block, prefix) => {
      for (const [n, a] of Object.entries(block.attributes || {})) if (a.write_only) subset.x_provenance.subset.write_only_arguments.push(`${t}.${prefix}${n}`);
      for (const [n, bt] of Object.entries(block.block_types || {})) walk(bt.block, `${prefix}${n}.`);
    };
    walk(s.block, '');
  }
  const sorted = (v) => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      const o = {};
      for (const k of Object.keys(v).sort()) o[k] = sorted(v[k]);
      return o;
    }
    return v;
  };
  const text = JSON.stringify(sorted(subset), null, 1) + '\n';
  const tmp = `${output}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, output);
  process.stdout.write(`${output}: ${RESOURCES.length} resource types, ${DATA_SOURCES.length} data sources, ` +
    `${subset.x_provenance.subset.write_only_arguments.length} write-only arguments marked, ${text.length} bytes\n`);
}

main();
