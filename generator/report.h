/* report.h - two more targets for people, not for AWS: a diagram and a review table.
 *
 * Both are read off the plan (what exists and what connects to what: subnets and their AZs,
 * route tables and their routes, security group rules, where each instance lives) and the
 * model (scalar facts: engine, versions, classes, access mode). They decide nothing: every
 * rule about what exists was applied by the plan, so a report can never disagree with the
 * CloudFormation or Terraform output. Output is deterministic: plan order throughout.
 *
 *   report_dot      Graphviz (dot) digraph: VPC > AZ > subnet clusters, gateways, routes,
 *                   the bastion, the database and who may reach it     (emit_dot.c)
 *   report_summary  plain ASCII tables for a pull request review        (emit_summary.c)
 */
#ifndef VPCGEN_REPORT_H
#define VPCGEN_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"

/* Graphviz diagram of the stack. malloc'd NUL-terminated text; caller frees. Sets *len to
 * its length. NULL on allocation failure. */
char *report_dot(const plan *p, size_t *len);

/* Plain-text review table. malloc'd NUL-terminated text; caller frees. Sets *len to its
 * length. NULL on allocation failure. */
char *report_summary(const plan *p, size_t *len);

/* ---- plan queries both reports share (defined in emit_summary.c) ------------------------ */

enum { REPORT_AZ_LABEL = 32 };

/* The resource that r's value key refers to, or NULL when key is absent or not a reference
 * (borrowed, owned by the plan). */
const resource *report_ref(const resource *r, const char *key);
/* True when r's list value key holds a reference to target ("security_groups", "subnets"). */
bool report_lists(const resource *r, const char *key, const resource *target);
/* The tier of a subnet, or -1 (the plan's typed fact). */
int report_tier(const resource *subnet);
/* The AZ slot a resource lives in (a subnet, a NAT gateway, the bastion, a database instance
 * placed in an AZ), or -1: it spans AZs or AWS places it (the plan's typed fact). */
int report_az_of(const plan *p, const resource *r);
/* The AZ's name ("eu-west-1a"), or "AZ 1".. when the spec gave a count; written into buf
 * (REPORT_AZ_LABEL bytes). Returns buf. */
const char *report_az_label(const plan *p, int slot, char *buf);
/* The subnet an instance lives in: a NAT gateway's or the bastion's, a database instance's
 * in its AZ; NULL when it spans AZs (a Multi-AZ primary), AWS places it (a single-AZ primary
 * of the 2026-11 defaults) or it is not placed in a subnet (the plan's typed fact). */
const resource *report_home(const plan *p, const resource *r);
/* The NAT a private default route goes to: a NAT gateway, or the NAT instance. */
const resource *report_nat_of(const resource *route);
/* The bastion's access mode as the spec writes it ("ssm", "ssh", "eice"). */
const char *report_access(bastion_access access);
/* A rule's protocol and port, "tcp/5432" ("all" for protocol -1), into buf of n bytes. */
const char *report_port(const resource *rule, char *buf, size_t n);

#endif
